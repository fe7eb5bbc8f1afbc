"""Inspect tab: the image, its facts, per-channel statistics and histogram."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.images import LoadedImage, save_image
from cvlab.tools.inspect.jobs import load_job
from cvlab.tools.inspect.state import InspectController, InspectState
from cvlab.ui.tool_panel import ToolPanel
from cvlab.ui.views import ImageView

CHANNEL_PENS = {"gray": (200, 200, 200), "R": (230, 60, 60), "G": (60, 180, 60),
                "B": (70, 110, 230), "A": (150, 150, 150)}


class InspectPanel(ToolPanel):
    def __init__(self, spec, context, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        # What the tab shows lives in the state; the widgets render from it.
        self.state = InspectState()
        self.controller = InspectController(self.state)
        self.state.changed.connect(self._render)
        self.view = ImageView()
        self.view.cursorMoved.connect(self._show_cursor)
        self.view.installEventFilter(self)  # the pointer leaving the view ends the readout

        open_button = QPushButton(self.tr("Open Image…"))
        open_button.clicked.connect(self._choose_file)
        fit_button = QPushButton(self.tr("Fit"))
        fit_button.clicked.connect(self.view.fit)
        one_button = QPushButton(self.tr("1:1"))
        one_button.clicked.connect(self.view.zoom_1to1)
        buttons = QHBoxLayout()
        for b in (open_button, fit_button, one_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.facts = QFormLayout()
        self._fact_labels: dict[str, QLabel] = {}
        for key, title in (("file", self.tr("File")), ("format", self.tr("Format")),
                           ("size", self.tr("Size")), ("type", self.tr("Array")),
                           ("mode", self.tr("Stored as")), ("exif", self.tr("EXIF orientation")),
                           ("cursor", self.tr("Under cursor"))):
            label = QLabel("—")
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
            label.setWordWrap(True)
            self._fact_labels[key] = label
            self.facts.addRow(title, label)
        facts_box = QGroupBox(self.tr("Image"))
        facts_box.setLayout(self.facts)

        self.stats_table = QTableWidget(0, 5)
        self.stats_table.setHorizontalHeaderLabels(
            [self.tr("Channel"), self.tr("Min"), self.tr("Max"), self.tr("Mean"), self.tr("Std")])
        self.stats_table.verticalHeader().hide()
        self.hist_plot = pg.PlotWidget()
        self.hist_plot.setMinimumHeight(160)
        self.hist_plot.setLabel("bottom", self.tr("value"))
        self.hist_plot.setLabel("left", self.tr("pixels"))

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(facts_box)
        side_layout.addWidget(self.stats_table)
        side_layout.addWidget(self.hist_plot, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.view, 1)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.show_empty_state(self.view)

    @property
    def loaded(self) -> LoadedImage | None:
        return self.state.loaded

    def open_path(self, path: Path) -> None:
        request = self.controller.open_requested()
        self.submit(load_job, str(path), label=self.tr("Open image"),
                    source=str(path), key="inspect-open",
                    on_result=lambda payload: self._show_loaded(payload, request),
                    on_error=lambda *_: self.controller.open_ended(request),
                    on_cancelled=lambda *_: self.controller.open_ended(request))

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open Image"))
        if path:
            self.window().open_path(Path(path))

    def _show_loaded(self, payload, request: int | None = None) -> None:
        loaded, stats, histogram = payload
        request = self.state.requests if request is None else request
        if self.controller.opened(request, loaded, stats, histogram):
            self.context.notify(self.tr("Opened {0}").format(loaded.path))

    # ----- rendering the state --------------------------------------------------------
    def _render(self, name: str, value) -> None:
        if name == "loaded" and value is not None:
            self.view.set_image(value.array)
        elif name == "facts":
            for key, text in (value or {}).items():
                self._fact_labels[key].setText(text)
        elif name == "stats":
            self.stats_table.setRowCount(len(value))
            for row, s in enumerate(value):
                name = self.tr("gray") if s.name == "gray" else s.name
                for col, cell in enumerate((name, f"{s.minimum:g}", f"{s.maximum:g}",
                                            f"{s.mean:.2f}", f"{s.std:.2f}")):
                    self.stats_table.setItem(row, col, QTableWidgetItem(cell))
        elif name == "histogram":
            self.hist_plot.clear()
            if value is not None:
                counts, edges = value
                centres = (edges[:-1] + edges[1:]) / 2
                for s, c in zip(self.state.stats, counts):
                    self.hist_plot.plot(centres, c, pen=pg.mkPen(CHANNEL_PENS.get(s.name, "w")))
        elif name == "cursor":
            self._fact_labels["cursor"].setText("—" if value is None else value)

    def _show_cursor(self, x: int, y: int, value) -> None:
        self.controller.cursor_moved(x, y, value)

    def cursor_text(self) -> str:
        """What "Under cursor" says now."""
        return self._fact_labels["cursor"].text()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.view and event.type() == QEvent.Leave:
            self._show_cursor(-1, -1, None)
        return super().eventFilter(watched, event)

    def can_export(self) -> bool:
        return self.loaded is not None

    def export(self) -> None:
        if self.loaded is None:
            return
        src = Path(self.loaded.path)
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export Image"), str(src.with_name(src.stem + "_copy.png")),
            self.tr("PNG (*.png);;TIFF (*.tif *.tiff);;JPEG (*.jpg)"))
        if path:
            try:
                save_image(path, self.loaded.array, inputs=[self.loaded.path])
            except Exception as exc:
                self.context.notify_error(self.tr("Export failed: {0}").format(exc))
            else:
                self.context.notify(self.tr("Saved {0}").format(path))
