"""ImageView: the one widget every tool shows images with.

pyqtgraph underneath: a ViewBox (y down, aspect locked) holding an image-coordinate group
(its transform carries pixel aspect and display scale) with the ImageItem and the overlay
layers inside, so everything the API takes is in image pixels (x = column, y = row).

The public API — tools use only this, never the pyqtgraph items, the scene or the
graphics view (tests/test_architecture.py checks it):

- content: set_image, image, clear, value_at, render_to_array, grab_rgb;
- display: set_levels / levels, set_colormap, set_pixel_aspect, set_display_scale,
  fit, zoom_1to1, set_zoom / zoom_factor, view_rect, set_caption, set_message;
- interaction: set_window_drag_enabled, set_wheel_handler, set_readout_enabled;
- overlays (named layers): set_boxes, set_polygons, set_points, set_mask, set_heatmap,
  highlight, set_overlay_visible, remove_overlay, clear_overlays, overlay_names;
- a tool's own graphics items (ROIs, lines) in image pixels: add_item, remove_item;
- one movable rectangle the user adjusts: set_region, region, clear_region;
- signals: pixelClicked, cursorMoved, regionChanged, overlayClicked, levelsChanged,
  levelsChangeFinished; `signals_blocked()` applies program-driven changes silently.

Annotations (corner and edge texts, a crosshair) live in cvlab.ui.views.annotations and
the mask painter in cvlab.ui.views.mask_painter; both use only this API.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTransform
from PySide6.QtWidgets import QGraphicsItem, QLabel, QVBoxLayout, QWidget

from cvlab.core.colormaps import default_levels, lookup_table
from cvlab.ui.views.capture import grab_rgb
from cvlab.ui.views.image_overlays import OverlayMethods
from cvlab.ui.views.overlays import OverlayLayer
from cvlab.ui.views.region import RegionSelector
from cvlab.ui.views.viewbox import ImageViewBox

ZOOM_STEP = 1.25


class ImageView(OverlayMethods, QWidget):
    """Zoom/pan image display with window/level, value readout and overlay layers.

    Signals (coordinates in image pixels; pixel (c, r) covers [c, c+1) × [r, r+1)):
    levelsChanged(lo, hi) on every window change; levelsChangeFinished(lo, hi) when a
    window drag ends; cursorMoved(x, y, value) with the pixel under the pointer (value
    None outside the image); pixelClicked(x, y) on a single left click anywhere in the
    view, image or not (continuous coordinates); overlayClicked(layer, index) on a shape
    of a box/polygon layer; regionChanged(x, y, w, h) when the user has moved or resized
    the region rectangle (not when set_region moves it).
    """

    levelsChanged = Signal(float, float)
    levelsChangeFinished = Signal(float, float)
    cursorMoved = Signal(int, int, object)
    pixelClicked = Signal(float, float)
    overlayClicked = Signal(str, int)
    regionChanged = Signal(float, float, float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: np.ndarray | None = None
        self._levels = (0.0, 1.0)
        self._colormap: str | None = None
        self._pixel_aspect = 1.0
        self._display_scale = (1.0, 1.0)
        self._overlays: dict[str, OverlayLayer] = {}
        self._drag_start_levels = self._levels
        self._readout_enabled = True
        self._region: RegionSelector | None = None

        self._graphics = pg.GraphicsView(self)
        self._viewbox = ImageViewBox()
        self._graphics.setCentralItem(self._viewbox)
        self._viewbox.disableAutoRange()  # ranges are set explicitly; overlays must not re-fit
        self._group = pg.ItemGroup()
        self._viewbox.addItem(self._group)
        self._image_item = pg.ImageItem(axisOrder="row-major")
        self._image_item.setParentItem(self._group)

        # Readout and notice float over the picture; clicks go through them to the view.
        self._readout = _label(self._graphics, "background: rgba(0, 0, 0, 170); color: white;"
                                               " padding: 2px 4px;", transparent=True)
        self._readout.setWordWrap(False)
        self._message = _label(self._graphics, "color: #ddd; font-size: 14px;", transparent=True)
        self._message.setAlignment(Qt.AlignCenter)
        self._graphics.installEventFilter(self)  # keeps the notice centred on resize
        self._caption = _label(self, "")
        self._caption.setAlignment(Qt.AlignCenter)
        self._caption.setTextInteractionFlags(Qt.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._graphics, 1)
        layout.addWidget(self._caption)

        scene = self._graphics.scene()
        # Mouse moves come at hundreds per second; the readout needs at most ~30.
        self._move_proxy = pg.SignalProxy(scene.sigMouseMoved, rateLimit=30,
                                          slot=self._on_mouse_moved)
        scene.sigMouseClicked.connect(self._on_mouse_clicked)
        for keys, action in (("F", self.fit), ("1", self.zoom_1to1),
                             ("+", self.zoom_in), ("=", self.zoom_in), ("-", self.zoom_out)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.setFocusPolicy(Qt.StrongFocus)

    # ----------------------------------------------------------------- image and levels
    def set_image(self, array, *, levels=None, keep_view: bool = False) -> None:
        """Show `array` ((H,W), (H,W,3) or (H,W,4); uint8, uint16 or float).

        First image, or a new size: fit to view. keep_view=True keeps zoom/pan when the
        size is unchanged (scrolling slices). levels=None: see `default_levels`.
        """
        array = np.asarray(array)
        if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
            raise ValueError(f"expected (H,W), (H,W,3) or (H,W,4), got shape {array.shape}")
        if array.dtype == bool:
            array = array.astype(np.uint8) * 255
        same_size = self._image is not None and self._image.shape[:2] == array.shape[:2]
        self._image = array
        self.set_message("")
        lut = lookup_table(self._colormap) if self._colormap and array.ndim == 2 else None
        self._image_item.setLookupTable(lut)
        new_levels = default_levels(array) if levels is None else levels
        self._image_item.setImage(array, autoLevels=False, levels=self._levels)
        self.set_levels(*new_levels)
        if not (keep_view and same_size):
            self.fit()

    def image(self) -> np.ndarray | None:
        return self._image

    def clear(self) -> None:
        """Remove the image and every overlay."""
        self._image = None
        self._image_item.clear()
        self.clear_overlays()
        self._readout.hide()

    def set_levels(self, lo: float, hi: float) -> None:
        """Display window: lo shows black, hi white (applied to every channel of colour)."""
        lo, hi = float(lo), float(hi)
        if hi <= lo:
            hi = lo + max(abs(lo) * 1e-6, 1e-6)
        changed = (lo, hi) != self._levels
        self._levels = (lo, hi)
        if self._image is not None:
            self._image_item.setLevels([lo, hi])
        if changed:
            self.levelsChanged.emit(lo, hi)

    def levels(self) -> tuple[float, float]:
        return self._levels

    def set_colormap(self, name: str | None) -> None:
        """Colour gray images through a colormap of cvlab.core.colormaps (None: gray)."""
        self._colormap = name
        if self._image is not None and self._image.ndim == 2:
            self._image_item.setLookupTable(lookup_table(name) if name else None)

    def colormap(self) -> str | None:
        return self._colormap

    def set_window_drag_enabled(self, enabled: bool) -> None:
        """Right-button drag: horizontal changes the window width, vertical the level."""
        self._viewbox.right_drag_handler = self._on_window_drag if enabled else None

    def window_drag(self, start_levels: tuple[float, float], dx: float, dy: float) -> None:
        """Levels after dragging (dx, dy) screen pixels from `start_levels`: rightwards
        widens the window, downwards raises the level; 256 px moves by one window width."""
        lo, hi = start_levels
        width, centre = hi - lo, (lo + hi) / 2
        step = max(width, 1e-6) / 256.0
        new_width = max(width + dx * step, step)
        new_centre = centre + dy * step
        self.set_levels(new_centre - new_width / 2, new_centre + new_width / 2)

    def _on_window_drag(self, ev) -> None:
        if ev.isStart():
            self._drag_start_levels = self._levels
        delta = ev.screenPos() - ev.buttonDownScreenPos()
        self.window_drag(self._drag_start_levels, delta.x(), delta.y())
        if ev.isFinish():
            self.levelsChangeFinished.emit(*self._levels)

    # ----------------------------------------------------------------- geometry and zoom
    def view_box(self) -> pg.ViewBox:
        """The pyqtgraph ViewBox (linking panels, tests); tools use the API above it."""
        return self._viewbox

    def image_group(self) -> pg.ItemGroup:
        """The graphics item in image-pixel coordinates, for the shared views' modules;
        a tool adds its items with add_item."""
        return self._group

    def graphics_view(self) -> pg.GraphicsView:
        """The Qt widget underneath, for the shared views' own modules (annotations, the
        mask painter); tools use the methods and signals of the public API instead."""
        return self._graphics

    def view_rect(self) -> QRectF:
        """The part of image-pixel space shown now (it may reach beyond the image)."""
        return self._group.mapRectFromParent(self._viewbox.viewRect())

    @contextmanager
    def signals_blocked(self) -> Iterator[ImageView]:
        """Within the block the view emits nothing: for changes a tool makes itself
        (showing a slice with its own levels) that its listeners must not echo back."""
        with QSignalBlocker(self):
            yield self

    def set_wheel_handler(self, handler) -> None:
        """Let the plain mouse wheel step through slices (handler(+1 | -1)); Ctrl+wheel zooms."""
        self._viewbox.wheel_handler = handler

    def set_readout_enabled(self, enabled: bool) -> None:
        """Hide the corner value readout when a tool shows its own (the CT overlays)."""
        self._readout_enabled = enabled
        if not enabled:
            self._readout.hide()

    def set_pixel_aspect(self, ratio: float) -> None:
        """Height of a pixel over its width (row spacing / column spacing), e.g. 2.5 for
        a CT reformat with 2.5 mm slices and 1 mm columns. A change refits the view."""
        if ratio <= 0:
            raise ValueError("pixel aspect must be positive")
        changed = float(ratio) != self._pixel_aspect
        self._pixel_aspect = float(ratio)
        self._update_transform()
        if changed and self._image is not None:
            self.fit()

    def pixel_aspect(self) -> float:
        return self._pixel_aspect

    def set_display_scale(self, sx: float, sy: float) -> None:
        """Stretch the image by (sx, sy) in view units; CompareView uses it so a smaller
        input lines up with larger outputs under a shared zoom."""
        self._display_scale = (float(sx), float(sy))
        self._update_transform()

    def _update_transform(self) -> None:
        sx, sy = self._display_scale
        self._group.setTransform(QTransform.fromScale(sx, sy * self._pixel_aspect))

    def _image_rect(self) -> QRectF:
        height, width = self._image.shape[:2] if self._image is not None else (1, 1)
        return self._group.mapRectToParent(QRectF(0, 0, width, height))

    def fit(self) -> None:
        """Show the whole image."""
        self._viewbox.setRange(self._image_rect(), padding=0.0)

    def zoom_factor(self) -> float:
        """Screen pixels per image pixel, across."""
        return self._display_scale[0] / self._viewbox.viewPixelSize()[0]

    def zoom_1to1(self) -> None:
        """One image pixel (across) per screen pixel, about the current centre."""
        self.set_zoom(1.0)

    def set_zoom(self, factor: float) -> None:
        centre = self._viewbox.viewRect().center()
        units_per_pixel = self._display_scale[0] / factor
        half_w = self._viewbox.width() * units_per_pixel / 2
        half_h = self._viewbox.height() * units_per_pixel / 2
        self._viewbox.setRange(xRange=(centre.x() - half_w, centre.x() + half_w),
                               yRange=(centre.y() - half_h, centre.y() + half_h), padding=0.0)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom_factor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom_factor() / ZOOM_STEP)

    # ----------------------------------------------------------------- values under the cursor
    def value_at(self, x: int, y: int):
        """Pixel value at column x, row y: a number for gray, a tuple for colour, None outside."""
        if self._image is None:
            return None
        x, y = int(x), int(y)
        height, width = self._image.shape[:2]
        if not (0 <= x < width and 0 <= y < height):
            return None
        value = self._image[y, x]
        return value.item() if np.ndim(value) == 0 else tuple(v.item() for v in value)

    def _on_mouse_moved(self, args) -> None:
        point = self._group.mapFromScene(args[0])
        x, y = int(np.floor(point.x())), int(np.floor(point.y()))
        value = self.value_at(x, y)
        self.cursorMoved.emit(x, y, value)
        if value is None or not self._readout_enabled:
            self._readout.hide()
            return
        self._readout.setText(self.tr("{x}, {y}: {value}").format(
            x=x, y=y, value=_format_value(value)))
        self._readout.adjustSize()
        self._readout.move(4, 4)
        self._readout.show()

    def _on_mouse_clicked(self, ev) -> None:
        if ev.button() != Qt.LeftButton:
            return
        point = self._group.mapFromScene(ev.scenePos())
        if not ev.double():
            self.pixelClicked.emit(point.x(), point.y())
        if self._image is None:
            return
        for layer in reversed(self._stacked_layers()):  # topmost first
            index = layer.hit_test(point.x(), point.y())
            if index is not None:
                self.overlayClicked.emit(layer.name, index)
                return

    # ----------------------------------------------------------------- a tool's own items
    def add_item(self, item: QGraphicsItem) -> None:
        """Show a tool's graphics item (a pyqtgraph ROI, a line, a text) over the image,
        in image-pixel coordinates; the tool keeps it, moves it, and removes it."""
        item.setParentItem(self._group)

    def remove_item(self, item: QGraphicsItem) -> None:
        """Take an item given to add_item off the view (nothing if it is not on it)."""
        scene = item.scene()
        item.setParentItem(None)
        if scene is not None:
            scene.removeItem(item)

    def set_region(self, x: float, y: float, w: float, h: float) -> None:
        """Show (or move) the region rectangle the user can drag and resize; moving it
        here emits no regionChanged."""
        if self._region is None:
            self._region = RegionSelector(self._group, self.regionChanged.emit)
        self._region.set_rect(x, y, w, h)

    def region(self) -> tuple[float, float, float, float] | None:
        """(x, y, w, h) of the region rectangle, or None when none is shown."""
        return self._region.rect() if self._region is not None else None

    def clear_region(self) -> None:
        if self._region is not None:
            self._region.detach()
            self._region = None

    def grab_rgb(self) -> np.ndarray:
        """What the view shows on screen now, annotations and ROIs included: (H, W, 3)
        uint8 at screen resolution."""
        return grab_rgb(self._graphics)

    # ----------------------------------------------------------------- captions and messages
    def set_caption(self, text: str) -> None:
        """Text under the view (metrics, file name); empty hides it."""
        self._caption.setText(text)
        self._caption.setVisible(bool(text))

    def caption(self) -> str:
        return self._caption.text()

    def set_message(self, text: str) -> None:
        """A centred notice in the view ("images differ in size"); empty hides it."""
        self._message.setText(text)
        self._message.setVisible(bool(text))
        self._message.setGeometry(self._graphics.rect())

    def message(self) -> str:
        return self._message.text()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if watched is self._graphics and event.type() == QEvent.Resize:
            self._message.setGeometry(self._graphics.rect())
        return super().eventFilter(watched, event)


def _label(parent: QWidget, style: str, transparent: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"QLabel {{ {style} }}" if style else "")
    label.setAttribute(Qt.WA_TransparentForMouseEvents, transparent)
    label.hide()
    return label


def _format_value(value) -> str:
    def one(v) -> str:
        return str(v) if isinstance(v, (int, np.integer)) else f"{v:.5g}"
    return one(value) if np.ndim(value) == 0 else "(" + ", ".join(one(v) for v in value) + ")"
