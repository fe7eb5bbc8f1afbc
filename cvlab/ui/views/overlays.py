"""Overlay layers drawn over an ImageView, in image pixel coordinates.

Coordinates are continuous: pixel (column x, row y) covers [x, x+1) × [y, y+1), so a box
(0, 0, W, H) frames the whole image. Each layer owns its graphics items (children of the
view's image-coordinate group) and knows how to paint itself with a QPainter at image
resolution, which is how `ImageView.render_to_array` exports what the screen shows.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from cvlab.core.colormaps import apply_colormap

HIGHLIGHT_COLOR = QColor(255, 230, 0)
LABEL_BACKGROUND = QColor(0, 0, 0, 150)


def as_color(color) -> QColor:
    """Anything pyqtgraph's mkColor accepts: (r, g, b[, a]), "r", "#ff0000", QColor."""
    return QColor(pg.mkColor(color))


def rgba_to_qimage(rgba: np.ndarray) -> QImage:
    """A QImage that owns a copy of an (H, W, 4) uint8 array."""
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    height, width = rgba.shape[:2]
    return QImage(rgba.tobytes(), width, height, 4 * width, QImage.Format_RGBA8888).copy()


def resize_bilinear(values: np.ndarray, height: int, width: int) -> np.ndarray:
    """Bilinear resize with pixel-centre alignment (as cv2.INTER_LINEAR), float32."""
    array = np.asarray(values, np.float32)

    def weights(size_in: int, size_out: int):
        src = (np.arange(size_out) + 0.5) * size_in / size_out - 0.5
        src = np.clip(src, 0, size_in - 1)
        low = np.floor(src).astype(int)
        high = np.minimum(low + 1, size_in - 1)
        return low, high, (src - low).astype(np.float32)

    r0, r1, tr = weights(array.shape[0], height)
    rows = array[r0] * (1 - tr)[:, None] + array[r1] * tr[:, None]
    c0, c1, tc = weights(array.shape[1], width)
    return rows[:, c0] * (1 - tc)[None, :] + rows[:, c1] * tc[None, :]


class OverlayLayer:
    """Base: a named set of graphics items that can be shown, hidden and removed."""

    # Rasters (masks, heatmaps) stay under outlines and points, whatever the order added.
    stacking = 1

    def __init__(self, name: str, group: QGraphicsItem) -> None:
        self.name = name
        self._group = group
        self._items: list[QGraphicsItem] = []
        self.visible = True

    def _adopt(self, item: QGraphicsItem) -> QGraphicsItem:
        item.setParentItem(self._group)
        self._items.append(item)
        return item

    def set_visible(self, visible: bool) -> None:
        self.visible = bool(visible)
        for item in self._items:
            item.setVisible(self.visible)

    def set_z(self, z: float) -> None:
        # Labels and highlights sit just above the layer's own shapes.
        for offset, item in enumerate(self._items):
            item.setZValue(z + min(offset, 2) * 0.01)

    def detach(self) -> None:
        for item in self._items:
            scene = item.scene()
            item.setParentItem(None)
            if scene is not None:
                scene.removeItem(item)
        self._items.clear()

    def hit_test(self, x: float, y: float) -> int | None:
        """Index of the shape under image point (x, y), or None."""
        return None

    def set_highlight(self, index: int | None) -> None:
        raise TypeError(f"layer {self.name!r} has no shapes to highlight")

    def paint(self, painter: QPainter, width: int, height: int) -> None:
        raise NotImplementedError


