"""Atomic file writes, output-path safety and the regular-file check shared by every tool."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

# What a path is when it is not a regular file, in the words of the one-line error.
_SPECIAL_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                  (stat.S_ISSOCK, "a socket"))


def not_a_regular_file(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be read as a file, or None when it is a regular file (links are
    followed). Asked before any open: reading a named pipe waits for a writer that may never
    come, and a device such as /dev/zero never ends."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file"
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a regular file")
    return f"is {kind}, not a file"


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
