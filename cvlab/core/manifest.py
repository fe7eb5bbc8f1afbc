"""A tool's manifest: everything one tool contributes to the app, in one declaration.

Each tool package ends its ``__init__`` with ``TOOL = ToolSpec(...)``; the registry
(``cvlab/tools/__init__.py``) lists the packages and derives every aggregate view from their
manifests: the tabs, the CLI commands, the weights catalogue, the samples, the input routing
and the screenshot plans. Nothing else names a tool.

Anything that would import heavy code (Qt, torch, pydicom) is a lazy string
``"package.module:attribute"``, resolved only when it is used: the main window imports every
tool's ``__init__`` at start-up, and that must stay cheap. This module imports no Qt and
nothing of the project except the sample type (core only; core never imports a tool).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from cvlab.core.samples import Sample

__all__ = ["Command", "InputKind", "Sample", "ToolSpec", "resolve"]


def resolve(target: str):
    """The object a lazy ``"package.module:attribute"`` string names (imports the module)."""
    module_name, sep, attribute = target.partition(":")
    if not sep or not module_name or not attribute:
        raise ValueError(f"expected 'package.module:attribute', got {target!r}")
    return getattr(importlib.import_module(module_name), attribute)


@dataclass(frozen=True)
class Command:
    """One ``cvlab VERB`` sub-command. ``module`` defines ``register(subparsers)``, which adds
    the parser for ``verb`` and sets ``func``; it is imported only when the command line names
    ``verb``. ``summary`` is the one line ``cvlab --help`` shows without importing it."""

    verb: str
    module: str
    summary: str = ""


@dataclass(frozen=True)
class InputKind:
    """A kind of input a tool introduces, recognised by file suffix (lowercase, with the dot).
    The built-in kinds ("image", "dicom") are detected by cvlab.core.inputs."""

    name: str
    suffixes: frozenset[str]


@dataclass(frozen=True)
class ToolSpec:
    """One tool's manifest.

    id:          short stable name (settings keys, object names, ``--only`` of the screenshots).
    title:       the tab's text.  panel: ``"module:Class"`` of its ToolPanel subclass.
    summary:     the tab's tooltip.
    opens:       the input kinds it opens ("image", "dicom", or a kind from ``input_kinds``);
                 a path of such a kind goes to this tab (the current tab first if it can).
    input_kinds: new kinds this tool introduces, so adding one does not edit core/inputs.py.
    samples:     samples for Help -> Samples, shipped (resources/samples) or made on first use.
    commands:    its ``cvlab`` sub-commands; the tool-id <-> CLI-verb mapping lives here.
    weights:     ``"module:ENTRIES"``, a sequence of the catalogue Entries this tool owns.
    screenshots: ``"module:function"``; the function takes the panel and returns the plan for
                 scripts/screenshots.py: a list of (name, path or None, prepare(panel) or None).
    batch:       ``"module:TASKS"``, the tool's ``cvlab batch`` tasks (cvlab.core.batch.task);
                 a small module that imports no engine: the engine opens on the Ray workers.
    """

    id: str
    title: str
    panel: str
    summary: str = ""
    opens: frozenset[str] = field(default_factory=frozenset)
    input_kinds: tuple[InputKind, ...] = ()
    samples: tuple[Sample, ...] = ()
    commands: tuple[Command, ...] = ()
    weights: str = ""
    screenshots: str = ""
    batch: str = ""

    def load_panel_class(self):
        return resolve(self.panel)

    def weight_entries(self) -> tuple:
        """The catalogue entries this tool owns (imports its small weights module)."""
        return tuple(resolve(self.weights)) if self.weights else ()

    def batch_tasks(self) -> tuple:
        """The tool's ``cvlab batch`` tasks (imports its small batch module)."""
        return tuple(resolve(self.batch)) if self.batch else ()

    def screenshot_plan(self, panel) -> list:
        """The screenshot plan for this tool's panel; [] when the manifest names none."""
        return list(resolve(self.screenshots)(panel)) if self.screenshots else []
