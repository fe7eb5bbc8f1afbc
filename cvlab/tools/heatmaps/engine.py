"""What the Heatmaps tab and `cvlab cam` ask for, run in one place (no Qt).

A request names a method, the layer(s) it looks at and the target class; ``explain`` runs a
list of them on one image (preprocessed once), each with its faithfulness readout, and
``overlay`` blends a map onto the photo. Grids are just lists of requests: several methods
on one layer, one method over several depths, or one method for two classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from cvlab.core.colormaps import apply_colormap
from cvlab.core.i18n import translate
from cvlab.core.images import to_rgb8
from cvlab.core.jobs import JobContext, run_each
from cvlab.tools.heatmaps.cam import METHODS, CamResult

COLORMAPS = ("jet", "turbo", "inferno")


@dataclass(frozen=True)
class Request:
    method: str
    layers: tuple[str, ...]
    target: int | None = None       # None: the top-1 class

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}; choose from "
                             f"{', '.join(METHODS)}")
        if not self.layers:
            raise ValueError("a request needs at least one layer")


@dataclass
class Heatmap:
    request: Request
    result: CamResult
    title: str                      # "Grad-CAM · features.18 · espresso"
    faithfulness: dict = field(default_factory=dict)

    def on_image(self, height: int, width: int) -> np.ndarray:
        """The map resized to the photo, float32 in [0, 1]."""
        return self.result.upsampled(height, width)


@dataclass
class Explanation:
    image: np.ndarray                              # the photo, RGB uint8
    predictions: list[tuple[int, str, float]]      # top-5: class id, name, probability
    heatmaps: list[Heatmap]


def overlay(image: np.ndarray, heat: np.ndarray, colormap: str = "jet",
            alpha: float = 0.5) -> np.ndarray:
    """``heat`` ([0, 1], the photo's size or any size: resized) coloured and blended over the
    photo with opacity ``alpha``; returns RGB uint8."""
    from cvlab.tools.heatmaps.cam import resize_bilinear

    if colormap not in COLORMAPS:
        raise ValueError(f"unknown colormap {colormap!r}; choose from {', '.join(COLORMAPS)}")
    base = to_rgb8(image)
    height, width = base.shape[:2]
    alpha = float(np.clip(alpha, 0.0, 1.0))
    blended = np.empty_like(base)
    band = max(1, (1 << 20) // width)  # rows at a time: float temporaries stay small
    for start in range(0, height, band):
        rows = slice(start, min(start + band, height))
        band_heat = (heat[rows] if heat.shape == (height, width)
                     else resize_bilinear(heat, height, width, rows))  # never the whole map
        color = apply_colormap(np.clip(band_heat, 0, 1), colormap)[..., :3]
        blended[rows] = np.rint(base[rows] * (1 - alpha) + color * np.float32(alpha))
    return blended


def depth_layers(classifier) -> list[str]:
    """The deepest layer at each spatial resolution, shallow to deep (for a ResNet-18:
    layer1…layer4, the course's Layer-CAM figure), found with one forward pass."""
    import torch

    modules = dict(classifier.model.named_modules())
    shapes: dict[str, tuple[int, ...]] = {}
    handles = []
    for name in classifier.layers:
        module = modules.get(name)
        if module is None:
            continue
        handles.append(module.register_forward_hook(
            lambda _m, _i, out, name=name: shapes.__setitem__(name, tuple(out.shape[-2:]))
            if isinstance(out, torch.Tensor) and out.dim() == 4 else None))
    try:
        channels, (height, width) = classifier.input_channels, classifier.input_size
        dummy = torch.zeros(1, channels, height, width, device=classifier.device)
        with torch.inference_mode():
            classifier.model(dummy)
    finally:
        for handle in handles:
            handle.remove()
    deepest: dict[tuple[int, ...], str] = {}
    for name in classifier.layers:            # forward order: later ones replace earlier
        if name in shapes and min(shapes[name]) > 1:
            deepest[shapes[name]] = name
    return sorted(deepest.values(), key=classifier.layers.index)


def explain(classifier, image: np.ndarray, requests: Sequence[Request], *,
            faithfulness: bool = True, score_batch: int = 32,
            ctx: JobContext | None = None) -> Explanation:
    """Run every request on ``image`` (as the image loader returns it); ``ctx`` (progress,
    cancel) is the job's context, by default a local one."""
    from cvlab.tools.heatmaps.cam import compute_cam
    from cvlab.tools.heatmaps.faithfulness import average_drop_increase

    ctx = ctx if ctx is not None else JobContext.local("heatmaps", classifier.device)
    tensor = classifier.preprocess(image)
    predictions = classifier.predict(image)

    def run(part: JobContext, request: Request) -> Heatmap:
        result = compute_cam(classifier.model, tensor, request.method, list(request.layers),
                             target=request.target, fc=classifier.fc,
                             score_batch=score_batch, cancelled=part.cancelled,
                             progress=part.progress)
        readout = (average_drop_increase(classifier.model, tensor, result.fused, result.target)
                   if faithfulness else {})
        return Heatmap(request, result, _title(classifier, request, result), readout)

    done = run_each(ctx, requests, run, text=lambda request: METHODS[request.method])
    ctx.progress(1.0, translate("HeatmapEngine", "done"))
    return Explanation(to_rgb8(image), predictions, [heatmap for _, heatmap, _ in done])


def _title(classifier, request: Request, result: CamResult) -> str:
    layers = request.layers[0] if len(request.layers) == 1 else (
        translate("HeatmapEngine", "fused {0} layers").format(len(request.layers)))
    return f"{METHODS[request.method]} · {layers} · {classifier.class_names[result.target]}"
