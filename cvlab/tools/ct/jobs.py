"""The CT viewer's worker jobs: plain functions of (ctx, ...) that call the engines.

``ctx`` is a :class:`cvlab.core.jobs.JobContext` (progress, cancel); headless callers and
tests build one with ``JobContext.local("ct")``.

The panel imports this module when the window is built, so the DICOM engines (pydicom,
about 0.5 s) are imported inside the jobs, on the worker thread, when one first runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from cvlab.tools.ct.windowing import apply_window

if TYPE_CHECKING:
    from cvlab.tools.ct.dicom_load import LoadResult
    from cvlab.tools.ct.dicom_scan import ScanResult, SeriesInfo
    from cvlab.tools.ct.lungs import LungSegmentation
    from cvlab.tools.ct.nodules import Nodule
    from cvlab.tools.ct.volume import Volume

THUMBNAIL_SIZE = 96


@dataclass
class ScanOutcome:
    scan: ScanResult
    thumbnails: dict[int, np.ndarray] = field(default_factory=dict)  # series index → uint8


@dataclass
class LungsOutcome:
    lungs: LungSegmentation
    nodules: list[Nodule]


def scan_job(ctx, paths) -> ScanOutcome:
    from cvlab.tools.ct.dicom_scan import scan_paths
    from cvlab.tools.ct.load_report import DicomLoadError

    scan = scan_paths(paths, progress=ctx.progress, cancelled=ctx.cancelled)
    if not scan.series:
        raise DicomLoadError(scan.source, scan.skipped)
    outcome = ScanOutcome(scan)
    if len(scan.series) > 1:  # the series browser shows a picture of each
        for i, series in enumerate(scan.series):
            ctx.check_cancelled()
            outcome.thumbnails[i] = series_thumbnail(series)
    return outcome


def load_job(ctx, series: SeriesInfo, scan_skipped=()) -> LoadResult:
    from cvlab.tools.ct.dicom_load import load_series_with_report, volume_warnings

    result = load_series_with_report(series, progress=ctx.progress, cancelled=ctx.cancelled)
    result.report.skipped = list(scan_skipped) + result.report.skipped
    # Files the scan skipped (a named pipe, a forged header) are said like those the load
    # skipped, as open_dicom does: in the volume's warnings, which the tab shows.
    result.volume.warnings = volume_warnings(result.report)
    return result


def lungs_job(ctx, volume: Volume) -> LungsOutcome:
    from cvlab.tools.ct.lungs import segment_lungs
    from cvlab.tools.ct.nodules import detect_nodules

    lungs = segment_lungs(volume, progress=ctx.part(0.0, 0.5).progress, cancelled=ctx.cancelled)
    nodules = detect_nodules(volume, lungs, progress=ctx.part(0.5, 1.0).progress,
                             cancelled=ctx.cancelled)
    return LungsOutcome(lungs, nodules)


def anonymise_job(ctx, files: list[str], out_folder: str, source_folders: list[str]):
    """A PS3.15 anonymised copy of ``files`` in ``out_folder`` (never a source folder)."""
    from cvlab.tools.ct.anonymise import anonymise_series

    return anonymise_series(files, out_folder, source_folders=source_folders,
                            progress=ctx.progress, cancelled=ctx.cancelled)


def series_thumbnail(series: SeriesInfo, size: int = THUMBNAIL_SIZE) -> np.ndarray:
    """The middle image of a series, windowed, as a small 8-bit picture (blank if unreadable)."""
    import pydicom

    blank = np.zeros((size, size), np.uint8)
    if not series.images:
        return blank
    try:
        ds = pydicom.dcmread(series.images[len(series.images) // 2].path)
        pixels = ds.pixel_array
    except Exception:
        return blank
    if pixels.ndim == 4 or (pixels.ndim == 3 and getattr(ds, "SamplesPerPixel", 1) == 1):
        pixels = pixels[len(pixels) // 2]
    if pixels.ndim == 3:  # colour: show its luminance
        pixels = pixels[..., :3].mean(axis=2)
        hu = pixels.astype(np.float32)
        image = np.clip(hu, 0, 255).astype(np.uint8)
    else:
        slope = float(getattr(ds, "RescaleSlope", 1) or 1)
        hu = pixels.astype(np.float32) * slope + float(getattr(ds, "RescaleIntercept", 0) or 0)
        low, high = np.percentile(hu, (1, 99))
        image = apply_window(hu, max(high - low, 1.0), (low + high) / 2)
    step = max(1, int(np.ceil(max(image.shape) / size)))
    return np.ascontiguousarray(image[::step, ::step])
