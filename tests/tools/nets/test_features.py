"""Feature maps and first-layer filters with the real offline ImageNet weights.

`make test` fetches the offline weights first; a missing file is a failure naming the fix,
never a skip."""

import math
from pathlib import Path

import numpy as np
import pytest

from cvlab.core.images import read_image
from cvlab.core.weights import local_path, status
from cvlab.core.weights.backbones import EFFICIENTNET_LITE0_IMAGENET, MOBILENET_V2_IMAGENET
from cvlab.tools.nets.features import (
    feature_maps,
    first_conv,
    first_layer_filters,
    layer_names,
    load_model,
)

PHOTOS = Path(__file__).resolve().parents[2] / "data" / "photos"
CHINA = PHOTOS / "sklearn_china.jpg"     # 640×427
BABOON = PHOTOS / "opencv_baboon.jpg"    # 512×512


def _loaded(name, entry):
    if status(entry) != "present":
        pytest.fail(f"{local_path(entry)} is {status(entry)}; run: cvlab weights fetch "
                    f"{entry.name}")
    return load_model(name)


@pytest.fixture(scope="module")
def mobilenet():
    return _loaded("mobilenet_v2", MOBILENET_V2_IMAGENET)


@pytest.fixture(scope="module")
def lite0():
    return _loaded("efficientnet_lite0", EFFICIENTNET_LITE0_IMAGENET)


def test_mobilenet_feature_maps_have_the_layer_s_shape(mobilenet):
    image = read_image(CHINA).array
    height, width = image.shape[:2]
    # The whole photo, shorter side 224 (torchvision's resize rounds the longer side down).
    seen = (224, int(width * 224 / height)) if height < width else (int(height * 224 / width), 224)
    first = feature_maps(image, "mobilenet_v2", model=mobilenet)
    assert first.layer == "features.0" and first.input_size == seen
    assert first.layers == tuple(f"features.{i}" for i in range(19))
    assert first.maps.dtype == np.float32
    assert first.maps.shape == (32, math.ceil(seen[0] / 2), math.ceil(seen[1] / 2))
    last = feature_maps(image, "mobilenet_v2", "features.18", model=mobilenet)
    assert last.maps.shape == (1280, math.ceil(seen[0] / 32), math.ceil(seen[1] / 32))
    # ReLU6 outputs, and the photo is not a blank: the maps vary
    assert 0 <= last.maps.min() and last.maps.max() <= 6 and first.maps.std() > 0.05


def test_the_maps_depend_on_the_image(mobilenet):
    china = feature_maps(read_image(CHINA).array, model=mobilenet, layer="features.4")
    baboon = feature_maps(read_image(BABOON).array, model=mobilenet, layer="features.4")
    assert baboon.maps.shape == (32, 28, 28)
    assert china.maps.mean(axis=(1, 2)) != pytest.approx(baboon.maps.mean(axis=(1, 2)),
                                                         rel=0.05)


def test_efficientnet_feature_maps(lite0):
    maps = feature_maps(read_image(BABOON).array, "efficientnet_lite0", "_head_relu",
                        model=lite0)
    assert maps.maps.shape == (1280, 7, 7) and maps.layers[0] == "_stem_relu"
    assert len(layer_names("efficientnet_lite0")) == 18


def test_an_unknown_layer_or_model_is_one_sentence(mobilenet):
    with pytest.raises(ValueError, match="mobilenet_v2 has no layer 'conv9'; layers: "
                                         "features.0, features.1"):
        feature_maps(read_image(BABOON).array, layer="conv9", model=mobilenet)
    with pytest.raises(ValueError, match="feature maps are for: mobilenet_v2, "
                                         "efficientnet_lite0"):
        layer_names("resnet18")


@pytest.mark.parametrize("which", ["mobilenet", "lite0"])
def test_first_layer_filters_grid(which, request):
    model = request.getfixturevalue(which)
    name = "mobilenet_v2" if which == "mobilenet" else "efficientnet_lite0"
    weights = first_conv(model).weight.detach().numpy()
    count, _, k, _ = weights.shape
    grid = first_layer_filters(name, model=model, cell=4, gap=1)
    columns = math.ceil(math.sqrt(count))
    rows = math.ceil(count / columns)
    assert grid.dtype == np.uint8
    assert grid.shape == (rows * 4 * k + rows - 1, columns * 4 * k + columns - 1, 3)
    # tile 0, top-left weight of each color: mid-grey plus the weight over the filter's peak
    peak = np.abs(weights[0]).max()
    expected = np.rint((0.5 + 0.5 * weights[0, :, 0, 0] / peak) * 255)
    assert grid[0, 0].tolist() == expected.astype(int).tolist()
    assert grid[:4 * k, :4 * k].min() == 0 or grid[:4 * k, :4 * k].max() == 255
