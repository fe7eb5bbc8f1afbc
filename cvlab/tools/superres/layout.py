"""Keeping an image's layout through super-resolution: gray stays gray, alpha is kept,
16-bit stays 16-bit.

The methods work on (H, W, 3) float RGB. ``split_layout`` takes what the image loader
returns and remembers what was dropped; ``restore_layout`` turns a method's output back
into the input's kind. Alpha is enlarged with MATLAB-style bicubic on its own (a network
trained on photos has never seen an alpha channel), the way upscaling tools treat it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cvlab.core.dtype import as_uint8, as_uint16
from cvlab.core.i18n import translate
from cvlab.core.images import to_float01


@dataclass(frozen=True)
class Layout:
    gray: bool                     # the input had one channel
    alpha: np.ndarray | None       # the input's alpha, (H, W) float32 in [0, 1]
    dtype: np.dtype                # uint8, uint16 or float32

    def describe(self) -> str:
        """"gray, alpha, 16-bit" and the like, in the interface language."""
        parts = [translate("SrLayout", "gray") if self.gray else "RGB"]
        if self.alpha is not None:
            parts.append(translate("SrLayout", "alpha"))
        depth = np.dtype(self.dtype)
        if depth == np.uint8:
            parts.append(translate("SrLayout", "8-bit"))
        elif depth == np.uint16:
            parts.append(translate("SrLayout", "16-bit"))
        else:
            parts.append(translate("SrLayout", "float"))
        return translate("SrLayout", ", ").join(parts)


def split_layout(array: np.ndarray) -> tuple[np.ndarray, Layout]:
    """(H, W, 3) float32 RGB in [0, 1] for the methods, and the layout to restore later."""
    array = np.asarray(array)
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (1, 3, 4)):
        raise ValueError(f"expected a gray, RGB or RGBA image, got shape {array.shape}")
    if array.dtype not in (np.uint8, np.uint16):
        dtype = np.dtype(np.float32)
    else:
        dtype = array.dtype
    image = to_float01(array).astype(np.float32, copy=False)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[..., 0]
    alpha = None
    if image.ndim == 3 and image.shape[2] == 4:
        alpha = np.ascontiguousarray(image[..., 3])
        image = image[..., :3]
    gray = image.ndim == 2
    if gray:
        image = np.repeat(image[..., None], 3, axis=-1)
    return np.ascontiguousarray(image), Layout(gray, alpha, np.dtype(dtype))


def restore_layout(output: np.ndarray, layout: Layout) -> np.ndarray:
    """A method's (sH, sW, 3) float output in the input's layout and bit depth."""
    from cvlab.tools.superres.resize import imresize

    image = np.clip(np.asarray(output, dtype=np.float32), 0.0, 1.0)
    if layout.gray:
        # A gray input gives three nearly equal channels; their mean is the gray output.
        image = image.mean(axis=-1)
    if layout.alpha is not None:
        alpha = np.clip(imresize(layout.alpha, output_shape=image.shape[:2]), 0.0, 1.0)
        if image.ndim == 2:
            image = np.repeat(image[..., None], 3, axis=-1)
        image = np.concatenate([image, alpha[..., None].astype(np.float32)], axis=-1)
    if layout.dtype == np.uint8:
        return as_uint8(image)
    if layout.dtype == np.uint16:
        return as_uint16(image)
    return np.ascontiguousarray(image, dtype=np.float32)
