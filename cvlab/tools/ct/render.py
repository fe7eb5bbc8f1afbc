"""A plane of a volume as an 8-bit picture: window parsing and square-pixel rendering.

Used by ``cvlab ct render`` (and anything else that needs a still image of a slice). The
GUI shows the same planes through ImageView, which handles pixel aspect in its transform;
a saved picture has no transform, so here the image itself is resampled to square pixels.
"""

from __future__ import annotations

import re

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.lazy_import import lazy_module
from cvlab.tools.ct.geometry import plane_name
from cvlab.tools.ct.mpr import PLANES, reformatter
from cvlab.tools.ct.volume import Volume
from cvlab.tools.ct.windowing import apply_window, load_presets, window_from_bounds

ndimage = lazy_module("scipy.ndimage")  # imported on first use (core/lazy_import.py)

DEFAULT_WINDOW = "default"
# Without a window in the file: the 1st–99th percentile of the HU, sampled sparsely.
FALLBACK_PERCENTILES = (1.0, 99.0)
FALLBACK_SAMPLE = 200_000
# The largest picture resampling may make, whatever the spacings: 1e-6 mm pixels (or
# slices 1e6 mm apart) once asked for 268 GB. A real render is a few thousand px a side.
MAX_RENDER_SIDE = 16384
MAX_RENDER_PIXELS = 64_000_000  # the float32 resampling buffer is then 256 MB
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_WIDTH_LEVEL = re.compile(rf"^\s*({_NUMBER})\s*,\s*({_NUMBER})\s*$")


def preset_names() -> list[str]:
    return [preset.name for preset in load_presets()]


def parse_window(text: str, volume: Volume | None = None) -> tuple[float, float]:
    """(width, level) from a preset name (any case), "W,L" or "default".

    "default" is the file's own first WindowWidth/WindowCenter; a file without one gets
    a window spanning most of its values. Anything else raises ValueError naming the
    accepted forms and presets.
    """
    cleaned = text.strip()
    for preset in load_presets():
        if preset.name.lower() == cleaned.lower():
            return float(preset.width), float(preset.level)
    if cleaned.lower() == DEFAULT_WINDOW:
        return default_window(volume)
    match = _WIDTH_LEVEL.match(cleaned)
    if match:
        width, level = float(match.group(1)), float(match.group(2))
        if width <= 0:
            raise ValueError(f"window width must be positive, not {width:g} (write W,L)")
        return width, level
    names = ", ".join(preset_names())
    raise ValueError(f"unknown window {text!r}: use a preset ({names}), "
                     f"'{DEFAULT_WINDOW}', or width,level such as 1500,-700")


def default_window(volume: Volume | None) -> tuple[float, float]:
    """The file's first window, else one fitted to the data (soft tissue without data)."""
    if volume is None:
        return 400.0, 40.0
    if volume.default_windows:
        width, level = volume.default_windows[0]
        return float(width), float(level)
    values = np.asarray(volume.voxels).ravel()
    step = max(values.size // FALLBACK_SAMPLE, 1)
    low, high = np.percentile(values[::step], FALLBACK_PERCENTILES)
    return window_from_bounds(float(low), float(high))


def render_plane(volume: Volume, plane: str, index: int, width: float, level: float,
                 invert: bool = False) -> np.ndarray:
    """The plane at ``index`` as uint8 (H, W) — or (H, W, 3) for RGB volumes, unwindowed —
    in display orientation, resampled so that one pixel is as tall as it is wide."""
    if plane not in PLANES:
        raise ValueError(f"unknown plane {plane!r}; use one of {', '.join(PLANES)}")
    fmt = reformatter(volume)
    count = fmt.count(plane)
    if not 0 <= int(index) < count:
        raise IndexError(f"{plane} slice {index} is out of range: this volume has "
                         f"{count} {plane} slice(s), valid indices 0–{count - 1}")
    image = np.ascontiguousarray(fmt.slice(plane, int(index)))
    if volume.is_rgb:
        shown = image.astype(np.uint8, copy=False)
        if invert:
            shown = 255 - shown
    else:
        shown = apply_window(image, width, level, invert=invert)
    return to_square_pixels(shown, fmt.pixel_spacing(plane),
                            what=translate("CtRender", "the {0} view").format(plane_name(plane)))


def square_pixel_shape(shape: tuple[int, int], spacing: tuple[float, float],
                       what: str | None = None) -> tuple[int, int]:
    """(rows, cols) after resampling: the finer spacing is kept, the coarser axis stretched.

    ValueError in one sentence when a spacing is not a positive number, or when resampling
    would make more than MAX_RENDER_SIDE px a side or MAX_RENDER_PIXELS in all.
    """
    what = what or translate("CtRender", "the image")
    row_mm, col_mm = (float(s) for s in spacing)
    if not (np.isfinite(row_mm) and np.isfinite(col_mm) and row_mm > 0 and col_mm > 0):
        raise ValueError(translate("CtRender", "{0} has a pixel spacing of {1:g} × {2:g} mm: "
                                   "it cannot be drawn with square pixels").format(
            what, row_mm, col_mm))
    finest = min(row_mm, col_mm)
    # In floats first: an absurd ratio must be refused before int() or an allocation.
    rows_f, cols_f = shape[0] * row_mm / finest, shape[1] * col_mm / finest
    resampled = abs(rows_f - shape[0]) >= 0.5 or abs(cols_f - shape[1]) >= 0.5
    if resampled and (max(rows_f, cols_f) > MAX_RENDER_SIDE
                      or rows_f * cols_f > MAX_RENDER_PIXELS):
        raise ValueError(translate("CtRender", "{0} would be {1:.0f}×{2:.0f} px with square "
                                   "pixels ({3}×{4} px of {5:g} × {6:g} mm); a render has at "
                                   "most {7} px a side and {8:.0f} MP").format(
            what, cols_f, rows_f, shape[1], shape[0], col_mm, row_mm, MAX_RENDER_SIDE,
            MAX_RENDER_PIXELS / 1e6))
    return max(int(round(rows_f)), 1), max(int(round(cols_f)), 1)


def to_square_pixels(image: np.ndarray, spacing: tuple[float, float],
                     what: str | None = None) -> np.ndarray:
    """Bilinear resampling of a (H, W[, C]) uint8 image to square pixels."""
    rows, cols = square_pixel_shape(image.shape[:2], spacing, what)
    if (rows, cols) == image.shape[:2]:
        return image
    factors = (rows / image.shape[0], cols / image.shape[1]) + (1.0,) * (image.ndim - 2)
    # grid_mode=True maps pixel areas (not centres), so the edges are not stretched apart.
    out = ndimage.zoom(image.astype(np.float32), factors, order=1, mode="nearest",
                       grid_mode=True)
    np.rint(out, out=out)  # in place: one float buffer at most, not three
    return np.clip(out, 0, 255, out=out).astype(np.uint8)
