"""Run an inpainting function on crops around the holes of a large image, not the whole of it.

    restored = with_context(image, mask, lambda im, m: inpaint(im, m, "telea"))

Each connected hole (8-connectivity) gets a box: its bounding box grown on every side by a
context margin ``max(min_margin, context × the bounding box's longer side)``, clipped to
the image. Boxes that overlap or touch are merged (their union's bounding box) until none
do, so every hole lies wholly inside exactly one box and no box holds part of another box's
hole. ``fn(crop, crop_mask)`` runs once per box on a copy of that crop and only the mask
pixels of its result are pasted back: pixels outside the mask are never changed. When the
boxes together cover at least ``whole_fraction`` of the image, ``fn`` runs once on the whole
image instead (cropping would save little).

The result equals running ``fn`` on the whole image for a method whose fill depends only on
the image near the hole (Telea, Navier–Stokes, biharmonic per hole, exemplar with a search
window smaller than the margin); a method that looks at the whole picture (a learned net's
global context) sees less of it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import cv2
import numpy as np

from cvlab.core.cancel import Cancelled

__all__ = ["crop_boxes", "with_context"]

Box = tuple[int, int, int, int]  # y0, x0, y1, x1 (end exclusive)


def _merge(boxes: list[Box]) -> list[Box]:
    """Merge overlapping or touching boxes until no two do."""
    boxes = list(boxes)
    changed = True
    while changed and len(boxes) > 1:
        changed = False
        arr = np.array(boxes)
        merged: list[Box] = []
        used = np.zeros(len(boxes), bool)
        for i in range(len(boxes)):
            if used[i]:
                continue
            y0, x0, y1, x1 = arr[i]
            while True:  # grow box i by everything it meets, until it meets nothing new
                hit = (~used & (arr[:, 0] <= y1) & (arr[:, 2] >= y0)
                       & (arr[:, 1] <= x1) & (arr[:, 3] >= x0))
                hit[i] = False
                if not hit.any():
                    break
                used |= hit
                changed = True
                y0, x0 = min(y0, arr[hit, 0].min()), min(x0, arr[hit, 1].min())
                y1, x1 = max(y1, arr[hit, 2].max()), max(x1, arr[hit, 3].max())
            used[i] = True
            merged.append((int(y0), int(x0), int(y1), int(x1)))
        boxes = merged
    return sorted(boxes)


def crop_boxes(mask: np.ndarray, *, context: float = 1.0, min_margin: int = 64) -> list[Box]:
    """The disjoint boxes ``(y0, x0, y1, x1)`` that :func:`with_context` works on."""
    mask = np.asarray(mask)
    if mask.ndim != 2:
        raise ValueError(f"mask must be (H, W), got shape {mask.shape}")
    if context < 0 or min_margin < 0:
        raise ValueError("context and min_margin must not be negative")
    height, width = mask.shape
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(
        (mask != 0).astype(np.uint8), connectivity=8)
    boxes = []
    for x, y, w, h, _area in stats[1:count]:
        m = max(int(min_margin), int(math.ceil(context * max(w, h))))
        boxes.append((max(0, y - m), max(0, x - m), min(height, y + h + m), min(width, x + w + m)))
    return _merge(boxes)


def with_context(image: np.ndarray, mask: np.ndarray,
                 fn: Callable[[np.ndarray, np.ndarray], np.ndarray], *,
                 context: float = 1.0, min_margin: int = 64, whole_fraction: float = 0.5,
                 progress: Callable | None = None,
                 cancelled: Callable[[], bool] | None = None) -> np.ndarray:
    """``image`` with ``mask`` filled by ``fn`` run on crops around the holes (see the module).

    ``fn(crop, crop_mask) -> crop`` must return an array of the crop's shape. ``progress(
    fraction, text)`` is called after each crop; ``cancelled()`` is checked before each and
    raises :class:`cvlab.core.cancel.Cancelled`. An empty mask returns a copy without calling
    ``fn``.
    """
    image = np.asarray(image)
    mask = np.asarray(mask)
    if mask.ndim != 2 or mask.shape != image.shape[:2]:
        raise ValueError(f"mask shape {mask.shape} does not match the image's {image.shape[:2]}")
    mask = mask != 0
    out = image.copy()
    boxes = crop_boxes(mask, context=context, min_margin=min_margin)
    if not boxes:
        return out
    covered = sum((y1 - y0) * (x1 - x0) for y0, x0, y1, x1 in boxes)
    if covered >= whole_fraction * mask.size:
        boxes = [(0, 0, mask.shape[0], mask.shape[1])]
    for number, (y0, x0, y1, x1) in enumerate(boxes):
        if cancelled is not None and cancelled():
            raise Cancelled(f"cancelled after {number} of {len(boxes)} crops")
        crop_mask = mask[y0:y1, x0:x1]
        crop = np.array(image[y0:y1, x0:x1], copy=True)
        result = np.asarray(fn(crop, crop_mask.copy()))
        if result.shape != crop.shape:
            raise ValueError(f"fn returned shape {result.shape} for a crop of shape {crop.shape}")
        region = out[y0:y1, x0:x1]
        region[crop_mask] = result[crop_mask]
        if progress is not None:
            progress((number + 1) / len(boxes), f"crop {number + 1} of {len(boxes)}")
    return out
