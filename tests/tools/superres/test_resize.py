"""MATLAB-compatible imresize, the evaluation pair and the conversions of the SR engine."""

import math

import cv2
import numpy as np
import pytest
import skimage.data
from PIL import Image

from cvlab.core.dtype import as_uint8
from cvlab.tools.superres.resize import (
    METHODS,
    imresize,
    make_lr,
    resize_weights,
    to_rgb_float,
    upscale_interpolation,
)

# -- an independent, slow reference: one output pixel at a time, from the definition ------

def _reference_kernel(method, t):
    t = abs(t)
    if method == "bicubic":  # Keys, a = -0.5
        if t <= 1:
            return 1.5 * t ** 3 - 2.5 * t ** 2 + 1
        return -0.5 * t ** 3 + 2.5 * t ** 2 - 4 * t + 2 if t <= 2 else 0.0
    if method == "bilinear":
        return max(0.0, 1 - t)
    if method == "lanczos":
        if t == 0:
            return 1.0
        if t >= 3:
            return 0.0
        return 3 * math.sin(math.pi * t) * math.sin(math.pi * t / 3) / (math.pi * t) ** 2
    raise AssertionError(method)


_SUPPORT = {"bicubic": 2, "bilinear": 1, "lanczos": 3}


def _mirror(index, n):
    """Half-sample symmetric reflection of a 0-based index: ... 1 0 | 0 1 ... n-1 | n-1 ..."""
    while index < 0 or index >= n:
        index = -index - 1 if index < 0 else 2 * n - 1 - index
    return index


def _reference_resize_1d(signal, out_length, scale, method, antialias):
    n = len(signal)
    stretch = scale < 1 and antialias
    half_width = _SUPPORT[method] / (scale if stretch else 1)
    out = np.zeros(out_length)
    for x in range(1, out_length + 1):
        centre = x / scale + 0.5 * (1 - 1 / scale)          # 1-based input coordinate
        total, norm = 0.0, 0.0
        for j in range(math.floor(centre - half_width) - 1, math.ceil(centre + half_width) + 2):
            distance = centre - j
            w = scale * _reference_kernel(method, scale * distance) if stretch \
                else _reference_kernel(method, distance)
            total += w * signal[_mirror(j - 1, n)]
            norm += w
        out[x - 1] = total / norm
    return out


def _reference_resize(image, out_shape, scale, method, antialias):
    rows = np.stack([_reference_resize_1d(image[:, c], out_shape[0], scale, method, antialias)
                     for c in range(image.shape[1])], axis=1)
    return np.stack([_reference_resize_1d(rows[r], out_shape[1], scale, method, antialias)
                     for r in range(rows.shape[0])], axis=0)


@pytest.mark.parametrize("method", ["bicubic", "bilinear", "lanczos"])
@pytest.mark.parametrize("scale, out_shape", [(0.5, (6, 7)), (1 / 3, (4, 5)),
                                               (2, (24, 26)), (3, (36, 39))])
def test_imresize_matches_the_slow_reference(method, scale, out_shape):
    image = np.random.default_rng(7).random((12, 13)).astype(np.float32)
    ours = imresize(image, scale=scale, output_shape=out_shape, method=method)
    expected = _reference_resize(image.astype(np.float64), out_shape, scale, method, True)
    assert ours.shape == out_shape
    np.testing.assert_allclose(ours, expected, atol=1e-5)


def test_shrinking_without_antialias_matches_the_reference_and_differs_from_with():
    image = np.random.default_rng(8).random((12, 12)).astype(np.float32)
    plain = imresize(image, 0.5, antialias=False)
    np.testing.assert_allclose(plain, _reference_resize(image, (6, 6), 0.5, "bicubic", False),
                               atol=1e-5)
    assert np.abs(plain - imresize(image, 0.5)).max() > 0.05


def test_published_values_of_a_4x4_ramp():
    # imresize(transpose(reshape(0:15, 4, 4)), 0.5, method, 'AntiAliasing', false) as printed
    # by GNU Octave's image package, which follows MATLAB (and checked by hand: u = 1.5, 3.5).
    image = np.arange(16, dtype=np.float32).reshape(4, 4)
    np.testing.assert_allclose(imresize(image, 0.5, method="bicubic", antialias=False),
                               [[2.1875, 4.3125], [10.6875, 12.8125]], atol=1e-6)
    np.testing.assert_allclose(imresize(image, 0.5, method="bilinear", antialias=False),
                               [[2.5, 4.5], [10.5, 12.5]], atol=1e-6)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("scale", [0.25, 1 / 3, 2, 3])
def test_a_constant_image_stays_constant(method, scale):
    image = np.full((17, 11, 3), 0.37, dtype=np.float32)
    np.testing.assert_allclose(imresize(image, scale, method=method), 0.37, atol=1e-6)


