"""MaskPainter: paint a binary mask over an image (brush, eraser, rectangle, lasso).

A shared widget: a toolbar over an ImageView. Left button paints in image pixels;
right/middle drag still pans and the wheel still zooms (the ImageView's ViewBox keeps
those). Every edit is one QUndoStack step (see mask_history). It knows nothing of what
the mask is for: a tool reads `mask()` and listens to `maskChanged`.

`toolbar=` chooses what the toolbar offers (names from TOOLBAR; SCRIBBLE_TOOLBAR drops
the mask-only Invert, Grow, Shrink, Load and Save). `colored=True` gives every painted
pixel the paint colour of its stroke (colour scribbles): the overlay shows each pixel in
its own colour, `colors()` returns them, and undo restores colours with the mask.

The public API: set_image, mask, set_mask, maskChanged; set_tool / tool (TOOLS),
brush_radius, set_opacity / opacity; paint_stroke, paint_rect, paint_lasso, clear_mask,
invert_mask, grow_mask, shrink_mask, load_mask, save_mask; toolbar_items; with colours:
set_paint_color / paint_color, colors, set_scribbles; undo_stack; `view`, the ImageView
it paints on (use its public API).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QPainterPath,
    QPen,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsPathItem,
    QVBoxLayout,
    QWidget,
)

from cvlab.core import mask_ops
from cvlab.ui.views.image_view import ImageView
from cvlab.ui.views.mask_history import Box, MaskEdit, changed_box
from cvlab.ui.views.mask_toolbar import SCRIBBLE_TOOLBAR, TOOLBAR, TOOLS, MaskToolbar

MOUSE_EVENTS = (QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.MouseButtonRelease)


class MaskPainter(QWidget):
    """An ImageView with mask painting tools, undo/redo, load/save and overlay opacity.

    `overlay` names the view's mask layer and `color` tints it (with `colored`, `color`
    is the first paint colour). `toolbar` lists the toolbar's items (see TOOLBAR).
    """

    maskChanged = Signal()

    def __init__(self, parent: QWidget | None = None, *, overlay: str = "mask",
                 color=(255, 0, 0), toolbar=TOOLBAR, colored: bool = False,
                 opacity: float = 0.45) -> None:
        super().__init__(parent)
        unknown = set(toolbar) - set(TOOLBAR)
        if unknown:
            raise ValueError(f"unknown toolbar items {sorted(unknown)}; expected {TOOLBAR}")
        self.view = ImageView(self)
        self._overlay = overlay
        self._color = color
        self._toolbar_items = tuple(n for n in TOOLBAR if n in toolbar)
        self._colored = colored
        self._paint_color = tuple(int(c) for c in color[:3])
        self._colors: np.ndarray | None = np.zeros((1, 1, 3), np.uint8) if colored else None
        self.undo_stack = QUndoStack(self)
        self._mask = np.zeros((1, 1), bool)
        self._has_image = False
        self._tool = "brush"
        self._opacity = float(opacity)
        self._dragging = False
        self._drag_points: list[tuple[float, float]] = []
        self._drag_before: np.ndarray | None = None
        self._drag_colors_before: np.ndarray | None = None
        self._drag_footprint: np.ndarray | None = None  # what this stroke covered
        self._source_path: str | None = None
        self._toolbar = MaskToolbar(self, self._toolbar_items, self.undo_stack, self._opacity)
        self.size_spin = self._toolbar.size_spin
        self.grow_spin = self._toolbar.grow_spin
        self.opacity_slider = self._toolbar.opacity_slider
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._toolbar)
        layout.addWidget(self.view, 1)
        self._cursor = QGraphicsEllipseItem()
        self._cursor.setPen(QPen(Qt.yellow, 0))  # cosmetic: 1 screen pixel
        self._cursor.setZValue(1000)
        self.view.add_item(self._cursor)
        self._cursor.hide()
        self._preview = None  # rectangle / lasso outline while dragging
        # Painting needs the raw button events before the ViewBox turns them into pans.
        self._graphics = self.view.graphics_view()
        self._graphics.viewport().installEventFilter(self)
        self._graphics.viewport().setMouseTracking(True)

    # ------------------------------------------------------------------ toolbar
    def toolbar_items(self) -> tuple[str, ...]:
        """The names (from TOOLBAR) this painter's toolbar shows."""
        return self._toolbar_items

    def toolbar_texts(self) -> list[str]:
        """The texts of the toolbar's buttons, as the user reads them."""
        return self._toolbar.texts()

    def has_image(self) -> bool:
        return self._has_image

    # ------------------------------------------------------------------ image and mask
    def set_image(self, array, source_path: str | None = None) -> None:
        """Show `array` and start an empty mask of its size (undo history cleared)."""
        self.view.set_image(array)
        height, width = np.asarray(array).shape[:2]
        self._mask = np.zeros((height, width), bool)
        if self._colored:
            self._colors = np.zeros((height, width, 3), np.uint8)
        self._has_image = True
        self._source_path = source_path
        self.undo_stack.clear()
        self._mask_edited()

    def mask(self) -> np.ndarray:
        """A copy of the current mask, (H, W) bool."""
        return self._mask.copy()

    def set_mask(self, mask, undoable: bool = True, text: str | None = None) -> None:
        mask = np.asarray(mask, bool)
        if mask.shape != self._mask.shape:
            raise ValueError(f"mask is {mask.shape[1]}×{mask.shape[0]} pixels but the image is "
                             f"{self._mask.shape[1]}×{self._mask.shape[0]}")
        if undoable:
            self._commit(self._mask.copy(), mask.copy(), text or self.tr("Set mask"))
        else:
            if self._colored:
                self._colors = self._colored_after(self._mask, mask, None)
            self._mask = mask.copy()
            self._mask_edited()

    # ------------------------------------------------------------------ colours
    def set_paint_color(self, rgb) -> None:
        """The colour the next strokes paint with (a colored painter); (r, g, b) 0..255."""
        self._paint_color = tuple(int(c) for c in rgb[:3])

    def paint_color(self) -> tuple[int, int, int]:
        return self._paint_color

    def colors(self) -> np.ndarray:
        """(H, W, 3) uint8: each painted pixel's colour, black where nothing is painted."""
        if self._colors is None:
            raise RuntimeError("this MaskPainter has no colours (colored=False)")
        return self._colors.copy()

    def set_scribbles(self, colors, mask, text: str | None = None) -> None:
        """Replace colours and mask at once (a loaded scribble file): one undo step."""
        mask = np.asarray(mask, bool)
        colors = np.asarray(colors, np.uint8)[..., :3]
        if mask.shape != self._mask.shape or colors.shape[:2] != mask.shape:
            raise ValueError(f"scribbles are {mask.shape[1]}×{mask.shape[0]} pixels but the "
                             f"image is {self._mask.shape[1]}×{self._mask.shape[0]}")
        colors = np.where(mask[..., None], colors, 0).astype(np.uint8)
        self._commit(self._mask.copy(), mask.copy(), text or self.tr("Load scribbles"),
                     colors_after=colors)

    def _colored_after(self, before: np.ndarray, after: np.ndarray,
                       footprint: np.ndarray | None) -> np.ndarray:
        """The colour layer after an edit: what the stroke covered (`footprint`) and any
        newly masked pixel take the paint colour; unmasked pixels lose theirs."""
        colors = self._colors.copy()
        painted = after & ~before
        if footprint is not None:
            painted |= footprint & after
        colors[painted] = self._paint_color
        colors[~after] = 0
        return colors

    def _commit(self, before: np.ndarray, after: np.ndarray, text: str,
                footprint: np.ndarray | None = None, colors_before: np.ndarray | None = None,
                colors_after: np.ndarray | None = None) -> bool:
        """Push one undo step for before → after (only the changed bbox is kept); a colored
        painter's step carries the colours too."""
        if not self._colored:
            box = changed_box(before, after)
        else:
            if colors_before is None:
                colors_before = self._colors.copy()
            if colors_after is None:
                colors_after = self._colored_after(before, after, footprint)
            box = changed_box(before, after, colors_before, colors_after)
        if box is None:
            return False  # nothing changed: no undo step
        y0, y1, x0, x1 = box
        colors = {}
        if self._colored:
            colors = {"colors_before": colors_before[y0:y1, x0:x1],
                      "colors_after": colors_after[y0:y1, x0:x1]}
        command = MaskEdit(text, box, before[y0:y1, x0:x1], after[y0:y1, x0:x1],
                           self._write_region, **colors)
        self.undo_stack.push(command)  # push() runs redo(): the mask becomes `after`
        return True

    def _write_region(self, box: Box, region: np.ndarray, colors: np.ndarray | None) -> None:
        y0, y1, x0, x1 = box
        self._mask[y0:y1, x0:x1] = region
        if colors is not None and self._colors is not None:
            self._colors[y0:y1, x0:x1] = colors
        self._mask_edited()

    def _mask_edited(self) -> None:
        if self._has_image:
            self._show_overlay()
        self.maskChanged.emit()

    def _show_overlay(self) -> None:
        color = self._colors if self._colored else self._color
        self.view.set_mask(self._overlay, self._mask, color, self._opacity)

    def set_opacity(self, alpha: float) -> None:
        self._opacity = float(np.clip(alpha, 0.0, 1.0))
        if self.opacity_slider.value() != int(round(self._opacity * 100)):
            self.opacity_slider.setValue(int(round(self._opacity * 100)))
        if self._has_image:
            self._show_overlay()

    def opacity(self) -> float:
        return self._opacity

    # ------------------------------------------------------------------ tools
    def tool(self) -> str:
        return self._tool

    def set_tool(self, name: str) -> None:
        if name not in TOOLS:
            raise ValueError(f"unknown tool {name!r}; expected one of {', '.join(TOOLS)}")
        self._tool = name
        self._toolbar.tool_actions[name].setChecked(True)

    def brush_radius(self) -> float:
        return self.size_spin.value() / 2.0

    # ------------------------------------------------------------------ programmatic edits
    def paint_stroke(self, points, erase: bool = False) -> None:
        """A brush (or eraser) stroke through image points [(x, y), ...] (pixel centres)."""
        self._edit(lambda m, v: mask_ops.stroke(m, points, self.brush_radius(), v,
                                                inplace=True),
                   self.tr("Erase") if erase else self.tr("Brush stroke"), erase)

    def paint_rect(self, x0, y0, x1, y1, erase: bool = False) -> None:
        self._edit(lambda m, v: mask_ops.fill_rect(m, x0, y0, x1, y1, v, inplace=True),
                   self.tr("Rectangle"), erase)

    def paint_lasso(self, points, erase: bool = False) -> None:
        self._edit(lambda m, v: mask_ops.fill_polygon(m, points, v, inplace=True),
                   self.tr("Lasso"), erase)

    def clear_mask(self) -> None:
        self.set_mask(np.zeros_like(self._mask), text=self.tr("Clear mask"))

    def invert_mask(self) -> None:
        self.set_mask(mask_ops.invert(self._mask), text=self.tr("Invert mask"))

    def grow_mask(self, pixels: int) -> None:
        self.set_mask(mask_ops.grow(self._mask, pixels), text=self.tr("Grow mask"))

    def shrink_mask(self, pixels: int) -> None:
        self.set_mask(mask_ops.shrink(self._mask, pixels), text=self.tr("Shrink mask"))

    def load_mask(self, path) -> None:
        """Replace the mask by a file's (one undo step); ValueError on a size mismatch."""
        self.set_mask(mask_ops.load_mask(path, self._mask.shape), text=self.tr("Load mask"))

    def save_mask(self, path):
        inputs = [self._source_path] if self._source_path else []
        return mask_ops.save_mask(path, self._mask, inputs=inputs)

    def _edit(self, operation, text: str, erase: bool) -> None:
        """`operation(mask, value)` sets the pixels it covers to `value`, in place."""
        before = self._mask.copy()
        after = operation(self._mask.copy(), not erase)
        footprint = None
        if self._colored and not erase:  # repainted pixels take the new colour too
            footprint = operation(np.zeros_like(before), True)
        self._commit(before, after, text, footprint=footprint)

    # ------------------------------------------------------------------ mouse
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        """Left-button painting on the view's viewport; everything else passes."""
        kind = event.type()
        if kind in MOUSE_EVENTS:
            scene_pos = self._graphics.mapToScene(event.position().toPoint())
            if kind == QEvent.MouseMove:
                self._update_cursor(scene_pos)
            if kind == QEvent.MouseButtonPress and event.button() == Qt.LeftButton:
                return self.press_at(scene_pos)
            if kind == QEvent.MouseMove and self._dragging:
                self.move_to(scene_pos)
                return True
            if kind == QEvent.MouseButtonRelease and event.button() == Qt.LeftButton \
                    and self._dragging:
                self.release_at(scene_pos)
                return True
        elif kind == QEvent.Leave:
            self._cursor.hide()
        return False

    def _image_coordinates(self, scene_pos: QPointF) -> QPointF:
        return self.view.image_group().mapFromScene(scene_pos)

    def image_point(self, scene_pos: QPointF) -> tuple[float, float]:
        """Scene position → (x, y) in pixel-centre image coordinates."""
        point = self._image_coordinates(scene_pos)
        return point.x() - 0.5, point.y() - 0.5

    def press_at(self, scene_pos: QPointF) -> bool:
        """Start a drag (brush, eraser, rect or lasso); False when there is no image."""
        if not self._has_image:
            return False
        self._dragging = True
        self._drag_before = self._mask.copy()
        if self._colored:
            self._drag_colors_before = self._colors.copy()
            self._drag_footprint = np.zeros_like(self._mask)
        self._drag_points = [self.image_point(scene_pos)]
        if self._tool in ("brush", "eraser"):
            self._stroke_segment(self._drag_points)
        return True

    def _stroke_segment(self, points) -> None:
        """Paint (or erase) a piece of the stroke being dragged, shown at once."""
        paint = self._tool == "brush"
        mask_ops.stroke(self._mask, points, self.brush_radius(), paint, inplace=True)
        if self._colored:
            mask_ops.stroke(self._drag_footprint, points, self.brush_radius(), True,
                            inplace=True)
            if paint:
                self._colors[self._drag_footprint] = self._paint_color
            self._colors[~self._mask] = 0
        self._mask_edited()

    def move_to(self, scene_pos: QPointF) -> None:
        if not self._dragging:
            return
        point = self.image_point(scene_pos)
        last = self._drag_points[-1]
        self._drag_points.append(point)
        if self._tool in ("brush", "eraser"):
            self._stroke_segment([last, point])
        else:
            self._show_preview()

    def release_at(self, scene_pos: QPointF) -> None:
        if not self._dragging:
            return
        self.move_to(scene_pos)
        self._dragging = False
        before, self._drag_before = self._drag_before, None
        points = self._drag_points
        self._hide_preview()
        if self._tool in ("brush", "eraser"):
            after = self._mask.copy()
            self._mask[...] = before  # the command re-applies the stroke as one step
            text = self.tr("Brush stroke") if self._tool == "brush" else self.tr("Erase")
            colors = {}
            if self._colored:
                colors = {"colors_before": self._drag_colors_before,
                          "colors_after": self._colors.copy()}
                self._colors[...] = self._drag_colors_before
            self._commit(before, after, text, **colors)
        elif self._tool == "rect":
            (ax, ay), (bx, by) = points[0], points[-1]
            self.paint_rect(ax, ay, bx, by)
        else:
            self.paint_lasso(points)

    def _show_preview(self) -> None:
        if self._preview is None:
            self._preview = QGraphicsPathItem()
            self._preview.setPen(QPen(Qt.yellow, 0, Qt.DashLine))
            self._preview.setZValue(1000)
            self.view.add_item(self._preview)
        path = QPainterPath()
        points = [QPointF(x + 0.5, y + 0.5) for x, y in self._drag_points]
        if self._tool == "rect":
            path.addRect(QRectF(points[0], points[-1]).normalized())
        else:
            path.moveTo(points[0])
            for p in points[1:]:
                path.lineTo(p)
            path.closeSubpath()
        self._preview.setPath(path)
        self._preview.show()

    def _hide_preview(self) -> None:
        if self._preview is not None:
            self._preview.hide()

    def _update_cursor(self, scene_pos: QPointF) -> None:
        if not self._has_image or self._tool not in ("brush", "eraser"):
            self._cursor.hide()
            return
        point = self._image_coordinates(scene_pos)
        r = self.brush_radius()
        self._cursor.setRect(point.x() - r, point.y() - r, 2 * r, 2 * r)
        self._cursor.show()


__all__ = ["SCRIBBLE_TOOLBAR", "TOOLBAR", "TOOLS", "MaskPainter"]
