"""Pixel types: the one place that says how CV Lab converts between them.

Imports nothing of the project, so the loader, the saver and every tool can use it
without import cycles (as scikit-image keeps its conversions in ``skimage/util/dtype.py``).

Supported pixel types and the value each one means as full scale:

- ``bool``: False / True (True is full scale);
- ``uint8``: 0 .. 255;
- ``uint16``: 0 .. 65535;
- floats (any width): nominally 0.0 .. 1.0.

Rules, the same in every conversion:

- floats outside [0, 1] are clipped; NaN becomes 0 (NaN has no pixel value, and an
  undefined cast must not reach a file or the screen);
- to integers, values are rounded to the nearest level (``np.rint``: ties to even);
- uint16 → uint8 is ``round(v / 257)`` (257 = 65535 / 255, so 65535 → 255 exactly), and
  uint8 → uint16 is ``v × 257`` (255 → 65535);
- float results are float32.

:func:`as_float01`, :func:`as_uint8` and :func:`as_uint16` keep the array's shape (any
shape);
:func:`check_image_array` is the image layout every image function accepts;
:func:`require_rgb8` is for models that must be given 8-bit pixels, never rescaled ones.
"""

from __future__ import annotations

import numpy as np

UINT16_PER_UINT8 = 257  # 65535 / 255


def check_dtype(array: np.ndarray) -> np.ndarray:
    """``array`` as a numpy array; ValueError unless bool, uint8, uint16 or float."""
    array = np.asarray(array)
    if array.dtype not in (np.bool_, np.uint8, np.uint16) and array.dtype.kind != "f":
        raise ValueError(f"expected a bool, uint8, uint16 or float image, got {array.dtype}")
    return array


def check_image_array(array: np.ndarray) -> np.ndarray:
    """An image array: (H, W), (H, W, 3) or (H, W, 4) of a supported type, else ValueError.

    (H, W, 1) is accepted and returned as (H, W).
    """
    array = np.asarray(array)
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[-1] not in (3, 4)):
        raise ValueError(f"expected an image of shape (H, W), (H, W, 3) or (H, W, 4), "
                         f"got {array.shape}")
    return check_dtype(array)


def require_rgb8(array: np.ndarray) -> np.ndarray:
    """(H, W, 3) uint8 of an 8-bit gray, RGB or RGBA image (gray replicated, alpha dropped);
    ValueError for any other shape or type (nothing is rescaled)."""
    array = np.asarray(array)
    if array.ndim == 2:
        array = np.repeat(array[..., None], 3, axis=2)
    if array.ndim != 3 or array.shape[2] not in (3, 4) or array.dtype != np.uint8:
        raise ValueError(f"expected an (H,W,3) uint8 RGB image, got shape {array.shape} "
                         f"dtype {array.dtype}")
    return np.ascontiguousarray(array[..., :3])


def as_float01(array: np.ndarray) -> np.ndarray:
    """float32 in [0, 1], same shape: uint8 / 255, uint16 / 65535, bool 0 / 1,
    floats clipped (NaN → 0)."""
    array = check_dtype(array)
    if array.dtype == np.uint8:
        return array.astype(np.float32) / np.float32(255)
    if array.dtype == np.uint16:
        return array.astype(np.float32) / np.float32(65535)
    return np.clip(np.nan_to_num(array.astype(np.float32)), 0.0, 1.0)


def as_uint8(array: np.ndarray) -> np.ndarray:
    """uint8, same shape: uint8 unchanged (not copied), uint16 / 257 rounded, bool 0 / 255,
    floats clipped to [0, 1] (NaN → 0), × 255, rounded."""
    array = check_dtype(array)
    if array.dtype == np.uint8:
        return array
    if array.dtype == np.uint16:
        half = UINT16_PER_UINT8 // 2
        return ((array.astype(np.uint32) + half) // UINT16_PER_UINT8).astype(np.uint8)
    return np.rint(as_float01(array) * np.float32(255)).astype(np.uint8)


def as_uint16(array: np.ndarray) -> np.ndarray:
    """uint16, same shape: uint16 unchanged (not copied), uint8 × 257, bool 0 / 65535,
    floats clipped to [0, 1] (NaN → 0), × 65535, rounded."""
    array = check_dtype(array)
    if array.dtype == np.uint16:
        return array
    if array.dtype == np.uint8:
        return array.astype(np.uint16) * np.uint16(UINT16_PER_UINT8)
    return np.rint(as_float01(array) * np.float32(65535)).astype(np.uint16)