def test_a_linear_ramp_stays_linear_in_the_interior():
    ramp = np.arange(1, 21, dtype=np.float32)[None, :].repeat(5, axis=0)   # f(j) = j, 1-based
    enlarged = imresize(ramp, scale=(1, 3))
    # Output x is centred at input coordinate u = x/3 + 1/3, and Keys' cubic reproduces lines.
    expected = np.arange(1, 61) / 3 + 1 / 3
    interior = slice(6, -6)  # away from the mirrored edges
    np.testing.assert_allclose(enlarged[:, interior], expected[None, interior].repeat(5, 0),
                               atol=1e-5)
    shrunk = imresize(ramp, scale=(1, 0.5))  # antialiased kernel is symmetric: lines survive
    np.testing.assert_allclose(shrunk[:, 3:-3], (np.arange(1, 11) * 2 - 0.5)[None, 3:-3]
                               .repeat(5, 0), atol=1e-5)


@pytest.mark.parametrize("method", METHODS)
def test_scale_one_is_the_identity(method):
    image = np.random.default_rng(1).random((9, 10, 3)).astype(np.float32)
    np.testing.assert_array_equal(imresize(image, 1, method=method), image)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("in_length, out_length", [(10, 3), (7, 21), (1, 4), (5, 1), (30, 17)])
def test_the_weights_of_each_output_pixel_sum_to_one(method, in_length, out_length):
    weights, indices = resize_weights(in_length, out_length, out_length / in_length, method)
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, atol=1e-12)
    assert indices.min() >= 0 and indices.max() < in_length
    if method == "nearest":
        assert np.all((weights == 1).sum(axis=1) == 1)


def test_nearest_enlargement_repeats_pixels():
    image = np.random.default_rng(2).random((4, 5, 3)).astype(np.float32)
    np.testing.assert_array_equal(imresize(image, 3, method="nearest"),
                                  image.repeat(3, axis=0).repeat(3, axis=1))


def test_a_natural_photo_shrinks_like_other_antialiased_resamplers():
    photo8 = skimage.data.astronaut()
    photo = photo8.astype(np.float32) / 255
    ours = imresize(photo, 0.25)
    assert ours.shape == (128, 128, 3)
    pil = np.asarray(Image.fromarray(photo8).resize((128, 128), Image.BICUBIC)) / 255
    area = cv2.resize(photo, (128, 128), interpolation=cv2.INTER_AREA)
    # Pillow's antialiased bicubic is the same kernel with another edge rule; area averaging
    # is a box filter: both close, neither identical.
    assert np.abs(ours - pil).mean() < 0.004
    assert np.abs(ours - area).mean() < 0.012
    aliased = imresize(photo, 0.25, antialias=False)
    assert np.abs(aliased - pil).mean() > 3 * np.abs(ours - pil).mean()


def test_output_shape_and_scale_rules():
    image = np.zeros((300, 301), dtype=np.float32)
    assert imresize(image, 1 / 3).shape == (100, 101)   # ceil(301/3) = 101; 300/3 not 101
    assert imresize(image, output_shape=(50, 60)).shape == (50, 60)
    assert imresize(image, (0.5, 2)).shape == (150, 602)
    with pytest.raises(ValueError, match="unknown resize method"):
        imresize(image, 2, method="spline")
    with pytest.raises(ValueError):
        imresize(image)


def test_make_lr_crops_to_a_multiple_of_the_scale():
    hr = np.random.default_rng(3).random((103, 98, 3)).astype(np.float32)
    hr_cropped, lr = make_lr(hr, 4)
    assert hr_cropped.shape == (100, 96, 3) and lr.shape == (25, 24, 3)
    np.testing.assert_array_equal(hr_cropped, hr[:100, :96])
    np.testing.assert_allclose(lr, imresize(hr[:100, :96], 0.25), atol=1e-6)
    with pytest.raises(ValueError, match="smaller than the scale"):
        make_lr(hr[:3], 4)


@pytest.mark.parametrize("method", ["nearest", "bicubic", "lanczos"])
def test_upscale_interpolation_gives_exactly_scale_times_the_size(method):
    lr = np.random.default_rng(4).random((7, 5, 3)).astype(np.float32)
    out = upscale_interpolation(lr, 3, method)
    assert out.shape == (21, 15, 3) and out.dtype == np.float32
    assert out.min() >= 0 and out.max() <= 1
    # Decimating the centre of each 3×3 block gives back the input for an odd scale.
    if method == "nearest":
        np.testing.assert_array_equal(out[1::3, 1::3], lr)


def test_to_rgb_float_and_as_uint8():
    gray = np.array([[0, 255]], dtype=np.uint8)
    np.testing.assert_array_equal(to_rgb_float(gray), [[[0, 0, 0], [1, 1, 1]]])
    rgba = np.zeros((1, 1, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    assert to_rgb_float(rgba).shape == (1, 1, 3) and to_rgb_float(rgba).max() == 0
    deep = np.array([[[65535, 0, 32768]]], dtype=np.uint16)
    np.testing.assert_allclose(to_rgb_float(deep), [[[1.0, 0.0, 32768 / 65535]]], atol=1e-7)
    assert to_rgb_float(deep).dtype == np.float32
    values = np.array([0.0, 0.5 / 255 + 1e-4, 1.49 / 255, 1.2, -0.3], dtype=np.float32)
    np.testing.assert_array_equal(as_uint8(values), [0, 1, 1, 255, 0])
