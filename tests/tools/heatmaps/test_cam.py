"""The CAM engine: the maths (CAM = Grad-CAM on a GAP+fc head), real ImageNet localisation
with MobileNetV2, hook/memory hygiene, determinism, batching and cancellation."""

import gc
import tracemalloc

import numpy as np
import pytest
import torch
from skimage import data
from torch import nn
from torchvision.transforms.v2 import functional as TF

from cvlab.core.cancel import Cancelled
from cvlab.core.weights.backbones import MOBILENET_V2_IMAGENET
from cvlab.core.weights.loading import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    build_classifier,
    imagenet_class_names,
    imagenet_preprocess,
)
from cvlab.tools.heatmaps.cam import (
    METHODS,
    CamResult,
    compute_cam,
    layer_names,
    resize_bilinear,
)

MULTI = ["features.4", "features.7", "features.14", "features.18"]
# Cup with its handle and the coffee, in coffee()'s own (400×600) pixels, read off the photo.
CUP_BOX = (160, 5, 425, 310)  # x0, y0, x1, y1


class Tiny(nn.Module):
    """conv blocks -> global average pooling -> fc: the head CAM needs."""

    def __init__(self, classes=5):
        super().__init__()
        self.features = nn.Sequential(
            nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU()),
            nn.Sequential(nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.BatchNorm2d(16),
                          nn.ReLU(inplace=True)),
            nn.Sequential(nn.Conv2d(16, 12, 3, padding=1), nn.ReLU(inplace=True)),
        )
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(12, classes)

    def forward(self, x):
        return self.fc(self.pool(self.features(x)).flatten(1))


def make_tiny(seed=0):
    torch.manual_seed(seed)
    model = Tiny()
    with torch.no_grad():  # non-trivial BN statistics, so eval vs train mode matters
        model.features[1][1].running_mean.uniform_(-0.2, 0.2)
        model.features[1][1].running_var.uniform_(0.5, 2.0)
    return model.eval()


def tiny_input(seed=1, size=20):
    return torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(seed))


def all_hooks(model):
    return [(name, kind) for name, m in model.named_modules()
            for kind in ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks",
                         "_backward_pre_hooks")
            if getattr(m, kind, None)]


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Small convolutions on a busy 2-core machine run far faster on one thread."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def mobilenet():
    return build_classifier(MOBILENET_V2_IMAGENET)


@pytest.fixture(scope="module")
def coffee():
    image = data.coffee()
    return image, imagenet_preprocess(image)[None]


@pytest.fixture(scope="module")
def chelsea():
    """The WHOLE photo resized to 224×224 (no centre crop), so the background strip on the
    right is in the input and upsampled(H, W) lines up with the photo."""
    image = data.chelsea()
    t = TF.resize(torch.from_numpy(image).permute(2, 0, 1).float() / 255, [224, 224],
                  antialias=True)
    return image, TF.normalize(t, list(IMAGENET_MEAN), list(IMAGENET_STD))[None]


