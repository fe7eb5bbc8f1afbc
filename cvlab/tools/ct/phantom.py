"""A synthetic thorax CT with nodules of known size, place and density (a built-in sample).

Everything is made in patient millimetres (LPS: +x patient left, +y posterior, +z
superior) and rasterised onto an axial grid whose centre is x = y = 0. The phantom has a
body (soft tissue with a fat layer) in air, two lungs near −850 HU, curved branching
vessels in the lungs, ribs and a spine, a heart and descending aorta, a trachea whose
main bronchi open into the lungs, and solid / part-solid / ground-glass nodules, some
touching the chest wall. The image is blurred a little (scanner resolution) and carries
Gaussian noise, then clipped to ≥ −1024 HU so it stores exactly as uint16 + intercept.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid
from scipy import ndimage

from cvlab.tools.ct.volume import SliceInfo, Volume

AIR_HU, FAT_HU, SOFT_HU, LUNG_HU, BONE_HU, MARROW_HU = -1000, -100, 40, -850, 700, 250
SOLID_HU, GROUND_GLASS_HU = 30, -550
NOISE_SIGMA_HU = 25.0
STORED_OFFSET = 1024                     # stored value = HU + 1024 (uint16, intercept −1024)

# Tissue labels of the truth map (vessels and nodules in a lung keep that lung's label).
OUTSIDE, BODY, RIGHT_LUNG, LEFT_LUNG, BONE, AIRWAY = 0, 1, 2, 3, 4, 5

# Lungs: (centre x, y, z) and semi-axes in mm; the grid is 153.6 mm across, 178.5 mm tall.
LUNG_CENTRES = {RIGHT_LUNG: (-34.0, 2.0, 95.0), LEFT_LUNG: (34.0, 2.0, 95.0)}
LUNG_SEMI_AXES = (24.0, 36.0, 72.0)
BODY_SEMI_AXES = (72.0, 58.0)

# (density, diameter mm, where): "where" is a centre (x, y, z) in mm, or ("wall", lung,
# direction) for a juxtapleural nodule placed on the lung surface along that direction.
NODULE_PLAN = (
    ("solid", 4.0, (-35.0, 0.0, 140.0)),
    ("solid", 5.0, (32.0, 0.0, 150.0)),
    ("solid", 6.0, (38.0, -10.0, 100.0)),
    ("solid", 8.0, (-30.0, 15.0, 50.0)),
    ("solid", 20.0, (40.0, 20.0, 60.0)),
    ("ground-glass", 10.0, (30.0, -5.0, 128.0)),
    ("ground-glass", 15.0, (-40.0, -15.0, 95.0)),
    ("part-solid", 12.0, (40.0, 15.0, 92.0)),
    ("part-solid", 18.0, (-35.0, 5.0, 70.0)),
    ("solid", 12.0, ("wall", RIGHT_LUNG, (-1.0, 0.0, 0.15))),
    ("solid", 8.0, ("wall", RIGHT_LUNG, (-0.4, 1.0, -0.3))),
    ("solid", 6.0, ("wall", LEFT_LUNG, (0.5, 1.0, 0.2))),
)
PART_SOLID_CORE_FRACTION = 0.6           # core diameter / nodule diameter


@dataclass
class PhantomNodule:
    density: str                          # "solid", "part-solid" or "ground-glass"
    diameter_mm: float
    centre_mm: tuple[float, float, float]  # patient LPS
    centre_index: tuple[float, float, float]  # (k, i, j), fractional
    lung: str                             # "right" or "left"
    juxtapleural: bool
    volume_mm3: float                     # the whole sphere
    visible_volume_mm3: float             # the part inside the lung (juxtapleural ones lose some)


def _grid_axes(shape, spacing):
    """1-D patient coordinates (z, y, x) of the grid's voxel centres, centred in x and y."""
    nk, ni, nj = shape
    ds, di, dj = spacing
    z = np.arange(nk) * ds
    y = (np.arange(ni) - (ni - 1) / 2.0) * di
    x = (np.arange(nj) - (nj - 1) / 2.0) * dj
    return z, y, x


