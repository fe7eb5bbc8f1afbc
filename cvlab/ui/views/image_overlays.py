"""The overlay half of ImageView's API: named layers drawn over the image, and their export.

A mixin, so ImageView stays one object with one documented API; it uses the view's
`_group` (the image-coordinate item), `_overlays`, `_image`, `_levels` and `_colormap`.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QPainter

from cvlab.core.colormaps import to_display_rgba
from cvlab.ui.views.overlays import (
    HeatmapLayer,
    MaskLayer,
    OverlayLayer,
    PointLayer,
    ShapeLayer,
    rgba_to_qimage,
)


class OverlayMethods:
    """Boxes, polygons, points, masks and heatmaps as named layers of an ImageView."""

    def _add_layer(self, layer: OverlayLayer) -> None:
        old = self._overlays.get(layer.name)
        if old is not None:
            old.detach()
        self._overlays[layer.name] = layer  # a replaced layer keeps its place in the order
        for z, each in enumerate(self._stacked_layers(), start=1):
            each.set_z(float(z))

    def _stacked_layers(self) -> list[OverlayLayer]:
        """Bottom to top: rasters first, then shapes and points, each in the order added."""
        return sorted(self._overlays.values(), key=lambda layer: layer.stacking)

    def _size(self) -> tuple[int, int]:
        if self._image is None:
            raise RuntimeError("set an image before adding raster overlays")
        height, width = self._image.shape[:2]
        return width, height

    def set_boxes(self, name, boxes, labels=None, color=(0, 255, 0), width=2) -> None:
        """Axis-aligned boxes (x0, y0, x1, y1) in image pixels."""
        polygons = [[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                    for x0, y0, x1, y1 in np.asarray(boxes, float).reshape(-1, 4)]
        self._add_layer(ShapeLayer(name, self._group, polygons, labels, color, width, True))

    def set_polygons(self, name, polygons, labels=None, color=(0, 255, 0), closed=True,
                     width=2, label_side="above") -> None:
        """Polygons (rotated text boxes, contours), each an (N, 2) array of (x, y). Labels
        sit on each shape's top-left corner, or with ``label_side="left"`` just outside its
        left edge (line numbers that must not cover the text)."""
        self._add_layer(ShapeLayer(name, self._group, polygons, labels, color, width, closed,
                                   label_side))

    def set_points(self, name, points, color=(255, 255, 0), size=6, labels=None) -> None:
        self._add_layer(PointLayer(name, self._group, points, color, size, labels))

    def set_mask(self, name, mask, color=(255, 0, 0), alpha=0.4) -> None:
        """Tint where `mask` is true; a mask of another size is stretched over the image.
        `color` is one colour, or an (H, W, 3) uint8 array of the mask's size: each pixel
        its own colour (colour scribbles)."""
        self._add_layer(MaskLayer(name, self._group, mask, color, alpha, *self._size()))

    def set_heatmap(self, name, values, colormap="jet", alpha=0.5) -> None:
        """A (h, w) map stretched over the whole image, smoothly; values outside [0, 1]
        are min-max scaled."""
        self._add_layer(HeatmapLayer(name, self._group, values, colormap, alpha, *self._size()))

    def highlight(self, name: str, index: int | None) -> None:
        """Emphasise shape `index` of a box/polygon layer (None: no emphasis)."""
        self._layer(name).set_highlight(index)

    def set_overlay_visible(self, name: str, visible: bool) -> None:
        self._layer(name).set_visible(visible)

    def overlay_visible(self, name: str) -> bool:
        return self._layer(name).visible

    def remove_overlay(self, name: str) -> None:
        self._overlays.pop(name).detach()

    def clear_overlays(self) -> None:
        for layer in self._overlays.values():
            layer.detach()
        self._overlays.clear()

    def overlay_names(self) -> list[str]:
        return list(self._overlays)

    def _layer(self, name: str) -> OverlayLayer:
        if name not in self._overlays:
            raise KeyError(f"no overlay named {name!r}")
        return self._overlays[name]

    def render_to_array(self) -> np.ndarray:
        """(H, W, 4) uint8: the image as displayed (levels, colormap) with its visible
        overlays painted over it, at image resolution (for "export overlay as PNG")."""
        if self._image is None:
            raise RuntimeError("no image to render")
        width, height = self._size()
        canvas = rgba_to_qimage(to_display_rgba(self._image, self._levels, self._colormap))
        painter = QPainter(canvas)
        painter.setRenderHint(QPainter.Antialiasing, False)  # crisp, predictable outlines
        for layer in self._stacked_layers():
            if layer.visible:
                painter.save()
                layer.paint(painter, width, height)
                painter.restore()
        painter.end()
        bits = np.frombuffer(canvas.constBits(), np.uint8, count=canvas.sizeInBytes())
        rows = bits.reshape(height, canvas.bytesPerLine())
        return rows[:, : width * 4].reshape(height, width, 4).copy()
