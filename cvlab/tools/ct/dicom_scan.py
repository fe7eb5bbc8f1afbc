"""Find the DICOM series in a folder, a DICOMDIR or a list of files — headers only.

``scan_paths`` reads every candidate file's header (no pixels), groups the images by
SeriesInstanceUID and splits a series into sub-series where the orientation or the
image size changes, since those cannot share one volume. Files that are not usable
images come back as ``SkippedFile`` entries with the reason; scanning never raises on
bad input. Progress is reported and cancellation checked once per file.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pydicom

from cvlab.core.fileio import not_a_regular_file
from cvlab.core.i18n import translate
from cvlab.tools.ct.dicom_header import (
    HeaderError,
    ImageHeader,
    as_text,
    read_image_header,
)
from cvlab.tools.ct.geometry import (
    SliceOrder,
    header_slice_spacing,
    order_slices,
    orientation_key,
    orientation_label,
    slice_normal,
)
from cvlab.tools.ct.load_report import (
    CancelledFn,
    ProgressFn,
    ScanCancelled,
    SkippedFile,
    check_cancelled,
    report_progress,
)

PathsArg = str | os.PathLike | Iterable[str | os.PathLike]


@dataclass
class SeriesInfo:
    uid: str
    description: str
    modality: str
    images: list[ImageHeader]                      # files of this (sub-)series
    rows: int
    columns: int
    pixel_spacing: tuple[float, float] | None      # (row, column) mm
    slice_spacing: float | None                    # estimated from the positions, mm
    orientation: tuple[float, ...] | None          # the six IOP values
    orientation_label: str                         # axial / coronal / sagittal / oblique
    series_number: str = ""
    sub_index: int = 0                             # >0: a part split off a larger series
    header: dict[str, str] = field(default_factory=dict)   # patient/study/series tags
    warnings: list[str] = field(default_factory=list)
    split_off: list[SkippedFile] = field(default_factory=list)  # same UID, other part

    @property
    def files(self) -> list[str]:
        return [image.path for image in self.images]

    @property
    def image_count(self) -> int:
        """Slices, counting every frame of multi-frame files."""
        return sum(image.number_of_frames for image in self.images)

    @property
    def is_rgb(self) -> bool:
        return bool(self.images) and self.images[0].is_rgb

    @property
    def patient_name(self) -> str:
        return self.header.get("PatientName", "")

    @property
    def patient_id(self) -> str:
        return self.header.get("PatientID", "")

    @property
    def study_date(self) -> str:
        return self.header.get("StudyDate", "")

    @property
    def study_description(self) -> str:
        return self.header.get("StudyDescription", "")

    def label(self) -> str:
        """A one-line name for a series list."""
        size = f"{self.columns}×{self.rows}"
        what = self.description or self.uid
        part = f" (part {self.sub_index + 1})" if self.sub_index else ""
        return (f"{self.modality} {what}{part}: {self.image_count} image(s), {size}, "
                f"{self.orientation_label or 'unknown orientation'}")


@dataclass
class ScanResult:
    source: str                                    # what the user chose, for messages
    series: list[SeriesInfo] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    files_seen: int = 0

    def largest(self) -> SeriesInfo | None:
        """The series with the most slices (the usual choice when a folder is opened)."""
        return max(self.series, key=lambda s: s.image_count, default=None)


def scan_paths(paths: PathsArg, *, progress: ProgressFn | None = None,
               cancelled: CancelledFn | None = None) -> ScanResult:
    """Scan a folder (recursively), a DICOMDIR, one file or a list of those."""
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    result = ScanResult(source=", ".join(os.fspath(p) for p in items[:3])
                        + (" …" if len(items) > 3 else ""))
    files = _candidate_files(items, result.skipped, cancelled)
    result.files_seen = len(files)
    headers: list[ImageHeader] = []
    for number, path in enumerate(files):
        check_cancelled(cancelled, ScanCancelled)
        report_progress(progress, number / max(len(files), 1),
                        translate("DicomScan", "Reading headers {0}/{1}").format(
                            number + 1, len(files)))
        try:
            headers.append(read_image_header(path))
        except HeaderError as exc:
            result.skipped.append(SkippedFile(path, str(exc)))
    result.series = group_series(headers)
    report_progress(progress, 1.0, translate("DicomScan", "Found {0} series in {1} file(s)")
                    .format(len(result.series), len(files)))
    return result


def _candidate_files(items: list, skipped: list[SkippedFile],
                     cancelled: CancelledFn | None) -> list[str]:
    files: list[str] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            for folder, subfolders, names in os.walk(path):
                check_cancelled(cancelled, ScanCancelled)
                subfolders.sort()
                for name in sorted(names):
                    # A DICOMDIR inside a folder only indexes files the walk finds anyway.
                    if name.upper() == "DICOMDIR":
                        continue
                    file = os.path.join(folder, name)
                    problem = not_a_regular_file(file)  # a named pipe would hang the read
                    if problem is None:
                        files.append(file)
                    else:
                        skipped.append(SkippedFile(file, problem))
            continue
        problem = not_a_regular_file(path)
        if problem is not None:
            skipped.append(SkippedFile(str(path), translate("DicomScan", "not found")
                                       if problem == "no such file" else problem))
        elif _is_dicomdir(path):
            files += _dicomdir_files(path, skipped)
        else:
            files.append(str(path))
    return list(dict.fromkeys(files))  # the same file named twice is read once


def _is_dicomdir(path: Path) -> bool:
    if path.name.upper() == "DICOMDIR":
        return True
    try:
        meta = pydicom.filereader.read_file_meta_info(path)
    except Exception:
        return False
    return meta.get("MediaStorageSOPClassUID") == "1.2.840.10008.1.3.10"


def _dicomdir_files(dicomdir: Path, skipped: list[SkippedFile]) -> list[str]:
    """The image files a DICOMDIR references (ReferencedFileID is relative to it)."""
    try:
        index = pydicom.dcmread(dicomdir)
    except Exception as exc:
        skipped.append(SkippedFile(str(dicomdir), translate(
            "DicomScan", "unreadable DICOMDIR: {0}").format(exc)))
        return []
    files = []
    for record in index.get("DirectoryRecordSequence", []):
        parts = record.get("ReferencedFileID")
        if not parts:
            continue
        parts = [parts] if isinstance(parts, str) else list(parts)
        target = _resolve_case_insensitive(dicomdir.parent, parts)
        if target is None:
            skipped.append(SkippedFile(str(dicomdir.parent.joinpath(*parts)), translate(
                "DicomScan", "listed in the DICOMDIR but missing")))
        else:
            files.append(str(target))
    return files


def _resolve_case_insensitive(root: Path, parts: list[str]) -> Path | None:
    """DICOMDIR names are upper case; media copied to Linux often is not."""
    current = root
    for part in parts:
        exact = current / part
        if exact.exists():
            current = exact
            continue
        try:
            match = next((c for c in current.iterdir() if c.name.upper() == part.upper()),
                         None)
        except OSError:
            return None
        if match is None:
            return None
        current = match
    return current if current.is_file() else None


def group_series(headers: list[ImageHeader]) -> list[SeriesInfo]:
    """Group by SeriesInstanceUID; split where orientation, size or colour differ."""
    by_uid: dict[str, list[ImageHeader]] = defaultdict(list)
    for header in headers:
        by_uid[header.series_uid].append(header)
    series: list[SeriesInfo] = []
    for uid, members in by_uid.items():
        parts: dict[tuple, list[ImageHeader]] = defaultdict(list)
        for header in members:
            key = (header.rows, header.columns, orientation_key(header.orientation),
                   header.is_rgb)
            parts[key].append(header)
        ranked = sorted(parts.values(), key=lambda p: -sum(h.number_of_frames for h in p))
        for sub_index, part in enumerate(ranked):
            info = _series_info(uid, part, sub_index)
            others = [h for other in ranked if other is not part for h in other]
            info.split_off = [SkippedFile(h.path, _split_reason(h, part[0])) for h in others]
            if others:
                info.warnings.append(translate(
                    "DicomScan", "series split in {0} parts by image size or orientation; "
                    "{1} file(s) belong to another part").format(len(ranked), len(others)))
            series.append(info)
    series.sort(key=lambda s: (s.header.get("StudyInstanceUID", ""),
                               _series_number(s), s.uid, s.sub_index))
    return series


def _series_number(series: SeriesInfo) -> float:
    try:
        return float(series.series_number)
    except ValueError:
        return float("inf")


def _split_reason(header: ImageHeader, reference: ImageHeader) -> str:
    if (header.rows, header.columns) != (reference.rows, reference.columns):
        return translate("DicomScan", "different image size: {0}×{1} where this part is "
                         "{2}×{3} (listed as another part)").format(
            header.columns, header.rows, reference.columns, reference.rows)
    if header.is_rgb != reference.is_rgb:
        return translate("DicomScan", "colour and grey images in one series (listed as "
                         "another part)")
    return translate("DicomScan", "different ImageOrientationPatient (listed as another part)")


def _series_info(uid: str, images: list[ImageHeader], sub_index: int) -> SeriesInfo:
    first = images[0]
    tags = dict(first.tags)
    order = order_series_slices(images)
    return SeriesInfo(
        uid=uid, description=tags.get("SeriesDescription", ""),
        modality=tags.get("Modality", ""), images=images, rows=first.rows,
        columns=first.columns, pixel_spacing=first.pixel_spacing,
        slice_spacing=order.spacing if order is not None else None,
        orientation=first.orientation, orientation_label=orientation_label(first.orientation),
        series_number=as_text(tags.get("SeriesNumber")), sub_index=sub_index, header=tags,
        warnings=list(order.warnings) if order is not None else [])


def series_slices(images: list[ImageHeader]) -> list[tuple[ImageHeader, int]]:
    """Every slice of a series as (file header, index into its frames)."""
    return [(image, k) for image in images for k in range(image.number_of_frames)]


def order_series_slices(images: list[ImageHeader]) -> SliceOrder | None:
    """Geometric order of a series' slices (indices into ``series_slices``)."""
    slices = series_slices(images)
    if not slices:
        return None
    first = images[0]
    try:
        normal = slice_normal(first.orientation) if first.orientation else None
    except ValueError:
        normal = None
    positions = [image.frames[k].position if normal is not None else None
                 for image, k in slices]
    fallback = header_slice_spacing(first.spacing_between_slices, first.slice_thickness)
    return order_slices(positions, normal if normal is not None else [0.0, 0.0, 1.0],
                        [image.instance_number for image, _ in slices],
                        fallback_spacing=fallback)
