"""One plane of the CT viewer: the image, corner texts, crosshair, slice slider."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollBar, QVBoxLayout, QWidget

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.tools.ct.overlay_text import orientation_labels
from cvlab.ui.views import ImageView
from cvlab.ui.views.annotations import CornerText, Crosshair, EdgeText

PLANE_TITLES = {"axial": QT_TRANSLATE_NOOP("SliceView", "Axial"),
                "coronal": QT_TRANSLATE_NOOP("SliceView", "Coronal"),
                "sagittal": QT_TRANSLATE_NOOP("SliceView", "Sagittal")}


class SliceView(QWidget):
    """Emits what the user asks for; the panel decides and calls back ``show_slice``."""

    indexRequested = Signal(str, int)            # plane, new index
    pointPicked = Signal(str, float, float)      # plane, row, col (left click)
    cursorMoved = Signal(str, int, int)          # plane, row, col (or -1, -1 outside)
    activated = Signal(str)

    def __init__(self, plane: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plane = plane
        self.index = 0
        self.count = 1
        self.view = ImageView()
        self.view.setObjectName(f"ct-view-{plane}")
        self.view.set_window_drag_enabled(True)
        self.view.set_readout_enabled(False)
        self.view.set_wheel_handler(lambda step: self.request_step(-step))
        self.view.cursorMoved.connect(
            lambda x, y, v: self.cursorMoved.emit(self.plane, y if v is not None else -1,
                                                  x if v is not None else -1))
        self.view.pixelClicked.connect(self._on_click)
        self.corners = CornerText(self.view)
        self.crosshair = Crosshair(self.view)
        self.crosshair.set_visible(False)
        self.edges = EdgeText(self.view)   # letters come with the first slice: none on black

        self.title = QLabel(self.tr(PLANE_TITLES[plane]))
        self.title.setStyleSheet("font-weight: bold;")
        self.position_label = QLabel()
        self.slider = QScrollBar(Qt.Horizontal)
        self.slider.setToolTip(self.tr("Slice (wheel, PgUp/PgDn, arrow keys)"))
        self.slider.valueChanged.connect(lambda v: self.indexRequested.emit(self.plane, v))
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.slider, 1)
        header.addWidget(self.position_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        for keys, step in (("PgUp", -1), ("PgDown", 1), ("Up", -1), ("Down", 1),
                           ("Left", -1), ("Right", 1), ("Home", -10_000), ("End", 10_000)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.request_step(step))

    def request_step(self, step: int) -> None:
        self.activated.emit(self.plane)
        self.indexRequested.emit(self.plane, int(np.clip(self.index + step, 0, self.count - 1)))

    def show_slice(self, image: np.ndarray, index: int, count: int, levels,
                   pixel_aspect: float, keep_view: bool = True) -> None:
        first = self.view.image() is None or self.view.image().shape != image.shape
        if not self.edges.text("top"):
            for edge, text in orientation_labels(self.plane).items():
                self.edges.set_text(edge, text)
        self.index, self.count = index, count
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, count - 1)
            self.slider.setValue(index)
        self.position_label.setText(f"{index + 1}/{count}")
        self.view.set_pixel_aspect(pixel_aspect)
        self.view.set_image(image, levels=levels, keep_view=keep_view and not first)

    def _on_click(self, x: float, y: float) -> None:
        image = self.view.image()
        self.activated.emit(self.plane)
        if image is None:
            return
        row, col = y - 0.5, x - 0.5
        if 0 <= row < image.shape[0] and 0 <= col < image.shape[1]:
            self.pointPicked.emit(self.plane, row, col)
