"""Choosing a series from a folder, and reading the load report."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.i18n import translate
from cvlab.tools.ct.geometry import plane_name
from cvlab.tools.ct.load_report import LoadReport

if TYPE_CHECKING:
    from cvlab.tools.ct.dicom_scan import ScanResult


def _pixmap(gray: np.ndarray) -> QPixmap:
    gray = np.ascontiguousarray(gray)
    image = QImage(gray.data, gray.shape[1], gray.shape[0], gray.strides[0],
                   QImage.Format_Grayscale8)
    return QPixmap.fromImage(image.copy())


class SeriesDialog(QDialog):
    """A table of the series found: picture, description, modality, images, size, spacing."""

    def __init__(self, scan: ScanResult, thumbnails: dict[int, np.ndarray],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose a series"))
        self.resize(860, 460)
        self.scan = scan
        headers = [self.tr("Image"), self.tr("Series"), self.tr("Modality"), self.tr("Images"),
                   self.tr("Size"), self.tr("Spacing (mm)"), self.tr("Plane"), self.tr("Patient")]
        self.table = QTableWidget(len(scan.series), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(100)
        for row, s in enumerate(scan.series):
            if row in thumbnails:
                pic = QLabel()
                pic.setPixmap(_pixmap(thumbnails[row]))
                pic.setAlignment(Qt.AlignCenter)
                self.table.setCellWidget(row, 0, pic)
            spacing = ""
            if s.pixel_spacing:
                spacing = f"{s.pixel_spacing[0]:.2f} × {s.pixel_spacing[1]:.2f}"
                if s.slice_spacing:
                    spacing += f" × {s.slice_spacing:.2f}"
            values = [s.description or s.uid, s.modality, str(s.image_count),
                      f"{s.columns} × {s.rows}", spacing, plane_name(s.orientation_label),
                      s.patient_name.replace("^", " ")]
            for col, value in enumerate(values, start=1):
                item = QTableWidgetItem(value)
                item.setToolTip(s.uid)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        largest = scan.series.index(scan.largest()) if scan.series else 0
        self.table.selectRow(largest)
        self.table.doubleClicked.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.Open | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("{0} series in {1}; {2} file(s) skipped.").format(
            len(scan.series), scan.source, len(scan.skipped)))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def chosen_index(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else 0


def report_text(report: LoadReport, volume_warnings: list[str]) -> str:
    lines = [report.summary(), ""]
    warnings = list(dict.fromkeys(report.warnings + volume_warnings))
    if warnings:
        lines.append(translate("LoadReportDialog", "Warnings:"))
        lines += [f"  - {w}" for w in warnings]
        lines.append("")
    if report.skipped:
        lines.append(translate("LoadReportDialog", "Skipped files:"))
        lines += [f"  - {s.path}: {s.reason}" for s in report.skipped]
    return "\n".join(lines)


class LoadReportDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Load report"))
        self.resize(760, 420)
        view = QPlainTextEdit(text)
        view.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
