"""MATLAB-compatible ``imresize`` and the conversions the super-resolution engine needs.

Published super-resolution tables (SRCNN onwards, BasicSR, the course's figures) make the
low-resolution input with MATLAB's ``imresize(hr, 1/scale, 'bicubic')``. OpenCV's and
Pillow's bicubic differ from it (other kernel parameter, no antialiasing, other pixel
mapping), which moves PSNR by tenths of a dB, so the resampling is written here from
MATLAB's published definition.

Array contract: images are numpy float32 RGB in [0, 1], shape (H, W, 3). Plain numpy, no
torch, so the CLI and the panel can resize without loading torch.
"""

from __future__ import annotations

import math

import numpy as np

from cvlab.core.i18n import translate
from cvlab.core.images import to_float01

METHODS = ("nearest", "bilinear", "bicubic", "lanczos")


# -- kernels --------------------------------------------------------------------------------

def cubic_kernel(x: np.ndarray) -> np.ndarray:
    """Keys' cubic convolution kernel with a = -0.5 (MATLAB's 'bicubic'), support |x| < 2.

    k(x) = 1.5|x|³ - 2.5|x|² + 1              for |x| <= 1
         = -0.5|x|³ + 2.5|x|² - 4|x| + 2      for 1 < |x| <= 2
         = 0                                  otherwise
    """
    ax = np.abs(x)
    ax2, ax3 = ax * ax, ax * ax * ax
    near = (1.5 * ax3 - 2.5 * ax2 + 1.0) * (ax <= 1)
    far = (-0.5 * ax3 + 2.5 * ax2 - 4.0 * ax + 2.0) * ((ax > 1) & (ax <= 2))
    return near + far


def triangle_kernel(x: np.ndarray) -> np.ndarray:
    """Linear interpolation ('bilinear'): 1 - |x| for |x| <= 1."""
    return np.clip(1.0 - np.abs(x), 0.0, None)


def box_kernel(x: np.ndarray) -> np.ndarray:
    """Nearest neighbour: 1 on [-0.5, 0.5), half-open so exactly one sample is picked."""
    return ((x >= -0.5) & (x < 0.5)).astype(np.float64)


def lanczos3_kernel(x: np.ndarray) -> np.ndarray:
    """Lanczos-3: sinc(x) · sinc(x / 3) for |x| < 3 (sinc(t) = sin(πt) / (πt))."""
    return np.sinc(x) * np.sinc(x / 3.0) * (np.abs(x) < 3)


# method -> (kernel, support width in input pixels at scale 1)
_KERNELS = {
    "nearest": (box_kernel, 1.0),
    "bilinear": (triangle_kernel, 2.0),
    "bicubic": (cubic_kernel, 4.0),
    "lanczos": (lanczos3_kernel, 6.0),
}


# -- weights --------------------------------------------------------------------------------

