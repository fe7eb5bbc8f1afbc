"""What kind of input a path is, so a drop or an Open goes to the right tool.

Core detects the generic kinds ("image", "dicom"); a tool may add a kind by suffix in its
manifest (``ToolSpec.input_kinds``), passed here as ``extra_kinds``. Which tool opens a kind
is the manifests' ``opens``, read by the main window.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp",
                            ".gif", ".pgm", ".ppm", ".pbm", ".pnm"})
DICOM_SUFFIXES = frozenset({".dcm", ".dicom", ".ima"})


def looks_like_dicom_file(path: Path) -> bool:
    """DICOM Part 10 files carry 'DICM' at byte 128; some old files have no preamble."""
    if path.suffix.lower() in DICOM_SUFFIXES:
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(132)
    except OSError:
        return False
    return len(head) == 132 and head[128:132] == b"DICM"


def input_kind(path: str | Path, extra_kinds: Iterable = ()) -> str | None:
    """'image', 'dicom' (a DICOM file or a folder holding any), the name of one of
    ``extra_kinds`` (objects with ``name`` and ``suffixes``, e.g. a manifest's InputKind) whose
    suffixes match a file (checked after the built-in kinds, which it cannot take over), or
    None."""
    p = Path(path)
    if p.is_dir():
        for i, child in enumerate(sorted(p.rglob("*"))):
            if i > 2000:
                break
            if child.is_file() and looks_like_dicom_file(child):
                return "dicom"
        return None
    if p.suffix.lower() in IMAGE_SUFFIXES:
        return "image"
    if p.is_file() and looks_like_dicom_file(p):
        return "dicom"
    suffix = p.suffix.lower()
    return next((kind.name for kind in extra_kinds if suffix in kind.suffixes), None)
