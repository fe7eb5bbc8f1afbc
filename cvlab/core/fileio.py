"""Atomic file writes and output-path safety shared by every tool."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


class UnsafeOutputError(ValueError):
    """Raised when an output path would overwrite one of the job's inputs."""


def check_output_path(out: str | os.PathLike, inputs: Iterable[str | os.PathLike] = (),
                      allow_overwrite_input: bool = False) -> Path:
    """Refuse to write over an input file unless the caller says the user chose that path."""
    out_path = Path(out).expanduser().resolve()
    if not allow_overwrite_input:
        for inp in inputs:
            if Path(inp).expanduser().resolve() == out_path:
                raise UnsafeOutputError(
                    f"{out_path}: refusing to overwrite the input file; choose another name")
    if out_path.is_dir():
        raise UnsafeOutputError(f"{out_path}: is a folder, not a file name")
    return out_path


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "wb") -> Iterator:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    On any exception the temporary file is removed and ``path`` is left untouched, so a
    reader never sees a half-written file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def temporary_sibling(path: str | os.PathLike) -> Path:
    """A fresh, unused temporary path in the same folder (same filesystem, so rename is atomic)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    return Path(name)
