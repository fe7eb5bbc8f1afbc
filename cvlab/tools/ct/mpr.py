"""Multiplanar reformatting: axial, coronal and sagittal views in patient space.

Whatever plane a series was acquired in, the volume is brought (as a numpy view, no
copy) to canonical axes C[z, y, x] in DICOM patient space: z increases toward the head
(superior), y toward the back (posterior), x toward the patient's left. Each plane is then
shown in the radiological convention:

- axial (at z): rows anterior→posterior, columns patient right→left;
- coronal (at y): rows superior→inferior, columns patient right→left;
- sagittal (at x): rows superior→inferior, columns anterior→posterior.

Oblique acquisitions are shown along the nearest patient axes, with a warning that
gives the angle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cvlab.core.i18n import translate
from cvlab.tools.ct.volume import Volume

PLANES = ("axial", "coronal", "sagittal")
OBLIQUE_WARNING_DEGREES = 1.0


@dataclass
class Reformatter:
    canonical: np.ndarray              # C[z, y, x] (a view of the volume's voxels)
    spacing_zyx: tuple[float, float, float]
    axis_of: tuple[int, int, int]      # original axis (0=k, 1=i, 2=j) behind z, y, x
    flipped: tuple[bool, bool, bool]   # whether that original axis runs the other way
    obliquity_degrees: float

    @property
    def shape_zyx(self) -> tuple[int, int, int]:
        return tuple(self.canonical.shape[:3])

    def count(self, plane: str) -> int:
        """Number of slices of a plane."""
        return self.shape_zyx[_plane_axis(plane)]

    def slice(self, plane: str, index: int) -> np.ndarray:
        """The 2-D image of a plane at an index, in display orientation."""
        if plane not in PLANES:
            raise ValueError(f"unknown plane {plane!r}; use one of {PLANES}")
        return self.slice_of(self.canonical, plane, index)

    def pixel_spacing(self, plane: str) -> tuple[float, float]:
        """(row spacing, column spacing) in mm of a plane's display image."""
        sz, sy, sx = self.spacing_zyx
        return {"axial": (sy, sx), "coronal": (sz, sx), "sagittal": (sz, sy)}[plane]

    def to_canonical(self, plane: str, index: int, row: float, col: float) -> np.ndarray:
        """Canonical (z, y, x) of a display pixel."""
        top = self.shape_zyx[0] - 1
        if plane == "axial":
            return np.array([index, row, col], dtype=float)
        if plane == "coronal":
            return np.array([top - row, index, col], dtype=float)
        if plane == "sagittal":
            return np.array([top - row, col, index], dtype=float)
        raise ValueError(f"unknown plane {plane!r}")

    def to_display(self, plane: str, zyx) -> tuple[int, float, float]:
        """(slice index, row, col) of a canonical point in a plane's display image."""
        z, y, x = (float(v) for v in zyx)
        top = self.shape_zyx[0] - 1
        if plane == "axial":
            return int(round(z)), y, x
        if plane == "coronal":
            return int(round(y)), top - z, x
        if plane == "sagittal":
            return int(round(x)), top - z, y
        raise ValueError(f"unknown plane {plane!r}")

    def reformat_array(self, array: np.ndarray) -> np.ndarray:
        """Bring another array of the volume's (k, i, j) shape (a label map) to the same
        canonical axes, so its planes line up with the image's."""
        view = np.transpose(array, list(self.axis_of) + list(range(3, array.ndim)))
        return view[tuple(slice(None, None, -1) if f else slice(None) for f in self.flipped)]

    def slice_of(self, array_zyx: np.ndarray, plane: str, index: int) -> np.ndarray:
        """A plane of a canonical array (from reformat_array), in display orientation."""
        index = int(np.clip(index, 0, self.count(plane) - 1))
        return {"axial": lambda: array_zyx[index],
                "coronal": lambda: array_zyx[::-1, index, :],
                "sagittal": lambda: array_zyx[::-1, :, index]}[plane]()

    def acquired_plane(self) -> str:
        """The plane the slices were acquired in (the one whose axis is the slice axis k)."""
        return PLANES[list(self.axis_of).index(0)]

    def to_original(self, zyx) -> np.ndarray:
        """Original voxel index (k, i, j) of a canonical point."""
        out = np.zeros(3)
        for canon_axis, (orig_axis, flip) in enumerate(zip(self.axis_of, self.flipped)):
            n = self.canonical.shape[canon_axis]
            value = float(zyx[canon_axis])
            out[orig_axis] = (n - 1 - value) if flip else value
        return out

    def from_original(self, kij) -> np.ndarray:
        out = np.zeros(3)
        for canon_axis, (orig_axis, flip) in enumerate(zip(self.axis_of, self.flipped)):
            n = self.canonical.shape[canon_axis]
            value = float(kij[orig_axis])
            out[canon_axis] = (n - 1 - value) if flip else value
        return out


def reformatter(volume: Volume) -> Reformatter:
    """Bring a volume to canonical patient axes without copying its voxels."""
    directions = volume.direction_matrix()      # columns: patient direction of k, i, j
    spacing = np.asarray(volume.spacing, dtype=float)
    # Patient axis (0=x L, 1=y P, 2=z S) each original axis runs closest to.
    dominant = np.argmax(np.abs(directions), axis=0)
    if len(set(dominant.tolist())) != 3:
        # Two axes closest to the same patient axis (strongly oblique): pick greedily.
        dominant = _assign_axes_greedily(np.abs(directions))
    axis_of, flipped = [], []
    for patient_axis in (2, 1, 0):              # canonical z, y, x
        orig = int(np.where(dominant == patient_axis)[0][0])
        axis_of.append(orig)
        flipped.append(bool(directions[patient_axis, orig] < 0))
    cosines = [abs(directions[dominant[a], a]) for a in range(3)]
    obliquity = float(np.degrees(np.arccos(np.clip(min(cosines), -1.0, 1.0))))
    voxels = volume.voxels
    order = axis_of + list(range(3, voxels.ndim))  # RGB keeps its channel axis last
    canonical = np.transpose(voxels, order)
    flips = tuple(slice(None, None, -1) if f else slice(None) for f in flipped)
    canonical = canonical[flips]
    spacing_zyx = tuple(float(spacing[a]) for a in axis_of)
    return Reformatter(canonical, spacing_zyx, tuple(axis_of), tuple(flipped), obliquity)


def obliquity_warning(fmt: Reformatter) -> str | None:
    if fmt.obliquity_degrees <= OBLIQUE_WARNING_DEGREES:
        return None
    return translate("CtMpr", "oblique acquisition ({0:.1f}° from the patient axes): axial, "
                     "coronal and sagittal views follow the nearest axes, not resampled"
                     ).format(fmt.obliquity_degrees)


def _plane_axis(plane: str) -> int:
    try:
        return {"axial": 0, "coronal": 1, "sagittal": 2}[plane]
    except KeyError:
        raise ValueError(f"unknown plane {plane!r}; use one of {PLANES}") from None


def _assign_axes_greedily(weights: np.ndarray) -> np.ndarray:
    dominant = np.full(3, -1)
    w = weights.copy()
    for _ in range(3):
        p, a = np.unravel_index(np.argmax(w), w.shape)
        dominant[a] = p
        w[p, :] = -1
        w[:, a] = -1
    return dominant
