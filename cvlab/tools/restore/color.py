"""CIE Lab helpers for colourisation: desaturation, L/ab split, recombination, ΔE.

Every colouriser in this tool predicts chroma (ab, or U/V for Levin) and keeps the input's own
full-resolution lightness: ``recombine(L, ab)`` up-samples ab to L's size, scales it by a
strength in [0, 1] and converts back to sRGB, pulling out-of-gamut pixels' chroma in (never
their L), so the output's lightness matches the input's within 8-bit rounding.

No Qt, no torch. Conversions are scikit-image's (sRGB, D65, 2° observer).
"""

from __future__ import annotations

import warnings

import numpy as np
from skimage import color
from skimage.transform import resize

AB_SCALE = 110.0  # |a|, |b| of sRGB colours stay below ~110 (Zhang et al. use the same scale)


def as_rgb_float(image: np.ndarray) -> np.ndarray:
    """(H,W) gray or (H,W,3|4) RGB, uint8 or float in [0,1] -> (H,W,3) float64 in [0,1]."""
    array = np.asarray(image)
    if array.ndim == 2:
        array = np.repeat(array[..., None], 3, axis=2)
    if array.ndim != 3 or array.shape[2] not in (3, 4):
        raise ValueError(f"expected an (H,W) gray or (H,W,3) RGB image, got {array.shape}")
    array = array[..., :3]
    if array.dtype == np.uint8:
        return array.astype(np.float64) / 255.0
    if array.dtype == np.uint16:
        return array.astype(np.float64) / 65535.0
    return np.clip(array.astype(np.float64), 0.0, 1.0)


def rgb_to_lab(image: np.ndarray) -> np.ndarray:
    """(H,W,3) float64 Lab of a gray or RGB image."""
    return color.rgb2lab(as_rgb_float(image))


def split_lab(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(L (H,W) in [0,100], ab (H,W,2)) of a gray or RGB image."""
    lab = rgb_to_lab(image)
    return lab[..., 0], lab[..., 1:]


def lightness(image: np.ndarray) -> np.ndarray:
    """L (H,W) in [0,100]; a 2-D input is a gray image (R = G = B)."""
    return split_lab(image)[0]


def desaturate(image: np.ndarray) -> np.ndarray:
    """The image with its chroma removed (a = b = 0), same L: (H,W,3) uint8 with R = G = B.

    Not :func:`cvlab.core.images.to_gray` (BT.601 luma, (H,W)): this keeps CIE L, which
    is what a colouriser is given and must give back."""
    light = lightness(image)
    rgb = color.lab2rgb(np.dstack([light, np.zeros(light.shape + (2,))]))
    value = np.clip(np.rint(rgb.mean(axis=2) * 255.0), 0, 255).astype(np.uint8)
    return np.repeat(value[..., None], 3, axis=2)


def resize_ab(ab: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Bilinear resize of an (h,w,2) chroma map to ``shape`` (H,W)."""
    ab = np.asarray(ab, dtype=np.float64)
    if ab.shape[:2] == tuple(shape):
        return ab
    return resize(ab, (shape[0], shape[1], 2), order=1, mode="edge", anti_aliasing=False)


def lab_to_rgb_uint8(lab: np.ndarray, *, max_shrinks: int = 8) -> np.ndarray:
    """sRGB uint8 of a Lab image. Pixels outside the sRGB gamut get their chroma shrunk
    (×0.8 per round, up to ``max_shrinks`` rounds) until their L survives clipping, so the
    lightness is kept rather than the hue-saturation. Rounding changes L by < 0.5."""
    with warnings.catch_warnings():  # "negative Z values clipped": handled below
        warnings.simplefilter("ignore", UserWarning)
        return _lab_to_rgb_uint8(lab, max_shrinks)


def _lab_to_rgb_uint8(lab: np.ndarray, max_shrinks: int) -> np.ndarray:
    lab = np.array(lab, dtype=np.float64)
    rgb = color.lab2rgb(lab)
    flat_lab = lab.reshape(-1, 3)
    flat_rgb = rgb.reshape(-1, 3)
    todo = np.arange(flat_lab.shape[0])
    for _ in range(max_shrinks):
        check = _round_trip_l(flat_rgb[todo]) - flat_lab[todo, 0]
        bad = np.abs(check) > 0.25
        if not bad.any():
            break
        todo = todo[bad]
        flat_lab[todo, 1:] *= 0.8
        flat_rgb[todo] = color.lab2rgb(flat_lab[todo][None])[0]
    else:
        # Still off (extreme L near 0 or 100 with chroma): fall back to gray there.
        check = _round_trip_l(flat_rgb[todo]) - flat_lab[todo, 0]
        todo = todo[np.abs(check) > 0.25]
        if todo.size:
            flat_lab[todo, 1:] = 0.0
            flat_rgb[todo] = color.lab2rgb(flat_lab[todo][None])[0]
    return np.clip(np.rint(rgb * 255.0), 0, 255).astype(np.uint8)


def _round_trip_l(rgb: np.ndarray) -> np.ndarray:
    return color.rgb2lab(np.clip(rgb, 0.0, 1.0)[None])[0, :, 0]


def recombine(light: np.ndarray, ab: np.ndarray, strength: float = 1.0) -> np.ndarray:
    """RGB uint8 from the FULL-resolution L (H,W) and a predicted ab at any size (up-sampled
    bilinearly). ``strength`` in [0,1] scales the chroma: 0 gives the gray image, 1 the
    prediction as is."""
    if not 0.0 <= strength <= 1.0:
        raise ValueError(f"strength must be in [0, 1], got {strength}")
    light = np.asarray(light, dtype=np.float64)
    ab_full = resize_ab(ab, light.shape) * float(strength)
    return lab_to_rgb_uint8(np.dstack([light, ab_full]))


def delta_e(image: np.ndarray, reference: np.ndarray, method: str = "ciede2000") -> np.ndarray:
    """Per-pixel colour difference (H,W) between two RGB images of the same size.

    ``method``: "ciede2000" (skimage.color.deltaE_ciede2000) or "cie76" (Euclidean in Lab)."""
    a, b = rgb_to_lab(image), rgb_to_lab(reference)
    if a.shape != b.shape:
        raise ValueError(f"images differ in size: {a.shape} vs {b.shape}")
    if method == "ciede2000":
        return color.deltaE_ciede2000(a, b)
    if method == "cie76":
        return color.deltaE_cie76(a, b)
    raise ValueError(f"unknown ΔE method {method!r} (ciede2000 or cie76)")


def mean_delta_e(image: np.ndarray, reference: np.ndarray) -> dict[str, float]:
    """{"cie76": mean ΔE76, "ciede2000": mean ΔE2000}."""
    return {m: float(delta_e(image, reference, m).mean()) for m in ("cie76", "ciede2000")}
