"""Heatmaps tab: where a classifier looks, by several CAM methods, layers or classes."""

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
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate
from cvlab.core.images import save_image
from cvlab.tools.heatmaps.cam import METHODS
from cvlab.tools.heatmaps.classifiers import CLASSIFIERS
from cvlab.tools.heatmaps.engine import COLORMAPS, Request, overlay
from cvlab.tools.heatmaps.jobs import describe_job, explain_job
from cvlab.tools.heatmaps.panel_widgets import ClassPicker, UserModelDialog
from cvlab.tools.heatmaps.state import (
    HeatmapState,
    add_result,
    choose_second,
    choose_target,
    highlighted_row,
    model_loaded,
    needs_model,
    open_image,
    start_run,
    stop_run,
)
from cvlab.ui.tool_panel import ToolPanel
from cvlab.ui.views import CompareView

DEFAULT_METHODS = ("gradcam", "layercam")
CAVEAT = QT_TRANSLATE_NOOP(
    "HeatmapPanel", "A heat map shows which pixels moved this model's score for one class. It is a "
          "subjective explanation, not evidence: in medicine, never read it as the location "
          "of a finding. Maps differ between methods and layers; compare several.")


def _caption(heatmap) -> str:
    if not heatmap.faithfulness:
        return heatmap.title
    return translate("HeatmapPanel", "{0} · drop {1:.1f} %").format(
        heatmap.title, heatmap.faithfulness["average_drop"])


