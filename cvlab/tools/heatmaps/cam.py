"""Class activation maps for a classifier: the engine of the Heatmaps tool (no Qt).

API::

    METHODS: dict[str, str]     # id -> title, in menu order (cam, gradcam, gradcam++,
                                #   xgradcam, layercam, scorecam, eigencam)

    compute_cam(model, tensor, method, layers, target=None, fc=None, score_batch=32,
                cancelled=None, progress=None) -> CamResult
    layer_names(model) -> list[str]

    CamResult(method, layers, target, maps, fused, probabilities)
        .upsampled(height, width) -> (height, width) float32 in [0, 1]
        .peak(height, width) -> (x, y)

``tensor`` is (1, C, H, W), already preprocessed (e.g. ``imagenet_preprocess(img)[None]``)
and on the model's device; everything runs on that device, CPU or CUDA. It must not be an
inference-mode tensor that needs grads: one is cloned outside inference mode first, and
:func:`compute_cam` leaves inference mode / no_grad locally itself, so a caller under
``torch.inference_mode()`` or ``torch.no_grad()`` is fine. ``target`` None is the top-1
class; scores are the target's LOGIT (pre-softmax) for the gradient methods.

``layers`` names modules as ``model.named_modules()`` does ("features.18", "layer4"); each
must output a (1, K, h, w) tensor. Every layer gets its own map (``CamResult.maps``, at the
layer's resolution, >= 0, not normalised). ``CamResult.fused`` is at the network INPUT
resolution (H, W): each layer's map is upsampled bilinearly to H×W, min-max normalised to
[0, 1], the layers are fused by element-wise max (as Layer-CAM fuses layers) and the result
is normalised again; with one layer it is that layer's normalised map. Note the map covers
the network input: after a centre crop (``imagenet_preprocess``) it belongs on the crop,
not on the whole photo — ``upsampled`` only resizes. The Heatmaps tool's
``Classifier.preprocess`` never crops and (for the built-ins) keeps the photo's aspect, so
its input, hence ``fused``, is the whole photo at (nearly) its own aspect, e.g. 224×320 for
a 2000×3000 photo; nothing here assumes a square input.

Methods and their formulas are in :mod:`cvlab.tools.heatmaps.cam_methods`. "cam" needs a
global-average-pooling + fully-connected head right after the layer: ``fc`` is that
``nn.Linear``; without it the model's last ``nn.Linear`` is used when its ``in_features``
equals the layer's channel count (a ValueError otherwise). "scorecam" runs one extra forward
pass per channel (``score_batch`` at a time, checking ``cancelled()`` between batches and
raising :class:`cvlab.core.cancel.Cancelled`); pick a layer with few channels on a CPU.

Guarantees: hooks live only during the one forward pass and are removed in ``finally``
(also on errors and cancellation); gradients come from ``torch.autograd.grad`` on the
hooked activations, so no parameter gets a ``.grad``; the model runs in eval mode and its
training flag is restored afterwards; nothing is cached between calls. Same input, same
device -> the same maps. torch is imported inside the functions: importing this module
(e.g. for METHODS in the GUI thread) is cheap, and CamResult's methods are plain numpy.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from cvlab.core.i18n import translate

if TYPE_CHECKING:
    import torch

METHODS: dict[str, str] = {
    "cam": "CAM",
    "gradcam": "Grad-CAM",
    "gradcam++": "Grad-CAM++",
    "xgradcam": "XGrad-CAM",
    "layercam": "Layer-CAM",
    "scorecam": "Score-CAM",
    "eigencam": "Eigen-CAM",
}
LAYERCAM_GAMMA = 2.0  # Layer-CAM's tanh scaling of each layer's map before fusing
GRADIENT_METHODS = frozenset({"gradcam", "gradcam++", "xgradcam", "layercam"})


_BAND_VALUES = 1 << 20  # values per band of rows in resize_bilinear


def resize_bilinear(array: np.ndarray, height: int, width: int,
                    rows: slice | None = None) -> np.ndarray:
    """(h, w) -> (height, width) float32, bilinear with half-pixel centres (the same
    sampling as torch's ``interpolate(..., align_corners=False)`` and OpenCV's
    INTER_LINEAR; no anti-aliasing when shrinking). With ``rows``, only those output rows:
    a band of a picture too large to hold as floats."""
    source = np.asarray(array, dtype=np.float32)
    if source.ndim != 2 or source.size == 0:
        raise ValueError(f"expected a non-empty 2-D map, got shape {source.shape}")
    height, width = int(height), int(width)
    if height < 1 or width < 1:
        raise ValueError(f"size must be positive, got {height}×{width}")
    if source.shape == (height, width):
        return source[rows or slice(None)].copy()

    def axis(n_out: int, n_in: int):
        x = (np.arange(n_out, dtype=np.float64) + 0.5) * (n_in / n_out) - 0.5
        x = np.clip(x, 0, n_in - 1)
        i0 = np.floor(x).astype(np.intp)
        return i0, np.minimum(i0 + 1, n_in - 1), (x - i0).astype(np.float32)

    y0, y1, fy = axis(height, source.shape[0])
    x0, x1, fx = axis(width, source.shape[1])
    if rows is not None:
        y0, y1, fy = y0[rows], y1[rows], fy[rows]
        height = len(fy)
    result = np.empty((height, width), np.float32)
    # In bands of rows: the temporaries stay a few MB even for a 13000² photo, where
    # whole-image temporaries took gigabytes.
    band = max(1, _BAND_VALUES // width)
    for start in range(0, height, band):
        rows = slice(start, min(start + band, height))
        top, bottom = source[y0[rows]], source[y1[rows]]
        top = top[:, x0] * (1 - fx) + top[:, x1] * fx
        bottom = bottom[:, x0] * (1 - fx) + bottom[:, x1] * fx
        result[rows] = top * (1 - fy[rows])[:, None] + bottom * fy[rows][:, None]
    return result


def normalise(array: np.ndarray) -> np.ndarray:
    """Min-max to [0, 1] (float32); a constant map becomes all zeros."""
    array = np.asarray(array, dtype=np.float32)
    low, high = float(array.min()), float(array.max())
    if not high > low:
        return np.zeros_like(array)
    return np.clip((array - low) / (high - low), 0.0, 1.0).astype(np.float32)


def fuse(maps: Sequence[np.ndarray], height: int, width: int,
         tanh_gamma: float | None = None) -> np.ndarray:
    """Upsample each map to height×width, normalise each, element-wise max, normalise.

    ``tanh_gamma``: when fusing several maps, scale each as tanh(γ · M / max M) instead of
    min-max, as the Layer-CAM paper (Jiang et al., 2021, γ = 2) does so that shallow layers'
    weaker, sparse maps count beside deep ones. A single map is always min-max normalised
    (tanh would flatten its peak)."""
    if not maps:
        raise ValueError("no maps to fuse")
    if tanh_gamma is None or len(maps) == 1:
        stack = [normalise(resize_bilinear(m, height, width)) for m in maps]
    else:
        stack = [_tanh_scaled(resize_bilinear(m, height, width), tanh_gamma) for m in maps]
    return stack[0] if len(stack) == 1 else normalise(np.maximum.reduce(stack))


def _tanh_scaled(array: np.ndarray, gamma: float) -> np.ndarray:
    peak = float(array.max())
    if not peak > 0:
        return np.zeros_like(array, dtype=np.float32)
    return np.tanh(gamma * np.clip(array, 0, None) / peak).astype(np.float32)


@dataclass(eq=False)
class CamResult:
    method: str
    layers: tuple[str, ...]
    target: int
    maps: dict[str, np.ndarray]
    fused: np.ndarray
    probabilities: np.ndarray

    def upsampled(self, height: int, width: int) -> np.ndarray:
        """The fused map resized bilinearly to height×width, in [0, 1]."""
        heat = resize_bilinear(self.fused, height, width)
        return np.clip(heat, 0.0, 1.0, out=heat)

    def upsampled_rows(self, height: int, width: int, rows: slice) -> np.ndarray:
        """Rows ``rows`` of ``upsampled(height, width)``, without the rest."""
        heat = resize_bilinear(self.fused, height, width, rows)
        return np.clip(heat, 0.0, 1.0, out=heat)

    def peak(self, height: int, width: int) -> tuple[int, int]:
        """(x, y) of the maximum of ``upsampled(height, width)`` (the first, if tied),
        found band by band so a huge photo never needs the whole map."""
        best, where = -1.0, (0, 0)
        band = max(1, _BAND_VALUES // width)
        for start in range(0, height, band):
            heat = self.upsampled_rows(height, width, slice(start, min(start + band, height)))
            index = int(np.argmax(heat))
            if heat.flat[index] > best:
                best = float(heat.flat[index])
                where = (index % width, start + index // width)
        return where


def layer_names(model: torch.nn.Module) -> list[str]:
    """The "blocks" one may target, in registration order (= forward order for torchvision's
    classifiers): each direct child of the model; a child that is a container
    (Sequential, ModuleList, ModuleDict — torchvision's ``features``, ResNet's ``layer1``..)
    is replaced by its own direct children; only blocks holding a ``Conv2d`` are kept (they
    output 4-D feature maps). MobileNetV2: features.0 .. features.18; ResNet-18: conv1,
    layer1.0, layer1.1, ... layer4.1. compute_cam also takes any other module name."""
    from torch import nn

    containers = (nn.Sequential, nn.ModuleList, nn.ModuleDict)
    names = []
    for name, child in model.named_children():
        blocks = ([(f"{name}.{sub}", block) for sub, block in child.named_children()]
                  if isinstance(child, containers) else [(name, child)])
        names += [full for full, block in blocks
                  if any(isinstance(m, nn.Conv2d) for m in block.modules())]
    return names


@contextmanager
def _captured(modules: dict[str, torch.nn.Module], for_grad: bool) -> Iterator[dict]:
    """Forward hooks that keep each module's output; always removed on exit.

    For the gradient methods the kept activation is a node in the graph (made a leaf that
    requires grad when the caller froze everything) and the model continues with a clone,
    so in-place operations downstream can't alter it; otherwise a detached copy is kept."""
    store: dict[str, torch.Tensor] = {}
    handles = []

    def make_hook(name):
        def hook(module, inputs, output):
            import torch

            if not isinstance(output, torch.Tensor) or output.dim() != 4 or output.shape[0] != 1:
                shape = tuple(output.shape) if isinstance(output, torch.Tensor) else type(output)
                raise ValueError(translate(
                    "HeatmapCam", "layer {0!r} outputs {1}, not a (1, K, h, w) feature map; "
                    "pick one of layer_names(model)").format(name, shape))
            if not for_grad:
                store[name] = output.detach().clone()
                return None
            kept = output if output.requires_grad else output.detach().requires_grad_(True)
            store[name] = kept
            return kept.clone()
        return hook

    try:
        for name, module in modules.items():
            handles.append(module.register_forward_hook(make_hook(name)))
        yield store
    finally:
        for handle in handles:
            handle.remove()


