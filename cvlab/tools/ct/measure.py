"""Distances and regions of interest on a CT display plane, and their CSV export.

Coordinates are display pixels of one plane's image (as ``Reformatter.slice`` returns it):
``row`` down, ``col`` right, and pixel (r, c) covers the square [r, r+1) × [c, c+1), so its
centre is at (r + 0.5, c + 0.5) — the convention of pyqtgraph's ImageItem, whose ROI
handles give these bounds directly. A region holds the pixels whose centres lie inside it.
Millimetres come from the plane's (row spacing, column spacing), e.g.
``Reformatter.pixel_spacing(plane)``; values are HU.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from cvlab.core.fileio import atomic_write, check_output_path
from cvlab.core.i18n import translate

ROI_KINDS = ("ellipse", "rectangle")
MEASUREMENT_KINDS = ("distance",) + ROI_KINDS
PIXEL_CENTRE_OFFSET = 0.5  # pixel (r, c) has its centre at (r + 0.5, c + 0.5)


def distance_mm(p0: Sequence[float], p1: Sequence[float],
                pixel_spacing: Sequence[float]) -> float:
    """Length in mm between two (row, col) display points on a plane with (row, col) spacing."""
    row_mm = (float(p1[0]) - float(p0[0])) * float(pixel_spacing[0])
    col_mm = (float(p1[1]) - float(p0[1])) * float(pixel_spacing[1])
    return math.hypot(row_mm, col_mm)


def roi_mask(shape: Sequence[int], kind: str, bounds: Sequence[float],
             angle: float = 0.0) -> np.ndarray:
    """Boolean mask of the pixels whose centres fall inside an ellipse or rectangle.

    ``bounds`` = (row0, col0, row1, col1): the shape's unrotated bounding box in display
    pixels (either corner order). ``angle`` (degrees) turns the shape about the box centre,
    positive from the +col axis toward the +row axis (clockwise on screen, rows down);
    the turn is in display pixels, as the ROI is drawn.
    """
    if kind not in ROI_KINDS:
        raise ValueError(f"unknown ROI kind {kind!r}; use one of {ROI_KINDS}")
    rows, cols = int(shape[0]), int(shape[1])
    r0, c0, r1, c1 = (float(b) for b in bounds)
    r0, r1 = min(r0, r1), max(r0, r1)
    c0, c1 = min(c0, c1), max(c0, c1)
    half_h, half_w = (r1 - r0) / 2.0, (c1 - c0) / 2.0
    if half_h <= 0 or half_w <= 0:
        return np.zeros((rows, cols), dtype=bool)
    centre_r, centre_c = (r0 + r1) / 2.0, (c0 + c1) / 2.0
    dr = np.arange(rows, dtype=float)[:, None] + PIXEL_CENTRE_OFFSET - centre_r
    dc = np.arange(cols, dtype=float)[None, :] + PIXEL_CENTRE_OFFSET - centre_c
    if angle:
        # Undo the shape's turn so each centre can be tested against the upright box.
        theta = math.radians(float(angle))
        cos_t, sin_t = math.cos(theta), math.sin(theta)
        along_c = dc * cos_t + dr * sin_t
        along_r = -dc * sin_t + dr * cos_t
    else:
        along_c, along_r = np.broadcast_to(dc, (rows, cols)), np.broadcast_to(dr, (rows, cols))
    if kind == "ellipse":
        return (along_r / half_h) ** 2 + (along_c / half_w) ** 2 <= 1.0
    return (np.abs(along_r) <= half_h) & (np.abs(along_c) <= half_w)


@dataclass(frozen=True)
class RoiStats:
    mean: float       # HU
    sd: float         # HU, sample standard deviation (n − 1), 0 for a single pixel
    minimum: float    # HU
    maximum: float    # HU
    median: float     # HU
    area_mm2: float   # pixel count × row spacing × column spacing
    pixel_count: int


def _roi_values(values2d: np.ndarray, mask: np.ndarray) -> np.ndarray:
    values2d, mask = np.asarray(values2d), np.asarray(mask, dtype=bool)
    if values2d.ndim != 2:
        raise ValueError(f"ROI statistics need a 2-D image of values, got shape {values2d.shape}")
    if mask.shape != values2d.shape:
        raise ValueError(f"ROI mask shape {mask.shape} does not match the image {values2d.shape}")
    picked = values2d[mask].astype(np.float64)
    if picked.size == 0:
        raise ValueError(translate("CtMeasure", "the ROI covers no pixel centres: draw it "
                                   "larger or inside the image"))
    return picked


def roi_stats(values2d: np.ndarray, mask: np.ndarray,
              pixel_spacing: Sequence[float]) -> RoiStats:
    """HU statistics and area of the pixels a mask selects; ValueError for an empty mask."""
    picked = _roi_values(values2d, mask)
    count = int(picked.size)
    return RoiStats(
        mean=float(picked.mean()),
        sd=float(picked.std(ddof=1)) if count > 1 else 0.0,
        minimum=float(picked.min()),
        maximum=float(picked.max()),
        median=float(np.median(picked)),
        area_mm2=count * float(pixel_spacing[0]) * float(pixel_spacing[1]),
        pixel_count=count,
    )


def roi_histogram(values2d: np.ndarray, mask: np.ndarray, bins: int | Sequence[float] = 64,
                  value_range: tuple[float, float] | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(counts, bin edges) of the HU values inside a mask, as numpy.histogram gives them."""
    picked = _roi_values(values2d, mask)
    return np.histogram(picked, bins=bins, range=value_range)


