"""Restore tab: paint a mask and inpaint it, or paint colour scribbles and colourise;
methods side by side, each shown as soon as it is done.

What the tab shows lives in a RestoreState (cvlab/tools/restore/state.py); the
RestoreController changes it and this panel renders from it. The two MaskPainters are
the editors of the mask and the scribbles (with their undo); their edits are copied into
the state."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
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
from cvlab.tools.restore.state import COLOR, INPAINT, RestoreController, RestoreState
from cvlab.ui.tool_panel import ToolPanel
from cvlab.ui.views import CompareView
from cvlab.ui.views.mask_painter import SCRIBBLE_TOOLBAR, MaskPainter

TITLES = {m.name: m.title for m in INPAINT_METHODS + COLOR_METHODS}  # English: self.tr


class RestorePanel(ToolPanel):
    def __init__(self, spec, context, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.state = RestoreState()
        self.titles = {name: self.tr(title) for name, title in TITLES.items()}
        self.controller = RestoreController(self.state, self.titles,
                                            cancel=context.worker.cancel)
        self.color = QColor(200, 60, 40)

        self.mask_editor = MaskPainter(overlay="restore-mask")
        self.mask_editor.maskChanged.connect(
            lambda: self.controller.set_mask(self.mask_editor.mask()))
        # Scribbles are paint: opaque, each stroke in its own colour, no mask-only tools.
        self.scribble_editor = MaskPainter(overlay="restore-scribbles", toolbar=SCRIBBLE_TOOLBAR,
                                           colored=True, opacity=1.0,
                                           color=self.color.getRgb()[:3])
        self.scribble_editor.maskChanged.connect(
            lambda: self.controller.set_scribbles(self.scribble_editor.colors(),
                                                  self.scribble_editor.mask()))
        self.compare = CompareView()
        self.views = QTabWidget()
        self.views.addTab(self.mask_editor, self.tr("Mask"))
        self.views.addTab(self.scribble_editor, self.tr("Colour scribbles"))
        self.views.addTab(self.compare, self.tr("Compare"))
        self.lay_out_side_by_side(self._controls(), self.views)
        self.state.changed.connect(self._render)
        self.show_empty_state(self.views, lambda: self.image is not None)

    # ----- the state, as the panel reads it ---------------------------------------------
    @property
    def path(self) -> str | None:
        return self.state.path

    @property
    def image(self) -> np.ndarray | None:
        return self.state.image

    @property
    def history(self) -> list[tuple[str, str]]:
        return list(self.state.history)

    @property
    def scribbles(self) -> np.ndarray | None:
        return self.state.scribbles

    @property
    def outputs(self) -> list[tuple[str, str, np.ndarray]]:
        """(kind, method, image) of each result in so far, in the run's order."""
        return [(r.kind, r.method, r.image) for r in self.state.results]

    def run_finished(self) -> bool:
        """No method of the last run is still queued or running."""
        return not self.state.running

    def status_text(self) -> str:
        return self.status_label.text()

    # ----- rendering from the state -----------------------------------------------------
    def _render(self, name: str, value) -> None:
        if name == "image" and value is not None:
            self.mask_editor.set_image(value)
            self.scribble_editor.set_image(value)
        if name in ("path", "image", "history"):
            self._render_file_label()
        if name in ("image", "run_input", "results") and self.state.image is not None:
            self.compare.set_images(self.controller.compare_images())
        if name == "results":
            self._render_result_box()
        if name in ("inpaint_methods", "color_methods"):
            widget = self.inpaint_methods if name == "inpaint_methods" else self.color_methods
            with QSignalBlocker(widget):  # the state is already right
                self.set_chosen(widget, value)
        if name in ("history", "results", "running", "notice"):
            self._render_status()
        self._update_chain_buttons()

    def _render_file_label(self) -> None:
        if self.state.image is None:
            self.file_label.setText(self.tr("No image"))
            return
        height, width = self.state.image.shape[:2]
        steps = "".join(f"\n→ {title}" for title, _ in self.state.history)
        self.file_label.setText(f"{self.state.path}\n{width} × {height} px{steps}")

    def _render_result_box(self) -> None:
        chosen = self.result_box.currentData()
        with QSignalBlocker(self.result_box):
            self.result_box.clear()
            for result in self.state.results:
                self.result_box.addItem(result.title, result.method)
            index = self.result_box.findData(chosen)
            self.result_box.setCurrentIndex(max(index, 0))

    def _render_status(self) -> None:
        lines = [self.controller.working_on(), self.controller.run_progress(),
                 self.state.notice]
        text = "\n".join(line for line in lines if line)
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
        # A wrapped label is not given the height it needs in a crowded column (1280×720):
        # ask for it, so the line is never cut.
        self.status_label.setMinimumHeight(
            self.status_label.heightForWidth(max(self.status_label.width(), 260)) if text else 0)

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
        # The tab's own line: the chain of results worked on, a run's progress, what the
        # last action did (never posted app-wide: it is about this tab only).
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        layout = QVBoxLayout(box)
        for widget in (open_button, self.file_label, self.status_label, self.modes):
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
            item = QListWidgetItem(self.tr(m.title) + (self.tr(" (online)") if m.online else ""))
            item.setData(Qt.UserRole, m.name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if m.name in checked else Qt.Unchecked)
            widget.addItem(item)
        widget.setMaximumHeight(130)
        widget.itemChanged.connect(lambda _item: self.controller.set_methods(
            INPAINT if methods is INPAINT_METHODS else COLOR, self.chosen(widget)))
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
        """The colour of the next scribble strokes (the colour button shows it)."""
        self.color = QColor(color)
        self.scribble_editor.set_paint_color(self.color.getRgb()[:3])
        self._show_color()

    def _show_color(self) -> None:
        self.color_button.setText(self.color.name())
        self.color_button.setStyleSheet(f"background: {self.color.name()}")

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
            raise ValueError(self.tr("{0}: {1}×{2} px, the photo is {3}×{4} px").format(
                path, mask.shape[1], mask.shape[0], self.image.shape[1], self.image.shape[0]))
        self.scribble_editor.set_scribbles(colors, mask)

    # ----- opening and running --------------------------------------------------------
    def open_path(self, path: Path) -> None:
        self.read_image_async(path, self._opened, key="restore-open")

    def _opened(self, path: Path, array: np.ndarray) -> None:
        self.controller.opened(str(path), array)

    def _update_chain_buttons(self) -> None:
        self.continue_button.setEnabled(bool(self.state.results))
        self.revert_button.setEnabled(bool(self.state.history))

    def continue_with_result(self) -> None:
        """The chosen result becomes the working photo (the opened file is untouched)."""
        self.controller.continue_with(self.result_box.currentIndex())

    def revert_to_opened(self) -> None:
        self.controller.revert()

    def detect_scratches(self) -> None:
        if self.image is None:
            return
        self.submit(scratch_job, self.image, self.sensitivity.value() / 100,
                    label=self.tr("Find scratches"), source=self.path, key="restore-scratches",
                    on_result=partial(self._scratches_found, self.image))

    def _scratches_found(self, image: np.ndarray, proposal: np.ndarray) -> None:
        """The proposal joins the user's strokes as one undoable step."""
        if image is not self.image:
            return  # detected on a photo no longer shown
        merged = self.controller.scratches_found(proposal)
        self.mask_editor.set_mask(merged, text=self.tr("Add detected scratches"))
        self.views.setCurrentIndex(0)

    def run_inpaint(self) -> None:
        self._run(INPAINT)

    def run_color(self) -> None:
        self._run(COLOR)

    def _run(self, kind: str) -> None:
        """One job per method, so each result shows as soon as it is done."""
        problem = self.controller.can_run(kind)
        if problem:  # said on this tab, where the user acts on it
            self.state.notice = self.tr(problem)
            return
        state = self.state
        if kind == INPAINT:
            names = state.inpaint_methods
            job = partial(inpaint_job, image=state.image, mask=state.mask,
                          radius=self.radius.value())
            label = self.tr("Inpaint")
        else:
            names = state.color_methods
            scribbles = state.scribbles if state.scribble_mask.any() else None
            mask = state.scribble_mask if scribbles is not None else None
            job = partial(color_job, image=state.image, scribbles=scribbles,
                          scribble_mask=mask, strength=self.strength.value() / 100)
            label = self.tr("Colourise")
        job_ids = []
        for name in names:
            ids: list[int] = []   # filled below, read when the job reports back
            submitted = self.submit(
                _one_method(job), name, label=self.tr("{0}: {1}").format(label, self.titles[name]),
                source=self.path,
                key=f"restore-run-{name}",
                on_result=lambda out, ids=ids: self._method_done(ids[0], out),
                on_error=lambda _failure, ids=ids: self.controller.method_failed(ids[0]),
                on_cancelled=lambda ids=ids: self.controller.method_cancelled(ids[0]))
            ids.append(submitted.id)
            job_ids.append(submitted.id)
        self.controller.start_run(kind, names, job_ids)
        self.views.setCurrentIndex(2)

    def _method_done(self, job_id: int, outputs) -> None:
        for name, image, seconds in outputs:
            self.controller.method_done(job_id, name, image, seconds)

    # ----- export ---------------------------------------------------------------------
    def can_export(self) -> bool:
        return bool(self.outputs)

    def export(self) -> None:
        if not self.state.results:
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


def _one_method(job):
    """``job`` (inpaint_job or color_job with its data bound) for one method name."""
    return lambda ctx, name: job(ctx, names=[name])
