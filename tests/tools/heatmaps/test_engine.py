"""Requests, overlays and depth layers of the Heatmaps engine."""

import numpy as np
import pytest

from cvlab.tools.heatmaps.engine import Request, depth_layers, overlay


def test_overlay_blends_by_alpha_and_resizes_the_map():
    photo = np.full((40, 60, 3), 100, np.uint8)
    heat = np.zeros((4, 6), np.float32)
    heat[2:, 3:] = 1.0
    shown = overlay(photo, heat, "jet", alpha=0.0)
    np.testing.assert_array_equal(shown, photo)
    full = overlay(photo, heat, "jet", alpha=1.0)
    assert full.shape == (40, 60, 3) and full.dtype == np.uint8
    assert tuple(full[0, 0]) != tuple(full[39, 59])       # cold corner, hot corner
    assert full[39, 59, 0] > full[39, 59, 2]               # jet's hot end is red
    half = overlay(photo, heat, "jet", alpha=0.5).astype(int)
    np.testing.assert_allclose(half, (photo.astype(int) + full) / 2, atol=1)


def test_overlay_takes_gray_and_16_bit_photos():
    gray16 = (np.arange(20 * 30, dtype=np.uint16).reshape(20, 30) * 100)
    assert overlay(gray16, np.ones((20, 30), np.float32), "turbo", 0.3).shape == (20, 30, 3)


def test_bad_requests_and_colormaps_are_refused():
    with pytest.raises(ValueError, match=r"unknown method 'gradcam\+'"):
        Request("gradcam+", ("features.18",))
    with pytest.raises(ValueError, match="at least one layer"):
        Request("gradcam", ())
    with pytest.raises(ValueError, match="jet, turbo, inferno"):
        overlay(np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4)), "viridis")


def test_depth_layers_pick_the_deepest_block_per_resolution():
    from cvlab.tools.heatmaps.classifiers import load_classifier

    mobilenet = load_classifier("mobilenet_v2")
    assert depth_layers(mobilenet) == ["features.1", "features.3", "features.6",
                                       "features.13", "features.18"]
