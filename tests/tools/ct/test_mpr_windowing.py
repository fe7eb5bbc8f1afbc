import json

import numpy as np
import pytest

from cvlab.tools.ct.mpr import obliquity_warning, reformatter
from cvlab.tools.ct.volume import Volume
from cvlab.tools.ct.windowing import apply_window, load_presets, window_bounds, window_from_bounds


def _volume(voxels, row, col, normal, spacing=(2.0, 0.5, 0.7)):
    return Volume(voxels=voxels, spacing=spacing, origin=np.zeros(3),
                  row_cosine=np.array(row, float), col_cosine=np.array(col, float),
                  slice_normal=np.array(normal, float))


def test_axial_volume_is_canonical_as_is():
    v = np.arange(4 * 5 * 6, dtype=np.int16).reshape(4, 5, 6)
    fmt = reformatter(_volume(v, (1, 0, 0), (0, 1, 0), (0, 0, 1)))
    assert fmt.shape_zyx == (4, 5, 6)
    assert np.array_equal(fmt.slice("axial", 2), v[2])
    assert fmt.pixel_spacing("axial") == (0.5, 0.7)
    assert fmt.pixel_spacing("coronal") == (2.0, 0.7)
    # coronal/sagittal put the head at the top: row 0 is the highest z
    assert np.array_equal(fmt.slice("coronal", 1)[0], v[3, 1, :])
    assert np.array_equal(fmt.slice("sagittal", 4)[:, 0], v[::-1, 0, 4])
    assert obliquity_warning(fmt) is None


def test_coronal_acquisition_is_reformatted_in_patient_space():
    # Head CT as in shared data: IOP 1,0,0 / 0,0,-1, slices stepping along +y.
    k, i, j = 3, 4, 5
    v = np.arange(k * i * j, dtype=np.int16).reshape(k, i, j)
    fmt = reformatter(_volume(v, (1, 0, 0), (0, 0, -1), (0, 1, 0), spacing=(1.5, 0.9, 0.9)))
    assert fmt.shape_zyx == (i, k, j)
    assert fmt.spacing_zyx == (0.9, 1.5, 0.9)
    # A coronal view of the canonical volume at y=index is the acquired slice itself,
    # rows running superior→inferior just as the acquisition's rows do.
    for s in range(k):
        assert np.array_equal(fmt.slice("coronal", s), v[s])
    # The top axial slice (highest z) is the acquired row 0 of every slice.
    assert np.array_equal(fmt.slice("axial", i - 1), v[:, 0, :])
    for point in ([1, 2, 3], [0, 0, 0], [3, 1, 4]):
        kij = fmt.to_original(point)
        assert np.allclose(fmt.from_original(kij), point)
        assert fmt.canonical[tuple(point)] == v[tuple(int(x) for x in kij)]


def test_display_and_canonical_coordinates_round_trip():
    v = np.zeros((6, 7, 8), np.int16)
    fmt = reformatter(_volume(v, (1, 0, 0), (0, 1, 0), (0, 0, 1)))
    for plane in ("axial", "coronal", "sagittal"):
        zyx = fmt.to_canonical(plane, 3, 2.0, 4.0)
        index, row, col = fmt.to_display(plane, zyx)
        assert (index, row, col) == (3, 2.0, 4.0)


def test_oblique_volume_warns_with_angle():
    a = np.radians(10)
    v = np.zeros((3, 4, 4), np.int16)
    fmt = reformatter(_volume(v, (1, 0, 0), (0, np.cos(a), -np.sin(a)),
                              (0, np.sin(a), np.cos(a))))
    text = obliquity_warning(fmt)
    assert text and "10.0°" in text


def test_lung_window_maps_hu_as_dicom_defines():
    low, high = window_bounds(1500, -700)
    assert (low, high) == (-1450, 50)
    hu = np.array([-2000, -1450, -700, 50, 3000], dtype=np.int16)
    out = apply_window(hu, 1500, -700)
    assert out.dtype == np.uint8
    assert out[0] == 0 and out[1] == 0 and out[-1] == 255 and out[-2] == 255
    assert abs(int(out[2]) - 127) <= 1
    assert np.array_equal(apply_window(hu, 1500, -700, invert=True), 255 - out)
    # float volumes take the direct path and agree with the table
    assert np.abs(apply_window(hu.astype(np.float32), 1500, -700).astype(int) - out).max() <= 1


def test_window_from_typed_min_max():
    assert window_from_bounds(50, -1450) == (1500, -700)


