"""Real mouse drags on a view's viewport, paced the way a hand moves (for scenario tests)."""

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication


def drag(qtbot, view, start: QPoint, end: QPoint, button=Qt.LeftButton, steps: int = 5) -> None:
    """Press ``button`` at ``start``, move in ``steps`` to ``end`` and release (viewport pixels)."""
    viewport = view.graphics_view().viewport()

    def send(kind, pos, buttons, changed):
        local = QPointF(pos)
        QApplication.sendEvent(viewport, QMouseEvent(kind, local, viewport.mapToGlobal(local),
                                                     changed, buttons, Qt.NoModifier))

    send(QEvent.MouseButtonPress, start, button, button)
    for i in range(1, steps + 1):
        qtbot.wait(25)   # pyqtgraph's scene drops moves closer than ~1/60 s
        send(QEvent.MouseMove, start + (end - start) * i / steps, button, Qt.NoButton)
    qtbot.wait(25)
    send(QEvent.MouseButtonRelease, end, Qt.NoButton, button)
