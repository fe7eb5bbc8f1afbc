"""`cvlab batch ct nodules`: the lung and nodule screen over every DICOM series under a root.

One item is one series the scanner finds (folder by folder); each gives ``series_nodules.json``
(``seriesN_nodules.json`` where a folder holds several), the report ``cvlab ct nodules --json``
prints, in the mirrored folder; the summary has its lung volumes and nodule count.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cvlab.core.batch.items import Item, UnreadableFolder, fingerprint, relative, walk
from cvlab.core.batch.task import BatchTask, ItemResult, output_path, write_json
from cvlab.core.inputs import IMAGE_SUFFIXES

# Files a DICOM folder often holds beside the images; never scanned as DICOM.
NOT_DICOM_SUFFIXES = IMAGE_SUFFIXES | {".txt", ".md", ".csv", ".json", ".pdf", ".html",
                                       ".xml", ".zip", ".py", ".log"}


def discover_series(root: Path) -> Iterator[Item | UnreadableFolder]:
    """Every DICOM series under ``root``: the scanner reads each folder's own files (not
    its subfolders, which come as folders of their own)."""
    from cvlab.tools.ct.dicom_scan import scan_paths
    from cvlab.tools.ct.load_report import summarise_reasons

    for folder, names in walk(root):
        files = [str(folder / n) for n in names
                 if n.upper() != "DICOMDIR" and Path(n).suffix.lower() not in NOT_DICOM_SUFFIXES
                 and (folder / n).is_file()]
        if not files:
            continue
        scan = scan_paths(files)
        rel = relative(folder, root)
        if not scan.series:
            why = summarise_reasons(scan.skipped, name_files=True) or "no files found"
            yield UnreadableFolder(rel or ".", f"{folder}: no loadable DICOM image ({why})")
            continue
        several = len(scan.series) > 1
        for number, series in enumerate(scan.series, start=1):
            series_files = tuple(series.files)
            stem = f"series{number}" if several else "series"
            yield Item(key=f"{rel or '.'}#{series.uid}"
                       + (f".{series.sub_index}" if series.sub_index else ""),
                       files=series_files, out_dir=rel, stem=stem,
                       fingerprint=fingerprint(series_files), payload=series)



def _add_options(parser) -> None:
    """``cvlab ct nodules`` has no option beyond its input; neither has its batch."""


def _options(args) -> dict:
    return {}


def open_nodules(options: dict, device):
    """On a worker: the screen needs no model; each call loads one series and screens it."""
    from cvlab.tools.ct.cli import TEACHING_NOTE
    from cvlab.tools.ct.dicom_load import load_series_with_report
    from cvlab.tools.ct.nodules import screen_volume

    def process(item, out_dir) -> ItemResult:
        series = item.payload
        loaded = load_series_with_report(series)
        report = screen_volume(loaded.volume)
        report["files"] = len(item.files)
        report["disclaimer"] = TEACHING_NOTE
        if loaded.report.skipped:
            report["warnings"].append(f"{len(loaded.report.skipped)} file(s) of the series "
                                      "were left out")
        target = output_path(out_dir, item.stem, "_nodules.json")
        write_json(target, report)
        return ItemResult(figures={
            "series_uid": report["series_uid"], "slices": loaded.volume.shape[0],
            "right_lung_ml": report["lungs"]["right_volume_ml"],
            "left_lung_ml": report["lungs"]["left_volume_ml"], "nodules": report["count"],
            "largest_mm": max((n["diameter_mm"] for n in report["nodules"]), default=""),
        }, outputs=[target.name])

    return process


TASKS = (
    BatchTask(verb="ct", sub="nodules",
              summary="segment the lungs and list nodule candidates in every DICOM series",
              discover="cvlab.tools.ct.batch_task:discover_series", items_are="DICOM series",
              add_options=_add_options, options=_options,
              opener="cvlab.tools.ct.batch_task:open_nodules",
              figures=("series_uid", "slices", "right_lung_ml", "left_lung_ml", "nodules",
                       "largest_mm")),
)
