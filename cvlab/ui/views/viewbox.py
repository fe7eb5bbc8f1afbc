"""The ViewBox under ImageView: y down, aspect locked, with hooks a tool can take over."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt


class ImageViewBox(pg.ViewBox):
    """ViewBox whose right-button drag can be taken over for window/level."""

    def __init__(self) -> None:
        super().__init__(invertY=True, lockAspect=True, enableMenu=True)
        self.right_drag_handler = None
        self.wheel_handler = None  # plain wheel → handler(steps); Ctrl+wheel still zooms

    def wheelEvent(self, ev, axis=None):  # noqa: N802 (Qt naming)
        if self.wheel_handler is not None and not ev.modifiers() & Qt.ControlModifier:
            ev.accept()
            self.wheel_handler(1 if ev.delta() > 0 else -1)
        else:
            super().wheelEvent(ev, axis)

    def mouseDragEvent(self, ev, axis=None):  # noqa: N802 (Qt naming)
        if self.right_drag_handler is not None and ev.button() == Qt.RightButton:
            ev.accept()
            self.right_drag_handler(ev)
        else:
            super().mouseDragEvent(ev, axis)
