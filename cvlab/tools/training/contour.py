"""The 0.5 contour of a probability grid as line segments, by marching squares in numpy.

pyqtgraph's IsocurveItem walks the grid in Python (about 25 ms for 96 × 96, on the GUI
thread, several times a second while a run draws its boundary); this does the same cut in
a few array operations. Each grid cell whose corners lie on both sides of the level gets
one segment between the crossings on its edges (two for a saddle, paired by the cell's
centre value), the crossings placed by linear interpolation.
"""

from __future__ import annotations

import numpy as np


def _crossing(a: np.ndarray, b: np.ndarray, level: float) -> np.ndarray:
    """Where between 0 (at a) and 1 (at b) the values cross ``level``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (level - a) / (b - a)
    return np.clip(np.nan_to_num(t, nan=0.5), 0.0, 1.0)


def contour_segments(xs, ys, values, level: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of segment end points in pairs (0-1, 2-3, …) where ``values`` (len(ys) ×
    len(xs), values[i, j] at (xs[j], ys[i])) crosses ``level``; empty arrays if nowhere."""
    v = np.asarray(values, float)
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    if v.ndim != 2 or min(v.shape) < 2:
        return np.zeros(0), np.zeros(0)
    above = v > level
    tl, tr, bl, br = v[:-1, :-1], v[:-1, 1:], v[1:, :-1], v[1:, 1:]
    x0, x1 = xs[None, :-1], xs[None, 1:]
    y0, y1 = ys[:-1, None], ys[1:, None]
    # The crossing on each edge of each cell, in the order top, right, bottom, left.
    shape = tl.shape
    px = np.stack([x0 + (x1 - x0) * _crossing(tl, tr, level), np.broadcast_to(x1, shape),
                   x0 + (x1 - x0) * _crossing(bl, br, level), np.broadcast_to(x0, shape)], -1)
    py = np.stack([np.broadcast_to(y0, shape), y0 + (y1 - y0) * _crossing(tr, br, level),
                   np.broadcast_to(y1, shape), y0 + (y1 - y0) * _crossing(tl, bl, level)], -1)
    cut = np.stack([above[:-1, :-1] != above[:-1, 1:], above[:-1, 1:] != above[1:, 1:],
                    above[1:, :-1] != above[1:, 1:], above[:-1, :-1] != above[1:, :-1]], -1)
    count = cut.sum(-1)
    # Two crossings: one segment between them.
    one = count == 2
    sx, sy = px[one][cut[one]], py[one][cut[one]]
    # A saddle (four crossings): the centre decides which corners the two segments cut off.
    four = count == 4
    if four.any():
        centre_above = (tl + tr + bl + br)[four] / 4 > level
        same_as_tl = centre_above == above[:-1, :-1][four]
        # centre like top-left: cut off top-right (T-R) and bottom-left (B-L) corners;
        # otherwise top-left (T-L) and bottom-right (R-B).
        order = np.where(same_as_tl[:, None], [0, 1, 2, 3], [0, 3, 1, 2])
        sx = np.concatenate([sx, np.take_along_axis(px[four], order, 1).ravel()])
        sy = np.concatenate([sy, np.take_along_axis(py[four], order, 1).ravel()])
    return sx, sy
