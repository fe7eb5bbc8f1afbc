"""The base every tool's panel derives from, and what the main window hands it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from cvlab.core.manifest import Sample, ToolSpec
    from cvlab.ui.notifications import NotificationArea
    from cvlab.ui.worker import DeviceWorker, Job


@dataclass
class AppContext:
    """Services shared by all tabs."""

    worker: DeviceWorker
    notifications: NotificationArea
    settings: QSettings
    tab: str | None = None  # the tool id of the panel given this context: its messages' tab

    def notify_error(self, text: str, details: str = "") -> None:
        self.notifications.post(text, level="error", details=details, tab=self.tab)

    def notify(self, text: str) -> None:
        self.notifications.post(text, level="info", tab=self.tab)


class ToolPanel(QWidget):
    """One tab. Reads user input, submits jobs to the worker, draws with the shared views."""

    def __init__(self, spec: ToolSpec, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.context = context

    empty_state = None  # the EmptyState card over the main view, once show_empty_state ran

    def open_path(self, path: Path) -> None:
        """Open a file or folder of a kind listed in ``spec.opens``."""
        raise NotImplementedError

    def apply_sample(self, sample: Sample) -> None:
        """Take a sample's hints (its ``mode``) before it opens; by default there are none."""

    def open_files(self, paths: list[Path]) -> None:
        """Open several files dropped or chosen together. A tool whose input spans files
        (CT: the slices of one series) overrides this to read them as one set; by default
        each file is opened in turn, the last one staying on screen."""
        for path in paths:
            self.open_path(Path(path))

    def submit(self, fn: Callable[..., Any], *args, label: str = "", key: str | None = None,
               source: str | None = None, on_result: Callable | None = None,
               on_error: Callable | None = None, on_progress: Callable | None = None,
               on_started: Callable | None = None,
               on_cancelled: Callable | None = None) -> Job:
        """Queue ``fn(ctx, *args)`` on the device worker as this tool's job: its
        ``ctx.models`` is this tool's view of the model cache (see cvlab.ui.worker)."""
        # A new job is the user's next action here: an error shown for this tab has been seen.
        self.context.notifications.clear_tab(self.spec.id, errors_only=True)
        alive = self._while_alive
        return self.context.worker.submit(
            fn, *args, label=label, key=key, source=source, tool=self.spec.id,
            on_result=alive(on_result), on_error=alive(on_error),
            on_progress=alive(on_progress), on_started=alive(on_started),
            on_cancelled=alive(on_cancelled))

    def _while_alive(self, callback: Callable | None) -> Callable | None:
        """``callback``, skipped once this panel is deleted: closing the window cancels the
        jobs still queued, and their callbacks must not touch widgets that are gone."""
        if callback is None:
            return None

        def call(*args):
            if shiboken6.isValid(self):
                callback(*args)
        return call

    def lay_out_side_by_side(self, *widgets: QWidget, stretch: tuple[int, ...] = (0, 4),
                             sizes: list[int] | None = None) -> QSplitter:
        """The usual tab: controls on the left, views to the right, in one splitter that fills
        the tab."""
        split = QSplitter(Qt.Horizontal)
        for widget, factor in zip(widgets, stretch + (1,) * len(widgets)):
            split.addWidget(widget)
            split.setStretchFactor(split.count() - 1, factor)
        if sizes:
            split.setSizes(sizes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(split)
        return split

    @staticmethod
    def scrolling(controls: QWidget) -> QScrollArea:
        """``controls`` in a vertical scroll area: a short window (1280×720) scrolls the
        column instead of squeezing its lists and tables until rows disappear."""
        area = QScrollArea()
        area.setWidget(controls)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        area.setMinimumWidth(controls.sizeHint().width()
                             + area.verticalScrollBar().sizeHint().width())
        return area

    def image_opener(self) -> tuple[QPushButton, QLabel]:
        """An "Open image…" button and the label under it that names the opened file."""
        button = QPushButton(self.tr("Open image…"))
        button.clicked.connect(self.choose_image_file)
        label = QLabel(self.tr("No image"))
        label.setWordWrap(True)
        return button, label

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

        self.submit(lambda _ctx, p: read_image(p).array, str(path),
                    label=self.tr("Open image"), source=str(path), key=key,
                    on_result=lambda array: on_opened(path, array))

    def show_empty_state(self, view: QWidget,
                         has_content: Callable[[], bool] | None = None) -> None:
        """Until ``view`` shows something, a card over it says what this tab does, with
        "Open…" and "Try the sample" (from the manifest). It goes when the view has an
        image (``has_content``, by default the shared view's own image) and comes back if
        the view is cleared, checked whenever one of this tab's jobs or opens ends."""
        from cvlab.ui.empty_state import EmptyState, view_has_content

        self._has_content = has_content or (lambda: view_has_content(view))
        self.empty_state = EmptyState(self.spec, view, self.open_input_dialog,
                                      lambda sample: self.window().open_sample(sample))
        self.context.worker.finished.connect(lambda _job_id: self.refresh_empty_state())
        self.refresh_empty_state()

    def refresh_empty_state(self) -> None:
        if self.empty_state is not None:
            self.empty_state.setVisible(not self._has_content())

    def open_input_dialog(self) -> None:
        """The window's Open dialog for what this tab opens (it lands in Open Recent)."""
        window = self.window()
        if "image" not in self.spec.opens and "dicom" in self.spec.opens:
            window.open_dicom_dialog()
        else:
            window.open_image_dialog()

    def can_export(self) -> bool:
        return False

    def export(self) -> None:
        """File → Export…: save what the tab shows (atomically, never over an input)."""
