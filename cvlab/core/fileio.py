"""Atomic file writes, output-path safety and the regular-file check shared by every tool."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from cvlab.core.i18n import QT_TRANSLATE_NOOP, bilingual, translate

# What a path is when it is not a regular file, in the words of the one-line error.
_SPECIAL_KINDS = ((stat.S_ISDIR, QT_TRANSLATE_NOOP("FileErrors", "a folder")),
                  (stat.S_ISFIFO, QT_TRANSLATE_NOOP("FileErrors", "a named pipe (FIFO)")),
                  (stat.S_ISCHR, QT_TRANSLATE_NOOP("FileErrors", "a character device")),
                  (stat.S_ISBLK, QT_TRANSLATE_NOOP("FileErrors", "a block device")),
                  (stat.S_ISSOCK, QT_TRANSLATE_NOOP("FileErrors", "a socket")))
_NOT_REGULAR = QT_TRANSLATE_NOOP("FileErrors", "not a regular file")
# What the path was expected to be, the end of "is a folder, not a file".
A_FILE = QT_TRANSLATE_NOOP("FileErrors", "a file")
AN_IMAGE_FILE = QT_TRANSLATE_NOOP("FileErrors", "an image file")
A_FILE_TO_WRITE = QT_TRANSLATE_NOOP("FileErrors", "a file to write")


def _said(template: str, *values) -> tuple[str, str]:
    return bilingual("FileErrors", template, *values)


def not_a_regular_file(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be read as a file, or None when it is a regular file (links are
    followed). Asked before any open: reading a named pipe waits for a writer that may never
    come, and a device such as /dev/zero never ends. The reason is English, as code compares
    it ("no such file"); :func:`file_problem` gives it in the interface language too."""
    problem = file_problem(path)
    return None if problem is None else problem[0]


def file_problem(path: str | os.PathLike, expected: str = A_FILE) -> tuple[str, str] | None:
    """:func:`not_a_regular_file` as (English, the interface language), or None. ``expected``
    ends "is a folder, not …": :data:`A_FILE`, :data:`AN_IMAGE_FILE` or
    :data:`A_FILE_TO_WRITE`."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return _said(QT_TRANSLATE_NOOP("FileErrors", "no such file"))
    except PermissionError:
        return _said(QT_TRANSLATE_NOOP("FileErrors", "permission denied"))
    except OSError as exc:
        return _said(QT_TRANSLATE_NOOP("FileErrors", "cannot read the file: {0}"),
                     exc.strerror or exc)
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), _NOT_REGULAR)
    return (f"is {kind}, not {expected}",
            translate("FileErrors", "is {0}, not {1}").format(
                translate("FileErrors", kind), translate("FileErrors", expected)))


class InputFileError(ValueError):
    """A side file a command reads (class names, a model) that cannot be used; ``str(err)``
    is ``"{path}: {reason}"`` and ``path`` tells a command's one line whose file it is.
    ``reason`` is English; ``shown``, the same in the interface language (default: the
    reason), is what ``str(err)`` says."""

    def __init__(self, path: str | os.PathLike, reason: str, shown: str | None = None):
        self.shown = reason if shown is None else shown
        super().__init__(f"{os.fspath(path)}: {self.shown}")
        self.path = os.fspath(path)
        self.reason = reason

    def __reduce__(self):  # picklable (worker -> GUI)
        return type(self), (self.path, self.reason, self.shown)


def read_small_text(path: str | os.PathLike, limit: int = 16 << 20) -> str:
    """The UTF-8 text of a small side file, or InputFileError saying in words why not: not a
    regular file (a pipe would block), larger than ``limit``, or not UTF-8 text."""
    problem = file_problem(path)
    if problem is not None:
        raise InputFileError(path, *problem)
    size = os.path.getsize(path)
    if size > limit:
        raise InputFileError(path, *_said(QT_TRANSLATE_NOOP(
            "FileErrors", "is {0:,} bytes, too large for a text file of settings"), size))
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(path, *_said(QT_TRANSLATE_NOOP(
            "FileErrors", "is not UTF-8 text"))) from None


class UnsafeOutputError(ValueError):
    """An output path a command refuses: one of the job's inputs (by any name), a folder, an
    image suffix nothing can be saved as. ``path`` is the output, so a command's one line
    does not name the input in front of it as well."""

    def __init__(self, message: str, path: str | os.PathLike | None = None):
        super().__init__(message)
        self.path = None if path is None else os.fspath(path)

    def __reduce__(self):  # picklable (worker -> GUI)
        return type(self), (str(self), self.path)


def check_output_path(out: str | os.PathLike, inputs: Iterable[str | os.PathLike] = (),
                      allow_overwrite_input: bool = False, *, try_writing: bool = True) -> Path:
    """Refuse to write over an input file unless the caller says the user chose that path."""
    try:
        out_path = Path(out).expanduser().resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        raise OutputPathError(out, *_said(QT_TRANSLATE_NOOP(
            "FileErrors", "is a symbolic link that leads back to itself"))) from None
    if not allow_overwrite_input:
        for inp in inputs:
            if _same_file(Path(inp).expanduser(), out_path):
                if Path(inp).resolve() == out_path:
                    message = translate("FileErrors", "{0}: refusing to overwrite the input "
                                        "file; choose another name").format(out_path)
                else:
                    message = translate("FileErrors", "{0}: refusing to overwrite the input "
                                        "file (another name of {1}); choose another "
                                        "name").format(out_path, inp)
                raise UnsafeOutputError(message, out_path)
    if out_path.is_dir():
        raise UnsafeOutputError(translate("FileErrors", "{0}: is a folder, not a file "
                                          "name").format(out_path), out_path)
    _refuse_special_target(out_path, out)
    _check_parent_folders(out, out_path.parent)
    # A folder made later by the write cannot be tried now; a caller about to write at once
    # (try_writing=False) learns the same from atomic_write.
    if try_writing and out_path.parent.is_dir():
        fd, probe = _create_beside(out_path, out)  # an unwritable place is said before the
        os.close(fd)                               # work (/proc, read-only), not after it
        probe.unlink(missing_ok=True)
    return out_path


class OutputPathError(OSError):
    """An output that cannot be written where it was asked for. ``str(err)`` is
    ``"{path}: {reason}"`` with the path as the caller gave it, never a temporary name;
    ``reason`` is English, ``shown`` (what ``str(err)`` says) the interface language's."""

    def __init__(self, path: str | os.PathLike, reason: str, shown: str | None = None):
        self.shown = reason if shown is None else shown
        super().__init__(f"{os.fspath(path)}: {self.shown}")
        self.path = os.fspath(path)
        self.reason = reason

    def __reduce__(self):  # picklable (worker -> GUI) despite the two-argument init
        return type(self), (self.path, self.reason, self.shown)


