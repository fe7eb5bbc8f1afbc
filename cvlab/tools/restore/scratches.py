"""Proposing a repair mask for scanned photos: thin scratches and dust, by morphology.

Scratches are thin (about 1–4 px) lines, brighter (emulsion scraped off a print) or darker
(a scratch on the negative) than what is around them, at any angle and often gently
curved. Dust is small specks of either polarity. No learning is involved:

1. Top-hats with a small disk (white: image − opening; black: closing − image) keep only
   detail thinner than the disk — lines, specks and fine texture.
2. The supremum of openings of that residue by line segments of `min_length` at 12
   angles (0°–165°, every 15°) keeps the parts that are long in some direction: lines
   survive, specks and most texture grains do not (a gently curved line still holds a
   straight chord of that length).
3. A threshold relative to local contrast (the mean top-hat residue over a 61-px window,
   far wider than a scratch), with a floor in flat areas; `sensitivity` lowers both;
   components smaller than `min_length` pixels are dropped (monotonic in sensitivity).
4. Dust: pixels brighter (darker) than every pixel on a ring of radius `dust_size`
   around them — isolated specks only, not corners of larger shapes — with a stricter
   threshold.
5. The union is dilated slightly so that inpainting also covers the lines' soft edges.

The result is a proposal for the user to edit, not a verdict: fine straight texture
(hair, grass, rigging) at high contrast can be proposed too.
"""

from __future__ import annotations

import cv2
import numpy as np
from scipy import ndimage

from cvlab.core.images import to_float01, to_gray
from cvlab.tools.restore.limits import check_restore_size

ANGLES = tuple(range(0, 180, 15))
LINE_WIDTH = 7        # diameter of the top-hat disk: lines up to ~5 px wide pass
CONTEXT = 61          # window (px) of the local contrast estimate
LINE_FACTOR = (12.0, 2.0)   # threshold / local texture, at sensitivity 0 and 1
LINE_FLOOR = (0.25, 0.02)   # least line contrast (0–1 scale), at sensitivity 0 and 1
DUST_FACTOR = (16.0, 3.0)
DUST_FLOOR = (0.35, 0.04)
EDGE_GROW = 1         # final dilation (px)


def _disk(diameter: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (diameter, diameter))


def _line(length: int, degrees: float) -> np.ndarray:
    """A 1-pixel line segment of `length` pixels through the centre of an odd square."""
    size = length if length % 2 else length + 1
    kernel = np.zeros((size, size), np.uint8)
    c = size // 2
    half = (length - 1) / 2
    dx, dy = np.cos(np.radians(degrees)) * half, -np.sin(np.radians(degrees)) * half
    cv2.line(kernel, (int(round(c - dx)), int(round(c - dy))),
             (int(round(c + dx)), int(round(c + dy))), 1, 1)
    return kernel


def _gray01(image) -> np.ndarray:
    image = np.asarray(image)
    gray = to_gray(image) if image.ndim == 3 else image
    return np.ascontiguousarray(to_float01(gray), dtype=np.float32)


def _line_response(residue: np.ndarray, min_length: int) -> np.ndarray:
    """How much of `residue` lies on a straight run of `min_length` px at some angle.

    The residue is first thickened by a 3×3 dilation: a 1-px digital line at 20° holds no
    15-px digital segment at 15° or 30°, but its 3-px-thick version does. The result is
    capped by the residue itself, so the thickening does not spread the response."""
    thick = cv2.dilate(residue, np.ones((3, 3), np.uint8), borderType=cv2.BORDER_REFLECT)
    best = np.zeros_like(residue)
    for angle in ANGLES:
        np.maximum(best, cv2.morphologyEx(thick, cv2.MORPH_OPEN, _line(min_length, angle),
                                          borderType=cv2.BORDER_REFLECT), out=best)
    return np.minimum(best, residue)


def _factor(sensitivity: float, at0: float, at1: float) -> float:
    """Geometric interpolation: sensitivity 0 → at0 (strict), 1 → at1 (lenient)."""
    return float(at0 * (at1 / at0) ** sensitivity)


