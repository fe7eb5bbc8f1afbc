"""LiveRun: what a running demo has produced so far, shared between two threads.

The job writes on the device worker (``add`` a point per epoch, ``set_snapshot`` a picture
of the model now and then, ``report`` progress, ``finish``); the tab reads on the GUI thread
from a timer (``points_since`` what it has not drawn yet, ``snapshot`` when
``snapshot_version`` moved). One lock guards everything, held only to copy references, so
neither side waits on the other's work. A snapshot is a value the writer never changes
afterwards (numpy copies, frozen dataclasses), so a reader may keep it without the lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class LiveRun:
    """Curves, snapshots and the end of one demo run (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._points: list[tuple[int, dict[str, float]]] = []
        self._snapshots: dict[str, object] = {}
        self._version = 0
        self._finished = False
        self._final: dict | None = None
        self._progress: tuple[float, str] = (0.0, "")
        self._listeners: list[Callable[[float, str], None]] = []

    # ------------------------------------------------------------------ curves
    def add(self, epoch: int, metrics: dict[str, float]) -> None:
        """One point of every curve named in ``metrics`` at ``epoch``."""
        point = (int(epoch), {name: float(value) for name, value in metrics.items()})
        with self._lock:
            self._points.append(point)

    @property
    def count(self) -> int:
        """How many points were added."""
        with self._lock:
            return len(self._points)

    def points_since(self, index: int) -> list[tuple[int, dict[str, float]]]:
        """The points from number ``index`` on (0: all), in the order they were added."""
        with self._lock:
            return self._points[max(int(index), 0):]

    def curve(self, name: str) -> tuple[list[int], list[float]]:
        """(epochs, values) of one curve so far."""
        with self._lock:
            points = list(self._points)
        pairs = [(epoch, metrics[name]) for epoch, metrics in points if name in metrics]
        return [e for e, _ in pairs], [v for _, v in pairs]

    def last_values(self) -> dict[str, float]:
        """Every curve's latest value."""
        with self._lock:
            points = list(self._points)
        latest: dict[str, float] = {}
        for _, metrics in points:
            latest.update(metrics)
        return latest

    # ------------------------------------------------------------------ snapshots
    def set_snapshot(self, name: str, value) -> None:
        """Replace the snapshot ``name``; the writer must not change ``value`` later."""
        with self._lock:
            self._snapshots[name] = value
            self._version += 1

    def snapshot(self, name: str, default=None):
        with self._lock:
            return self._snapshots.get(name, default)

    def snapshot_names(self) -> list[str]:
        with self._lock:
            return list(self._snapshots)

    def snapshot_version(self) -> int:
        """Goes up by one with every ``set_snapshot``: redraw only when it moved."""
        with self._lock:
            return self._version

    # ------------------------------------------------------------------ progress
    def report(self, fraction: float, text: str = "") -> None:
        """How far the run is (0..1) and in words; passed on to every ``on_progress``."""
        fraction = min(max(float(fraction), 0.0), 1.0)
        with self._lock:
            self._progress = (fraction, text)
            listeners = list(self._listeners)
        for listener in listeners:
            listener(fraction, text)

    def on_progress(self, listener: Callable[[float, str], None]) -> None:
        """Call ``listener(fraction, text)`` on every ``report`` (on the writer's thread)."""
        with self._lock:
            self._listeners.append(listener)

    @property
    def progress(self) -> tuple[float, str]:
        with self._lock:
            return self._progress

    # ------------------------------------------------------------------ the end
    def finish(self, final: dict | None) -> None:
        """The run ended: ``final`` is its final metrics (None when it failed)."""
        with self._lock:
            self._final = dict(final) if final is not None else None
            self._finished = True

    @property
    def finished(self) -> bool:
        with self._lock:
            return self._finished

    @property
    def final(self) -> dict | None:
        with self._lock:
            return dict(self._final) if self._final is not None else None
