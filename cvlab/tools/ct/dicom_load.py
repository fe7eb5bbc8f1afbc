"""Pixels of a scanned series → a ``Volume`` in HU, with a report of what was left out.

The slices are ordered geometrically first (see geometry.py), the volume is allocated
once, and a small thread pool reads and rescales files straight into their slot (file
reads and numpy release the GIL). HU are int16 when the modality LUT allows it — decided
from the header when BitsStored guarantees it, otherwise from each slice's real values —
and float32 otherwise. Unreadable slices are skipped with a reason; only a series with
no loadable slice at all raises ``DicomLoadError``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cvlab.core.i18n import translate
from cvlab.tools.ct.dicom_header import ImageHeader
from cvlab.tools.ct.dicom_pixels import (
    SliceError,
    fits_int16,
    hu_bounds,
    invert_monochrome1,
    is_integral,
    read_stored_frames,
    rescale_into_float32,
    rescale_into_int16,
    stored_range,
)
from cvlab.tools.ct.dicom_scan import PathsArg, SeriesInfo, scan_paths, series_slices
from cvlab.tools.ct.geometry import (
    SliceOrder,
    direction_cosines,
    header_slice_spacing,
    order_slices,
)
from cvlab.tools.ct.load_report import (
    CancelledFn,
    DicomLoadError,
    LoadCancelled,
    LoadReport,
    ProgressFn,
    check_cancelled,
    report_progress,
)
from cvlab.tools.ct.volume import SliceInfo, Volume

MAX_READ_THREADS = 4
Slice = tuple[ImageHeader, int]   # (file header, frame index within the file)


@dataclass
class LoadResult:
    volume: Volume
    report: LoadReport


def load_series(series: SeriesInfo, *, progress: ProgressFn | None = None,
                cancelled: CancelledFn | None = None) -> Volume:
    """The series as a Volume; what was skipped is summarised in ``volume.warnings``."""
    return load_series_with_report(series, progress=progress, cancelled=cancelled).volume


def load_series_with_report(series: SeriesInfo, *, progress: ProgressFn | None = None,
                            cancelled: CancelledFn | None = None,
                            threads: int | None = None) -> LoadResult:
    report = LoadReport(skipped=list(series.split_off))
    candidates = _matching_slices(series, report)
    order = _geometric_order(candidates)
    for index in order.duplicates:
        report.skip(candidates[index][0].path, translate(
            "DicomLoad", "duplicate position: another slice of the series is at the same "
            "place"))
    for index in order.unplaced:
        report.skip(candidates[index][0].path, translate(
            "DicomLoad", "no ImagePositionPatient while the other slices have one"))
    ordered = [candidates[i] for i in order.order]
    voxels, loaded = _read_slices(series, ordered, report, progress, cancelled, threads)
    if not loaded.any():
        raise DicomLoadError(_source_of(series), report.skipped)
    if not loaded.all():  # drop the failed slots; spacing and gaps change with them
        voxels = voxels[loaded]
        ordered = [s for s, ok in zip(ordered, loaded) if ok]
        survivors = _geometric_order(ordered)
        order.spacing, order.spacing_warnings = survivors.spacing, survivors.spacing_warnings
        order.gaps = survivors.gaps
    report.loaded = len(ordered)
    report.warnings += order.warnings
    report.gaps = list(order.gaps)
    volume = _build_volume(series, ordered, voxels, order, report)
    return LoadResult(volume, report)


def open_dicom(paths: PathsArg, *, series_uid: str | None = None,
               progress: ProgressFn | None = None,
               cancelled: CancelledFn | None = None) -> LoadResult:
    """Scan, then load the chosen series (default: the largest one that loads at all).

    The report lists the files the scan skipped as well as the slices the load skipped.
    """
    def scan_progress(fraction: float, text: str) -> None:
        report_progress(progress, 0.3 * fraction, text)

    def load_progress(fraction: float, text: str) -> None:
        report_progress(progress, 0.3 + 0.7 * fraction, text)

    scan = scan_paths(paths, progress=scan_progress, cancelled=cancelled)
    candidates = sorted(scan.series, key=lambda s: -s.image_count)
    if series_uid is not None:
        candidates = [s for s in candidates if s.uid == series_uid]
    failures = []
    for series in candidates:
        try:
            result = load_series_with_report(series, progress=load_progress,
                                             cancelled=cancelled)
        except DicomLoadError as exc:
            failures += exc.skipped
            continue
        result.report.skipped = scan.skipped + failures + result.report.skipped
        result.volume.warnings = volume_warnings(result.report)
        return result
    detail = f"no series with UID {series_uid}" if series_uid and not candidates else ""
    raise DicomLoadError(scan.source, scan.skipped + failures, detail)


def _matching_slices(series: SeriesInfo, report: LoadReport) -> list[Slice]:
    """Slices whose size and colour match the series; the rest are reported."""
    slices = []
    for image, frame in series_slices(series.images):
        if (image.rows, image.columns) != (series.rows, series.columns):
            if frame == 0:
                report.skip(image.path, translate(
                    "DicomLoad", "different image size: {0}×{1} in a {2}×{3} series").format(
                    image.columns, image.rows, series.columns, series.rows))
        elif image.is_rgb != series.is_rgb:
            if frame == 0:
                report.skip(image.path, translate(
                    "DicomLoad", "colour and grey images mixed in one series"))
        else:
            slices.append((image, frame))
    return slices


def _geometric_order(slices: list[Slice]) -> SliceOrder:
    first = slices[0][0] if slices else None
    normal = _normal(first)
    positions = [image.frames[frame].position if normal is not None else None
                 for image, frame in slices]
    fallback = (header_slice_spacing(first.spacing_between_slices, first.slice_thickness)
                if first else None)
    return order_slices(positions, normal if normal is not None else np.array([0., 0., 1.]),
                        [image.instance_number for image, _ in slices],
                        fallback_spacing=fallback)


def _normal(image: ImageHeader | None) -> np.ndarray | None:
    if image is None or image.orientation is None:
        return None
    try:
        row, col = direction_cosines(image.orientation)
    except ValueError:
        return None
    normal = np.cross(row, col)
    length = np.linalg.norm(normal)
    return normal / length if length > 1e-6 else None


def _voxel_plan(ordered: list[Slice]) -> str:
    """'rgb', 'int16' (header guarantees it), 'check' (per slice) or 'float32'."""
    if ordered and ordered[0][0].is_rgb:
        return "rgb"
    plan = "int16"
    for image, frame in ordered:
        info = image.frames[frame]
        if not (is_integral(info.slope) and is_integral(info.intercept)):
            return "float32"
        if not fits_int16(*hu_bounds(*stored_range(image), info.slope, info.intercept)):
            plan = "check"
    return plan


def _read_slices(series: SeriesInfo, ordered: list[Slice], report: LoadReport,
                 progress: ProgressFn | None, cancelled: CancelledFn | None,
                 threads: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Fill a preallocated volume file by file; returns (voxels, mask of loaded slots)."""
    plan = _voxel_plan(ordered)
    shape = (len(ordered), series.rows, series.columns) + ((3,) if plan == "rgb" else ())
    dtype = {"rgb": np.uint8, "float32": np.float32}.get(plan, np.int16)
    voxels = np.empty(shape, dtype=dtype)
    loaded = np.zeros(len(ordered), dtype=bool)
    slots_by_file: dict[str, list[tuple[int, ImageHeader, int]]] = defaultdict(list)
    for slot, (image, frame) in enumerate(ordered):
        slots_by_file[image.path].append((slot, image, frame))
    jobs = list(slots_by_file.items())
    too_wide: list[tuple[int, np.ndarray, float, float]] = []  # slices int16 cannot hold

    def read_file(slots: list[tuple[int, ImageHeader, int]]) -> list:
        frames = read_stored_frames(slots[0][1])
        wide = []
        for slot, image, frame in slots:
            stored, info = frames[frame], image.frames[frame]
            if plan == "rgb":
                voxels[slot] = stored
            elif plan == "float32":
                rescale_into_float32(voxels[slot], stored, info.slope, info.intercept)
            elif plan == "int16" or fits_int16(*hu_bounds(stored.min(), stored.max(),
                                                          info.slope, info.intercept)):
                rescale_into_int16(voxels[slot], stored, info.slope, info.intercept)
            else:
                wide.append((slot, np.array(stored), info.slope, info.intercept))
        return wide

    workers = threads or min(MAX_READ_THREADS, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
        futures = [pool.submit(read_file, slots) for _, slots in jobs]
        try:
            for number, ((path, slots), future) in enumerate(zip(jobs, futures)):
                check_cancelled(cancelled, LoadCancelled)
                report_progress(progress, number / len(jobs),
                                translate("DicomLoad", "Reading slices {0}/{1}").format(
                                    number + 1, len(jobs)))
                try:
                    too_wide += future.result()
                    loaded[[slot for slot, _, _ in slots]] = True
                except SliceError as exc:
                    report.skip(path, str(exc))
                except Exception as exc:  # never let one odd file stop the others
                    report.skip(path, translate("DicomLoad", "could not be read: {0}: {1}")
                                .format(type(exc).__name__, exc))
        except LoadCancelled:
            for future in futures:
                future.cancel()
            raise
    report_progress(progress, 1.0, translate("DicomLoad", "Read {0} slice(s)").format(
        int(loaded.sum())))
    if too_wide:  # HU beyond int16 after all: switch the volume to float32 (exactly)
        voxels = voxels.astype(np.float32)
        for slot, stored, slope, intercept in too_wide:
            rescale_into_float32(voxels[slot], stored, slope, intercept)
    return voxels, loaded


def _build_volume(series: SeriesInfo, ordered: list[Slice], voxels: np.ndarray,
                  order: SliceOrder, report: LoadReport) -> Volume:
    first = ordered[0][0]
    if first.orientation is not None and _normal(first) is not None:
        row, col = direction_cosines(first.orientation)
        normal = _normal(first)
    else:
        row, col, normal = np.eye(3)
        report.warnings.append(translate(
            "DicomLoad", "no ImageOrientationPatient: axial orientation assumed"))
    if first.pixel_spacing is not None:
        row_spacing, column_spacing = first.pixel_spacing
    else:
        row_spacing = column_spacing = 1.0
        report.warnings.append(translate(
            "DicomLoad", "no PixelSpacing: 1 mm pixels assumed, distances are in pixel units"))
    first_position = first.frames[ordered[0][1]].position
    origin = np.array(first_position if first_position is not None else (0.0, 0.0, 0.0))
    slices = []
    for k, (image, frame) in enumerate(ordered):
        position = image.frames[frame].position
        if position is None:  # no positions at all: place slices evenly along the normal
            position = tuple(origin + k * order.spacing * normal)
        slices.append(SliceInfo(path=image.path, instance_number=image.instance_number,
                                position=tuple(float(v) for v in position),
                                slice_location=image.slice_location,
                                frame=frame if image.number_of_frames > 1 else None))
    windows = list(first.windows)
    if first.photometric == "MONOCHROME1" and not first.is_rgb:
        low, high = invert_monochrome1(voxels)
        windows = [(width, low + high - level) for width, level in windows]
        report.warnings.append(translate(
            "DicomLoad", "MONOCHROME1 image: values inverted (v' = max + min − v, max {0:g}, "
            "min {1:g}) so that high values are bright").format(high, low))
    if first.is_rgb:
        windows = []  # colour captures are shown as they are, never windowed
    return Volume(voxels=voxels,
                  spacing=(float(order.spacing), float(row_spacing), float(column_spacing)),
                  origin=origin, row_cosine=row, col_cosine=col, slice_normal=normal,
                  is_rgb=first.is_rgb, slices=slices, default_windows=windows,
                  header=dict(first.tags), warnings=volume_warnings(report),
                  series_uid=series.uid)


def volume_warnings(report: LoadReport) -> list[str]:
    """The report's warnings, plus one line on skipped files for the viewer's banner."""
    return report.warnings + ([report.summary()] if report.skipped else [])


def _source_of(series: SeriesInfo) -> str:
    folders = {str(Path(image.path).parent) for image in series.images}
    where = (folders.pop() if len(folders) == 1
             else translate("DicomLoad", "{0} folders").format(len(folders)))
    return translate("DicomLoad", "{0} (series {1})").format(
        where, series.description or series.uid)
