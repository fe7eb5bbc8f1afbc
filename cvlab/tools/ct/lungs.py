"""Lung segmentation of a chest CT: right and left lung masks and their volumes.

Steps (all on the full-resolution grid; a 191×233×167 chest takes a few seconds):
1. Air-like voxels: HU < −320.
2. Air outside the body: 3-D components of that air touching the four in-plane borders of
   the volume, plus, per slice, 2-D components touching the slice border. The top and
   bottom faces are not used, because a chest scan often cuts through the lungs there.
3. Trachea and main bronchi: lightly smoothed HU < −900 (lumen air is ≈ −1000 while lung
   tissue is ≈ −850). The seed is the top-most round, 20–1000 mm² dark region within 30 mm
   of the body's left-right centre. From there the airway is followed slice by slice
   downwards: a region belongs to it while it overlaps the airway of the slice above and
   stays tube-sized (at most 2.5× the trachea's area); when it widens it has opened into
   lung, and that branch stops. The airway found, grown 3 mm through the air to take the
   lumen's partial-volume rim, is removed from the air mask.
4. 3-D components: the two largest on either side of the body centre are the lungs; if one
   component holds both (lungs touching in front of the heart), it is eroded until it
   falls in two and split by a watershed, else cut at the body's midline.
5. Per lung: closing with a 10 mm ball (keeps nodules on the chest wall and vessels at the
   hilum) and hole filling per slice and in 3-D (vessels inside the lung).
Right and left come from patient coordinates (LPS: +x is the patient's left), never from
array order: the lung whose centre has the smaller x is the right lung.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from cvlab.core.cancel import Cancelled
from cvlab.core.i18n import translate
from cvlab.core.lazy_import import lazy_module
from cvlab.tools.ct.volume import Volume

ndimage = lazy_module("scipy.ndimage")  # imported on first use (core/lazy_import.py)

ProgressFn = Callable[[float, str], None]
CancelledFn = Callable[[], bool]

AIR_THRESHOLD_HU = -320
AIRWAY_THRESHOLD_HU = -900
CLOSING_RADIUS_MM = 10.0
AIRWAY_RIM_MM = 3.0
BACKGROUND, RIGHT_LUNG, LEFT_LUNG = 0, 1, 2
# Voxel sizes the lung and nodule filters are made for (a chest CT has 0.5–10 mm). The
# filters are sized in mm, so their size in voxels is mm / spacing: a 1e-6 mm header made
# a Gaussian a million voxels wide that ran past 300 s. Within these bounds a filter is at
# most ~50 voxels wide.
ANALYSIS_SPACING_MM = (0.2, 20.0)
SLICE_ONLY = np.zeros((3, 3, 3), bool)
SLICE_ONLY[1] = [[0, 1, 0], [1, 1, 1], [0, 1, 0]]   # 4-connected within a slice only


class SegmentationCancelled(Cancelled):
    """The caller's ``cancelled()`` answered True."""


@dataclass
class LungSegmentation:
    labels: np.ndarray                 # uint8, same shape as the volume: 0, 1 right, 2 left
    right_volume_ml: float
    left_volume_ml: float
    spacing: tuple[float, float, float]
    airway_voxels: int = 0             # trachea / bronchi voxels removed from the air
    warnings: list[str] = field(default_factory=list)

    @property
    def mask(self) -> np.ndarray:
        return self.labels > 0

    @property
    def total_volume_ml(self) -> float:
        return self.right_volume_ml + self.left_volume_ml


def check_analysis_volume(volume: Volume) -> None:
    """ValueError in one sentence when the lung and nodule filters cannot work on
    ``volume``: a voxel size outside ANALYSIS_SPACING_MM, or a single slice (the Hessian's
    gradients need two along every axis)."""
    low, high = ANALYSIS_SPACING_MM
    if not all(low <= float(s) <= high for s in volume.spacing):  # NaN fails too
        shown = " × ".join(f"{float(s):g}" for s in volume.spacing)
        raise ValueError(translate("CtLungs", "lung analysis needs voxels of {0:g}–{1:g} mm; "
                                   "this volume's are {2} mm (slice × row × column)").format(
            low, high, shown))
    if min(volume.shape) < 2:
        shape = " × ".join(str(n) for n in volume.shape)
        raise ValueError(translate("CtLungs", "lung analysis needs a volume, not a single "
                                   "image ({0} voxels)").format(shape))


def _step(progress, cancelled, fraction, text):
    if cancelled is not None and cancelled():
        raise SegmentationCancelled()
    if progress is not None:
        progress(fraction, text)


def _outside_air(air: np.ndarray) -> np.ndarray:
    """Air connected to the in-plane borders, in 3-D and per slice."""
    border = np.zeros(air.shape, bool)
    border[:, 0, :] = border[:, -1, :] = border[:, :, 0] = border[:, :, -1] = True
    outside = np.zeros(air.shape, bool)
    for structure in (None, SLICE_ONLY):
        labels, _ = ndimage.label(air, structure=structure)
        touching = np.unique(labels[border & air])
        outside |= np.isin(labels, touching[touching > 0])
    return outside


