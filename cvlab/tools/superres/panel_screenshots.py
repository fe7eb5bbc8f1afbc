"""The Super-resolution tab's screenshot plan for scripts/screenshots.py (named by the
manifest)."""

from __future__ import annotations

from PySide6.QtCore import QDeadlineTimer
from PySide6.QtWidgets import QApplication

from cvlab.core.samples import resources_dir


def screenshot_plan(panel):
    """(name, path or None, prepare or None) for each shot the README shows."""
    butterfly = resources_dir() / "samples" / "photos" / "opencv_dnn_superres_butterfly.png"

    def grid(panel):
        panel.run()

    def then(mode, pair):
        def prepare(panel):
            panel.run()
            deadline = QDeadlineTimer(300_000)
            # each method's panel appears when it is done: wait for the whole run
            while (panel.is_running() or len(panel.items) < 2) and not deadline.hasExpired():
                QApplication.processEvents()
            panel.compare.set_pair(*pair)
            panel.compare.set_mode(mode)
        return prepare

    # ground truth against SRResNet (pixel loss) and against SRGAN (perceptual loss)
    return [("butterfly", butterfly, grid),
            ("butterfly-swipe", butterfly, then("swipe", (0, 3))),
            ("butterfly-difference", butterfly, then("difference", (0, 2)))]
