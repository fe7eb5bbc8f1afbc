"""Header scan, series grouping and slice geometry, on the real CT files."""

import shutil

import numpy as np
import pydicom
import pytest
from pydicom.fileset import FileSet

from cvlab.tools.ct.dicom_scan import ScanResult, scan_paths
from cvlab.tools.ct.geometry import order_slices, orientation_label, slice_normal
from cvlab.tools.ct.load_report import Cancelled, ScanCancelled


def _only_series(result: ScanResult):
    assert len(result.series) == 1, [s.label() for s in result.series]
    return result.series[0]


def test_chest_series_facts(test_data):
    result = scan_paths(test_data / "ct" / "chest_ct_axial")
    series = _only_series(result)
    assert result.skipped == []
    assert series.image_count == 191 and len(series.files) == 191
    # The image is 233 wide (columns, patient right→left) and 167 high (rows).
    assert (series.rows, series.columns) == (167, 233)
    assert series.pixel_spacing == (1.5, 1.5)
    assert series.slice_spacing == pytest.approx(1.5)
    assert series.orientation_label == "axial"
    assert series.modality == "CT"
    assert series.patient_id and series.header["Modality"] == "CT"
    assert series.header["SliceThickness"] == "1.5"
    assert series.warnings == []


def test_head_series_is_coronal_with_normal_along_y(test_data):
    series = _only_series(scan_paths(test_data / "ct" / "head_ct_coronal"))
    assert series.orientation_label == "coronal"
    normal = slice_normal(series.orientation)
    np.testing.assert_allclose(np.abs(normal), [0, 1, 0], atol=1e-9)
    assert series.image_count == 108
    assert series.slice_spacing == pytest.approx(1.5)
    assert (series.rows, series.columns) == (256, 256)


def test_whole_data_folder_groups_series_and_reads_enhanced_frames(test_data):
    # The two large series are links to the app's samples; a folder scan does not follow
    # links (a loop guard), so the folder's entries are passed as one list.
    result = scan_paths(sorted(p.resolve() for p in (test_data / "ct").iterdir()))
    assert result.skipped == []
    by_description = {s.description: s for s in result.series}
    assert by_description["SmartScore - Gated 0.5 sec"].image_count == 5   # CT5N
    assert by_description["Routine Brain"].image_count == 4                 # CT2
    enhanced = [s for s in result.series if s.images[0].number_of_frames == 2]
    assert len(enhanced) == 1 and enhanced[0].image_count == 2
    assert enhanced[0].slice_spacing == pytest.approx(10.0)
    assert enhanced[0].images[0].frames[0].intercept == -1024.0   # from functional groups
    rgb = [s for s in result.series if s.is_rgb]
    assert len(rgb) == 1 and rgb[0].columns == 510
    # The three 693 files are the same slice stored three ways: one series, one position.
    same_slice = [s for s in result.series if len(s.images) == 3]
    assert len(same_slice) == 1
    assert any("within 0.01 mm of another slice" in w for w in same_slice[0].warnings)
    assert result.largest().image_count == 191


def test_gap_is_reported_at_scan_time(test_data):
    series = _only_series(scan_paths(test_data / "ct" / "series_ct2_gap_16px"))
    assert any("gap of 202.5 mm between slices 1 and 2 (median spacing 1.25 mm)" in w
               for w in series.warnings), series.warnings
    assert series.slice_spacing == pytest.approx(1.25, abs=0.01)


def test_list_of_files_progress_and_cancel(test_data):
    files = sorted((test_data / "ct" / "chest_ct_axial").iterdir())[:20]
    calls = []
    result = scan_paths(files, progress=lambda f, text: calls.append((f, text)))
    assert _only_series(result).image_count == 20
    fractions = [f for f, _ in calls]
    assert len(calls) == 21 and fractions == sorted(fractions) and fractions[-1] == 1.0
    asked = []

    def cancel_after_five() -> bool:
        asked.append(1)
        return len(asked) > 5

    with pytest.raises(ScanCancelled):
        scan_paths(files, cancelled=cancel_after_five)
    assert issubclass(ScanCancelled, Cancelled) and len(asked) == 6


def test_non_dicom_and_unreadable_files_are_skipped(test_data, tmp_path):
    for source in sorted((test_data / "ct" / "chest_ct_axial").iterdir())[:3]:
        shutil.copy(source, tmp_path / source.name)
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(400))
    broken = (tmp_path / "sub" / "header_cut.dcm")
    broken.write_bytes((test_data / "ct" / "chest_ct_axial" / "CT0004.dcm").read_bytes()[:300])
    result = scan_paths(tmp_path)
    assert _only_series(result).image_count == 3
    reasons = {s.path.split("/")[-1]: s.reason for s in result.skipped}
    assert reasons["notes.txt"] == "not a DICOM file"
    assert reasons["photo.jpg"] == "not a DICOM file"
    assert reasons["header_cut.dcm"].startswith(("damaged DICOM header", "no pixel data"))
    missing = scan_paths([tmp_path / "CT0001.dcm", tmp_path / "nope.dcm"])
    assert missing.skipped[0].reason == "not found" and len(missing.series) == 1


