"""Lungs and nodules: run the engine, show the lungs as an overlay and the nodule report."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.fileio import atomic_write, check_output_path
from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.tools.ct import jobs
from cvlab.tools.ct.lungs import LEFT_LUNG, RIGHT_LUNG
from cvlab.tools.ct.nodules import density_name, nodule_report, summary_text

DISCLAIMER = QT_TRANSLATE_NOOP(
    "LungsBox", "Teaching aid, not a diagnostic device: lung masks and nodule candidates come "
              "from simple image rules and are often wrong. Never use them for patient care.")
LUNG_COLORS = {RIGHT_LUNG: (60, 160, 255), LEFT_LUNG: (80, 230, 120)}


class LungsBox(QWidget):
    def __init__(self, host, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host                 # the CT panel: worker, fmt, jump_to, redraw
        self.outcome: jobs.LungsOutcome | None = None
        self._labels_zyx: np.ndarray | None = None
        self.run_button = QPushButton(self.tr("Find lungs and nodules"))
        self.run_button.clicked.connect(self.run)
        self.run_button.setEnabled(False)
        disclaimer = QLabel(self.tr(DISCLAIMER))
        disclaimer.setWordWrap(True)
        disclaimer.setStyleSheet("color: #b05000;")
        self.volumes_label = QLabel()
        self.volumes_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("font-weight: bold;")
        self.overlay_box = QCheckBox(self.tr("Show lungs and nodules on the images"))
        self.overlay_box.setChecked(True)
        self.overlay_box.toggled.connect(lambda: self.host.refresh_all())
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("No"), self.tr("Image"),
                                              self.tr("Size (mm)"), self.tr("Volume (mm³)"),
                                              self.tr("Density")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._jump_to_selected)
        self.export_button = QPushButton(self.tr("Export report (JSON)…"))
        self.export_button.clicked.connect(self.export_report)
        self.export_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.run_button)
        layout.addWidget(disclaimer)
        layout.addWidget(self.volumes_label)
        layout.addWidget(QLabel(self.tr("<b>Nodules report</b>")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.overlay_box)
        layout.addWidget(self.export_button)

    def volume_changed(self, volume) -> None:
        self.outcome, self._labels_zyx = None, None
        self.table.setRowCount(0)
        self.summary_label.clear()
        self.volumes_label.clear()
        self.export_button.setEnabled(False)
        self.run_button.setEnabled(volume is not None and not volume.is_rgb)

    def run(self) -> None:
        volume = self.host.volume
        if volume is None:
            return
        self.run_button.setEnabled(False)
        self.host.submit(
            jobs.lungs_job, volume, label=self.tr("Lungs and nodules"),
            source=str(self.host.source), on_result=self.show_outcome,
            on_error=lambda failure: self.run_button.setEnabled(True),
            on_cancelled=lambda: self.run_button.setEnabled(True))

    def show_outcome(self, outcome: jobs.LungsOutcome) -> None:
        if self.host.volume is None:
            return
        self.outcome = outcome
        self._labels_zyx = self.host.fmt.reformat_array(outcome.lungs.labels)
        lungs = outcome.lungs
        self.volumes_label.setText(self.tr("Right lung {0:.0f} mL, left lung {1:.0f} mL, "
                                           "total {2:.0f} mL").format(
            lungs.right_volume_ml, lungs.left_volume_ml, lungs.total_volume_ml))
        self.table.setRowCount(len(outcome.nodules))
        for row, n in enumerate(outcome.nodules):
            for col, value in enumerate((str(n.number), str(n.slice_number),
                                         f"{n.diameter_mm:.1f}", f"{n.volume_mm3:.0f}",
                                         density_name(n.density))):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.summary_label.setText(summary_text(outcome.nodules))
        self.run_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.host.refresh_all()

    def _jump_to_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows and self.outcome is not None:
            self.host.jump_to(self.outcome.nodules[rows[0].row()].centre_index)

    def draw_overlays(self, plane: str, index: int, view) -> None:
        show = self.overlay_box.isChecked() and self._labels_zyx is not None
        for name in ("lung-right", "lung-left", "nodules"):
            if name in view.overlay_names():
                view.remove_overlay(name)
        if not show:
            return
        labels = self.host.fmt.slice_of(self._labels_zyx, plane, index)
        view.set_mask("lung-right", labels == RIGHT_LUNG, LUNG_COLORS[RIGHT_LUNG], 0.25)
        view.set_mask("lung-left", labels == LEFT_LUNG, LUNG_COLORS[LEFT_LUNG], 0.25)
        boxes, names = [], []
        fmt = self.host.fmt
        for n in self.outcome.nodules:
            zyx = fmt.from_original(n.centre_index)
            at, row, col = fmt.to_display(plane, zyx)
            row_mm, col_mm = fmt.pixel_spacing(plane)
            depth_mm = fmt.spacing_zyx[("axial", "coronal", "sagittal").index(plane)]
            radius = n.diameter_mm / 2 + 3
            if abs(at - index) * depth_mm > radius:
                continue
            boxes.append((col - radius / col_mm, row - radius / row_mm,
                          col + radius / col_mm, row + radius / row_mm))
            names.append(f"{n.number}: {density_name(n.density)}")
        if boxes:
            view.set_boxes("nodules", boxes, names, color=(255, 80, 80), width=2)

    def export_report(self) -> None:
        if self.outcome is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export nodule report"),
                                              str(Path.home() / "nodule_report.json"),
                                              self.tr("JSON (*.json)"))
        if not path:
            return
        report = nodule_report(self.outcome.nodules, self.outcome.lungs)
        report["disclaimer"] = DISCLAIMER
        try:
            check_output_path(path, self.host.volume_files())
            with atomic_write(path, "w") as fh:
                json.dump(report, fh, indent=2, default=str)
        except Exception as exc:
            self.host.context.notify_error(self.tr("Export failed: {0}").format(exc))
        else:
            self.host.context.notify(self.tr("Saved {0}").format(path))
