"""What the command-line tools share: a progress bar on stderr and one-line error messages.

A command raises :class:`CommandError` for a problem the user can fix (a bad option, a
refused output, missing weights); its ``main`` catches it and reports it with :func:`fail`:
one line ``cvlab COMMAND: message`` on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from cvlab.core.fileio import file_in_the_way
from cvlab.core.folders import check_outside, folder_images
from cvlab.core.setting_error import SettingError


class CommandError(Exception):
    """A problem to report in one line (bad option, refused output, missing weights)."""


def fail(command: str, message: str) -> int:
    """Print ``cvlab COMMAND: message`` on stderr; the exit code 1."""
    print(f"cvlab {command}: {message}", file=sys.stderr)
    return 1


def about(path, exc: BaseException) -> str:
    """The error's message, naming the file unless it already does (or names the file it is
    about, as a loader's error does for a mask or scribble image)."""
    message = str(exc).strip("'\"") or type(exc).__name__
    if str(path) in message or getattr(exc, "path", None) or isinstance(exc, SettingError):
        return message
    return f"{path}: {message}"


def command_folder_images(folder: Path, progress: ProgressBar, command: str) -> list[Path]:
    """A folder's images for a batch command: each other entry is noted on stderr
    ("cvlab COMMAND: skipping ENTRY (why)"); CommandError when there is none."""
    images = folder_images(folder, lambda entry, why: progress.note(
        f"cvlab {command}: skipping {entry} ({why})"))
    if not images:
        raise CommandError(f"{folder}: no image files in this folder")
    return images


def check_output_folder(option: str, value: str | None, source: Path, *,
                        required: bool) -> Path | None:
    """The output folder a batch command was given with ``option`` (resolved; None when
    not given and not ``required``): not the input folder nor inside it, not a file."""
    if not value:
        if required:
            raise CommandError(f"{source} is a folder: give an output folder with {option}")
        return None
    try:
        out = check_outside(value, source, shown=f"{option} {value}")
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    check_no_file_in_the_way(option, value, out)
    return out


def check_no_file_in_the_way(option: str, value: str, out: Path) -> None:
    """CommandError when ``out`` (resolved), or a folder it would be made in, is a file."""
    blocker = file_in_the_way(out)
    if blocker is not None:
        what = "is a file" if blocker == out else f"{blocker} is a file"
        raise CommandError(f"{option} {value}: {what}, not a folder")


class ProgressBar:
    """A one-line bar on stderr, redrawn in place on a terminal.

    ``bar(fraction, text)`` draws it. Off a terminal it stays silent, so pipes and logs
    stay clean, unless ``log_steps`` is set: then one line ``NAME: 40% text`` each time the
    progress enters another 1/``log_steps`` or the text changes (a log of a long download).
    ``min_interval`` (seconds) skips redraws that come faster than that, except the last.
    """

    def __init__(self, stream=None, width: int = 28, *, name: str = "", log_steps: int = 0,
                 min_interval: float = 0.0) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.width = width
        self.name = name
        self.log_steps = log_steps
        self.min_interval = min_interval
        self._drawn = False
        self._last_draw = float("-inf")
        self._last_logged: tuple[int, str] | None = None

    def __call__(self, fraction: float, text: str = "") -> None:
        fraction = min(max(float(fraction), 0.0), 1.0)
        if not self.enabled:
            self._log(fraction, text)
            return
        now = time.monotonic()
        if fraction < 1.0 and now - self._last_draw < self.min_interval:
            return
        self._last_draw = now
        filled = int(round(fraction * self.width))
        columns = shutil.get_terminal_size((80, 24)).columns
        prefix = f"{self.name} " if self.name else ""
        line = f"{prefix}[{'#' * filled}{'.' * (self.width - filled)}] {fraction:4.0%} {text}"
        self.stream.write("\r" + line[:columns - 1] + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def _log(self, fraction: float, text: str) -> None:
        if not self.log_steps:
            return
        logged = (int(fraction * self.log_steps), text)
        if logged == self._last_logged:
            return
        self._last_logged = logged
        prefix = f"{self.name}: " if self.name else ""
        self.stream.write(f"{prefix}{fraction:4.0%} {text}\n")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the bar (the line is reused by what is printed next)."""
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False

    def end(self) -> None:
        """Leave the bar as it is and move to the next line."""
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    def note(self, message: str) -> None:
        """A message on its own line (the bar is redrawn by the next update)."""
        self.clear()
        print(message, file=self.stream, flush=True)
