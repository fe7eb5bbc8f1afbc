"""Deterministic hole masks of known kinds, for tests and benchmarks (no Qt).

Every generator takes ``shape`` ((H, W) or an image's shape; extra dimensions are ignored)
and a ``seed``, and returns an (H, W) bool mask (True = missing). The same arguments always
give the same mask (a private :class:`numpy.random.Generator` per call, OpenCV drawing
without anti-aliasing). Each draws until :func:`coverage` reaches ``fraction`` and stops
there, so the result lands on the target within a stroke segment's area (a few tenths of a
percent for the default sizes):

- :func:`scratch_mask` — thin (2–6 px), long, gently bent strokes, like the scratches and
  cracks on an old print; mostly near-vertical, as on scanned film.
- :func:`blob_mask` — free-form brush strokes of random widths with round joints (the
  irregular masks used to train and test LaMa-style inpainting): wide blobs.
- :func:`box_mask` — one or two axis-aligned rectangles (an object removed).
"""

from __future__ import annotations

import math

import cv2
import numpy as np

__all__ = ["coverage", "scratch_mask", "blob_mask", "box_mask", "HOLE_KINDS", "make_mask"]


def coverage(mask: np.ndarray) -> float:
    """The fraction of True pixels in ``mask`` (0.0 for an empty array)."""
    mask = np.asarray(mask)
    return float(np.count_nonzero(mask)) / mask.size if mask.size else 0.0


def _hw(shape) -> tuple[int, int]:
    h, w = int(shape[0]), int(shape[1])
    if h < 4 or w < 4:
        raise ValueError(f"mask shape {tuple(shape)} is too small (at least 4×4)")
    return h, w


def _check_fraction(fraction: float) -> float:
    fraction = float(fraction)
    if not 0.0 < fraction < 0.9:
        raise ValueError(f"fraction {fraction} must be in (0, 0.9)")
    return fraction


def scratch_mask(shape, seed: int = 0, fraction: float = 0.02) -> np.ndarray:
    """Thin scratches (2–6 px wide, a quarter to the whole image long) covering ``fraction``."""
    h, w = _hw(shape)
    fraction = _check_fraction(fraction)
    rng = np.random.default_rng(seed)
    canvas = np.zeros((h, w), np.uint8)
    target = int(round(fraction * h * w))
    diag = math.hypot(h, w)
    for _ in range(10_000):
        # mostly near-vertical (film scratches), sometimes any direction (print cracks)
        if rng.random() < 0.6:
            angle = math.pi / 2 + rng.normal(0.0, 0.15)
        else:
            angle = rng.uniform(0.0, math.pi)
        length = rng.uniform(0.25, 1.0) * diag
        thickness = int(rng.integers(2, 7))
        y, x = rng.uniform(0, h), rng.uniform(0, w)
        steps = max(2, int(length / 12))
        step = length / steps
        bend = rng.normal(0.0, 0.02)
        for _ in range(steps):
            angle += bend + rng.normal(0.0, 0.01)
            ny, nx = y + step * math.sin(angle), x + step * math.cos(angle)
            cv2.line(canvas, (int(round(x)), int(round(y))), (int(round(nx)), int(round(ny))),
                     1, thickness, lineType=cv2.LINE_8)
            y, x = ny, nx
            if not (-step <= y <= h + step and -step <= x <= w + step):
                break
            if np.count_nonzero(canvas) >= target:
                return canvas.astype(bool)
    return canvas.astype(bool)


def blob_mask(shape, seed: int = 0, fraction: float = 0.10) -> np.ndarray:
    """Irregular brush-stroke blobs (widths ≈ 3–8 % of the shorter side) covering ``fraction``."""
    h, w = _hw(shape)
    fraction = _check_fraction(fraction)
    rng = np.random.default_rng(seed)
    canvas = np.zeros((h, w), np.uint8)
    target = int(round(fraction * h * w))
    side = min(h, w)
    for _ in range(10_000):
        y, x = rng.uniform(0.1, 0.9) * h, rng.uniform(0.1, 0.9) * w
        width = max(3, int(rng.uniform(0.03, 0.08) * side))
        angle = rng.uniform(0, 2 * math.pi)
        for _ in range(int(rng.integers(3, 9))):
            angle += rng.uniform(-1.2, 1.2)
            step = rng.uniform(0.5, 2.0) * width
            ny = float(np.clip(y + step * math.sin(angle), 0, h - 1))
            nx = float(np.clip(x + step * math.cos(angle), 0, w - 1))
            p0, p1 = (int(round(x)), int(round(y))), (int(round(nx)), int(round(ny)))
            cv2.line(canvas, p0, p1, 1, width, lineType=cv2.LINE_8)
            cv2.circle(canvas, p1, width // 2, 1, -1, lineType=cv2.LINE_8)
            y, x = ny, nx
            if np.count_nonzero(canvas) >= target:
                return canvas.astype(bool)
    return canvas.astype(bool)


def box_mask(shape, seed: int = 0, fraction: float = 0.05) -> np.ndarray:
    """One or two non-overlapping rectangles (aspect 1:2…2:1) of total area ``fraction``."""
    h, w = _hw(shape)
    fraction = _check_fraction(fraction)
    rng = np.random.default_rng(seed)
    count = 1 if rng.random() < 0.5 or fraction * h * w < 64 else 2
    canvas = np.zeros((h, w), bool)
    area = fraction * h * w / count
    for _ in range(count):
        for _attempt in range(200):
            aspect = math.exp(rng.uniform(math.log(0.5), math.log(2.0)))  # width / height
            bh = int(np.clip(round(math.sqrt(area / aspect)), 2, h - 2))
            bw = int(np.clip(round(area / bh), 2, w - 2))
            y0 = int(rng.integers(1, h - bh))
            x0 = int(rng.integers(1, w - bw))
            grown = canvas[max(0, y0 - 2):y0 + bh + 2, max(0, x0 - 2):x0 + bw + 2]
            if not grown.any():
                canvas[y0:y0 + bh, x0:x0 + bw] = True
                break
    return canvas


HOLE_KINDS = {"scratches": scratch_mask, "blobs": blob_mask, "box": box_mask}


def make_mask(kind: str, shape, seed: int = 0, fraction: float | None = None) -> np.ndarray:
    """A mask of ``kind`` (a key of :data:`HOLE_KINDS`), with the generator's default fraction
    unless one is given."""
    try:
        generator = HOLE_KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown hole kind {kind!r}; known: {sorted(HOLE_KINDS)}") from None
    if fraction is None:
        return generator(shape, seed)
    return generator(shape, seed, fraction)
