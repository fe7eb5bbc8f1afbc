"""Anonymise faces: Gaussian blur, pixelate or fill each (margin-expanded) face region.

The region of a face is its box grown by ``margin`` × the box's width/height on each side,
then clipped to the image: the smallest pixel rectangle covering it (``shape="rectangle"``)
or the ellipse inscribed in the grown box, restricted to that rectangle (``"ellipse"``).
Nothing outside the region changes: the blur and the pixel blocks are computed from the
region's own pixels only (reflected at its edges), so no face detail spreads outward and no
background is pulled in from beyond the rectangle either.

``strength`` (0–1) scales with the face size, ``size = max(box width, box height)``:

- blur: Gaussian sigma = max(1, strength × size / 4) — at 0.5, size / 8 (a 100-pixel face
  gets sigma 12.5: eyes, nose and mouth merge into a smooth blob);
- pixelate: square blocks of max(2, round(strength × size / 4)) pixels, each the mean of its
  pixels — at 0.5 about 8 blocks across the face;
- fill: ``fill_color`` (RGB, 0–255 units; scaled for uint16 / float images, BT.601 luma for
  gray ones). Strength is not used.

Layout and dtype are kept (gray, RGB, RGBA; uint8, uint16, float, bool). The alpha channel of
RGBA images is left unchanged. The input array is never modified.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from cvlab.core.i18n import translate

METHODS = ("blur", "pixelate", "fill")
SHAPES = ("ellipse", "rectangle")
_BT601 = (0.299, 0.587, 0.114)


def expanded_region(box, margin: float, width: int, height: int):
    """(float grown box, int pixel rectangle x0, y0, x1, y1 clipped to the image)."""
    x0, y0, x1, y1 = (float(v) for v in box)
    w, h = x1 - x0, y1 - y0
    grown = (x0 - margin * w, y0 - margin * h, x1 + margin * w, y1 + margin * h)
    rect = (max(0, math.floor(grown[0])), max(0, math.floor(grown[1])),
            min(width, math.ceil(grown[2])), min(height, math.ceil(grown[3])))
    return grown, rect


def _ellipse_mask(grown, rect) -> np.ndarray:
    gx0, gy0, gx1, gy1 = grown
    x0, y0, x1, y1 = rect
    cx, cy = (gx0 + gx1) / 2, (gy0 + gy1) / 2
    rx, ry = max((gx1 - gx0) / 2, 0.5), max((gy1 - gy0) / 2, 0.5)
    xs = (np.arange(x0, x1) + 0.5 - cx) / rx
    ys = (np.arange(y0, y1) + 0.5 - cy) / ry
    return ys[:, None] ** 2 + xs[None, :] ** 2 <= 1.0


def _blur(region: np.ndarray, sigma: float) -> np.ndarray:
    import cv2

    work = region if region.dtype in (np.uint8, np.uint16, np.float32) \
        else region.astype(np.float32)
    out = cv2.GaussianBlur(work, (0, 0), sigmaX=sigma, sigmaY=sigma,
                           borderType=cv2.BORDER_REFLECT)
    return out.reshape(region.shape).astype(region.dtype, copy=False)


def _pixelate(region: np.ndarray, block: int) -> np.ndarray:
    h, w = region.shape[:2]
    ys = np.arange(0, h, block)
    xs = np.arange(0, w, block)
    work = region.astype(np.float64)
    sums = np.add.reduceat(np.add.reduceat(work, ys, axis=0), xs, axis=1)
    rows = np.diff(np.append(ys, h))
    cols = np.diff(np.append(xs, w))
    counts = rows[:, None] * cols[None, :]
    means = sums / (counts if work.ndim == 2 else counts[..., None])
    full = np.repeat(np.repeat(means, rows, axis=0), cols, axis=1)
    if np.issubdtype(region.dtype, np.integer):
        info = np.iinfo(region.dtype)
        full = np.clip(np.rint(full), info.min, info.max)
    return full.astype(region.dtype)


def _fill_value(color, dtype: np.dtype, channels: int) -> np.ndarray:
    rgb = np.broadcast_to(np.asarray(color, np.float64).reshape(-1), (3,)) \
        if np.size(color) in (1, 3) else None
    if rgb is None:
        raise ValueError(translate(
            "Anonymise", "fill_color must be one value or three (R, G, B), got {0!r}").format(
            color))
    if dtype == np.uint16:
        rgb = rgb * 257.0
    elif dtype.kind == "f" or dtype == np.bool_:
        rgb = rgb / 255.0
    value = np.array([float(np.dot(rgb, _BT601))]) if channels == 1 else rgb
    if dtype == np.bool_:
        return value >= 0.5
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        value = np.clip(np.rint(value), info.min, info.max)
    return value.astype(dtype)


def anonymise_faces(image: np.ndarray, faces, method: str = "blur", *, strength: float = 0.5,
                    margin: float = 0.15) -> np.ndarray:
    """:func:`anonymise` over detected faces (their ``box``): what `cvlab faces --anonymize`
    and its batch write."""
    boxes = np.array([f.box for f in faces], dtype=np.float32).reshape(-1, 4)
    return anonymise(image, boxes, method, strength=strength, margin=margin)


def anonymise(image: np.ndarray, boxes, method: str = "blur", *, strength: float = 0.5,
              margin: float = 0.15, keep: Iterable[int] = frozenset(),
              fill_color=(0, 0, 0), shape: str = "ellipse") -> np.ndarray:
    """A new image with every face region, except the indices in ``keep``, anonymised."""
    if method not in METHODS:
        raise ValueError(translate("Anonymise", "method must be one of {0}, not {1!r}").format(
            ", ".join(METHODS), method))
    if shape not in SHAPES:
        raise ValueError(translate("Anonymise", "shape must be one of {0}, not {1!r}").format(
            ", ".join(SHAPES), shape))
    if not 0.0 <= strength <= 1.0:
        raise ValueError(translate("Anonymise", "strength must be between 0 and 1, got {0}")
                         .format(strength))
    if margin < 0:
        raise ValueError(translate("Anonymise", "margin must be >= 0, got {0}").format(margin))
    source = np.asarray(image)
    if source.ndim not in (2, 3) or (source.ndim == 3 and source.shape[2] not in (1, 3, 4)):
        raise ValueError(translate("Anonymise", "expected an image of shape (H, W), (H, W, 3) "
                                   "or (H, W, 4), got {0}").format(source.shape))
    boxes = np.asarray(boxes, np.float64)
    if boxes.size == 0:
        boxes = boxes.reshape(0, 4)
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise ValueError(translate("Anonymise", "boxes must be (N, 4) x0, y0, x1, y1, got "
                                   "shape {0}").format(boxes.shape))
    out = source.copy()
    height, width = out.shape[:2]
    color_channels = 1 if out.ndim == 2 or out.shape[2] == 1 else 3
    kept = {int(i) for i in keep}
    for i, box in enumerate(boxes):
        if i in kept or not np.all(np.isfinite(box)):
            continue
        grown, rect = expanded_region(box, margin, width, height)
        x0, y0, x1, y1 = rect
        if x1 <= x0 or y1 <= y0:
            continue
        size = max(box[2] - box[0], box[3] - box[1], 1.0)
        view = out[y0:y1, x0:x1] if out.ndim == 2 else out[y0:y1, x0:x1, :color_channels]
        region = view.copy()
        if method == "fill":
            new = np.empty_like(region)
            new[...] = _fill_value(fill_color, out.dtype, color_channels).reshape(
                (1, 1, -1) if region.ndim == 3 else ())
        else:
            work = region.astype(np.uint8) * np.uint8(255) if region.dtype == np.bool_ \
                else region
            if method == "blur":
                new = _blur(work, max(1.0, strength * size / 4.0))
            else:
                new = _pixelate(work, max(2, int(round(strength * size / 4.0))))
            if region.dtype == np.bool_:
                new = new >= 128
        if shape == "ellipse":
            mask = _ellipse_mask(grown, rect)
            if region.ndim == 3:
                mask = mask[..., None]
            new = np.where(mask, new, region)
        view[...] = new
    return out
