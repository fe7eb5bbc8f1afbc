"""The base every tool's panel derives from, and what the main window hands it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from cvlab.tools import ToolSpec
    from cvlab.ui.notifications import NotificationArea
    from cvlab.ui.worker import DeviceWorker


@dataclass
class AppContext:
    """Services shared by all tabs."""

    worker: DeviceWorker
    notifications: NotificationArea
    settings: QSettings

    def notify_error(self, text: str, details: str = "") -> None:
        self.notifications.post(text, level="error", details=details)

    def notify(self, text: str) -> None:
        self.notifications.post(text, level="info")


class ToolPanel(QWidget):
    """One tab. Reads user input, submits jobs to the worker, draws with the shared views."""

    def __init__(self, spec: ToolSpec, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.context = context

    def open_path(self, path: Path) -> None:
        """Open a file or folder of a kind listed in ``spec.opens``."""
        raise NotImplementedError

    def can_export(self) -> bool:
        return False

    def export(self) -> None:
        """File → Export…: save what the tab shows (atomically, never over an input)."""
