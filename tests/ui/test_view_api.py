"""The views' public API that tools use instead of pyqtgraph internals: clicks, the region
rectangle, a tool's own items, silent updates, screen grabs, edge texts (real mouse events)."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QLabel

from cvlab.ui.views import CompareView
from cvlab.ui.views.annotations import EdgeText

H, W = 60, 80


@pytest.fixture
def view(view):
    """The shared shown view (tests/ui/conftest.py) with an H×W image."""
    view.set_image(np.zeros((H, W), np.uint8))
    return view


def _viewport_pos(view, x, y):
    """Viewport position of the continuous image point (x, y)."""
    scene = view.image_group().mapToScene(QPointF(x, y))
    return QPointF(view.graphics_view().mapFromScene(scene))


def _send(view, kind, pos, buttons, changed):
    viewport = view.graphics_view().viewport()
    event = QMouseEvent(kind, pos, viewport.mapToGlobal(pos), changed, buttons, Qt.NoModifier)
    QApplication.sendEvent(viewport, event)


def _settled_pos(view, qtbot, x, y):
    """Where image point (x, y) is on screen once the view has applied its new range and
    layout (done when it next paints: later on a busy machine, so wait until it holds)."""
    positions = []
    for _ in range(100):
        qtbot.wait(30)
        positions.append(_viewport_pos(view, x, y))
        if len(positions) >= 3 and positions[-1] == positions[-2] == positions[-3]:
            break
    return positions[-1]


def _click(view, qtbot, x, y, button=Qt.LeftButton):
    pos = _settled_pos(view, qtbot, x, y)
    _send(view, QEvent.MouseButtonPress, pos, button, button)
    qtbot.wait(10)
    _send(view, QEvent.MouseButtonRelease, pos, Qt.NoButton, button)


def _drag(view, qtbot, start, end, steps=5):
    """A left drag between two image points (pyqtgraph drops moves closer than ~1/60 s)."""
    a, b = _settled_pos(view, qtbot, *start), _viewport_pos(view, *end)
    _send(view, QEvent.MouseButtonPress, a, Qt.LeftButton, Qt.LeftButton)
    for i in range(1, steps + 1):
        qtbot.wait(25)
        _send(view, QEvent.MouseMove, a + (b - a) * i / steps, Qt.LeftButton, Qt.NoButton)
    qtbot.wait(25)
    _send(view, QEvent.MouseButtonRelease, b, Qt.NoButton, Qt.LeftButton)


def test_left_click_emits_pixel_clicked_in_image_pixels(view, qtbot):
    clicks = []
    view.pixelClicked.connect(lambda x, y: clicks.append((x, y)))
    _click(view, qtbot, 30.5, 20.5)
    assert len(clicks) == 1
    assert clicks[0] == pytest.approx((30.5, 20.5), abs=0.5)
    _click(view, qtbot, 10.5, 10.5, Qt.RightButton)
    assert len(clicks) == 1  # only the left button picks
    view.set_pixel_aspect(2.0)  # rows twice as tall: still reported in image rows
    _click(view, qtbot, 40.5, 50.5)
    assert clicks[-1] == pytest.approx((40.5, 50.5), abs=0.5)


def test_compare_view_reports_which_panel_was_clicked(qtbot):
    compare = CompareView()
    qtbot.addWidget(compare)
    compare.resize(800, 500)
    compare.show()
    qtbot.waitExposed(compare)
    small, large = np.zeros((20, 25), np.uint8), np.zeros((40, 50), np.uint8)
    compare.set_images([(large, "large"), (small, "small")])
    clicks = []
    compare.pixelClicked.connect(lambda i, x, y: clicks.append((i, x, y)))
    _click(compare.panels()[1], qtbot, 10.5, 5.5)  # in the small image's own pixels
    assert len(clicks) == 1 and clicks[0][0] == 1
    assert clicks[0][1:] == pytest.approx((10.5, 5.5), abs=0.5)
    compare.set_images([(large, "a"), (large, "b"), (small, "c")])  # panels rebuilt
    _click(compare.panels()[2], qtbot, 3.5, 4.5)
    assert clicks[-1][0] == 2 and clicks[-1][1:] == pytest.approx((3.5, 4.5), abs=0.5)


def test_region_is_set_silently_and_reports_the_users_drag(view, qtbot):
    changes = []
    view.regionChanged.connect(lambda *rect: changes.append(rect))
    assert view.region() is None
    view.set_region(10, 10, 20, 16)
    assert view.region() == (10, 10, 20, 16) and changes == []
    _drag(view, qtbot, (20, 18), (30, 23))  # grab the middle and move it 10 right, 5 down
    assert changes, "dragging the rectangle emits regionChanged"
    x, y, w, h = changes[-1]
    assert (x, y) == pytest.approx((20, 15), abs=1) and (w, h) == (20, 16)
    assert view.region() == changes[-1]
    view.clear_region()
    assert view.region() is None


def test_a_tools_item_is_added_in_image_pixels_and_removed(view):
    box = QGraphicsRectItem(10, 20, 5, 5)
    view.add_item(box)
    assert box.scene() is view.graphics_view().scene()
    assert box.mapToScene(QPointF(12, 21)) == view.image_group().mapToScene(QPointF(12, 21))
    view.remove_item(box)
    assert box.scene() is None and box.parentItem() is None
    view.remove_item(box)  # removing twice is harmless


def test_view_rect_is_the_shown_part_in_image_pixels(view):
    view.set_pixel_aspect(2.0)
    view.fit()
    shown = view.view_rect()
    # The whole image fits and the longer side fills the view.
    assert shown.left() <= 0.5 and shown.right() >= W - 0.5
    assert shown.top() <= 0.5 and shown.bottom() >= H - 0.5
    assert min(shown.width() - W, shown.height() - H) == pytest.approx(0, abs=1)


def test_signals_blocked_applies_changes_silently(view):
    seen = []
    view.levelsChanged.connect(lambda lo, hi: seen.append((lo, hi)))
    with view.signals_blocked() as same:
        assert same is view
        view.set_levels(5, 50)
    assert seen == [] and view.levels() == (5.0, 50.0)
    view.set_levels(6, 60)
    assert seen == [(6.0, 60.0)]


def test_grab_rgb_returns_the_screen_picture(view):
    view.set_image(np.full((H, W), 255, np.uint8), levels=(0, 255))
    pixels = view.grab_rgb()
    assert pixels.dtype == np.uint8 and pixels.ndim == 3 and pixels.shape[2] == 3
    height, width = pixels.shape[:2]
    assert (pixels[height // 2, width // 2] == 255).all()  # the white image in the middle


def test_edge_texts_sit_on_their_edges(view, qtbot):
    edges = EdgeText(view)
    for edge, text in (("left", "R"), ("right", "L"), ("top", "A"), ("bottom", "P")):
        edges.set_text(edge, text)
    assert edges.text("top") == "A"
    view.resize(500, 420)  # the texts follow the view's size
    qtbot.wait(10)
    graphics = view.graphics_view()
    shown = {label.text(): label.geometry() for label in graphics.findChildren(QLabel)
             if label.isVisible() and label.text() in ("R", "L", "A", "P")}
    assert shown["R"].left() < 10 and shown["L"].right() > graphics.width() - 10
    assert shown["A"].top() < 10 and shown["P"].bottom() > graphics.height() - 10
    assert abs(shown["A"].center().x() - graphics.width() / 2) <= 2
    assert abs(shown["R"].center().y() - graphics.height() / 2) <= 2
