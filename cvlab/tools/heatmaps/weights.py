"""The weights catalogue entries the Heatmaps tool owns: its ImageNet classifiers.

MobileNetV2 and EfficientNet-Lite0, which other tools load too, are in
cvlab/core/weights/backbones.py.

Named by the manifest (``weights="cvlab.tools.heatmaps.weights:ENTRIES"``); the registry adds
them to the app-wide catalogue. Tool code looks its files up with ``get(name)``, which
also knows the shared backbones.
"""

from __future__ import annotations

from cvlab.core.weights.backbones import SHARED_ENTRIES
from cvlab.core.weights.catalogue import Catalogue, Entry, UrlSource

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
    RESNET18_IMAGENET,
)

# This tool's own lookup by name (KeyError names the known entries).
CATALOGUE = Catalogue(SHARED_ENTRIES + ENTRIES)
get = CATALOGUE.get
