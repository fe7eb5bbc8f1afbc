"""Editing masks: (H, W) bool arrays (an inpainting mask is True where a photo needs repair).

Coordinates are image pixels: x = column, y = row, and the point (x, y) is the centre of
pixel [y, x] (so a mouse position in the view's continuous image coordinates maps here by
subtracting 0.5). Shape rules are exact and documented per function.

Drawing functions (`fill_rect`, `fill_polygon`, `stroke`) return a new mask by default;
``inplace=True`` edits (and returns) the given array instead, which an editor uses while a
drag is in progress. Only the shape's bounding box is ever rasterised.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.images import read_image, save_image, to_gray
from cvlab.core.lazy_import import lazy_module

ndimage = lazy_module("scipy.ndimage")  # imported on first use (core/lazy_import.py)

# Lossless formats only: a JPEG mask would grow grey fringes.
MASK_SUFFIXES = (".png", ".tif", ".tiff", ".bmp")


def _check(mask) -> np.ndarray:
    mask = np.asarray(mask)
    if mask.ndim != 2:
        raise ValueError(f"a mask must be 2-D (H, W), got shape {mask.shape}")
    return mask.astype(bool, copy=False)


def _target(mask, inplace: bool) -> np.ndarray:
    if inplace:
        if not (isinstance(mask, np.ndarray) and mask.dtype == bool and mask.ndim == 2):
            raise ValueError("inplace editing needs a 2-D bool numpy array")
        return mask
    return _check(mask).copy()


def _bbox(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """(y0, y1, x0, x1), half-open, of the True pixels; None when there are none."""
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(mask.any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


# --------------------------------------------------------------------------- morphology
def grow(mask, pixels: int) -> np.ndarray:
    """Dilate by a disk of radius `pixels`: every pixel whose centre lies within `pixels`
    (Euclidean, inclusive) of a True pixel's centre becomes True. 0 returns a copy;
    a negative value shrinks."""
    mask = _check(mask)
    pixels = int(pixels)
    if pixels < 0:
        return shrink(mask, -pixels)
    out = mask.copy()
    box = _bbox(mask)
    if pixels == 0 or box is None:
        return out
    height, width = mask.shape
    y0, y1 = max(box[0] - pixels, 0), min(box[1] + pixels, height)
    x0, x1 = max(box[2] - pixels, 0), min(box[3] + pixels, width)
    crop = mask[y0:y1, x0:x1]
    distance = ndimage.distance_transform_edt(~crop)
    out[y0:y1, x0:x1] = distance <= pixels
    return out


def shrink(mask, pixels: int) -> np.ndarray:
    """Erode by a disk of radius `pixels` (the exact inverse rule of `grow`: a pixel stays
    True only if every pixel within `pixels` of it is True). Pixels beyond the image edge
    count as True, so a mask touching the border does not pull away from it."""
    mask = _check(mask)
    pixels = int(pixels)
    if pixels < 0:
        return grow(mask, -pixels)
    out = mask.copy()
    box = _bbox(mask)
    if pixels == 0 or box is None:
        return out
    height, width = mask.shape
    # One ring of (False) neighbours is enough: the distance to the nearest False pixel
    # inside the image is all that matters; the image edge itself is not a False pixel.
    y0, y1 = max(box[0] - 1, 0), min(box[1] + 1, height)
    x0, x1 = max(box[2] - 1, 0), min(box[3] + 1, width)
    crop = mask[y0:y1, x0:x1]
    if crop.all():
        return out  # no False pixel anywhere near: nothing to erode from
    distance = ndimage.distance_transform_edt(crop)
    out[y0:y1, x0:x1] = distance > pixels
    return out


def invert(mask) -> np.ndarray:
    return ~_check(mask)


def coverage(mask) -> float:
    """Fraction of the pixels that are True (0.0 for an empty array)."""
    mask = _check(mask)
    return float(np.count_nonzero(mask)) / mask.size if mask.size else 0.0


# --------------------------------------------------------------------------- drawing
def fill_rect(mask, x0, y0, x1, y1, value: bool = True, *, inplace: bool = False) -> np.ndarray:
    """Set the pixels of the rectangle with corners (x0, y0) and (x1, y1), both corner
    pixels included, in either order; coordinates are rounded and clipped to the image."""
    out = _target(mask, inplace)
    height, width = out.shape
    xa, xb = sorted((int(round(x0)), int(round(x1))))
    ya, yb = sorted((int(round(y0)), int(round(y1))))
    xa, ya = max(xa, 0), max(ya, 0)
    xb, yb = min(xb, width - 1), min(yb, height - 1)
    if xa <= xb and ya <= yb:
        out[ya:yb + 1, xa:xb + 1] = bool(value)
    return out


def _points(points) -> np.ndarray:
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if not np.isfinite(points).all():
        raise ValueError("points must be finite")
    return points


def stroke(mask, points, radius: float, value: bool = True, *,
           inplace: bool = False) -> np.ndarray:
    """A brush stroke: every pixel whose centre lies within `radius` (inclusive) of the
    polyline through `points` [(x, y), ...] is set, i.e. a capsule per segment, so a fast
    drag leaves no gaps. One point paints a disk; radius 0.5 paints a 1-pixel line."""
    out = _target(mask, inplace)
    points = _points(points)
    if len(points) == 0:
        return out
    radius = float(radius)
    if radius < 0:
        raise ValueError(f"brush radius must be >= 0, not {radius}")
    if len(points) == 1:
        points = np.vstack([points, points])
    height, width = out.shape
    value = bool(value)
    for (ax, ay), (bx, by) in zip(points[:-1], points[1:]):
        x0 = max(int(np.ceil(min(ax, bx) - radius)), 0)
        x1 = min(int(np.floor(max(ax, bx) + radius)), width - 1)
        y0 = max(int(np.ceil(min(ay, by) - radius)), 0)
        y1 = min(int(np.floor(max(ay, by) + radius)), height - 1)
        if x0 > x1 or y0 > y1:
            continue
        xs = np.arange(x0, x1 + 1, dtype=np.float64)[None, :]
        ys = np.arange(y0, y1 + 1, dtype=np.float64)[:, None]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        if length2 > 0:
            t = np.clip(((xs - ax) * dx + (ys - ay) * dy) / length2, 0.0, 1.0)
        else:
            t = 0.0
        near = (xs - (ax + t * dx)) ** 2 + (ys - (ay + t * dy)) ** 2 <= radius * radius + 1e-9
        region = out[y0:y1 + 1, x0:x1 + 1]
        region[near] = value
    return out


def fill_polygon(mask, points, value: bool = True, *, inplace: bool = False) -> np.ndarray:
    """Fill the closed polygon (a lasso) through `points` [(x, y), ...]: pixels whose
    centres are inside (even-odd rule), plus the outline itself (as a 1-pixel stroke,
    so a thin or degenerate lasso still marks what was traced)."""
    from skimage.draw import polygon as polygon_pixels

    out = _target(mask, inplace)
    points = _points(points)
    if len(points) == 0:
        return out
    if len(points) >= 3:
        rows, cols = polygon_pixels(points[:, 1], points[:, 0], shape=out.shape)
        out[rows, cols] = bool(value)
    closed = np.vstack([points, points[:1]])
    return stroke(out, closed, 0.5, value, inplace=True)


# --------------------------------------------------------------------------- files
def load_mask(path: str | os.PathLike, shape) -> np.ndarray:
    """Read a mask from any image file: its alpha channel if it has one that varies,
    else luminance above half range (> 127 for 8-bit). `shape` is the photo's shape
    ((H, W) or (H, W, C)); a file of another size raises ValueError naming both."""
    loaded = read_image(path)
    array = loaded.array
    height, width = int(shape[0]), int(shape[1])
    if array.shape[:2] != (height, width):
        raise ValueError(translate(
            "MaskErrors", "{0}: the mask is {1}×{2} pixels but the image is {3}×{4}; a mask "
            "must match the image size").format(os.fspath(path), array.shape[1], array.shape[0],
                                                width, height))
    if array.ndim == 3 and array.shape[2] == 4 and np.ptp(array[..., 3]) > 0:
        channel = array[..., 3]
    else:
        channel = to_gray(array) if array.ndim == 3 else array
    if channel.dtype == np.uint8:
        return channel > 127
    if channel.dtype == np.uint16:
        return channel > 32767
    return channel.astype(np.float32) > 0.5


def save_mask(path: str | os.PathLike, mask, inputs=()) -> Path:
    """Save as an 8-bit gray image, 0 and 255 (PNG, or another lossless format by the
    suffix), atomically; refuses to overwrite any of `inputs`. Returns the path."""
    mask = _check(mask)
    suffix = Path(path).suffix.lower()
    if suffix not in MASK_SUFFIXES:
        raise ValueError(translate(
            "MaskErrors", "{0}: save masks as {1} (lossless); a lossy format would blur the "
            "mask's edges").format(os.fspath(path), ", ".join(MASK_SUFFIXES)))
    return save_image(path, mask.astype(np.uint8) * np.uint8(255), inputs=inputs)


__all__ = ["MASK_SUFFIXES", "coverage", "fill_polygon", "fill_rect", "grow", "invert",
           "load_mask", "save_mask", "shrink", "stroke"]
