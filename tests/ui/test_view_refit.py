"""Views refit on resize until the user zooms or pans (issue 14, item 5): a smaller window
must never cut the picture off, and a user's zoom must survive a resize."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel

from cvlab.ui.views import ImageView
from tests.mouse import drag

SIZES = ((800, 300), (300, 700), (400, 400))   # wide, tall, square


def shown_image_rect(view: ImageView) -> QRectF:
    height, width = view.image().shape[:2]
    return QRectF(0, 0, width, height)


def fills_the_view(view: ImageView) -> bool:
    """The whole image is shown and touches two opposite edges (fitted, not too small)."""
    shown, image = view.view_rect(), shown_image_rect(view)
    tolerance = 0.01 * max(image.width(), image.height())
    contains = (shown.left() <= tolerance and shown.top() <= tolerance
                and shown.right() >= image.width() - tolerance
                and shown.bottom() >= image.height() - tolerance)
    touches = (abs(shown.width() - image.width()) <= tolerance
               or abs(shown.height() - image.height()) <= tolerance)
    return contains and touches


def wheel(view: ImageView, steps: int, modifiers=Qt.NoModifier) -> None:
    """A real wheel event over the middle of the view's viewport."""
    viewport = view.graphics_view().viewport()
    local = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QWheelEvent(local, viewport.mapToGlobal(local), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.NoButton, modifiers, Qt.NoScrollPhase,
                        False)
    QApplication.sendEvent(viewport, event)


def resize_and_settle(qtbot, widget, size) -> None:
    widget.resize(*size)
    qtbot.waitUntil(lambda: widget.size().toTuple() == size)
    qtbot.wait(10)


@pytest.mark.parametrize("shape", [(100, 50), (50, 200), (64, 64)])
def test_a_fitted_image_is_refitted_at_every_size(view, qtbot, shape):
    view.set_image(np.zeros(shape, np.uint8))
    assert view.is_fitted() and fills_the_view(view)
    for size in SIZES:
        resize_and_settle(qtbot, view, size)
        assert fills_the_view(view), (size, view.view_rect())


def test_an_image_set_while_hidden_fits_once_shown(qtbot):
    widget = ImageView()
    qtbot.addWidget(widget)
    widget.set_image(np.zeros((300, 120), np.uint8))  # laid out at no real size yet
    widget.resize(900, 300)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(10)
    assert fills_the_view(widget)


def test_a_wheel_zoom_survives_a_resize_until_f(view, qtbot):
    view.set_image(np.zeros((100, 100), np.uint8))
    adjusted = []
    view.viewAdjusted.connect(lambda: adjusted.append(True))
    wheel(view, +3)
    assert adjusted and not view.is_fitted()
    zoomed = view.view_rect()
    assert zoomed.width() < 90   # zoomed in: part of the image
    resize_and_settle(qtbot, view, (600, 300))
    after = view.view_rect()
    assert not fills_the_view(view)
    assert after.center().x() == pytest.approx(zoomed.center().x(), abs=2)
    assert after.center().y() == pytest.approx(zoomed.center().y(), abs=2)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_F)
    assert view.is_fitted() and fills_the_view(view)
    resize_and_settle(qtbot, view, (300, 600))
    assert fills_the_view(view)


def test_a_pan_or_keyboard_zoom_holds_the_view(view, qtbot):
    view.set_image(np.zeros((100, 100), np.uint8))
    wheel(view, +2)
    view.fit()
    assert view.is_fitted()
    drag(qtbot, view, QPoint(200, 200), QPoint(260, 230))
    assert not view.is_fitted()
    view.fit()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_Plus)
    assert not view.is_fitted()
    resize_and_settle(qtbot, view, (700, 300))
    assert not fills_the_view(view)


def test_a_new_image_fits_again(view, qtbot):
    view.set_image(np.zeros((100, 100), np.uint8))
    wheel(view, +3)
    view.set_image(np.zeros((80, 120), np.uint8))   # a new size: fitted again
    assert view.is_fitted()
    resize_and_settle(qtbot, view, (300, 600))
    assert fills_the_view(view)


def shown_texts(view: ImageView) -> list[str]:
    """The texts floating over the picture that a user can see now (the value readout)."""
    return [label.text() for label in view.graphics_view().findChildren(QLabel)
            if label.isVisible() and label.text()]


def test_readout_follows_the_new_image_under_a_still_pointer(view, qtbot):
    first = np.full((50, 50), 7, np.uint8)
    view.set_image(first)
    qtbot.wait(50)   # the ViewBox applies a new range lazily, before painting
    scene_pos = view.image_group().mapToScene(QPointF(20.5, 10.5))
    with qtbot.waitSignal(view.cursorMoved, timeout=2000):
        view.graphics_view().scene().sigMouseMoved.emit(scene_pos)
    assert "20, 10: 7" in shown_texts(view)
    view.set_image(np.full((50, 50), 200, np.uint8), keep_view=True)
    assert "20, 10: 200" in shown_texts(view)
    assert not any(text.endswith(": 7") for text in shown_texts(view))
    QApplication.sendEvent(view.graphics_view(), QEvent(QEvent.Leave))  # pointer gone
    view.set_image(first, keep_view=True)
    assert not any(": " in text for text in shown_texts(view))


def test_compare_panels_refit_together_and_hold_together(compare, qtbot):
    big = np.zeros((80, 120, 3), np.uint8)
    small = np.zeros((20, 30, 3), np.uint8)
    compare.set_images([(small, "input"), (big, "output")])
    for size in ((1000, 400), (500, 700), (800, 600)):
        resize_and_settle(qtbot, compare, size)
        for panel in compare.panels():
            assert fills_the_view(panel), (size, panel.view_rect())
    wheel(compare.panels()[1], +3)   # the user zooms the second panel
    assert not any(panel.is_fitted() for panel in compare.panels())
    zoomed = compare.panels()[0].view_rect()
    resize_and_settle(qtbot, compare, (1000, 500))
    for panel in compare.panels():
        assert not fills_the_view(panel)
    assert compare.panels()[0].view_rect().center().x() == pytest.approx(
        zoomed.center().x(), abs=2)
