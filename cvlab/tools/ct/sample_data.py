"""The CT tool's generated sample: the synthetic thorax phantom as a DICOM series."""

from __future__ import annotations

from pathlib import Path

from cvlab.core.samples import cache_dir
from cvlab.tools.ct.phantom import make_thorax_phantom, write_phantom_series

PHANTOM_FOLDER = "thorax_phantom_v1"


def thorax_phantom_folder(root: Path | None = None) -> Path:
    """The phantom series folder, written on first use (the write is atomic)."""
    folder = (root or cache_dir() / "samples") / PHANTOM_FOLDER
    if folder.is_dir() and any(folder.glob("*.dcm")):
        return folder
    volume, _nodules = make_thorax_phantom(seed=0)
    write_phantom_series(volume, folder)
    return folder
