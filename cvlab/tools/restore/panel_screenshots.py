"""The Restore tab's screenshot plan for scripts/screenshots.py (named by the manifest)."""

from __future__ import annotations

from PySide6.QtCore import QDeadlineTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

# A few strokes on the old-photo sample (640x427): sky, water, foliage, the pagoda's
# columns and roofs, so the screenshot shows Levin's method beside the network.
SCREENSHOT_SCRIBBLES = (
    ((140, 175, 215), [(60, 30), (160, 20), (300, 40)]),
    ((140, 175, 215), [(480, 40), (600, 60)]),
    ((150, 165, 170), [(420, 250), (520, 262)]),
    ((70, 105, 45), [(560, 330), (600, 390)]),
    ((70, 105, 45), [(30, 370), (100, 400)]),
    ((150, 50, 40), [(190, 240), (250, 240)]),
    ((120, 110, 60), [(150, 120), (280, 120)]),
)


def _wait_until(condition) -> None:
    deadline = QDeadlineTimer(180_000)
    while not condition() and not deadline.hasExpired():
        QApplication.processEvents()


def screenshot_plan(panel):
    """(name, path or None, prepare or None) for each shot the README shows."""
    from cvlab.tools.restore.samples import make_old_photo

    def inpaint(panel):
        panel.sensitivity.setValue(50)
        panel.detect_scratches()
        _wait_until(lambda: panel.mask_editor.mask().any())
        panel.set_chosen(panel.inpaint_methods, {"telea", "biharmonic", "net"})
        panel.run_inpaint()

    def colorize(panel):
        # The course's order: repair the scratches, then colourise the repaired photo.
        inpaint(panel)
        _wait_until(lambda: bool(panel.outputs) and panel.run_finished())
        panel.result_box.setCurrentIndex(panel.result_box.findData("net"))
        panel.continue_with_result()
        panel.modes.setCurrentIndex(1)
        for color, points in SCREENSHOT_SCRIBBLES:
            panel.set_color(QColor(*color))
            panel.scribble_editor.paint_stroke(points)
        panel.set_chosen(panel.color_methods, {"scribbles", "net"})
        panel.run_color()

    photo = make_old_photo()
    return [("inpaint", photo, inpaint), ("colourise", photo, colorize)]
