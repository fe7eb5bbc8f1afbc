"""Gray stays gray, alpha is kept, 16-bit stays 16-bit through super-resolution."""

import numpy as np
import pytest

from cvlab.tools.superres.layout import restore_layout, split_layout
from cvlab.tools.superres.methods import upscale


def _ramp(height, width):
    return np.linspace(0, 1, height * width, dtype=np.float32).reshape(height, width)


def test_gray_uint8_round_trip():
    gray = (_ramp(20, 30) * 255).astype(np.uint8)
    rgb, layout = split_layout(gray)
    assert rgb.shape == (20, 30, 3) and layout.gray and layout.alpha is None
    out = restore_layout(upscale(rgb, "bicubic", 2), layout)
    assert out.shape == (40, 60) and out.dtype == np.uint8
    assert abs(float(out.mean()) - float(gray.mean())) < 2


def test_rgba_uint16_keeps_alpha_and_depth():
    rng = np.random.default_rng(1)
    rgba = (rng.random((16, 24, 4)) * 65535).astype(np.uint16)
    rgba[..., 3] = 0
    rgba[4:12, 6:18, 3] = 65535   # an opaque rectangle in a transparent image
    rgb, layout = split_layout(rgba)
    assert rgb.shape == (16, 24, 3) and layout.alpha is not None and not layout.gray
    out = restore_layout(upscale(rgb, "bicubic", 4), layout)
    assert out.shape == (64, 96, 4) and out.dtype == np.uint16
    assert out[32, 48, 3] == 65535 and out[2, 2, 3] == 0
    assert len(np.unique(out[..., :3])) > 256   # more levels than 8 bits could hold
    assert layout.describe() == "RGB, alpha, 16-bit"


def test_float_input_stays_float():
    rgb, layout = split_layout(_ramp(8, 8)[..., None].repeat(3, axis=-1))
    out = restore_layout(upscale(rgb, "nearest", 2), layout)
    assert out.dtype == np.float32 and out.shape == (16, 16, 3)


@pytest.mark.parametrize("shape", [(5, 5, 2), (5,), (3, 3, 5)])
def test_unusable_shapes_are_refused(shape):
    with pytest.raises(ValueError, match="gray, RGB or RGBA"):
        split_layout(np.zeros(shape, np.uint8))
