"""Tiled inference: same result as one pass, no seams, progress, cancel, odd sizes, OOM."""

import numpy as np
import pytest
import torch

from cvlab.core.cancel import Cancelled
from cvlab.tools.superres.tiling import feather_weights, tile_starts, upscale_tiled


@pytest.fixture(scope="module")
def small_net():
    """A real ×2 conv net; receptive field ±3 input pixels (two 3×3 convs, then one 3×3
    at ×2), inside the 4-pixel margin that overlap 16 leaves at each tile edge."""
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 3, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 12, 3, padding=1), torch.nn.PixelShuffle(2),
        torch.nn.Conv2d(3, 3, 3, padding=1),
    ).eval()
    return net


def _untiled(net, image):
    with torch.inference_mode():
        out = net(torch.from_numpy(image.transpose(2, 0, 1).copy())[None])
    return out[0].permute(1, 2, 0).numpy()


def _nearest(scale):
    return torch.nn.Upsample(scale_factor=scale, mode="nearest")


@pytest.fixture(scope="module")
def odd_image():
    return np.random.default_rng(0).random((97, 131, 3)).astype(np.float32)


def test_tiled_equals_untiled(small_net, odd_image):
    reports = []
    tiled = upscale_tiled(small_net, odd_image, 2, tile=48, overlap=16, clip=False,
                          progress=lambda f, text: reports.append(f))
    expected = _untiled(small_net, odd_image)
    assert tiled.shape == expected.shape == (194, 262, 3)
    assert len(reports) == len(tile_starts(97, 48, 16)) * len(tile_starts(131, 48, 16)) > 4
    np.testing.assert_allclose(tiled, expected, atol=1e-4)
    one_pass = upscale_tiled(small_net, odd_image, 2, tile=None, clip=False)
    np.testing.assert_allclose(one_pass, expected, atol=1e-6)


def test_progress_rises_to_one(small_net, odd_image):
    reports = []
    upscale_tiled(small_net, odd_image, 2, tile=64, overlap=16,
                  progress=lambda f, text: reports.append((f, text)))
    fractions = [f for f, _ in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert reports[0][1] == f"tile 1 of {len(reports)}"


def test_cancel_between_tiles(small_net, odd_image):
    reports = []
    with pytest.raises(Cancelled):
        upscale_tiled(small_net, odd_image, 2, tile=48, overlap=16,
                      progress=lambda f, text: reports.append(f),
                      cancelled=lambda: len(reports) >= 2)
    assert len(reports) == 2


def test_feathering_hides_tile_differences():
    # A model whose output depends on the whole tile (adds the tile's mean): hard stitching
    # would show a step of about the difference of neighbouring tile means at each seam.
    image = np.linspace(0, 1, 200, dtype=np.float32)[None, :, None].repeat(40, 0).repeat(3, 2)
    upsample = _nearest(2)

    def tile_dependent(x):
        return upsample(x) + x.mean()

    out = upscale_tiled(tile_dependent, image, 2, tile=64, overlap=16, clip=False)
    step_between_tile_means = (64 - 16) / 200  # neighbouring tiles' means differ by this
    largest_jump = np.abs(np.diff(out[..., 0], axis=1)).max()
    assert largest_jump < step_between_tile_means / 5


@pytest.mark.parametrize("shape", [(1, 37), (37, 1), (1, 1), (3, 3), (5, 7)])
def test_tiny_and_odd_inputs_keep_the_exact_shape(small_net, shape):
    image = np.random.default_rng(1).random(shape + (3,)).astype(np.float32)
    out = upscale_tiled(small_net, image, 2, tile=48, overlap=16)
    assert out.shape == (2 * shape[0], 2 * shape[1], 3) and np.all(np.isfinite(out))
    # With a model that only repeats pixels, the reflection padding must crop away exactly.
    np.testing.assert_array_equal(upscale_tiled(_nearest(3), image, 3),
                                  image.repeat(3, 0).repeat(3, 1))


def test_multiple_of_pads_and_crops_back():
    seen = []

    def window_model(x):  # e.g. SwinIR: both sides must be multiples of 8
        seen.append(tuple(x.shape[-2:]))
        assert x.shape[-1] % 8 == 0 and x.shape[-2] % 8 == 0
        return torch.nn.functional.interpolate(x, scale_factor=2, mode="nearest")

    image = np.random.default_rng(2).random((45, 70, 3)).astype(np.float32)
    out = upscale_tiled(window_model, image, 2, tile=30, overlap=8, multiple_of=8)
    np.testing.assert_allclose(out, image.repeat(2, 0).repeat(2, 1), atol=1e-6)
    assert len(seen) > 1


def test_a_model_with_the_wrong_scale_is_reported(small_net):
    image = np.zeros((20, 20, 3), np.float32)
    with pytest.raises(ValueError, match="expected ×4"):
        upscale_tiled(small_net, image, 4)


def test_out_of_memory_halves_the_tile(small_net):
    image = np.random.default_rng(3).random((150, 150, 3)).astype(np.float32)
    sizes, retries = [], []

    def picky(x):
        sizes.append(max(x.shape[-2:]))
        if max(x.shape[-2:]) > 64:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2 GiB")
        return small_net(x)

    out = upscale_tiled(picky, image, 2, tile=128, overlap=16, clip=False,
                        on_retry=retries.append)
    assert retries == [64] and sizes[0] == 128
    np.testing.assert_allclose(out, _untiled(small_net, image), atol=1e-4)


def test_half_on_the_cpu_stays_float32(small_net, odd_image):
    full = upscale_tiled(small_net, odd_image[:40, :40], 2, half=True, clip=False)
    np.testing.assert_array_equal(full, upscale_tiled(small_net, odd_image[:40, :40], 2,
                                                      clip=False))


def test_layout_helpers():
    assert tile_starts(100, 48, 16) == [0, 32, 52]
    assert tile_starts(40, 48, 16) == [0]
    weights = feather_weights(32, 80, 100, 1, 16)   # interior tile: ramps at both ends
    assert weights[0] == 0 and weights[3] == 0 and weights[24] == 1 and weights[-1] == 0
    assert np.all(feather_weights(0, 48, 48, 2, 16) == 1)  # lone tile: full weight
    with pytest.raises(ValueError, match="larger than the overlap"):
        upscale_tiled(_nearest(2), np.zeros((50, 50, 3), np.float32), 2, tile=8, overlap=16)


def test_bf16_on_the_cpu_is_close_to_float32_but_not_identical(small_net, odd_image):
    patch = odd_image[:40, :40]
    full = upscale_tiled(small_net, patch, 2, clip=False)
    bf16 = upscale_tiled(small_net, patch, 2, half="bf16", clip=False)
    assert bf16.dtype == np.float32 and bf16.shape == full.shape
    difference = np.abs(bf16 - full).max()
    assert 0 < difference < 0.05  # bf16 keeps 8 mantissa bits: visible in the 3rd decimal


def test_unknown_precision_is_refused(small_net, odd_image):
    with pytest.raises(ValueError, match="half must be"):
        upscale_tiled(small_net, odd_image[:20, :20], 2, half="int8")
