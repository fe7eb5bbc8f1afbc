"""Small widgets of the Heatmaps tab: the class picker and the "your model" dialog."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

TORCHVISION_HINTS = ("", "resnet18", "resnet34", "resnet50", "densenet121", "mobilenet_v2",
                     "mobilenet_v3_large", "efficientnet_b0", "convnext_tiny", "vgg16")


class ClassPicker(QLineEdit):
    """Type a class name (completion over the model's classes) or an id; emits the id,
    or -1 for "top-1" when emptied."""

    classChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setFilterMode(Qt.MatchContains)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("top-1 (type to search the classes)"))
        completer.activated.connect(self._commit)
        self.returnPressed.connect(lambda: self._commit(self.text()))
        self.textChanged.connect(lambda text: text or self.classChosen.emit(-1))

    def set_class_names(self, names: list[str]) -> None:
        self._names = list(names)
        self._model.setStringList([f"{name} ({i})" for i, name in enumerate(self._names)])

    def show_class(self, class_id: int | None) -> None:
        with QSignalBlocker(self):
            self.setText("" if class_id is None or class_id < 0 else
                         f"{self._names[class_id]} ({class_id})")

    def resolve(self, text: str) -> int | None:
        """The class id ``text`` names: "name (id)", an id, or a unique name (substring)."""
        text = text.strip()
        if not text:
            return None
        if text.endswith(")") and "(" in text:
            text = text[text.rindex("(") + 1:-1]
        if text.isdigit() and int(text) < len(self._names):
            return int(text)
        lowered = text.lower()
        exact = [i for i, n in enumerate(self._names) if n.lower() == lowered]
        if exact:
            return exact[0]
        partial = [i for i, n in enumerate(self._names) if lowered in n.lower()]
        return partial[0] if len(partial) == 1 else None

    def _commit(self, text: str) -> None:
        class_id = self.resolve(text)
        if class_id is None:
            if text.strip():
                self.setStyleSheet("background: #fdd")  # no such class: say so in place
            return
        self.setStyleSheet("")
        self.show_class(class_id)
        self.classChosen.emit(class_id)


class UserModelDialog(QDialog):
    """A TorchScript file, or a torchvision architecture + state dict; class names optional."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your model"))
        self.model_path = QLineEdit()
        self.architecture = QComboBox()
        self.architecture.setEditable(True)
        self.architecture.addItems(TORCHVISION_HINTS)
        self.architecture.setToolTip(self.tr(
            "Empty for a TorchScript file; otherwise the torchvision architecture the state "
            "dict (.pth / .safetensors) was saved from"))
        self.classes_path = QLineEdit()
        self.classes_path.setPlaceholderText(self.tr("optional: one name per line, or JSON"))
        form = QFormLayout(self)
        form.addRow(self.tr("Model file"), self._with_browse(self.model_path, self.tr(
            "Models (*.pt *.pth *.ts *.safetensors);;All files (*)")))
        form.addRow(self.tr("Architecture"), self.architecture)
        form.addRow(self.tr("Class names"), self._with_browse(self.classes_path, self.tr(
            "Class names (*.txt *.json);;All files (*)")))
        form.addRow(QLabel(self.tr(
            "Gray (1-channel) models get the image's BT.601 luminance scaled as (x − 0.5) / 0.5; "
            "3-channel models get ImageNet normalisation. The whole image is squashed to "
            "224 × 224 (aspect not kept: your model may accept only that size); the built-in "
            "models instead keep the photo's aspect, shorter side 224.")))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        for label in self.findChildren(QLabel):
            label.setWordWrap(True)

    def _with_browse(self, line: QLineEdit, filters: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(line, 1)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(lambda: self._browse(line, filters))
        layout.addWidget(browse)
        return row

    def _browse(self, line: QLineEdit, filters: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a file"), line.text(),
                                              filters)
        if path:
            line.setText(path)

    def choice(self) -> tuple[str, str | None, str | None]:
        """(model path, architecture or None, class-names path or None)."""
        return (self.model_path.text().strip(), self.architecture.currentText().strip() or None,
                self.classes_path.text().strip() or None)