class HeatmapPanel(ToolPanel):
    """Renders a :class:`HeatmapState`; the classifier loads when the tab is first shown
    (or an image opens), not at start-up behind another tab."""

    def __init__(self, spec, context, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.state = HeatmapState()
        self.compare = CompareView()
        self.lay_out_side_by_side(self.scrolling(self._controls()), self.compare)
        self.state.changed.connect(self._state_changed)
        self.show_empty_state(self.compare, lambda: self.image is not None)

    # What the tab shows lives in the state; these read it (tests and screenshots use them).
    source_model = property(lambda self: self.state.source_model)
    facts = property(lambda self: self.state.facts)
    path = property(lambda self: self.state.path)
    image = property(lambda self: self.state.image)
    target = property(lambda self: self.state.target)
    second = property(lambda self: self.state.second)
    explanation = property(lambda self: self.state.explanation)
    heats = property(lambda self: self.state.heats)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        self.ensure_model()

    def _state_changed(self, name: str, value) -> None:
        if name == "predictions":
            self._show_predictions(value)
        if name in ("predictions", "target"):
            self._show_highlight()
        if name == "target":
            self.class_picker.show_class(value)
        elif name == "second":
            self.second_picker.show_class(value)
        elif name == "explanation":
            self._show()

    # ----- controls -------------------------------------------------------------------
    def _controls(self) -> QWidget:
        box = QWidget()
        box.setMaximumWidth(340)
        self.model_box = QComboBox()
        for info in CLASSIFIERS:
            suffix = "" if info.offline else self.tr(" — online")
            self.model_box.addItem(self.tr(info.title) + suffix, ("builtin", info.name))
            tip = self.tr(info.description) + " " + self.tr(
                "It sees the whole photo at its own aspect (shorter side 224, no crop).")
            self.model_box.setItemData(self.model_box.count() - 1, tip, Qt.ToolTipRole)
        self.model_box.addItem(self.tr("Your model…"), ("user",))
        self.model_box.setItemData(self.model_box.count() - 1, self.tr(
            "A TorchScript file or a torchvision state dict; it sees the whole photo squashed "
            "to 224 × 224 (aspect not kept), the size such models usually require."),
            Qt.ToolTipRole)
        self.model_box.activated.connect(self._model_chosen)
        open_button, self.file_label = self.image_opener()

        self.predictions = QTableWidget(0, 2)
        self.predictions.setHorizontalHeaderLabels([self.tr("Top-5 class"), self.tr("p")])
        self.predictions.verticalHeader().hide()
        self.predictions.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.predictions.setSelectionBehavior(QAbstractItemView.SelectRows)
        # All five rows visible at any window size (the column scrolls instead).
        row_height = self.fontMetrics().height() + 6
        self.predictions.verticalHeader().setDefaultSectionSize(row_height)
        self.predictions.setFixedHeight(
            self.predictions.horizontalHeader().sizeHint().height() + 5 * row_height
            + 2 * self.predictions.frameWidth())
        self.predictions.setToolTip(self.tr("Click a class to explain it"))
        self.predictions.cellClicked.connect(self._prediction_clicked)
        self.class_picker = ClassPicker()
        self.class_picker.classChosen.connect(self._target_chosen)
        self.second_picker = ClassPicker()
        self.second_picker.setPlaceholderText(self.tr("top-2 (type to search)"))
        self.second_picker.classChosen.connect(self._second_chosen)

        self.view_methods = QRadioButton(self.tr("Methods side by side"))
        self.view_depths = QRadioButton(self.tr("Layer-CAM over depths"))
        self.view_classes = QRadioButton(self.tr("Two classes"))
        self.view_methods.setChecked(True)
        views = QButtonGroup(box)
        for button in (self.view_methods, self.view_depths, self.view_classes):
            views.addButton(button)
        views.buttonClicked.connect(lambda _b: self.run())

        self.methods = QListWidget()
        for method, title in METHODS.items():
            item = QListWidgetItem(title)
            item.setData(Qt.UserRole, method)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if method in DEFAULT_METHODS else Qt.Unchecked)
            self.methods.addItem(item)
        self.methods.item(list(METHODS).index("scorecam")).setToolTip(self.tr(
            "One forward pass per channel of the layer: tens of seconds on a CPU for a deep "
            "layer"))
        self.methods.setFixedHeight(len(METHODS) * self.methods.sizeHintForRow(0)
                                    + 2 * self.methods.frameWidth())
        self.methods.itemChanged.connect(lambda _i: self.run())
        self.layer_box = QComboBox()
        self.layer_box.setToolTip(self.tr("The layer whose activations make the map"))
        self.layer_box.activated.connect(lambda _i: self.run())

        self.colormap_box = QComboBox()
        self.colormap_box.addItems(COLORMAPS)
        self.colormap_box.currentIndexChanged.connect(lambda _i: self._show())
        self.alpha = QSlider(Qt.Horizontal)
        self.alpha.setRange(0, 100)
        self.alpha.setValue(50)
        self.alpha.valueChanged.connect(lambda _v: self._show())
        run_button = QPushButton(self.tr("Run"))
        run_button.clicked.connect(self.run)
        export_button = QPushButton(self.tr("Export overlays and maps…"))
        export_button.setToolTip(self.tr("PNG overlay and .npy map (float32, the photo's "
                                         "size, 0–1) for each panel"))
        export_button.clicked.connect(self.export)
        self.readout = QLabel()
        self.readout.setWordWrap(True)
        caveat = QLabel(self.tr(CAVEAT))
        caveat.setWordWrap(True)
        caveat.setStyleSheet("color: #8a5a00")

        form = QFormLayout()
        form.addRow(self.tr("Model"), self.model_box)
        form.addRow(self.tr("Class"), self.class_picker)
        form.addRow(self.tr("Second class"), self.second_picker)
        form.addRow(self.tr("Layer"), self.layer_box)
        form.addRow(self.tr("Colormap"), self.colormap_box)
        form.addRow(self.tr("Opacity"), self.alpha)
        layout = QVBoxLayout(box)
        layout.addWidget(open_button)
        layout.addWidget(self.file_label)
        layout.addLayout(form)
        layout.addWidget(self.predictions)
        for button in (self.view_methods, self.view_depths, self.view_classes):
            layout.addWidget(button)
        layout.addWidget(self.methods)
        layout.addWidget(run_button)
        layout.addWidget(self.readout)
        layout.addWidget(export_button)
        layout.addStretch(1)
        layout.addWidget(caveat)
        return box

    def chosen_methods(self) -> list[str]:
        return [self.methods.item(i).data(Qt.UserRole) for i in range(self.methods.count())
                if self.methods.item(i).checkState() == Qt.Checked]

    def set_methods(self, names) -> None:
        with QSignalBlocker(self.methods):
            for i in range(self.methods.count()):
                item = self.methods.item(i)
                item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in names
                                   else Qt.Unchecked)

    # ----- the model ------------------------------------------------------------------
    def _model_chosen(self, index: int) -> None:
        source = self.model_box.itemData(index)
        if source == ("user",):
            dialog = UserModelDialog(self)
            if not dialog.exec() or not dialog.choice()[0]:
                self._select_model_item(self.source_model)
                return
            source = ("user", *dialog.choice())
        self.load_model(source)

    def _select_model_item(self, source: tuple) -> None:
        for i in range(self.model_box.count()):
            if self.model_box.itemData(i) == source:
                self.model_box.setCurrentIndex(i)
                return
        self.model_box.setCurrentIndex(self.model_box.count() - 1)  # "Your model…"

    def ensure_model(self) -> None:
        """Load the classifier the first time it is needed."""
        if needs_model(self.state):
            self.load_model()

    def load_model(self, source: tuple | None = None) -> None:
        """Load a classifier on the worker, then fill the layer and class choices."""
        source = source or self.source_model
        self.state.model_loading = True

        def failed(_failure) -> None:
            self.state.model_loading = False
            self._select_model_item(self.source_model)

        self.submit(describe_job, source, label=self.tr("Heatmaps: load the classifier"),
                    source=source[1], key="heatmaps-model",
                    on_result=lambda facts: self._model_loaded(source, facts),
                    on_error=failed, on_cancelled=lambda: failed(None))

    def _model_loaded(self, source: tuple, facts) -> None:
        model_loaded(self.state, source, facts)
        self._select_model_item(source)
        self.layer_box.clear()
        self.layer_box.addItems(list(facts.layers))
        if facts.default_layer:
            self.layer_box.setCurrentText(facts.default_layer)
        for picker in (self.class_picker, self.second_picker):
            picker.set_class_names(list(facts.class_names))
            picker.show_class(None)
        if facts.note:
            self.context.notify(facts.note)
        self.run()

    # ----- opening and running --------------------------------------------------------
    def open_path(self, path: Path) -> None:
        self.ensure_model()
        self.read_image_async(path, self._opened, key="heatmaps-open")

    def _opened(self, path: Path, array: np.ndarray) -> None:
        open_image(self.state, str(path), array)
        self.file_label.setText(f"{path}\n{array.shape[1]} × {array.shape[0]} px")
        self.readout.setText("")
        self._show()
        self.run()

    def requests(self) -> list[Request]:
        layer = self.layer_box.currentText()
        if self.view_depths.isChecked():
            depths = self.facts.depth_layers
            return [Request("layercam", (name,), self.target) for name in depths] + (
                [Request("layercam", depths, self.target)] if len(depths) > 1 else [])
        methods = self.chosen_methods()
        if self.view_classes.isChecked():
            method = methods[0] if methods else "gradcam"
            return [Request(method, (layer,), self.target),
                    Request(method, (layer,), self.second)]
        return [Request(method, (layer,), self.target) for method in methods]

    def run(self) -> None:
        if self.image is None or self.facts is None:
            return
        if not self.layer_box.currentText():
            self.context.notify(self.tr("This model exposes no layer to explain"))
            return
        requests = self.requests()
        if not requests:
            self.context.notify(self.tr("Tick at least one method"))
            return
        run_id, first = start_run(self.state, requests, self.view_classes.isChecked())
        self._submit_request(run_id, first)

    def _submit_request(self, run_id: int, request: Request) -> None:
        """One job per request, so each map shows as soon as it is done; the shared key
        lets a new run stop this one."""
        done = len(self.state.explanation.heatmaps) if self.state.explanation else 0
        total = done + len(self.state.pending)
        self.submit(explain_job, self.source_model, self.image, [request], False,
                    label=self.tr("Heatmaps: {0} ({1} of {2})").format(
                        METHODS[request.method], done + 1, total),
                    source=self.path, key="heatmaps-run",
                    on_result=lambda result: self._request_done(run_id, *result),
                    on_error=lambda _f: stop_run(self.state, run_id),
                    on_cancelled=lambda: stop_run(self.state, run_id))

    def _request_done(self, run_id: int, explanation, heats) -> None:
        following = add_result(self.state, run_id, explanation, heats)
        if following is not None:
            self._submit_request(run_id, following)

    def _show_predictions(self, predictions) -> None:
        self.predictions.setRowCount(len(predictions))
        for row, (class_id, name, probability) in enumerate(predictions):
            item = QTableWidgetItem(name)
            item.setData(Qt.UserRole, class_id)
            self.predictions.setItem(row, 0, item)
            self.predictions.setItem(row, 1, QTableWidgetItem(f"{probability:.3f}"))
        self.predictions.resizeColumnsToContents()

    def _show_highlight(self) -> None:
        """Only the class being explained is highlighted, however it was chosen."""
        row = highlighted_row(self.state)
        with QSignalBlocker(self.predictions):
            if row is None:
                self.predictions.clearSelection()
            else:
                self.predictions.selectRow(row)

    def _show_faithfulness(self, explanation) -> None:
        increased = [h.title for h in explanation.heatmaps
                     if h.faithfulness and h.faithfulness["increase"]]
        self.readout.setText(self.tr(
            "Drop: how much the class probability falls when the image is kept only where "
            "the map is high (lower is more faithful; Chattopadhay et al., 2018).") + (
            self.tr(" Confidence rose for: {0}.").format("; ".join(increased))
            if increased else ""))

    def overlays(self) -> list[tuple[np.ndarray, str]]:
        if self.explanation is None:
            return []
        colormap, alpha = self.colormap_box.currentText(), self.alpha.value() / 100
        return [(overlay(self.explanation.image, heat, colormap, alpha), _caption(h))
                for h, heat in zip(self.explanation.heatmaps, self.heats)]

    def _show(self) -> None:
        if self.explanation is None:  # a run has begun: the input alone until a map is done
            if self.image is not None:
                self.compare.set_images([(self.image, self.tr("Input"))])
            return
        self._show_faithfulness(self.explanation)
        top_id, top_name, top_p = self.explanation.predictions[0]
        items = [(self.explanation.image, self.tr("Input · top-1 {0} ({1:.1%})").format(
            top_name, top_p))] + self.overlays()
        self.compare.set_images(items)

    def _prediction_clicked(self, row: int, _column: int) -> None:
        item = self.predictions.item(row, 0)
        if item is not None:
            self._target_chosen(int(item.data(Qt.UserRole)))

    def _target_chosen(self, class_id: int) -> None:
        choose_target(self.state, class_id)
        self._show_highlight()  # also when the class is unchanged: undo a stray selection
        self.run()

    def _second_chosen(self, class_id: int) -> None:
        choose_second(self.state, class_id)
        if self.view_classes.isChecked():
            self.run()

    # ----- export ---------------------------------------------------------------------
    def can_export(self) -> bool:
        return bool(self.heats)

    def export(self) -> None:
        if not self.can_export():
            self.context.notify(self.tr("Open an image first"))
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export overlays and maps to"),
                                                  str(Path.home()))
        if folder:
            try:
                written = self.export_to(Path(folder))
            except Exception as exc:
                self.context.notify_error(self.tr("Export failed: {0}").format(exc))
            else:
                self.context.notify(self.tr("Saved {0} files in {1}").format(len(written),
                                                                            folder))

    def export_to(self, folder: Path) -> list[Path]:
        """<stem>_<n>_<method>_<layer>.png (overlay) and .npy (the map, float32, photo size)
        per panel; never over an existing file or the input."""
        from cvlab.core.fileio import atomic_write

        stem = Path(self.path).stem if self.path else "image"
        written = []
        for n, ((image, _title), heat, h) in enumerate(
                zip(self.overlays(), self.heats, self.explanation.heatmaps), start=1):
            layer = h.request.layers[0] if len(h.request.layers) == 1 else "fused"
            base = f"{stem}_{n}_{h.request.method}_{layer}".replace("+", "pp")
            png, npy = folder / f"{base}.png", folder / f"{base}.npy"
            for existing in (png, npy):
                if existing.exists():
                    raise FileExistsError(self.tr("{0} exists; choose another folder").format(
                        existing))
            written.append(save_image(png, image, inputs=[self.path] if self.path else ()))
            with atomic_write(npy) as handle:
                np.save(handle, heat.astype(np.float32))
            written.append(npy)
        return written
