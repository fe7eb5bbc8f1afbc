"""Faces over a whole folder: count them, or write anonymised copies (no Qt).

Used by the tab's folder mode and by ``cvlab faces FOLDER``. Outputs go to another folder
(never the input folder or inside it), each file written atomically; a summary CSV lists
every image with its face count, or the reason it failed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cvlab.core.cancel import Cancelled
from cvlab.core.fileio import atomic_write
from cvlab.core.folders import check_outside, folder_images

SUMMARY_NAME = "faces_summary.csv"


@dataclass
class FolderReport:
    rows: list[dict] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)    # (file, why)
    written: list[Path] = field(default_factory=list)

    @property
    def faces(self) -> int:
        return sum(int(r["faces"]) for r in self.rows)


def run_folder(source: Path, target: Path | None, *, detect: Callable, anonymise_with=None,
               progress: Callable[[float, str], None] | None = None,
               cancelled: Callable[[], bool] | None = None,
               images: list[Path] | None = None) -> FolderReport:
    """``detect(image) -> list[Face]``; ``anonymise_with(image, faces) -> image`` or None to
    only count. With ``target`` the anonymised copies (PNG, same stem) and the summary CSV
    are written there. ``images``: the folder's images when the caller has listed them."""
    from cvlab.core.images import read_image, save_image

    source = Path(source)
    if target is not None:
        target = Path(target)
        check_outside(target, source)
        target.mkdir(parents=True, exist_ok=True)
    if images is None:
        images = folder_images(source)
    report = FolderReport()
    for n, path in enumerate(images):
        if cancelled is not None and cancelled():
            raise Cancelled(f"cancelled after {n} of {len(images)} images")
        try:
            image = read_image(path).array
            faces = detect(image)
            row = {"file": path.name, "faces": len(faces),
                   "best_score": f"{max((f.score for f in faces), default=0):.3f}"}
            if anonymise_with is not None and target is not None:
                out = target / f"{path.stem}_anonymised.png"
                save_image(out, anonymise_with(image, faces), inputs=[path])
                row["output"] = out.name
                report.written.append(out)
            report.rows.append(row)
        except Cancelled:
            raise
        except Exception as exc:  # one bad file must not stop the folder
            report.failed.append((str(path), _reason(path, exc)))
        if progress is not None:
            progress((n + 1) / max(1, len(images)), path.name)
    if target is not None:
        summary = target / SUMMARY_NAME
        with atomic_write(summary) as handle:
            handle.write(summary_csv(report).encode("utf-8"))
        report.written.append(summary)
    return report


def _reason(path: Path, exc: Exception) -> str:
    """What went wrong, without the file's name: every reader of ``failed`` shows it beside
    the name already (the loader's errors start with it)."""
    why = str(exc)
    prefix = f"{path}: "
    return why[len(prefix):] if why.startswith(prefix) else why


def summary_csv(report: FolderReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "faces", "best_score", "output", "error"])
    for row in report.rows:
        writer.writerow([row["file"], row["faces"], row["best_score"], row.get("output", ""),
                         ""])
    for path, why in report.failed:
        writer.writerow([Path(path).name, "", "", "", why])
    return out.getvalue()
