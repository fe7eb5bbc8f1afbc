"""The empty state of a tab: before anything is opened, say what the tab does and offer
"Open…" and "Try the sample", instead of a black canvas.

Built from the manifest (the tool's summary and its first available sample) and shown
over the tab's main view; a panel asks for it with one call,
``self.show_empty_state(self.view)`` (see ToolPanel.show_empty_state).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cvlab.core.i18n import translate
from cvlab.core.manifest import Sample, ToolSpec

CARD_WIDTH = 460


def first_sample(spec: ToolSpec) -> Sample | None:
    """The sample "Try the sample" opens: the tool's first one present (or makeable)."""
    return next((s for s in spec.samples if s.available()), None)


def view_has_content(view: QWidget) -> bool:
    """Whether a shared view shows an image: ImageView (image()), CompareView (panels()),
    MaskPainter (its view). Only the views' public API is used."""
    if hasattr(view, "panels"):
        return any(panel.image() is not None for panel in view.panels())
    if callable(getattr(view, "image", None)):
        return view.image() is not None
    inner = getattr(view, "view", None)
    return inner is not None and view_has_content(inner)


class EmptyState(QFrame):
    """A card centred over ``host``: what the tab does, and the two ways to start."""

    def __init__(self, spec: ToolSpec, host: QWidget, open_input: Callable[[], None],
                 open_sample: Callable[[Sample], None]) -> None:
        super().__init__(host)
        self.setObjectName("empty-state")
        self.setFrameShape(QFrame.StyledPanel)
        self.setStyleSheet("#empty-state { background: palette(window); "
                           "border: 1px solid palette(mid); border-radius: 8px; }")
        self.sample = first_sample(spec)
        title = QLabel(f"<b>{translate('ToolSpec', spec.title)}</b>")
        title.setAlignment(Qt.AlignCenter)
        summary = translate("ToolSpec", spec.summary).strip()
        # A sentence ends with a full stop, the language's own ("." or "。").
        if not summary.endswith((".", "。")):
            summary = self.tr("{0}.").format(summary)
        self.sentence = QLabel(summary)
        self.sentence.setWordWrap(True)
        self.sentence.setAlignment(Qt.AlignCenter)
        self.open_button = QPushButton(self.tr("Open…"))
        self.open_button.setToolTip(self._open_tip(spec))
        self.open_button.clicked.connect(open_input)
        self.sample_button = QPushButton(self.tr("Try the sample"))
        self.sample_button.setDefault(True)
        if self.sample is not None:
            self.sample_button.setToolTip(translate("Sample", self.sample.title))
            self.sample_button.clicked.connect(lambda: open_sample(self.sample))
        else:  # a packaged install without its samples: say so rather than hide the way
            self.sample_button.setEnabled(False)
            self.sample_button.setToolTip(self.tr("No sample is installed for this tab"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(title)
        layout.addWidget(self.sentence)
        layout.addLayout(buttons)
        self._host = host
        host.installEventFilter(self)
        self._place()

    def _open_tip(self, spec: ToolSpec) -> str:
        if "image" in spec.opens:
            return self.tr("Open an image file")
        if "dicom" in spec.opens:
            return self.tr("Open a folder of DICOM files")
        return self.tr("Open a file")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self._host:
            if event.type() in (QEvent.Resize, QEvent.Show):
                self._place()
            elif event.type() == QEvent.ChildAdded:  # a view laid out later would cover it
                self.raise_()
        return False

    def _place(self) -> None:
        """Centred in the host, narrower than it: the card follows every resize."""
        width = max(200, min(CARD_WIDTH, self._host.width() - 24))
        self.setFixedWidth(width)
        height = self.sizeHint().height()
        self.move(max(0, (self._host.width() - width) // 2),
                  max(0, (self._host.height() - height) // 2))
        self.resize(width, height)
        self.raise_()
