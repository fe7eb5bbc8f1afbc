"""Slice geometry: the normal of a plane, its anatomical label, and slice ordering.

Slices are ordered by where they are, never by file name: each ImagePositionPatient is
projected on the slice normal (row cosine × column cosine) and sorted along it, so
slice k+1 always lies further along the normal than slice k. InstanceNumber is only a
fallback for files without a position, and then with a warning. The ordering also checks
the spacing (duplicates, gaps, uneven steps) and gantry tilt, and says so in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate

OBLIQUE_LABEL_DEGREES = 20.0   # a normal further than this from every axis is "oblique"
DUPLICATE_MM = 0.01            # closer than this, two slices sit at the same place
GAP_FACTOR = 1.5               # a step this many times the median step is a gap
UNEVEN_FRACTION = 0.05         # steps differing more than this from the median are uneven
UNEVEN_MIN_MM = 0.02           # ... but never flag rounding jitter below this
TILT_WARNING_DEGREES = 0.5     # positions drifting off the normal more than this: tilt
# Pixel and slice spacings of real images: from 1 µm (ex-vivo micro-CT) to 50 mm (far above
# the coarsest nuclear-medicine pixel, ~10 mm). Outside, the header is wrong, and using it
# would stretch renders or filters by the same absurd factor.
MIN_SPACING_MM, MAX_SPACING_MM = 0.001, 50.0

AXIS_LABELS = ("sagittal", "coronal", "axial")  # normal along x, y, z (LPS)
# The words for a plane a person reads (corner texts, status lines, tables), translated
# where shown by ``plane_name``; the labels above stay English (they are data and keys).
PLANE_NAMES = {"axial": QT_TRANSLATE_NOOP("CtPlanes", "axial"),
               "coronal": QT_TRANSLATE_NOOP("CtPlanes", "coronal"),
               "sagittal": QT_TRANSLATE_NOOP("CtPlanes", "sagittal"),
               "oblique": QT_TRANSLATE_NOOP("CtPlanes", "oblique")}
PLANE_TITLES = {"axial": QT_TRANSLATE_NOOP("CtPlanes", "Axial"),
                "coronal": QT_TRANSLATE_NOOP("CtPlanes", "Coronal"),
                "sagittal": QT_TRANSLATE_NOOP("CtPlanes", "Sagittal"),
                "oblique": QT_TRANSLATE_NOOP("CtPlanes", "Oblique")}


def plane_name(label: str, title: bool = False) -> str:
    """A plane or orientation label ('axial', 'oblique', …) in the interface language:
    lower case inside a sentence, capitalised (``title``) at the start of a line. An
    unknown label (or '') comes back as it is, capitalised for ``title``."""
    names = PLANE_TITLES if title else PLANE_NAMES
    if label in names:
        return translate("CtPlanes", names[label])
    return label.capitalize() if title else label


def plausible_spacing(value: float | None) -> bool:
    """Whether a spacing (mm) is one a real image can have; False for None, NaN, ≤ 0."""
    return value is not None and MIN_SPACING_MM <= value <= MAX_SPACING_MM  # NaN: False


def header_slice_spacing(spacing_between_slices: float | None,
                         slice_thickness: float | None) -> float | None:
    """The header's slice spacing for when positions cannot give one: SpacingBetweenSlices,
    else SliceThickness, whichever is plausible (some MR writers store the former negative)."""
    for value in (spacing_between_slices, slice_thickness):
        if plausible_spacing(value):
            return float(value)
    return None


def direction_cosines(orientation: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """(row cosine, column cosine), normalised, from ImageOrientationPatient's six values."""
    values = np.asarray(orientation, dtype=float).reshape(2, 3)
    norms = np.linalg.norm(values, axis=1)
    if np.any(norms < 1e-6):
        raise ValueError(f"ImageOrientationPatient has a zero vector: {list(orientation)}")
    row, col = values / norms[:, None]
    return row, col


def slice_normal(orientation: Sequence[float]) -> np.ndarray:
    """Unit normal of the image plane: row cosine × column cosine."""
    row, col = direction_cosines(orientation)
    normal = np.cross(row, col)
    length = np.linalg.norm(normal)
    if length < 1e-6:
        raise ValueError(f"ImageOrientationPatient rows and columns are parallel: "
                         f"{list(orientation)}")
    return normal / length


def angle_to_nearest_axis(direction: np.ndarray) -> float:
    """Degrees between a direction (either sign) and the nearest patient axis."""
    direction = np.asarray(direction, dtype=float)
    largest = np.max(np.abs(direction)) / np.linalg.norm(direction)
    return float(np.degrees(np.arccos(np.clip(largest, -1.0, 1.0))))


def orientation_label(orientation: Sequence[float] | None) -> str:
    """'axial', 'coronal', 'sagittal' or 'oblique' from the plane's normal; '' if unknown."""
    if orientation is None:
        return ""
    try:
        normal = slice_normal(orientation)
    except ValueError:
        return ""
    if angle_to_nearest_axis(normal) > OBLIQUE_LABEL_DEGREES:
        return "oblique"
    return AXIS_LABELS[int(np.argmax(np.abs(normal)))]


def orientation_key(orientation: Sequence[float] | None, decimals: int = 3) -> tuple | None:
    """A hashable orientation, rounded so that writer noise does not split a series."""
    if orientation is None:
        return None
    return tuple(round(float(v), decimals) + 0.0 for v in orientation)  # +0.0: no -0.0


