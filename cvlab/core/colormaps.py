"""Colormaps and display levels as plain numpy (no Qt, no matplotlib).

Values in [0, 1] map to (H, W, 4) uint8 RGBA. The tables are written here:
- "jet": the classic piecewise-linear ramps,
- "turbo": Google's published degree-5 polynomial approximation (Mikhailov, 2019),
- "inferno": linear interpolation between eleven published anchor colours
  (matplotlib's inferno sampled at 0, 0.1, ..., 1),
- "gray": identity.
"""

from __future__ import annotations

import numpy as np

COLORMAPS: list[str] = ["jet", "turbo", "inferno", "gray", "gray-inverted"]

# Highest power first, as np.polyval wants (from the turbo approximation's published vectors).
_TURBO_POLY = {
    "r": [59.28637943, -152.94239396, 132.13108234, -42.66032258, 4.61539260, 0.13572138],
    "g": [2.82956604, 4.27729857, -14.18503333, 4.84296658, 2.19418839, 0.09140261],
    "b": [27.34824973, -89.90310912, 110.36276771, -60.58204836, 12.64194608, 0.10667330],
}

_INFERNO_ANCHORS = [
    "000004", "160b39", "420a68", "6a176e", "932667", "bc3754",
    "dd513a", "f37819", "fca50a", "f6d746", "fcffa4",
]


def _hex_to_rgb(code: str) -> tuple[float, float, float]:
    return tuple(int(code[i:i + 2], 16) / 255.0 for i in (0, 2, 4))


_INFERNO_RGB = np.array([_hex_to_rgb(c) for c in _INFERNO_ANCHORS])


def normalize(values) -> np.ndarray:
    """Min-max scale to float32 [0, 1]; NaN/inf ignored for the range and mapped to 0.

    A constant (or empty, or all-NaN) array maps to zeros instead of dividing by zero.
    """
    array = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(array)
    if not finite.any():
        return np.zeros(array.shape, np.float32)
    lo, hi = array[finite].min(), array[finite].max()
    if hi <= lo:
        return np.zeros(array.shape, np.float32)
    scaled = np.where(finite, (array - lo) / (hi - lo), 0.0)
    return scaled.astype(np.float32)


def _rgb_floats(x: np.ndarray, name: str) -> np.ndarray:
    """(..., 3) float in [0, 1] for x already clipped to [0, 1]."""
    if name == "gray":
        return np.stack([x, x, x], axis=-1)
    if name == "gray-inverted":  # MONOCHROME1-style display: high values dark
        return np.stack([1.0 - x] * 3, axis=-1)
    if name == "jet":
        ramps = [1.5 - np.abs(4.0 * x - centre) for centre in (3.0, 2.0, 1.0)]
        return np.clip(np.stack(ramps, axis=-1), 0.0, 1.0)
    if name == "turbo":
        channels = [np.polyval(_TURBO_POLY[c], x) for c in "rgb"]
        return np.clip(np.stack(channels, axis=-1), 0.0, 1.0)
    if name == "inferno":
        anchor_positions = np.linspace(0.0, 1.0, len(_INFERNO_RGB))
        channels = [np.interp(x, anchor_positions, _INFERNO_RGB[:, c]) for c in range(3)]
        return np.stack(channels, axis=-1)
    raise ValueError(f"unknown colormap {name!r}; choose one of {COLORMAPS}")


def apply_colormap(values, name: str = "jet") -> np.ndarray:
    """Map values in [0, 1] (clipped; NaN → 0) to uint8 RGBA with alpha 255, shape (..., 4)."""
    x = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0, posinf=1.0, neginf=0.0)
    rgb = _rgb_floats(np.clip(x, 0.0, 1.0), name)
    rgba = np.empty(x.shape + (4,), np.uint8)
    rgba[..., :3] = np.rint(rgb * 255.0).astype(np.uint8)
    rgba[..., 3] = 255
    return rgba


def lookup_table(name: str, size: int = 256) -> np.ndarray:
    """(size, 4) uint8 table, for views that colour a gray image through a LUT."""
    return apply_colormap(np.linspace(0.0, 1.0, size), name)


def default_levels(image: np.ndarray) -> tuple[float, float]:
    """Display levels used when the caller gives none.

    - uint8 (gray or colour): the full range 0-255, so photos look as saved;
    - colour uint16: 0-65535; colour float: 0-1 when the data lies in [0, 1];
    - other gray images (uint16, float, CT...): the 0.5 and 99.5 percentiles of the
      finite values, so a few extreme pixels (padding, hot pixels) do not wash out the rest.
    Falls back to min/max, and widens a constant image by ±0.5 so lo < hi always.
    """
    array = np.asarray(image)
    if array.dtype == np.uint8:
        return 0.0, 255.0
    color = array.ndim == 3
    if color and array.dtype == np.uint16:
        return 0.0, 65535.0
    values = array[..., :3] if color else array
    # A strided sample keeps percentiles cheap on very large images.
    step = max(1, int(np.sqrt(values.shape[0] * values.shape[1] / 1_000_000)))
    sample = np.asarray(values[::step, ::step], dtype=np.float64)
    sample = sample[np.isfinite(sample)]
    if sample.size == 0:
        return 0.0, 1.0
    lo, hi = float(sample.min()), float(sample.max())
    if color:
        if lo >= 0.0 and hi <= 1.0:
            return 0.0, 1.0
    else:
        p_lo, p_hi = np.percentile(sample, [0.5, 99.5])
        if p_hi > p_lo:
            lo, hi = float(p_lo), float(p_hi)
    if hi <= lo:
        return lo - 0.5, hi + 0.5
    return lo, hi


def to_display_rgba(image: np.ndarray, levels: tuple[float, float],
                    colormap: str | None = None) -> np.ndarray:
    """What a view shows, as (H, W, 4) uint8: levels applied linearly, gray through
    `colormap` (plain gray when None); an RGBA image keeps its alpha channel."""
    array = np.asarray(image)
    lo, hi = float(levels[0]), float(levels[1])
    span = hi - lo if hi != lo else 1.0
    color_part = array[..., :3] if array.ndim == 3 else array
    scaled = np.clip((np.asarray(color_part, np.float32) - lo) / span, 0.0, 1.0)
    scaled = np.nan_to_num(scaled, nan=0.0)
    if array.ndim == 2:
        return apply_colormap(scaled, colormap or "gray")
    rgba = np.empty(array.shape[:2] + (4,), np.uint8)
    rgba[..., :3] = np.rint(scaled * 255.0).astype(np.uint8)
    if array.shape[2] == 4:
        alpha = array[..., 3]
        if alpha.dtype != np.uint8:
            alpha_max = 65535.0 if alpha.dtype == np.uint16 else 1.0
            alpha = np.rint(np.clip(alpha / alpha_max, 0, 1) * 255.0).astype(np.uint8)
        rgba[..., 3] = alpha
    else:
        rgba[..., 3] = 255
    return rgba
