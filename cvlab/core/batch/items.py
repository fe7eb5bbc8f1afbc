"""The cohort under INPUT_ROOT, found as a stream of items (no Qt, no torch).

An item is one unit of work with its own output folder, mirroring where it lies under the
root: an image file, or what a tool's own discovery yields (the CT tool: one DICOM series,
its headers read folder by folder, so the first series starts while later folders are
still unread). Discovery never opens a file that is not a regular file (a named pipe
called ``x.png`` becomes an item whose worker says what it is, instead of a hang).

Two hashes decide whether an earlier result still counts (see ``ledger``): ``fingerprint``,
the names, sizes and modification times, cheap to take on the driver; and ``content_hash``,
SHA-256 of the bytes, taken where the item is processed (the worker reads them anyway) and
on the driver only when a fingerprint changed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cvlab.core.folders import unique_stems
from cvlab.core.inputs import IMAGE_SUFFIXES

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Item:
    """key: the item's stable name (its relative path; ``#UID`` added for a series).
    files: its input files (absolute).  out_dir: its output folder, relative to OUT_ROOT.
    stem: the base of its output names.  payload: what the worker needs beyond the files
    (a DICOM series' scanned headers)."""

    key: str
    files: tuple[str, ...]
    out_dir: str
    stem: str
    fingerprint: str
    payload: object = None

    @property
    def shown(self) -> str:
        """The item as a reader finds it: its first file, or its folder for a series."""
        return self.files[0] if len(self.files) == 1 else str(Path(self.files[0]).parent)


def fingerprint(files) -> str:
    """SHA-1 of each file's name, size and modification time (no content read)."""
    digest = hashlib.sha1()
    for path in sorted(files):
        try:
            st = os.stat(path)
            digest.update(f"{os.path.basename(path)}\0{st.st_size}\0{st.st_mtime_ns}\n"
                          .encode("utf-8", "surrogateescape"))
        except OSError:
            digest.update(f"{os.path.basename(path)}\0missing\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def content_hash(files) -> str:
    """SHA-256 over the files' bytes, in name order. A file that is not a regular file (a
    pipe, a device) is hashed by its name only: reading it could block for ever."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(os.path.basename(path).encode("utf-8", "surrogateescape") + b"\0")
        if not os.path.isfile(path):
            digest.update(b"<not a regular file>")
            continue
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def walk(root: Path) -> Iterator[tuple[Path, list[str]]]:
    """(folder, its file names) for every folder under ``root``, in name order; symbolic
    links to folders are not followed (a loop would never end)."""
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        yield Path(folder), sorted(names)


def relative(path: Path, root: Path) -> str:
    """``path`` under ``root`` as a POSIX string; "" for the root itself."""
    rel = path.relative_to(root).as_posix()
    return "" if rel == "." else rel


def image_items(root: Path, excluded: Callable[[str], bool] | None = None) -> Iterator[Item]:
    """Every image file under ``root`` (by suffix), folder by folder in name order."""
    for folder, names in walk(root):
        paths = [folder / n for n in names if Path(n).suffix.lower() in IMAGE_SUFFIXES
                 and not (excluded and excluded(str(folder / n)))
                 and not (folder / n).is_dir()]
        stems = unique_stems(paths)
        out_dir = relative(folder, root)
        for path in paths:
            yield Item(key=relative(path, root), files=(str(path),), out_dir=out_dir,
                       stem=stems[path], fingerprint=fingerprint([str(path)]))


@dataclass(frozen=True)
class UnreadableFolder:
    """A folder whose files held no loadable input (say, no DICOM series): a failure row of
    its own, not an item."""

    key: str
    reason: str


def discover(task, root: Path) -> Iterator[Item | UnreadableFolder]:
    """The items of ``task`` (a BatchTask) under ``root``, streamed: the tool's own
    discovery when it declares one (DICOM series), else every image file."""
    if task.discover:
        from cvlab.core.manifest import resolve

        return resolve(task.discover)(root)
    return image_items(root, task.excluded)
