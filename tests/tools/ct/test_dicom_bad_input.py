"""Bad input made from real files: each bad file is skipped with its reason, the rest opens."""

import shutil

import numpy as np
import pydicom
import pytest
from pydicom.encaps import encapsulate
from pydicom.uid import UID

from cvlab.tools.ct.dicom_load import load_series_with_report, open_dicom
from cvlab.tools.ct.dicom_scan import scan_paths
from cvlab.tools.ct.load_report import DicomLoadError

MPEG2 = "1.2.840.10008.1.2.4.100"


@pytest.fixture()
def chest_files(test_data):
    return sorted((test_data / "ct" / "chest_ct_axial").iterdir())


def _truncate(source, target):
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])


def _without_pixel_data(source, target):
    ds = pydicom.dcmread(source)
    del ds.PixelData
    ds.save_as(target)


def _unsupported_syntax(source, target):
    ds = pydicom.dcmread(source)
    ds.file_meta.TransferSyntaxUID = UID(MPEG2)
    ds.PixelData = encapsulate([ds.PixelData])  # framed as compressed data would be
    ds["PixelData"].VR = "OB"
    ds.save_as(target)


def _other_size(source, target):
    ds = pydicom.dcmread(source)
    cropped = ds.pixel_array[:100, :100].copy()
    ds.Rows = ds.Columns = 100
    ds.PixelData = cropped.tobytes()
    ds.save_as(target)


def _reasons(skipped):
    return {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}


def test_mixed_folder_opens_what_is_readable(chest_files, tmp_path):
    good = chest_files[:6]
    for path in good:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "readme.txt").write_text("these are CT slices")
    _truncate(chest_files[6], tmp_path / "truncated.dcm")
    _without_pixel_data(chest_files[7], tmp_path / "no_pixels.dcm")
    _unsupported_syntax(chest_files[8], tmp_path / "mpeg2.dcm")
    _other_size(chest_files[9], tmp_path / "small.dcm")

    result = open_dicom(tmp_path)
    report = result.report
    assert report.loaded == 6
    reasons = _reasons(report.skipped)
    assert set(reasons) == {"readme.txt", "truncated.dcm", "no_pixels.dcm", "mpeg2.dcm",
                            "small.dcm"}
    assert reasons["readme.txt"] == "not a DICOM file"
    assert reasons["truncated.dcm"].startswith("truncated: pixel data has")
    assert reasons["no_pixels.dcm"] == "no pixel data (PixelData element missing)"
    assert reasons["mpeg2.dcm"].startswith("unsupported transfer syntax: MPEG2")
    assert reasons["small.dcm"].startswith("different image size: 100×100")
    reference = np.stack([pydicom.dcmread(p).pixel_array.astype(int) - 1024 for p in good])
    np.testing.assert_array_equal(result.volume.voxels, reference)
    assert result.volume.spacing[0] == pytest.approx(1.5)
    assert any("5 file(s) skipped" in w for w in result.volume.warnings)


def test_a_gap_left_by_a_failed_slice_is_reported(chest_files, tmp_path):
    for path in chest_files[:5]:
        shutil.copy(path, tmp_path / path.name)
    _unsupported_syntax(chest_files[2], tmp_path / chest_files[2].name)  # the middle one
    series = scan_paths(tmp_path).largest()
    assert series.image_count == 5  # the header is fine; only decoding fails
    result = load_series_with_report(series)
    assert result.report.loaded == 4
    assert _reasons(result.report.skipped)[chest_files[2].name].startswith(
        "unsupported transfer syntax")
    assert any("gap of 3.0 mm between slices 2 and 3 (median spacing 1.5 mm)" in w
               for w in result.report.warnings), result.report.warnings


