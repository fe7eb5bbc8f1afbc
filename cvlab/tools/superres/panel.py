"""Super-resolution tab: evaluate methods against a ground truth, or upscale any image."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.images import save_image
from cvlab.tools.superres.figure import CropBox, comparison_figure, crop_strip, write_metrics_csv
from cvlab.tools.superres.jobs import evaluate_method_job, open_job, upscale_method_job
from cvlab.tools.superres.layout import restore_layout
from cvlab.tools.superres.methods import METHODS, get_method
from cvlab.tools.superres.state import (
    DEFAULT_CROP,
    MethodResult,
    SrController,
    SrState,
    evaluation_result,
)
from cvlab.ui.tool_panel import ToolPanel
from cvlab.ui.views import CompareView, ImageView

STRIP_TILE = 160  # px per method in the zoom-crop strip
STRIP_FONT = 18   # its captions: the strip is scaled down to fit, so larger than a figure's


class SuperResPanel(ToolPanel):
    def __init__(self, spec, context, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.state = SrState()
        self._region_view: ImageView | None = None
        self.controller = SrController(self.state, cancel_job=context.worker.cancel)

        self.compare = CompareView()
        self.compare.pixelClicked.connect(self._on_click)
        self.strip_view = ImageView()
        self.strip_view.setMinimumHeight(170)
        self.strip_view.set_caption(self.tr(
            "Zoom-crop strip: the red box on the first panel; click a panel or drag the box "
            "to move it"))
        centre = QSplitter(Qt.Vertical)
        centre.addWidget(self.compare)
        centre.addWidget(self.strip_view)
        centre.setStretchFactor(0, 3)
        centre.setStretchFactor(1, 1)

        self.lay_out_side_by_side(self._controls(), centre)
        self.state.changed.connect(self._on_state_changed)
        self.show_empty_state(self.compare, lambda: self.image is not None)

    # ----- what the rest of the app and the tests read (all from the state) ----------
    @property
    def source(self) -> str | None:
        return self.state.source

    @property
    def image(self) -> np.ndarray | None:
        return self.state.image

    @property
    def items(self) -> list[tuple[np.ndarray, str]]:
        return self.controller.panels()

    @property
    def rows(self) -> list[dict]:
        return self.controller.metric_rows()

    @property
    def upscaled(self) -> list[tuple[str, np.ndarray]]:
        return self.controller.upscaled()

    def is_running(self) -> bool:
        return self.state.running

    # ----- controls -------------------------------------------------------------------
    def _controls(self) -> QWidget:
        box = QWidget()
        box.setMaximumWidth(340)
        self.evaluate_radio = QRadioButton(self.tr("Evaluate (image is the ground truth)"))
        self.upscale_radio = QRadioButton(self.tr("Upscale (image is the input)"))
        self.evaluate_radio.setChecked(True)
        group = QButtonGroup(box)
        group.addButton(self.evaluate_radio)
        group.addButton(self.upscale_radio)
        self.evaluate_radio.toggled.connect(lambda evaluate: self.controller.set_mode(
            "evaluate" if evaluate else "upscale"))
        open_button, self.file_label = self.image_opener()
        self.scale_box = QComboBox()
        for s in (2, 3, 4):
            self.scale_box.addItem(f"×{s}", s)
        self.scale_box.setCurrentIndex(2)
        self.scale_box.currentIndexChanged.connect(
            lambda: self.controller.set_scale(self.scale()))
        self.scale_box.currentIndexChanged.connect(self._update_method_list)
        self.methods = QListWidget()
        for m in METHODS:
            item = QListWidgetItem(self.tr(m.title))
            item.setData(Qt.UserRole, m.name)
            item.setToolTip(self.tr(m.description))
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if m.name in self.state.methods else Qt.Unchecked)
            self.methods.addItem(item)
        self.methods.itemChanged.connect(
            lambda _item: self.controller.set_methods(self.chosen_methods()))
        self.channel_box = QComboBox()
        self.channel_box.addItem(self.tr("Y channel (as SR papers)"), True)
        self.channel_box.addItem(self.tr("RGB"), False)
        self.tile_box = QSpinBox()
        self.tile_box.setRange(0, 2048)
        self.tile_box.setValue(192)
        self.tile_box.setSpecialValueText(self.tr("no tiling"))
        self.tile_box.setToolTip(self.tr("Network input tile size (px); tiles overlap and "
                                         "blend, so there are no seams"))
        self.precision_box = QComboBox()
        self.precision_box.addItem(self.tr("fp32 (exact)"), "fp32")
        self.precision_box.addItem(self.tr("bf16 (faster)"), "bf16")
        self.precision_box.addItem(self.tr("fp16 (CUDA only)"), "fp16")
        self.precision_box.setToolTip(self.tr(
            "Network arithmetic. bf16 ran Real-ESRGAN x4plus about 3× faster on a CPU with "
            "native bf16 (≈46 dB PSNR from the fp32 output); on a CPU without it, or fp16 "
            "off CUDA, fp32 is used."))
        self.crop_box = QSpinBox()
        self.crop_box.setRange(8, 1024)
        self.crop_box.setValue(DEFAULT_CROP)
        self.crop_box.valueChanged.connect(lambda size: self.controller.set_crop(size=size))
        self.run_button = QPushButton(self.tr("Run"))
        self.run_button.clicked.connect(self.run)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Method"), self.tr("PSNR (dB)"),
                                              self.tr("SSIM"), self.tr("Time (s)")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        # The numbers' columns as wide as their header or cell ("Time (s)" whole), the
        # method's name gets what is left: no column hides past the table's right edge.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)  # a long name elides ("Real-E…x4plus"), its tooltip whole
        self.table.setTextElideMode(Qt.ElideMiddle)
        figure_button = QPushButton(self.tr("Export figure (PNG)…"))
        figure_button.clicked.connect(self.export_figure_dialog)
        csv_button = QPushButton(self.tr("Export metrics (CSV)…"))
        csv_button.clicked.connect(self.export_csv_dialog)
        self.save_outputs_button = QPushButton(self.tr("Save upscaled images…"))
        self.save_outputs_button.setToolTip(self.tr(
            "Upscale mode: one file per method, in the input's layout (gray, alpha, 16-bit)"))
        self.save_outputs_button.clicked.connect(self.save_outputs_dialog)
        form = QFormLayout()
        form.addRow(self.tr("Scale"), self.scale_box)
        form.addRow(self.tr("Metrics on"), self.channel_box)
        form.addRow(self.tr("Tile"), self.tile_box)
        form.addRow(self.tr("Precision"), self.precision_box)
        form.addRow(self.tr("Crop size"), self.crop_box)
        layout = QVBoxLayout(box)
        for w in (self.evaluate_radio, self.upscale_radio, open_button, self.file_label):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Methods")))
        layout.addWidget(self.methods, 1)
        layout.addWidget(self.run_button)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(figure_button)
        row.addWidget(csv_button)
        layout.addLayout(row)
        layout.addWidget(self.save_outputs_button)
        self._update_method_list()
        return box

    def scale(self) -> int:
        return int(self.scale_box.currentData())

    def chosen_methods(self) -> list[str]:
        out = []
        for i in range(self.methods.count()):
            item = self.methods.item(i)
            if item.checkState() == Qt.Checked and item.flags() & Qt.ItemIsEnabled:
                out.append(item.data(Qt.UserRole))
        return out

    def set_methods(self, names) -> None:
        for i in range(self.methods.count()):
            item = self.methods.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in names else Qt.Unchecked)

    def _update_method_list(self) -> None:
        for i in range(self.methods.count()):
            item = self.methods.item(i)
            ok = self.scale() in get_method(item.data(Qt.UserRole)).scales
            flags = item.flags()
            item.setFlags(flags | Qt.ItemIsEnabled if ok else flags & ~Qt.ItemIsEnabled)

    # ----- opening and running --------------------------------------------------------
    def open_path(self, path: Path) -> None:
        self.submit(open_job, str(path), label=self.tr("Open image"),
                    source=str(path), key="sr-open",
                    on_result=lambda opened: self.controller.open(str(path), *opened))

    def run(self) -> None:
        self.controller.set_methods(self.chosen_methods())
        problem = self.controller.start_run(self._submit_method)
        if problem:
            self.context.notify(problem)  # translated by the controller

    def _submit_method(self, method: str) -> int:
        """One method's job of a run; jobs of a run share the key prefix "sr-run:"."""
        s = self.state
        tile, precision = self.tile_box.value() or None, self.precision_box.currentData()
        job = None

        def done(value) -> None:
            if s.run_mode == "evaluate":
                self.controller.method_done(job.id, *evaluation_result(value))
            else:
                name, image, seconds = value
                self.controller.method_done(job.id, MethodResult(name, image, seconds))

        if s.mode == "evaluate":
            fn, args = evaluate_method_job, (s.image, s.scale, method,
                                             bool(self.channel_box.currentData()), tile,
                                             precision)
            label = self.tr("Super-resolution: {0}")
        else:
            fn, args = upscale_method_job, (s.image, s.scale, method, tile, precision)
            label = self.tr("Upscale: {0}")
        job = self.submit(fn, *args, label=label.format(self.tr(get_method(method).title)),
                          source=s.source, key=f"sr-run:{method}", on_result=done,
                          on_error=lambda _failure: self.controller.method_failed(job.id),
                          on_cancelled=lambda: self.controller.method_cancelled(job.id))
        return job.id

    # ----- rendering from the state ---------------------------------------------------
    def _on_state_changed(self, name: str, value) -> None:
        if name in ("source", "image", "layout"):
            self._show_file()
        if name in ("reference", "results", "run_mode"):
            self._show_panels()
        if name in ("results", "pending", "failed"):
            self._fill_table(self.controller.table_rows())
            self.run_button.setText(self.tr("Running…") if self.state.running
                                    else self.tr("Run"))
        if name in ("crop_centre", "crop_size"):
            self._show_crop()

    def _show_file(self) -> None:
        s = self.state
        if s.image is None:
            self.file_label.setText(self.tr("No image"))
            return
        described = s.layout.describe() if s.layout is not None else ""
        self.file_label.setText(self.tr("{0}\n{1} × {2} px, {3}").format(
            Path(s.source).name, s.image.shape[1], s.image.shape[0], described))
        self.file_label.setToolTip(s.source)

    def _show_panels(self) -> None:
        items = self.controller.panels()
        if items:
            self.compare.set_images(items)
        self._show_crop()

    def _fill_table(self, rows) -> None:
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)

    # ----- crop strip -----------------------------------------------------------------
    def _on_click(self, index: int, x: float, y: float) -> None:
        """A click on grid panel `index` at (x, y) of its image moves the crop there."""
        view = self.compare.panels()[index]
        reference = self.state.reference
        if view.image() is None or reference is None:
            return
        shown = view.image().shape
        self.controller.set_crop(centre=(y * reference.shape[0] / shown[0],
                                         x * reference.shape[1] / shown[1]))

    def _on_region_dragged(self, x: float, y: float, w: float, h: float) -> None:
        self.controller.set_crop(centre=(y + h / 2, x + w / 2), size=round(max(w, h)))

    def crop_region(self) -> CropBox | None:
        return self.controller.crop_box()

    def _show_crop(self) -> None:
        """The strip, and the red box on the first panel that says where it comes from."""
        box = self.crop_region()
        if box is None:
            return
        if self.crop_box.value() != self.state.crop_size:
            with QSignalBlocker(self.crop_box):
                self.crop_box.setValue(self.state.crop_size)
        first = self.compare.panels()[0] if self.compare.panels() else None
        if first is not None and first.image() is not None:
            with first.signals_blocked():
                first.set_region(box.left, box.top, box.width, box.height)
            if first is not self._region_view:  # panels are rebuilt when their count changes
                first.regionChanged.connect(self._on_region_dragged)
                self._region_view = first
        items = self.items
        self.strip_view.set_image(crop_strip([i for i, _ in items], [c for _, c in items],
                                             box, size=STRIP_TILE, font_size=STRIP_FONT))

    # ----- export ---------------------------------------------------------------------
    def figure(self) -> np.ndarray | None:
        box = self.crop_region()
        if box is None:
            return None
        return comparison_figure([i for i, _ in self.items], [c for _, c in self.items], box)

    def can_export(self) -> bool:
        return len(self.items) > 1

    def export(self) -> None:
        self.export_figure_dialog()

    def export_figure_dialog(self) -> None:
        if not self.can_export():
            self.context.notify(self.tr("Run the methods first"))
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export comparison figure"),
                                              str(Path.home() / "sr_comparison.png"),
                                              self.tr("PNG (*.png)"))
        if path:
            self._save(lambda: save_image(path, self.figure(), inputs=[self.source]), path)

    def export_csv_dialog(self) -> None:
        if not self.rows:
            self.context.notify(self.tr("Evaluate first: metrics need a ground truth"))
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export metrics"),
                                              str(Path.home() / "sr_metrics.csv"),
                                              self.tr("CSV (*.csv)"))
        if path:
            self._save(lambda: write_metrics_csv(self.rows, path, inputs=[self.source]), path)

    def save_outputs_dialog(self) -> None:
        if not self.upscaled:
            self.context.notify(self.tr("Upscale first (Upscale mode, then Run)"))
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save upscaled images to"),
                                                  str(Path.home()))
        if folder:
            self._save(lambda: self.save_outputs(Path(folder)), folder)

    def save_outputs(self, folder: Path) -> list[Path]:
        """Write each upscaled output as <input stem>_<method>_x<scale>.png into ``folder``
        (never over an existing file or the input), in the input's layout."""
        stem = Path(self.source).stem if self.source else "image"
        written = []
        for name, image in self.upscaled:
            base = f"{stem}_{name}_x{self.state.run_scale}"
            target, n = folder / f"{base}.png", 2
            while target.exists():
                target = folder / f"{base}_{n}.png"
                n += 1
            written.append(save_image(target, restore_layout(image, self.state.layout),
                                      inputs=[self.source] if self.source else ()))
        return written

    def _save(self, write, path: str) -> None:
        try:
            write()
        except Exception as exc:
            self.context.notify_error(self.tr("Export failed: {0}").format(exc))
        else:
            self.context.notify(self.tr("Saved {0}").format(path))
