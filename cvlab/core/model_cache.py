"""A least-recently-used cache of loaded models with a memory budget (no Qt, no torch import)."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

DEFAULT_BUDGET_MB = 3072
BUDGET_ENV = "CVLAB_MODEL_BUDGET_MB"


def default_budget_bytes() -> int:
    return int(float(os.environ.get(BUDGET_ENV, DEFAULT_BUDGET_MB)) * 1024 * 1024)


def estimate_nbytes(obj: Any) -> int:
    """Bytes held by a model: parameters and buffers of a torch module, else ``nbytes``."""
    params = getattr(obj, "parameters", None)
    buffers = getattr(obj, "buffers", None)
    if callable(params) and callable(buffers):
        total = 0
        for t in list(params()) + list(buffers()):
            total += t.numel() * t.element_size()
        return total
    return int(getattr(obj, "nbytes", 0))


class ModelCache:
    """Models keyed by (name, device, ...): loaded once, evicted least recently used first.

    The most recently used model always stays, even when it alone exceeds the budget.
    """

    def __init__(self, budget_bytes: int | None = None) -> None:
        self.budget_bytes = default_budget_bytes() if budget_bytes is None else budget_bytes
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self.loads = 0
        self.evictions = 0

    def get(self, key: Hashable, loader: Callable[[], Any]) -> Any:
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key][0]
        model = loader()
        self.loads += 1
        self._items[key] = (model, estimate_nbytes(model))
        self._evict()
        return model

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def keys(self) -> list[Hashable]:
        return list(self._items)

    @property
    def used_bytes(self) -> int:
        return sum(size for _, size in self._items.values())

    def clear(self) -> None:
        self._items.clear()

    def _evict(self) -> None:
        while len(self._items) > 1 and self.used_bytes > self.budget_bytes:
            self._items.popitem(last=False)
            self.evictions += 1
