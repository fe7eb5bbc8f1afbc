"""The CT volume every CT module shares: voxels plus their place in patient space.

Conventions (DICOM patient coordinates, LPS: +x patient left, +y posterior, +z superior):
- ``voxels[k, i, j]``: slice k (ordered along the slice normal, increasing position),
  row i, column j of the acquired image. HU as int16 when the modality LUT allows, else
  float32; RGB secondary captures are (n, rows, cols, 3) uint8 with ``is_rgb`` True.
- ``row_cosine`` is the direction of increasing column index j (DICOM IOP first triplet);
  ``col_cosine`` the direction of increasing row index i (IOP second triplet);
  ``slice_normal`` the direction of increasing slice index k (cross product, sign
  chosen so that positions increase along it).
- ``spacing`` = (slice spacing, row spacing, column spacing) in mm, i.e. the distance
  between neighbouring voxels along k, i and j (DICOM PixelSpacing is [row, column]).
- ``origin`` is the patient position (mm) of voxel (0, 0, 0): ImagePositionPatient of
  the first slice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class SliceInfo:
    """Per-slice facts kept for overlays, reports and the tag browser."""

    path: str
    instance_number: int | None
    position: tuple[float, float, float]
    slice_location: float | None = None
    frame: int | None = None  # frame index inside a multi-frame file


@dataclass
class Volume:
    voxels: np.ndarray
    spacing: tuple[float, float, float]
    origin: np.ndarray
    row_cosine: np.ndarray
    col_cosine: np.ndarray
    slice_normal: np.ndarray
    is_rgb: bool = False
    slices: list[SliceInfo] = field(default_factory=list)
    default_windows: list[tuple[float, float]] = field(default_factory=list)  # (width, level)
    header: dict = field(default_factory=dict)  # series-level tags for overlays (name → value)
    warnings: list[str] = field(default_factory=list)
    series_uid: str = ""

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(self.voxels.shape[:3])

    def index_to_patient(self, k: float, i: float, j: float) -> np.ndarray:
        """Patient coordinates (mm, LPS) of a voxel index (fractional allowed)."""
        ds, di, dj = self.spacing
        return (self.origin + k * ds * self.slice_normal + i * di * self.col_cosine
                + j * dj * self.row_cosine)

    def direction_matrix(self) -> np.ndarray:
        """3×3 matrix whose columns are the patient-space directions of axes k, i, j."""
        return np.stack([self.slice_normal, self.col_cosine, self.row_cosine], axis=1)
