"""The option widgets of a demo, made from its Option schema (options.py).

int and float options are sliders with the value beside them (a log-scale option's slider
moves through powers of ten evenly; when its minimum is 0 the leftmost stop is 0, "off",
and the next is its ``step``), bool options checkboxes, choice options combo boxes.
The form says ``optionChanged(name, value)`` when the user moves one; ``show_values`` sets
them all from the state without saying anything.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QWidget,
)

from cvlab.core.i18n import translate

LOG_POSITIONS = 60  # slider stops across a log-scale option's range
OPTION_CONTEXT = "TrainingOptions"  # where the engine marks its option texts


def shown(text: str) -> str:
    """An option's title, help or choice title in the interface language."""
    return translate(OPTION_CONTEXT, text) if text else text


def format_value(option, value) -> str:
    if option.kind == "int":
        return str(int(value))
    if value == 0 and option.log_scale:
        return translate("OptionsForm", "off")
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"


class SliderScale:
    """Slider positions 0…``positions`` <-> an int/float option's values."""

    def __init__(self, option) -> None:
        self.option = option
        low, high = float(option.minimum), float(option.maximum)
        self.log = bool(option.log_scale)
        self.off = self.log and low <= 0  # position 0 is 0, the rest from ``step`` up
        if self.log:
            first = float(option.step) if self.off else low
            self.low, self.high = math.log10(first), math.log10(high)
            self.positions = LOG_POSITIONS + self.off
        else:
            self.low, self.high = low, high
            step = float(option.step or (1 if option.kind == "int" else (high - low) / 100))
            self.positions = max(1, round((high - low) / step))

    def value(self, position: int):
        if self.off and position == 0:
            return 0 if self.option.kind == "int" else 0.0
        stops = self.positions - self.off
        x = self.low + (self.high - self.low) * (position - self.off) / stops
        value = 10 ** x if self.log else x
        if self.option.kind == "int":
            return int(round(value))
        return float(f"{value:.4g}")  # no 0.30000000000000004 in a label or a run's settings

    def position(self, value) -> int:
        if self.off and float(value) <= 0:
            return 0
        x = math.log10(max(float(value), 1e-300)) if self.log else float(value)
        fraction = (x - self.low) / (self.high - self.low) if self.high > self.low else 0.0
        stops = self.positions - self.off
        return self.off + int(round(min(max(fraction, 0.0), 1.0) * stops))


def choice_items(option) -> list[tuple[str, str]]:
    """(value, text shown) of each choice of a choice option."""
    return [(choice, shown(option.choice_title(choice))) for choice in option.choices]


class OptionsForm(QWidget):
    """One row per option of the demo given to :meth:`set_options`."""

    optionChanged = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.setters: dict[str, object] = {}   # name -> function that shows a value
        self.editors: dict[str, QWidget] = {}  # name -> its slider, checkbox or combo

    def set_options(self, options) -> None:
        """Replace the rows by those of ``options`` (a demo's Option schema)."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.setters.clear()
        self.editors.clear()
        for option in options:
            make = {"int": self._slider, "float": self._slider, "bool": self._checkbox,
                    "choice": self._combo}[option.kind]
            field_widget = make(option)
            label = QLabel(shown(option.title))
            label.setWordWrap(True)
            if option.help:
                label.setToolTip(shown(option.help))
                field_widget.setToolTip(shown(option.help))
            self.form.addRow(label, field_widget)

    def show_values(self, values: dict) -> None:
        for name, value in values.items():
            if name in self.setters:
                self.setters[name](value)

    def _slider(self, option) -> QWidget:
        scale = SliderScale(option)
        slider = QSlider(Qt.Horizontal)
        slider.setRange(0, scale.positions)
        slider.setMinimumWidth(90)
        value_label = QLabel()
        value_label.setMinimumWidth(value_label.fontMetrics().horizontalAdvance("0.000e-00"))
        value_label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)

        def moved(position: int) -> None:
            value = scale.value(position)
            value_label.setText(format_value(option, value))
            self.optionChanged.emit(option.name, value)

        def show(value) -> None:
            with QSignalBlocker(slider):
                slider.setValue(scale.position(value))
            value_label.setText(format_value(option, value))

        slider.valueChanged.connect(moved)
        show(option.default)
        return self._register(option, slider, show, value_label)

    def _checkbox(self, option) -> QWidget:
        box = QCheckBox()

        def show(value) -> None:
            with QSignalBlocker(box):
                box.setChecked(bool(value))

        box.toggled.connect(lambda on: self.optionChanged.emit(option.name, bool(on)))
        show(option.default)
        return self._register(option, box, show)

    def _combo(self, option) -> QWidget:
        combo = QComboBox()
        values = []
        for value, text in choice_items(option):
            combo.addItem(text)
            values.append(value)

        def show(value) -> None:
            with QSignalBlocker(combo):
                combo.setCurrentIndex(values.index(value) if value in values else 0)

        combo.currentIndexChanged.connect(
            lambda index: self.optionChanged.emit(option.name, values[index]))
        show(option.default)
        return self._register(option, combo, show)

    def _register(self, option, editor: QWidget, show, beside: QWidget | None = None) -> QWidget:
        self.setters[option.name] = show
        self.editors[option.name] = editor
        if beside is None:
            return editor
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(editor, 1)
        layout.addWidget(beside)
        return row
