"""The bad-input corpus: every case is one `cvlab` command line over inputs built on the spot.

A :class:`Case` names its kind (the table in the closing note counts by kind), how to build
its inputs in an empty folder, the command, and what a user must see:

- ``expect="error"``: exit 1 and exactly one stderr line naming one of ``names`` (the file
  or value at fault) and matching ``cause``;
- ``expect="ok"``: exit 0, at most ``notes`` stderr lines (each a ``cvlab ...:`` note), and
  ``check`` (when given) finds the output right;
- ``expect="usage"``: a mistyped command line, exit 2 with the offending word.

Arguments are templates: ``{in}`` is the inputs folder, ``{out}`` an empty outputs folder,
and any other ``{name}`` is a path the builder returned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Builder = Callable[[Path], dict[str, Path]]
Check = Callable[[dict[str, Path], str], str | None]  # (paths, stdout) → what is wrong


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    build: Builder
    argv: tuple[str, ...]
    expect: str = "error"
    names: tuple[str, ...] = ()
    cause: str = ""
    notes: int = 0
    check: Check | None = None
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = 90.0


def one_file(filename: str, writer: Callable[[Path], None], role: str = "img") -> Builder:
    def build(folder: Path) -> dict[str, Path]:
        path = folder / filename
        writer(path)
        return {role: path}
    return build


def combined(*builders: Builder) -> Builder:
    def build(folder: Path) -> dict[str, Path]:
        paths: dict[str, Path] = {}
        for builder in builders:
            paths.update(builder(folder))
        return paths
    return build


def given(role: str, path: str) -> Builder:
    return lambda folder: {role: Path(path)}


def nothing(folder: Path) -> dict[str, Path]:
    return {}


def all_cases() -> list[Case]:
    from tests.badinput import cases_files, cases_images

    cases = (cases_images.image_cases() + cases_images.side_image_cases()
             + cases_images.large_image_cases() + cases_files.output_cases()
             + cases_files.dicom_cases() + cases_files.model_cases()
             + cases_files.preset_cases() + cases_files.environment_cases()
             + cases_files.usage_cases())
    ids = [case.id for case in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    return cases
