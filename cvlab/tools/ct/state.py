"""The CT tab's state and the controller that changes it (no Qt).

What the tab shows is true here first: the open series, the one window (W/L) every view
shares and the preset it equals, the layout and active plane, the measurements and the
cursor readout. The panel's widgets render from :class:`CTState` (``state.changed``);
user actions go through :class:`CTController`, whose rules are tested without a window:

- no series open: no window at all (the W/L boxes show no numbers, no preset is chosen);
- the preset shown is the one whose W/L the window equals, else none ("Custom"), so a
  right-drag or a typed value never leaves an old preset's name beside new numbers;
- opening a series starts it clean: its default window, no measurements of another
  series, no cursor readout of another image.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.core.state import StateModel
from cvlab.tools.ct.measure import Measurement
from cvlab.tools.ct.mpr import PLANES
from cvlab.tools.ct.volume import Volume
from cvlab.tools.ct.windowing import WindowPreset, load_presets, window_from_bounds

# The description of a series' own window; the window box shows it translated (its
# presets' descriptions go through its tr(), context WindowBox).
FILE_WINDOW_DESCRIPTION = QT_TRANSLATE_NOOP("WindowBox", "WindowWidth/Center stored in the file")
LAYOUTS = ("three", "single")
DEFAULT_WINDOW = (400.0, 40.0)   # soft tissue, for a series that stores no window
MATCH_TOLERANCE = 0.5            # HU: the spin boxes show whole numbers


@dataclass(eq=False)
class CTState(StateModel):
    volume: Volume | None = None
    source: Path | None = None
    presets: tuple[WindowPreset, ...] = ()      # the file's own windows, then the others
    window: tuple[float, float] | None = None   # (width, level); None: nothing to window
    preset: str | None = None                   # the preset `window` equals; None: custom
    invert: bool = False
    layout: str = "three"
    active_plane: str = "axial"
    measurements: tuple[Measurement, ...] = ()
    cursor: str = ""                            # readout under the pointer; "" off-image


def matching_preset(presets: Iterable[WindowPreset], window: tuple[float, float] | None,
                    tolerance: float = MATCH_TOLERANCE) -> str | None:
    """The first preset whose width and level equal `window` (± tolerance), else None."""
    if window is None:
        return None
    width, level = window
    for preset in presets:
        if abs(preset.width - width) <= tolerance and abs(preset.level - level) <= tolerance:
            return preset.name
    return None


def file_presets(windows: Iterable[tuple[float, float]],
                 name: Callable[[int], str] = "File {0}".format,
                 description: str = FILE_WINDOW_DESCRIPTION
                 ) -> list[WindowPreset]:
    """The series' own WindowWidth/Center pairs as presets named File 1, File 2, …"""
    return [WindowPreset(name(i + 1), float(width), float(level), description)
            for i, (width, level) in enumerate(windows)]


class CTController:
    """Every change the CT tab makes to its state; the panel calls these, never sets fields.

    `load` gives the built-in and user presets (`windowing.load_presets`); `file_name`
    names a series' own windows ("File 1"), translated by the panel.
    """

    def __init__(self, state: CTState, load: Callable[[], list[WindowPreset]] = load_presets,
                 file_name: Callable[[int], str] = "File {0}".format) -> None:
        self.state = state
        self._load = load
        self._file_name = file_name
        state.presets = tuple(load())

    # ----- series ---------------------------------------------------------------------
    def open_volume(self, volume: Volume, source: Path, acquired_plane: str) -> None:
        """A newly loaded series replaces the old one and everything that described it."""
        own = file_presets(volume.default_windows, self._file_name)
        presets = tuple(own) + tuple(self._load())
        window = None
        if not volume.is_rgb:   # colour images have no HU to window
            width, level = volume.default_windows[0] if volume.default_windows \
                else DEFAULT_WINDOW
            window = (max(float(width), 1.0), float(level))
        self.state.update(volume=volume, source=Path(source), presets=presets, window=window,
                          preset=matching_preset(presets, window), measurements=(),
                          cursor="", active_plane=acquired_plane)

    # ----- window -----------------------------------------------------------------------
    def set_window(self, width: float, level: float) -> None:
        """The one window of every view; the preset follows (None when none matches)."""
        volume = self.state.volume
        if volume is None or volume.is_rgb:
            return   # nothing to window: keep showing no numbers
        window = (max(float(width), 1.0), float(level))
        self.state.update(window=window, preset=matching_preset(self.state.presets, window))

    def set_window_bounds(self, low: float, high: float) -> None:
        """From the lowest and highest value shown (typed min/max, a right-drag's levels)."""
        self.set_window(*window_from_bounds(low, high))

    def choose_preset(self, name: str) -> None:
        """The preset's window, and that preset named (of two equal ones, the chosen)."""
        for preset in self.state.presets:
            if preset.name.lower() == name.lower():
                volume = self.state.volume
                if volume is not None and not volume.is_rgb:
                    self.state.update(window=(max(preset.width, 1.0), float(preset.level)),
                                      preset=preset.name)
                return
        raise KeyError(name)

    def reload_presets(self) -> None:
        """After the user saved a preset: the list again, and the match with it."""
        volume = self.state.volume
        own = file_presets(volume.default_windows, self._file_name) if volume else []
        presets = tuple(own) + tuple(self._load())
        self.state.update(presets=presets,
                          preset=matching_preset(presets, self.state.window))

    def set_invert(self, on: bool) -> None:
        self.state.invert = bool(on)

    # ----- layout, pointer, measurements -------------------------------------------------
    def set_layout(self, layout: str) -> None:
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}; use {LAYOUTS}")
        self.state.layout = layout

    def set_active_plane(self, plane: str) -> None:
        if plane not in PLANES:
            raise ValueError(f"unknown plane {plane!r}")
        self.state.active_plane = plane

    def set_cursor(self, text: str) -> None:
        """The readout of the voxel under the pointer; "" when it is on no image."""
        self.state.cursor = text if self.state.volume is not None else ""

    def set_measurements(self, measurements: Iterable[Measurement]) -> None:
        self.state.measurements = tuple(measurements)
