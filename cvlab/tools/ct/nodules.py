"""Lung nodule candidates: detection, measurement, density class and a plain-language report.

Detection (in the spirit of Li, Sone & Doi 2003 and Frangi et al. 1998): outside the lung
mask the image is set to the lungs' median HU, so the chest wall does not light up while
a nodule on it (kept in the mask by the lung closing) still does. At scales σ = r/√3 for
radii between the minimum and maximum size, the Hessian of the Gaussian-smoothed image is
taken; a bright blob has three large negative eigenvalues, a vessel (a tube) one near
zero. The dot-enhancement response σ²·|λ3|²/|λ1| (|λ1| ≥ |λ2| ≥ |λ3|, all negative) is
kept at its best scale, and its local maxima are the candidates.

Measurement: from each candidate a mask is grown in the lungs above the half-way HU
between the lung background and the candidate's own level, limited to a sphere round it;
an opening as wide as half the blob radius cuts off vessels touching it. Candidates whose
mask is elongated (a vessel after all), too small, too large, or that run off their
sphere are dropped, and so are those brighter than 200 HU on average (a contrast-filled
hilar vessel inside the closed lung mask, or a calcified, benign nodule).
Sizes: ``diameter_mm`` is the equivalent-sphere diameter of the mask volume,
``axial_diameter_mm`` the longest in-plane axis on the nodule's centre slice.
Density: the share of the mask's interior (one voxel in from its partial-volume edge)
above −300 HU decides: under 12 % ground-glass, from 55 % solid, part-solid between.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate
from cvlab.core.lazy_import import lazy_module
from cvlab.tools.ct.lungs import (
    LEFT_LUNG,
    LungSegmentation,
    SegmentationCancelled,
    check_analysis_volume,
)
from cvlab.tools.ct.volume import Volume

ndimage = lazy_module("scipy.ndimage")  # imported on first use (core/lazy_import.py)

ProgressFn = Callable[[float, str], None]
CancelledFn = Callable[[], bool]

SOLID_HU = -300                   # above: solid tissue; between ≈ −750 and this: ground glass
GROUND_GLASS_MAX_SOLID = 0.12     # solid share below which a nodule is ground-glass
SOLID_MIN_SOLID = 0.55            # solid share from which a nodule is solid
MIN_RESPONSE_HU = 45.0            # weakest blob response kept (a faint ground-glass nodule)
MAX_ELONGATION = 2.2              # longest / shortest principal axis; vessels are longer
MAX_CANDIDATES = 200
MAX_MEAN_HU = 200.0               # brighter: contrast-filled vessel at the hilum, or calcified

# The density classes as a person reads them (``Nodule.density`` stays English: it is data).
DENSITY_NAMES = {"ground-glass": QT_TRANSLATE_NOOP("CtNodules", "ground-glass"),
                 "part-solid": QT_TRANSLATE_NOOP("CtNodules", "part-solid"),
                 "solid": QT_TRANSLATE_NOOP("CtNodules", "solid")}
_NO_NODULES = QT_TRANSLATE_NOOP("CtNodules", "No suspicious nodules found.")
_ONE_NODULE = QT_TRANSLATE_NOOP("CtNodules", "{0} suspicious nodule: {1}")
_NODULES = QT_TRANSLATE_NOOP("CtNodules", "{0} suspicious nodules: {1}")
_NODULE_AT = QT_TRANSLATE_NOOP("CtNodules", "slice {0} {1}")
_LIST_SEPARATOR = QT_TRANSLATE_NOOP("CtNodules", ", ")


@dataclass
class Nodule:
    number: int
    centre_index: tuple[float, float, float]   # (k, i, j) voxel of the mask centroid
    centre_mm: tuple[float, float, float]      # patient LPS
    slice_number: int                          # array slice index k + 1
    diameter_mm: float                         # equivalent-sphere diameter of the volume
    axial_diameter_mm: float                   # longest in-plane axis on the centre slice
    volume_mm3: float
    mean_hu: float
    solid_fraction: float                      # share of the interior above −300 HU
    density: str                               # "ground-glass", "part-solid" or "solid"
    score: float                               # blob response (HU-like), higher = more blob
    lung: str                                  # "right" or "left"
    juxtapleural: bool                         # touches the lung border
    box_origin: tuple[int, int, int] = (0, 0, 0)   # where ``mask`` sits in the volume
    mask: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, 0), bool), repr=False)


def _step(progress, cancelled, fraction, text):
    if cancelled is not None and cancelled():
        raise SegmentationCancelled()
    if progress is not None:
        progress(fraction, text)


def _dot_response(image: np.ndarray, sigma_mm: float, spacing, candidates: np.ndarray):
    """Scale-normalised bright-blob response σ²·|λ3|²/|λ1| at the ``candidates`` voxels."""
    smooth = ndimage.gaussian_filter(image, sigma=[sigma_mm / s for s in spacing])
    first = np.gradient(smooth, *spacing)
    hessian = np.empty((int(candidates.sum()), 3, 3), np.float32)
    for a in range(3):
        for b in range(a, 3):
            second = np.gradient(first[a], spacing[b], axis=b)
            hessian[..., a, b] = hessian[..., b, a] = second[candidates]
    eig = np.linalg.eigvalsh(hessian)          # ascending: λ1 most negative for a bright blob
    strongest, weakest = eig[:, 0], eig[:, 2]
    bright_blob = weakest < 0
    response = np.zeros(strongest.shape, np.float32)
    response[bright_blob] = weakest[bright_blob] ** 2 / -strongest[bright_blob]
    return sigma_mm ** 2 * response


def _box_round(peak, reach_mm, spacing, shape):
    half = [int(np.ceil(reach_mm / s)) + 1 for s in spacing]
    lo = [max(p - h, 0) for p, h in zip(peak, half)]
    hi = [min(p + h + 1, n) for p, h, n in zip(peak, half, shape)]
    grids = np.meshgrid(*[(np.arange(a, b) - p) * s for a, b, p, s in zip(lo, hi, peak, spacing)],
                        indexing="ij")
    dist = np.sqrt(sum(g ** 2 for g in grids))
    return tuple(slice(a, b) for a, b in zip(lo, hi)), dist


def _grow_at(hu_smooth, lung, peak, radius_mm, level, spacing, background):
    """Voxels above the half-way HU, joined to the peak, vessels opened off; or None."""
    reach = 1.6 * radius_mm + 3.0
    box, dist = _box_round(peak, reach, spacing, hu_smooth.shape)
    grown = (hu_smooth[box] > (background + level) / 2.0) & lung[box] & (dist <= reach)
    # Opening (distance-transform form) as wide as half the radius cuts touching vessels;
    # the one-voxel rim the discrete opening shaves off the nodule is given back after.
    width = max(0.5 * radius_mm, 1.01 * max(spacing[1:]))
    eroded = ndimage.distance_transform_edt(grown, sampling=spacing) > width
    opened = grown & (ndimage.distance_transform_edt(~eroded, sampling=spacing) <= width)
    labels, _ = ndimage.label(opened)
    local = tuple(p - s.start for p, s in zip(peak, box))
    if labels[local] == 0:
        return None
    own = labels == labels[local]
    mask = grown & (ndimage.distance_transform_edt(~own, sampling=spacing) <= 1.01 * max(spacing))
    if (mask & (dist > reach - 1.5 * max(spacing))).any():
        return None                                  # runs off its sphere: a larger structure
    return mask, box


def _grow(hu_smooth, lung, peak, radius_mm, spacing, background):
    """Mask of one candidate and its box, or None; a ground-glass halo is taken in too."""
    box, dist = _box_round(peak, radius_mm, spacing, hu_smooth.shape)
    core = dist <= max(0.5 * radius_mm, min(spacing))
    level = float(np.median(hu_smooth[box][core]))
    if level <= background + 100:
        return None
    grown = _grow_at(hu_smooth, lung, peak, radius_mm, level, spacing, background)
    if grown is None:
        return None
    mask, box = grown
    # A part-solid nodule's peak is its solid core: look for ground glass just outside.
    mask_radius = (3.0 * mask.sum() * np.prod(spacing) / (4.0 * np.pi)) ** (1.0 / 3.0)
    shell_reach = max(mask_radius + 4.0, 1.6 * radius_mm + 3.0)     # holds the mask's box
    shell_box, shell_dist = _box_round(peak, shell_reach, spacing, hu_smooth.shape)
    outside = np.ones(shell_dist.shape, bool)
    inner = tuple(slice(a.start - b.start, a.stop - b.start) for a, b in zip(box, shell_box))
    outside[inner] = ~mask
    gap = ndimage.distance_transform_edt(outside, sampling=spacing)
    shell = (gap >= 1.0) & (gap <= 3.0) & lung[shell_box]
    if shell.sum() > 10:
        halo = float(np.median(hu_smooth[shell_box][shell]))
        if background + 150 < halo < SOLID_HU:
            wider = _grow_at(hu_smooth, lung, peak, 2.0 * mask_radius + 2.0, halo, spacing,
                             background)
            if wider is not None and wider[0].sum() > mask.sum():
                return wider
    return mask, box


def _elongation(points_mm: np.ndarray) -> float:
    if len(points_mm) < 4:
        return 1.0
    spread = np.linalg.eigvalsh(np.cov(points_mm.T))
    return float(np.sqrt(max(spread[-1], 1e-6) / max(spread[0], 1e-6)))


def _longest_axial_axis(mask_slice: np.ndarray, row_mm: float, col_mm: float) -> float:
    rows, cols = np.nonzero(mask_slice)
    if rows.size == 0:
        return 0.0
    points = np.stack([rows * row_mm, cols * col_mm], axis=1)
    if len(points) > 400:                         # the edge points decide the longest axis
        edge = mask_slice & ~ndimage.binary_erosion(mask_slice)
        rows, cols = np.nonzero(edge)
        points = np.stack([rows * row_mm, cols * col_mm], axis=1)
    gaps = points[:, None, :] - points[None, :, :]
    return float(np.sqrt((gaps ** 2).sum(-1)).max()) + 0.5 * (row_mm + col_mm)


def density_class(solid_fraction: float) -> str:
    if solid_fraction < GROUND_GLASS_MAX_SOLID:
        return "ground-glass"
    if solid_fraction < SOLID_MIN_SOLID:
        return "part-solid"
    return "solid"


def screen_volume(volume: Volume, *, progress: ProgressFn | None = None) -> dict:
    """Lungs, then nodules, then their report with the series UID: what `cvlab ct nodules`
    prints and a batch run writes for one loaded series."""
    from cvlab.tools.ct.lungs import segment_lungs

    lungs = segment_lungs(volume, progress=progress)
    report = nodule_report(detect_nodules(volume, lungs, progress=progress), lungs)
    report["series_uid"] = volume.series_uid
    return report


def detect_nodules(volume: Volume, lungs: LungSegmentation, *, min_diameter_mm: float = 3.0,
                   max_diameter_mm: float = 30.0, progress: ProgressFn | None = None,
                   cancelled: CancelledFn | None = None) -> list[Nodule]:
    """Nodule candidates in the lungs, best first, numbered from 1; see the module doc."""
    check_analysis_volume(volume)
    lung_all = lungs.labels > 0
    if not lung_all.any():
        return []
    spacing = tuple(float(s) for s in volume.spacing)
    found = ndimage.find_objects(lung_all.astype(np.uint8))[0]
    box = tuple(slice(max(r.start - 2, 0), min(r.stop + 2, n))
                for r, n in zip(found, lung_all.shape))
    offset = np.array([r.start for r in box])
    hu = np.asarray(volume.voxels[box], np.float32)
    lung = lung_all[box]
    background = float(np.median(hu[lung]))
    image = np.where(lung, hu, background).astype(np.float32)

    radii = []
    radius = min_diameter_mm / 2.0
    while radius < max_diameter_mm / 2.0 * 1.2:
        radii.append(radius)
        radius *= 1.5
    # Only voxels brighter than the background can be blob centres: fewer eigenproblems.
    candidates = lung & (ndimage.gaussian_filter(image, 1.0) > background + 60)
    best = np.zeros(int(candidates.sum()), np.float32)
    best_radius = np.zeros_like(best)
    for n, radius in enumerate(radii):
        _step(progress, cancelled, 0.7 * n / len(radii),
              translate("CtNodules", "blob filter, radius {0:.1f} mm").format(radius))
        response = _dot_response(image, radius / np.sqrt(3.0), spacing, candidates)
        better = response > best
        best[better], best_radius[better] = response[better], radius
    response_map = np.zeros(hu.shape, np.float32)
    response_map[candidates] = best
    radius_map = np.zeros(hu.shape, np.float32)
    radius_map[candidates] = best_radius
    window = [max(3, int(round(2.0 / s)) * 2 + 1) for s in spacing]
    peaks = (response_map == ndimage.maximum_filter(response_map, size=window)) & (
        response_map > MIN_RESPONSE_HU)
    peak_list = np.argwhere(peaks)
    peak_list = peak_list[np.argsort(response_map[peaks])[::-1]][:MAX_CANDIDATES]

    hu_smooth = ndimage.gaussian_filter(hu, sigma=[0.5 * min(spacing) / s for s in spacing])
    taken = np.zeros(hu.shape, bool)
    border = lung & ~ndimage.binary_erosion(lung)
    voxel_mm3 = float(np.prod(spacing))
    nodules: list[Nodule] = []
    for n, peak in enumerate(peak_list):
        if n % 10 == 0:
            _step(progress, cancelled, 0.7 + 0.3 * n / max(len(peak_list), 1),
                  translate("CtNodules", "measuring candidate {0} of {1}").format(
                      n + 1, len(peak_list)))
        peak = tuple(int(v) for v in peak)
        if taken[peak]:
            continue
        grown = _grow(hu_smooth, lung, peak, float(radius_map[peak]), spacing, background)
        if grown is None:
            continue
        mask, where = grown
        lo = [w.start for w in where]
        volume_mm3 = float(mask.sum()) * voxel_mm3
        diameter = (6.0 * volume_mm3 / np.pi) ** (1.0 / 3.0)
        if not (min_diameter_mm <= diameter <= max_diameter_mm):
            continue
        points = np.argwhere(mask) * np.asarray(spacing)
        if _elongation(points) > MAX_ELONGATION:
            continue
        values = hu[where][mask]
        if values.mean() > MAX_MEAN_HU:
            continue
        taken[where] |= mask
        centroid = np.argwhere(mask).mean(axis=0) + np.asarray(lo)
        k, i, j = (float(c) + float(o) for c, o in zip(centroid, offset))
        centre_slice = int(round(centroid[0])) - lo[0]
        # The edge is partial volume (ground-glass-like on any nodule): judge the interior.
        interior = ndimage.binary_erosion(mask)
        judged = interior if interior.sum() >= 0.3 * mask.sum() else mask
        solid = float(np.mean(hu_smooth[where][judged] > SOLID_HU))
        lung_label = lungs.labels[tuple(int(round(c)) for c in (k, i, j))]
        nodules.append(Nodule(
            number=0, centre_index=(k, i, j),
            centre_mm=tuple(float(v) for v in volume.index_to_patient(k, i, j)),
            slice_number=int(round(k)) + 1, diameter_mm=diameter,
            axial_diameter_mm=_longest_axial_axis(mask[centre_slice], spacing[1], spacing[2]),
            volume_mm3=volume_mm3, mean_hu=float(values.mean()), solid_fraction=solid,
            density=density_class(solid), score=float(response_map[peak]),
            lung="left" if lung_label == LEFT_LUNG else "right",
            juxtapleural=bool((border[where] & mask).any()),
            box_origin=tuple(int(a + o) for a, o in zip(lo, offset)), mask=mask))
    nodules.sort(key=lambda nod: -nod.score)
    for number, nodule in enumerate(nodules, start=1):
        nodule.number = number
    _step(progress, cancelled, 1.0,
          translate("CtNodules", "{0} nodule candidates").format(len(nodules)))
    return nodules


def _rows(nodules):
    return [{"No": nod.number, "image": nod.slice_number,
             "size_mm": round(nod.diameter_mm, 1), "volume_mm3": round(nod.volume_mm3),
             "density": nod.density} for nod in nodules]


def density_name(density: str) -> str:
    """A density class ("part-solid") in the interface language."""
    return translate("CtNodules", DENSITY_NAMES[density]) if density in DENSITY_NAMES \
        else density


def _english(context: str, text: str) -> str:
    return text


def summary_text(nodules: list[Nodule], translated: bool = True) -> str:
    """One plain sentence, e.g. "2 suspicious nodules: slice 21 ground-glass, slice 87 solid",
    in the interface language (``translated``) or in English (the JSON report's)."""
    say = translate if translated else _english
    if not nodules:
        return say("CtNodules", _NO_NODULES)
    ordered = sorted(nodules, key=lambda nod: nod.slice_number)
    parts = say("CtNodules", _LIST_SEPARATOR).join(
        say("CtNodules", _NODULE_AT).format(
            nod.slice_number, say("CtNodules", DENSITY_NAMES.get(nod.density, nod.density)))
        for nod in ordered)
    return say("CtNodules", _ONE_NODULE if len(nodules) == 1 else _NODULES).format(
        len(nodules), parts)


def nodule_report(nodules: list[Nodule], lungs: LungSegmentation) -> dict:
    """JSON-ready report: summary sentence, table rows, lung volumes, per-nodule details."""
    details = []
    for nod in nodules:
        details.append({
            "number": nod.number, "slice_number": nod.slice_number,
            "centre_index": [round(v, 2) for v in nod.centre_index],
            "centre_mm": [round(v, 2) for v in nod.centre_mm],
            "diameter_mm": round(nod.diameter_mm, 2),
            "axial_diameter_mm": round(nod.axial_diameter_mm, 2),
            "volume_mm3": round(nod.volume_mm3, 1), "mean_hu": round(nod.mean_hu, 1),
            "solid_fraction": round(nod.solid_fraction, 3), "density": nod.density,
            "score": round(nod.score, 1), "lung": nod.lung, "juxtapleural": nod.juxtapleural})
    return {
        "summary": summary_text(nodules, translated=False),   # a file: English, as its keys
        "count": len(nodules),
        "columns": ["No", "image", "size_mm", "volume_mm3", "density"],
        "rows": _rows(nodules),
        "nodules": details,
        "lungs": {"right_volume_ml": round(lungs.right_volume_ml, 1),
                  "left_volume_ml": round(lungs.left_volume_ml, 1)},
        "warnings": list(lungs.warnings),
        "notes": ["image = array slice index + 1 (slices ordered along the slice normal)",
                  "size = equivalent-sphere diameter of the segmented volume"],
    }