def _resolve_layers(model, layers) -> dict:
    names = (layers,) if isinstance(layers, str) else tuple(layers)
    names = tuple(dict.fromkeys(names))
    if not names:
        raise ValueError("no layer given; pick from layer_names(model)")
    table = dict(model.named_modules())
    unknown = [n for n in names if n not in table or n == ""]
    if unknown:
        raise ValueError(translate(
            "HeatmapCam", "no layer named {0} in {1}; layers one may target: {2}").format(
                unknown, type(model).__name__, layer_names(model)))
    return {n: table[n] for n in names}


def _find_fc(model, fc, channels: int, layer: str):
    from torch import nn

    if fc is None:
        linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
        fc = linears[-1] if linears else None
    if fc is None or fc.in_features != channels:
        found = (translate("HeatmapCam", "has no nn.Linear") if fc is None else
                 translate("HeatmapCam", "ends in a Linear({0}, ...)").format(fc.in_features))
        raise ValueError(translate(
            "HeatmapCam", "CAM needs a global-average-pooling + fully-connected head right "
            "after the layer; {0!r} has {1} channels but the model {2}. Pass fc=, pick the last "
            "feature layer, or use Grad-CAM (which needs no such head).").format(
                layer, channels, found))
    return fc


def compute_cam(model: torch.nn.Module, tensor: torch.Tensor, method: str,
                layers: str | Sequence[str], target: int | None = None,
                fc: torch.nn.Linear | None = None, score_batch: int = 32,
                cancelled: Callable[[], bool] | None = None,
                progress: Callable[[float, str], None] | None = None) -> CamResult:
    """One class activation map; see the module docstring."""
    import torch

    from cvlab.core.cancel import Cancelled
    from cvlab.tools.heatmaps import cam_methods

    if method not in METHODS:
        raise ValueError(f"unknown CAM method {method!r}; choose from {list(METHODS)}")
    if not isinstance(tensor, torch.Tensor) or tensor.dim() != 4 or tensor.shape[0] != 1:
        shape = tuple(tensor.shape) if isinstance(tensor, torch.Tensor) else type(tensor)
        raise ValueError(f"expected a (1, C, H, W) tensor, got {shape}")
    if target is not None:
        target = operator.index(target)
    modules = _resolve_layers(model, layers)
    if cancelled is not None and cancelled():
        raise Cancelled("cancelled before the forward pass")

    def report(fraction: float, text: str):
        if progress is not None:
            progress(float(fraction), text)

    was_training = model.training
    model.eval()
    for_grad = method in GRADIENT_METHODS
    try:
        with torch.inference_mode(False):
            x = tensor.clone() if tensor.is_inference() else tensor
            report(0.0, translate("HeatmapCam", "forward pass"))
            with torch.enable_grad() if for_grad else torch.no_grad():
                with _captured(modules, for_grad) as store:
                    logits = model(x)
                if not isinstance(logits, torch.Tensor) or logits.dim() != 2:
                    raise ValueError(translate(
                        "HeatmapCam", "the model must return (1, classes) logits, got {0}").format(
                            getattr(logits, "shape", type(logits))))
                n_classes = logits.shape[1]
                if target is None:
                    target = int(logits[0].argmax())
                if not 0 <= target < n_classes:
                    raise ValueError(translate(
                        "HeatmapCam", "target class {0} is out of range: the model has {1} "
                        "classes (0..{2})").format(target, n_classes, n_classes - 1))
                missing = [n for n in modules if n not in store]
                if missing:
                    raise ValueError(translate(
                        "HeatmapCam", "layer(s) {0} did not run in the forward pass").format(
                            missing))
                probabilities = logits.detach()[0].float().softmax(dim=0).cpu().numpy()
                activations = [store[n] for n in modules]
                if for_grad:
                    grads = torch.autograd.grad(logits[0, target], activations,
                                                allow_unused=True)
                    unused = [n for n, g in zip(modules, grads, strict=True) if g is None]
                    if unused:
                        raise ValueError(translate(
                            "HeatmapCam", "the class score does not depend on layer(s) {0}"
                        ).format(unused))
                report(0.1 if method == "scorecam" else 0.5, translate("HeatmapCam", "maps"))
            maps = {}
            with torch.no_grad():
                for i, name in enumerate(modules):
                    a = activations[i].detach()[0].float()
                    if for_grad:
                        layer_map = cam_methods.GRADIENT_FORMULAS[method](a, grads[i][0].float())
                    elif method == "cam":
                        weights = _find_fc(model, fc, a.shape[0], name).weight
                        if target >= weights.shape[0]:
                            raise ValueError(translate(
                                "HeatmapCam", "target class {0} is out of range for fc with {1} "
                                "outputs").format(target, weights.shape[0]))
                        layer_map = cam_methods.cam(a, weights[target].detach().float())
                    elif method == "eigencam":
                        layer_map = cam_methods.eigencam(a)
                    else:
                        def layer_progress(f, i=i, name=name):
                            report(0.1 + 0.9 * (i + f) / len(modules), f"Score-CAM {name}")

                        layer_map = cam_methods.score_cam(model, x.detach(), a, target,
                                                          score_batch, cancelled, layer_progress)
                    maps[name] = layer_map.float().cpu().numpy()  # numpy has no bfloat16
    finally:
        if was_training:
            model.train()
    height, width = tensor.shape[-2:]
    fused = fuse(list(maps.values()), int(height), int(width),
                 tanh_gamma=LAYERCAM_GAMMA if method == "layercam" else None)
    report(1.0, translate("HeatmapCam", "done"))
    return CamResult(method=method, layers=tuple(modules), target=int(target), maps=maps,
                     fused=fused, probabilities=probabilities.astype(np.float32))
