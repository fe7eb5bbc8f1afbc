"""`cvlab ct render | nodules` on forged copies of the real test CT: absurd spacings are
refused in one sentence before anything large is built, and whatever was left out of the
volume (files, or slices leaving gaps) is said in one stderr line."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pydicom
import pytest
from PIL import Image

from cvlab.cli import main
from cvlab.tools.ct.lungs import segment_lungs
from cvlab.tools.ct.phantom import make_thorax_phantom, write_phantom_series
from cvlab.tools.ct.render import MAX_RENDER_SIDE, square_pixel_shape
from cvlab.tools.ct.volume import Volume


@pytest.fixture()
def chest_files(test_data):
    return sorted((test_data / "ct" / "chest_ct_axial").iterdir())


def _forge(source, target, **attributes):
    ds = pydicom.dcmread(source)
    for name, value in attributes.items():
        setattr(ds, name, value)
    ds.save_as(target)


def _series(chest_files, folder, count=4, edit=None):
    """``count`` chest slices in ``folder``; ``edit(k, ds)`` may change slice k's header."""
    folder.mkdir()
    for k, source in enumerate(chest_files[:count]):
        if edit is None:
            shutil.copy(source, folder / source.name)
        else:
            ds = pydicom.dcmread(source)
            edit(k, ds)
            ds.save_as(folder / source.name)
    return folder


