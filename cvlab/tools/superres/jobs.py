"""The Super-resolution tab's worker jobs (no Qt): functions of (ctx, ...), see
:mod:`cvlab.core.jobs`. The tab submits one job per method, so each method's result shows
as soon as it is done; ``evaluate_job`` and ``upscale_job`` run several in one job."""

from __future__ import annotations

from cvlab.core.images import read_image
from cvlab.tools.superres.layout import split_layout
from cvlab.tools.superres.methods import evaluate, upscale_each


def evaluate_job(ctx, hr, scale, methods, y_channel, tile, precision):
    return evaluate(hr, scale, methods, y_channel=y_channel, ctx=ctx, tile=tile,
                    precision=precision)


def evaluate_method_job(ctx, hr, scale, method, y_channel, tile, precision):
    """An Evaluation of one method (its LR input made from ``hr`` again: cheap, and the
    jobs of a run stay independent)."""
    return evaluate_job(ctx, hr, scale, [method], y_channel, tile, precision)


def upscale_job(ctx, image, scale, methods, tile, precision):
    """[(method name, output, seconds)] for each method on the opened image."""
    return upscale_each(ctx, image, scale, methods, tile=tile, precision=precision)


def upscale_method_job(ctx, image, scale, method, tile, precision):
    """(method name, output, seconds) of one method on the opened image."""
    return upscale_job(ctx, image, scale, [method], tile, precision)[0]


def open_job(ctx, path):
    return split_layout(read_image(path).array)
