"""Which message the status line shows: each tab's own, never another tab's (no Qt).

Every message belongs to a tab (the tool id that made it) or to the whole app (``tab``
None: a device problem, a file no tool opens). The board keeps the current message of each
tab; the status line shows the newest of the current tab's and the app's. A tab's message
is cleared by the user's next action there (``clear_tab``), or when dismissed.

Also here: :func:`job_headline`, the one sentence a failed job is reported with.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from cvlab.core.i18n import translate
from cvlab.core.state import StateModel

MAX_KEPT = 200


@dataclass(frozen=True)
class Message:
    text: str                # the headline: one sentence for people
    level: str = "info"      # "info" or "error"
    details: str = ""        # e.g. a traceback; behind Details in the message log
    tab: str | None = None   # the tool id whose tab it belongs to; None: the whole app
    when: float = field(default_factory=time.time)


@dataclass(eq=False)
class MessageBoard(StateModel):
    """``shown`` is what the status line displays now; ``history`` every message posted."""

    active_tab: str | None = None
    shown: Message | None = None
    history: tuple[Message, ...] = ()
    current: dict = field(default_factory=dict)  # tab (or None) -> its current Message

    def post(self, message: Message) -> Message:
        self.current[message.tab] = message
        self.update(history=(self.history + (message,))[-MAX_KEPT:])
        self._refresh()
        return message

    def show_tab(self, tab: str | None) -> None:
        self.active_tab = tab
        self._refresh()

    def clear_tab(self, tab: str | None, errors_only: bool = False) -> None:
        """The user acted on ``tab``: its old message (and an app-wide one) has had its say.
        ``errors_only`` keeps an info message (a job chained to a result clears no news)."""
        for key in (tab, None):
            message = self.current.get(key)
            if message is not None and (message.level == "error" or not errors_only):
                del self.current[key]
        self._refresh()

    def dismiss(self) -> None:
        if self.shown is not None:
            self.current.pop(self.shown.tab, None)
        self._refresh()

    def _refresh(self) -> None:
        candidates = [m for m in (self.current.get(self.active_tab), self.current.get(None))
                      if m is not None]
        self.shown = max(candidates, key=lambda m: m.when) if candidates else None


def file_name(path: str | os.PathLike | None) -> str:
    """The last part of a path, for headlines (the full path goes into the details)."""
    if not path:
        return ""
    return os.path.basename(os.fspath(path).rstrip("/\\")) or os.fspath(path)


def job_headline(label: str, source: str | None, exc: BaseException) -> str:
    """One sentence naming the file and what is wrong, never an exception's class name.

    An exception written for people carries a ``headline`` attribute (ImageLoadError
    does); anything else becomes "<job> failed on <file>: <message>"."""
    headline = getattr(exc, "headline", None)
    if isinstance(headline, str) and headline:
        return headline
    what = label or translate("Messages", "The job")
    message = str(exc).strip() or type(exc).__name__
    if source:
        return translate("Messages", "{0} failed on {1}: {2}").format(
            what, file_name(source), message)
    return translate("Messages", "{0} failed: {1}").format(what, message)


def unopenable_headline(path: str | os.PathLike) -> str:
    """Why CV Lab opens nothing at ``path`` (a file or folder no kind claims), in one sentence.

    A folder is reported as a DICOM folder would be ("No DICOM images in folder X: 3
    files, none DICOM"), since folders are how DICOM series are opened."""
    p = Path(path)
    if p.is_dir():
        files = _count_files(p)
        if files > _FOLDER_COUNT_LIMIT:
            what = translate("Messages", "more than {0:,} files, none DICOM among the "
                             "first").format(_FOLDER_COUNT_LIMIT)
        elif files == 0:
            what = translate("Messages", "it is empty")
        elif files == 1:
            what = translate("Messages", "{0:,} file, none DICOM").format(files)
        else:
            what = translate("Messages", "{0:,} files, none DICOM").format(files)
        return translate("Messages", "No DICOM images in folder {0}: {1}").format(
            file_name(p), what)
    return translate("Messages", "{0} is not an image or a DICOM file that CV Lab can "
                     "open").format(file_name(p))


_FOLDER_COUNT_LIMIT = 2000  # as many as inputs.input_kind looks at


def _count_files(folder: Path) -> int:
    count = 0
    for child in folder.rglob("*"):
        if child.is_file():
            count += 1
            if count > _FOLDER_COUNT_LIMIT:
                break
    return count
