"""CompareView: N images side by side with locked zoom/pan, a swipe view and a difference map.

Every panel is an ImageView; swipe and difference are ImageViews too, fed with arrays
computed here (plain numpy), so tools can add overlays to any of them.

The public API: set_images, set_pair, set_columns, set_mode / mode, set_swipe_position /
swipe_position, swipe_composite, difference; panels(), swipe_view() and difference_view()
give the ImageViews (use their public API); signals modeChanged(name) and
pixelClicked(index, x, y), a left click on grid panel `index` at image pixel (x, y) of
that panel's image (continuous coordinates, as ImageView.pixelClicked).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.colormaps import default_levels
from cvlab.ui.views.image_view import ImageView

MODES = ("grid", "swipe", "difference")


def _common_channels(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Same layout for both: gray stays gray only when both are gray; alpha is dropped."""
    if a.ndim == 2 and b.ndim == 2:
        return a, b

    def rgb(x):
        return np.repeat(x[..., None], 3, axis=2) if x.ndim == 2 else x[..., :3]
    return rgb(a), rgb(b)


def swipe_composite(a: np.ndarray, b: np.ndarray, fraction: float) -> np.ndarray:
    """A's columns left of round(fraction·W), B's from there on (same-size images)."""
    a, b = _common_channels(np.asarray(a), np.asarray(b))
    out = np.array(b, dtype=np.result_type(a, b))
    split = int(round(float(np.clip(fraction, 0, 1)) * a.shape[1]))
    out[:, :split] = a[:, :split]
    return out


