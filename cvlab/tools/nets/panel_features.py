"""The Feature maps page: a trained network's maps of one layer for a photo, and its
first-layer filters, each in a shared ImageView.

The page has the controls (model, layer, how many channels, "Open photo…") and the two
views; it renders what the tab's state holds (``show_model``, ``show_photo``,
``show_maps``) and says what the user chose through its signals. The maps view is the one
the tab's empty-state card covers until a photo is open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cvlab.tools.nets.features import FEATURE_MODELS, channel_grid
from cvlab.tools.nets.figures import shape_text
from cvlab.tools.nets.state import feature_model_title
from cvlab.ui.views import ImageView


class FeaturePage(QWidget):
    modelChosen = Signal(str)
    layerChosen = Signal(str)
    channelsChosen = Signal(int)
    openPhoto = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_box = QComboBox()
        self.model_box.setMinimumContentsLength(10)
        for name in FEATURE_MODELS:
            self.model_box.addItem(feature_model_title(name), name)
        self.model_box.setToolTip(self.tr("A network trained on ImageNet, with the weights "
                                          "that come with CV Lab"))
        self.model_box.activated.connect(
            lambda i: self.modelChosen.emit(self.model_box.itemData(i)))
        self.layer_box = QComboBox()
        self.layer_box.setMinimumContentsLength(9)
        self.layer_box.setToolTip(self.tr("The layer whose output is shown, in the order "
                                          "the layers run"))
        self.layer_box.activated.connect(
            lambda i: self.layerChosen.emit(self.layer_box.itemText(i)))
        self.channels = QSpinBox()
        self.channels.setRange(4, 64)
        self.channels.setSingleStep(4)
        self.channels.setToolTip(self.tr("How many of the layer's channels to show, from "
                                         "the first"))
        self.channels.valueChanged.connect(self.channelsChosen)
        self.open_button = QPushButton(self.tr("Open photo…"))
        self.open_button.clicked.connect(self.openPhoto)
        self.photo_label = QLabel(self.tr("No photo"))
        self.photo_label.setWordWrap(True)
        self.maps_view = ImageView()
        self.filters_view = ImageView()
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.maps_view)
        split.addWidget(self.filters_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        for combo in (self.model_box, self.layer_box):  # the page stays narrow
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        controls = QGridLayout()
        controls.addWidget(QLabel(self.tr("Model")), 0, 0)
        controls.addWidget(self.model_box, 0, 1)
        controls.addWidget(QLabel(self.tr("Layer")), 0, 2)
        controls.addWidget(self.layer_box, 0, 3)
        controls.addWidget(QLabel(self.tr("Channels")), 1, 0)
        controls.addWidget(self.channels, 1, 1, Qt.AlignLeft)
        controls.addWidget(self.open_button, 1, 2, 1, 2, Qt.AlignLeft)
        controls.addWidget(self.photo_label, 2, 0, 1, 5)
        controls.setColumnStretch(4, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(split, 1)

    # ----- rendering the state --------------------------------------------------------
    def show_model(self, name: str, layers, layer: str, filters, loading: bool) -> None:
        with QSignalBlocker(self.model_box):
            self.model_box.setCurrentIndex(max(0, self.model_box.findData(name)))
        with QSignalBlocker(self.layer_box):
            if [self.layer_box.itemText(i) for i in range(self.layer_box.count())] != list(
                    layers):
                self.layer_box.clear()
                self.layer_box.addItems(list(layers))
            self.layer_box.setCurrentText(layer)
        if filters is None:
            self.filters_view.clear()
            self.filters_view.set_caption("")
            self.filters_view.set_message(self.tr("Loading the model…") if loading else "")
        else:
            self.filters_view.set_image(filters)
            self.filters_view.set_caption(self.tr("First-layer filters of {0}: red, green and "
                                                  "blue weights, grey is zero").format(
                feature_model_title(name)))

    def show_photo(self, path: str | None, image) -> None:
        if path is None or image is None:
            self.photo_label.setText(self.tr("No photo"))
        else:
            self.photo_label.setText(self.tr("{0} · {1} × {2} px").format(
                Path(path).name, image.shape[1], image.shape[0]))
            self.photo_label.setToolTip(str(path))

    def show_maps(self, maps, channels: int, busy: bool) -> None:
        with QSignalBlocker(self.channels):
            self.channels.setValue(channels)
        if maps is None:
            self.maps_view.clear()
            self.maps_view.set_caption("")
            self.maps_view.set_message(self.tr("Computing the feature maps…") if busy else "")
            return
        shown = min(channels, maps.maps.shape[0])
        self.maps_view.set_image(channel_grid(maps.maps, shown))
        self.maps_view.set_caption(self.tr(
            "{0}, layer {1}: the first {2} of its {3} channels, each {4} (the network saw "
            "{5}); bright is a strong response").format(
            feature_model_title(maps.model), maps.layer, shown, maps.maps.shape[0],
            shape_text(maps.maps.shape[1:]), shape_text(maps.input_size)))
