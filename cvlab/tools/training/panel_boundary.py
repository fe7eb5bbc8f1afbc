"""The "fit" demo's picture: the decision boundary over the data, redrawn as it trains.

For two classes the model's probability of class 1 over a grid is an image in data
coordinates (blue: class 0, orange: class 1, white: undecided), the 0.5 contour is the
boundary, and the points are drawn on top: training points filled, validation points
hollow. For the regression curve the fit is a line over the points instead, beside the
noise-free curve the points were drawn around. The snapshot is the engine's ``Boundary``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cvlab.tools.training.contour import contour_segments

CLASS_COLORS = ((60, 120, 220), (240, 140, 40))
CURVE_POINT_COLOR = (60, 120, 220)
BOUNDARY_PEN = (30, 30, 30)


def two_class_lookup(size: int = 256, strength: float = 0.45) -> np.ndarray:
    """A (size, 3) uint8 table: a pale class 0 colour at 0, white at 0.5, a pale class 1
    colour at 1 (pale, so that the points in full colour stand out on it)."""
    t = np.linspace(0.0, 1.0, size)[:, None]
    white = np.array((255.0, 255.0, 255.0))
    zero, one = (white + strength * (np.array(c, float) - white) for c in CLASS_COLORS)
    low = white + (zero - white) * (1 - 2 * np.minimum(t, 0.5))
    high = white + (one - white) * (2 * np.maximum(t, 0.5) - 1)
    return np.where(t < 0.5, low, high).round().astype(np.uint8)


class BoundaryView(QWidget):
    """The plot and, under it, what its marks mean (a legend inside would hide points)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plot = BoundaryPlot()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.caption)

    def show_snapshot(self, boundary) -> None:
        self.plot.show_snapshot(boundary)
        if boundary is None:
            self.caption.clear()
        elif boundary.regression:
            self.caption.setText(self.tr(
                "Red: the network's curve. Dashed: the curve the data was drawn from. "
                "Filled points: training set; hollow points: validation set."))
        else:
            self.caption.setText(self.tr(
                "Blue and orange: the class the network says at each place; the black line "
                "is its decision boundary. Filled points: training set; hollow points: "
                "validation set."))

    @property
    def regression(self):
        return self.plot.regression


class BoundaryPlot(pg.PlotWidget):
    """Probability image, 0.5 contour and data points; or a fitted curve and its points."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.showGrid(x=True, y=True, alpha=0.2)
        self.image = pg.ImageItem()
        self.image.setLookupTable(two_class_lookup())
        self.image.setLevels((0.0, 1.0))
        self.contour = pg.PlotDataItem(connect="pairs", pen=pg.mkPen(BOUNDARY_PEN, width=2))
        self.fit_line = pg.PlotDataItem(pen=pg.mkPen((220, 50, 50), width=3))
        self.truth_line = pg.PlotDataItem(pen=pg.mkPen((160, 160, 160), width=1.5,
                                                       style=Qt.DashLine))
        self.train_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("k", width=0.8))
        self.val_points = pg.ScatterPlotItem(size=8, brush=None)
        for item in (self.image, self.contour, self.truth_line, self.fit_line,
                     self.train_points, self.val_points):
            self.addItem(item)
        self.regression = None  # the kind of the picture shown; None: nothing shown
        self.points_shown = None  # the data whose points are drawn (the same all run long)

    def show_snapshot(self, boundary) -> None:
        """Draw a ``fit.Boundary`` (None: nothing)."""
        if boundary is None:
            self.clear_picture()
            return
        if boundary.regression:
            self.setTitle(self.tr("Fitted curve, epoch {0}").format(boundary.epoch))
            self.image.hide()
            self.fit_line.setData(boundary.xs, boundary.probs)
            self.truth_line.setData(boundary.xs, boundary.truth)
            self.contour.setData([], [])
        else:
            self.setTitle(self.tr("Decision boundary, epoch {0}").format(boundary.epoch))
            xs, ys, probs = boundary.xs, boundary.ys, np.asarray(boundary.probs)
            self.fit_line.setData([], [])
            self.truth_line.setData([], [])
            self.image.setImage(probs.T, levels=(0.0, 1.0), autoLevels=False)
            self.image.setRect(QRectF(xs[0], ys[0], xs[-1] - xs[0], ys[-1] - ys[0]))
            self.contour.setData(*contour_segments(xs, ys, probs))
            self.image.show()
        if self.points_shown is not boundary.points:  # a run's data: drawn once
            self.points_shown = boundary.points
            self._show_points(boundary)
        if self.regression is not boundary.regression:  # a new kind of picture: fit it
            self.regression = boundary.regression
            self.setAspectLocked(not boundary.regression)  # the plane: one unit each way
            self.autoRange()

    def _show_points(self, boundary) -> None:
        points = np.asarray(boundary.points, float).reshape(-1, 2)
        train = np.asarray(boundary.train, bool)
        if boundary.regression:
            colors = [CURVE_POINT_COLOR] * len(points)
        else:
            colors = [CLASS_COLORS[int(label) % 2] for label in boundary.labels]
        self.train_points.setData(
            pos=points[train], brush=[pg.mkBrush(c) for c, t in zip(colors, train) if t])
        self.val_points.setData(
            pos=points[~train], brush=pg.mkBrush(255, 255, 255),
            pen=[pg.mkPen(c, width=2) for c, t in zip(colors, train) if not t])

    def clear_picture(self) -> None:
        self.image.clear()
        self.contour.setData([], [])
        self.fit_line.setData([], [])
        self.truth_line.setData([], [])
        self.train_points.clear()
        self.val_points.clear()
        self.setTitle(None)
        self.regression = None
        self.points_shown = None
