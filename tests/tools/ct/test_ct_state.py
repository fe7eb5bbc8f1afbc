"""The CT tab's state rules, without a window: no false numbers, presets that follow the
window, a new series that starts clean (issue 14, item 7)."""

from pathlib import Path

import numpy as np
import pytest

from cvlab.tools.ct.measure import Measurement
from cvlab.tools.ct.state import CTController, CTState, file_presets, matching_preset
from cvlab.tools.ct.volume import Volume
from cvlab.tools.ct.windowing import WindowPreset

PRESETS = [WindowPreset("Lung", 1500, -700), WindowPreset("Brain", 80, 40),
           WindowPreset("Abdomen", 400, 50)]


def volume(windows=(), rgb=False):
    shape = (4, 8, 8, 3) if rgb else (4, 8, 8)
    return Volume(voxels=np.zeros(shape, np.uint8 if rgb else np.int16),
                  spacing=(2.0, 1.0, 1.0), origin=np.zeros(3),
                  row_cosine=np.array([1.0, 0, 0]), col_cosine=np.array([0, 1.0, 0]),
                  slice_normal=np.array([0, 0, 1.0]), is_rgb=rgb,
                  default_windows=list(windows))


@pytest.fixture
def model():
    state = CTState()
    seen = []
    state.changed.connect(lambda name, value: seen.append((name, value)))
    return state, CTController(state, load=lambda: list(PRESETS)), seen


def test_with_no_series_there_is_no_window_and_no_preset(model):
    state, controller, _ = model
    assert state.volume is None and state.window is None and state.preset is None
    assert [p.name for p in state.presets] == ["Lung", "Brain", "Abdomen"]
    controller.set_window(1500, -700)          # a stray W/L edit changes nothing
    controller.set_window_bounds(-100, 100)
    assert state.window is None and state.preset is None
    with pytest.raises(KeyError):
        controller.choose_preset("Nope")


def test_opening_takes_the_files_window_and_names_its_preset(model):
    state, controller, seen = model
    controller.open_volume(volume([(80, 40), (350, 50)]), Path("/data/head"), "coronal")
    assert state.window == (80.0, 40.0)
    assert [p.name for p in state.presets][:3] == ["File 1", "File 2", "Lung"]
    assert state.preset == "File 1"            # the file's own pair comes first
    assert state.active_plane == "coronal" and state.source == Path("/data/head")
    names = [name for name, _ in seen]
    assert {"volume", "window", "preset", "presets"} <= set(names)


def test_a_series_without_a_window_gets_soft_tissue(model):
    state, controller, _ = model
    controller.open_volume(volume(), Path("s"), "axial")
    assert state.window == (400.0, 40.0) and state.preset is None


def test_a_drag_or_typed_window_makes_the_preset_custom(model):
    state, controller, _ = model
    controller.open_volume(volume(), Path("s"), "axial")
    controller.choose_preset("brain")
    assert state.window == (80.0, 40.0) and state.preset == "Brain"
    controller.set_window(111, 59)             # what a right-drag gives
    assert state.window == (111.0, 59.0) and state.preset is None
    controller.set_window_bounds(-1450, 50)    # typed min/max equal to the lung window
    assert state.window == (1500.0, -700.0) and state.preset == "Lung"
    controller.set_window(1500.3, -699.8)      # within the spin boxes' rounding
    assert state.preset == "Lung"
    controller.set_window(0, 10)               # never a zero-width window
    assert state.window == (1.0, 10.0)


def test_a_color_series_has_no_window(model):
    state, controller, _ = model
    controller.open_volume(volume(rgb=True), Path("rgb"), "axial")
    assert state.window is None and state.preset is None
    controller.choose_preset("Lung")
    assert state.window is None


def test_a_new_series_drops_measurements_cursor_and_window_of_the_old(model):
    state, controller, _ = model
    controller.open_volume(volume([(80, 40)]), Path("head"), "coronal")
    controller.set_window(111, 59)
    controller.set_measurements([Measurement(1, "ellipse", "coronal", 3, (1, 1, 4, 4),
                                             {"mean_hu": 30.0})])
    controller.set_cursor("coronal voxel (k=1, i=2, j=3) 40 HU")
    assert state.measurements and state.cursor
    controller.open_volume(volume([(1500, -700)]), Path("chest"), "axial")
    assert state.measurements == () and state.cursor == ""
    assert state.window == (1500.0, -700.0) and state.preset == "File 1"
    assert "File 1" in [p.name for p in state.presets]
    assert state.active_plane == "axial"


def test_cursor_readout_needs_a_series(model):
    state, controller, _ = model
    controller.set_cursor("axial 12 HU")
    assert state.cursor == ""


def test_saved_presets_are_reloaded_and_matched(model):
    state, controller, _ = model
    controller.open_volume(volume([(80, 40)]), Path("s"), "axial")
    controller.set_window(111, 59)
    PRESETS.append(WindowPreset("Mine", 111, 59))
    try:
        controller.reload_presets()
    finally:
        PRESETS.pop()
    assert state.preset == "Mine" and state.presets[0].name == "File 1"


def test_layout_and_plane_are_checked(model):
    state, controller, seen = model
    controller.set_layout("single")
    controller.set_active_plane("sagittal")
    controller.set_invert(True)
    assert (state.layout, state.active_plane, state.invert) == ("single", "sagittal", True)
    with pytest.raises(ValueError):
        controller.set_layout("four")
    with pytest.raises(ValueError):
        controller.set_active_plane("oblique")
    seen.clear()
    controller.set_layout("single")            # unchanged: no notification
    assert seen == []


def test_helpers_match_and_name_file_windows():
    assert matching_preset(PRESETS, None) is None
    assert matching_preset(PRESETS, (400, 50)) == "Abdomen"
    assert matching_preset(PRESETS, (401, 50)) is None
    own = file_presets([(80, 40)], "Datei {0}".format)
    assert own[0].name == "Datei 1" and (own[0].width, own[0].level) == (80.0, 40.0)
