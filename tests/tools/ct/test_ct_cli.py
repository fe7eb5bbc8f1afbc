"""`cvlab ct info | render | nodules` end to end on the shared CT data and a phantom."""

import io
import json
import shutil

import numpy as np
import pydicom
import pytest
from PIL import Image

from cvlab.cli import main
from cvlab.tools.ct.cli import StepProgress
from cvlab.tools.ct.phantom import make_thorax_phantom, write_phantom_series
from cvlab.tools.ct.render import parse_window, render_plane, square_pixel_shape
from cvlab.tools.ct.volume import Volume


def run(capsys, *argv):
    code = main(["ct", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def read_png(path) -> np.ndarray:
    return np.array(Image.open(path))


# ------------------------------------------------------------------------------ info
def test_info_json_head_ct(capsys, test_data):
    code, out, err = run(capsys, "info", str(test_data / "ct" / "head_ct_coronal"), "--json")
    assert code == 0
    record = json.loads(out)
    assert len(record["series"]) == 1
    series = record["series"][0]
    assert series["images"] == 108
    assert (series["rows"], series["columns"]) == (256, 256)
    assert series["orientation"] == "coronal"
    assert series["modality"] == "CT"
    assert series["spacing_mm"]["row"] == pytest.approx(0.957, abs=1e-3)
    assert series["spacing_mm"]["slice"] == pytest.approx(1.5, abs=1e-3)
    assert series["slice_order"] == {"by_position": True, "duplicates": 0, "unplaced": 0,
                                     "gaps": [], "tilt_degrees": 0.0}
    assert record["skipped"] == []


def test_info_text_is_readable(capsys, test_data):
    code, out, _ = run(capsys, "info", str(test_data / "ct" / "head_ct_coronal"))
    assert code == 0
    assert "108 (256 rows × 256 columns)" in out
    assert "orientation  coronal" in out
    assert "ordered by position, no gaps, no duplicates" in out


def test_info_json_reports_the_gap(capsys, test_data):
    code, out, _ = run(capsys, "info", str(test_data / "ct" / "series_ct2_gap_16px"), "--json")
    assert code == 0
    series = json.loads(out)["series"][0]
    assert series["images"] == 4
    # z −99.5 then 103.0: a 202.5 mm step after the first slice.
    assert series["slice_order"]["gaps"] == [{"after_slice": 1, "step_mm": 202.5}]
    assert any("gap of 202.5 mm" in w for w in series["warnings"])


def test_info_lists_a_skipped_file_with_its_reason(capsys, test_data, tmp_path):
    shutil.copy(test_data / "ct" / "series_ct2_gap_16px" / "17106", tmp_path / "slice.dcm")
    (tmp_path / "notes.txt").write_text("not an image")
    code, out, _ = run(capsys, "info", str(tmp_path), "--json")
    assert code == 0
    record = json.loads(out)
    assert [s["images"] for s in record["series"]] == [1]
    assert record["skipped"] == [{"path": str(tmp_path / "notes.txt"),
                                  "reason": "not a DICOM file"}]


def test_info_on_nothing_loadable_fails_in_one_line(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("x")
    code, _, err = run(capsys, "info", str(tmp_path))
    assert code == 1
    assert err.strip() == f"cvlab ct: {tmp_path}: no loadable DICOM image (1× not a DICOM file)"


# ------------------------------------------------------------------------------ render
def test_render_chest_lung_window(capsys, test_data, tmp_path):
    out_png = tmp_path / "chest.png"
    code, out, err = run(capsys, "render", str(test_data / "ct" / "chest_ct_axial"),
                         "--window", "lung", "-o", str(out_png))
    assert code == 0, err
    image = read_png(out_png)
    assert image.dtype == np.uint8
    assert image.shape == (167, 233)  # 1.5 mm isotropic: no resampling
    assert "axial slice 95" in out    # the middle of 191 slices
    # Regions picked on the rendered middle slice: the right lung (image left), the left
    # lung, and the anterior chest wall. Lung parenchyma is about −816 HU here, which
    # the lung window (−1450…+50) maps to ~107; soft tissue (~−70…+20 HU) to ~235.
    right_lung, left_lung = image[60:100, 45:75], image[60:100, 160:190]
    chest_wall = image[5:15, 100:130]
    assert right_lung.mean() < 130 and left_lung.mean() < 130
    assert chest_wall.mean() > 200
    assert chest_wall.mean() - right_lung.mean() > 90


def test_window_numbers_give_the_same_image_as_the_preset(capsys, test_data, tmp_path):
    folder = str(test_data / "ct" / "chest_ct_axial")
    for name, window in (("preset.png", "LUNG"), ("numbers.png", "1500,-700")):
        code, _, err = run(capsys, "render", folder, "--window", window, "--index", "40",
                           "-o", str(tmp_path / name))
        assert code == 0, err
    by_preset, by_numbers = read_png(tmp_path / "preset.png"), read_png(tmp_path / "numbers.png")
    assert np.array_equal(by_preset, by_numbers)
    assert by_preset.std() > 20  # a real picture, not a flat one


def test_render_head_axial_has_square_pixels(capsys, test_data, tmp_path):
    folder = test_data / "ct" / "head_ct_coronal"
    first = pydicom.dcmread(folder / "IM0001.dcm", stop_before_pixels=True)
    second = pydicom.dcmread(folder / "IM0002.dcm", stop_before_pixels=True)
    column_mm = float(first.PixelSpacing[1])
    slice_mm = float(np.linalg.norm(np.subtract(second.ImagePositionPatient,
                                                first.ImagePositionPatient)))
    # Axial view of coronal slices: rows run along the 108 slices, columns along x.
    expected = (round(108 * slice_mm / column_mm), 256)
    assert expected == (169, 256)
    out_png = tmp_path / "head.png"
    code, out, err = run(capsys, "render", str(folder), "--plane", "axial", "-o", str(out_png))
    assert code == 0, err
    image = read_png(out_png)
    assert image.shape == expected
    assert image.max() == 255 and image.min() == 0  # the file's own window: air and bone


def test_bad_window_name_lists_the_presets(capsys, test_data, tmp_path):
    code, out, err = run(capsys, "render", str(test_data / "ct" / "chest_ct_axial"),
                         "--window", "lungs", "-o", str(tmp_path / "x.png"))
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("cvlab ct: unknown window 'lungs'")
    for preset in ("Lung", "Mediastinum", "Bone", "Brain", "Abdomen"):
        assert preset in err
    assert not (tmp_path / "x.png").exists()


def test_render_refuses_to_overwrite_an_input_file(capsys, test_data, tmp_path):
    source = test_data / "ct" / "series_ct5n_5slices_16px"
    for number, path in enumerate(sorted(source.iterdir())):
        shutil.copy(path, tmp_path / f"slice{number}.png")  # DICOM files, image-like names
    victim = tmp_path / "slice0.png"
    before = victim.read_bytes()
    code, _, err = run(capsys, "render", str(tmp_path), "-o", str(victim))
    assert code == 1
    assert "is the input folder or inside it" in err  # the rule of every folder command
    assert victim.read_bytes() == before


def test_render_writes_nothing_into_the_input_folder(capsys, test_data, tmp_path):
    # As cam, ocr, faces and plate: a later scan of the folder would list the PNG as skipped.
    folder = tmp_path / "series"
    shutil.copytree(test_data / "ct" / "series_ct5n_5slices_16px", folder)
    before = sorted(p.name for p in folder.iterdir())
    code, _, err = run(capsys, "render", str(folder), "-o", str(folder / "render.png"))
    assert code == 1 and err.strip().count("\n") == 0
    assert "never writes into an input folder" in err
    assert sorted(p.name for p in folder.iterdir()) == before


def test_render_index_out_of_range_says_the_valid_range(capsys, test_data, tmp_path):
    code, _, err = run(capsys, "render", str(test_data / "ct" / "chest_ct_axial"),
                       "--plane", "coronal", "--index", "500", "-o", str(tmp_path / "x.png"))
    assert code == 1
    assert "valid indices 0–166" in err  # 167 rows → 167 coronal slices


def test_render_of_several_series_uses_the_largest_and_says_so(capsys, test_data, tmp_path):
    code, out, err = run(capsys, "render", str(test_data / "ct" / "pydicom"),
                         "-o", str(tmp_path / "x.png"))
    assert code == 0, err
    assert "6 series found; using the largest" in err
    assert "1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322" in err   # CT_small's series
    assert read_png(tmp_path / "x.png").shape == (512, 512)


def test_unknown_series_uid_fails_cleanly(capsys, test_data, tmp_path):
    code, _, err = run(capsys, "render", str(test_data / "ct" / "head_ct_coronal"),
                       "--series", "1.2.3", "-o", str(tmp_path / "x.png"))
    assert code == 1
    assert "no series with UID 1.2.3" in err


# ------------------------------------------------------------------------------ engine
def _tiny_volume(voxels, spacing=(1.0, 1.0, 1.0), windows=()) -> Volume:
    eye = np.eye(3)
    return Volume(voxels=voxels, spacing=spacing, origin=np.zeros(3), row_cosine=eye[0],
                  col_cosine=eye[1], slice_normal=eye[2], default_windows=list(windows))


def test_parse_window_forms():
    volume = _tiny_volume(np.zeros((2, 4, 4), np.int16), windows=[(80, 40)])
    assert parse_window("Bone", volume) == (1800, 400)
    assert parse_window(" bone ", volume) == (1800, 400)
    assert parse_window("400,50", volume) == (400, 50)
    assert parse_window("default", volume) == (80, 40)
    with pytest.raises(ValueError, match="positive"):
        parse_window("0,40", volume)


def test_default_window_without_tags_spans_the_data():
    voxels = np.linspace(-1000, 1000, 2 * 50 * 50).reshape(2, 50, 50).astype(np.int16)
    width, level = parse_window("default", _tiny_volume(voxels))
    assert level == pytest.approx(0, abs=5)
    assert width == pytest.approx(1960, rel=0.01)  # 1st–99th percentile of −1000…1000


def test_render_plane_stretches_the_coarse_axis():
    voxels = np.zeros((10, 20, 30), np.int16)
    volume = _tiny_volume(voxels, spacing=(3.0, 1.0, 1.5))
    assert render_plane(volume, "axial", 0, 400, 40).shape == (20, 45)
    assert render_plane(volume, "coronal", 0, 400, 40).shape == (20, 30)  # 10×3 mm by 30×1.5 mm
    assert square_pixel_shape((10, 30), (3.0, 1.5)) == (20, 30)
    with pytest.raises(IndexError, match="valid indices 0–9"):
        render_plane(volume, "axial", 10, 400, 40)


def test_progress_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    quiet, loud = io.StringIO(), Terminal()
    for stream in (quiet, loud):
        progress = StepProgress(stream)
        for n in range(1, 4):
            progress(n / 10, f"Reading headers {n}/3")
        progress(0.5, "Reading slices 1/3")
    assert quiet.getvalue() == ""
    assert loud.getvalue().splitlines() == [" 10% Reading headers 1/3", " 50% Reading slices 1/3"]


# ------------------------------------------------------------------------------ nodules
@pytest.fixture(scope="module")
def phantom_folder(tmp_path_factory):
    volume, truth = make_thorax_phantom()
    folder = tmp_path_factory.mktemp("phantom") / "series"
    write_phantom_series(volume, folder)
    return folder, truth


def test_nodules_json_on_the_phantom(capsys, phantom_folder):
    folder, truth = phantom_folder
    code, out, err = run(capsys, "nodules", str(folder), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["lungs"]["right_volume_ml"] > 150 and report["lungs"]["left_volume_ml"] > 150
    assert report["count"] == len(report["rows"]) >= 8
    assert report["summary"].startswith(f"{report['count']} suspicious nodules")
    assert "not a diagnostic device" in report["disclaimer"]
    # The larger true nodules are found where the phantom put them.
    found = np.array([n["centre_mm"] for n in report["nodules"]])
    for nodule in (t for t in truth if t.diameter_mm >= 8):
        distance = np.linalg.norm(found - np.array(nodule.centre_mm), axis=1).min()
        assert distance < 4.0, f"{nodule.density} {nodule.diameter_mm} mm missed"


def test_nodules_text_has_lungs_table_summary_and_disclaimer(capsys, phantom_folder):
    code, out, _ = run(capsys, "nodules", str(phantom_folder[0]))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Right lung:") and lines[0].endswith("mL")
    assert lines[1].startswith("Left lung:")
    assert "No  image  size mm  volume mm³  density" in out
    assert "suspicious nodules:" in out
    assert lines[-1].startswith("Teaching aid only: not a diagnostic device")
