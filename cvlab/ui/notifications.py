"""The status bar's notification area: each tab's message, readable until the user acts.

Which message shows is decided by :class:`cvlab.core.messages.MessageBoard` (no Qt): a
tab's messages show only while that tab is current, and its next action there clears them.
The Messages log lists every headline; the details (a traceback) sit behind a button.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cvlab.core.messages import Message, MessageBoard

Notification = Message  # the name callers knew


class ElidedLabel(QLabel):
    """One line that ends in "…" when the status bar is narrower than the message (the
    whole text is the tooltip and in Messages), instead of being cut off at the edge."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.ElideRight,
                                                   max(self.width(), 40)))


class NotificationArea(QWidget):
    """Shows the current tab's newest message; a button opens the log of every message."""

    posted = Signal(object)  # Message

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board = MessageBoard()
        self._label = ElidedLabel()
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
        self.board.changed.connect(self._render)

    @property
    def history(self) -> list[Message]:
        return list(self.board.history)

    def post(self, text: str, level: str = "info", details: str = "",
             tab: str | None = None) -> Message:
        """``tab``: the tool id whose tab the message is about (None: the whole app)."""
        note = self.board.post(Message(text, level, details, tab))
        self.posted.emit(note)
        return note

    def set_active_tab(self, tab: str | None) -> None:
        self.board.show_tab(tab)

    def clear_tab(self, tab: str | None, errors_only: bool = False) -> None:
        self.board.clear_tab(tab, errors_only)

    def current_text(self) -> str:
        """The message on screen, whole (the label may show it shortened with "…")."""
        return self._label.full_text()

    def shown_text(self) -> str:
        """What the status line draws now, "…" included."""
        return self._label.text()

    def dismiss(self) -> None:
        self.board.dismiss()

    def show_log(self) -> None:
        MessageLogDialog(self.history, self).exec()

    def _render(self, name: str, value) -> None:
        if name == "history":
            self._log_button.setText(self.tr("Messages ({0})").format(len(value)))
        if name != "shown":
            return
        note: Message | None = value
        self._label.set_full_text(note.text if note else "")
        error = note is not None and note.level == "error"
        self._label.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")
        self._dismiss.setVisible(error)


class MessageLogDialog(QDialog):
    """Every message, newest first; the selected one's headline, its details behind a button."""

    def __init__(self, history: list[Message], parent: QWidget | None = None) -> None:
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
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.details_button = QPushButton(self.tr("Details"))
        self.details_button.setCheckable(True)
        self.details_button.setToolTip(self.tr("Show what a developer needs: the traceback"))
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.hide()
        self.details_button.toggled.connect(self.details.setVisible)
        self._list.currentRowChanged.connect(self._show_message)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.headline, 1)
        row.addWidget(self.details_button, 0, Qt.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self._list, 2)
        layout.addLayout(row)
        layout.addWidget(self.details, 3)
        layout.addWidget(buttons)
        if self._history:
            self._list.setCurrentRow(0)
        else:
            self._show_message(-1)

    def _show_message(self, row: int) -> None:
        note = self._history[row] if 0 <= row < len(self._history) else None
        self.headline.setText(note.text if note else self.tr("No messages yet"))
        self.details.setPlainText(note.details if note else "")
        self.details_button.setEnabled(bool(note and note.details))
        if not (note and note.details):
            self.details_button.setChecked(False)
