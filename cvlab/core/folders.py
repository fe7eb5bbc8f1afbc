"""Folders of images, as the batch commands and the batch jobs read and write them.

One rule for every tool: a folder's image files are the files directly in it (not
recursive) whose suffix is one of :data:`cvlab.core.inputs.IMAGE_SUFFIXES`, sorted by name;
the outputs of two inputs that share a stem (``a.png``, ``a.jpg``) get the suffix in
their name so neither overwrites the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from cvlab.core.i18n import translate
from cvlab.core.inputs import IMAGE_SUFFIXES


def folder_images(folder: str | Path,
                  skipped: Callable[[Path, str], None] | None = None) -> list[Path]:
    """The image files directly in ``folder``, sorted by name.

    Every other entry is passed to ``skipped(entry, why)`` with ``why`` "a folder" or "not
    an image file". ValueError when ``folder`` is not a folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(translate("FileErrors", "{0}: not a folder").format(folder))
    images = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.is_file() and entry.suffix.lower() in IMAGE_SUFFIXES:
            images.append(entry)
        elif skipped is not None:
            skipped(entry, "a folder" if entry.is_dir() else "not an image file")
    return images


def check_outside(out: str | Path, folder: str | Path, shown: str | None = None) -> Path:
    """``out`` resolved; ValueError when it is ``folder`` itself or inside it (CV Lab never
    writes into an input folder). ``shown`` names ``out`` in the message (default: its path)."""
    out, folder = Path(out).expanduser().resolve(), Path(folder).expanduser().resolve()
    if out == folder or folder in out.parents:
        raise ValueError(translate(
            "FileErrors", "{0}: is the input folder or inside it; CV Lab never writes into an "
            "input folder — choose another folder").format(shown or out))
    return out


def unique_stems(images: Iterable[Path]) -> dict[Path, str]:
    """``stem``, or ``stem_ext`` where two inputs share a stem (a.png and a.jpg)."""
    images = list(images)
    stems = [p.stem for p in images]
    return {p: p.stem if stems.count(p.stem) == 1 else f"{p.stem}_{p.suffix.lstrip('.').lower()}"
            for p in images}
