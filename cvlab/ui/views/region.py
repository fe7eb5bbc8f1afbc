"""The region rectangle of an ImageView: one movable, resizable box in image pixels."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem

REGION_COLOR = (255, 60, 60)


class RegionSelector:
    """A pyqtgraph RectROI under `group`; `on_changed(x, y, w, h)` when a drag ends."""

    def __init__(self, group: QGraphicsItem,
                 on_changed: Callable[[float, float, float, float], None]) -> None:
        self._roi = pg.RectROI((0, 0), (1, 1), pen=pg.mkPen(REGION_COLOR, width=2))
        self._roi.setParentItem(group)
        self._roi.sigRegionChangeFinished.connect(lambda _roi: on_changed(*self.rect()))

    def set_rect(self, x: float, y: float, w: float, h: float) -> None:
        # finish=False: a program-driven move is not the user's, so no change signal.
        self._roi.setPos((x, y), finish=False)
        self._roi.setSize((w, h), finish=False)

    def rect(self) -> tuple[float, float, float, float]:
        (x, y), (w, h) = self._roi.pos(), self._roi.size()
        return float(x), float(y), float(w), float(h)

    def detach(self) -> None:
        scene = self._roi.scene()
        self._roi.setParentItem(None)
        if scene is not None:
            scene.removeItem(self._roi)