def _same_file(inp: Path, out: Path) -> bool:
    """The same path, or two names of one file (a hard link is not caught by resolve())."""
    try:
        return inp.resolve() == out or os.path.samefile(inp, out)
    except (OSError, RuntimeError):  # missing (yet), or a symlink loop (RuntimeError ≤3.12)
        return False


def _refuse_special_target(target: Path, shown: str | os.PathLike) -> None:
    """OutputPathError when ``target`` exists and is a pipe, a device or a socket: renaming
    a finished file over it would replace, say, /dev/null itself."""
    if not target.exists() or target.is_dir():
        return
    problem = file_problem(target, A_FILE_TO_WRITE)
    if problem is not None:
        raise OutputPathError(shown, *problem)


def file_in_the_way(folder: str | os.PathLike) -> Path | None:
    """The file that stands where ``folder`` (or one of its parents) would have to be a
    folder, or None: the nearest existing one of them decides."""
    folder = Path(folder)
    for path in (folder, *folder.parents):
        if path.exists():
            return None if path.is_dir() else path
    return None


def _check_parent_folders(shown: str | os.PathLike, folder: Path) -> None:
    """OutputPathError when a file stands where ``folder`` should be a folder (mkdir would
    say only "[Errno 17] File exists")."""
    blocker = file_in_the_way(folder)
    if blocker is not None:
        raise OutputPathError(shown, *_said(QT_TRANSLATE_NOOP(
            "FileErrors", "{0} is a file, not a folder"), blocker))


def _create_beside(target: Path, shown: str | os.PathLike) -> tuple[int, Path]:
    """A new temporary file in ``target``'s folder (made if missing): (fd, path). Errors
    name ``shown``: the user never asked for the temporary name."""
    _check_parent_folders(shown, target.parent)
    _refuse_special_target(target, shown)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputPathError(shown, *_said(QT_TRANSLATE_NOOP(
            "FileErrors", "cannot create the folder {0}: {1}"),
            target.parent, exc.strerror or exc)) from None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                    dir=target.parent)
    except OSError as exc:
        if exc.errno == errno.ENOENT:  # /proc, /sys
            why = _said(QT_TRANSLATE_NOOP("FileErrors", "it takes no new files"))
        else:
            why = (exc.strerror or str(exc),) * 2
        template = QT_TRANSLATE_NOOP("FileErrors", "cannot create a file in {0}: {1}")
        raise OutputPathError(shown, template.format(target.parent, why[0]),
                              translate("FileErrors", template).format(target.parent, why[1])
                              ) from None
    return fd, Path(name)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "wb", *,
                 shown: str | os.PathLike | None = None) -> Iterator:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    On any exception the temporary file is removed and ``path`` is left untouched, so a
    reader never sees a half-written file. A failure to create, write or rename raises
    OutputPathError naming ``shown`` (default ``path``), not the temporary file.
    """
    target = Path(path)
    shown = path if shown is None else shown
    fd, tmp = _create_beside(target, shown)
    try:
        with os.fdopen(fd, mode) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        # A write error (disk full, quota) names no file; one that names a file is the
        # caller's own and passes through as it is.
        if isinstance(exc, OSError) and not isinstance(exc, OutputPathError) and (
                exc.filename is None or exc.filename == str(tmp)):
            raise OutputPathError(shown, *_said(QT_TRANSLATE_NOOP(
                "FileErrors", "cannot write the file: {0}"), exc.strerror or exc)) from exc
        raise


def temporary_sibling(path: str | os.PathLike) -> Path:
    """A fresh, unused temporary path in the same folder (same filesystem, so rename is atomic)."""
    fd, name = _create_beside(Path(path), path)
    os.close(fd)
    return name