def _write_resized(source, target, rows, columns):
    ds = pydicom.dcmread(source)
    cropped = ds.pixel_array[:rows, :columns].copy()
    ds.Rows, ds.Columns = rows, columns
    ds.PixelData = cropped.tobytes()
    ds.save_as(target)


def test_series_split_by_size_and_orientation(test_data, tmp_path):
    chest = sorted((test_data / "ct" / "chest_ct_axial").iterdir())
    for source in chest[:6]:
        shutil.copy(source, tmp_path / source.name)
    _write_resized(chest[6], tmp_path / "small.dcm", 100, 120)
    tilted = pydicom.dcmread(chest[7])
    tilted.ImageOrientationPatient = [1, 0, 0, 0, 0, -1]
    tilted.save_as(tmp_path / "turned.dcm")
    result = scan_paths(tmp_path)
    assert len(result.series) == 3
    assert len({s.uid for s in result.series}) == 1
    main = result.largest()
    assert main.image_count == 6 and main.sub_index == 0
    reasons = {s.path.split("/")[-1]: s.reason for s in main.split_off}
    assert reasons["small.dcm"].startswith("different image size: 120×100")
    assert reasons["turned.dcm"].startswith("different ImageOrientationPatient")
    labels = sorted(s.orientation_label for s in result.series)
    assert labels == ["axial", "axial", "coronal"]


def test_dicomdir_is_followed(test_data, tmp_path):
    fileset = FileSet()
    for source in sorted((test_data / "ct" / "series_ct5n_5slices_16px").iterdir()):
        fileset.add(pydicom.dcmread(source))
    fileset.write(tmp_path / "media")
    dicomdir = tmp_path / "media" / "DICOMDIR"
    series = _only_series(scan_paths(dicomdir))
    assert series.image_count == 5 and series.slice_spacing == pytest.approx(2.5)
    # A file the index lists but the media lost is reported, not fatal.
    victim = sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file()
                    and p.name != "DICOMDIR")[0]
    victim.unlink()
    result = scan_paths(dicomdir)
    assert _only_series(result).image_count == 4
    assert [s.reason for s in result.skipped] == ["listed in the DICOMDIR but missing"]


@pytest.mark.parametrize("orientation, label", [
    ([1, 0, 0, 0, 1, 0], "axial"),
    ([1, 0, 0, 0, 0, -1], "coronal"),
    ([0, 1, 0, 0, 0, -1], "sagittal"),
    ([1, 0, 0, 0, 0.98796, -0.15152], "axial"),         # 8.7° tilt is still axial
    ([1, 0, 0, 0, 0.70711, -0.70711], "oblique"),       # 45°
])
def test_orientation_labels(orientation, label):
    assert orientation_label(orientation) == label


def test_order_by_projection_reports_duplicates_uneven_and_tilt():
    normal = np.array([0.0, 0.0, 1.0])
    positions = [(0, 0, 5.0), (0, 0, 0.0), (0, 0, 2.5), (0, 0, 2.5), (0, 0, 8.0)]
    # InstanceNumbers disagree with the positions on purpose; a tie keeps the lower number.
    order = order_slices(positions, normal, [1, 5, 4, 3, 2])
    assert order.order == [1, 3, 0, 4] and order.duplicates == [2]
    assert order.spacing == pytest.approx(2.5)
    assert any("uneven slice spacing" in w for w in order.warnings)
    # Positions drifting 0.5 mm sideways per 2 mm step: a 14° gantry tilt.
    tilted = [(0, 0.5 * k, 2.0 * k) for k in range(10)]
    tilt = order_slices(tilted, normal, [None] * 10)
    assert tilt.tilt_degrees == pytest.approx(np.degrees(np.arctan(0.25)), abs=0.01)
    assert any("gantry tilt" in w and "14.0°" in w for w in tilt.warnings)
    even = order_slices([(0, 0, 1.5 * k) for k in range(5)], normal, [None] * 5)
    assert even.warnings == [] and even.spacing == pytest.approx(1.5)


def test_instance_number_fallback_warns():
    order = order_slices([None, None, None], np.array([0, 0, 1.0]), [3, 1, 2],
                         fallback_spacing=2.0)
    assert order.order == [1, 2, 0] and not order.by_position
    assert order.spacing == 2.0
    assert "ordered by InstanceNumber" in order.warnings[0]
