"""What a tool declares to run under ``cvlab batch``.

A tool lists its batch tasks in its manifest (``ToolSpec.batch``, a lazy
``"module:TASKS"``). A task is declarative on the driver side (no torch, no model): the
options it adds to its parser, how they are checked and frozen into plain JSON (the part of
the journal that decides whether an earlier result still counts), and a lazy
``"module:function"`` that a Ray worker calls once to open the engine:

    opener(options: dict, device) -> process(item: Item, out_dir: Path) -> ItemResult

``process`` runs the tool's own Qt-free engine on one item and writes its outputs (atomically)
into ``out_dir``; an exception is that item's failure, reported in one sentence.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BatchTask:
    """One ``cvlab batch`` target.

    verb, sub:  ``cvlab batch VERB [SUB]``: the tool's own CLI verb ("ct", "faces") and
                sub-command ("nodules", "upscale"; None for a tool without one).
    summary:    the help line.
    discover:   ``"module:function"``, ``function(root)`` yielding the task's items (see
                cvlab.core.batch.items); "" (the default): every image file under the root.
    add_options(parser):  the tool options, as the tool's own command spells them.
    options(args) -> dict: checked, JSON-able options (ValueError: one sentence).
    opener:     ``"module:function"``, run on a worker (see the module docstring).
    figures:    the summary's columns for the tool's figures, in order.
    items_are:  what its items are, for "no … under ROOT" ("image files", "DICOM series").
    excluded(path) -> bool: files under the root that are not items (a mask beside its image).
    """

    verb: str
    sub: str | None
    summary: str
    add_options: Callable[[argparse.ArgumentParser], None]
    options: Callable[[argparse.Namespace], dict]
    opener: str
    figures: tuple[str, ...] = ()
    discover: str = ""
    items_are: str = "image files"
    excluded: Callable[[str], bool] | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return f"{self.verb} {self.sub}" if self.sub else self.verb


@dataclass
class ItemResult:
    """What ``process`` returns: the tool's figures (summary columns) and the files written,
    relative to OUT_ROOT's item folder."""

    figures: dict = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)


def output_path(out_dir, stem: str, suffix: str):
    """``out_dir/<stem><suffix>``, its folder made: where a worker writes one output."""
    from pathlib import Path

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir / f"{stem}{suffix}"


def write_json(path, data) -> None:
    """``data`` as UTF-8 JSON, written atomically."""
    import json

    from cvlab.core.fileio import atomic_write

    with atomic_write(path) as fh:
        fh.write((json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
