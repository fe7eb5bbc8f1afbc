"""What kind of input a path is, so a drop or an Open goes to the right tool."""

from __future__ import annotations

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


def input_kind(path: str | Path) -> str | None:
    """'image', 'dicom' (a DICOM file or a folder holding any) or None."""
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
    return None
