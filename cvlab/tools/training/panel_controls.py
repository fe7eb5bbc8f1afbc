"""The Training tab's control column: demo and its summary, options, seed, Start / Cancel,
the status sentence and the final metrics. It says what the user did through signals and
shows what the panel tells it; it keeps no state of its own."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.i18n import translate
from cvlab.tools.training.panel_options import OptionsForm
from cvlab.tools.training.panel_plots import metric_title

DEMO_CONTEXT = "TrainingDemos"  # where the engine marks its demo titles and summaries
MAX_SEED = 2**31 - 1


def demo_text(text: str) -> str:
    return translate(DEMO_CONTEXT, text) if text else text


class TrainingControls(QWidget):
    demoChosen = Signal(str)
    seedChanged = Signal(int)
    compareChanged = Signal(bool)
    defaultsPressed = Signal()
    startPressed = Signal()
    cancelPressed = Signal()

    def __init__(self, demos, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumWidth(380)
        self.titles = {demo.name: demo_text(demo.title) for demo in demos}
        self.demo_box = QComboBox()
        for demo in demos:
            self.demo_box.addItem(self.titles[demo.name], demo.name)
        self.demo_box.currentIndexChanged.connect(
            lambda index: self.demoChosen.emit(self.demo_box.itemData(index)))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        demo_box = QGroupBox(self.tr("Demo"))
        demo_layout = QVBoxLayout(demo_box)
        demo_layout.addWidget(self.demo_box)
        demo_layout.addWidget(self.summary)

        self.options = OptionsForm()
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        self.seed.setToolTip(self.tr("The same seed and settings give the same run"))
        self.seed.valueChanged.connect(self.seedChanged.emit)
        defaults = QPushButton(self.tr("Defaults"))
        defaults.setToolTip(self.tr("Every option of this demo back to its default"))
        defaults.clicked.connect(self.defaultsPressed.emit)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(defaults)
        seed_form = QFormLayout()
        seed_form.addRow(self.tr("Seed"), seed_row)
        self.compare = QCheckBox(self.tr("Keep the run before, in grey"))
        self.compare.setToolTip(self.tr("Compare two runs: change one setting, start again, "
                                        "and the curves of the run before stay in grey"))
        self.compare.toggled.connect(self.compareChanged.emit)
        settings_box = QGroupBox(self.tr("Settings"))
        settings_layout = QVBoxLayout(settings_box)
        settings_layout.addWidget(self.options)
        settings_layout.addLayout(seed_form)
        settings_layout.addWidget(self.compare)

        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setToolTip(self.tr("Train with the settings shown (a run going "
                                             "is replaced)"))
        self.start_button.clicked.connect(self.startPressed.emit)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the run; what it drew stays"))
        self.cancel_button.clicked.connect(self.cancelPressed.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.comparison = QLabel()
        self.comparison.setWordWrap(True)
        self.comparison.hide()

        self.results = QTableWidget(0, 2)
        self.results.setHorizontalHeaderLabels([self.tr("Measure"), self.tr("At the end")])
        self.results.verticalHeader().hide()
        self.results.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.results.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.results.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.results.setMinimumHeight(120)
        results_box = QGroupBox(self.tr("Results"))
        results_layout = QVBoxLayout(results_box)
        results_layout.addWidget(self.results)

        layout = QVBoxLayout(self)
        layout.addWidget(demo_box)
        layout.addWidget(settings_box)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.comparison)
        layout.addWidget(results_box, 1)

    def demo_title(self, name: str) -> str:
        return self.titles.get(name, name)

    def show_demo(self, demo) -> None:
        with QSignalBlocker(self.demo_box):
            self.demo_box.setCurrentIndex(self.demo_box.findData(demo.name))
        self.summary.setText(demo_text(demo.summary))
        self.options.set_options(demo.options)

    def show_seed(self, seed: int) -> None:
        with QSignalBlocker(self.seed):
            self.seed.setValue(seed)

    def show_running(self, running: bool) -> None:
        self.cancel_button.setEnabled(running)
        self.start_button.setText(self.tr("Restart") if running else self.tr("Start"))

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def show_comparison(self, text: str) -> None:
        self.comparison.setText(text)
        self.comparison.setVisible(bool(text))

    def format_value(self, name: str, value) -> str:
        if isinstance(value, bool):
            return self.tr("yes") if value else self.tr("no")
        if "acc" in name or name == "gap":  # fractions: as a course writes them
            return f"{100 * value:.1f} %"
        if isinstance(value, float):
            return f"{value:.4g}"
        return str(value)

    def show_final(self, final: dict | None) -> None:
        """The finished run's scalar metrics, one row each (none while none)."""
        rows = [(name, value) for name, value in (final or {}).items()
                if isinstance(value, int | float) and name != "cancelled"]
        self.results.setRowCount(len(rows))
        for row, (name, value) in enumerate(rows):
            self.results.setItem(row, 0, QTableWidgetItem(metric_title(name)))
            item = QTableWidgetItem(self.format_value(name, value))
            item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            self.results.setItem(row, 1, item)