def _ellipsoid(z, y, x, centre, semi_axes):
    cx, cy, cz = centre
    ax, ay, az = semi_axes
    return (((x[None, None, :] - cx) / ax) ** 2 + ((y[None, :, None] - cy) / ay) ** 2
            + ((z[:, None, None] - cz) / az) ** 2) <= 1.0


def _paint_segment(hu, labels, axes, p0, p1, radius, value, *, label=None, only=None):
    """Set voxels within ``radius`` mm of the segment p0→p1 (mm) to ``value``."""
    z, y, x = axes
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    lo, hi = np.minimum(p0, p1) - radius, np.maximum(p0, p1) + radius
    # Index ranges of the bounding box, per axis (axes are sorted ascending).
    sk = slice(*np.searchsorted(z, [lo[2], hi[2]]))
    si = slice(*np.searchsorted(y, [lo[1], hi[1]]))
    sj = slice(*np.searchsorted(x, [lo[0], hi[0]]))
    if sk.start == sk.stop or si.start == si.stop or sj.start == sj.stop:
        return
    px = x[sj][None, None, :] - p0[0]
    py = y[si][None, :, None] - p0[1]
    pz = z[sk][:, None, None] - p0[2]
    d = p1 - p0
    length2 = float(d @ d) or 1e-9
    t = np.clip((px * d[0] + py * d[1] + pz * d[2]) / length2, 0.0, 1.0)
    dist2 = (px - t * d[0]) ** 2 + (py - t * d[1]) ** 2 + (pz - t * d[2]) ** 2
    inside = dist2 <= radius ** 2
    box = (sk, si, sj)
    if only is not None:
        inside &= np.isin(labels[box], only)
    hu[box][inside] = value
    if label is not None:
        labels[box][inside] = label


def _vessel_tree(rng, root, direction, radius, depth):
    """Segments (p0, p1, radius) of a curved, branching tube tree starting at ``root``."""
    segments = []
    stack = [(np.asarray(root, float), np.asarray(direction, float), radius, depth)]
    while stack:
        start, heading, r, level = stack.pop()
        heading = heading / np.linalg.norm(heading)
        length = rng.uniform(18.0, 30.0)
        point = start
        for _ in range(3):                 # three bends make the branch curve
            heading = heading + rng.normal(0.0, 0.25, 3)
            heading /= np.linalg.norm(heading)
            nxt = point + heading * length / 3.0
            segments.append((point, nxt, r))
            point = nxt
        if level > 0:
            side = np.cross(heading, rng.normal(size=3))
            side /= np.linalg.norm(side)
            for sign in (1.0, -1.0):
                child = heading + sign * 0.7 * side
                stack.append((point, child, r * 0.75, level - 1))
    return segments


def _sphere_fraction(axes, centre, radius, box_margin=1.0, supersample=3):
    """Per-voxel fraction (0..1) inside a sphere, over its bounding box: (box slices, frac)."""
    z, y, x = axes
    steps = [float(a[1] - a[0]) for a in (z, y, x)]
    c = np.asarray(centre, float)
    box = []
    for coords, pos in zip((z, y, x), (c[2], c[1], c[0])):
        lo, hi = np.searchsorted(coords, [pos - radius - box_margin, pos + radius + box_margin])
        box.append(slice(int(lo), int(hi)))
    offsets = (np.arange(supersample) + 0.5) / supersample - 0.5
    frac = np.zeros(tuple(s.stop - s.start for s in box), np.float32)
    for oz in offsets:
        for oy in offsets:
            for ox in offsets:
                dz = z[box[0]][:, None, None] + oz * steps[0] - c[2]
                dy = y[box[1]][None, :, None] + oy * steps[1] - c[1]
                dx = x[box[2]][None, None, :] + ox * steps[2] - c[0]
                frac += (dx * dx + dy * dy + dz * dz) <= radius * radius
    return tuple(box), frac / supersample ** 3


