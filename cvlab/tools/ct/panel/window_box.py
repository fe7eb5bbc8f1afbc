"""Window/level controls: presets, typed W/L or min/max, invert, a histogram with handles."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.i18n import QT_TRANSLATE_NOOP
from cvlab.tools.ct.windowing import (
    WindowPreset,
    add_user_preset,
    user_presets_file,
    window_bounds,
    window_from_bounds,
)

HU_RANGE = (-1100.0, 3100.0)
# The names and descriptions of the presets in cvlab/tools/ct/window_presets.json, for
# lupdate (a JSON file is not read by it); the box shows each preset through self.tr, so a
# user's own preset, not listed here, keeps its name.
SHIPPED_PRESET_TEXTS = (
    QT_TRANSLATE_NOOP("WindowBox", "Lung"),
    QT_TRANSLATE_NOOP("WindowBox", "Lung parenchyma and nodules (the course's window)"),
    QT_TRANSLATE_NOOP("WindowBox", "Mediastinum"),
    QT_TRANSLATE_NOOP("WindowBox", "Heart, vessels, lymph nodes"),
    QT_TRANSLATE_NOOP("WindowBox", "Bone"),
    QT_TRANSLATE_NOOP("WindowBox", "Cortical and trabecular bone"),
    QT_TRANSLATE_NOOP("WindowBox", "Brain"),
    QT_TRANSLATE_NOOP("WindowBox", "Grey and white matter"),
    QT_TRANSLATE_NOOP("WindowBox", "Subdural"),
    QT_TRANSLATE_NOOP("WindowBox", "Blood near the skull"),
    QT_TRANSLATE_NOOP("WindowBox", "Abdomen"),
    QT_TRANSLATE_NOOP("WindowBox", "Soft tissue of the abdomen"),
    QT_TRANSLATE_NOOP("WindowBox", "Liver"),
    QT_TRANSLATE_NOOP("WindowBox", "Liver lesions"),
)


def _spin(low: float, high: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(0)
    box.setSingleStep(10)
    box.setKeyboardTracking(False)
    return box


class WindowBox(QGroupBox):
    """Shows the one window shared by every view (``show_window``, from the panel's state)
    and asks for changes: windowChanged(width, level), presetChosen(name), invertChanged,
    presetsEdited."""

    windowChanged = Signal(float, float)
    presetChosen = Signal(str)
    invertChanged = Signal(bool)
    presetsEdited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Window / level"), parent)
        self.width: float | None = None    # the window shown; None with no series
        self.level: float | None = None
        self._presets: list[WindowPreset] = []
        self.preset_box = QComboBox()
        self.preset_box.activated.connect(self._on_preset)
        self.width_box, self.level_box = _spin(1, 10000), _spin(-3000, 5000)
        self.min_box, self.max_box = _spin(-5000, 8000), _spin(-5000, 8000)
        for box in (self.width_box, self.level_box):
            box.valueChanged.connect(self._on_typed_window)
        for box in (self.min_box, self.max_box):
            box.valueChanged.connect(self._on_typed_bounds)
        self.invert_box = QCheckBox(self.tr("Invert"))
        self.invert_box.toggled.connect(self.invertChanged)
        self.save_button = QPushButton(self.tr("Save as preset…"))
        self.save_button.setToolTip(self.tr("Keep this window in {0}").format(user_presets_file()))
        self.save_button.clicked.connect(self._ask_and_save_preset)

        self.histogram = pg.PlotWidget()
        self.histogram.setMinimumHeight(120)
        self.histogram.setMaximumHeight(170)
        self.histogram.setLabel("bottom", "HU")
        self.histogram.hideAxis("left")
        self.histogram.setMouseEnabled(x=False, y=False)
        self._curve = self.histogram.plot(pen=pg.mkPen((200, 200, 200)), fillLevel=0,
                                          brush=(120, 120, 160, 120))
        self.region = pg.LinearRegionItem(orientation="vertical", brush=(80, 160, 255, 50))
        self.region.setToolTip(self.tr("Drag the edges to set the lowest and highest HU shown"))
        self.region.sigRegionChanged.connect(self._on_region)
        self.histogram.addItem(self.region)

        form = QFormLayout()
        form.addRow(self.tr("Preset"), self.preset_box)
        row = QHBoxLayout()
        row.addWidget(self.width_box)
        row.addWidget(self.level_box)
        form.addRow(self.tr("W / L"), row)
        row = QHBoxLayout()
        row.addWidget(self.min_box)
        row.addWidget(self.max_box)
        form.addRow(self.tr("Min / max"), row)
        row = QHBoxLayout()
        row.addWidget(self.invert_box)
        row.addWidget(self.save_button)
        form.addRow("", row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.histogram)
        self.show_window([], None, None)

    def show_window(self, presets, window: tuple[float, float] | None,
                    preset: str | None) -> None:
        """Render the state: the preset list, the window (None: no series, so no numbers)
        and the preset it equals (None: the box says Custom, not an older preset)."""
        if list(presets) != self._presets:
            self._presets = list(presets)
            with QSignalBlocker(self.preset_box):
                self.preset_box.clear()
                for p in self._presets:
                    name = self.tr(p.name)
                    self.preset_box.addItem(f"{name}  ({p.width:g} / {p.level:g})")
                    self.preset_box.setItemData(self.preset_box.count() - 1,
                                                self.tr(p.description), 3)
        names = [p.name for p in self._presets]
        with QSignalBlocker(self.preset_box):
            self.preset_box.setCurrentIndex(names.index(preset) if preset in names else -1)
            self.preset_box.setPlaceholderText(self.tr("Custom") if window is not None
                                               else self.tr("No series open"))
        self.setEnabled(window is not None)
        self.region.setVisible(window is not None)   # no handles on an empty histogram
        self.width, self.level = window if window is not None else (None, None)
        spins = (self.width_box, self.level_box, self.min_box, self.max_box)
        if window is None:
            for box in spins:
                with QSignalBlocker(box):
                    box.setSpecialValueText("—")   # shown at the minimum: no number
                    box.setValue(box.minimum())
            return
        low, high = window_bounds(*window)
        for box, value in zip(spins, (window[0], window[1], low, high)):
            with QSignalBlocker(box):
                box.setSpecialValueText("")
                box.setValue(value)
        with QSignalBlocker(self.region):
            self.region.setRegion((low, high))

    def save_preset(self, name: str) -> None:
        """Add the current window to the user's presets file (same name: replaced)."""
        if self.width is None:
            return
        add_user_preset(WindowPreset(name, self.width, self.level, self.tr("saved by you")))
        self.presetsEdited.emit()

    def _ask_and_save_preset(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save window preset"), self.tr("Name:"))
        if ok and name.strip():
            self.save_preset(name.strip())

    def preset_names(self) -> list[str]:
        return [p.name for p in self._presets]

    def choose_preset(self, name: str) -> None:
        """As choosing it in the box: asks for the preset (presetChosen)."""
        for p in self._presets:
            if p.name.lower() == name.lower():
                self.presetChosen.emit(p.name)
                return
        raise KeyError(name)

    def preset_text(self) -> str:
        """What the preset box shows: the chosen preset, or its placeholder (Custom)."""
        if self.preset_box.currentIndex() < 0:
            return self.preset_box.placeholderText()
        return self.preset_box.currentText()

    def set_histogram(self, hu: np.ndarray) -> None:
        sample = hu.ravel()[:: max(1, hu.size // 2_000_000)]
        counts, edges = np.histogram(sample, bins=256, range=HU_RANGE)
        self._curve.setData((edges[:-1] + edges[1:]) / 2, np.log1p(counts))

    def clear_histogram(self) -> None:
        self._curve.clear()

    def set_window(self, width: float, level: float) -> None:
        """Ask for a window; the panel's state decides and calls show_window back."""
        width = max(float(width), 1.0)
        if (width, float(level)) != (self.width, self.level):
            self.windowChanged.emit(width, float(level))

    def _on_preset(self, index: int) -> None:
        if 0 <= index < len(self._presets):
            self.presetChosen.emit(self._presets[index].name)

    def _on_typed_window(self) -> None:
        self.set_window(self.width_box.value(), self.level_box.value())

    def _on_typed_bounds(self) -> None:
        self.set_window(*window_from_bounds(self.min_box.value(), self.max_box.value()))

    def _on_region(self) -> None:
        low, high = self.region.getRegion()
        self.set_window(*window_from_bounds(low, high))
