"""The CT tab's Measure side tab: rulers and ROIs drawn on the views, their table, CSV
export and the HU histogram of the selected ROI. The numbers come from ``measure.py``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.fileio import check_output_path
from cvlab.tools.ct.measure import (
    Measurement,
    measure_distance,
    measure_roi,
    measurements_to_csv,
    roi_histogram,
    roi_mask,
)
from cvlab.tools.ct.mpr import PLANES

NORMAL_PEN = pg.mkPen((0, 220, 255), width=2)
SELECTED_PEN = pg.mkPen((255, 210, 0), width=3)
LABEL_COLOR = (255, 255, 255)
LABEL_FILL = (0, 0, 0, 160)
ROI_Z = 1000            # above the overlay layers (masks, boxes), which count up from 1
DEFAULT_FRACTION = 0.2  # a new shape spans about a fifth of the visible image
HISTOGRAM_BINS = 64
HISTOGRAM_HEIGHT = 200     # px
COLUMNS = 5             # No, plane, slice, kind, result


@dataclass
class DrawnMeasurement:
    """A measurement with the pyqtgraph items that show it on its plane's view."""

    measurement: Measurement
    roi: pg.ROI
    label: pg.TextItem
    problem: str = ""   # why there is no result (an ROI covering no pixel centre)


def roi_geometry(roi: pg.ROI, kind: str) -> tuple[tuple[float, float, float, float], float]:
    """((row0, col0, row1, col1), angle) of an ROI in its parent's coordinates.

    The parent is the view's image group, whose units are image pixels with pixel (r, c)
    covering [c, c+1) × [r, r+1) — the convention measure.py uses, so no half-pixel shift.
    A distance gives its two end points; an ellipse or rectangle its unrotated box about
    its centre (pyqtgraph turns a shape about its origin corner, measure.py about the centre).
    """
    if kind == "distance":
        p0, p1 = (roi.mapToParent(handle.pos()) for handle in roi.getHandles())
        return (p0.y(), p0.x(), p1.y(), p1.x()), 0.0
    size = roi.size()
    centre = roi.mapToParent(QPointF(size.x() / 2, size.y() / 2))
    half_w, half_h = abs(size.x()) / 2, abs(size.y()) / 2
    return ((centre.y() - half_h, centre.x() - half_w, centre.y() + half_h,
             centre.x() + half_w), float(roi.angle()))