@dataclass
class Measurement:
    """One measurement drawn on a plane; ``results`` holds the numbers shown and exported.

    ``geometry`` is (row0, col0, row1, col1) in display pixels: the two end points of a
    distance, or the unrotated bounding box of an ROI (turned by ``angle`` degrees).
    """

    id: int
    kind: str
    plane: str
    slice_index: int
    geometry: tuple[float, float, float, float]
    results: dict[str, float] = field(default_factory=dict)
    label: str = ""
    angle: float = 0.0

    def __post_init__(self):
        if self.kind not in MEASUREMENT_KINDS:
            raise ValueError(f"unknown measurement kind {self.kind!r}; use {MEASUREMENT_KINDS}")
        if len(self.geometry) != 4:
            raise ValueError("geometry must be (row0, col0, row1, col1)")
        self.geometry = tuple(float(g) for g in self.geometry)


def measure_distance(measurement_id: int, plane: str, slice_index: int,
                     p0: Sequence[float], p1: Sequence[float],
                     pixel_spacing: Sequence[float], label: str = "") -> Measurement:
    """A distance measurement with its length (mm) filled in."""
    length = distance_mm(p0, p1, pixel_spacing)
    return Measurement(measurement_id, "distance", plane, int(slice_index),
                       (p0[0], p0[1], p1[0], p1[1]), {"length_mm": length}, label)


def measure_roi(measurement_id: int, kind: str, plane: str, slice_index: int,
                values2d: np.ndarray, bounds: Sequence[float],
                pixel_spacing: Sequence[float], angle: float = 0.0,
                label: str = "") -> Measurement:
    """An ellipse/rectangle measurement with its HU statistics and area filled in."""
    mask = roi_mask(np.shape(values2d), kind, bounds, angle)
    stats = roi_stats(values2d, mask, pixel_spacing)
    results = {"area_mm2": stats.area_mm2, "mean_hu": stats.mean, "sd_hu": stats.sd,
               "min_hu": stats.minimum, "max_hu": stats.maximum,
               "median_hu": stats.median, "pixel_count": stats.pixel_count}
    return Measurement(measurement_id, kind, plane, int(slice_index), tuple(bounds),
                       results, label, float(angle))


# (CSV header with its unit, results key); the geometry columns come first.
RESULT_COLUMNS = (
    ("length (mm)", "length_mm"),
    ("area (mm²)", "area_mm2"),
    ("mean (HU)", "mean_hu"),
    ("sd (HU)", "sd_hu"),
    ("min (HU)", "min_hu"),
    ("max (HU)", "max_hu"),
    ("median (HU)", "median_hu"),
    ("pixel count", "pixel_count"),
)
CSV_HEADER = ("id", "label", "kind", "plane", "slice index",
              "row0 (px)", "col0 (px)", "row1 (px)", "col1 (px)", "angle (deg)",
              *(name for name, _ in RESULT_COLUMNS))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back to the same float
    return str(value)


def measurements_to_csv(measurements: Iterable[Measurement], path) -> None:
    """Write one header row and one row per measurement, atomically.

    UTF-8 with a byte-order mark so spreadsheet programs read "mm²" right; a result a
    measurement does not have (a distance's mean, an ROI's length) is an empty cell.
    """
    target = check_output_path(path)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CSV_HEADER)
    for m in measurements:
        writer.writerow([_cell(v) for v in (
            m.id, m.label, m.kind, m.plane, m.slice_index, *m.geometry, float(m.angle),
            *(m.results.get(key) for _, key in RESULT_COLUMNS))])
    with atomic_write(target, "wb") as fh:
        fh.write(text.getvalue().encode("utf-8-sig"))
