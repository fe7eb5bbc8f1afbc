from pathlib import Path

import numpy as np
import pydicom
import pytest

from cvlab.tools.ct.lungs import LEFT_LUNG, RIGHT_LUNG, SegmentationCancelled, segment_lungs
from cvlab.tools.ct.phantom import make_thorax_phantom_with_labels, true_lung_volumes_ml
from cvlab.tools.ct.volume import SliceInfo, Volume

PNG_DIR = Path("/tmp/cvlab_lung_tests")


def _read_series(folder) -> Volume:
    """Minimal series reader for these tests (the app's loader is dicom_load.py).

    Slices are sorted by ImagePositionPatient projected on the normal of
    ImageOrientationPatient, and RescaleSlope/Intercept give HU.
    """
    datasets = [pydicom.dcmread(p) for p in sorted(Path(folder).iterdir()) if p.is_file()]
    iop = np.array(datasets[0].ImageOrientationPatient, float)
    row_cosine, col_cosine = iop[:3], iop[3:]
    normal = np.cross(row_cosine, col_cosine)
    datasets.sort(key=lambda ds: float(np.array(ds.ImagePositionPatient, float) @ normal))
    positions = np.array([np.array(ds.ImagePositionPatient, float) for ds in datasets])
    step = float(np.median(np.diff(positions @ normal))) if len(datasets) > 1 else float(
        datasets[0].SliceThickness)
    hu = np.stack([ds.pixel_array * float(getattr(ds, "RescaleSlope", 1))
                   + float(getattr(ds, "RescaleIntercept", 0)) for ds in datasets])
    row_mm, col_mm = (float(v) for v in datasets[0].PixelSpacing)
    return Volume(voxels=np.rint(hu).astype(np.int16), spacing=(step, row_mm, col_mm),
                  origin=positions[0], row_cosine=row_cosine, col_cosine=col_cosine,
                  slice_normal=normal,
                  slices=[SliceInfo(path=str(ds.filename), instance_number=int(ds.InstanceNumber),
                                    position=tuple(p)) for ds, p in zip(datasets, positions)])


def _save_overlay(volume, labels, slices, name):
    """Lung-window slices with the right lung red and the left blue, side by side."""
    from PIL import Image

    tiles = []
    for k in slices:
        grey = np.clip((volume.voxels[k].astype(float) + 1350) / 1500, 0, 1) * 255
        rgb = np.stack([grey] * 3, axis=-1)
        for label, color in ((RIGHT_LUNG, (255, 0, 0)), (LEFT_LUNG, (0, 0, 255))):
            rgb[labels[k] == label] = 0.5 * rgb[labels[k] == label] + 0.5 * np.array(color)
        tiles.append(rgb.astype(np.uint8))
    PNG_DIR.mkdir(exist_ok=True)
    Image.fromarray(np.concatenate(tiles, axis=1)).save(PNG_DIR / name)


def _mean_x(volume, mask):
    k, i, j = np.argwhere(mask).mean(axis=0)
    return float(volume.index_to_patient(k, i, j)[0])


@pytest.fixture(scope="module")
def phantom():
    return make_thorax_phantom_with_labels()


@pytest.fixture(scope="module")
def phantom_lungs(phantom):
    return segment_lungs(phantom[0])


@pytest.fixture(scope="module")
def chest(test_data):
    volume = _read_series(test_data / "ct" / "chest_ct_axial")
    return volume, segment_lungs(volume)


def test_phantom_lung_volumes_within_ten_percent(phantom, phantom_lungs):
    volume, _, labels = phantom
    true_right, true_left = true_lung_volumes_ml(labels, volume.spacing)
    print(f"phantom lungs: right {phantom_lungs.right_volume_ml:.1f} mL (true {true_right:.1f}),"
          f" left {phantom_lungs.left_volume_ml:.1f} mL (true {true_left:.1f})")
    assert phantom_lungs.right_volume_ml == pytest.approx(true_right, rel=0.10)
    assert phantom_lungs.left_volume_ml == pytest.approx(true_left, rel=0.10)
    # Overlap with the truth, lung by lung (Dice), not only the totals.
    for label, truth in ((RIGHT_LUNG, 2), (LEFT_LUNG, 3)):
        found, true = phantom_lungs.labels == label, labels == truth
        dice = 2 * (found & true).sum() / (found.sum() + true.sum())
        assert dice > 0.95, (label, dice)
    assert phantom_lungs.labels.shape == volume.shape
    assert phantom_lungs.total_volume_ml == pytest.approx(
        phantom_lungs.right_volume_ml + phantom_lungs.left_volume_ml)


