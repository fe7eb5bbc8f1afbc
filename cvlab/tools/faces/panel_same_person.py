"""The Faces tab's "Same person?" box: the model, two ways to pick the pair, and the answer
drawn from the tab's state — the two chips the embedder saw, side by side, and the verdict.

It renders :attr:`FacesState.comparison`; it never keeps an answer of its own, so when the
controller drops the comparison (a new image, new faces) the chips and the verdict go too.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from cvlab.tools.faces.verify import DEFAULT_VERIFIER, VERIFIERS

CHIP_SIDE = 112   # on-screen side of each chip, px


class SamePersonBox(QGroupBox):
    """Emits ``compareFaces`` (two selected faces) and ``compareFile`` (a face against the
    largest face of another photo) with the chosen model's name."""

    compareFaces = Signal(str)
    compareFile = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(self.tr("Same person?"), parent)
        self.model_box = QComboBox()
        for name, verifier in VERIFIERS.items():
            self.model_box.addItem(self.tr(verifier.title), name)
            self.model_box.setItemData(self.model_box.count() - 1,
                                       self.tr(verifier.threshold_source), Qt.ToolTipRole)
        self.model_box.setCurrentIndex(self.model_box.findData(DEFAULT_VERIFIER))
        self.faces_button = QPushButton(self.tr("Compare two selected faces"))
        self.faces_button.setToolTip(self.tr("Select two faces in the list above (Ctrl+click)"))
        self.faces_button.clicked.connect(lambda: self.compareFaces.emit(self.model()))
        self.file_button = QPushButton(self.tr("Compare with another photo…"))
        self.file_button.setToolTip(self.tr(
            "The selected face (or the largest) against the largest face in another photo"))
        self.file_button.clicked.connect(lambda: self.compareFile.emit(self.model()))
        self.chips = [QLabel(), QLabel()]
        for chip in self.chips:
            chip.setFixedSize(CHIP_SIDE, CHIP_SIDE)
            chip.setAlignment(Qt.AlignCenter)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)

        chips_row = QHBoxLayout()
        for chip in self.chips:
            chips_row.addWidget(chip)
        chips_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.model_box)
        layout.addWidget(self.faces_button)
        layout.addWidget(self.file_button)
        layout.addLayout(chips_row)
        layout.addWidget(self.verdict)
        self.show_comparison(None, "")

    def model(self) -> str:
        return self.model_box.currentData()

    def show_comparison(self, comparison, label: str, running: bool = False) -> None:
        """Draw ``comparison`` (a verify.Comparison) of the faces ``label`` names, or nothing."""
        for chip in self.chips:
            chip.setVisible(comparison is not None)
        if comparison is None:
            for chip in self.chips:
                chip.clear()
            self.verdict.setText(self.tr("Comparing…") if running else "")
            self.verdict.setVisible(running)
            return
        for chip, pixels in zip(self.chips, (comparison.chip_a, comparison.chip_b)):
            chip.setPixmap(_pixmap(pixels).scaled(CHIP_SIDE, CHIP_SIDE, Qt.KeepAspectRatio,
                                                  Qt.SmoothTransformation))
        verdict = (self.tr("same person") if comparison.same else self.tr("different people"))
        relation = ("≥" if comparison.metric == "cosine" else "<") if comparison.same else (
            "<" if comparison.metric == "cosine" else "≥")
        metric = (self.tr("cosine similarity") if comparison.metric == "cosine"
                  else self.tr("distance"))
        self.verdict.setText(self.tr("{0}: <b>{1}</b><br>{2} {3:.3f} {4} threshold {5:.3f} "
                                     "({6})").format(label, verdict, metric, comparison.score,
                                                     relation, comparison.threshold,
                                                     self.tr(VERIFIERS[comparison.verifier].title)))
        self.verdict.setVisible(True)


def _pixmap(rgb: np.ndarray) -> QPixmap:
    rgb = np.ascontiguousarray(rgb, np.uint8)
    height, width = rgb.shape[:2]
    image = QImage(rgb.data, width, height, 3 * width, QImage.Format_RGB888)
    return QPixmap.fromImage(image.copy())
