"""The Restore tab's worker jobs (no Qt): functions of (ctx, ...), see :mod:`cvlab.core.jobs`.

The method jobs return ``[(method name, result, seconds), ...]`` in the order asked."""

from __future__ import annotations

from cvlab.core.i18n import translate
from cvlab.core.jobs import run_each
from cvlab.tools.restore.methods import (
    COLOR_METHODS,
    INPAINT_METHODS,
    method,
    run_colorize,
    run_inpaint,
)


def _title(methods):
    """The progress text of a method while it reports none of its own: its title."""
    return lambda name: translate("RestorePanel", method(methods, name).title)


def inpaint_job(ctx, image, mask, names, radius):
    return run_each(ctx, names, lambda part, name: run_inpaint(
        name, image, mask, models=ctx.models, radius=radius, progress=part.progress,
        cancelled=part.cancelled), text=_title(INPAINT_METHODS))


def color_job(ctx, image, names, scribbles, scribble_mask, strength):
    return run_each(ctx, names, lambda part, name: run_colorize(
        name, image, scribbles=scribbles, scribble_mask=scribble_mask, strength=strength,
        models=ctx.models, progress=part.progress, cancelled=part.cancelled),
        text=_title(COLOR_METHODS))


def scratch_job(ctx, image, sensitivity):
    from cvlab.tools.restore.scratches import detect_scratches

    return detect_scratches(image, sensitivity=sensitivity)