def resize_weights(in_length: int, out_length: int, scale: float, method: str = "bicubic",
                   antialias: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The resampling weights of one axis, as MATLAB's ``imresize`` defines them.

    Output pixel x (1-based) is centred at input coordinate u = x/scale + 0.5·(1 - 1/scale).
    When shrinking (scale < 1) with antialiasing, the kernel is stretched to
    h(t) = scale · k(scale · t) and its support widened by 1/scale, so it also low-passes.
    Each output pixel takes ceil(support) + 2 taps starting at floor(u - support/2); the
    weights are normalised to sum to 1; taps outside the image are mirrored back in
    (half-sample symmetric: ... 2 1 | 1 2 ... n | n n-1 ...), as MATLAB does.

    Returns ``(weights, indices)``, both (out_length, taps); indices are 0-based and inside
    [0, in_length).
    """
    kernel, support = _kernel_for(method)
    if in_length < 1 or out_length < 1:
        raise ValueError(f"cannot resize an axis of {in_length} pixels to {out_length}")
    stretch = scale < 1 and antialias and method != "nearest"
    if stretch:
        support = support / scale
    centres = np.arange(1, out_length + 1, dtype=np.float64) / scale + 0.5 * (1 - 1 / scale)
    first = np.floor(centres - support / 2)
    taps = int(math.ceil(support)) + 2
    indices = first[:, None] + np.arange(taps)[None, :]          # 1-based, may be outside
    distance = centres[:, None] - indices
    weights = scale * kernel(scale * distance) if stretch else kernel(distance)
    weights = weights / weights.sum(axis=1, keepdims=True)
    mirror = np.concatenate([np.arange(in_length), np.arange(in_length - 1, -1, -1)])
    indices = mirror[(indices.astype(np.int64) - 1) % (2 * in_length)]
    return weights, indices


def _kernel_for(method: str):
    try:
        return _KERNELS[method]
    except KeyError:
        raise ValueError(f"unknown resize method {method!r}: use one of {', '.join(METHODS)}") \
            from None


def _resize_axis(image: np.ndarray, axis: int, out_length: int, scale: float,
                 method: str, antialias: bool) -> np.ndarray:
    weights, indices = resize_weights(image.shape[axis], out_length, scale, method, antialias)
    # Drop taps whose weight is zero everywhere (MATLAB does too): saves work, same result.
    used = np.any(weights != 0, axis=0)
    weights, indices = weights[:, used].astype(np.float32), indices[:, used]
    shape = [1] * image.ndim
    shape[axis] = out_length
    result = np.zeros(image.shape[:axis] + (out_length,) + image.shape[axis + 1:], np.float32)
    # One gather + multiply-add per tap keeps memory at one output-sized temporary.
    for tap in range(weights.shape[1]):
        result += weights[:, tap].reshape(shape) * np.take(image, indices[:, tap], axis=axis)
    return result


# -- public API -----------------------------------------------------------------------------

def imresize(image: np.ndarray, scale: float | tuple[float, float] | None = None,
             output_shape: tuple[int, int] | None = None, method: str = "bicubic",
             antialias: bool = True) -> np.ndarray:
    """Resize like MATLAB's ``imresize(image, scale)`` / ``imresize(image, [rows cols])``.

    ``method``: "bicubic" (Keys' cubic, a = -0.5: see :func:`cubic_kernel`), "bilinear",
    "lanczos" (Lanczos-3) or "nearest". ``antialias`` widens the kernel when shrinking, as
    MATLAB does by default (never for "nearest", as in MATLAB). Give ``scale`` (a number or
    (rows, cols) factors; the size becomes ceil(scale · size)), or ``output_shape`` (the
    factors become out / in), or both (the factors drive the pixel mapping, the shape the
    size). Works on (H, W) or (H, W, C) arrays in float32; no clipping, so bicubic and
    Lanczos may overshoot [0, 1] slightly, as in MATLAB for float input. MATLAB's uint8 path
    also rounds between the two passes; this float path does not.
    """
    image = np.asarray(image, dtype=np.float32)
    if image.ndim not in (2, 3):
        raise ValueError(f"expected an (H, W) or (H, W, C) image, got shape {image.shape}")
    in_shape = image.shape[:2]
    if scale is None and output_shape is None:
        raise ValueError("give scale or output_shape")
    if scale is not None:
        factors = tuple(float(s) for s in (scale if np.ndim(scale) else (scale, scale)))
        if len(factors) != 2 or min(factors) <= 0:
            raise ValueError(f"scale must be positive (one number or two), got {scale!r}")
    if output_shape is None:
        # The tiny tolerance keeps e.g. 300 · (1/3) at 100, not ceil(100.00000000000001).
        output_shape = tuple(max(1, math.ceil(n * f - 1e-9)) for n, f in zip(in_shape, factors))
    output_shape = tuple(int(n) for n in output_shape)
    if len(output_shape) != 2 or min(output_shape) < 1:
        raise ValueError(f"output_shape must be two positive sizes, got {output_shape!r}")
    if scale is None:
        factors = tuple(o / n for o, n in zip(output_shape, in_shape))
    _kernel_for(method)
    # Shrinking first (the smaller factor's axis) makes the second pass cheaper; MATLAB
    # orders the passes the same way. Linear passes commute, so only speed depends on it.
    order = sorted((0, 1), key=lambda axis: factors[axis])
    result = image
    for axis in order:
        if result.shape[axis] == output_shape[axis] and factors[axis] == 1:
            continue  # ×1 is exactly the identity for every kernel here
        result = _resize_axis(result, axis, output_shape[axis], factors[axis], method, antialias)
    return result if result is not image else image.copy()


def make_lr(hr: np.ndarray, scale: int) -> tuple[np.ndarray, np.ndarray]:
    """The evaluation pair: ``(hr_cropped, lr)``.

    HR is first cropped at the bottom and right to a multiple of ``scale`` (BasicSR's
    ``mod_crop``), so LR is exactly HR / scale; then LR = MATLAB
    ``imresize(hr, 1/scale, 'bicubic')`` with antialiasing, as published SR tables make it.
    """
    scale = int(scale)
    if scale < 1:
        raise ValueError(f"scale must be a positive integer, got {scale}")
    hr = to_rgb_float(hr)
    rows, cols = (hr.shape[0] // scale) * scale, (hr.shape[1] // scale) * scale
    if rows == 0 or cols == 0:
        raise ValueError(translate(
            "SrResize", "an image of {0}×{1} pixels is smaller than the scale ×{2}").format(
                hr.shape[1], hr.shape[0], scale))
    hr = np.ascontiguousarray(hr[:rows, :cols])
    lr = imresize(hr, scale=1.0 / scale, output_shape=(rows // scale, cols // scale),
                  method="bicubic", antialias=True)
    return hr, lr


def upscale_interpolation(lr: np.ndarray, scale: int, method: str = "bicubic") -> np.ndarray:
    """The reference upscalers: nearest, bilinear, bicubic or Lanczos-3, output exactly
    ``scale`` × the input size (MATLAB ``imresize(lr, scale, method)``), clipped to [0, 1]."""
    scale = int(scale)
    if scale < 1:
        raise ValueError(f"scale must be a positive integer, got {scale}")
    lr = to_rgb_float(lr)
    out = imresize(lr, scale=scale, output_shape=(lr.shape[0] * scale, lr.shape[1] * scale),
                   method=method)
    return np.clip(out, 0.0, 1.0, out=out)


def to_rgb_float(array: np.ndarray) -> np.ndarray:
    """(H, W, 3) float32 in [0, 1] from what the image loader returns.

    Gray is replicated to three channels, alpha is dropped (not composited), uint8 is
    divided by 255, uint16 by 65535, floats are clipped to [0, 1].
    """
    image = to_float01(array)
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=-1)
    return np.ascontiguousarray(image[..., :3], dtype=np.float32)
