"""Heavy libraries imported on first use, so that importing an engine module stays cheap.

The main window builds every tab's panel before its first paint, and a panel names its
tool's jobs and engines; were those to import pydicom, scipy or cv2 at module level, every
start would pay for them (about 1 s on a 2-core machine) before the window appears.
``ndimage = lazy_module("scipy.ndimage")`` reads like an import and is used like one, but
the library is imported only when an attribute is first read: usually on the worker thread,
when a job runs. ``tests/test_startup_imports.py`` keeps the window's start free of them.

Imports by ``importlib`` are thread-safe (per-module locks), so the worker and the GUI
thread may touch the same proxy first.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["lazy_module"]


class LazyModule:
    """Stands in for a module until one of its attributes is read."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def _load(self) -> ModuleType:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return self._module

    def __getattr__(self, attribute: str):
        # Only called for names the proxy itself lacks, i.e. the module's own.
        return getattr(self._load(), attribute)

    def __repr__(self) -> str:
        state = "imported" if self._module is not None else "not imported yet"
        return f"<lazy module {self._name!r} ({state})>"


def lazy_module(name: str) -> LazyModule:
    """A proxy for module ``name`` that imports it on first attribute access."""
    return LazyModule(name)
