"""Pixels → Volume on the real CT files, checked against pydicom's own decoding."""

import random
import shutil

import numpy as np
import pydicom
import pytest
from pydicom.pixels import apply_modality_lut
from pydicom.uid import RLELossless

from cvlab.tools.ct.dicom_load import load_series, load_series_with_report, open_dicom
from cvlab.tools.ct.dicom_scan import scan_paths
from cvlab.tools.ct.load_report import Cancelled, LoadCancelled


def _reference_hu(folder):
    """HU stack the plain pydicom way, sorted along the plane normal (test's own code)."""
    datasets = [pydicom.dcmread(p) for p in folder.iterdir()]
    iop = np.array(datasets[0].ImageOrientationPatient, float)
    normal = np.cross(iop[:3], iop[3:])
    datasets.sort(key=lambda ds: float(np.dot(np.array(ds.ImagePositionPatient, float), normal)))
    return np.stack([apply_modality_lut(ds.pixel_array, ds) for ds in datasets]), datasets


def _volume(path):
    return load_series(scan_paths(path).largest())


def test_chest_volume(test_data):
    folder = test_data / "ct" / "chest_ct_axial"
    volume = _volume(folder)
    assert volume.voxels.shape == (191, 167, 233) and volume.voxels.dtype == np.int16
    assert volume.spacing == (1.5, 1.5, 1.5)
    assert (int(volume.voxels.min()), int(volume.voxels.max())) == (-1024, 3343)
    reference, datasets = _reference_hu(folder)
    np.testing.assert_array_equal(volume.voxels, reference)
    np.testing.assert_allclose(volume.origin, datasets[0].ImagePositionPatient)
    np.testing.assert_allclose(volume.slice_normal, [0, 0, 1])
    assert volume.default_windows == [(400.0, 40.0), (1500.0, -600.0)]
    assert not volume.is_rgb and volume.warnings == []
    assert volume.series_uid == datasets[0].SeriesInstanceUID
    for keyword in ("PatientName", "PatientID", "StudyDate", "Modality", "SliceThickness"):
        assert volume.header[keyword] == str(datasets[0].get(keyword)), keyword
    z = [s.position[2] for s in volume.slices]
    assert np.all(np.diff(z) > 0) and len(volume.slices) == 191


def test_head_coronal_volume_steps_along_y(test_data):
    volume = _volume(test_data / "ct" / "head_ct_coronal")
    assert volume.voxels.shape == (108, 256, 256)
    np.testing.assert_allclose(volume.row_cosine, [1, 0, 0])
    np.testing.assert_allclose(volume.col_cosine, [0, 0, -1])
    np.testing.assert_allclose(volume.slice_normal, [0, 1, 0], atol=1e-12)
    y = np.array([s.position[1] for s in volume.slices])
    np.testing.assert_allclose(np.diff(y), 1.5, atol=1e-4)
    assert volume.spacing[0] == pytest.approx(1.5)
    # The volume's own geometry puts every slice where its header says it is.
    for k in (0, 50, 107):
        np.testing.assert_allclose(volume.index_to_patient(k, 0, 0), volume.slices[k].position,
                                   atol=1e-3)
    assert volume.default_windows == [(406.0, -18.0)]
    assert (int(volume.voxels.min()), int(volume.voxels.max())) == (-1024, 2986)


def test_ct5n_ordered_by_position_not_instance_number(test_data):
    folder = test_data / "ct" / "series_ct5n_5slices_16px"
    volume = _volume(folder)
    assert [s.instance_number for s in volume.slices] == [10, 9, 8, 7, 6]
    np.testing.assert_allclose([s.position[2] for s in volume.slices],
                               [-1.2375, 1.2625, 3.7625, 6.2625, 8.7625])
    assert volume.spacing[0] == pytest.approx(2.5)
    for k, info in enumerate(volume.slices):
        ds = pydicom.dcmread(info.path)
        np.testing.assert_array_equal(volume.voxels[k], ds.pixel_array.astype(int) - 1024)
    assert volume.default_windows == [(400.0, 40.0)]


