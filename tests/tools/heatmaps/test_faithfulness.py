"""Average Drop / Increase in Confidence on real MobileNetV2 predictions."""

import numpy as np
import pytest
import torch
from skimage import data

from cvlab.core.weights.backbones import MOBILENET_V2_IMAGENET
from cvlab.core.weights.loading import build_classifier, imagenet_preprocess
from cvlab.tools.heatmaps.cam import compute_cam
from cvlab.tools.heatmaps.faithfulness import average_drop_increase

# The cup (with handle and coffee) in the 224×224 centre crop of coffee(): the photo's box
# x 160..425, y 5..310 under imagenet_preprocess (×0.64, minus the crop offset 80, 16).
CUP_IN_CROP = (22, 0, 192, 182)  # x0, y0, x1, y1


@pytest.fixture(scope="module")
def setup():
    model = build_classifier(MOBILENET_V2_IMAGENET)
    x = imagenet_preprocess(data.coffee())[None]
    return model, x, compute_cam(model, x, "gradcam", "features.18")


def test_all_ones_map_changes_nothing(setup):
    model, x, cam = setup
    result = average_drop_increase(model, x, np.ones((224, 224), np.float32), cam.target)
    assert result["original"] == result["masked"]
    assert result["average_drop"] == 0.0 and result["increase"] is False
    assert abs(result["original"] - float(cam.probabilities[cam.target])) < 1e-5


def test_background_only_drops_more_than_the_grad_cam_map(setup):
    model, x, cam = setup
    x0, y0, x1, y1 = CUP_IN_CROP
    background = np.ones((224, 224), np.float32)
    background[y0:y1, x0:x1] = 0
    on_background = average_drop_increase(model, x, background, cam.target)
    on_cam = average_drop_increase(model, x, cam.fused, cam.target)
    nothing = average_drop_increase(model, x, np.zeros((224, 224), np.float32), cam.target)
    print("drop: background", on_background, "grad-cam", on_cam, "nothing", nothing)
    for r in (on_background, on_cam, nothing):
        assert 0 <= r["average_drop"] <= 100
        assert 0 <= r["masked"] <= 1 and 0 < r["original"] <= 1
        expected = max(0.0, r["original"] - r["masked"]) / r["original"] * 100
        assert r["average_drop"] == pytest.approx(expected)
        assert r["increase"] == (r["masked"] > r["original"])
    assert on_background["average_drop"] > on_cam["average_drop"] + 20


def test_bad_saliency_is_refused(setup):
    model, x, cam = setup
    with pytest.raises(ValueError, match="resolution"):
        average_drop_increase(model, x, np.ones((100, 100)), cam.target)
    with pytest.raises(ValueError, match="\\[0, 1\\]"):
        average_drop_increase(model, x, np.full((224, 224), 2.0), cam.target)
    with pytest.raises(ValueError, match="out of range"):
        average_drop_increase(model, x, np.ones((224, 224)), 1000)
    model.train()
    try:
        average_drop_increase(model, x, torch.ones(224, 224), cam.target)
        assert model.training
    finally:
        model.eval()
