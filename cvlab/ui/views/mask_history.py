"""Undo steps of the mask painter: each keeps only the changed box, before and after,
bit-packed and zlib-compressed, so a long editing session stays small. A painter with a
colour per pixel (scribbles) keeps the box's colours in the same step."""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np
from PySide6.QtGui import QUndoCommand

# box = (y0, y1, x0, x1): the rows and columns of the mask a step changed.
Box = tuple[int, int, int, int]


class MaskPatch:
    """A rectangle of a bool mask, bit-packed and compressed."""

    def __init__(self, region: np.ndarray):
        self.shape = region.shape
        self.data = zlib.compress(np.packbits(region, axis=None).tobytes(), 1)

    def array(self) -> np.ndarray:
        bits = np.frombuffer(zlib.decompress(self.data), np.uint8)
        count = self.shape[0] * self.shape[1]
        return np.unpackbits(bits, count=count).astype(bool).reshape(self.shape)

    def nbytes(self) -> int:
        return len(self.data)


class ColorPatch:
    """A rectangle of an (h, w, 3) uint8 colour layer, compressed."""

    def __init__(self, region: np.ndarray):
        self.shape = region.shape
        self.data = zlib.compress(np.ascontiguousarray(region, np.uint8).tobytes(), 1)

    def array(self) -> np.ndarray:
        return np.frombuffer(zlib.decompress(self.data), np.uint8).reshape(self.shape).copy()

    def nbytes(self) -> int:
        return len(self.data)


class MaskEdit(QUndoCommand):
    """One edit: `write(box, region, colors)` puts the box's content before or after it
    back (`colors` is None for a painter without a colour layer)."""

    def __init__(self, text: str, box: Box, before: np.ndarray, after: np.ndarray,
                 write: Callable[[Box, np.ndarray, np.ndarray | None], None],
                 colors_before: np.ndarray | None = None,
                 colors_after: np.ndarray | None = None):
        super().__init__(text)
        self._box = box
        self._before = MaskPatch(before)
        self._after = MaskPatch(after)
        self._colors_before = None if colors_before is None else ColorPatch(colors_before)
        self._colors_after = None if colors_after is None else ColorPatch(colors_after)
        self._write = write

    def redo(self) -> None:
        self._write(self._box, self._after.array(),
                    None if self._colors_after is None else self._colors_after.array())

    def undo(self) -> None:
        self._write(self._box, self._before.array(),
                    None if self._colors_before is None else self._colors_before.array())

    def nbytes(self) -> int:
        colors = sum(p.nbytes() for p in (self._colors_before, self._colors_after) if p)
        return self._before.nbytes() + self._after.nbytes() + colors


def changed_box(before: np.ndarray, after: np.ndarray, *more: np.ndarray) -> Box | None:
    """The smallest box holding every difference, or None when the masks are equal.
    `more`: pairs of (before, after) colour layers (H, W, 3) whose changes count too."""
    changed = before != after
    for colors_before, colors_after in zip(more[::2], more[1::2]):
        changed = changed | (colors_before != colors_after).any(axis=2)
    rows = np.flatnonzero(changed.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(changed.any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
