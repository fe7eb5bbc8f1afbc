import numpy as np
import pydicom
import pytest

from cvlab.tools.ct.phantom import (
    BONE,
    LEFT_LUNG,
    RIGHT_LUNG,
    make_thorax_phantom,
    make_thorax_phantom_with_labels,
    true_lung_volumes_ml,
    write_phantom_series,
)
from cvlab.tools.ct.volume import Volume


@pytest.fixture(scope="module")
def phantom():
    return make_thorax_phantom_with_labels()


def test_phantom_tissues_have_their_hu(phantom):
    volume, nodules, labels = phantom
    hu = volume.voxels
    assert volume.shape == (120, 192, 192) and hu.dtype == np.int16
    assert volume.spacing == (1.5, 0.8, 0.8)
    lung = np.isin(labels, (RIGHT_LUNG, LEFT_LUNG))
    assert -870 < np.median(hu[lung]) < -830
    # Noise: the spread of pure parenchyma (vessels and nodules excluded by the HU window).
    parenchyma = hu[lung][(hu[lung] > -950) & (hu[lung] < -750)]
    assert 18 < parenchyma.std() < 32
    assert np.median(hu[labels == BONE]) > 500
    assert hu[0, 0, 0] < -900 and -60 < np.median(hu[60, 96, 80:112]) < 100   # air; mediastinum
    assert hu[-1, 78, 96] < -900                     # trachea lumen at the top, centre front
    right_ml, left_ml = true_lung_volumes_ml(labels, volume.spacing)
    assert 200 < left_ml < right_ml < 320
    assert volume.header["PatientName"] == "Phantom^Thorax"


def test_nodule_truth_matches_the_image(phantom):
    volume, nodules, labels = phantom
    assert len(nodules) == 12
    assert {n.density for n in nodules} == {"solid", "part-solid", "ground-glass"}
    assert min(n.diameter_mm for n in nodules) == 4 and max(n.diameter_mm for n in nodules) == 20
    assert sum(n.juxtapleural for n in nodules) == 3
    for n in nodules:
        k, i, j = (int(round(c)) for c in n.centre_index)
        centre_hu = float(np.median(volume.voxels[k, i - 1:i + 2, j - 1:j + 2]))
        expected = -550 if n.density == "ground-glass" else 30
        tolerance = 200 if n.diameter_mm <= 5 else 80       # small ones are blurred more
        assert abs(centre_hu - expected) < tolerance, (n, centre_hu)
        assert np.allclose(volume.index_to_patient(*n.centre_index), n.centre_mm)
        assert labels[k, i, j] == (RIGHT_LUNG if n.lung == "right" else LEFT_LUNG)
        assert n.centre_mm[0] < 0 if n.lung == "right" else n.centre_mm[0] > 0   # LPS
        if n.juxtapleural:
            assert 0.2 * n.volume_mm3 < n.visible_volume_mm3 < 0.95 * n.volume_mm3
        else:
            assert n.visible_volume_mm3 == pytest.approx(n.volume_mm3, rel=0.05)


def test_same_seed_same_phantom_other_seed_other_vessels():
    a, _ = make_thorax_phantom(shape=(40, 96, 96), spacing=(4.5, 1.6, 1.6), seed=3)
    b, _ = make_thorax_phantom(shape=(40, 96, 96), spacing=(4.5, 1.6, 1.6), seed=3)
    c, _ = make_thorax_phantom(shape=(40, 96, 96), spacing=(4.5, 1.6, 1.6), seed=4)
    assert np.array_equal(a.voxels, b.voxels)
    assert not np.array_equal(a.voxels, c.voxels)


def test_series_round_trip_gives_the_same_hu(phantom, tmp_path):
    from tests.tools.ct.test_lungs import _read_series

    volume = phantom[0]
    files = write_phantom_series(volume, tmp_path / "series")
    assert len(files) == 120 and all(f.is_file() for f in files)
    first = pydicom.dcmread(files[0])
    assert str(first.PatientName) == "Phantom^Thorax"
    assert "synthetic" in first.StudyDescription.lower()
    assert first.Modality == "CT" and first.SOPClassUID == pydicom.uid.CTImageStorage
    assert float(first.RescaleIntercept) == -1024 and first.PixelRepresentation == 0
    assert [float(v) for v in first.PixelSpacing] == [0.8, 0.8]
    assert float(first.SliceThickness) == 1.5
    assert [float(v) for v in first.ImageOrientationPatient] == [1, 0, 0, 0, 1, 0]
    headers = [pydicom.dcmread(f, stop_before_pixels=True) for f in files]
    assert len({h.SOPInstanceUID for h in headers}) == 120
    assert len({h.SeriesInstanceUID for h in headers}) == 1
    read = _read_series(tmp_path / "series")
    assert np.array_equal(read.voxels, volume.voxels)
    assert read.spacing == pytest.approx(volume.spacing)
    assert np.allclose(read.origin, volume.origin, atol=1e-3)
    assert np.allclose(read.slice_normal, volume.slice_normal)


def test_refuses_a_non_empty_folder_and_fills_an_empty_one(tmp_path):
    tiny = Volume(voxels=np.arange(2 * 4 * 5, dtype=np.int16).reshape(2, 4, 5) - 1000,
                  spacing=(2.0, 0.5, 0.7), origin=np.array([1.0, 2.0, 3.0]),
                  row_cosine=np.array([1.0, 0, 0]), col_cosine=np.array([0, 1.0, 0]),
                  slice_normal=np.array([0, 0, 1.0]))
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        write_phantom_series(tiny, busy)
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    files = write_phantom_series(tiny, empty)
    assert sorted(p.name for p in empty.iterdir()) == ["CT0001.dcm", "CT0002.dcm"]
    second = pydicom.dcmread(files[1])
    assert [float(v) for v in second.ImagePositionPatient] == [1.0, 2.0, 5.0]
    assert np.array_equal(second.pixel_array.astype(int) - 1024, tiny.voxels[1])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]   # no leftovers
