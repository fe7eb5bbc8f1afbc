"""The tool registry: adding a tool is one package plus one line in TOOL_MODULES.

Each tool package defines ``TOOL = ToolSpec(...)`` (cvlab.core.manifest) in its ``__init__``
without importing Qt, torch or pydicom; its panel, CLI, weights and screenshot modules are
named as lazy strings and imported only when used. Everything the app needs to know about the
tools is derived here from their manifests:

* ``tool_specs()``        the tabs, in order;
* ``tool_commands()``     the ``cvlab`` sub-commands (the tool-id <-> CLI-verb mapping);
* ``weights_catalogue()`` the app-wide weights catalogue (shared backbones + each tool's);
* ``tool_samples()``      Help -> Samples;
* ``input_kinds()``       the input kinds tools add beyond core's "image" and "dicom";
* ``batch_tasks()``       what ``cvlab batch`` can run.

Each view is cached per value of TOOL_MODULES, so a test that replaces TOOL_MODULES (with
monkeypatch) gets views of its own registry and the real ones come back afterwards.
Duplicate tool ids, CLI verbs or weights names raise ``RegistryError`` at once.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from cvlab.core.manifest import Command, InputKind, Sample, ToolSpec

__all__ = ["TOOL_MODULES", "RegistryError", "ToolSpec", "tool_specs", "tool_commands",
           "weights_catalogue", "tool_samples", "input_kinds", "batch_tasks"]

# One line per tool, in tab order.
TOOL_MODULES: tuple[str, ...] = (
    "cvlab.tools.ct",
    "cvlab.tools.superres",
    "cvlab.tools.heatmaps",
    "cvlab.tools.nets",
    "cvlab.tools.training",
    "cvlab.tools.ocr",
    "cvlab.tools.faces",
    "cvlab.tools.restore",
    "cvlab.tools.inspect",
)

# Verbs cvlab/cli.py keeps for itself.
RESERVED_VERBS = frozenset({"weights", "batch", "gui"})


class RegistryError(RuntimeError):
    """Two tools claim the same id, CLI verb or weights name."""


def _duplicates(values) -> list:
    seen, repeated = set(), []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


@lru_cache(maxsize=4)
def _specs(modules: tuple[str, ...]) -> tuple[ToolSpec, ...]:
    specs = tuple(importlib.import_module(name).TOOL for name in modules)
    repeated = _duplicates(s.id for s in specs)
    if repeated:
        raise RegistryError(f"duplicate tool ids in the registry: {repeated}")
    verbs = [c.verb for s in specs for c in s.commands]
    repeated = _duplicates(verbs) + sorted(RESERVED_VERBS.intersection(verbs))
    if repeated:
        raise RegistryError(f"duplicate CLI verbs in the registry: {repeated}")
    return specs


def tool_specs() -> list[ToolSpec]:
    """Every registered tool's manifest, in tab order (imports only the tools' __init__)."""
    return list(_specs(TOOL_MODULES))


def tool_commands() -> list[tuple[ToolSpec, Command]]:
    """Every tool's CLI sub-commands with the tool that owns them, in tab order."""
    return [(spec, command) for spec in tool_specs() for command in spec.commands]


@lru_cache(maxsize=4)
def _catalogue(modules: tuple[str, ...]):
    from cvlab.core.weights.backbones import SHARED_ENTRIES
    from cvlab.core.weights.catalogue import Catalogue

    entries = list(SHARED_ENTRIES)
    for spec in _specs(modules):
        entries += spec.weight_entries()
    repeated = _duplicates(e.name for e in entries)
    if repeated:
        raise RegistryError(f"duplicate weights names in the registry: {repeated}")
    return Catalogue(entries)


def weights_catalogue():
    """The app-wide weights catalogue (a cvlab.core.weights.Catalogue): the shared backbones,
    then each tool's entries in tab order. ``cvlab weights`` and the Models dialog show it."""
    return _catalogue(TOOL_MODULES)


def tool_samples() -> list[tuple[ToolSpec, Sample]]:
    """Every tool's samples (shipped and made) with the tool they are for, in tab order."""
    return [(spec, sample) for spec in tool_specs() for sample in spec.samples]


def input_kinds() -> tuple[InputKind, ...]:
    """The input kinds tools declare (beyond core's "image" and "dicom")."""
    return tuple(kind for spec in tool_specs() for kind in spec.input_kinds)



def batch_tasks() -> list:
    """Every tool's ``cvlab batch`` tasks (cvlab.core.batch.task.BatchTask), in tab order;
    RegistryError when two share a name."""
    tasks = [task for spec in tool_specs() for task in spec.batch_tasks()]
    repeated = _duplicates(task.name for task in tasks)
    if repeated:
        raise RegistryError(f"duplicate batch tasks in the registry: {repeated}")
    return tasks