@dataclass
class SliceOrder:
    order: list[int]                 # input indices in slice order (duplicates left out)
    projections: np.ndarray          # each ordered slice's position along the normal (mm)
    spacing: float                   # median step between slices (mm)
    by_position: bool                # False when InstanceNumber had to do
    duplicates: list[int] = field(default_factory=list)   # input indices left out
    unplaced: list[int] = field(default_factory=list)     # no position while others have
    gaps: list[tuple[int, float]] = field(default_factory=list)  # (slice before, step mm)
    tilt_degrees: float = 0.0
    set_aside_warnings: list[str] = field(default_factory=list)  # duplicates, unplaced
    spacing_warnings: list[str] = field(default_factory=list)    # gaps, unevenness, tilt

    @property
    def warnings(self) -> list[str]:
        return self.set_aside_warnings + self.spacing_warnings


def order_slices(positions: Sequence[Sequence[float] | None], normal: np.ndarray,
                 instance_numbers: Sequence[int | None], *,
                 fallback_spacing: float | None = None) -> SliceOrder:
    """Order slices along ``normal`` and check their spacing.

    ``fallback_spacing`` (SpacingBetweenSlices or SliceThickness) is used when the
    positions cannot give a spacing: a single slice or no positions at all.
    """
    if not plausible_spacing(fallback_spacing):  # never NaN, 0 or 1e9 mm between slices
        fallback_spacing = None
    count = len(positions)
    placed = [i for i in range(count) if positions[i] is not None]
    if not placed:
        return _order_by_instance_number(instance_numbers, fallback_spacing)

    normal = np.asarray(normal, dtype=float)
    projection = {i: float(np.dot(np.asarray(positions[i], float), normal)) for i in placed}
    # Ties are broken by InstanceNumber, then input order, so duplicates drop predictably.
    ranked = sorted(placed, key=lambda i: (projection[i], _instance_key(instance_numbers[i]), i))

    order, duplicates = [ranked[0]], []
    for index in ranked[1:]:
        if projection[index] - projection[order[-1]] < DUPLICATE_MM:
            duplicates.append(index)
        else:
            order.append(index)
    result = SliceOrder(order=order, projections=np.array([projection[i] for i in order]),
                        spacing=0.0, by_position=True, duplicates=duplicates,
                        unplaced=[i for i in range(count) if positions[i] is None])
    if duplicates:
        result.set_aside_warnings.append(translate(
            "CtGeometry", "{0} slice(s) lie within {1:g} mm of another slice (two "
            "acquisitions in one series?); kept the first along the slice axis, the lowest "
            "InstanceNumber where positions are equal").format(len(duplicates), DUPLICATE_MM))
    if result.unplaced:
        result.set_aside_warnings.append(translate(
            "CtGeometry", "{0} slice(s) have no ImagePositionPatient and were left out")
            .format(len(result.unplaced)))
    _check_spacing(result, fallback_spacing)
    _check_tilt(result, [positions[i] for i in order], normal)
    return result


def _instance_key(number: int | None) -> float:
    return float(number) if number is not None else float("inf")


def _order_by_instance_number(instance_numbers: Sequence[int | None],
                              fallback_spacing: float | None) -> SliceOrder:
    order = sorted(range(len(instance_numbers)),
                   key=lambda i: (_instance_key(instance_numbers[i]), i))
    spacing = fallback_spacing or 1.0
    warning = (translate("CtGeometry", "no ImagePositionPatient: slices ordered by "
                         "InstanceNumber, spacing {0:g} mm taken from the header")
               .format(spacing) if fallback_spacing else
               translate("CtGeometry", "no ImagePositionPatient: slices ordered by "
                         "InstanceNumber, spacing unknown (1 mm assumed)"))
    return SliceOrder(order=order, projections=np.arange(len(order)) * spacing,
                      spacing=float(spacing), by_position=False,
                      spacing_warnings=[warning])


def _check_spacing(result: SliceOrder, fallback_spacing: float | None) -> None:
    steps = np.diff(result.projections)
    if steps.size == 0:
        result.spacing = float(fallback_spacing) if fallback_spacing else 1.0
        return
    median = float(np.median(steps))
    result.spacing = median
    gap_steps = []
    for index, step in enumerate(steps):
        if step > GAP_FACTOR * median:
            gap_steps.append(index)
            result.gaps.append((index, float(step)))
            result.spacing_warnings.append(translate(
                "CtGeometry", "gap of {0:.1f} mm between slices {1} and {2} (median "
                "spacing {3:.4g} mm); the volume assumes even spacing, so distances across "
                "the gap are wrong").format(step, index + 1, index + 2, median))
    regular = np.delete(steps, gap_steps)
    tolerance = max(UNEVEN_FRACTION * median, UNEVEN_MIN_MM)
    uneven = regular[np.abs(regular - median) > tolerance]
    if uneven.size:
        result.spacing_warnings.append(translate(
            "CtGeometry", "uneven slice spacing: {0} step(s) differ from the median {1:.4g} "
            "mm (steps range {2:.4g}–{3:.4g} mm)").format(uneven.size, median, regular.min(),
                                                          regular.max()))


def _check_tilt(result: SliceOrder, ordered_positions: list, normal: np.ndarray) -> None:
    if len(ordered_positions) < 2:
        return
    travel = np.asarray(ordered_positions[-1], float) - np.asarray(ordered_positions[0], float)
    length = np.linalg.norm(travel)
    if length < DUPLICATE_MM:
        return
    cosine = abs(float(np.dot(travel, normal))) / length
    result.tilt_degrees = float(np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0))))
    if result.tilt_degrees > TILT_WARNING_DEGREES:
        result.spacing_warnings.append(translate(
            "CtGeometry", "gantry tilt: slice positions run {0:.1f}° off the slice normal; "
            "the volume is shown unsheared, so reformatted views and 3-D distances are "
            "distorted").format(result.tilt_degrees))
