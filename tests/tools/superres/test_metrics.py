"""PSNR / SSIM in BasicSR's convention, checked against scikit-image on the same settings."""

import math

import numpy as np
import pytest
import skimage.data
import torch
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from cvlab.core.dtype import as_uint8
from cvlab.tools.superres.metrics import psnr, psnr_per_image, rgb_to_y, ssim, ssim_per_image
from cvlab.tools.superres.resize import make_lr, upscale_interpolation

SKIMAGE_SSIM = dict(gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                    data_range=255)


@pytest.fixture(scope="module")
def bicubic_pair():
    """A real evaluation pair: astronaut HR and its ×4 bicubic reconstruction."""
    hr, lr = make_lr(skimage.data.astronaut(), 4)
    return upscale_interpolation(lr, 4, "bicubic"), hr


def _skimage_scores(a, b, crop, y_channel):
    if y_channel:
        a, b = rgb_to_y(a) * 255.0, rgb_to_y(b) * 255.0
        channel_axis = None
    else:
        a, b = a * 255.0, b * 255.0
        channel_axis = -1
    a, b = a.astype(np.float64), b.astype(np.float64)
    if crop:
        a, b = a[crop:-crop, crop:-crop], b[crop:-crop, crop:-crop]
    # Apples to apples: scikit-image filters with 'reflect' padding over the whole image and
    # then averages its SSIM map only after cropping (win_size - 1) / 2 = 5 pixels per side.
    # Those pixels' windows lie entirely inside the image, so the region and the values are
    # exactly BasicSR's 'valid' filtering; its 11-tap Gaussian (truncate 3.5, σ 1.5) is
    # BasicSR's cv2.getGaussianKernel(11, 1.5). So no extra crop is needed on either side.
    return (peak_signal_noise_ratio(b, a, data_range=255),
            structural_similarity(a, b, channel_axis=channel_axis, **SKIMAGE_SSIM))


@pytest.mark.parametrize("y_channel", [True, False])
@pytest.mark.parametrize("crop", [0, 4])
def test_agrees_with_scikit_image(bicubic_pair, y_channel, crop):
    sr, hr = bicubic_pair
    expected_psnr, expected_ssim = _skimage_scores(sr, hr, crop, y_channel)
    assert abs(psnr(sr, hr, crop, y_channel) - expected_psnr) < 0.01
    assert abs(ssim(sr, hr, crop, y_channel) - expected_ssim) < 0.0005
    assert 20 < expected_psnr < 35 and 0.5 < expected_ssim < 0.95  # a meaningful pair


def test_float32_ssim_holds_on_bright_flat_noisy_images():
    # Values near 255 with a small variance are where E[x²] − E[x]² cancels in float32.
    rng = np.random.default_rng(5)
    a = np.clip(0.97 + 0.004 * rng.standard_normal((96, 80, 3)), 0, 1).astype(np.float32)
    b = np.clip(a + 0.003 * rng.standard_normal(a.shape), 0, 1).astype(np.float32)
    for y_channel in (True, False):
        _, expected = _skimage_scores(a, b, 0, y_channel)
        assert abs(ssim(a, b, y_channel=y_channel) - expected) < 0.0005


def test_identical_images_give_infinite_psnr_and_ssim_one(bicubic_pair):
    _, hr = bicubic_pair
    assert psnr(hr, hr) == math.inf
    assert ssim(hr, hr) == pytest.approx(1.0, abs=1e-6)
    assert ssim(hr, hr, y_channel=False) == pytest.approx(1.0, abs=1e-6)


def test_crop_border_really_crops():
    rng = np.random.default_rng(6)
    a = rng.random((40, 50, 3)).astype(np.float32)
    b = a.copy()
    b[:3] = rng.random((3, 50, 3))       # differences only in a 3-pixel frame
    b[:, -2:] = 0.0
    assert psnr(a, b, crop_border=0) < 20 and ssim(a, b, crop_border=0) < 0.999
    assert psnr(a, b, crop_border=3) == math.inf
    assert ssim(a, b, crop_border=3) == pytest.approx(1.0, abs=1e-6)
    assert psnr(a, b, crop_border=2) < math.inf
    with pytest.raises(ValueError, match="leaves nothing"):
        psnr(a, b, crop_border=20)


def test_y_is_bt601_studio_range():
    colors = np.array([[[0, 0, 0], [1, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]], np.float32)
    expected = np.array([[16, 235, 16 + 65.481, 16 + 128.553, 16 + 24.966]]) / 255
    np.testing.assert_allclose(rgb_to_y(colors), expected, atol=1e-6)
    as_tensor = rgb_to_y(torch.from_numpy(colors).permute(2, 0, 1))   # (3, H, W)
    np.testing.assert_allclose(as_tensor.numpy(), expected, atol=1e-6)


def test_psnr_is_the_textbook_formula_on_the_y_channel():
    rng = np.random.default_rng(9)
    a = rng.random((20, 30, 3)).astype(np.float32)
    b = np.clip(a + 0.05 * rng.standard_normal(a.shape), 0, 1).astype(np.float32)
    mse = np.mean(((rgb_to_y(a).astype(np.float64) - rgb_to_y(b)) * 255) ** 2)
    assert psnr(a, b) == pytest.approx(10 * math.log10(255 ** 2 / mse), abs=1e-6)


def test_tensors_batches_and_numpy_agree(bicubic_pair):
    sr, hr = bicubic_pair
    sr_t = torch.from_numpy(sr).permute(2, 0, 1)
    hr_t = torch.from_numpy(hr).permute(2, 0, 1)
    assert psnr(sr_t, hr_t, 4) == pytest.approx(psnr(sr, hr, 4), abs=1e-9)
    assert ssim(sr_t, hr_t, 4) == pytest.approx(ssim(sr, hr, 4), abs=1e-6)
    batch_a = torch.stack([sr_t, hr_t])
    batch_b = torch.stack([hr_t, hr_t])
    per_image = ssim_per_image(batch_a, batch_b)
    assert per_image.shape == (2,)
    assert per_image[0] == pytest.approx(ssim(sr, hr), abs=1e-5)  # float32 round-off
    assert per_image[1] == pytest.approx(1.0, abs=1e-6)
    assert psnr_per_image(batch_a, batch_b)[1] == math.inf


def test_quantize_rounds_to_8_bit_levels_first(bicubic_pair):
    sr, hr = bicubic_pair
    rounded = as_uint8(sr).astype(np.float32) / 255
    assert psnr(sr, hr, quantize=True) == pytest.approx(psnr(rounded, hr), abs=1e-5)
    assert psnr(sr, hr, quantize=True) != psnr(sr, hr)


def test_mismatched_sizes_are_refused():
    with pytest.raises(ValueError, match="differ in size"):
        psnr(np.zeros((20, 20, 3), np.float32), np.zeros((20, 21, 3), np.float32))
    with pytest.raises(ValueError, match="SSIM needs"):
        ssim(np.zeros((8, 20, 3), np.float32), np.zeros((8, 20, 3), np.float32))