def test_presets_are_data_and_user_file_overrides(tmp_path):
    names = {p.name: p for p in load_presets()}
    assert (names["Lung"].width, names["Lung"].level) == (1500, -700)
    assert {"Mediastinum", "Bone", "Brain", "Abdomen", "Liver"} <= set(names)
    user = tmp_path / "presets.json"
    user.write_text(json.dumps([{"name": "Lung", "width": 1600, "level": -600},
                                {"name": "Mine", "width": 10, "level": 0}]))
    names = {p.name: p for p in load_presets(user)}
    assert names["Lung"].width == 1600 and "Mine" in names


def test_label_maps_follow_the_image_through_reformatting():
    v = np.arange(3 * 4 * 5, dtype=np.int16).reshape(3, 4, 5)
    fmt = reformatter(_volume(v, (1, 0, 0), (0, 0, -1), (0, 1, 0)))
    labels = (v % 7 == 0).astype(np.uint8)
    canon_labels = fmt.reformat_array(labels)
    for plane in ("axial", "coronal", "sagittal"):
        for index in range(fmt.count(plane)):
            image = fmt.slice(plane, index)
            assert np.array_equal(fmt.slice_of(canon_labels, plane, index), image % 7 == 0)
    assert fmt.acquired_plane() == "coronal"


def test_broken_user_presets_file_keeps_the_built_in_ones(tmp_path, monkeypatch):
    bad = tmp_path / "window_presets.json"
    bad.write_text("{not json")
    monkeypatch.setenv("CVLAB_WINDOW_PRESETS", str(bad))
    assert "Lung" in {p.name for p in load_presets()}
    monkeypatch.delenv("CVLAB_WINDOW_PRESETS")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    from cvlab.tools.ct.windowing import user_presets_file

    assert user_presets_file() == tmp_path / "CVLab" / "window_presets.json"


def test_saving_a_user_preset_adds_and_replaces_by_name(tmp_path, monkeypatch):
    from cvlab.tools.ct.windowing import WindowPreset, add_user_preset

    path = tmp_path / "presets.json"
    monkeypatch.setenv("CVLAB_WINDOW_PRESETS", str(path))
    add_user_preset(WindowPreset("Nodule", 1000, -600))
    add_user_preset(WindowPreset("Nodule", 900, -550))
    add_user_preset(WindowPreset("Lung", 1600, -650))
    names = {p.name: p for p in load_presets()}
    assert (names["Nodule"].width, names["Nodule"].level) == (900, -550)
    assert names["Lung"].width == 1600
    assert len(json.loads(path.read_text())) == 2


@pytest.mark.parametrize("content, reason", [
    ('[{"name": "x", "width": "wide", "level": 40}]', "width 'wide' is not a number"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('[{"name": "x", "width": 0, "level": 40}]', "width 0 must be positive"),
    ('[{"name": "x", "width": NaN, "level": 40}]', "width nan is not a number"),
    ('{"name": "x"}', "expected a list of presets"),
    ('[{"width": 10, "level": 40}]', "preset 1 has no name"),
    ('[{"name": "x", "width": 10,', "not valid JSON (Expecting"),
])
def test_a_bad_user_presets_file_is_ignored_with_a_sentence(tmp_path, content, reason):
    from cvlab.tools.ct.windowing import load_presets_with_notice

    user = tmp_path / "window_presets.json"
    user.write_text(content)
    presets, notice = load_presets_with_notice(user)
    assert notice is not None and reason in notice and str(user) in notice
    assert [p.name for p in presets] == [p.name for p in load_presets(tmp_path / "absent")]
    user.write_bytes(b"\xff\xfe not utf-8")
    assert "not read" in load_presets_with_notice(user)[1]


def test_an_unreadable_user_presets_file_is_said_without_errno(tmp_path, monkeypatch):
    from pathlib import Path

    from cvlab.tools.ct.windowing import load_presets_with_notice

    user = tmp_path / "window_presets.json"
    user.write_text("[]")
    read_text = Path.read_text

    def refuse(self, *args, **kwargs):
        if self == user:
            raise PermissionError(13, "Permission denied", str(self))
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", refuse)
    presets, notice = load_presets_with_notice(user)
    assert notice == (f"window presets file {user} not read (Permission denied); using the "
                      "built-in presets")
    assert presets


def test_a_good_user_presets_file_adds_and_overrides_by_name(tmp_path):
    from cvlab.tools.ct.windowing import load_presets_with_notice

    user = tmp_path / "window_presets.json"
    user.write_text('[{"name": "Mine", "width": 350, "level": 50}]')
    presets, notice = load_presets_with_notice(user)
    assert notice is None
    assert [(p.width, p.level) for p in presets if p.name == "Mine"] == [(350.0, 50.0)]