def test_phantom_trachea_out_nodules_and_vessels_in(phantom, phantom_lungs):
    volume, nodules, labels = phantom
    seg = phantom_lungs.labels
    assert phantom_lungs.airway_voxels > 5000
    assert not seg[labels == 5].any() or (seg[labels == 5] > 0).mean() < 0.02   # AIRWAY
    assert seg[-1, 78, 96] == 0 and seg[95, 78, 96] == 0       # trachea above the carina
    for nodule in nodules:            # juxtapleural ones too: closing keeps them in the lung
        k, i, j = (int(round(c)) for c in nodule.centre_index)
        expected = RIGHT_LUNG if nodule.lung == "right" else LEFT_LUNG
        assert seg[k, i, j] == expected, nodule
    lung_truth = np.isin(labels, (2, 3))
    vessels = lung_truth & (volume.voxels > -200)
    assert (seg[vessels] > 0).mean() > 0.97


def test_left_and_right_follow_direction_cosines_not_array_order(phantom):
    volume = phantom[0]
    # The same patient stored with columns running to the patient's right.
    mirrored = Volume(voxels=volume.voxels[:, :, ::-1].copy(), spacing=volume.spacing,
                      origin=volume.index_to_patient(0, 0, volume.shape[2] - 1),
                      row_cosine=-volume.row_cosine, col_cosine=volume.col_cosine,
                      slice_normal=volume.slice_normal)
    seg = segment_lungs(mirrored)
    assert (_mean_x(mirrored, seg.labels == RIGHT_LUNG) < 0
            < _mean_x(mirrored, seg.labels == LEFT_LUNG))
    # In array order the right lung is now on the high-column side.
    assert np.argwhere(seg.labels == RIGHT_LUNG)[:, 2].mean() > volume.shape[2] / 2


def test_progress_and_cancel(phantom):
    seen = []
    segment_lungs(phantom[0], progress=lambda f, text: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(SegmentationCancelled):
        segment_lungs(phantom[0], cancelled=lambda: True)


def test_rgb_is_refused():
    rgb = Volume(voxels=np.zeros((2, 4, 4, 3), np.uint8), spacing=(1, 1, 1),
                 origin=np.zeros(3), row_cosine=np.array([1.0, 0, 0]),
                 col_cosine=np.array([0, 1.0, 0]), slice_normal=np.array([0, 0, 1.0]),
                 is_rgb=True)
    with pytest.raises(ValueError):
        segment_lungs(rgb)


def test_real_chest_ct_two_lungs_right_on_patient_right(chest):
    volume, lungs = chest
    print(f"chest CT lungs: right {lungs.right_volume_ml:.0f} mL, "
          f"left {lungs.left_volume_ml:.0f} mL, warnings {lungs.warnings}")
    _save_overlay(volume, lungs.labels, [30, 60, 90, 120, 150, 170], "chest_lungs.png")
    right, left = lungs.labels == RIGHT_LUNG, lungs.labels == LEFT_LUNG
    assert _mean_x(volume, right) < _mean_x(volume, left)
    # Both lungs lie fully in the scan (checked on the saved overlays): an adult's
    # 2.4 L right and 1.75 L left lung; the right is the larger one, as usual.
    assert 2000 < lungs.right_volume_ml < 2900
    assert 1400 < lungs.left_volume_ml < 2200
    assert lungs.right_volume_ml > lungs.left_volume_ml
    from scipy import ndimage
    for mask in (right, left):
        _, parts = ndimage.label(mask)
        assert parts == 1
    # The trachea (a dark tube at the top, centre front) is not lung.
    assert volume.voxels[170, 71, 120] < -900 and lungs.labels[170, 71, 120] == 0
    # Lung tissue sits on both sides in a mid-chest slice; the heart does not.
    assert lungs.labels[90].any() and (volume.voxels[90][lungs.labels[90] > 0] < -500).mean() > 0.85
