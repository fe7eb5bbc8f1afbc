"""The Networks tab's worker jobs (no Qt). torch is imported inside them, on the worker.

* ``measure_job(ctx, names, side)``: the profiles of one or two networks (a meta-device
  pass each: ResNet-152 takes about half a second once torch is imported);
* ``course_job(ctx)``: the course's ResNet table, measured (eight networks, a few seconds),
  with its one-sentence explanation in the interface language;
* ``feature_model_job(ctx, name)``: a trained model's layers and first-layer filters (the
  model stays in the tool's cache for the maps);
* ``feature_maps_job(ctx, name, image, layer)``: one layer's maps for a photo.
"""

from __future__ import annotations

import numpy as np

from cvlab.core.i18n import translate


def measure_job(ctx, names: tuple[str, ...], side: int) -> tuple:
    from cvlab.tools.nets.architectures import get
    from cvlab.tools.nets.profile import profile

    profiles = []
    for index, name in enumerate(names):
        ctx.check_cancelled()
        ctx.progress(index / len(names), translate("NetsJobs", "Measuring {0}").format(
            get(name).title))
        profiles.append(profile(name, side))
    ctx.progress(1.0)
    return tuple(profiles)


def course_job(ctx) -> tuple:
    from cvlab.tools.nets.resnet_table import EXPLANATION, resnet_table

    ctx.progress(0.0, translate("NetsJobs", "Measuring the five ResNets in both variants"))
    rows = resnet_table()
    return rows, translate("NetsTable", EXPLANATION)


def _trained(ctx, name: str):
    from cvlab.tools.nets.features import load_model

    return ctx.models.get(name, lambda: load_model(name, ctx.device))


def feature_model_job(ctx, name: str) -> tuple[tuple[str, ...], np.ndarray]:
    from cvlab.tools.nets.features import first_layer_filters, layer_names

    model = _trained(ctx, name)
    return tuple(layer_names(name)), first_layer_filters(name, model=model)


def feature_maps_job(ctx, name: str, image: np.ndarray, layer: str):
    from cvlab.tools.nets.features import feature_maps

    return feature_maps(image, name, layer, model=_trained(ctx, name))