def _cvlab(*argv, cwd):
    done = subprocess.run([sys.executable, "-m", "cvlab", "ct", *argv], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr.splitlines()


def _run(capsys, *argv):
    code = main(["ct", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err.splitlines()


# ------------------------------------------------------------ 1. absurd spacings
def test_a_slice_with_micrometre_pixels_is_left_out_and_named(chest_files, tmp_path,
                                                              repo_root):
    # Before: this slice went in silently as 1.5 mm pixels (the volume takes the first
    # slice's spacing), and the whole chest forged so made a coronal render ask for 268 GB.
    folder = _series(chest_files, tmp_path / "series", count=3)
    _forge(chest_files[3], folder / "IM0004.dcm", PixelSpacing=[1e-6, 1e-6])
    png = tmp_path / "coronal.png"
    code, _, err = _cvlab("render", str(folder), "--plane", "coronal", "-o", str(png),
                          cwd=repo_root)
    assert code == 0
    assert err == ["cvlab ct: warning: 1 of 4 files left out (1× PixelSpacing is 1e-06 \\ "
                   "1e-06 mm, outside the 0.001–50 mm of any real image in IM0004.dcm)"]
    assert np.array(Image.open(png)).shape == (3, 233)  # 3 slices of 1.5 mm, 1.5 mm pixels


@pytest.mark.parametrize("command", ["render", "nodules"])
def test_a_series_of_absurd_pixels_is_refused_in_one_sentence(chest_files, tmp_path,
                                                              capsys, command):
    folder = _series(chest_files, tmp_path / "series",
                     edit=lambda k, ds: setattr(ds, "PixelSpacing", [1e6, 1e6]))
    extra = ["-o", str(tmp_path / "x.png")] if command == "render" else []
    code, out, err = _run(capsys, command, str(folder), *extra)
    assert code == 1 and out == ""
    assert err == [f"cvlab ct: {folder}: no loadable DICOM image (4× PixelSpacing is "
                   "1e+06 \\ 1e+06 mm, outside the 0.001–50 mm of any real image in "
                   "CT0001.dcm and 3 more)"]


def _slices_apart(step_mm):
    def edit(k, ds):
        x, y, _ = (float(v) for v in ds.ImagePositionPatient)
        ds.ImagePositionPatient = [x, y, -k * step_mm]  # exact in DS: no 16-char rounding
    return edit


@pytest.mark.parametrize("plane", ["coronal", "sagittal"])
def test_slices_a_kilometre_apart_cannot_make_a_giant_reformat(chest_files, tmp_path,
                                                               repo_root, plane):
    # Before: a 1e6 mm step between positions asked for a 2.7 million px tall picture.
    folder = _series(chest_files, tmp_path / "series", edit=_slices_apart(1e6))
    png = tmp_path / "x.png"
    code, out, err = _cvlab("render", str(folder), "--plane", plane, "-o", str(png),
                            cwd=repo_root)
    assert code == 1 and out == ""
    width = {"coronal": 233, "sagittal": 167}[plane]
    assert err == [f"cvlab ct: the {plane} view would be {width}×2666667 px with square "
                   f"pixels ({width}×4 px of 1.5 × 1e+06 mm); a render has at most 16384 px "
                   "a side and 64 MP"]
    assert not png.exists()


def test_slices_a_kilometre_apart_still_render_axially(chest_files, tmp_path, capsys):
    folder = _series(chest_files, tmp_path / "series", edit=_slices_apart(1e6))
    code, _, err = _run(capsys, "render", str(folder), "-o", str(tmp_path / "x.png"))
    assert code == 0 and err == []
    assert np.array(Image.open(tmp_path / "x.png")).shape == (167, 233)


def test_nodules_refuse_voxels_the_filters_are_not_made_for(chest_files, tmp_path, repo_root):
    # Before: sigma = 1 mm / 1e-6 mm was a Gaussian a million voxels wide (over 300 s).
    folder = _series(chest_files, tmp_path / "series", edit=_slices_apart(1e6))
    code, out, err = _cvlab("nodules", str(folder), "--json", cwd=repo_root)
    assert code == 1 and out == ""
    assert err == ["cvlab ct: lung analysis needs voxels of 0.2–20 mm; this volume's are "
                   "1e+06 × 1.5 × 1.5 mm (slice × row × column)"]


def test_slices_at_one_place_leave_one_slice_and_say_so(chest_files, tmp_path, capsys):
    folder = _series(chest_files, tmp_path / "series", edit=_slices_apart(1e-6))
    code, _, err = _run(capsys, "render", str(folder), "--plane", "coronal",
                        "-o", str(tmp_path / "x.png"))
    assert code == 0
    [line] = err
    assert line.startswith("cvlab ct: warning: 3 of 4 files left out (3× duplicate position")
    assert line.endswith(".dcm and 2 more)")
    assert np.array(Image.open(tmp_path / "x.png")).shape == (1, 233)


@pytest.mark.parametrize("thickness", ["nan", "inf", 1e9, -5])
def test_one_slice_with_an_unusable_thickness_renders_every_plane(chest_files, tmp_path,
                                                                 capsys, thickness):
    # Before: NaN reached int() ("cannot convert float NaN to integer"), inf was a
    # traceback, 1e9 mm ran out of memory and -5 mm gave a 1×1 picture.
    folder = tmp_path / "one"
    folder.mkdir()
    _forge(chest_files[0], folder / "one.dcm", SliceThickness=thickness)
    for plane in ("axial", "coronal", "sagittal"):
        png = tmp_path / f"{plane}.png"
        code, _, err = _run(capsys, "render", str(folder), "--plane", plane, "-o", str(png))
        assert code == 0 and err == []
    # Without a usable thickness the slice is taken as 1 mm deep (1.5 mm pixels).
    assert np.array(Image.open(tmp_path / "coronal.png")).shape == (1, 350)


def test_nodules_on_a_single_slice_say_why_not(chest_files, tmp_path, capsys):
    # Before: "Shape of array too small to calculate a numerical gradient, ...".
    folder = tmp_path / "one"
    folder.mkdir()
    _forge(chest_files[0], folder / "one.dcm", SliceThickness="nan")
    code, out, err = _run(capsys, "nodules", str(folder))
    assert code == 1 and out == ""
    assert err == ["cvlab ct: lung analysis needs a volume, not a single image (1 × 167 × 233 "
                   "voxels)"]


def test_square_pixel_shape_is_bounded_before_anything_is_allocated():
    with pytest.raises(ValueError, match=r"the coronal view would be 233×286500000 px"):
        square_pixel_shape((191, 233), (1.5, 1e-6), "the coronal view")
    for spacing in ((float("nan"), 1.0), (float("inf"), 1.0), (0.0, 1.0), (-1.0, 1.0)):
        with pytest.raises(ValueError, match="cannot be drawn with square pixels"):
            square_pixel_shape((10, 10), spacing)
    # At the limit, and an image that needs no resampling, whatever its size.
    assert square_pixel_shape((1, MAX_RENDER_SIDE // 2), (2.0, 1.0)) == (2, MAX_RENDER_SIDE // 2)
    assert square_pixel_shape((5, 40_000), (1.0, 1.0)) == (5, 40_000)


@pytest.mark.parametrize("spacing", [(1e-6, 1.0, 1.0), (1.0, 1e6, 1.0), (float("nan"),) * 3])
def test_lung_segmentation_refuses_out_of_range_voxels_at_once(spacing):
    eye = np.eye(3)
    volume = Volume(voxels=np.full((4, 8, 8), -1000, np.int16), spacing=spacing,
                    origin=np.zeros(3), row_cosine=eye[0], col_cosine=eye[1],
                    slice_normal=eye[2])
    with pytest.raises(ValueError, match="lung analysis needs voxels of 0.2–20 mm"):
        segment_lungs(volume)


# ------------------------------------------------------------ 2. what was left out
def _unsupported_syntax(source, target):
    ds = pydicom.dcmread(source)
    ds.file_meta.TransferSyntaxUID = pydicom.uid.UID("1.2.840.10008.1.2.4.100")  # MPEG2
    ds.PixelData = pydicom.encaps.encapsulate([ds.PixelData])
    ds["PixelData"].VR = "OB"
    ds.save_as(target)


def test_render_says_in_one_line_which_files_it_left_out_and_the_gaps(chest_files,
                                                                     tmp_path, repo_root):
    # Before: 12 files in, a picture of 8 slices out, and not a word.
    folder = _series(chest_files, tmp_path / "series", count=12)
    names = [path.name for path in chest_files[:12]]
    for name in names[3:5]:                              # caught by the header scan
        data = (folder / name).read_bytes()
        (folder / name).write_bytes(data[: len(data) // 2])
    ds = pydicom.dcmread(folder / names[7])
    del ds.PixelData
    ds.save_as(folder / names[7])
    _unsupported_syntax(chest_files[9], folder / names[9])  # only decoding fails
    png = tmp_path / "coronal.png"
    code, out, err = _cvlab("render", str(folder), "--plane", "coronal", "-o", str(png),
                            cwd=repo_root)
    assert code == 0 and "coronal slice" in out
    [line] = err
    assert line.startswith("cvlab ct: warning: 4 of 12 files left out (")
    assert "2× truncated: pixel data has" in line and "in CT0004.dcm and 1 more" in line
    assert "1× no pixel data (PixelData element missing) in CT0008.dcm" in line
    assert "1× unsupported transfer syntax: MPEG2" in line and "in CT0010.dcm" in line
    # Slices 1-3, 6-7, 9 and 11-12 are left: steps of 4.5 mm after slice 3 and of 3 mm
    # after 7 and 9, where every other step is 1.5 mm.
    assert line.endswith("the volume has 3 gaps in slice spacing (up to 4.5 mm; median "
                         "1.5 mm)")
    assert np.array(Image.open(png)).shape == (8, 233)


@pytest.fixture(scope="module")
def phantom_folder(tmp_path_factory):
    volume, _ = make_thorax_phantom()
    folder = tmp_path_factory.mktemp("phantom") / "series"
    write_phantom_series(volume, folder)
    return folder


def test_nodules_say_what_was_left_out_on_stderr_and_in_the_json(phantom_folder, tmp_path,
                                                                 capsys):
    folder = tmp_path / "series"
    shutil.copytree(phantom_folder, folder)
    last = sorted(folder.iterdir())[-1]                   # the end slice: no gap
    data = last.read_bytes()
    last.write_bytes(data[: len(data) // 2])
    code, out, err = _run(capsys, "nodules", str(folder), "--json")
    assert code == 0
    [line] = err
    assert line.startswith("cvlab ct: warning: 1 of 120 files left out (1× truncated: ")
    assert line.endswith(f"in {last.name})")
    assert line.removeprefix("cvlab ct: warning: ") in json.loads(out)["warnings"]


# ------------------------------------------------------------ 3. rescale refused
@pytest.mark.parametrize("attributes, cause", [
    ({"RescaleSlope": "nan"}, "RescaleSlope is nan (Hounsfield units need a finite, "
                              "non-zero slope)"),
    ({"RescaleIntercept": "nan"}, "RescaleIntercept is nan"),
    ({"RescaleSlope": 0}, "RescaleSlope is 0 (Hounsfield units need a finite, non-zero "
                          "slope)"),
])
def test_a_slice_with_a_broken_rescale_is_named_and_the_rest_renders(
        chest_files, tmp_path, repo_root, attributes, cause):
    folder = _series(chest_files, tmp_path / "series", count=3)
    _forge(chest_files[3], folder / "IM0004.dcm", **attributes)
    png = tmp_path / "x.png"
    code, _, err = _cvlab("render", str(folder), "-o", str(png), cwd=repo_root)
    assert code == 0
    assert err == [f"cvlab ct: warning: 1 of 4 files left out (1× {cause} in IM0004.dcm)"]
    assert np.array(Image.open(png)).shape == (167, 233)


@pytest.mark.parametrize("command", ["render", "nodules"])
@pytest.mark.parametrize("attributes, cause", [
    ({"RescaleSlope": "nan"}, "RescaleSlope is nan"),
    ({"RescaleIntercept": "nan"}, "RescaleIntercept is nan"),
    ({"RescaleSlope": 0}, "RescaleSlope is 0"),
])
def test_a_series_with_no_usable_rescale_is_refused(chest_files, tmp_path, capsys, command,
                                                    attributes, cause):
    def edit(k, ds):
        for name, value in attributes.items():
            setattr(ds, name, value)
    folder = _series(chest_files, tmp_path / "series", count=2, edit=edit)
    extra = ["-o", str(tmp_path / "x.png")] if command == "render" else []
    code, out, err = _run(capsys, command, str(folder), *extra)
    assert code == 1 and out == ""
    [line] = err
    assert line.startswith(f"cvlab ct: {folder}: no loadable DICOM image (2× {cause}")
    assert line.endswith("in CT0001.dcm and 1 more)")
