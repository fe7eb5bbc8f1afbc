"""Super-resolution tab: evaluate methods against a ground truth, or upscale any image."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
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
from cvlab.tools.superres.jobs import evaluate_job, open_job, upscale_job
from cvlab.tools.superres.layout import restore_layout
from cvlab.tools.superres.methods import METHODS, get_method
from cvlab.ui.tool_panel import ToolPanel
from cvlab.ui.views import CompareView, ImageView

DEFAULT_METHODS = ("bicubic", "srresnet", "srgan", "realesrgan-x4plus")


class SuperResPanel(ToolPanel):
    def __init__(self, spec, context, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.source: str | None = None
        self.image: np.ndarray | None = None     # the opened image, float RGB
        self.layout = None                       # its gray/alpha/bit depth, for saving
        self.upscaled: list[tuple[str, np.ndarray]] = []  # (method, output) in Upscale mode
        self.upscaled_scale = 4
        self.items: list[tuple[np.ndarray, str]] = []
        self.rows: list[dict] = []
        self.crop_centre: tuple[float, float] | None = None

        self.compare = CompareView()
        self.compare.pixelClicked.connect(self._on_click)
        self.strip_view = ImageView()
        self.strip_view.setMinimumHeight(170)
        self.strip_view.set_caption(self.tr("Zoom-crop strip: click a panel to move the region"))
        centre = QSplitter(Qt.Vertical)
        centre.addWidget(self.compare)
        centre.addWidget(self.strip_view)
        centre.setStretchFactor(0, 3)
        centre.setStretchFactor(1, 1)

        self.lay_out_side_by_side(self._controls(), centre)
        self.show_empty_state(self.compare, lambda: self.image is not None)

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
        open_button, self.file_label = self.image_opener()
        self.scale_box = QComboBox()
        for s in (2, 3, 4):
            self.scale_box.addItem(f"×{s}", s)
        self.scale_box.setCurrentIndex(2)
        self.scale_box.currentIndexChanged.connect(self._update_method_list)
        self.methods = QListWidget()
        for m in METHODS:
            item = QListWidgetItem(m.title)
            item.setData(Qt.UserRole, m.name)
            item.setToolTip(m.description)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if m.name in DEFAULT_METHODS else Qt.Unchecked)
            self.methods.addItem(item)
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
        self.crop_box.setValue(64)
        self.crop_box.valueChanged.connect(lambda: self._update_strip())
        self.run_button = QPushButton(self.tr("Run"))
        self.run_button.clicked.connect(self.run)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Method"), self.tr("PSNR (dB)"),
                                              self.tr("SSIM"), self.tr("Time (s)")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
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
                    on_result=lambda opened: self._opened(path, *opened))

    def _opened(self, path: Path, image: np.ndarray, layout) -> None:
        self.source, self.image, self.layout = str(path), image, layout
        self.file_label.setText(f"{path}\n{image.shape[1]} × {image.shape[0]} px, "
                                f"{layout.describe()}")
        self.items, self.rows, self.crop_centre = [(image, self.tr("Opened image"))], [], None
        self.upscaled = []
        self.compare.set_images(self.items)
        self._update_strip()

    def run(self) -> None:
        methods = self.chosen_methods()
        if self.image is None or not methods:
            self.context.notify(self.tr("Open an image and tick at least one method"))
            return
        tile = self.tile_box.value() or None
        precision = self.precision_box.currentData()
        if self.evaluate_radio.isChecked():
            self.submit(
                evaluate_job, self.image, self.scale(), methods,
                bool(self.channel_box.currentData()), tile, precision,
                label=self.tr("Super-resolution"),
                source=self.source, key="sr-run", on_result=self.show_evaluation)
        else:
            scale = self.scale()
            self.submit(
                upscale_job, self.image, scale, methods, tile, precision,
                label=self.tr("Upscale"), source=self.source, key="sr-run",
                on_result=lambda outputs: self.show_upscaled(outputs, scale))

    def show_evaluation(self, result) -> None:
        self.items = [(result.hr, self.tr("Ground truth"))] + [
            (o.image, f"{o.title}  {o.psnr:.2f} dB / {o.ssim:.4f}") for o in result.outputs]
        self.rows = result.rows()
        self._fill_table([(o.title, f"{o.psnr:.2f}", f"{o.ssim:.4f}", f"{o.seconds:.2f}")
                          for o in result.outputs])
        self._show_items()

    def show_upscaled(self, outputs, scale: int) -> None:
        self.items = [(self.image, self.tr("Input"))] + [
            (image, get_method(name).title) for name, image, _ in outputs]
        self.rows = []
        self.upscaled = [(name, image) for name, image, _ in outputs]
        self.upscaled_scale = scale
        self._fill_table([(get_method(n).title, "—", "—", f"{seconds:.2f}")
                          for n, _, seconds in outputs])
        self._show_items()

    def _fill_table(self, rows) -> None:
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def _show_items(self) -> None:
        self.compare.set_images(self.items)
        self._update_strip()

    # ----- crop strip -----------------------------------------------------------------
    def _on_click(self, index: int, x: float, y: float) -> None:
        """A click on grid panel `index` at (x, y) of its image moves the crop there."""
        view = self.compare.panels()[index]
        if view.image() is None or not self.items:
            return
        shown, reference = view.image().shape, self.items[0][0].shape
        self.crop_centre = (y * reference[0] / shown[0], x * reference[1] / shown[1])
        self._update_strip()

    def crop_region(self) -> CropBox | None:
        if not self.items:
            return None
        reference = self.items[0][0].shape
        centre = self.crop_centre or (reference[0] / 2, reference[1] / 2)
        return CropBox.around(reference, centre[0], centre[1], self.crop_box.value())

    def _update_strip(self) -> None:
        box = self.crop_region()
        if box is None:
            return
        images = [image for image, _ in self.items]
        titles = [caption for _, caption in self.items]
        self.strip_view.set_image(crop_strip(images, titles, box, size=160))

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
            base = f"{stem}_{name}_x{self.upscaled_scale}"
            target, n = folder / f"{base}.png", 2
            while target.exists():
                target = folder / f"{base}_{n}.png"
                n += 1
            written.append(save_image(target, restore_layout(image, self.layout),
                                      inputs=[self.source] if self.source else ()))
        return written

    def _save(self, write, path: str) -> None:
        try:
            write()
        except Exception as exc:
            self.context.notify_error(self.tr("Export failed: {0}").format(exc))
        else:
            self.context.notify(self.tr("Saved {0}").format(path))
