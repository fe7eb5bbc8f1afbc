"""Colormaps and default display levels: plain numpy, no Qt."""

import numpy as np
import pytest

from cvlab.core.colormaps import (
    COLORMAPS,
    apply_colormap,
    default_levels,
    lookup_table,
    normalize,
    to_display_rgba,
)


def _luminance(rgba: np.ndarray) -> np.ndarray:
    return rgba[..., :3].astype(float) @ np.array([0.2126, 0.7152, 0.0722])


@pytest.mark.parametrize("name", COLORMAPS)
def test_shape_dtype_and_opaque_alpha(name):
    values = np.linspace(0, 1, 35).reshape(5, 7)
    rgba = apply_colormap(values, name)
    assert rgba.shape == (5, 7, 4)
    assert rgba.dtype == np.uint8
    assert (rgba[..., 3] == 255).all()


def test_known_endpoints():
    ends = np.array([0.0, 1.0])
    np.testing.assert_array_equal(apply_colormap(ends, "gray")[:, :3], [[0, 0, 0], [255] * 3])
    # jet: dark blue to dark red
    np.testing.assert_array_equal(apply_colormap(ends, "jet")[:, :3], [[0, 0, 128], [128, 0, 0]])
    # inferno: its published first and last colours, #000004 and #fcffa4
    np.testing.assert_array_equal(apply_colormap(ends, "inferno")[:, :3],
                                  [[0, 0, 4], [252, 255, 164]])
    # turbo: the polynomial's constant terms at 0 (dark blue-violet) and red-brown at 1
    turbo = apply_colormap(ends, "turbo")[:, :3].astype(int)
    np.testing.assert_allclose(turbo[0], [35, 23, 27], atol=2)
    assert turbo[1, 0] > 100 and turbo[1, 2] < 20


def test_inferno_luminance_rises_monotonically():
    lum = _luminance(apply_colormap(np.linspace(0, 1, 256), "inferno"))
    assert (np.diff(lum) >= -0.5).all()  # rounding to uint8 may wobble by under a level
    assert lum[-1] - lum[0] > 200


def test_jet_middle_is_green_and_values_are_clipped():
    rgba = apply_colormap(np.array([-3.0, 0.5, 7.0, np.nan]), "jet")
    np.testing.assert_array_equal(rgba[1, :3], [128, 255, 128])
    np.testing.assert_array_equal(rgba[0], apply_colormap(np.array([0.0]), "jet")[0])
    np.testing.assert_array_equal(rgba[2], apply_colormap(np.array([1.0]), "jet")[0])
    np.testing.assert_array_equal(rgba[3], rgba[0])


def test_unknown_name_is_refused():
    with pytest.raises(ValueError, match="viridis"):
        apply_colormap(np.zeros(3), "viridis")


def test_normalize_range_and_constant_input():
    out = normalize(np.array([[2.0, 4.0], [6.0, np.nan]]))
    np.testing.assert_allclose(out, [[0.0, 0.5], [1.0, 0.0]])
    assert out.dtype == np.float32
    constant = normalize(np.full((3, 4), 7.0))
    assert constant.shape == (3, 4) and (constant == 0).all()
    assert normalize(np.full(2, np.nan)).tolist() == [0.0, 0.0]


def test_lookup_table_matches_apply():
    table = lookup_table("turbo", 11)
    np.testing.assert_array_equal(table, apply_colormap(np.linspace(0, 1, 11), "turbo"))


def test_default_levels():
    assert default_levels(np.zeros((4, 4), np.uint8)) == (0.0, 255.0)
    assert default_levels(np.zeros((4, 4, 3), np.uint16)) == (0.0, 65535.0)
    assert default_levels(np.random.rand(4, 4, 3).astype(np.float32)) == (0.0, 1.0)
    # gray float: 0.5/99.5 percentiles, so one outlier does not set the window
    ramp = np.arange(10_000, dtype=np.float32).reshape(100, 100)
    ramp[0, 0] = -1e6
    lo, hi = default_levels(ramp)
    assert 40 < lo < 60 and 9940 < hi < 9960
    lo, hi = default_levels(np.full((5, 5), 3.0, np.float32))
    assert lo < 3.0 < hi


def test_to_display_rgba_applies_levels_and_keeps_alpha():
    gray = np.array([[0.0, 50.0, 100.0]], np.float32)
    shown = to_display_rgba(gray, (0.0, 100.0))
    np.testing.assert_array_equal(shown[0, :, 0], [0, 128, 255])
    assert (shown[..., 3] == 255).all()
    rgba = np.zeros((1, 2, 4), np.uint8)
    rgba[..., 3] = [10, 200]
    np.testing.assert_array_equal(to_display_rgba(rgba, (0, 255))[0, :, 3], [10, 200])
