"""Networks tab: a network's stages as a block diagram and its layer table, two networks
compared, the course's ResNet table beside ours, and a trained network's feature maps.

The controls on the left choose what is measured (network, input side, a second network);
the pages on the right show it. Everything shown lives in a ``NetsState`` (state.py); the
measurements and the feature maps run on the worker (jobs.py) and the widgets render from
the state when it changes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.i18n import translate
from cvlab.tools.nets import state as nets
from cvlab.tools.nets.architectures import ARCHITECTURES
from cvlab.tools.nets.figures import totals_text
from cvlab.tools.nets.jobs import course_job, feature_maps_job, feature_model_job, measure_job
from cvlab.tools.nets.panel_course import ComparisonView, CourseView
from cvlab.tools.nets.panel_diagram import StageDiagram
from cvlab.tools.nets.panel_features import FeaturePage
from cvlab.tools.nets.panel_layers import LayerTable
from cvlab.ui.tool_panel import ToolPanel

NETWORK, COMPARISON, COURSE, FEATURES = range(4)
NETWORK_FIELDS = frozenset({"arch", "compare", "input_size", "profiles", "problem",
                            "measuring", "selected"})
COURSE_FIELDS = frozenset({"course", "explanation", "course_busy"})
MODEL_FIELDS = frozenset({"feature_model", "feature_layers", "feature_layer", "filters",
                          "model_loading"})
MAP_FIELDS = frozenset({"photo_path", "photo", "maps", "maps_busy", "channels"})


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    return area


class NetsPanel(ToolPanel):
    def __init__(self, spec, context, parent: QWidget | None = None) -> None:
        super().__init__(spec, context, parent)
        self.state = nets.NetsState()
        self.diagram = StageDiagram()
        self.diagram.stageClicked.connect(self._stage_clicked)
        self.layers = LayerTable()
        self.layers.showAll.connect(lambda: nets.select_stage(self.state, 0, None))
        self.comparison = ComparisonView()
        self.course_view = CourseView()
        self.course_view.retry.clicked.connect(self._ensure_course)
        self.features = FeaturePage()
        self.features.modelChosen.connect(self.choose_feature_model)
        self.features.layerChosen.connect(self.choose_layer)
        self.features.channelsChosen.connect(lambda n: nets.choose_channels(self.state, n))
        self.features.openPhoto.connect(self.choose_image_file)

        network = QSplitter(Qt.Vertical)
        network.addWidget(_scrolled(self.diagram))
        network.addWidget(self.layers)
        network.setStretchFactor(0, 2)
        network.setStretchFactor(1, 3)
        self.pages = QTabWidget()
        self.pages.addTab(network, self.tr("Diagram and layers"))
        self.pages.addTab(_scrolled(self.comparison), self.tr("Comparison"))
        self.pages.addTab(_scrolled(self.course_view), self.tr("Course's ResNet table"))
        self.pages.addTab(self.features, self.tr("Feature maps"))
        self.pages.currentChanged.connect(self._page_shown)
        self.lay_out_side_by_side(self.scrolling(self._controls()), self.pages)
        self.state.changed.connect(self._render)
        self._render_network()
        self._render_course()
        self._render_model()
        self._render_maps()
        self.show_empty_state(self.features.maps_view, lambda: self.state.photo is not None)

    # ----- controls -------------------------------------------------------------------
    def _controls(self) -> QWidget:
        box = QWidget()
        box.setMaximumWidth(300)
        self.arch_box = QComboBox()
        self.compare_box = QComboBox()
        for combo in (self.arch_box, self.compare_box):  # the column stays narrow
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.compare_box.addItem(self.tr("(none)"), None)
        for arch in ARCHITECTURES:
            for combo in (self.arch_box, self.compare_box):
                combo.addItem(nets.arch_title(arch.name), arch.name)
                combo.setItemData(combo.count() - 1, translate("NetsTable", arch.description),
                                  Qt.ToolTipRole)
        self.arch_box.activated.connect(
            lambda i: self.choose_arch(self.arch_box.itemData(i)))
        self.compare_box.activated.connect(
            lambda i: self.choose_compare(self.compare_box.itemData(i)))
        self.input_spin = QSpinBox()
        self.input_spin.setRange(nets.MIN_INPUT, nets.MAX_INPUT)
        self.input_spin.setSingleStep(16)
        self.input_spin.setSuffix(self.tr(" px"))
        self.input_spin.setKeyboardTracking(False)  # measure the number typed, not each digit
        self.input_spin.setToolTip(self.tr("The side of the square input image; the course's "
                                           "figures are for 224"))
        self.input_spin.valueChanged.connect(self.choose_input)
        course_button = QPushButton(self.tr("The course's ResNet table"))
        course_button.setToolTip(self.tr("ResNet-18 to 152: the course's multiply-adds beside "
                                         "ours, for the paper's and torchvision's networks"))
        course_button.clicked.connect(lambda: self.show_page(COURSE))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        hint = QLabel(self.tr("Click a stage in the diagram to list only its layers. Counted "
                              "without weights, on an image of zeros: the structure alone "
                              "decides these numbers."))
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Network"), self.arch_box)
        form.addRow(self.tr("Input side"), self.input_spin)
        form.addRow(self.tr("Compare with"), self.compare_box)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(course_button)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(hint)
        return box

    # ----- what the user chooses ------------------------------------------------------
    def choose_arch(self, name: str) -> None:
        self._measure(nets.choose_arch(self.state, name))

    def choose_compare(self, name: str | None) -> None:
        self._measure(nets.choose_compare(self.state, name))

    def choose_input(self, side: int) -> None:
        self._measure(nets.choose_input(self.state, side))

    def show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)

    def _stage_clicked(self, network: int, index: int) -> None:
        nets.select_stage(self.state, network, index if index >= 0 else None)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if not self.state.profiles and self.state.measuring is None and not self.state.problem:
            self._measure(nets.measure_again(self.state))

    def _page_shown(self, page: int) -> None:
        if page == COURSE:
            self._ensure_course()
        elif page == FEATURES:
            self._ensure_feature_model()

    # ----- measuring ------------------------------------------------------------------
    def _measure(self, request: int | None) -> None:
        if request is None:  # the choice does not fit: the state says why
            self.context.notify_error(self.state.problem)
            return
        names = nets.chosen(self.state)
        self.submit(measure_job, names, self.state.input_size,
                    label=self.tr("Measure {0}").format(" + ".join(map(nets.arch_title, names))),
                    key="nets-measure",
                    on_result=lambda profiles: nets.measured(self.state, request, profiles),
                    on_error=lambda failure: nets.measure_failed(
                        self.state, request, failure.summary()),
                    on_cancelled=lambda: nets.measure_failed(self.state, request))

    def _ensure_course(self) -> None:
        if nets.course_started(self.state):
            self.submit(course_job, label=self.tr("Measure the course's ResNets"),
                        key="nets-course",
                        on_result=lambda result: nets.course_done(self.state, *result),
                        on_error=lambda _f: nets.course_failed(self.state),
                        on_cancelled=lambda: nets.course_failed(self.state))

    # ----- feature maps ---------------------------------------------------------------
    def _ensure_feature_model(self) -> None:
        if nets.needs_feature_model(self.state):
            self._load_feature_model(self.state.feature_model)

    def choose_feature_model(self, name: str) -> None:
        if nets.choose_feature_model(self.state, name):
            self._load_feature_model(name)

    def _load_feature_model(self, name: str) -> None:
        self.state.model_loading = True

        def loaded(result) -> None:
            if nets.feature_model_loaded(self.state, name, *result):
                self._run_maps()

        self.submit(feature_model_job, name, label=self.tr("Load {0}").format(
                        nets.feature_model_title(name)), key="nets-model",
                    on_result=loaded,
                    on_error=lambda _f: nets.feature_model_failed(self.state, name),
                    on_cancelled=lambda: nets.feature_model_failed(self.state, name))

    def choose_layer(self, layer: str) -> None:
        if layer != self.state.feature_layer:
            nets.choose_layer(self.state, layer)
            self._run_maps()

    def open_path(self, path: Path) -> None:
        """A photo for the feature maps (the window routes images here while this tab is
        current); a file that is no image is said in one sentence and changes nothing."""
        self.show_page(FEATURES)
        self._ensure_feature_model()
        self.read_image_async(path, self._photo_opened, key="nets-photo")

    def _photo_opened(self, path: Path, image: np.ndarray) -> None:
        nets.open_photo(self.state, str(path), image)
        self.refresh_empty_state()
        self._run_maps()

    def _run_maps(self) -> None:
        request = nets.maps_requested(self.state)
        if request is None:
            return
        s = self.state
        self.submit(feature_maps_job, s.feature_model, s.photo, s.feature_layer,
                    label=self.tr("Feature maps of {0}").format(s.feature_layer),
                    source=s.photo_path, key="nets-maps",
                    on_result=lambda maps: nets.maps_done(self.state, request, maps),
                    on_error=lambda _f: nets.maps_failed(self.state, request),
                    on_cancelled=lambda: nets.maps_failed(self.state, request))

    # ----- rendering the state --------------------------------------------------------
    def _render(self, name: str, _value) -> None:
        if name in NETWORK_FIELDS:
            self._render_network()
        elif name in COURSE_FIELDS:
            self._render_course()
        elif name in MODEL_FIELDS:
            self._render_model()
        elif name in MAP_FIELDS:
            self._render_maps()

    def _titles(self) -> list[str]:
        return [nets.arch_title(p.arch) for p in self.state.profiles]

    def _render_network(self) -> None:
        s = self.state
        for combo, name in ((self.arch_box, s.arch), (self.compare_box, s.compare)):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(max(0, combo.findData(name)))
        with QSignalBlocker(self.input_spin):
            self.input_spin.setValue(s.input_size)
        titles = self._titles()
        self.diagram.set_profiles(s.profiles, titles)
        self.diagram.set_selected(s.selected)
        self.diagram.set_message(s.problem or (self.tr("Measuring {0}…").format(
            " + ".join(map(nets.arch_title, nets.chosen(s)))) if s.measuring else ""))
        profile = nets.table_profile(s)
        title = nets.arch_title(profile.arch) if profile is not None else ""
        self.layers.show_rows(profile, title, nets.selected_stage(s))
        self.comparison.show_profiles(s.profiles, titles)
        self.summary.setText("\n\n".join(f"{t}\n{totals_text(p)}" for t, p in zip(
            titles, s.profiles)) if s.profiles else (s.problem or ""))

    def _render_course(self) -> None:
        s = self.state
        self.course_view.show_rows(s.course, s.explanation, s.course_busy)

    def _render_model(self) -> None:
        s = self.state
        self.features.show_model(s.feature_model, s.feature_layers, s.feature_layer,
                                 s.filters, s.model_loading)

    def _render_maps(self) -> None:
        s = self.state
        self.features.show_photo(s.photo_path, s.photo)
        self.features.show_maps(s.maps, s.channels, s.maps_busy is not None)
