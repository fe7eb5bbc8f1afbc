"""Classical (not learned) inpainting behind one call: OpenCV Telea and Navier–Stokes,
scikit-image's biharmonic, and our exemplar-based patch method (:mod:`.exemplar`).

    restored = inpaint(image, mask, "telea")

``image`` is laid out as :func:`cvlab.core.images.load_image` returns it: (H, W) gray,
(H, W, 3) RGB or (H, W, 4) RGBA, dtype uint8, uint16 or float (any other real dtype works
too). ``mask`` is (H, W), True (nonzero) where pixels are to be filled. The result has the
input's shape and dtype; pixels outside the mask are EXACTLY the input's, the alpha channel
is passed through untouched everywhere (only the colour channels are filled), gray stays
gray. An empty mask returns an unchanged copy.

Per method, how a layout is handled:

- ``telea`` / ``ns`` (``cv2.inpaint``, ``radius`` = its neighbourhood radius): uint8 gray and
  RGB in one call; OpenCV takes 16-bit and float only single-channel, so uint16 is filled
  channel by channel as uint16 and everything else channel by channel as float32, each
  channel's known range stretched to [0, 65535] first (OpenCV's float Telea rounds
  internally and gives wild values on data in [0, 1]);
- ``biharmonic`` (``skimage.restoration.inpaint_biharmonic``): float64, all channels in one
  solve per hole;
- ``exemplar``: float32, all channels at once (``patch`` = patch side, odd).

Integer fills are rounded and clipped to the dtype's range. Large images with small masks:
use :func:`cvlab.tools.restore.crop.with_context` around this call.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from cvlab.core.cancel import Cancelled
from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate

__all__ = ["CLASSICAL", "inpaint", "split_alpha"]

CLASSICAL = {  # progress texts: translate("RestoreProgress", ...) where shown
    "telea": QT_TRANSLATE_NOOP("RestoreProgress", "OpenCV Telea"),
    "ns": QT_TRANSLATE_NOOP("RestoreProgress", "OpenCV Navier–Stokes"),
    "biharmonic": QT_TRANSLATE_NOOP("RestoreProgress", "Biharmonic (scikit-image)"),
    "exemplar": QT_TRANSLATE_NOOP("RestoreProgress", "Exemplar-based (patches)"),
}


def split_alpha(image: np.ndarray) -> tuple[np.ndarray, int]:
    """The colour part of ``image`` (a view) and its channel count (0 for a 2-D gray image).

    (H, W) → itself, 0; (H, W, 4) RGBA → (H, W, 3), 3; (H, W, 2) gray + alpha → (H, W, 1), 1;
    (H, W, C) otherwise → all C channels.
    """
    if image.ndim == 2:
        return image, 0
    channels = image.shape[2]
    color = channels - 1 if channels in (2, 4) else channels
    return image[:, :, :color], color


def _check(image: np.ndarray, mask: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    if method not in CLASSICAL:
        raise ValueError(f"unknown inpainting method {method!r}; known: {', '.join(CLASSICAL)}")
    image = np.asarray(image)
    if image.ndim not in (2, 3) or (image.ndim == 3 and not 1 <= image.shape[2] <= 4):
        raise ValueError(f"image must be (H, W) or (H, W, 1–4), got shape {image.shape}")
    if image.dtype.kind not in "uif":
        raise ValueError(f"image dtype {image.dtype} is not a real number type")
    mask = np.asarray(mask)
    if mask.ndim != 2 or mask.shape != image.shape[:2]:
        raise ValueError(f"mask shape {mask.shape} does not match the image's "
                         f"{image.shape[:2]} (a (H, W) mask is needed)")
    return image, mask if mask.dtype == bool else mask != 0


def _to_dtype(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    if dtype.kind in "ui":
        info = np.iinfo(dtype)
        return np.clip(np.round(values), info.min, info.max).astype(dtype)
    return values.astype(dtype)


def _opencv(color: np.ndarray, mask: np.ndarray, flag: int, radius: float,
            check: Callable[[], None]) -> np.ndarray:
    mask_u8 = mask.astype(np.uint8)
    if color.dtype == np.uint8 and color.shape[2] in (1, 3):
        return cv2.inpaint(np.ascontiguousarray(color), mask_u8, radius, flag).reshape(color.shape)
    if color.dtype == np.uint16:
        out = np.empty(color.shape, np.uint16)
        for c in range(color.shape[2]):
            check()
            out[:, :, c] = cv2.inpaint(np.ascontiguousarray(color[:, :, c]), mask_u8, radius, flag)
        return out
    # float32 (OpenCV's only other single-channel type): its Telea rounds internally, which
    # ruins data in [0, 1], so each channel's known range is stretched to [0, 65535] first
    out = np.empty(color.shape, np.float64)
    known = ~mask
    for c in range(color.shape[2]):
        check()
        channel = color[:, :, c].astype(np.float64)
        lo, hi = (float(v) for v in (channel[known].min(), channel[known].max()))
        scale = 65535.0 / (hi - lo) if hi > lo else 1.0
        work = ((channel - lo) * scale).astype(np.float32)
        work[mask] = 0.0
        out[:, :, c] = cv2.inpaint(work, mask_u8, radius, flag) / scale + lo
    return out


def _biharmonic(color: np.ndarray, mask: np.ndarray) -> np.ndarray:
    from skimage.restoration import inpaint_biharmonic

    work = color.astype(np.float64)
    work[mask] = 0.0
    return inpaint_biharmonic(work, mask, channel_axis=-1)


def inpaint(image: np.ndarray, mask: np.ndarray, method: str, *, radius: float = 5,
            patch: int = 9, progress: Callable | None = None,
            cancelled: Callable[[], bool] | None = None) -> np.ndarray:
    """Fill ``mask`` in ``image`` with ``method`` (a key of :data:`CLASSICAL`).

    ``radius``: Telea / Navier–Stokes neighbourhood; ``patch``: exemplar patch side.
    ``progress(fraction, text)`` is reported; ``cancelled()`` is checked before the work and
    between steps (every exemplar iteration, every channel of a per-channel OpenCV fill) and
    raises :class:`cvlab.core.cancel.Cancelled`. The biharmonic solve cannot be interrupted.
    Raises ValueError for an unknown method, a mask that does not match the image, or a mask
    that covers the whole image.
    """
    image, mask = _check(image, mask, method)
    out = image.copy()
    if not mask.any():
        return out
    if mask.all():
        raise ValueError(translate("RestoreErrors", "the mask covers the whole image: there "
                                   "is nothing to fill from"))

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(f"{CLASSICAL[method]} inpainting cancelled")

    check()
    if progress is not None:
        progress(0.0, translate("RestoreProgress", CLASSICAL[method]))
    color, n_color = split_alpha(image)
    color3 = color[:, :, None] if n_color == 0 else color
    if method in ("telea", "ns"):
        flag = cv2.INPAINT_TELEA if method == "telea" else cv2.INPAINT_NS
        filled = _opencv(color3, mask, flag, float(radius), check)
    elif method == "biharmonic":
        filled = _biharmonic(color3, mask)
    else:
        from cvlab.tools.restore.exemplar import exemplar_fill

        filled = exemplar_fill(color3, mask, patch=patch, progress=progress,
                               cancelled=cancelled)      # (N, C) already
    if method != "exemplar":
        filled = filled[mask]                             # (N, C) fill values only
    filled = _to_dtype(filled, image.dtype)
    if n_color == 0:
        out[mask] = filled[:, 0]
    else:
        region = out[:, :, :n_color]
        region[mask] = filled
    if progress is not None:
        progress(1.0, translate("RestoreProgress", "{0}: done").format(
            translate("RestoreProgress", CLASSICAL[method])))
    return out
