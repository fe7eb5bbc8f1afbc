"""What a DICOM scan or load found besides the images: skipped files, warnings, errors.

Bad input never raises while something is still loadable: each unusable file becomes a
``SkippedFile`` with a reason a user can act on, and oddities of the geometry become
warnings. Only when nothing at all can be loaded does ``DicomLoadError`` stop the load.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from cvlab.core.cancel import Cancelled as CoreCancelled
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
        text = f"{self.loaded} slice(s) loaded"
        if self.skipped:
            text += f", {len(self.skipped)} file(s) skipped ({summarise_reasons(self.skipped)})"
        if self.warnings:
            text += f", {len(self.warnings)} warning(s)"
        return text


class DicomLoadError(Exception):
    """Nothing at all could be loaded from what the user chose."""

    def __init__(self, source: str, skipped: list[SkippedFile], detail: str = "") -> None:
        self.source = source
        self.skipped = list(skipped)
        self.why = detail or summarise_reasons(self.skipped) or "no files found"
        super().__init__(f"No loadable DICOM image in {source}: {self.why}")

    @property
    def headline(self) -> str:
        """The sentence for the status line (cvlab.core.messages.job_headline): what was
        chosen by name (each of up to three, as ``ScanResult.source`` lists them), then why;
        the full paths stay in the message's details."""
        names = ", ".join(file_name(part) for part in self.source.split(", "))
        return f"No loadable DICOM image in {names}: {self.why}"


def summarise_reasons(skipped: list[SkippedFile], limit: int = 3,
                      name_files: bool = False) -> str:
    """'12× not a DICOM file; 1× truncated …' — the commonest reasons first. With
    ``name_files`` each reason says where: '… in IM0004.dcm' or '… in IM0004.dcm and 2 more'."""
    # Reasons often end in file-specific detail after a colon; group on the general part
    # and show the first full reason of each group as its example.
    counts = Counter(s.reason.split(":")[0] for s in skipped)
    example: dict[str, SkippedFile] = {}
    for entry in skipped:
        example.setdefault(entry.reason.split(":")[0], entry)
    parts = []
    for reason, n in counts.most_common(limit):
        text = f"{n}× {example[reason].reason}"
        if name_files:
            text += f" in {os.path.basename(example[reason].path)}"
            text += f" and {n - 1} more" if n > 1 else ""
        parts.append(text)
    if len(counts) > limit:
        parts.append(f"{len(counts) - limit} other reason(s)")
    return "; ".join(parts)


def report_progress(progress: ProgressFn | None, fraction: float, text: str) -> None:
    if progress is not None:
        progress(min(max(fraction, 0.0), 1.0), text)


def check_cancelled(cancelled: CancelledFn | None, error: type[Cancelled]) -> None:
    if cancelled is not None and cancelled():
        raise error()
