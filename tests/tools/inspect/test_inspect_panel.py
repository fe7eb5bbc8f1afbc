"""The Inspect tab's "Under cursor" readout, driven with real mouse moves in the real window:
it shows the value under the pointer and never keeps the last image's value."""

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def inspect_panel(window):
    panel = next(p for p in window.panels if p.spec.id == "inspect")
    window.tabs.setCurrentWidget(panel)
    return panel


def open_and_wait(qtbot, window, panel, path):
    window.open_path(path)
    qtbot.waitUntil(lambda: panel.loaded is not None and panel.loaded.path == str(path),
                    timeout=30_000)


def hover_centre(qtbot, panel) -> None:
    viewport = panel.view.graphics_view().viewport()
    centre = viewport.rect().center()
    QTest.mouseMove(viewport, centre + QPoint(1, 1))
    QTest.mouseMove(viewport, centre)
    qtbot.waitUntil(lambda: panel.cursor_text() != "—", timeout=5_000)


def test_readout_is_cleared_by_a_new_image_and_when_the_pointer_leaves(
        qtbot, window, test_data):
    panel = inspect_panel(window)
    open_and_wait(qtbot, window, panel, test_data / "photos" / "opencv_baboon.jpg")
    hover_centre(qtbot, panel)
    assert panel.cursor_text().startswith("(")
    open_and_wait(qtbot, window, panel, test_data / "photos" / "sklearn_flower.jpg")
    assert panel.cursor_text() == "—"                # not the baboon's value
    hover_centre(qtbot, panel)
    QApplication.sendEvent(panel.view, QEvent(QEvent.Leave))
    assert panel.cursor_text() == "—"
