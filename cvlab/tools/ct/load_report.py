"""What a DICOM scan or load found besides the images: skipped files, warnings, errors.

Bad input never raises while something is still loadable: each unusable file becomes a
``SkippedFile`` with a reason a user can act on, and oddities of the geometry become
warnings. Only when nothing at all can be loaded does ``DicomLoadError`` stop the load.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from cvlab.core.cancel import Cancelled as CoreCancelled
from cvlab.core.i18n import translate
from cvlab.core.messages import file_name

ProgressFn = Callable[[float, str], None]
CancelledFn = Callable[[], bool]


class Cancelled(CoreCancelled):
    """The caller's ``cancelled()`` answered True; the scan or load stopped cleanly."""


class ScanCancelled(Cancelled):
    """Cancelled while reading headers."""


class LoadCancelled(Cancelled):
    """Cancelled while reading pixels."""


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str


@dataclass
class LoadReport:
    loaded: int = 0                                   # slices that made it into the volume
    skipped: list[SkippedFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    gaps: list[tuple[int, float]] = field(default_factory=list)  # (slice before, step mm)

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append(SkippedFile(str(path), reason))

    def summary(self) -> str:
        """One line for a status bar: counts and the most common reasons."""
        text = translate("CtLoadReport", "{0} slice(s) loaded").format(self.loaded)
        if self.skipped:
            text += translate("CtLoadReport", ", {0} file(s) skipped ({1})").format(
                len(self.skipped), summarise_reasons(self.skipped))
        if self.warnings:
            text += translate("CtLoadReport", ", {0} warning(s)").format(len(self.warnings))
        return text


class DicomLoadError(Exception):
    """Nothing at all could be loaded from what the user chose."""

    def __init__(self, source: str, skipped: list[SkippedFile], detail: str = "") -> None:
        self.source = source
        self.skipped = list(skipped)
        self.why = (detail or summarise_reasons(self.skipped)
                    or translate("CtLoadReport", "no files found"))
        super().__init__(_no_image(source, self.why))

    @property
    def headline(self) -> str:
        """The sentence for the status line (cvlab.core.messages.job_headline): what was
        chosen by name (each of up to three, as ``ScanResult.source`` lists them), then why;
        the full paths stay in the message's details."""
        names = ", ".join(file_name(part) for part in self.source.split(", "))
        return _no_image(names, self.why)


def _no_image(where: str, why: str) -> str:
    return translate("CtLoadReport", "No loadable DICOM image in {0}: {1}").format(where, why)


def _reason_group(reason: str) -> str:
    """The general part of a reason, before its file-specific detail after a colon (an
    ASCII one, or the full-width one of a Chinese reason)."""
    return re.split("[:：]", reason, maxsplit=1)[0]


def summarise_reasons(skipped: list[SkippedFile], limit: int = 3,
                      name_files: bool = False) -> str:
    """'12× not a DICOM file; 1× truncated …' — the commonest reasons first. With
    ``name_files`` each reason says where: '… in IM0004.dcm' or '… in IM0004.dcm and 2 more'."""
    # Reasons often end in file-specific detail after a colon; group on the general part
    # and show the first full reason of each group as its example.
    counts = Counter(_reason_group(s.reason) for s in skipped)
    example: dict[str, SkippedFile] = {}
    for entry in skipped:
        example.setdefault(_reason_group(entry.reason), entry)
    parts = []
    for reason, n in counts.most_common(limit):
        first = example[reason]
        if not name_files:
            text = translate("CtLoadReport", "{0}× {1}").format(n, first.reason)
        elif n > 1:
            text = translate("CtLoadReport", "{0}× {1} in {2} and {3} more").format(
                n, first.reason, os.path.basename(first.path), n - 1)
        else:
            text = translate("CtLoadReport", "{0}× {1} in {2}").format(
                n, first.reason, os.path.basename(first.path))
        parts.append(text)
    if len(counts) > limit:
        parts.append(translate("CtLoadReport", "{0} other reason(s)").format(
            len(counts) - limit))
    return translate("CtLoadReport", "; ").join(parts)


def report_progress(progress: ProgressFn | None, fraction: float, text: str) -> None:
    if progress is not None:
        progress(min(max(fraction, 0.0), 1.0), text)


def check_cancelled(cancelled: CancelledFn | None, error: type[Cancelled]) -> None:
    if cancelled is not None and cancelled():
        raise error()
