"""Load catalogue weights safely (no arbitrary unpickling) into torchvision models.

torch and torchvision are imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from cvlab.core.dtype import require_rgb8
from cvlab.core.i18n import translate
from cvlab.core.weights.catalogue import Entry
from cvlab.core.weights.store import file_sha256, local_path, status

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
RESIZE_SHORT_SIDE = 256
CROP_SIZE = 224

# architecture -> torchvision.models builder name; a new classifier is one line here.
CLASSIFIER_BUILDERS = {
    "mobilenet_v2": "mobilenet_v2",
    "resnet18": "resnet18",
}


class WeightsMissingError(FileNotFoundError):
    pass


class WeightsCorruptError(ValueError):
    pass


def fetch_command(name: str) -> str:
    return f"cvlab weights fetch {name}"


def checked_path(entry: Entry) -> Path:
    """The entry's file, after making sure it is there and matches the catalogue."""
    path = local_path(entry)
    state = status(entry)
    if state == "missing":
        raise WeightsMissingError(translate(
            "Weights", "weights {0} are not on this machine (expected at {1}); fetch them "
            "with: {2}").format(repr(entry.name), path, fetch_command(entry.name)))
    if state == "corrupt":
        raise WeightsCorruptError(translate(
            "Weights", "weights {0} at {1} do not match the catalogue (sha256 {2}, expected "
            "{3}); fetch them again with: {4}").format(
                repr(entry.name), path, file_sha256(path), entry.sha256_text(),
                fetch_command(entry.name)))
    return path


def load_state_file(path: str | Path) -> dict:
    """Tensors from a .safetensors or .pth/.pt file; pickled code is refused, never run."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".safetensors":
        from safetensors.torch import load_file

        return load_file(str(path), device="cpu")
    if suffix in (".pth", ".pt"):
        import torch

        state = torch.load(path, map_location="cpu", weights_only=True)
        if not isinstance(state, dict):
            raise ValueError(translate("Weights", "{0} holds a {1}, not a state dict").format(
                path, type(state).__name__))
        return state
    raise ValueError(translate("Weights", "{0}: unsupported weights format {1} (expected "
                               ".safetensors, .pth or .pt)").format(path, repr(suffix)))


def load_state_dict(entry: Entry) -> dict:
    """The entry's tensors, after checking its file (tools look entries up in their own
    ``weights.py``; core knows no model by name)."""
    return load_state_file(checked_path(entry))


def build_classifier(entry: Entry, device="cpu"):
    """A torchvision classifier with the entry's weights loaded strictly, in eval mode."""
    import torchvision

    builder_name = CLASSIFIER_BUILDERS.get(entry.architecture)
    if builder_name is None or entry.task != "classification":
        raise ValueError(f"{entry.name} ({entry.task}, {entry.architecture}) is not one of the "
                         f"classifiers this function builds: {sorted(CLASSIFIER_BUILDERS)}")
    state = load_state_dict(entry)
    model = getattr(torchvision.models, builder_name)(weights=None)
    model.load_state_dict(state, strict=True)
    return model.eval().to(device)


@lru_cache(maxsize=1)
def imagenet_class_names() -> tuple[str, ...]:
    """The 1000 ImageNet-1k class names, from torchvision's metadata (no download)."""
    from torchvision.models import MobileNet_V2_Weights

    return tuple(MobileNet_V2_Weights.IMAGENET1K_V1.meta["categories"])


def imagenet_preprocess(image: np.ndarray):
    """(H,W,3) uint8 RGB -> (3,224,224) float tensor: resize short side to 256, centre crop
    224, scale to [0,1], normalise with ImageNet's mean and std (torchvision's recipe)."""
    import torch
    from torchvision.transforms.v2 import functional as F

    tensor = torch.from_numpy(require_rgb8(image)).permute(2, 0, 1)
    tensor = F.resize(tensor, [RESIZE_SHORT_SIDE], antialias=True)
    tensor = F.center_crop(tensor, [CROP_SIZE, CROP_SIZE])
    tensor = tensor.float().div_(255.0)
    return F.normalize(tensor, list(IMAGENET_MEAN), list(IMAGENET_STD))


def classify(model, image: np.ndarray, top_k: int = 5) -> list[tuple[str, float]]:
    """Top-k (ImageNet class name, probability) for one RGB image."""
    import torch

    device = next(model.parameters()).device
    batch = imagenet_preprocess(image).unsqueeze(0).to(device)
    with torch.inference_mode():
        probabilities = model(batch).softmax(dim=1)[0].cpu()
    values, indices = probabilities.topk(top_k)
    names = imagenet_class_names()
    return [(names[i], float(v)) for v, i in zip(values.tolist(), indices.tolist())]