def test_ct2_gap_warning(test_data):
    result = open_dicom(test_data / "ct" / "series_ct2_gap_16px")
    gap = [w for w in result.volume.warnings if w.startswith("gap of")]
    assert len(gap) == 1
    assert "gap of 202.5 mm between slices 1 and 2 (median spacing 1.25 mm)" in gap[0]
    assert result.report.warnings == result.volume.warnings
    assert result.report.loaded == 4


def test_ct_small_hu_and_no_window(test_data):
    path = test_data / "ct" / "pydicom" / "CT_small.dcm"
    volume = _volume(path)
    raw = pydicom.dcmread(path).pixel_array
    assert volume.voxels.shape == (1, 128, 128) and volume.voxels.dtype == np.int16
    np.testing.assert_array_equal(volume.voxels[0], raw.astype(int) - 1024)
    assert volume.default_windows == []
    assert volume.slices[0].instance_number == 1


def test_jpeg2000_lossless_equals_uncompressed(test_data):
    folder = test_data / "ct" / "pydicom"
    compressed = _volume(folder / "693_J2KR.dcm")
    plain = _volume(folder / "693_UNCR.dcm")
    np.testing.assert_array_equal(compressed.voxels, plain.voxels)
    assert (int(plain.voxels.min()), int(plain.voxels.max())) == (-3024, 1468)
    assert plain.default_windows == [(100.0, 40.0)]


def test_jpeg_lossless_with_two_windows(test_data):
    path = test_data / "ct" / "pydicom" / "bad_sequence.dcm"
    volume = _volume(path)
    np.testing.assert_array_equal(volume.voxels[0],
                                  pydicom.dcmread(path).pixel_array.astype(int) - 1024)
    assert volume.default_windows == [(350.0, 40.0), (1500.0, 450.0)]


def test_explicit_vr_un_loads(test_data):
    path = test_data / "ct" / "pydicom" / "explicit_VR-UN.dcm"
    volume = _volume(path)
    assert volume.voxels.shape == (1, 512, 512)
    np.testing.assert_array_equal(volume.voxels[0], pydicom.dcmread(path).pixel_array)
    np.testing.assert_allclose(volume.origin, [0, 0, -121])
    assert volume.spacing[1:] == (0.859375, 0.859375)


def test_enhanced_ct_frames_become_slices(test_data):
    path = test_data / "ct" / "pydicom" / "eCT_Supplemental.dcm"
    volume = _volume(path)
    stored = pydicom.dcmread(path).pixel_array
    assert volume.voxels.shape == (2, 512, 512) and volume.voxels.dtype == np.int16
    # IOP (-1,0,0, 0,1,0): the normal is −z, so frame 1 (z −149) comes before frame 0.
    np.testing.assert_allclose(volume.slice_normal, [0, 0, -1], atol=1e-12)
    assert [s.frame for s in volume.slices] == [1, 0]
    np.testing.assert_allclose([s.position[2] for s in volume.slices], [-149.0, -159.0])
    assert volume.spacing == pytest.approx((10.0, 0.388672, 0.388672))
    np.testing.assert_array_equal(volume.voxels[0], stored[1].astype(int) - 1024)
    np.testing.assert_array_equal(volume.voxels[1], stored[0].astype(int) - 1024)
    assert volume.default_windows == [(102.0, 49.0)]


def test_rgb_secondary_capture_is_not_rescaled(test_data):
    path = test_data / "ct" / "pydicom" / "deid_ctbrain1_SC_rgb.dcm"
    volume = _volume(path)
    assert volume.is_rgb and volume.voxels.dtype == np.uint8
    assert volume.voxels.shape == (1, 456, 510, 3)
    np.testing.assert_array_equal(volume.voxels[0], pydicom.dcmread(path).pixel_array)
    assert volume.voxels.max() == 255  # an intercept of −1024 would have made it negative
    assert volume.default_windows == []


def test_shuffled_copy_orders_identically(test_data, tmp_path):
    source = test_data / "ct" / "chest_ct_axial"
    names = [f"{n:08x}" for n in random.Random(7).sample(range(1 << 30), 191)]
    for path, name in zip(sorted(source.iterdir()), names):
        shutil.copy(path, tmp_path / name)
    original, shuffled = _volume(source), _volume(tmp_path)
    np.testing.assert_array_equal(original.voxels, shuffled.voxels)
    assert [s.position for s in original.slices] == [s.position for s in shuffled.slices]
    assert [s.instance_number for s in shuffled.slices] == list(range(1, 192))