def crop_to_photo(x, y, height, width):
    """imagenet_preprocess's geometry (short side 256, centre crop 224) back to the photo."""
    scale = 256 / min(height, width)
    rh, rw = round(height * scale), round(width * scale)
    return (x + (rw - 224) // 2 + 0.5) / scale - 0.5, (y + (rh - 224) // 2 + 0.5) / scale - 0.5


def test_methods_table():
    assert METHODS == {"cam": "CAM", "gradcam": "Grad-CAM", "gradcam++": "Grad-CAM++",
                       "xgradcam": "XGrad-CAM", "layercam": "Layer-CAM",
                       "scorecam": "Score-CAM", "eigencam": "Eigen-CAM"}


def test_layer_names(mobilenet):
    import torchvision

    assert layer_names(mobilenet) == [f"features.{i}" for i in range(19)]
    assert layer_names(make_tiny()) == ["features.0", "features.1", "features.2"]
    resnet = layer_names(torchvision.models.resnet18(weights=None))
    assert resnet == ["conv1"] + [f"layer{i}.{j}" for i in range(1, 5) for j in (0, 1)]


@pytest.mark.parametrize("target", [None, 0, 3])
def test_cam_equals_gradcam_on_a_gap_fc_head(target):
    """Grad-CAM's weights are the fc weights / (h·w) when GAP+fc follow the layer."""
    model, x = make_tiny(), tiny_input()
    cam = compute_cam(model, x, "cam", "features.2", target=target)
    grad = compute_cam(model, x, "gradcam", "features.2", target=target)
    assert cam.target == grad.target == (int(cam.probabilities.argmax()) if target is None
                                         else target)
    a, b = cam.maps["features.2"], grad.maps["features.2"]
    assert a.shape == b.shape == (10, 10) and a.max() > 0 and b.max() > 0
    np.testing.assert_allclose(np.maximum(a, 0) / a.max(), b / b.max(), atol=1e-5)
    # and the scale is exactly 1/(h·w)
    np.testing.assert_allclose(b, a / 100, rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(cam.fused, grad.fused, atol=1e-5)
    # explicit fc gives the same; a different class gives a different map
    np.testing.assert_array_equal(compute_cam(model, x, "cam", "features.2", target=target,
                                              fc=model.fc).maps["features.2"], a)


def test_cam_needs_a_gap_fc_head(mobilenet, coffee):
    with pytest.raises(ValueError, match="Grad-CAM"):
        compute_cam(mobilenet, coffee[1], "cam", "features.14")
    assert not all_hooks(mobilenet)


def test_coffee_is_espresso_and_the_maps_point_at_the_cup(mobilenet, coffee):
    image, x = coffee
    height, width = image.shape[:2]
    x0, y0, x1, y1 = CUP_BOX
    for method, layers in [("gradcam", "features.18"), ("gradcam++", "features.18"),
                           ("xgradcam", "features.18"), ("layercam", "features.18"),
                           ("cam", "features.18"), ("eigencam", "features.18"),
                           ("layercam", MULTI)]:
        result = compute_cam(mobilenet, x, method, layers)
        name = imagenet_class_names()[result.target]
        assert "espresso" in name or "cup" in name, name
        px, py = crop_to_photo(*result.peak(224, 224), height, width)
        print(method, name, "peak on the photo", (round(px), round(py)))
        assert x0 <= px <= x1 and y0 <= py <= y1, (method, layers, px, py)


def test_chelsea_is_a_cat_and_the_maps_point_at_the_cat(mobilenet, chelsea):
    image, x = chelsea
    height, width = image.shape[:2]
    for method, layers in [("gradcam", "features.18"), ("layercam", "features.18"),
                           ("eigencam", "features.18"), ("layercam", MULTI)]:
        result = compute_cam(mobilenet, x, method, layers)
        name = imagenet_class_names()[result.target]
        assert name in ("tabby", "tiger cat", "Egyptian cat"), name
        up = result.upsampled(height, width)
        px, py = result.peak(height, width)
        print(method, name, "peak", (px, py))
        assert up.shape == (height, width) and up[py, px] == up.max()
        # the background strip starts around x = 360 (top) .. 400 (bottom)
        assert px < 350, (method, px, py)
        assert up[:, :340].mean() > 2 * up[:, 400:].mean()


def check_result(result, model_input, layers):
    assert isinstance(result, CamResult)
    assert result.layers == tuple(layers) and list(result.maps) == list(layers)
    for m in result.maps.values():
        assert m.dtype == np.float32 and m.ndim == 2 and np.isfinite(m).all() and m.min() >= 0
    assert result.fused.dtype == np.float32
    assert result.fused.shape == tuple(model_input.shape[-2:])
    assert np.isfinite(result.fused).all()
    assert result.fused.min() >= 0 and result.fused.max() <= 1
    p = result.probabilities
    assert p.dtype == np.float32 and p.ndim == 1 and abs(float(p.sum()) - 1) < 1e-4


@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_on_mobilenet_is_valid_and_deterministic(mobilenet, coffee, method):
    x = coffee[1]
    layer = {"scorecam": "features.2"}.get(method, "features.18")  # Score-CAM: 24 channels
    first = compute_cam(mobilenet, x, method, layer, score_batch=64)
    check_result(first, x, [layer])
    assert first.maps[layer].shape == ((56, 56) if method == "scorecam" else (7, 7))
    assert first.fused.max() == 1.0
    second = compute_cam(mobilenet, x, method, layer, score_batch=64)
    np.testing.assert_array_equal(first.maps[layer], second.maps[layer])
    np.testing.assert_array_equal(first.fused, second.fused)
    assert first.target == int(first.probabilities.argmax())
    assert not all_hooks(mobilenet)
    assert all(p.grad is None for p in mobilenet.parameters())


def test_fused_multi_layer_layercam_on_mobilenet(mobilenet, coffee):
    x = coffee[1]
    result = compute_cam(mobilenet, x, "layercam", MULTI)
    check_result(result, x, MULTI)
    assert [result.maps[n].shape for n in MULTI] == [(28, 28), (14, 14), (7, 7), (7, 7)]
    # fusion (Layer-CAM paper): each upsampled map scaled as tanh(2 M / max M), then the
    # element-wise max, renormalised
    from cvlab.tools.heatmaps.cam import resize_bilinear

    height, width = x.shape[-2:]
    singles = []
    for n in MULTI:
        upsampled = resize_bilinear(compute_cam(mobilenet, x, "layercam", n).maps[n],
                                    height, width)
        singles.append(np.tanh(2 * np.clip(upsampled, 0, None) / upsampled.max()))
    expected = np.maximum.reduce(singles)
    expected = (expected - expected.min()) / (expected.max() - expected.min())
    np.testing.assert_allclose(result.fused, expected, atol=1e-6)


@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_on_several_tiny_layers(method):
    model, x = make_tiny(), tiny_input()
    layers = ["features.2"] if method == "cam" else ["features.0", "features.1", "features.2"]
    first = compute_cam(model, x, method, layers, target=2)
    check_result(first, x, layers)
    assert first.target == 2
    assert [first.maps[n].shape for n in layers] == [(20, 20), (10, 10), (10, 10)][-len(layers):]
    again = compute_cam(model, x, method, layers, target=2)
    for n in layers:
        np.testing.assert_array_equal(first.maps[n], again.maps[n])


def test_score_cam_batches_do_not_change_the_map():
    model, x = make_tiny(), tiny_input()
    a = compute_cam(model, x, "scorecam", ["features.1", "features.2"], score_batch=7)
    b = compute_cam(model, x, "scorecam", ["features.1", "features.2"], score_batch=64)
    for n in a.maps:
        np.testing.assert_allclose(a.maps[n], b.maps[n], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(a.fused, b.fused, atol=1e-5)


def live_tensors():
    gc.collect()
    return sum(1 for o in gc.get_objects() if issubclass(type(o), torch.Tensor))


def test_hooks_released_and_memory_flat_over_many_runs(mobilenet, coffee):
    """Runs 50..500 keep no Python memory (tracemalloc, started after run 50) and no
    tensors alive."""
    model, x = make_tiny(), tiny_input(size=16)
    methods = ["gradcam", "layercam", "eigencam", "cam"]
    try:
        for i in range(500):
            compute_cam(model, x, methods[i % 4], "features.2")
            if i == 49:
                early_tensors = live_tensors()
                tracemalloc.start()
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert grown < 512 * 1024, grown
    assert live_tensors() <= early_tensors
    assert not all_hooks(model)
    assert all(p.grad is None for p in model.parameters())
    for method in ("gradcam", "scorecam"):
        compute_cam(mobilenet, coffee[1], method, "features.1", score_batch=16)
    assert not all_hooks(mobilenet)
    assert all(p.grad is None for p in mobilenet.parameters())


def test_errors_are_clear_and_release_hooks():
    model, x = make_tiny(), tiny_input()
    with pytest.raises(ValueError, match="out of range.*5 classes"):
        compute_cam(model, x, "gradcam", ["features.1", "features.2"], target=7)
    assert not all_hooks(model)
    with pytest.raises(ValueError, match="no layer named.*features.0"):
        compute_cam(model, x, "gradcam", "features.9")
    with pytest.raises(ValueError, match="not a \\(1, K, h, w\\) feature map"):
        compute_cam(model, x, "gradcam", "fc")
    assert not all_hooks(model)
    with pytest.raises(ValueError, match="unknown CAM method"):
        compute_cam(model, x, "gradcam+++", "features.2")
    with pytest.raises(ValueError, match="\\(1, C, H, W\\)"):
        compute_cam(model, x[0], "gradcam", "features.2")


def test_cancel_in_the_middle_of_score_cam():
    model, x = make_tiny(), tiny_input()
    calls, fractions = [], []

    def cancelled():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        compute_cam(model, x, "scorecam", "features.1", score_batch=2, cancelled=cancelled,
                    progress=lambda f, text: fractions.append(f))
    assert len(calls) == 4  # once up front, then before each batch
    assert fractions == sorted(fractions) and 0 < fractions[-1] < 1
    assert not all_hooks(model)
    assert not model.training


def test_caller_modes_frozen_weights_and_training_flag():
    model, x = make_tiny(), tiny_input()
    reference = compute_cam(model, x, "gradcam", "features.2")
    with torch.inference_mode():
        inference_x = x.clone()
        inside = compute_cam(model, inference_x, "gradcam", "features.2")
    with torch.no_grad():
        under_no_grad = compute_cam(model, x, "layercam", "features.2")
    for p in model.parameters():
        p.requires_grad_(False)
    frozen = compute_cam(model, x, "gradcam", "features.2")
    np.testing.assert_array_equal(inside.fused, reference.fused)
    np.testing.assert_array_equal(frozen.fused, reference.fused)
    np.testing.assert_array_equal(under_no_grad.fused,
                                  compute_cam(model, x, "layercam", "features.2").fused)
    model.train()
    stats = model.features[1][1].running_mean.clone()
    trained_mode = compute_cam(model, x, "gradcam", "features.2")
    assert model.training  # restored
    np.testing.assert_array_equal(trained_mode.fused, reference.fused)  # ran in eval mode
    assert torch.equal(model.features[1][1].running_mean, stats)


def test_resize_and_peak():
    rng = np.random.default_rng(0)
    small = rng.random((7, 9)).astype(np.float32)
    ours = resize_bilinear(small, 50, 31)
    theirs = torch.nn.functional.interpolate(torch.from_numpy(small)[None, None], size=(50, 31),
                                             mode="bilinear", align_corners=False)[0, 0]
    np.testing.assert_allclose(ours, theirs.numpy(), atol=1e-6)
    fused = np.zeros((10, 20), np.float32)
    fused[7, 3] = 1.0
    result = CamResult("gradcam", ("a",), 0, {"a": fused}, fused, np.ones(1, np.float32))
    assert result.peak(10, 20) == (3, 7)
    assert result.peak(20, 40) in {(6, 14), (7, 14), (6, 15), (7, 15)}
    up = result.upsampled(33, 17)
    assert up.shape == (33, 17) and up.min() >= 0 and up.max() <= 1


def test_a_bf16_run_gives_a_float32_map_like_the_fp32_one(mobilenet, coffee):
    # Under bf16 autocast (as bench/gpu.py probes a GPU) every map must still reach numpy;
    # Eigen-CAM's SVD keeps bf16 where the gradient methods come back in float32.
    _, x = coffee
    for method in ("gradcam", "eigencam"):
        reference = compute_cam(mobilenet, x, method, "features.18")
        with torch.autocast("cpu", dtype=torch.bfloat16):
            low = compute_cam(mobilenet, x, method, "features.18")
        assert low.target == reference.target
        ref_map, low_map = reference.upsampled(224, 224), low.upsampled(224, 224)
        assert low_map.dtype == np.float32
        assert abs(np.corrcoef(ref_map.ravel(), low_map.ravel())[0, 1]) > 0.95, method


def test_bands_of_the_upsampled_map_are_the_whole_map_cut(monkeypatch):
    # A 13000² photo's map is made band by band (its peak, its overlay): the bands and the
    # peak must be exactly those of the whole map.
    from cvlab.tools.heatmaps import cam

    rng = np.random.default_rng(3)
    fused = rng.random((7, 9)).astype(np.float32)
    fused[4, 6] = fused.max() + 0.5  # a clear maximum, above 1 (clipped like the rest)
    full = resize_bilinear(fused, 301, 203)
    assert np.array_equal(resize_bilinear(fused, 301, 203, slice(120, 131)), full[120:131])
    result = CamResult("gradcam", ("x",), 0, {}, fused, np.ones(1))
    y, x = np.unravel_index(int(np.argmax(result.upsampled(301, 203))), (301, 203))
    monkeypatch.setattr(cam, "_BAND_VALUES", 203 * 7)  # 7 rows a band: many bands
    assert result.peak(301, 203) == (x, y)
