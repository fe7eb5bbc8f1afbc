"""Faces tab: detect with landmarks, tune live, untick faces to keep, anonymise, export."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.images import save_image
from cvlab.tools.faces.detection import (
    DETECTORS,
    THRESHOLD_RANGE,
    faces_to_csv,
    faces_to_json,
)
from cvlab.tools.faces.jobs import compare_photo_job, detect_job, folder_job, same_person_job
from cvlab.tools.faces.panel_same_person import SamePersonBox
from cvlab.tools.faces.state import DetectionRequest, FacesController, FacesState
from cvlab.ui.tool_panel import ToolPanel
from cvlab.ui.views import ImageView

BOX_COLOR, KEPT_COLOR, LANDMARK_COLOR = (0, 230, 80), (150, 150, 150), (255, 220, 0)


class FacesPanel(ToolPanel):
    def __init__(self, spec, context, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        # What the tab shows lives in the state; the widgets render from it.
        self.state = FacesState()
        self.controller = FacesController(self.state, self._submit_detection)
        self.view = ImageView()
        self.view.overlayClicked.connect(lambda layer, i: layer == "faces"
                                         and self.face_list.setCurrentRow(i))
        # the column scrolls at 1280x720 instead of squeezing the face list and the chips
        self.controls_area = self.scrolling(self._controls())
        self.lay_out_side_by_side(self.controls_area, self.view)
        self.show_empty_state(self.view)
        self.state.changed.connect(self._render)
        for name in ("detector", "min_size", "faces"):
            self._render(name, getattr(self.state, name))

    # the state under the names the tab has always had
    @property
    def path(self) -> str | None:
        return self.state.path

    @property
    def image(self) -> np.ndarray | None:
        return self.state.image

    @property
    def faces(self) -> tuple:
        return self.state.faces

    @property
    def keep(self) -> frozenset[int]:
        return self.state.keep

    # ----- controls -------------------------------------------------------------------
    def _controls(self) -> QWidget:
        box = QWidget()
        box.setMaximumWidth(320)
        open_button, self.file_label = self.image_opener()
        self.detector_box = QComboBox()
        for name, title in DETECTORS.items():
            self.detector_box.addItem(self.tr(title), name)
        self.detector_box.currentIndexChanged.connect(self._detector_changed)
        self.threshold = QSlider(Qt.Horizontal)
        self.threshold.setRange(0, 1000)   # mapped onto the detector's THRESHOLD_RANGE
        self.threshold.valueChanged.connect(self._threshold_moved)
        self.threshold_label = QLabel()
        self.min_size = QSlider(Qt.Horizontal)
        self.min_size.setRange(8, 200)
        self.min_size.setValue(20)
        self.min_size.valueChanged.connect(self.controller.set_min_size)
        self.min_size_label = QLabel("20 px")
        self.count_label = QLabel()
        self.face_list = QListWidget()
        self.face_list.setMinimumHeight(110)   # five rows stay readable
        self.face_list.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.face_list.setToolTip(self.tr("Untick a face to keep it as it is; select two to "
                                          "compare them"))
        self.face_list.itemChanged.connect(self._tick_changed)
        self.face_list.currentRowChanged.connect(
            lambda row: "faces" in self.view.overlay_names()
            and self.view.highlight("faces", row if row >= 0 else None))

        self.method_box = QComboBox()
        for method, title in (("blur", self.tr("Blur")), ("pixelate", self.tr("Pixelate")),
                              ("fill", self.tr("Solid fill"))):
            self.method_box.addItem(title, method)
        self.strength = self._slider(50)
        self.strength.setToolTip(self.tr("How strongly each face is blurred or pixelated, "
                                         "relative to its size"))
        self.margin = self._slider(15)
        self.margin.setToolTip(self.tr("How far the anonymised region reaches beyond the "
                                       "face's box, on each side, as a share of the box"))
        # The values in words beside the sliders: a bare slider says nothing.
        self.strength_label = self._value_label(self.strength, self.tr("{0} %"))
        self.margin_label = self._value_label(self.margin, self.tr("{0} %"))
        for widget in (self.method_box,):
            widget.currentIndexChanged.connect(lambda _i: self._refresh_preview())
        self.strength.valueChanged.connect(lambda _v: self._refresh_preview())
        self.margin.valueChanged.connect(lambda _v: self._refresh_preview())
        self.preview = QCheckBox(self.tr("Show anonymised"))
        self.preview.toggled.connect(self.controller.show_anonymised)
        save_button = QPushButton(self.tr("Save anonymised image…"))
        save_button.clicked.connect(self.export)
        boxes_button = QPushButton(self.tr("Export boxes (JSON / CSV)…"))
        boxes_button.clicked.connect(self.export_boxes_dialog)
        self.same_person = SamePersonBox()
        self.same_person.compareFaces.connect(self.compare_selected)
        self.same_person.compareFile.connect(lambda model: self.compare_with_photo(model))
        folder_button = QPushButton(self.tr("Anonymise a folder…"))
        folder_button.clicked.connect(lambda: self.folder_dialog(anonymise_faces=True))
        count_button = QPushButton(self.tr("Count faces in a folder…"))
        count_button.clicked.connect(lambda: self.folder_dialog(anonymise_faces=False))

        form = QFormLayout()
        form.addRow(self.tr("Detector"), self.detector_box)
        form.addRow(self.threshold_label, self.threshold)
        form.addRow(self.tr("Min. face"), self._row(self.min_size, self.min_size_label))
        form.addRow(self.tr("Anonymise"), self.method_box)
        form.addRow(self.tr("Strength"), self._row(self.strength, self.strength_label))
        form.addRow(self.tr("Margin (each side)"), self._row(self.margin, self.margin_label))
        layout = QVBoxLayout(box)
        for widget in (open_button, self.file_label):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.count_label)
        layout.addWidget(self.face_list, 1)
        for widget in (self.preview, save_button, boxes_button, self.same_person,
                       folder_button, count_button):
            layout.addWidget(widget)
        return box

    def _slider(self, value: int) -> QSlider:
        slider = QSlider(Qt.Horizontal)
        slider.setRange(0, 100)
        slider.setValue(value)
        return slider

    @staticmethod
    def _value_label(slider: QSlider, template: str) -> QLabel:
        label = QLabel(template.format(slider.value()))
        label.setMinimumWidth(label.fontMetrics().horizontalAdvance(template.format(100)))
        slider.valueChanged.connect(lambda value: label.setText(template.format(value)))
        return label

    def _row(self, *widgets) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        return row

    def detector(self) -> str:
        return self.state.detector

    def threshold_value(self) -> float:
        low, high = THRESHOLD_RANGE[self.detector()]
        return low + (high - low) * self.threshold.value() / 1000

    def set_threshold(self, value: float) -> None:
        low, high = THRESHOLD_RANGE[self.detector()]
        self.threshold.setValue(int(round((value - low) / (high - low) * 1000)))

    def _detector_changed(self) -> None:
        self.controller.set_detector(self.detector_box.currentData())

    def _threshold_moved(self, _value: int) -> None:
        self.controller.set_threshold(self.threshold_value())

    # ----- opening and detecting ------------------------------------------------------
    def open_path(self, path: Path) -> None:
        self.read_image_async(path, self._opened, key="faces-open")

    def _opened(self, path: Path, array: np.ndarray) -> None:
        self.controller.open(str(path), array)

    def detect(self) -> None:
        """Run the chosen detector; the newest request wins, so dragging a slider is live."""
        self.controller.detect()

    def _submit_detection(self, request: DetectionRequest) -> None:
        self.submit(detect_job, self.state.image, request.detector, request.threshold,
                    request.min_size, label=self.tr("Detect faces"), source=self.path,
                    key="faces-run",
                    on_result=lambda faces: self.controller.detection_done(request, faces),
                    on_error=lambda *_: self.controller.detection_ended(request),
                    on_cancelled=lambda *_: self.controller.detection_ended(request))

    def show_faces(self, faces) -> None:
        """Show ``faces`` as found for the current image and settings."""
        self.controller.detection_done(self.controller.request(), faces)

    def _tick_changed(self, item) -> None:
        self.controller.set_kept(self.face_list.row(item), item.checkState() != Qt.Checked)

    # ----- rendering the state --------------------------------------------------------
    def _render(self, name: str, value) -> None:
        s = self.state
        if name == "path" or name == "image":
            if s.image is not None:
                self.file_label.setText(f"{s.path}\n{s.image.shape[1]} × {s.image.shape[0]} px")
            if name == "image":
                self.view.clear_overlays()
                self.view.set_image(value)   # a new image is fitted, not kept at the old zoom
        elif name in ("detector", "threshold"):
            with QSignalBlocker(self.detector_box), QSignalBlocker(self.threshold):
                self.detector_box.setCurrentIndex(self.detector_box.findData(s.detector))
                self.set_threshold(s.threshold)
            self.threshold_label.setText(self.tr("Threshold {0:.2f}").format(s.threshold))
        elif name == "min_size":
            self.min_size.setValue(value)
            self.min_size_label.setText(f"{value} px")
        elif name == "faces":
            self._render_face_list()
            self._show()
            # the buttons ask only what the faces on screen can answer
            self.same_person.faces_button.setEnabled(len(value) >= 2)
            self.same_person.file_button.setEnabled(len(value) >= 1)
        elif name == "keep":
            with QSignalBlocker(self.face_list):
                for row in range(self.face_list.count()):
                    self.face_list.item(row).setCheckState(
                        Qt.Unchecked if row in value else Qt.Checked)
            self._show()
        elif name in ("preview", "show_anonymised"):
            self.preview.setChecked(s.show_anonymised)
            self._show()
        elif name == "method":
            self.method_box.setCurrentIndex(self.method_box.findData(value))
        elif name in ("strength", "margin"):
            getattr(self, name).setValue(int(round(value * 100)))
        if name in ("comparison", "comparison_label", "comparing"):
            self.same_person.show_comparison(s.comparison, s.comparison_label,
                                             running=s.comparing is not None)
            if s.comparison is not None:   # the answer in sight, even in a short window,
                # once the layout has placed the chips and the verdict
                QTimer.singleShot(0, lambda: self.controls_area.ensureWidgetVisible(
                    self.same_person.verdict))
        if name in ("image", "faces", "detecting"):
            # blank until the first detection on an image has answered
            waiting = s.image is None or (s.detecting is not None and not s.faces)
            self.count_label.setText("" if waiting else
                                     self.tr("{0} face(s)").format(len(s.faces)))

    def _render_face_list(self) -> None:
        with QSignalBlocker(self.face_list):
            self.face_list.clear()
            for n, face in enumerate(self.state.faces):
                x0, y0, x1, y1 = face.box
                item = QListWidgetItem(self.tr("Face {0}: {1:.2f} · {2:.0f}×{3:.0f} px").format(
                    n + 1, face.score, x1 - x0, y1 - y0))
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Unchecked if n in self.state.keep else Qt.Checked)
                self.face_list.addItem(item)

    # ----- showing --------------------------------------------------------------------
    def anonymised(self) -> np.ndarray:
        return self.controller.anonymised()

    def _refresh_preview(self) -> None:
        """The anonymising controls moved: hand their values to the controller."""
        self.controller.set_anonymise(method=self.method_box.currentData(),
                                      strength=self.strength.value() / 100,
                                      margin=self.margin.value() / 100)

    def _show(self) -> None:
        s = self.state
        if s.image is None:
            return
        showing_preview = s.show_anonymised and s.preview is not None
        self.view.set_image(s.preview if showing_preview else s.image, keep_view=True)
        self.view.clear_overlays()
        if not s.faces or showing_preview:
            return
        boxes = [f.box for f in self.faces]
        labels = [f"{n + 1}: {f.score:.2f}" for n, f in enumerate(self.faces)]
        self.view.set_boxes("faces", boxes, labels, color=BOX_COLOR)
        points = [p for f in self.faces if f.landmarks is not None for p in f.landmarks]
        if points:
            self.view.set_points("landmarks", np.asarray(points), color=LANDMARK_COLOR,
                                 size=5)
        kept = [self.faces[i].box for i in sorted(self.keep)]
        if kept:
            self.view.set_boxes("kept", kept, [self.tr("kept")] * len(kept),
                                color=KEPT_COLOR)

    # ----- same person ----------------------------------------------------------------
    def selected_faces(self) -> list[int]:
        return sorted(index.row() for index in self.face_list.selectedIndexes())

    def compare_selected(self, model: str | None = None) -> None:
        """Compare the two faces selected in the list with ``model`` (the box's choice)."""
        rows = self.selected_faces()
        if len(rows) != 2:
            self.context.notify(self.tr("Select exactly two faces in the list (Ctrl+click)"))
            return
        model = model or self.same_person.model()
        request = self.controller.start_comparison(
            self.tr("Faces {0} and {1}").format(rows[0] + 1, rows[1] + 1))
        a, b = (self.faces[r] for r in rows)
        self.submit(same_person_job, model, self.image, a, self.image, b,
                    label=self.tr("Same person?"), source=self.path, key="faces-compare",
                    **self._comparison_callbacks(request))

    def compare_with_photo(self, model: str | None = None, path: str | None = None) -> None:
        """Compare the selected face (or the largest) with the largest face in ``path``
        (asked for when not given)."""
        from cvlab.tools.faces.verify import largest_face

        if self.image is None or not self.faces:
            self.context.notify(self.tr("Open a photo with a face first"))
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Photo to compare with"),
                                                  str(Path(self.path).parent))
            if not path:
                return
        rows = self.selected_faces()
        row = rows[0] if rows else largest_face(list(self.faces))
        request = self.controller.start_comparison(
            self.tr("Face {0} and {1}").format(row + 1, Path(path).name))
        self.submit(compare_photo_job, model or self.same_person.model(), self.image,
                    self.faces[row], path, label=self.tr("Same person?"), source=path,
                    key="faces-compare", **self._comparison_callbacks(request))

    def _comparison_callbacks(self, request) -> dict:
        ended = lambda *_: self.controller.comparison_ended(request)  # noqa: E731
        return {"on_result": lambda result: self.controller.comparison_done(request, result),
                "on_error": ended, "on_cancelled": ended}

    # ----- export and folders ---------------------------------------------------------
    def can_export(self) -> bool:
        return self.image is not None

    def export(self) -> None:
        if self.image is None:
            self.context.notify(self.tr("Open an image first"))
            return
        stem = Path(self.path).stem if self.path else "image"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save anonymised image"), str(Path.home() / f"{stem}_anonymised.png"),
            self.tr("Images (*.png *.jpg *.tif *.webp)"))
        if path:
            self._save(lambda: save_image(path, self.anonymised(), inputs=[self.path]), path)

    def export_boxes_dialog(self) -> None:
        stem = Path(self.path).stem if self.path else "faces"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export boxes"),
                                              str(Path.home() / f"{stem}_faces.json"),
                                              self.tr("JSON (*.json);;CSV (*.csv)"))
        if path:
            self._save(lambda: self.export_boxes(path), path)

    def export_boxes(self, path: str | Path) -> Path:
        from cvlab.core.fileio import atomic_write, check_output_path

        target = check_output_path(path, [self.path] if self.path else [])
        text = (faces_to_csv(self.faces) if target.suffix.lower() == ".csv" else
                json.dumps(faces_to_json(self.faces), indent=2))
        with atomic_write(target) as handle:
            handle.write(text.encode("utf-8"))
        return target

    def _save(self, write, path) -> None:
        try:
            write()
        except Exception as exc:
            self.context.notify_error(self.tr("Saving failed: {0}").format(exc))
        else:
            self.context.notify(self.tr("Saved {0}").format(path))

    def folder_dialog(self, anonymise_faces: bool) -> None:
        source = QFileDialog.getExistingDirectory(self, self.tr("Folder of images"))
        if not source:
            return
        target = QFileDialog.getExistingDirectory(
            self, self.tr("Write anonymised copies and the summary to"), str(Path.home()))
        if target:
            self.run_folder(source, target, anonymise_faces)

    def run_folder(self, source: str, target: str, anonymise_faces: bool) -> None:
        options = self.controller.anonymise_options() if anonymise_faces else None
        self.submit(
            folder_job, source, target, self.detector(), self.state.threshold,
            self.state.min_size, options, label=self.tr("Faces in a folder"), source=source,
            on_result=self._folder_done)

    def _folder_done(self, report) -> None:
        self.last_folder_report = report
        text = self.tr("{0} image(s), {1} face(s)").format(len(report.rows), report.faces)
        if report.failed:
            text += self.tr("; {0} failed: {1}").format(
                len(report.failed), ", ".join(Path(p).name for p, _ in report.failed))
            self.context.notify_error(text, "\n".join(f"{p}: {why}" for p, why in
                                                      report.failed))
        else:
            self.context.notify(text)
