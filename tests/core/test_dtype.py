"""The pixel-type conversions of cvlab.core.dtype at their edges."""

import numpy as np
import pytest

from cvlab.core.dtype import (
    as_float01,
    as_uint8,
    as_uint16,
    check_dtype,
    check_image_array,
    require_rgb8,
)


def test_nan_becomes_zero():
    values = np.array([np.nan, 0.5, -np.nan], np.float32)
    assert as_uint8(values).tolist() == [0, 128, 0]
    assert as_float01(values).tolist() == [0.0, 0.5, 0.0]


def test_out_of_range_floats_are_clipped():
    values = np.array([-1e9, -0.01, 1.01, 3.0, np.inf, -np.inf])
    assert as_uint8(values).tolist() == [0, 0, 255, 255, 255, 0]
    assert as_float01(values).tolist() == [0.0, 0.0, 1.0, 1.0, 1.0, 0.0]


def test_floats_round_to_the_nearest_level():
    # Just below / above half a level: down / up to the nearer level.
    step = 1 / 255
    values = np.array([0.49 * step, 0.51 * step, 1.49 * step, 1.51 * step, 254.6 * step])
    assert as_uint8(values).tolist() == [0, 1, 1, 2, 255]


def test_sixteen_bit_scales_by_257_with_rounding():
    # 257 is odd, so v / 257 is never exactly a half: 385 → 1.498 → 1, 386 → 1.502 → 2.
    values = np.array([0, 128, 129, 257, 385, 386, 65535, 65406], np.uint16)
    assert as_uint8(values).tolist() == [0, 0, 1, 1, 1, 2, 255, 254]
    assert as_float01(np.array([0, 65535], np.uint16)).tolist() == [0.0, 1.0]


def test_uint8_passes_through_and_bool_is_full_scale():
    values = np.array([[0, 7, 255]], np.uint8)
    assert as_uint8(values) is values
    np.testing.assert_allclose(as_float01(values), [[0.0, 7 / 255, 1.0]], rtol=1e-6)
    flags = np.array([False, True])
    assert as_uint8(flags).tolist() == [0, 255]
    assert as_float01(flags).tolist() == [0.0, 1.0]


def test_any_shape_is_kept_and_results_are_float32():
    volume = np.full((2, 3, 4, 5), 0.25, np.float64)
    assert as_uint8(volume).shape == volume.shape
    assert as_float01(volume).dtype == np.float32


def test_unsupported_types_and_layouts_are_refused():
    with pytest.raises(ValueError, match="int32"):
        check_dtype(np.zeros(3, np.int32))
    with pytest.raises(ValueError, match="int8"):
        as_uint8(np.zeros(3, np.int8))
    with pytest.raises(ValueError, match="shape"):
        check_image_array(np.zeros((2, 2, 2), np.uint8))
    assert check_image_array(np.zeros((2, 3, 1), np.uint16)).shape == (2, 3)


def test_require_rgb8_takes_8_bit_pixels_only():
    gray = np.arange(6, dtype=np.uint8).reshape(2, 3)
    assert require_rgb8(gray).shape == (2, 3, 3) and (require_rgb8(gray)[..., 2] == gray).all()
    rgba = np.zeros((2, 2, 4), np.uint8)
    assert require_rgb8(rgba).shape == (2, 2, 3) and require_rgb8(rgba).flags.c_contiguous
    for bad in (np.zeros((2, 2), np.uint16), np.zeros((2, 2, 3), np.float32),
                np.zeros((2, 2, 2), np.uint8)):
        with pytest.raises(ValueError, match="expected an \\(H,W,3\\) uint8 RGB image"):
            require_rgb8(bad)


def test_as_uint16_edges():
    assert as_uint16(np.array([0, 1, 255], np.uint8)).tolist() == [0, 257, 65535]
    values = np.array([np.nan, -0.5, 0.5, 2.0, 0.49 / 65535, 0.51 / 65535], np.float32)
    assert as_uint16(values).tolist() == [0, 0, 32768, 65535, 0, 1]
    assert as_uint16(np.array([True, False])).tolist() == [65535, 0]
    deep = np.array([3, 65535], np.uint16)
    assert as_uint16(deep) is deep
    assert (as_uint8(as_uint16(np.arange(256, dtype=np.uint8))) == np.arange(256)).all()
