"""Restore tab: paint a mask and inpaint it, or paint colour scribbles and colourise;
methods side by side."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.images import save_image
from cvlab.tools.restore.jobs import color_job, inpaint_job, scratch_job
from cvlab.tools.restore.methods import COLOR_METHODS, INPAINT_METHODS
from cvlab.ui.tool_panel import ToolPanel
from cvlab.ui.views import CompareView
from cvlab.ui.views.mask_painter import MaskPainter


class RestorePanel(ToolPanel):
    def __init__(self, spec, context, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.path: str | None = None
        self.image: np.ndarray | None = None     # what the methods work on
        self.opened: np.ndarray | None = None    # the photo as opened, for "Back to original"
        self.history: list[tuple[str, str]] = []  # (title, "kind_method") continued from
        self.outputs: list[tuple[str, str, np.ndarray]] = []   # (kind, method, image)
        self.scribbles: np.ndarray | None = None                 # (H, W, 3) uint8 colours
        self.color = QColor(200, 60, 40)

        self.mask_editor = MaskPainter(overlay="restore-mask")
        self.scribble_editor = MaskPainter(overlay="restore-mask")
        self.scribble_editor.maskChanged.connect(self._scribbles_changed)
        self.compare = CompareView()
        self.views = QTabWidget()
        self.views.addTab(self.mask_editor, self.tr("Mask"))
        self.views.addTab(self.scribble_editor, self.tr("Colour scribbles"))
        self.views.addTab(self.compare, self.tr("Compare"))
        self.lay_out_side_by_side(self._controls(), self.views)
        self.show_empty_state(self.views, lambda: self.image is not None)

    # ----- controls -------------------------------------------------------------------
    def _controls(self) -> QWidget:
        box = QWidget()
        box.setMaximumWidth(320)
        open_button, self.file_label = self.image_opener()
        self.modes = QTabWidget()
        self.modes.addTab(self._inpaint_controls(), self.tr("Inpaint"))
        self.modes.addTab(self._color_controls(), self.tr("Colourise"))
        self.modes.currentChanged.connect(lambda i: self.views.setCurrentIndex(i))
        self.result_box = QComboBox()
        save_button = QPushButton(self.tr("Save result…"))
        save_button.clicked.connect(self.export)
        self.continue_button = QPushButton(self.tr("Continue with this result"))
        self.continue_button.setToolTip(self.tr(
            "Make the chosen result the photo to work on: e.g. inpaint the scratches, then "
            "colourise the repaired photo"))
        self.continue_button.clicked.connect(self.continue_with_result)
        self.revert_button = QPushButton(self.tr("Back to the opened photo"))
        self.revert_button.clicked.connect(self.revert_to_opened)
        layout = QVBoxLayout(box)
        for widget in (open_button, self.file_label, self.modes):
            layout.addWidget(widget)
        form = QFormLayout()
        form.addRow(self.tr("Result"), self.result_box)
        layout.addLayout(form)
        for widget in (save_button, self.continue_button, self.revert_button):
            layout.addWidget(widget)
        self._update_chain_buttons()
        return box

    def _method_list(self, methods, checked) -> QListWidget:
        widget = QListWidget()
        for m in methods:
            item = QListWidgetItem(m.title + (self.tr(" (online)") if m.online else ""))
            item.setData(Qt.UserRole, m.name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if m.name in checked else Qt.Unchecked)
            widget.addItem(item)
        widget.setMaximumHeight(130)
        return widget

    def _inpaint_controls(self) -> QWidget:
        page = QWidget()
        self.inpaint_methods = self._method_list(INPAINT_METHODS, {"telea", "exemplar", "net"})
        self.radius = QSpinBox()
        self.radius.setRange(1, 30)
        self.radius.setValue(5)
        self.sensitivity = QSlider(Qt.Horizontal)
        self.sensitivity.setRange(0, 100)
        self.sensitivity.setValue(50)
        scratch_button = QPushButton(self.tr("Detect scratches and dust"))
        scratch_button.setToolTip(self.tr("Proposes a mask of thin lines and specks; edit it "
                                          "with the brush before inpainting"))
        scratch_button.clicked.connect(self.detect_scratches)
        run_button = QPushButton(self.tr("Inpaint"))
        run_button.clicked.connect(self.run_inpaint)
        form = QFormLayout()
        form.addRow(self.tr("Radius"), self.radius)
        form.addRow(self.tr("Sensitivity"), self.sensitivity)
        layout = QVBoxLayout(page)
        layout.addWidget(self.inpaint_methods)
        layout.addLayout(form)
        layout.addWidget(scratch_button)
        layout.addWidget(run_button)
        layout.addStretch(1)
        return page

    def _color_controls(self) -> QWidget:
        page = QWidget()
        self.color_methods = self._method_list(COLOR_METHODS, {"net", "scribbles"})
        self.color_button = QPushButton()
        self.color_button.clicked.connect(self._pick_color)
        self._show_color()
        load_button = QPushButton(self.tr("Load scribbles…"))
        load_button.setToolTip(self.tr("A PNG the size of the photo: coloured pixels are "
                                       "scribbles, transparent or gray ones are not"))
        load_button.clicked.connect(self._load_scribbles_dialog)
        self.strength = QSlider(Qt.Horizontal)
        self.strength.setRange(0, 100)
        self.strength.setValue(100)
        run_button = QPushButton(self.tr("Colourise"))
        run_button.clicked.connect(self.run_color)
        form = QFormLayout()
        form.addRow(self.tr("Scribble colour"), self.color_button)
        form.addRow(self.tr("Strength"), self.strength)
        layout = QVBoxLayout(page)
        layout.addWidget(self.color_methods)
        layout.addLayout(form)
        layout.addWidget(load_button)
        layout.addWidget(run_button)
        layout.addStretch(1)
        return page

    @staticmethod
    def chosen(widget: QListWidget) -> list[str]:
        return [widget.item(i).data(Qt.UserRole) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.Checked]

    @staticmethod
    def set_chosen(widget: QListWidget, names) -> None:
        for i in range(widget.count()):
            item = widget.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in names else Qt.Unchecked)

    # ----- scribbles ------------------------------------------------------------------
    def _pick_color(self) -> None:
        color = QColorDialog.getColor(self.color, self, self.tr("Scribble colour"))
        if color.isValid():
            self.set_color(color)

    def set_color(self, color: QColor) -> None:
        self.color = QColor(color)
        self._show_color()

    def _show_color(self) -> None:
        self.color_button.setText(self.color.name())
        self.color_button.setStyleSheet(f"background: {self.color.name()}")

    def _scribbles_changed(self) -> None:
        """New scribble pixels take the current colour; erased ones lose theirs."""
        if self.image is None:
            return
        mask = self.scribble_editor.mask()
        if self.scribbles is None or self.scribbles.shape[:2] != mask.shape:
            self.scribbles = np.zeros(mask.shape + (3,), np.uint8)
            self._scribble_mask = np.zeros(mask.shape, bool)
        added = mask & ~self._scribble_mask
        self.scribbles[added] = (self.color.red(), self.color.green(), self.color.blue())
        self.scribbles[~mask] = 0
        self._scribble_mask = mask.copy()

    def _load_scribbles_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load scribbles"))
        if path:
            try:
                self.load_scribbles(path)
            except Exception as exc:
                self.context.notify_error(self.tr("Could not load scribbles: {0}").format(exc))

    def load_scribbles(self, path) -> None:
        from cvlab.tools.restore.colorize_levin import scribbles_from_image

        colors, mask = scribbles_from_image(path)
        if mask.shape != self.image.shape[:2]:
            raise ValueError(f"{path}: {mask.shape[1]}×{mask.shape[0]} px, the photo is "
                             f"{self.image.shape[1]}×{self.image.shape[0]} px")
        self.scribbles, self._scribble_mask = colors.copy(), mask.copy()
        self.scribble_editor.set_mask(mask)

    # ----- opening and running --------------------------------------------------------
    def open_path(self, path: Path) -> None:
        self.read_image_async(path, self._opened, key="restore-open")

    def _opened(self, path: Path, array: np.ndarray) -> None:
        self.path, self.opened, self.history = str(path), array, []
        self._work_on(array)

    def _work_on(self, array: np.ndarray) -> None:
        """Make ``array`` the working photo: fresh mask and scribbles, no results."""
        self.image = array
        steps = "".join(f"\n→ {title}" for title, _ in self.history)
        self.file_label.setText(f"{self.path}\n{array.shape[1]} × {array.shape[0]} px{steps}")
        self.mask_editor.set_image(array)
        self.scribble_editor.set_image(array)
        self.scribbles, self.outputs = None, []
        self.result_box.clear()
        self.compare.set_images([(array, self.tr("Input"))])
        self._update_chain_buttons()

    def _update_chain_buttons(self) -> None:
        self.continue_button.setEnabled(bool(self.outputs))
        self.revert_button.setEnabled(bool(self.history))

    def continue_with_result(self) -> None:
        """The chosen result becomes the working photo (the opened file is untouched)."""
        if not self.outputs:
            return
        kind, name, image = self.outputs[max(0, self.result_box.currentIndex())]
        self.history.append((self.result_box.currentText() or name, f"{kind}_{name}"))
        self._work_on(image)
        self.context.notify(self.tr("Working on the result of {0}").format(self.history[-1][0]))

    def revert_to_opened(self) -> None:
        if self.opened is not None and self.history:
            self.history = []
            self._work_on(self.opened)

    def detect_scratches(self) -> None:
        if self.image is None:
            return
        self.submit(scratch_job, self.image, self.sensitivity.value() / 100,
                    label=self.tr("Find scratches"), source=self.path,
                    on_result=lambda mask: (self.mask_editor.set_mask(mask),
                                            self.views.setCurrentIndex(0)))

    def run_inpaint(self) -> None:
        names = self.chosen(self.inpaint_methods)
        if self.image is None or not names:
            self.context.notify(self.tr("Open an image and tick at least one method"))
            return
        mask = self.mask_editor.mask()
        if not mask.any():
            self.context.notify(self.tr("Paint over what to fill first (or detect scratches)"))
            return
        self.submit(inpaint_job, self.image, mask, names, self.radius.value(),
                    label=self.tr("Inpaint"), source=self.path, key="restore-run",
                    on_result=lambda out: self.show_outputs("inpaint", out))

    def run_color(self) -> None:
        names = self.chosen(self.color_methods)
        if self.image is None or not names:
            self.context.notify(self.tr("Open an image and tick at least one method"))
            return
        mask = self.scribble_editor.mask() if self.scribbles is not None else None
        self.submit(color_job, self.image, names, self.scribbles, mask,
                    self.strength.value() / 100, label=self.tr("Colourise"),
                    source=self.path, key="restore-run",
                    on_result=lambda out: self.show_outputs("colour", out))

    def show_outputs(self, kind: str, outputs) -> None:
        methods = INPAINT_METHODS if kind == "inpaint" else COLOR_METHODS
        titles = {m.name: m.title for m in methods}
        self.outputs = [(kind, name, image) for name, image, _ in outputs]
        first = self.image
        if kind == "inpaint":
            shown = np.array(first, copy=True)
            shown[self.mask_editor.mask()] = 0     # the holes, as the methods saw them
            first, caption = shown, self.tr("Masked input")
        else:
            caption = self.tr("Input")
        self.compare.set_images([(first, caption)] + [
            (image, f"{titles[name]}  {seconds:.1f} s") for name, image, seconds in outputs])
        self.result_box.clear()
        for name, _image, _s in outputs:
            self.result_box.addItem(titles[name], name)
        self._update_chain_buttons()
        self.views.setCurrentIndex(2)

    # ----- export ---------------------------------------------------------------------
    def can_export(self) -> bool:
        return bool(self.outputs)

    def export(self) -> None:
        if not self.outputs:
            self.context.notify(self.tr("Run a method first"))
            return
        index = max(0, self.result_box.currentIndex())
        kind, name, image = self.outputs[index]
        stem = "_".join([Path(self.path).stem if self.path else "photo"]
                        + [step for _, step in self.history])
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save result"), str(Path.home() / f"{stem}_{kind}_{name}.png"),
            self.tr("Images (*.png *.jpg *.tif *.webp)"))
        if path:
            try:
                save_image(path, image, inputs=[self.path] if self.path else ())
            except Exception as exc:
                self.context.notify_error(self.tr("Saving failed: {0}").format(exc))
            else:
                self.context.notify(self.tr("Saved {0}").format(path))