def _components(mask: np.ndarray, min_pixels: int = 0, max_pixels: int | None = None):
    """Keep the 8-connected components with min_pixels <= size (<= max_pixels)."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    if count == 0:
        return mask
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    keep = sizes >= min_pixels
    if max_pixels is not None:
        keep &= sizes <= max_pixels
    keep[0] = False
    return keep[labels]


def _scratch_mask(residue: np.ndarray, min_length: int, sensitivity: float) -> np.ndarray:
    response = _line_response(residue, min_length)
    # Local contrast: the mean residue over a window much wider than a scratch, so that
    # fur or foliage raises the threshold and a scratch hardly raises its own.
    texture = cv2.blur(residue, (CONTEXT, CONTEXT), borderType=cv2.BORDER_REFLECT)
    threshold = np.maximum(_factor(sensitivity, *LINE_FACTOR) * texture,
                           _factor(sensitivity, *LINE_FLOOR))
    # Dropping small components keeps the result monotonic in sensitivity: a component
    # only ever grows as the threshold falls.
    return _components(response > threshold, min_pixels=min_length)


def _ring(radius: int) -> np.ndarray:
    """Pixels at distance radius - 0.5 … radius + 0.5 from the centre."""
    yy, xx = np.mgrid[-radius - 1:radius + 2, -radius - 1:radius + 2]
    distance = np.hypot(xx, yy)
    return ((distance >= radius - 0.5) & (distance <= radius + 0.5)).astype(np.uint8)


def _dust_mask(gray: np.ndarray, dust_size: int, sensitivity: float, bright: bool) -> np.ndarray:
    """Pixels brighter (darker) than EVERY pixel on a ring of radius `dust_size` around
    them: an isolated speck of at most that diameter. A corner of a larger shape or a
    line fails, because the ring crosses the shape or the line."""
    ring = _ring(max(int(dust_size), 1))
    if bright:
        residue = gray - cv2.dilate(gray, ring, borderType=cv2.BORDER_REFLECT)
    else:
        residue = cv2.erode(gray, ring, borderType=cv2.BORDER_REFLECT) - gray
    residue = np.maximum(residue, 0)
    texture = cv2.blur(residue, (CONTEXT, CONTEXT), borderType=cv2.BORDER_REFLECT)
    return residue > np.maximum(_factor(sensitivity, *DUST_FACTOR) * texture,
                                _factor(sensitivity, *DUST_FLOOR))


def detect_scratches(image, *, sensitivity: float = 0.5, min_length: int = 15,
                     dust_size: int = 6) -> np.ndarray:
    """(H, W) bool mask proposing scratches (thin long lines, bright or dark) and dust
    (specks up to `dust_size` px across) in `image` (gray or RGB(A); uint8, uint16 or
    float in [0, 1]). `sensitivity` in [0, 1]: higher proposes more (monotonic);
    `min_length` is the shortest straight run (px) a line must hold to count; 0 turns
    the scratch search off, as `dust_size` 0 does the dust search."""
    check_restore_size(image)
    if not 0.0 <= float(sensitivity) <= 1.0:
        raise ValueError(f"sensitivity must be between 0 and 1, not {sensitivity}")
    if min_length < 0 or dust_size < 0:
        raise ValueError("min_length and dust_size must be >= 0")
    sensitivity = float(sensitivity)
    gray = _gray01(image)
    mask = np.zeros(gray.shape, bool)
    if min(gray.shape) < 3:
        return mask
    if min_length >= 3:
        disk = _disk(LINE_WIDTH)
        for op in (cv2.MORPH_TOPHAT, cv2.MORPH_BLACKHAT):
            residue = cv2.morphologyEx(gray, op, disk, borderType=cv2.BORDER_REFLECT)
            mask |= _scratch_mask(residue, int(min_length), sensitivity)
    if dust_size >= 1:
        for bright in (True, False):
            mask |= _dust_mask(gray, int(dust_size), sensitivity, bright)
    if EDGE_GROW and mask.any():
        mask = cv2.dilate(mask.astype(np.uint8), _disk(2 * EDGE_GROW + 1)).astype(bool)
    return mask


__all__ = ["detect_scratches"]
