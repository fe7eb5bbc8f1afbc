"""The tool registry: adding a tool is one package plus one line in TOOL_MODULES.

Each tool package defines ``TOOL = ToolSpec(...)`` in its ``__init__`` without importing
Qt; its panel class is imported only when the main window builds the tab.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

# One line per tool, in tab order.
TOOL_MODULES: tuple[str, ...] = (
    "cvlab.tools.ct",
    "cvlab.tools.superres",
    "cvlab.tools.heatmaps",
    "cvlab.tools.ocr",
    "cvlab.tools.faces",
    "cvlab.tools.restore",
    "cvlab.tools.inspect",
)


@dataclass(frozen=True)
class ToolSpec:
    id: str
    title: str
    panel: str                      # "package.module:ClassName", imported lazily
    summary: str = ""
    opens: frozenset[str] = field(default_factory=frozenset)  # input kinds: "image", "dicom"
    # Samples a tool makes itself: (title, "module:function"); the function (no Qt) takes
    # no argument and returns the path to open, generating it into the cache on first use.
    samples: tuple[tuple[str, str], ...] = ()

    def load_panel_class(self):
        module_name, _, class_name = self.panel.partition(":")
        return getattr(importlib.import_module(module_name), class_name)


def call_sample_maker(target: str):
    """Run a ToolSpec.samples function given as "module:function"; returns its path."""
    module_name, _, function = target.partition(":")
    return getattr(importlib.import_module(module_name), function)()


def tool_specs() -> list[ToolSpec]:
    specs = [importlib.import_module(name).TOOL for name in TOOL_MODULES]
    ids = [s.id for s in specs]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"duplicate tool ids in the registry: {ids}")
    return specs