def _superior_axis(volume: Volume) -> tuple[int, bool]:
    """Array axis closest to the patient's head-foot line, and whether it runs head-first."""
    zs = volume.direction_matrix()[2]
    axis = int(np.argmax(np.abs(zs)))
    return axis, bool(zs[axis] > 0)


def _follow_tube(dark: np.ndarray, start: int, region: np.ndarray,
                 max_area_mm2: float, pixel_area_mm2: float) -> np.ndarray:
    """Regions overlapping the slice above, slice by slice down, while they stay tube-sized."""
    tube = np.zeros(dark.shape, bool)
    tube[start] = previous = region
    for k in range(start + 1, dark.shape[0]):
        labels, _ = ndimage.label(dark[k])
        touching = np.unique(labels[previous & (labels > 0)])
        if touching.size == 0:
            break
        areas = ndimage.sum(np.ones_like(labels), labels, touching) * pixel_area_mm2
        keep = touching[areas <= max_area_mm2]     # wider ones have opened into lung
        if keep.size == 0:
            break
        tube[k] = previous = np.isin(labels, keep)
    return tube


def _track_airway(dark: np.ndarray, body: np.ndarray, column_x_mm: np.ndarray,
                  pixel_area_mm2: float, slice_mm: float, warnings: list[str]) -> np.ndarray:
    """Trachea and main bronchi, followed down from the top (index 0 = top slice).

    A seed is a round dark region of 50–1000 mm² within 30 mm of the body's left-right
    centre; it is the trachea when the tube it starts runs at least 30 mm down.
    """
    for k in range(dark.shape[0] // 2):
        if not body[k].any():
            continue
        centre_x = column_x_mm[body[k]].mean()
        labels, _ = ndimage.label(dark[k])
        for index, box in enumerate(ndimage.find_objects(labels), start=1):
            piece = labels[box] == index
            area = piece.sum() * pixel_area_mm2
            x = column_x_mm[box][piece].mean()
            if not (50 <= area <= 1000 and abs(x - centre_x) < 30
                    and piece.sum() > 0.5 * piece.size):
                continue
            tube = _follow_tube(dark, k, labels == index, 2.5 * area, pixel_area_mm2)
            depth_mm = np.count_nonzero(tube.any(axis=(1, 2))) * slice_mm
            if depth_mm >= 30:
                return tube
    warnings.append("no trachea found at the top of the scan; airways left in the lungs")
    return np.zeros(dark.shape, bool)


def _split_joined_lungs(component: np.ndarray, spacing, x_mm: np.ndarray,
                        warnings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Two halves of one component holding both lungs: erosion + watershed, else midline."""
    from skimage.segmentation import watershed

    depth = ndimage.distance_transform_edt(component, sampling=spacing)
    for threshold in np.arange(2.0, depth.max(), 1.5):
        cores, count = ndimage.label(depth > threshold)
        if count < 2:
            continue
        sizes = ndimage.sum(component, cores, np.arange(1, count + 1))
        order = np.argsort(sizes)[::-1]
        if sizes[order[1]] >= 0.2 * sizes[order[0]]:
            markers = np.zeros(cores.shape, np.int32)
            markers[cores == order[0] + 1] = 1
            markers[cores == order[1] + 1] = 2
            parts = watershed(-depth, markers, mask=component)
            warnings.append("the lungs touch; they were split along the narrowest join")
            return parts == 1, parts == 2
    midline = np.median(x_mm[component])
    warnings.append("the lungs touch and could not be separated; split at the midline")
    return component & (x_mm < midline), component & (x_mm >= midline)


def _close_lung(mask: np.ndarray, spacing, radius_mm: float) -> np.ndarray:
    """Ball closing via distance transforms (fast for large radii) and hole filling."""
    pad = [int(np.ceil(radius_mm / s)) + 1 for s in spacing]
    found = ndimage.find_objects(mask.astype(np.uint8))[0]
    box = tuple(slice(max(r.start - p, 0), min(r.stop + p, n))
                for r, p, n in zip(found, pad, mask.shape))
    sub = np.pad(mask[box], [(p, p) for p in pad])
    dilated = ndimage.distance_transform_edt(~sub, sampling=spacing) <= radius_mm
    closed = ndimage.distance_transform_edt(dilated, sampling=spacing) > radius_mm
    closed |= sub
    closed = ndimage.binary_fill_holes(closed, structure=SLICE_ONLY)
    closed = ndimage.binary_fill_holes(closed)
    unpadded = closed[tuple(slice(p, p + (r.stop - r.start)) for p, r in zip(pad, box))]
    out = np.zeros(mask.shape, bool)
    out[box] = unpadded
    return out


def segment_lungs(volume: Volume, *, progress: ProgressFn | None = None,
                  cancelled: CancelledFn | None = None,
                  closing_radius_mm: float = CLOSING_RADIUS_MM) -> LungSegmentation:
    """Right (label 1) and left (label 2) lung masks with their volumes; see the module doc."""
    if volume.is_rgb:
        raise ValueError(translate("CtLungs",
                                   "lung segmentation needs CT values (HU), not an RGB image"))
    check_analysis_volume(volume)
    hu = np.asarray(volume.voxels)
    spacing = tuple(float(s) for s in volume.spacing)
    warnings: list[str] = []
    _step(progress, cancelled, 0.0, translate("CtLungs", "finding the air inside the body"))
    air = hu < AIR_THRESHOLD_HU
    outside = _outside_air(air)
    inner_air = air & ~outside
    body = ~outside
    kk, ii, jj = np.indices(hu.shape[:3], sparse=True)
    x_mm = (volume.origin[0] + kk * spacing[0] * volume.slice_normal[0]
            + ii * spacing[1] * volume.col_cosine[0] + jj * spacing[2] * volume.row_cosine[0])
    x_mm = np.broadcast_to(x_mm, hu.shape)

    _step(progress, cancelled, 0.25,
          translate("CtLungs", "removing the trachea and main bronchi"))
    axis, runs_up = _superior_axis(volume)
    # Work on a top-first, axial-like view so the tracking reads slices head to foot.
    order = [axis] + [a for a in range(3) if a != axis]
    flip = (slice(None, None, -1) if runs_up else slice(None),)
    smooth = ndimage.gaussian_filter(hu.astype(np.float32), sigma=[1.0 / s for s in spacing])
    dark = np.transpose((smooth < AIRWAY_THRESHOLD_HU) & inner_air, order)[flip]
    in_plane = [spacing[a] for a in order[1:]]
    top_slice_x_mm = np.transpose(x_mm, order)[flip][0]      # x of each in-plane pixel
    airway_view = _track_airway(dark, np.transpose(body, order)[flip], top_slice_x_mm,
                                in_plane[0] * in_plane[1], spacing[axis], warnings)
    airway = np.transpose(airway_view[flip], np.argsort(order))
    # The dark core misses the lumen's partial-volume rim: grow it ~3 mm through the air.
    rim_steps = int(np.ceil(AIRWAY_RIM_MM / min(spacing)))
    airway = ndimage.binary_dilation(airway, iterations=rim_steps, mask=inner_air)
    lung_air = inner_air & ~airway

    _step(progress, cancelled, 0.45, translate("CtLungs", "separating the lungs"))
    labels, count = ndimage.label(lung_air)
    if count == 0:
        raise ValueError(translate("CtLungs", "no air inside the body: is this a chest CT?"))
    sizes = np.bincount(labels.ravel())[1:]
    order_by_size = np.argsort(sizes)[::-1]
    voxel_ml = float(np.prod(spacing)) / 1000.0
    largest = labels == order_by_size[0] + 1
    body_centre_x = float(np.median(x_mm[body]))
    lungs = None
    if count >= 2 and sizes[order_by_size[1]] >= 0.2 * sizes[order_by_size[0]]:
        second = labels == order_by_size[1] + 1
        sides = [np.median(x_mm[m]) - body_centre_x for m in (largest, second)]
        if sides[0] * sides[1] < 0:
            lungs = (largest, second)
    if lungs is None:
        lungs = _split_joined_lungs(largest, spacing, x_mm, warnings)
    del labels

    _step(progress, cancelled, 0.6, translate("CtLungs", "closing and filling each lung"))
    closed = [_close_lung(m, spacing, closing_radius_mm) & body for m in lungs]
    overlap = closed[0] & closed[1]
    closed[0] &= ~(overlap & ~lungs[0])        # a voxel both claim keeps its raw owner
    closed[1] &= ~closed[0]
    centres_x = [float(np.mean(x_mm[m])) for m in closed]
    right, left = (closed[0], closed[1]) if centres_x[0] < centres_x[1] else (closed[1], closed[0])
    result = np.zeros(hu.shape[:3], np.uint8)
    result[right], result[left] = RIGHT_LUNG, LEFT_LUNG
    right_ml, left_ml = float(right.sum()) * voxel_ml, float(left.sum()) * voxel_ml
    for name, ml in (("right", right_ml), ("left", left_ml)):
        if ml < 100:
            warnings.append(f"the {name} lung is only {ml:.0f} mL: partial scan or not a chest?")
    _step(progress, cancelled, 1.0, translate("CtLungs", "lungs: right {0:.0f} mL, left "
                                              "{1:.0f} mL").format(right_ml, left_ml))
    return LungSegmentation(labels=result, right_volume_ml=right_ml, left_volume_ml=left_ml,
                            spacing=spacing, airway_voxels=int(airway.sum()), warnings=warnings)