def _wall_point(lung, direction, radius):
    """A centre half a radius inside the lung surface (along its normal), in ``direction``."""
    d = np.asarray(direction, float)
    d /= np.linalg.norm(d)
    semi = np.asarray(LUNG_SEMI_AXES)
    reach = 1.0 / np.sqrt(np.sum((d / semi) ** 2))      # centre → surface distance
    offset = d * reach
    normal = offset / semi ** 2
    normal /= np.linalg.norm(normal)
    return np.asarray(LUNG_CENTRES[lung]) + offset - normal * 0.5 * radius


def make_thorax_phantom(shape: tuple[int, int, int] = (120, 192, 192),
                        spacing: tuple[float, float, float] = (1.5, 0.8, 0.8),
                        seed: int = 0) -> tuple[Volume, list[PhantomNodule]]:
    """The phantom volume (int16 HU, axial, LPS) and the truth about its nodules."""
    volume, nodules, _ = make_thorax_phantom_with_labels(shape, spacing, seed)
    return volume, nodules


def make_thorax_phantom_with_labels(shape: tuple[int, int, int] = (120, 192, 192),
                                    spacing: tuple[float, float, float] = (1.5, 0.8, 0.8),
                                    seed: int = 0):
    """``make_thorax_phantom`` plus the tissue label map (OUTSIDE, BODY, RIGHT_LUNG, ...)."""
    rng = np.random.default_rng(seed)
    axes = _grid_axes(shape, spacing)
    z, y, x = axes
    hu = np.full(shape, AIR_HU, np.float32)
    labels = np.zeros(shape, np.uint8)

    body_xy = ((x[None, :] / BODY_SEMI_AXES[0]) ** 2 + (y[:, None] / BODY_SEMI_AXES[1]) ** 2)
    hu[:, body_xy <= 1.0] = FAT_HU
    labels[:, body_xy <= 1.0] = BODY
    hu[:, body_xy <= 0.95 ** 2] = SOFT_HU            # muscle and organs under the fat

    for lung, centre in LUNG_CENTRES.items():
        inside = _ellipsoid(z, y, x, centre, LUNG_SEMI_AXES)
        hu[inside], labels[inside] = LUNG_HU, lung

    # Heart and descending aorta push into the lungs from the mediastinum.
    heart = _ellipsoid(z, y, x, (6.0, -15.0, 55.0), (30.0, 28.0, 30.0))
    hu[heart], labels[heart] = SOFT_HU, BODY
    _paint_segment(hu, labels, axes, (12.0, 28.0, -5.0), (12.0, 28.0, 125.0), 9.0, SOFT_HU,
                   label=BODY)

    # Trachea down to the carina, then main bronchi whose lumen opens into each lung.
    carina = (0.0, -15.0, 128.0)
    _paint_segment(hu, labels, axes, carina, (0.0, -15.0, 200.0), 8.0, AIR_HU, label=AIRWAY)
    for lung, side in ((RIGHT_LUNG, -1.0), (LEFT_LUNG, 1.0)):
        _paint_segment(hu, labels, axes, carina, (side * 24.0, -8.0, 108.0), 5.5, AIR_HU,
                       label=AIRWAY, only=(BODY, AIRWAY))
        _paint_segment(hu, labels, axes, carina, (side * 24.0, -8.0, 108.0), 5.5, AIR_HU,
                       only=(lung,))
        _paint_segment(hu, labels, axes, (side * 24.0, -8.0, 108.0),
                       (side * 30.0, -5.0, 100.0), 5.0, AIR_HU, only=(lung,))

    # Vessels: a tree per lung from its hilum, seen only where it runs in lung.
    for lung, side in ((RIGHT_LUNG, -1.0), (LEFT_LUNG, 1.0)):
        hilum = (side * 14.0, 2.0, 95.0)
        for heading in ((side, 0.2, 0.8), (side, 0.1, -0.8), (side, -0.6, 0.0)):
            for p0, p1, r in _vessel_tree(rng, hilum, heading, 3.2, 3):
                _paint_segment(hu, labels, axes, p0, p1, r, SOFT_HU, only=(lung,))

    # Ribs (lateral and posterior arcs) and the spine.
    angle = np.arctan2(y[:, None], x[None, :])           # 0 = patient left, +π/2 = posterior
    rib_ring = (body_xy >= 0.89 ** 2) & (body_xy <= 0.95 ** 2) & (np.sin(angle) > -0.5)
    for rib_z in np.arange(18.0, z[-1], 22.0):
        for k in np.nonzero(np.abs(z - rib_z) <= 4.0)[0]:
            hu[k][rib_ring], labels[k][rib_ring] = BONE_HU, BONE
    spine_r2 = x[None, :] ** 2 + (y[:, None] - 42.0) ** 2
    hu[:, spine_r2 <= 11.0 ** 2], labels[:, spine_r2 <= 11.0 ** 2] = BONE_HU, BONE
    hu[:, spine_r2 <= 8.5 ** 2] = MARROW_HU

    lung_truth = np.isin(labels, (RIGHT_LUNG, LEFT_LUNG))
    nodules = []
    for density, diameter, where in NODULE_PLAN:
        radius = diameter / 2.0
        if where[0] == "wall":
            lung, centre = where[1], _wall_point(where[1], where[2], radius)
        else:
            centre = np.asarray(where, float)
            lung = RIGHT_LUNG if centre[0] < 0 else LEFT_LUNG
        # Clear vessels from a margin round the nodule so its truth volume stays its own.
        box, frac = _sphere_fraction(axes, centre, radius + 2.0, supersample=1)
        clear = (frac > 0) & lung_truth[box]
        hu[box][clear] = LUNG_HU
        box, frac = _sphere_fraction(axes, centre, radius)
        in_lung = lung_truth[box]
        level = SOLID_HU if density == "solid" else GROUND_GLASS_HU
        region = hu[box]
        region[in_lung] = (frac * level + (1 - frac) * region)[in_lung]
        if density == "part-solid":
            cbox, cfrac = _sphere_fraction(axes, centre, radius * PART_SOLID_CORE_FRACTION)
            core = hu[cbox]
            core[:] = cfrac * SOLID_HU + (1 - cfrac) * core
        voxel_mm3 = float(np.prod(spacing))
        index = ((centre[2] - z[0]) / spacing[0], (centre[1] - y[0]) / spacing[1],
                 (centre[0] - x[0]) / spacing[2])
        nodules.append(PhantomNodule(
            density=density, diameter_mm=diameter,
            centre_mm=tuple(float(c) for c in centre),
            centre_index=tuple(float(v) for v in index),
            lung="right" if lung == RIGHT_LUNG else "left",
            juxtapleural=where[0] == "wall",
            volume_mm3=4.0 / 3.0 * np.pi * radius ** 3,
            visible_volume_mm3=float(frac[in_lung].sum()) * voxel_mm3))

    # Scanner blur (~0.5 voxel) then noise; clip so the values store exactly as uint16.
    hu = ndimage.gaussian_filter(hu, sigma=(0.4, 0.6, 0.6))
    hu += rng.normal(0.0, NOISE_SIGMA_HU, shape).astype(np.float32)
    voxels = np.clip(np.rint(hu), -STORED_OFFSET, 3000).astype(np.int16)

    origin = np.array([x[0], y[0], z[0]], float)
    slices = [SliceInfo(path="", instance_number=k + 1,
                        position=(float(x[0]), float(y[0]), float(z[k])),
                        slice_location=float(z[k])) for k in range(shape[0])]
    volume = Volume(
        voxels=voxels, spacing=tuple(float(s) for s in spacing), origin=origin,
        row_cosine=np.array([1.0, 0.0, 0.0]), col_cosine=np.array([0.0, 1.0, 0.0]),
        slice_normal=np.array([0.0, 0.0, 1.0]), slices=slices,
        default_windows=[(1500.0, -600.0), (400.0, 40.0)],
        header={"PatientName": "Phantom^Thorax", "Modality": "CT",
                "StudyDescription": "Synthetic thorax phantom (not a patient)",
                "SeriesDescription": f"CV Lab thorax phantom, seed {seed}"},
        series_uid=generate_uid(entropy_srcs=["cvlab-thorax-phantom", str(seed), str(shape),
                                              str(spacing)]))
    return volume, nodules, labels