def test_files_damaged_after_the_scan_are_skipped_at_load(chest_files, tmp_path):
    for path in chest_files[:4]:
        shutil.copy(path, tmp_path / path.name)
    series = scan_paths(tmp_path).largest()
    _truncate(chest_files[1], tmp_path / chest_files[1].name)
    (tmp_path / chest_files[3].name).unlink()
    result = load_series_with_report(series)
    reasons = _reasons(result.report.skipped)
    assert result.report.loaded == 2
    assert reasons[chest_files[1].name].startswith("truncated: pixel data has")
    assert reasons[chest_files[3].name].startswith("unreadable")


def test_nothing_loadable_raises_a_clear_error(chest_files, tmp_path):
    (tmp_path / "a.txt").write_text("hello")
    (tmp_path / "b.bin").write_bytes(bytes(1000))
    _truncate(chest_files[0], tmp_path / "half.dcm")
    with pytest.raises(DicomLoadError) as caught:
        open_dicom(tmp_path)
    message = str(caught.value)
    assert str(tmp_path) in message
    assert "2× not a DICOM file" in message and "1× truncated" in message
    assert len(caught.value.skipped) == 3
    # The status line's sentence names the folder, not its whole path.
    headline = caught.value.headline
    assert headline.startswith(f"No loadable DICOM image in {tmp_path.name}: 2× not a DICOM")
    assert str(tmp_path) not in headline


