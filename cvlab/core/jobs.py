"""The job contract: what every tool's job function receives, with or without a window.

A *job* is a plain function ``job(ctx, *args)`` that lives in its tool's ``jobs.py`` (no Qt).
``ctx`` is a :class:`JobContext`. It carries:

- ``ctx.tool``: the id of the tool the job belongs to;
- ``ctx.device``: the compute device (a ``torch.device`` in the app, "cpu" by default);
- ``ctx.models``: a :class:`ToolModels`, the tool's view of the shared
  :class:`~cvlab.core.model_cache.ModelCache`. ``ctx.models.get(name, loader)`` returns the
  loaded model, calling ``loader()`` only on a miss. The tool id and the device are part of
  the cache key, added here, so two tools (or two devices) never share an entry by accident
  and a job names only its model;
- ``ctx.progress(fraction, text="")``: how far the job got, 0..1 (the app throttles these);
- ``ctx.cancelled()`` / ``ctx.check_cancelled()``: cooperative cancel. A job asks between
  steps; ``check_cancelled`` raises :class:`~cvlab.core.cancel.Cancelled`, which the runner
  reports as "cancelled", not as an error;
- ``ctx.part(start, stop, text="")``: a context whose progress 0..1 lands in
  ``start..stop`` of this one, for a job made of several steps.

In the app, :class:`cvlab.ui.worker.DeviceWorker` builds the context on its device thread
for each job it runs. Headless code (the CLI, tests, benchmarks) builds one with
:meth:`JobContext.local`, which has its own cache. :func:`run_each` runs several methods on
one input: each gets its share of the progress bar and is timed, and a cancel stops the
loop between methods.

This module imports neither Qt nor torch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from cvlab.core.cancel import Cancelled
from cvlab.core.model_cache import ModelCache

T = TypeVar("T")
Item = TypeVar("Item")

ProgressFn = Callable[[float, str], None]


class ToolModels:
    """One tool's view of a :class:`ModelCache` on one device.

    The cache key of ``get(name, loader)`` is ``(tool, name, str(device))``: the layout is
    this class's business, so callers pass only ``name`` (any hashable: a string, or a
    tuple such as a user model's path and architecture).
    """

    def __init__(self, cache: ModelCache, tool: str, device: Any = "cpu") -> None:
        self.cache = cache
        self.tool = tool
        self.device = device

    @classmethod
    def local(cls, tool: str, device: Any = "cpu") -> ToolModels:
        """A view of a cache of its own (for the CLI and tests)."""
        return cls(ModelCache(), tool, device)

    def key(self, name: Hashable) -> tuple:
        return (self.tool, name, str(self.device))

    def get(self, name: Hashable, loader: Callable[[], T]) -> T:
        """The model called ``name`` on this device, loaded by ``loader()`` on a miss."""
        return self.cache.get(self.key(name), loader)

    def __contains__(self, name: Hashable) -> bool:
        return self.key(name) in self.cache

    def __repr__(self) -> str:
        return f"ToolModels({self.tool!r}, device={str(self.device)!r})"


class JobContext:
    """Handed to every job function as its first argument (see the module docstring)."""

    def __init__(self, tool: str, device: Any, models: ToolModels, *,
                 progress: ProgressFn | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.tool = tool
        self.device = device
        self.models = models
        self._report = progress
        self._cancelled = cancelled

    @classmethod
    def local(cls, tool: str, device: Any = "cpu", *, progress: ProgressFn | None = None,
              cancelled: Callable[[], bool] | None = None) -> JobContext:
        """A context outside the app (CLI, tests, benchmarks), with a model cache of its own.

        ``progress(fraction, text)`` and ``cancelled()`` are optional callables."""
        return cls(tool, device, ToolModels.local(tool, device), progress=progress,
                   cancelled=cancelled)

    def progress(self, fraction: float, text: str = "") -> None:
        if self._report is not None:
            self._report(min(max(float(fraction), 0.0), 1.0), text)

    def cancelled(self) -> bool:
        return self._cancelled is not None and bool(self._cancelled())

    def check_cancelled(self) -> None:
        if self.cancelled():
            raise Cancelled()

    def part(self, start: float, stop: float, text: str = "") -> JobContext:
        """The same job, its progress 0..1 mapped to ``start..stop`` of this context's;
        ``text`` stands in where the step reports none."""
        def report(fraction: float, message: str = "") -> None:
            fraction = min(max(float(fraction), 0.0), 1.0)
            self.progress(start + (stop - start) * fraction, message or text)

        return JobContext(self.tool, self.device, self.models, progress=report,
                          cancelled=self._cancelled)


def run_each(ctx: JobContext, items: Iterable[Item], run: Callable[[JobContext, Item], T], *,
             text: Callable[[Item], str] = str) -> list[tuple[Item, T, float]]:
    """``run(part, item)`` for each item in turn: ``[(item, result, seconds), ...]``.

    Each item gets an equal share of ``ctx``'s progress (``part`` is ``ctx.part(...)``, its
    default text ``text(item)``), the shares end at 1.0, and a cancel is checked before
    each item (raising :class:`Cancelled`). ``seconds`` is the wall time of ``run``.
    """
    items = list(items)
    done: list[tuple[Item, T, float]] = []
    for n, item in enumerate(items):
        ctx.check_cancelled()
        part = ctx.part(n / len(items), (n + 1) / len(items), text(item))
        part.progress(0.0)
        start = time.perf_counter()
        result = run(part, item)
        done.append((item, result, time.perf_counter() - start))
        part.progress(1.0)
    return done
