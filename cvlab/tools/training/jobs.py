"""The Training tab's worker job (no Qt): one demo run, its curves streamed to a LiveRun.

A cancel follows the other tools: the demo stops at its next check (within 0.1 s), the
LiveRun is finished with the partial final metrics (``"cancelled": True`` among them, so
the tab can still show what was reached) and the job raises
:class:`~cvlab.core.cancel.Cancelled`, which the worker reports as "cancelled", not as an
error. A failure finishes the LiveRun with ``None`` before the exception goes on, so a tab
polling ``live.finished`` never waits for a run that is over.

The demos train small networks on the CPU whatever ``ctx.device`` is: at these sizes the
CPU is faster than a GPU's launches and copies, and the curves stay bit-for-bit
reproducible from the seed.
"""

from __future__ import annotations

from cvlab.core.cancel import Cancelled
from cvlab.core.i18n import translate
from cvlab.tools.training.demos import checked_options, find_demo
from cvlab.tools.training.live import LiveRun

MAX_SEED = 2**32 - 1  # numpy's and torch's generators both take it


def train_job(ctx, demo_name: str, options: dict, seed: int, live: LiveRun) -> dict:
    """Run the demo ``demo_name`` with ``options`` (over its defaults) and ``seed``; its
    final metrics. ValueError in one sentence for an unknown demo or a bad option."""
    try:
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            raise ValueError(translate(
                "TrainingJobs", "the seed must be a whole number from 0 to {0}, not {1}").format(
                MAX_SEED, seed))
        demo = find_demo(demo_name)
        values = checked_options(demo, options)
        live.on_progress(ctx.progress)
        final = demo.run(values, seed, live, ctx.cancelled)
    except BaseException:
        live.finish(None)
        raise
    live.finish(final)
    if final.get("cancelled"):
        raise Cancelled()
    ctx.progress(1.0)
    return final
