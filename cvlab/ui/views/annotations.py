"""Annotations that sit on an ImageView: corner and edge texts, crosshair reference lines."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QLabel

from cvlab.ui.views.image_view import ImageView

CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")
_ALIGN = {"top-left": Qt.AlignLeft | Qt.AlignTop, "top-right": Qt.AlignRight | Qt.AlignTop,
          "bottom-left": Qt.AlignLeft | Qt.AlignBottom,
          "bottom-right": Qt.AlignRight | Qt.AlignBottom}
MARGIN = 6


class CornerText(QObject):
    """Four text blocks in the corners of a view (as on a radiology workstation)."""

    def __init__(self, view: ImageView, color: str = "#f0f0a0") -> None:
        super().__init__(view)
        self._graphics = view.graphics_view()
        self._labels: dict[str, QLabel] = {}
        for corner in CORNERS:
            label = QLabel(self._graphics)
            label.setAlignment(_ALIGN[corner])
            label.setAttribute(Qt.WA_TransparentForMouseEvents, True)
            # A dim backing keeps the text readable over bright bone or a wide window.
            label.setStyleSheet(f"QLabel {{ color: {color}; background: rgba(0, 0, 0, 120); "
                                "font-family: monospace; font-size: 11px; }")
            label.ensurePolished()  # size hints must use the style sheet's small font
            self._labels[corner] = label
        self._visible = True
        self._graphics.installEventFilter(self)

    def set_text(self, corner: str, text: str) -> None:
        label = self._labels[corner]
        label.setText(text)
        label.resize(label.sizeHint())  # shrink too: adjustSize keeps an older, larger size
        self._place(corner)
        label.setVisible(self._visible and bool(text))
        self._graphics.viewport().update()  # repaint what a shrunken label no longer covers

    def text(self, corner: str) -> str:
        return self._labels[corner].text()

    def set_visible(self, visible: bool) -> None:
        self._visible = visible
        for label in self._labels.values():
            label.setVisible(visible and bool(label.text()))

    def _place(self, corner: str) -> None:
        label = self._labels[corner]
        w, h = self._graphics.width(), self._graphics.height()
        x = MARGIN if "left" in corner else w - label.width() - MARGIN
        y = MARGIN if "top" in corner else h - label.height() - MARGIN
        label.move(max(x, 0), max(y, 0))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if watched is self._graphics and event.type() == QEvent.Resize:
            for corner in CORNERS:
                self._place(corner)
        return False


EDGES = ("left", "right", "top", "bottom")


class EdgeText(QObject):
    """A short text centred on each edge of a view (orientation letters: R, L, A, P)."""

    def __init__(self, view: ImageView, color: str = "#ffb060") -> None:
        super().__init__(view)
        self._graphics = view.graphics_view()
        self._labels: dict[str, QLabel] = {}
        for edge in EDGES:
            label = QLabel(self._graphics)
            label.setStyleSheet(f"QLabel {{ color: {color}; font-weight: bold; "
                                "background: transparent; }")
            label.setAttribute(Qt.WA_TransparentForMouseEvents, True)
            label.hide()
            self._labels[edge] = label
        self._graphics.installEventFilter(self)

    def set_text(self, edge: str, text: str) -> None:
        label = self._labels[edge]
        label.setText(text)
        label.adjustSize()
        self._place(edge)
        label.setVisible(bool(text))

    def text(self, edge: str) -> str:
        return self._labels[edge].text()

    def geometry(self, edge: str) -> QRect:
        """Where the edge's text sits, in the view's own pixels (tests, screenshots)."""
        return self._labels[edge].geometry()

    def is_shown(self, edge: str) -> bool:
        """The text is on screen: shown, and not clipped away by a too-small window."""
        label = self._labels[edge]
        return label.isVisible() and not label.visibleRegion().isEmpty()

    def _place(self, edge: str) -> None:
        label = self._labels[edge]
        w, h = self._graphics.width(), self._graphics.height()
        x = {"left": 4, "right": w - label.width() - 4}.get(edge, (w - label.width()) // 2)
        y = {"top": 4, "bottom": h - label.height() - 4}.get(edge, (h - label.height()) // 2)
        label.move(x, y)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if watched is self._graphics and event.type() == QEvent.Resize:
            for edge in EDGES:
                self._place(edge)
        return False


class Crosshair:
    """A horizontal and a vertical line through one image point (the other views' slices)."""

    def __init__(self, view: ImageView, color=(80, 200, 255, 160)) -> None:
        pen = pg.mkPen(color=color, width=1, style=Qt.DashLine)
        self._lines = (pg.InfiniteLine(angle=0, pen=pen, movable=False),
                       pg.InfiniteLine(angle=90, pen=pen, movable=False))
        for line in self._lines:
            view.add_item(line)
            line.setZValue(50)

    def set_position(self, col: float, row: float) -> None:
        """Through the centre of pixel (row, col)."""
        self._lines[0].setPos(row + 0.5)
        self._lines[1].setPos(col + 0.5)

    def position(self) -> tuple[float, float]:
        return self._lines[1].value() - 0.5, self._lines[0].value() - 0.5

    def set_visible(self, visible: bool) -> None:
        for line in self._lines:
            line.setVisible(visible)
