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

    def choose_image_file(self) -> None:
        """An "Open image…" button: the chosen file goes through the window, so it lands in
        Open Recent and in the tab that opens its kind."""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open Image"))
        if path:
            self.window().open_path(Path(path))

    def read_image_async(self, path: Path, on_opened, key: str) -> None:
        """Decode ``path`` on the worker, then ``on_opened(path, array)`` on the GUI thread;
        a bad file becomes a message naming it (the worker's error path)."""
        from cvlab.core.images import read_image

        self.context.worker.submit(lambda _ctx, p: read_image(p).array, str(path),
                                   label=self.tr("Open image"), input=str(path), key=key,
                                   on_result=lambda array: on_opened(path, array))

    def can_export(self) -> bool:
        return False

    def export(self) -> None:
        """File → Export…: save what the tab shows (atomically, never over an input)."""