class MeasureBox(QWidget):
    def __init__(self, host, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host                 # the CT panel: views, fmt, point, context
        self.drawn: list[DrawnMeasurement] = []
        self._next_id = 1
        self.ruler_button = QPushButton(self.tr("Ruler"))
        self.ruler_button.setToolTip(self.tr("Distance in mm; drag the ends"))
        self.ellipse_button = QPushButton(self.tr("Ellipse ROI"))
        self.rectangle_button = QPushButton(self.tr("Rectangle ROI"))
        buttons = QHBoxLayout()
        for button, kind in ((self.ruler_button, "distance"), (self.ellipse_button, "ellipse"),
                             (self.rectangle_button, "rectangle")):
            button.clicked.connect(lambda _=False, kind=kind: self.add(kind))
            button.setEnabled(False)
            buttons.addWidget(button)
        hint = QLabel(self.tr("Shapes go on the active view and belong to its slice. "
                              "Drag to move, drag the handles to resize; Alt+drag turns."))
        hint.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels([self.tr("No"), self.tr("Plane"), self.tr("Slice"),
                                              self.tr("Kind"), self.tr("Result")])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(COLUMNS - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._on_selection)
        QShortcut(QKeySequence.Delete, self.table, activated=self.delete_selected,
                  context=Qt.WidgetShortcut)   # not the window's: Delete means more there
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(lambda: self.export_csv())
        self.histogram = pg.PlotWidget()
        # A plot asks for 600 × 480 px; let the layout size it so the views keep the room.
        self.histogram.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self.histogram.setFixedHeight(HISTOGRAM_HEIGHT)
        self.histogram.setLabel("bottom", self.tr("HU"))
        self.histogram.setLabel("left", self.tr("Pixels"))
        self.histogram.setMouseEnabled(x=False, y=False)
        self.histogram.hideButtons()
        self.histogram_curve = self.histogram.plot(stepMode="center", fillLevel=0,
                                                   brush=(0, 180, 230, 120), pen=(0, 220, 255))
        self.histogram_title = QLabel()
        actions = QHBoxLayout()
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.histogram_title)
        layout.addWidget(self.histogram)
        self._update_actions()

    # ----- what the panel calls -------------------------------------------------------
    def volume_changed(self, volume) -> None:
        """A new volume: the old measurements belong to other images, remove them all."""
        for drawn in self.drawn:
            self._detach(drawn)
        self.drawn.clear()
        self._next_id = 1
        self._rebuild_table()
        loaded = volume is not None
        self.ruler_button.setEnabled(loaded)
        for button in (self.ellipse_button, self.rectangle_button):
            button.setEnabled(loaded and not volume.is_rgb)   # HU statistics need gray

    def on_slice_shown(self, plane: str, index: int) -> None:
        """Show a plane's measurements of the slice now shown there, hide its others."""
        for drawn in self.drawn:
            if drawn.measurement.plane == plane:
                visible = drawn.measurement.slice_index == index
                drawn.roi.setVisible(visible)
                drawn.label.setVisible(visible)

    # ----- adding, removing, reading ------------------------------------------------
    def add(self, kind: str, geometry=None) -> DrawnMeasurement | None:
        """Draw a new distance/ellipse/rectangle on the active view's current slice.

        ``geometry`` (row0, col0, row1, col1) in display pixels; None centres a shape of
        about a fifth of the image in the visible area.
        """
        host = self.host
        if host.fmt is None:
            host.context.notify(self.tr("Open a CT series first, then measure on it."))
            return None
        plane = host.active_plane
        view = host.views[plane].view
        index = int(host.point[PLANES.index(plane)])
        if geometry is None:
            geometry = self._default_geometry(view, kind)
        roi = _make_roi(kind, geometry)
        label = pg.TextItem(color=LABEL_COLOR, fill=pg.mkBrush(LABEL_FILL), anchor=(0, 1))
        for item in (roi, label):
            view.add_item(item)
            item.setZValue(ROI_Z)
        measurement = Measurement(self._next_id, kind, plane, index, tuple(geometry))
        self._next_id += 1
        drawn = DrawnMeasurement(measurement, roi, label)
        self.drawn.append(drawn)
        roi.sigRegionChanged.connect(lambda _roi, drawn=drawn: self._recompute(drawn))
        roi.sigRegionChangeStarted.connect(lambda _roi, drawn=drawn: self.select(drawn))
        self._rebuild_table()
        self._recompute(drawn)
        self.select(drawn)
        return drawn

    def measurements(self) -> list[Measurement]:
        return [drawn.measurement for drawn in self.drawn]

    def selected(self) -> DrawnMeasurement | None:
        rows = self.table.selectionModel().selectedRows()
        return self.drawn[rows[0].row()] if rows else None

    def select(self, drawn: DrawnMeasurement) -> None:
        self.table.selectRow(self.drawn.index(drawn))

    def delete_selected(self) -> None:
        drawn = self.selected()
        if drawn is None:
            return
        self._detach(drawn)
        self.drawn.remove(drawn)
        self._rebuild_table()

    def export_csv(self, path: str | Path | None = None) -> bool:
        """Write every measurement as CSV; with no path, ask for one. True when saved."""
        if not self.drawn:
            self.host.context.notify(self.tr("Nothing to export: draw a measurement first."))
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export measurements"),
                                                  str(Path.home() / "measurements.csv"),
                                                  self.tr("CSV (*.csv)"))
            if not path:
                return False
        try:
            check_output_path(path, self.host.volume_files())
            measurements_to_csv(self.measurements(), path)
        except Exception as exc:
            self.host.context.notify_error(self.tr("Export failed: {0}").format(exc))
            return False
        self.host.context.notify(self.tr("Saved {0}").format(path))
        return True

    # ----- drawing ------------------------------------------------------------------
    def _default_geometry(self, view, kind: str) -> tuple[float, float, float, float]:
        height, width = view.image().shape[:2]
        whole = QRectF(0, 0, width, height)
        shown = view.view_rect()
        area = shown.intersected(whole)
        if area.isEmpty():
            area = whole
        centre = area.center()
        half_w = min(area.width(), width) * DEFAULT_FRACTION / 2
        half_h = min(area.height(), height) * DEFAULT_FRACTION / 2
        if kind == "distance":
            return centre.y(), centre.x() - half_w, centre.y(), centre.x() + half_w
        return centre.y() - half_h, centre.x() - half_w, centre.y() + half_h, centre.x() + half_w

    def _recompute(self, drawn: DrawnMeasurement) -> None:
        old = drawn.measurement
        bounds, angle = roi_geometry(drawn.roi, old.kind)
        fmt = self.host.fmt
        spacing = fmt.pixel_spacing(old.plane)
        drawn.problem = ""
        try:
            if old.kind == "distance":
                new = measure_distance(old.id, old.plane, old.slice_index, bounds[:2],
                                       bounds[2:], spacing, old.label)
            else:
                new = measure_roi(old.id, old.kind, old.plane, old.slice_index,
                                  fmt.slice(old.plane, old.slice_index), bounds, spacing,
                                  angle, old.label)
        except ValueError as exc:   # an ROI covering no pixel centre
            new = Measurement(old.id, old.kind, old.plane, old.slice_index, bounds,
                              label=old.label, angle=angle)
            drawn.problem = str(exc)
        drawn.measurement = new
        drawn.label.setText("\n".join(self._result_parts(drawn)))
        self._place_label(drawn)
        cell = self.table.item(self.drawn.index(drawn), COLUMNS - 1)
        if cell is not None:
            cell.setText(self.result_text(drawn))
            cell.setToolTip(self.result_text(drawn))
        if self.selected() is drawn:
            self._show_histogram(drawn)
        self.host.controller.set_measurements(self.measurements())

    def result_text(self, drawn: DrawnMeasurement) -> str:
        """The result on one line, as the table shows it."""
        return self.tr(", ").join(self._result_parts(drawn))

    def _result_parts(self, drawn: DrawnMeasurement) -> list[str]:
        results = drawn.measurement.results
        if drawn.measurement.kind == "distance":
            return [self.tr("{0:.1f} mm").format(results["length_mm"])]
        if drawn.problem:
            return [self.tr("no pixel inside")]
        return [self.tr("mean {0} HU, SD {1:.0f}").format(_signed(results["mean_hu"]),
                                                          results["sd_hu"]),
                self.tr("area {0:.0f} mm²").format(results["area_mm2"])]

    def _place_label(self, drawn: DrawnMeasurement) -> None:
        """Above the shape, on its side nearer the image's middle so the text stays in view."""
        box = drawn.roi.mapRectToParent(drawn.roi.boundingRect())
        if drawn.measurement.kind == "distance":
            r0, c0, r1, c1 = drawn.measurement.geometry
            box = QRectF(QPointF(min(c0, c1), min(r0, r1)), QPointF(max(c0, c1), max(r0, r1)))
        width = self.host.views[drawn.measurement.plane].view.image().shape[1]
        if box.center().x() > width / 2:
            drawn.label.setAnchor((1, 1))
            drawn.label.setPos(box.topRight())
        else:
            drawn.label.setAnchor((0, 1))
            drawn.label.setPos(box.topLeft())

    def _detach(self, drawn: DrawnMeasurement) -> None:
        view = self.host.views[drawn.measurement.plane].view
        for item in (drawn.roi, drawn.label):
            view.remove_item(item)

    # ----- table and histogram ------------------------------------------------------
    def _rebuild_table(self) -> None:
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(self.drawn))
            for row, drawn in enumerate(self.drawn):
                m = drawn.measurement
                for col, text in enumerate((str(m.id), self._shown_name(m.plane),
                                            str(m.slice_index + 1), self._shown_name(m.kind),
                                            self.result_text(drawn) if m.results or drawn.problem
                                            else "")):
                    self.table.setItem(row, col, QTableWidgetItem(text))
            self.table.clearSelection()
        self.host.controller.set_measurements(self.measurements())
        self._on_selection()

    def _on_selection(self) -> None:
        chosen = self.selected()
        for drawn in self.drawn:
            drawn.roi.setPen(SELECTED_PEN if drawn is chosen else NORMAL_PEN)
        self._update_actions()
        self._show_histogram(chosen)
        if chosen is None:
            return
        m, host = chosen.measurement, self.host
        axis = PLANES.index(m.plane)
        if int(host.point[axis]) != m.slice_index:   # jump to the slice it was drawn on
            host.point[axis] = m.slice_index
            host.refresh_all()

    def _show_histogram(self, drawn: DrawnMeasurement | None) -> None:
        if drawn is None or drawn.measurement.kind == "distance" or drawn.problem:
            self.histogram_curve.clear()
            self.histogram_title.setText(self.tr("HU histogram: select an ellipse or "
                                                 "rectangle ROI"))
            return
        m, fmt = drawn.measurement, self.host.fmt
        values = fmt.slice(m.plane, m.slice_index)
        mask = roi_mask(values.shape, m.kind, m.geometry, m.angle)
        counts, edges = roi_histogram(values, mask, bins=HISTOGRAM_BINS)
        self.histogram_curve.setData(edges, counts)
        self.histogram_title.setText(self.tr("HU histogram of ROI {0} ({1} pixels)")
                                     .format(m.id, int(counts.sum())))

    def histogram_data(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(bin edges, counts) now plotted, or None when nothing is."""
        x, y = self.histogram_curve.getData()
        return None if x is None or len(x) == 0 else (np.asarray(x), np.asarray(y))

    def _update_actions(self) -> None:
        self.delete_button.setEnabled(self.selected() is not None)
        self.export_button.setEnabled(bool(self.drawn))

    def _shown_name(self, name: str) -> str:
        """A plane or kind as the table shows it, translated."""
        return {"axial": self.tr("Axial"), "coronal": self.tr("Coronal"),
                "sagittal": self.tr("Sagittal"), "distance": self.tr("Distance"),
                "ellipse": self.tr("Ellipse"), "rectangle": self.tr("Rectangle")}[name]


def _make_roi(kind: str, geometry) -> pg.ROI:
    row0, col0, row1, col1 = (float(g) for g in geometry)
    if kind == "distance":
        return pg.LineSegmentROI([(col0, row0), (col1, row1)], pen=NORMAL_PEN)
    top, left = min(row0, row1), min(col0, col1)
    size = (abs(col1 - col0), abs(row1 - row0))
    if kind == "ellipse":
        return pg.EllipseROI((left, top), size, pen=NORMAL_PEN)
    if kind == "rectangle":
        return pg.RectROI((left, top), size, sideScalers=True, pen=NORMAL_PEN)
    raise ValueError(f"unknown measurement kind {kind!r}")


def _signed(value: float) -> str:
    """Whole HU with a real minus sign, as printed reports write it."""
    return f"{value:.0f}".replace("-", "−")
