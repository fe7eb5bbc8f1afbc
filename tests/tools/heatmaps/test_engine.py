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


def _bright_spot_classifier(keep_aspect: bool):
    """A tiny fully convolutional classifier (stride 4, GAP, fc) whose class 1 grows with
    brightness, so its CAM peaks on the brightest part of the photo."""
    import torch
    from torch import nn

    from cvlab.tools.heatmaps.classifier import Classifier

    torch.manual_seed(0)
    conv = nn.Conv2d(3, 2, 4, stride=4)
    with torch.no_grad():
        conv.weight.fill_(0.1)
        conv.bias.zero_()
    fc = nn.Linear(2, 2)
    with torch.no_grad():
        fc.weight.copy_(torch.tensor([[-1.0, -1.0], [1.0, 1.0]]))
        fc.bias.zero_()
    model = nn.Sequential(conv, nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), fc).eval()
    return Classifier(name="spot", title="spot", model=model, class_names=["dark", "bright"],
                      input_channels=3, layers=["1"], default_layer="1", fc=fc,
                      mean=(0.0, 0.0, 0.0), std=(1.0, 1.0, 1.0), keep_aspect=keep_aspect)


@pytest.mark.parametrize("method", ["cam", "gradcam"])
def test_the_map_has_the_photos_aspect_and_its_peak_lands_on_the_spot(method):
    from cvlab.tools.heatmaps.engine import explain

    photo = np.full((900, 300, 3), 20, np.uint8)   # a 3:1 tall photo
    photo[640:700, 180:240] = 255                   # a bright square centred at (210, 670)
    classifier = _bright_spot_classifier(keep_aspect=True)
    explained = explain(classifier, photo, [Request(method, ("1",), target=1)],
                        faithfulness=False)
    heatmap = explained.heatmaps[0]
    assert heatmap.result.fused.shape == (672, 224)   # 3:1 like the photo, not 224×224
    assert heatmap.result.maps["1"].shape == (168, 56)
    x, y = heatmap.result.peak(900, 300)
    assert abs(x - 210) <= 30 and abs(y - 670) <= 30
    on_photo = heatmap.on_image(900, 300)
    assert on_photo.shape == (900, 300)
    assert on_photo[640:700, 180:240].mean() > 0.8 and on_photo[:500].max() < 0.2
    # A user model (keep_aspect False) still gets the old 224×224 squash.
    squashed = explain(_bright_spot_classifier(keep_aspect=False), photo,
                       [Request(method, ("1",), target=1)], faithfulness=False)
    assert squashed.heatmaps[0].result.fused.shape == (224, 224)