def test_empty_folder_and_unloadable_series_raise(chest_files, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(DicomLoadError, match="no files found"):
        open_dicom(tmp_path / "empty")
    (tmp_path / "bad").mkdir()
    _unsupported_syntax(chest_files[0], tmp_path / "bad" / "x.dcm")
    series = scan_paths(tmp_path / "bad").largest()
    with pytest.raises(DicomLoadError) as caught:
        load_series_with_report(series)
    assert "bad" in str(caught.value) and "MPEG2" in str(caught.value)


def _forged(source, target, **attributes):
    ds = pydicom.dcmread(source)
    for name, value in attributes.items():
        setattr(ds, name, value)
    ds.save_as(target)


def _check_one_forged_slice_is_skipped(chest_files, tmp_path, attributes, reason):
    """Three good slices and IM0004.dcm forged with ``attributes``: the scan skips IM0004
    with ``reason`` in its sentence, and the good slices still make a series."""
    folder = tmp_path / "series"
    folder.mkdir()
    for source in chest_files[:3]:
        shutil.copy(source, folder / source.name)
    _forged(chest_files[3], folder / "IM0004.dcm", **attributes)
    scan = scan_paths(folder)
    [skipped] = [s for s in scan.skipped if s.path.endswith("IM0004.dcm")]
    assert reason in skipped.reason
    assert sum(len(series.images) for series in scan.series) == 3


@pytest.mark.parametrize("attributes, reason", [
    ({"NumberOfFrames": 2_000_000_000}, "NumberOfFrames is 2000000000, more than the file"),
    ({"Rows": 65535, "Columns": 65535, "PixelData": b"\0\0"},
     "pixel data has 2 bytes, but Rows × Columns × frames declare"),
    ({"Rows": 0}, "Rows × Columns is 0 ×"),
    ({"BitsAllocated": 0}, "BitsAllocated is 0"),
    ({"BitsStored": 20}, "BitsStored is 20, but BitsAllocated is 16"),
    ({"SamplesPerPixel": 0}, "SamplesPerPixel is 0"),
])
def test_declared_sizes_the_file_cannot_hold_are_refused_before_anything_is_built(
        chest_files, tmp_path, attributes, reason):
    # A forged header must cost nothing: before, 2e9 frames meant 2e9 frame records (9.9 GB)
    # and 65535² meant a 24 GiB allocation.
    _check_one_forged_slice_is_skipped(chest_files, tmp_path, attributes, reason)


@pytest.mark.parametrize("attributes, reason", [
    ({"PixelSpacing": [0, 0]}, "PixelSpacing is 0 \\ 0 mm"),
    ({"PixelSpacing": [-0.7, 0.7]}, "PixelSpacing is -0.7 \\ 0.7 mm"),
    ({"PixelSpacing": ["nan", "nan"]}, "PixelSpacing is nan"),
    ({"RescaleSlope": 0}, "RescaleSlope is 0"),
    ({"RescaleSlope": "nan"}, "RescaleSlope is nan"),
    ({"RescaleIntercept": "inf"}, "RescaleIntercept is inf"),
    ({"PixelSpacing": [1e-6, 1e-6]},
     "PixelSpacing is 1e-06 \\ 1e-06 mm, outside the 0.001–50 mm of any real image"),
    ({"PixelSpacing": [0.7, 1e6]}, "PixelSpacing is 0.7 \\ 1e+06 mm, outside the 0.001–50"),
    ({"ImagePositionPatient": [0, "nan", 0]}, "ImagePositionPatient is 0 \\ nan \\ 0"),
    ({"ImageOrientationPatient": [1, 0, 0, 0, "inf", 0]},
     "ImageOrientationPatient is 1 \\ 0 \\ 0 \\ 0 \\ inf \\ 0"),
])
def test_geometry_and_rescale_that_would_give_wrong_pixels_are_named(chest_files, tmp_path,
                                                                    attributes, reason):
    _check_one_forged_slice_is_skipped(chest_files, tmp_path, attributes, reason)


def test_the_viewers_load_job_warns_of_files_the_scan_skipped(chest_files, tmp_path):
    """The CT tab scans, then loads the series: a file skipped by the scan is in the
    volume's warnings (which the tab shows) as it is when open_dicom does both."""
    from cvlab.core.jobs import JobContext
    from cvlab.tools.ct.jobs import load_job

    for path in chest_files[:3]:
        shutil.copy(path, tmp_path / path.name)
    _forged(chest_files[3], tmp_path / "IM0004.dcm", PixelSpacing=[0, 0])
    scan = scan_paths(tmp_path)
    result = load_job(JobContext.local("ct"), scan.largest(), scan.skipped)
    assert result.report.loaded == 3
    assert result.volume.warnings == open_dicom(tmp_path).volume.warnings
    assert "1 file(s) skipped (1× PixelSpacing is 0" in result.volume.warnings[-1]


def test_rescale_and_spacing_of_enhanced_ct_frames_are_checked_too(test_data, tmp_path):
    # Enhanced CT keeps them in functional groups, which the root-level check never saw.
    source = test_data / "ct" / "pydicom" / "eCT_Supplemental.dcm"
    for where, name, value, reason in [
            ("PixelValueTransformationSequence", "RescaleSlope", 0, "RescaleSlope is 0 in "
             "frame 1"),
            ("PixelMeasuresSequence", "PixelSpacing", [1e-6, 1e-6], "PixelSpacing is 1e-06")]:
        ds = pydicom.dcmread(source)
        for groups in ("SharedFunctionalGroupsSequence", "PerFrameFunctionalGroupsSequence"):
            for item in ds.get(groups) or []:
                if where in item:
                    setattr(item[where][0], name, value)
        ds.save_as(tmp_path / "forged.dcm")
        [skipped] = scan_paths(tmp_path / "forged.dcm").skipped
        assert reason in skipped.reason


def test_number_fields_that_are_not_numbers_never_reach_int(chest_files, tmp_path):
    # An IS of "nan" or "1e999" once raised out of the scan: int() of NaN and of infinity.
    # pydicom will not write such an IS, so a placeholder is replaced in the file's bytes.
    for k, value in enumerate([b"nan     ", b"1e999   "]):
        _forged(chest_files[k], tmp_path / f"IM{k}.dcm", InstanceNumber="12345678",
                NumberOfFrames="12345678")
        path = tmp_path / f"IM{k}.dcm"
        path.write_bytes(path.read_bytes().replace(b"12345678", value))
    scan = scan_paths(tmp_path)
    assert scan.skipped == []
    assert [image.instance_number for image in scan.series[0].images] == [None, None]
