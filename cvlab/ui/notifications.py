"""The status bar's notification area: errors stay readable until the user has seen them."""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

MAX_KEPT = 200


@dataclass
class Notification:
    text: str
    level: str       # "info" or "error"
    details: str     # e.g. a traceback; shown in the log dialog
    when: float


class NotificationArea(QWidget):
    """Shows the newest message; a button opens the log of every message with its details.

    Info messages fade after a few seconds; an error stays until the next message or
    until the user dismisses it, so it can always be read.
    """

    posted = Signal(object)  # Notification

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history: list[Notification] = []
        self._label = QLabel()
        self._label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self._label.setMinimumWidth(200)
        self._log_button = QToolButton()
        self._log_button.setText(self.tr("Messages (0)"))
        self._log_button.setToolTip(self.tr("Every message of this session, with details"))
        self._log_button.clicked.connect(self.show_log)
        self._dismiss = QToolButton()
        self._dismiss.setText("✕")
        self._dismiss.setToolTip(self.tr("Dismiss"))
        self._dismiss.clicked.connect(self.dismiss)
        self._dismiss.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._dismiss)
        layout.addWidget(self._log_button)

    def post(self, text: str, level: str = "info", details: str = "") -> Notification:
        note = Notification(text, level, details, time.time())
        self.history.append(note)
        del self.history[:-MAX_KEPT]
        self._log_button.setText(self.tr("Messages ({0})").format(len(self.history)))
        self._label.setText(text)
        self._label.setToolTip(text)
        if level == "error":
            self._label.setStyleSheet("color: #b00020; font-weight: bold;")
            self._dismiss.show()
        else:
            self._label.setStyleSheet("")
            self._dismiss.hide()
        self.posted.emit(note)
        return note

    def current_text(self) -> str:
        return self._label.text()

    def dismiss(self) -> None:
        self._label.clear()
        self._label.setStyleSheet("")
        self._dismiss.hide()

    def show_log(self) -> None:
        MessageLogDialog(self.history, self).exec()


class MessageLogDialog(QDialog):
    def __init__(self, history: list[Notification], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Messages"))
        self.resize(720, 420)
        self._history = list(reversed(history))
        self._list = QListWidget()
        for note in self._history:
            stamp = time.strftime("%H:%M:%S", time.localtime(note.when))
            item = QListWidgetItem(f"{stamp}  {note.text}")
            if note.level == "error":
                item.setForeground(Qt.red)
            self._list.addItem(item)
        self._details = QPlainTextEdit()
        self._details.setReadOnly(True)
        self._list.currentRowChanged.connect(self._show_details)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self._list)
        split.addWidget(self._details)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        layout.addWidget(buttons)
        if self._history:
            self._list.setCurrentRow(0)

    def _show_details(self, row: int) -> None:
        if 0 <= row < len(self._history):
            note = self._history[row]
            self._details.setPlainText(note.text + ("\n\n" + note.details if note.details else ""))
