"""The Heatmaps tab's worker jobs (no Qt): load a classifier once per device, explain.

A model source is a hashable tuple: ("builtin", name) or ("user", path, architecture,
class-names path). The tool's model cache (``ctx.models``) keeps the loaded classifier under
it; the CLI goes through the same :func:`classifier_for` with a local context.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cvlab.tools.heatmaps.engine import Request, depth_layers, explain


@dataclass(frozen=True)
class ModelFacts:
    """What the tab's controls need to know about the loaded classifier."""
    title: str
    layers: tuple[str, ...]
    default_layer: str
    depth_layers: tuple[str, ...]
    class_names: tuple[str, ...]
    has_fc: bool
    note: str


def classifier_for(ctx, source: tuple):
    def load():
        from cvlab.tools.heatmaps.classifiers import load_classifier, load_user_classifier

        if source[0] == "builtin":
            return load_classifier(source[1], ctx.device)
        _, path, architecture, classes = source
        return load_user_classifier(path, ctx.device, architecture=architecture,
                                    class_names_path=classes)

    return ctx.models.get(source, load)


def describe_job(ctx, source: tuple) -> ModelFacts:
    classifier = classifier_for(ctx, source)
    depths = depth_layers(classifier) if classifier.layers else []
    return ModelFacts(classifier.title, tuple(classifier.layers), classifier.default_layer or "",
                      tuple(depths), tuple(classifier.class_names), classifier.fc is not None,
                      classifier.note)


def explain_job(ctx, source: tuple, image: np.ndarray, requests: list[Request],
                second_class_from_top2: bool = False):
    """Returns (Explanation, [map at the photo's size per heatmap])."""
    classifier = classifier_for(ctx, source)
    if second_class_from_top2 and len(requests) == 2 and requests[1].target is None:
        runner_up = classifier.predict(image, top_k=2)[1][0]
        requests = [requests[0], Request(requests[1].method, requests[1].layers, runner_up)]
    explanation = explain(classifier, image, requests, ctx=ctx)
    height, width = image.shape[:2]
    return explanation, [h.on_image(height, width) for h in explanation.heatmaps]