def abs_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|A − B| as float32 (H, W); colour channels are averaged (alpha ignored)."""
    a, b = np.asarray(a, np.float32), np.asarray(b, np.float32)
    if a.ndim != b.ndim:  # gray against colour: compare the colour image's channel mean
        a = a[..., :3].mean(axis=2) if a.ndim == 3 else a
        b = b[..., :3].mean(axis=2) if b.ndim == 3 else b
    diff = np.abs(a - b)
    return diff[..., :3].mean(axis=2) if diff.ndim == 3 else diff


class CompareView(QWidget):
    """Grid of linked ImageViews, swipe between two images, or their difference map."""

    modeChanged = Signal(str)
    pixelClicked = Signal(int, float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[np.ndarray, str]] = []
        self._panels: list[ImageView] = []
        self._columns: int | None = None
        self._mode = "grid"
        self._pair = (0, 1)
        self._swipe_fraction = 0.5
        self._swipe_levels: tuple[float, float] | None = None
        self._difference: np.ndarray | None = None

        self._mode_box = QComboBox()
        for name, text in zip(MODES, (self.tr("Grid"), self.tr("Swipe"), self.tr("Difference"))):
            self._mode_box.addItem(text, name)
        self._mode_box.currentIndexChanged.connect(
            lambda i: self.set_mode(self._mode_box.itemData(i)))
        self._a_box, self._b_box = QComboBox(), QComboBox()
        for box in (self._a_box, self._b_box):
            box.currentIndexChanged.connect(self._on_pair_chosen)
        self._pair_widgets = [QLabel(self.tr("A:")), self._a_box, QLabel(self.tr("B:")),
                              self._b_box]
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("View:")))
        top.addWidget(self._mode_box)
        for widget in self._pair_widgets:
            top.addWidget(widget)
        top.addStretch(1)

        self._grid_page = QWidget()
        self._grid = QGridLayout(self._grid_page)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(4)

        self._swipe_view = ImageView()
        self._divider = pg.InfiniteLine(angle=90, movable=True,
                                        pen=pg.mkPen((255, 230, 0), width=2),
                                        hoverPen=pg.mkPen((255, 255, 255), width=3))
        self._divider.setZValue(1000)
        self._swipe_view.view_box().addItem(self._divider)
        self._divider.sigPositionChanged.connect(self._on_divider_moved)
        self._slider = QSlider(Qt.Horizontal)
        self._slider.setRange(0, 100)
        self._slider.setValue(int(round(self._swipe_fraction * 100)))
        self._slider.setToolTip(self.tr("Position of the divider between A (left) and B (right)"))
        self._slider.valueChanged.connect(lambda v: self.set_swipe_position(v / 100.0))
        swipe_page = QWidget()
        swipe_layout = QVBoxLayout(swipe_page)
        swipe_layout.setContentsMargins(0, 0, 0, 0)
        swipe_layout.addWidget(self._swipe_view, 1)
        swipe_layout.addWidget(self._slider)

        self._difference_view = ImageView()
        self._difference_view.set_colormap("inferno")

        self._stack = QStackedWidget()
        for page in (self._grid_page, swipe_page, self._difference_view):
            self._stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)
        self._update_controls()

    # ----------------------------------------------------------------- content
    def set_images(self, items) -> None:
        """`items`: (array, caption) pairs, N ≥ 1. Panels are reused when N is unchanged
        (their overlays are cleared; zoom is kept when sizes match)."""
        items = [(np.asarray(array), str(caption)) for array, caption in items]
        if not items:
            raise ValueError("CompareView needs at least one image")
        old_shapes = [array.shape[:2] for array, _ in self._items]
        self._items = items
        same_sizes = old_shapes == [array.shape[:2] for array, _ in items]
        if len(self._panels) != len(items):
            self._rebuild_panels(len(items))
        ref_height, ref_width = items[0][0].shape[:2]
        for panel, (array, caption) in zip(self._panels, items):
            panel.clear_overlays()
            # A smaller input (the low-resolution one) is stretched over the first image's
            # extent, so the same view rectangle shows the same scene in every panel.
            panel.set_display_scale(ref_width / array.shape[1], ref_height / array.shape[0])
            panel.set_image(array, keep_view=True)
            panel.set_caption(caption)
        if not same_sizes:
            self._panels[0].fit()  # the linked panels follow
        for box in (self._a_box, self._b_box):
            box.blockSignals(True)
            box.clear()
            for index, (_, caption) in enumerate(items):
                box.addItem(caption or self.tr("Image {n}").format(n=index + 1))
            box.blockSignals(False)
        self._update_controls()
        self.set_pair(0, min(1, len(items) - 1))

    def set_pair(self, a_index: int, b_index: int) -> None:
        """Which two images swipe and difference compare (default: the first two)."""
        count = len(self._items)
        if not (0 <= a_index < count and 0 <= b_index < count):
            raise IndexError(f"pair ({a_index}, {b_index}) out of range for {count} images")
        self._pair = (a_index, b_index)
        for box, index in ((self._a_box, a_index), (self._b_box, b_index)):
            box.blockSignals(True)
            box.setCurrentIndex(index)
            box.blockSignals(False)
        self._swipe_levels = default_levels(self._items[a_index][0])
        self._refresh_mode_view(keep_view=False)

    def _on_pair_chosen(self) -> None:
        self.set_pair(self._a_box.currentIndex(), self._b_box.currentIndex())

    def _rebuild_panels(self, count: int) -> None:
        for panel in self._panels:
            self._grid.removeWidget(panel)
            # Hidden now: deleteLater waits for the event loop, and until then an old
            # panel would still paint (its caption over a new panel's).
            panel.hide()
            panel.deleteLater()
        self._panels = [ImageView(self._grid_page) for _ in range(count)]
        for index, panel in enumerate(self._panels):
            panel.pixelClicked.connect(
                lambda x, y, index=index: self.pixelClicked.emit(index, x, y))
        leader = self._panels[0].view_box()
        for panel in self._panels[1:]:
            panel.view_box().setXLink(leader)
            panel.view_box().setYLink(leader)
        for panel in self._panels:
            # Panels are linked: a zoom in one must stop every one from refitting on resize.
            panel.viewAdjusted.connect(self._hold_all_panels)
        self._layout_panels()

    def _hold_all_panels(self) -> None:
        for panel in self._panels:
            panel.hold_view()

    def _layout_panels(self) -> None:
        columns = self._columns or math.ceil(math.sqrt(len(self._panels)))
        for index, panel in enumerate(self._panels):
            self._grid.removeWidget(panel)
            self._grid.addWidget(panel, index // columns, index % columns)

    def set_columns(self, columns: int | None) -> None:
        """Grid columns (None: ceil(sqrt(N)))."""
        self._columns = max(1, int(columns)) if columns else None
        self._layout_panels()

    def panels(self) -> list[ImageView]:
        """The grid's ImageViews, in the order of the images."""
        return list(self._panels)

    def swipe_view(self) -> ImageView:
        return self._swipe_view

    def difference_view(self) -> ImageView:
        return self._difference_view

    # ----------------------------------------------------------------- modes
    def mode(self) -> str:
        return self._mode

    def set_mode(self, name: str) -> None:
        if name not in MODES:
            raise ValueError(f"unknown mode {name!r}; choose one of {MODES}")
        if name == self._mode:
            return
        self._mode = name
        self._mode_box.blockSignals(True)
        self._mode_box.setCurrentIndex(MODES.index(name))
        self._mode_box.blockSignals(False)
        self._stack.setCurrentIndex(MODES.index(name))
        self._update_controls()
        self._refresh_mode_view(keep_view=False)
        self.modeChanged.emit(name)

    def _update_controls(self) -> None:
        for widget in self._pair_widgets:
            widget.setVisible(self._mode != "grid" and len(self._items) > 2)

    def _pair_arrays(self, view: ImageView):
        """(A, B), or None after putting a notice in `view` when they cannot be compared."""
        a, b = (self._items[i][0] for i in self._pair) if len(self._items) > 1 else (None, None)
        if a is None:
            notice = self.tr("Comparing needs two images.")
        elif a.shape[:2] != b.shape[:2]:
            notice = self.tr("Cannot compare: the images differ in size "
                             "({wa}×{ha} and {wb}×{hb} pixels).").format(
                wa=a.shape[1], ha=a.shape[0], wb=b.shape[1], hb=b.shape[0])
        else:
            return a, b
        view.clear()
        view.set_caption("")
        view.set_message(notice)
        return None

    def _refresh_mode_view(self, keep_view: bool) -> None:
        self._difference = None
        if self._mode == "swipe":
            self._show_swipe(keep_view)
        elif self._mode == "difference":
            self._show_difference()

    # ----------------------------------------------------------------- swipe
    def set_swipe_position(self, fraction: float) -> None:
        """Divider position as a fraction of the width (0: all B, 1: all A)."""
        self._swipe_fraction = float(np.clip(fraction, 0.0, 1.0))
        self._slider.blockSignals(True)
        self._slider.setValue(int(round(self._swipe_fraction * 100)))
        self._slider.blockSignals(False)
        if self._mode == "swipe":
            self._show_swipe(keep_view=True)

    def swipe_position(self) -> float:
        return self._swipe_fraction

    def swipe_composite(self) -> np.ndarray | None:
        """What the swipe view shows: A left of the divider, B right of it."""
        if len(self._items) < 2:
            return None
        a, b = (self._items[i][0] for i in self._pair)
        if a.shape[:2] != b.shape[:2]:
            return None
        return swipe_composite(a, b, self._swipe_fraction)

    def _show_swipe(self, keep_view: bool) -> None:
        pair = self._pair_arrays(self._swipe_view)
        self._divider.setVisible(pair is not None)
        if pair is None:
            return
        width = pair[0].shape[1]
        self._swipe_view.set_image(self.swipe_composite(), levels=self._swipe_levels,
                                   keep_view=keep_view)
        a_caption, b_caption = (self._items[i][1] for i in self._pair)
        self._swipe_view.set_caption(self.tr("◀ {a}   |   {b} ▶").format(a=a_caption,
                                                                        b=b_caption))
        self._divider.blockSignals(True)
        self._divider.setBounds((0, width))
        self._divider.setValue(self._swipe_fraction * width)
        self._divider.blockSignals(False)

    def _on_divider_moved(self) -> None:
        image = self._swipe_view.image()
        if image is not None:
            self.set_swipe_position(self._divider.value() / image.shape[1])

    # ----------------------------------------------------------------- difference
    def difference(self) -> np.ndarray | None:
        """|A − B| (float32, colour channels averaged) as shown, or None."""
        return self._difference

    def _show_difference(self) -> None:
        pair = self._pair_arrays(self._difference_view)
        if pair is None:
            return
        self._difference = abs_difference(*pair)
        peak = float(self._difference.max()) if self._difference.size else 0.0
        self._difference_view.set_image(self._difference, levels=(0.0, peak or 1.0))
        a_caption, b_caption = (self._items[i][1] for i in self._pair)
        self._difference_view.set_caption(
            self.tr("|{a} − {b}|: mean {mean:.4g}, max {max:.4g}").format(
                a=a_caption or "A", b=b_caption or "B",
                mean=float(self._difference.mean()), max=peak))
