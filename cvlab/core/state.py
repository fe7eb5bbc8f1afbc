"""Plain state models with change notifications: what a tab shows, kept out of its widgets.

A tool's panel keeps what is true now (the opened input, the chosen settings, the results,
the selection, the running job) in a :class:`StateModel` subclass, a dataclass. Controllers
change the model; views and controls render from it by listening to ``model.changed``. A
widget never holds state the model does not, so two views cannot drift apart, and the
controller logic is tested without a window. (The shape follows pyapp-kit/ndv's models:
plain Python objects with signals, the Qt layer only binding to them.)

    @dataclass(eq=False)
    class UpscaleState(StateModel):
        image: np.ndarray | None = None
        scale: int = 4

    state = UpscaleState()
    state.changed.connect(lambda name, value: ...)
    state.scale = 2                       # changed("scale", 2)
    state.update(image=array, scale=2)    # changed("image", array) only: scale is already 2

A field counts as changed when the new value is not the same object and does not compare
equal; arrays are compared by identity only (their ``==`` is element-wise). No Qt import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import numpy as np


class Notifier:
    """A Qt-free signal: callbacks connected in order, called in order by ``emit``."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        for callback in list(self._callbacks):
            callback(*args)


def _same(old: Any, new: Any) -> bool:
    if old is new:
        return True
    if isinstance(old, np.ndarray) or isinstance(new, np.ndarray):
        return False
    try:
        return bool(old == new)
    except (TypeError, ValueError):  # objects whose == is not a plain truth value
        return False


@dataclass(eq=False)
class StateModel:
    """Base of a tool's state: a dataclass whose field assignments emit ``changed``.

    ``changed(name, value)`` fires after a field takes a different value (see the module
    docstring for "different"); ``update(**values)`` sets several fields, then emits one
    ``changed`` per field that changed, in the order given, so listeners see a consistent
    model. Setting an unknown name raises AttributeError: a typo must not become state.
    """

    def __post_init__(self) -> None:
        object.__setattr__(self, "changed", Notifier())
        object.__setattr__(self, "_names", frozenset(f.name for f in fields(self)))

    def __setattr__(self, name: str, value: Any) -> None:
        if "_names" not in self.__dict__:  # during the dataclass __init__
            object.__setattr__(self, name, value)
            return
        self.update(**{name: value})

    def update(self, **values: Any) -> None:
        unknown = set(values) - self._names
        if unknown:
            raise AttributeError(f"{type(self).__name__} has no field {sorted(unknown)}")
        changed = [(n, v) for n, v in values.items() if not _same(getattr(self, n), v)]
        for name, value in changed:
            object.__setattr__(self, name, value)
        for name, value in changed:
            self.changed.emit(name, value)