def _label_font(height: int) -> QFont:
    font = QFont()
    font.setPixelSize(max(10, min(32, height // 40)))
    return font


def _paint_label(painter: QPainter, text: str, x: float, y: float, color: QColor,
                 height: int, anchor: tuple[float, float] = (0, 1)) -> None:
    """Label with a dark backing, the point ``anchor`` of its box (0..1 across, down; (0, 1)
    its bottom-left corner) at (x, y), kept inside the image."""
    painter.setFont(_label_font(height))
    metrics = painter.fontMetrics()
    box = QRectF(metrics.boundingRect(text)).adjusted(-2, -1, 2, 1)
    left = max(0.0, x - anchor[0] * box.width())
    top = max(0.0, y - anchor[1] * box.height())
    box.moveTopLeft(QPointF(left, top))
    painter.fillRect(box, LABEL_BACKGROUND)
    painter.setPen(color)
    painter.drawText(box, Qt.AlignCenter, text)


def _text_item(text: str, color: QColor, x: float, y: float,
               anchor: tuple[float, float] = (0, 1)) -> pg.TextItem:
    item = pg.TextItem(text, color=color, anchor=anchor, fill=pg.mkBrush(LABEL_BACKGROUND))
    item.setPos(x, y)
    return item


def _label_anchor(polygon: np.ndarray, side: str) -> tuple[float, float, tuple[float, float]]:
    """(x, y, anchor) of a shape's label: "above" sits on its top-left corner; "left" ends
    just left of the shape, centred on its height, so it never covers what is inside
    (the first letters of a text line)."""
    x_min, y_min, y_max = polygon[:, 0].min(), polygon[:, 1].min(), polygon[:, 1].max()
    if side == "left":
        return x_min - 2, (y_min + y_max) / 2, (1, 0.5)
    return x_min, y_min, (0, 1)


class ShapeLayer(OverlayLayer):
    """Boxes and polygons (rotated text boxes, contours): outlines with optional labels."""

    def __init__(self, name, group, polygons, labels, color, width, closed,
                 label_side: str = "above") -> None:
        super().__init__(name, group)
        if label_side not in ("above", "left"):
            raise ValueError(f"label_side is 'above' or 'left', not {label_side!r}")
        self.label_side = label_side
        self.polygons = [np.asarray(p, np.float64).reshape(-1, 2) for p in polygons]
        self.labels = list(labels) if labels is not None else []
        if self.labels and len(self.labels) != len(self.polygons):
            raise ValueError(f"{len(self.labels)} labels for {len(self.polygons)} shapes")
        self.color = as_color(color)
        self.width = float(width)
        self.closed = bool(closed)
        self.highlighted: int | None = None
        self._qpolygons = [QPolygonF([QPointF(float(x), float(y)) for x, y in p])
                           for p in self.polygons]
        outline = self._adopt(QGraphicsPathItem(self._path(range(len(self.polygons)))))
        outline.setPen(self._pen(self.color, self.width, cosmetic=True))
        self._highlight_item = self._adopt(QGraphicsPathItem())
        self._highlight_item.setPen(self._pen(HIGHLIGHT_COLOR, self.width + 2, cosmetic=True))
        for polygon, label in zip(self.polygons, self.labels):
            if len(polygon) and label is not None and str(label):
                x, y, anchor = _label_anchor(polygon, label_side)
                self._adopt(_text_item(str(label), self.color, x, y, anchor))

    @staticmethod
    def _pen(color: QColor, width: float, cosmetic: bool) -> QPen:
        pen = QPen(color, width)
        pen.setCosmetic(cosmetic)  # on screen: width in screen pixels at any zoom
        pen.setJoinStyle(Qt.MiterJoin)
        return pen

    def _path(self, indices) -> QPainterPath:
        path = QPainterPath()
        for i in indices:
            polygon = QPolygonF(self._qpolygons[i])
            if self.closed and polygon.size() > 2:
                polygon.append(polygon.first())
            path.addPolygon(polygon)
        return path

    def set_highlight(self, index: int | None) -> None:
        if index is not None and not 0 <= index < len(self.polygons):
            raise IndexError(f"layer {self.name!r} has no shape {index}")
        self.highlighted = index
        self._highlight_item.setPath(self._path([] if index is None else [index]))

    def hit_test(self, x: float, y: float) -> int | None:
        if not self.visible or not self.closed:
            return None
        point = QPointF(x, y)
        hits = [i for i, poly in enumerate(self._qpolygons)
                if poly.containsPoint(point, Qt.OddEvenFill)]
        # Nested shapes (a face inside a person): the smallest one is what was aimed at.
        return min(hits, key=self._area) if hits else None

    def _area(self, index: int) -> float:
        xs, ys = self.polygons[index][:, 0], self.polygons[index][:, 1]
        return 0.5 * abs(np.dot(xs, np.roll(ys, 1)) - np.dot(ys, np.roll(xs, 1)))

    def paint(self, painter: QPainter, width: int, height: int) -> None:
        painter.setBrush(Qt.NoBrush)
        painter.setPen(self._pen(self.color, self.width, cosmetic=False))
        painter.drawPath(self._path(range(len(self.polygons))))
        if self.highlighted is not None:
            painter.setPen(self._pen(HIGHLIGHT_COLOR, self.width + 2, cosmetic=False))
            painter.drawPath(self._path([self.highlighted]))
        for polygon, label in zip(self.polygons, self.labels):
            if len(polygon) and label is not None and str(label):
                x, y, anchor = _label_anchor(polygon, self.label_side)
                _paint_label(painter, str(label), x, y, self.color, height, anchor)


class PointLayer(OverlayLayer):
    """Markers (landmarks, seeds) of a fixed on-screen size, with optional labels."""

    def __init__(self, name, group, points, color, size, labels) -> None:
        super().__init__(name, group)
        self.points = np.asarray(points, np.float64).reshape(-1, 2)
        self.labels = list(labels) if labels is not None else []
        self.color = as_color(color)
        self.size = float(size)
        scatter = pg.ScatterPlotItem(pos=self.points, size=self.size, pxMode=True,
                                     brush=pg.mkBrush(self.color), pen=pg.mkPen(0, 0, 0, 160))
        self._adopt(scatter)
        for (x, y), label in zip(self.points, self.labels):
            if label is not None and str(label):
                self._adopt(_text_item(str(label), self.color, x + self.size / 2, y))

    def paint(self, painter: QPainter, width: int, height: int) -> None:
        painter.setPen(QPen(QColor(0, 0, 0, 160), 1))
        painter.setBrush(self.color)
        radius = self.size / 2
        for x, y in self.points:
            painter.drawEllipse(QPointF(x, y), radius, radius)
        for (x, y), label in zip(self.points, self.labels):
            if label is not None and str(label):
                _paint_label(painter, str(label), x + radius, y, self.color, height)


class RasterLayer(OverlayLayer):
    """An RGBA picture stretched over the whole image (masks, heatmaps)."""

    smooth = False
    stacking = 0

    def __init__(self, name, group, rgba: np.ndarray, image_width: int, image_height: int):
        super().__init__(name, group)
        self.rgba = np.ascontiguousarray(rgba, np.uint8)
        item = pg.ImageItem(self.rgba, axisOrder="row-major", levels=(0, 255))
        item.setRect(QRectF(0, 0, image_width, image_height))
        self._adopt(item)

    def paint(self, painter: QPainter, width: int, height: int) -> None:
        painter.setRenderHint(QPainter.SmoothPixmapTransform, self.smooth)
        painter.drawImage(QRectF(0, 0, width, height), rgba_to_qimage(self.rgba))


class MaskLayer(RasterLayer):
    def __init__(self, name, group, mask, color, alpha, image_width, image_height):
        mask = np.asarray(mask, bool)
        if mask.ndim != 2:
            raise ValueError(f"a mask must be 2-D (H, W), got shape {mask.shape}")
        rgba = np.zeros(mask.shape + (4,), np.uint8)
        opacity = int(round(np.clip(alpha, 0, 1) * 255))
        if isinstance(color, np.ndarray) and color.ndim == 3:  # a colour per pixel
            if color.shape[:2] != mask.shape:
                raise ValueError(f"colours {color.shape} do not match the mask {mask.shape}")
            rgba[mask, :3] = color[..., :3][mask]
            rgba[mask, 3] = opacity
        else:
            rgba[mask] = as_color(color).getRgb()[:3] + (opacity,)
        super().__init__(name, group, rgba, image_width, image_height)


class HeatmapLayer(RasterLayer):
    """A coarse map (a 7×7 CAM) upsampled bilinearly so it looks smooth over the image."""

    smooth = True
    MAX_DISPLAY_SIDE = 1024  # enough for smoothness; the item stretches it over the image

    def __init__(self, name, group, values, colormap, alpha, image_width, image_height):
        values = np.asarray(values, np.float32)
        if values.ndim != 2:
            raise ValueError(f"a heatmap must be 2-D (h, w), got shape {values.shape}")
        finite = values[np.isfinite(values)]
        if finite.size and (finite.min() < 0 or finite.max() > 1):
            # Outside [0, 1]: scale to it, so raw logits or scores also show.
            lo, hi = float(finite.min()), float(finite.max())
            values = (values - lo) / (hi - lo) if hi > lo else np.zeros_like(values)
        scale = min(1.0, self.MAX_DISPLAY_SIDE / max(image_width, image_height, 1))
        out_h = max(values.shape[0], int(round(image_height * scale)))
        out_w = max(values.shape[1], int(round(image_width * scale)))
        rgba = apply_colormap(resize_bilinear(values, out_h, out_w), colormap)
        rgba[..., 3] = int(round(np.clip(alpha, 0, 1) * 255))
        super().__init__(name, group, rgba, image_width, image_height)
