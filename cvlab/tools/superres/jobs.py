"""The Super-resolution tab's worker jobs (no Qt): functions of (ctx, ...), see
:mod:`cvlab.core.jobs`."""

from __future__ import annotations

from cvlab.core.images import read_image
from cvlab.tools.superres.layout import split_layout
from cvlab.tools.superres.methods import evaluate, upscale_each


def evaluate_job(ctx, hr, scale, methods, y_channel, tile, precision):
    return evaluate(hr, scale, methods, y_channel=y_channel, ctx=ctx, tile=tile,
                    precision=precision)


def upscale_job(ctx, image, scale, methods, tile, precision):
    """[(method name, output, seconds)] for each method on the opened image."""
    return upscale_each(ctx, image, scale, methods, tile=tile, precision=precision)


def open_job(ctx, path):
    return split_layout(read_image(path).array)