def true_lung_volumes_ml(labels: np.ndarray, spacing) -> tuple[float, float]:
    """(right, left) lung volumes in mL from a phantom's label map."""
    voxel_ml = float(np.prod(spacing)) / 1000.0
    return (float((labels == RIGHT_LUNG).sum()) * voxel_ml,
            float((labels == LEFT_LUNG).sum()) * voxel_ml)


def write_phantom_series(volume: Volume, folder: str | os.PathLike) -> list[Path]:
    """Write ``volume`` as a CT series, one DICOM file per slice; returns the files.

    Refuses an existing non-empty folder. Files are written to a temporary folder beside
    it and renamed into place, so a failure leaves nothing half-written behind.
    """
    target = Path(folder).expanduser()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target}: exists and is not an empty folder; choose a new one")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    stored = np.clip(np.rint(np.asarray(volume.voxels, np.float64)) + STORED_OFFSET,
                     0, 65535).astype(np.uint16)
    header = volume.header
    study_uid, series_uid = generate_uid(), volume.series_uid or generate_uid()
    frame_uid = generate_uid()
    today = datetime.date.today().strftime("%Y%m%d")
    ds_mm, di_mm, dj_mm = volume.spacing
    iop = [float(v) for v in (*volume.row_cosine, *volume.col_cosine)]
    written = []
    try:
        for k in range(volume.shape[0]):
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = CTImageStorage
            meta.MediaStorageSOPInstanceUID = generate_uid()
            meta.TransferSyntaxUID = ExplicitVRLittleEndian
            ds = Dataset()
            ds.file_meta = meta
            ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, meta.MediaStorageSOPInstanceUID
            ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, series_uid
            ds.FrameOfReferenceUID, ds.Modality = frame_uid, "CT"
            ds.StudyDate = ds.SeriesDate = today
            ds.PatientName = str(header.get("PatientName", "Phantom^Thorax"))
            ds.PatientID = "PHANTOM"
            ds.StudyDescription = str(header.get("StudyDescription",
                                                 "Synthetic thorax phantom (not a patient)"))
            ds.SeriesDescription = str(header.get("SeriesDescription", "CV Lab phantom"))
            ds.SeriesNumber, ds.InstanceNumber = 1, k + 1
            position = volume.index_to_patient(k, 0, 0)
            ds.ImagePositionPatient = [round(float(v), 4) for v in position]
            ds.ImageOrientationPatient = iop
            ds.SliceLocation = round(float(position @ volume.slice_normal), 4)
            ds.PixelSpacing = [float(di_mm), float(dj_mm)]
            ds.SliceThickness = ds.SpacingBetweenSlices = float(ds_mm)
            ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
            ds.Rows, ds.Columns = int(volume.shape[1]), int(volume.shape[2])
            ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
            ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = -STORED_OFFSET, 1, "HU"
            ds.WindowCenter, ds.WindowWidth = [-600, 40], [1500, 400]
            ds.PixelData = stored[k].tobytes()
            path = staging / f"CT{k + 1:04d}.dcm"
            ds.save_as(path, enforce_file_format=True)
            written.append(target / path.name)
        if target.exists():
            target.rmdir()                 # empty, checked above
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written
