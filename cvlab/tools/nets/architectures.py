"""The architectures the Networks tool can build and measure, all WITHOUT weights.

Nothing here downloads: every builder passes ``weights=None`` (and ``weights_backbone=None``
for FCN), so a model is only its structure with random initial values, which is all that a
layer table, a parameter count or a MACs count needs.

API
---
``ARCHITECTURES: tuple[Architecture, ...]``, in the order ``cvlab nets list`` shows them.
``Architecture(name, title, family, description, input_size, builder, in_channels=3,
min_input=1, multiple=1, stage_parents=())``: ``builder(input_size)`` returns the
``nn.Module``; ``min_input`` is the smallest side every layer still gets at least one pixel
from, ``multiple`` what the side must divide by (ViT's patches, U-Net's four halvings);
``stage_parents`` names wrappers whose children are the units of the stages (see ``stages``).
``get(name) -> Architecture``: ``UnknownArchitecture`` (a ValueError) lists the known names
and the closest match. ``check_input(arch, side)``: ``InputSizeError`` when the side does
not fit. ``build(name, input_size=None) -> nn.Module`` checks and builds (eval mode).

Two ResNet-50s
--------------
He et al. (2015) put the stride 2 of a downsampling bottleneck in its first 1×1 conv;
torchvision (like most code since, "ResNet v1.5") puts it in the 3×3 conv. Same parameters,
more MACs for v1.5 (its 1×1 conv runs at the higher resolution), about 0.5 % better
accuracy. ``resnet50_paper`` (and 101, 152) are torchvision's models with the stride moved
back: conv1 stride 2, conv2 stride 1 in every block that downsamples.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate


class UnknownArchitecture(ValueError):
    """A name that is not in the registry (the message lists the known ones)."""


class InputSizeError(ValueError):
    """An input side the architecture cannot take (too small, or not a multiple it needs)."""


@dataclass(frozen=True)
class Architecture:
    name: str
    title: str
    family: str
    description: str
    input_size: int
    builder: Callable[[int], object]  # input side -> nn.Module
    in_channels: int = 3
    min_input: int = 1
    multiple: int = 1
    stage_parents: tuple[str, ...] = ()  # wrappers whose children are the stages' units


def _torchvision(name: str) -> Callable[[int], object]:
    def builder(_side: int):
        import torchvision

        return getattr(torchvision.models, name)(weights=None)
    return builder


def _vit_b_16(side: int):
    import torchvision

    # ViT's position embeddings are made for one image size: build it for the asked side.
    return torchvision.models.vit_b_16(weights=None, image_size=side)


def _fcn_resnet50(_side: int):
    from torchvision.models.segmentation import fcn_resnet50

    return fcn_resnet50(weights=None, weights_backbone=None)


def _efficientnet_lite0(_side: int):
    from cvlab.core.weights.efficientnet_lite import EfficientNetLite0

    return EfficientNetLite0()


def _unet(_side: int):
    from cvlab.tools.nets.unet import UNet

    return UNet()


def stride_in_first_conv(model):
    """He et al.'s ResNet from torchvision's: in each bottleneck that downsamples, the stride
    2 moves from the 3×3 conv (conv2) to the first 1×1 conv (conv1). Returns ``model``."""
    for block in model.modules():
        conv1, conv2 = getattr(block, "conv1", None), getattr(block, "conv2", None)
        if getattr(block, "conv3", None) is not None and conv2.stride != (1, 1):
            conv1.stride, conv2.stride = conv2.stride, (1, 1)
    return model


def _resnet_paper(depth: int) -> Callable[[int], object]:
    def builder(side: int):
        return stride_in_first_conv(_torchvision(f"resnet{depth}")(side))
    return builder


def _resnets() -> tuple[Architecture, ...]:
    basic = QT_TRANSLATE_NOOP("NetsTable", "He et al. 2015: basic blocks of two 3×3 convs "
                                       "(torchvision's network is the paper's)")
    v15 = QT_TRANSLATE_NOOP("NetsTable", "torchvision's (\"ResNet v1.5\"): a downsampling "
                                     "bottleneck has its stride 2 in the 3×3 conv")
    paper = QT_TRANSLATE_NOOP("NetsTable", "He et al. 2015: a downsampling bottleneck has its "
                                       "stride 2 in the first 1×1 conv")
    built = [Architecture(f"resnet{d}", f"ResNet-{d}", "ResNet", basic if d < 50 else v15,
                          224, _torchvision(f"resnet{d}")) for d in (18, 34, 50, 101, 152)]
    built += [Architecture(f"resnet{d}_paper", f"ResNet-{d} (paper)", "ResNet", paper, 224,
                           _resnet_paper(d)) for d in (50, 101, 152)]
    return tuple(built)


ARCHITECTURES: tuple[Architecture, ...] = (
    Architecture("alexnet", "AlexNet", "Classic CNN", QT_TRANSLATE_NOOP(
        "NetsTable", "Krizhevsky et al. 2012, torchvision's one-tower version: 5 convs, 3 fully "
                 "connected layers"), 224, _torchvision("alexnet"), min_input=63),
    Architecture("vgg16", "VGG-16", "Classic CNN", QT_TRANSLATE_NOOP(
        "NetsTable", "Simonyan and Zisserman 2014: 13 3×3 convs in 5 blocks, 3 fully connected "
                 "layers"), 224, _torchvision("vgg16"), min_input=32),
    *_resnets(),
    Architecture("densenet121", "DenseNet-121", "DenseNet", QT_TRANSLATE_NOOP(
        "NetsTable", "Huang et al. 2017: each layer sees the concatenated maps of all earlier "
                 "layers in its block"), 224, _torchvision("densenet121"), min_input=29),
    Architecture("mobilenet_v2", "MobileNetV2", "Mobile", QT_TRANSLATE_NOOP(
        "NetsTable", "Sandler et al. 2018: inverted residuals with depthwise 3×3 convs"),
        224, _torchvision("mobilenet_v2")),
    Architecture("efficientnet_lite0", "EfficientNet-Lite0", "Mobile", QT_TRANSLATE_NOOP(
        "NetsTable", "Google's EfficientNet-B0 without squeeze-excite, with ReLU6 (this "
                 "project's definition)"), 224, _efficientnet_lite0),
    Architecture("fcn_resnet50", "FCN-ResNet50", "Segmentation", QT_TRANSLATE_NOOP(
        "NetsTable", "Long et al. 2015 on a dilated ResNet-50: 21 class maps at 1/8 size, "
                 "upsampled to the input"), 224, _fcn_resnet50, stage_parents=("backbone",)),
    Architecture("unet", "U-Net", "Segmentation", QT_TRANSLATE_NOOP(
        "NetsTable", "Ronneberger et al. 2015: 4 down and 4 up steps with skip connections, 64 "
                 "base channels, padded convs, 1 grey channel in"), 224, _unet,
        in_channels=1, min_input=16, multiple=16),
    Architecture("vit_b_16", "ViT-B/16", "Transformer", QT_TRANSLATE_NOOP(
        "NetsTable", "Dosovitskiy et al. 2020: 16×16 patches, 12 encoder layers of self-attention "
                 "over all patches"), 224, _vit_b_16, min_input=16, multiple=16),
)

_BY_NAME = {arch.name: arch for arch in ARCHITECTURES}


def names() -> list[str]:
    return [arch.name for arch in ARCHITECTURES]


def get(name: str) -> Architecture:
    """The registry entry ``name``; UnknownArchitecture names the closest known one."""
    if name in _BY_NAME:
        return _BY_NAME[name]
    close = difflib.get_close_matches(name.lower(), names(), n=1, cutoff=0.5)
    known = ", ".join(names())
    if close:
        raise UnknownArchitecture(translate(
            "NetsTable", "unknown architecture '{0}' (did you mean {1}?); known: {2}").format(
            name, close[0], known))
    raise UnknownArchitecture(translate(
        "NetsTable", "unknown architecture '{0}'; known: {1}").format(name, known))


def check_input(arch: Architecture, side: int) -> None:
    """InputSizeError when ``side`` is too small for ``arch`` or not a multiple it needs."""
    if side < arch.min_input:
        raise InputSizeError(translate(
            "NetsTable", "--input {0} is too small for {1}: its layers need at least "
                     "{2}×{2} pixels").format(side, arch.name, arch.min_input))
    if side % arch.multiple:
        raise InputSizeError(translate(
            "NetsTable", "--input {0} does not fit {1}: the side must be a multiple of {2}").format(
            side, arch.name, arch.multiple))


def build(name: str, input_size: int | None = None):
    """``name``'s model without weights, in eval mode, for a square input of ``input_size``
    (the architecture's default when None). Builds on torch's current default device, so
    ``with torch.device("meta"):`` around it allocates no memory."""
    arch = get(name)
    side = arch.input_size if input_size is None else input_size
    check_input(arch, side)
    return arch.builder(side).eval()