def test_threads_do_not_change_the_result_and_progress_ends_at_one(test_data):
    series = scan_paths(test_data / "ct" / "head_ct_coronal").largest()
    fractions = []
    threaded = load_series_with_report(series, progress=lambda f, t: fractions.append(f))
    single = load_series_with_report(series, threads=1)
    np.testing.assert_array_equal(threaded.volume.voxels, single.volume.voxels)
    assert len(fractions) == 109 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    with pytest.raises(LoadCancelled):
        load_series(series, cancelled=lambda: True)
    assert issubclass(LoadCancelled, Cancelled)


def _write_variant(source, target, **changes):
    ds = pydicom.dcmread(source)
    pixels = changes.pop("pixels", None)
    for keyword, value in changes.items():
        setattr(ds, keyword, value)
    if pixels is not None:
        ds.PixelData = pixels.tobytes()
    ds.save_as(target)


def test_int16_when_it_fits_float32_when_not(test_data, tmp_path):
    source = test_data / "ct" / "pydicom" / "CT_small.dcm"
    stored = pydicom.dcmread(source).pixel_array
    (tmp_path / "half").mkdir()
    _write_variant(source, tmp_path / "half" / "a.dcm", RescaleSlope=0.5)
    half = _volume(tmp_path / "half")
    assert half.voxels.dtype == np.float32
    np.testing.assert_array_equal(half.voxels[0], stored * 0.5 - 1024)
    # Unsigned 16-bit storage could exceed int16; decided from the real values instead.
    big = np.full((128, 128), 40000, np.uint16)
    big[0, 0] = 0
    (tmp_path / "wide").mkdir()
    _write_variant(source, tmp_path / "wide" / "a.dcm", PixelRepresentation=0,
                   BitsStored=16, HighBit=15, RescaleIntercept=0, pixels=big)
    wide = _volume(tmp_path / "wide")
    assert wide.voxels.dtype == np.float32 and wide.voxels.max() == 40000.0
    (tmp_path / "fits").mkdir()
    _write_variant(source, tmp_path / "fits" / "a.dcm", PixelRepresentation=0,
                   BitsStored=16, HighBit=15, RescaleIntercept=-32768, pixels=big)
    fits = _volume(tmp_path / "fits")
    assert fits.voxels.dtype == np.int16
    assert (int(fits.voxels.min()), int(fits.voxels.max())) == (-32768, 40000 - 32768)


def test_monochrome1_is_inverted_so_high_is_bright(test_data, tmp_path):
    source = test_data / "ct" / "pydicom" / "CT_small.dcm"
    _write_variant(source, tmp_path / "m1.dcm", PhotometricInterpretation="MONOCHROME1",
                   WindowCenter=100, WindowWidth=500)
    volume = _volume(tmp_path / "m1.dcm")
    hu = pydicom.dcmread(source).pixel_array.astype(int) - 1024
    np.testing.assert_array_equal(volume.voxels[0], hu.max() + hu.min() - hu)
    assert volume.default_windows == [(500.0, hu.max() + hu.min() - 100)]
    assert any("MONOCHROME1" in w and "max + min" in w for w in volume.warnings)


def test_rle_and_multiframe_without_functional_groups(test_data, tmp_path):
    source = test_data / "ct" / "pydicom" / "CT_small.dcm"
    ds = pydicom.dcmread(source)
    ds.compress(RLELossless)
    ds.save_as(tmp_path / "rle.dcm")
    np.testing.assert_array_equal(_volume(tmp_path / "rle.dcm").voxels,
                                  _volume(source).voxels)
    stored = pydicom.dcmread(source).pixel_array
    frames = np.stack([stored, stored[::-1], stored[:, ::-1]])
    _write_variant(source, tmp_path / "multi.dcm", NumberOfFrames=3, pixels=frames)
    result = open_dicom(tmp_path / "multi.dcm")
    # One position for three frames: the first is kept, the rest are reported.
    assert result.report.loaded == 1
    assert len(result.report.skipped) == 2
    assert all(s.reason.startswith("duplicate position") for s in result.report.skipped)
