"""ImageView: display, levels, navigation, value readout, overlays and their export."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

RED = (255, 0, 0)


def _gray_ramp(height=60, width=80, dtype=np.uint16):
    return (np.arange(height * width).reshape(height, width) % 1000).astype(dtype)


def test_set_image_keeps_array_and_sets_levels(view):
    image = _gray_ramp()
    seen = []
    view.levelsChanged.connect(lambda lo, hi: seen.append((lo, hi)))
    view.set_image(image)
    assert view.image() is image
    lo, hi = view.levels()
    assert 0 <= lo < 10 and 990 < hi <= 999  # gray uint16: 0.5/99.5 percentiles
    assert seen and seen[-1] == (lo, hi)
    view.set_image(image, levels=(100, 300))
    assert view.levels() == (100.0, 300.0)
    view.set_levels(-1000, 400)
    assert view.levels() == (-1000.0, 400.0) and seen[-1] == (-1000.0, 400.0)
    view.set_image(np.zeros((5, 6, 3), np.uint8))
    assert view.levels() == (0.0, 255.0) and view.image().shape == (5, 6, 3)
    view.clear()
    assert view.image() is None and view.value_at(0, 0) is None


def test_rejects_arrays_that_are_not_images(view):
    with pytest.raises(ValueError, match="shape"):
        view.set_image(np.zeros((4, 4, 2)))


def test_value_at_gray_rgb_and_outside(view):
    gray = _gray_ramp(dtype=np.float32)
    view.set_image(gray)
    assert view.value_at(7, 2) == pytest.approx(float(gray[2, 7]))  # x is the column
    assert view.value_at(80, 0) is None and view.value_at(-1, 3) is None
    rgb = np.zeros((10, 20, 3), np.uint8)
    rgb[3, 15] = (10, 20, 30)
    view.set_image(rgb)
    assert view.value_at(15, 3) == (10, 20, 30)
    assert view.value_at(3, 15) is None


def test_fit_then_one_to_one(view):
    view.set_image(np.zeros((100, 50), np.uint8))
    view.fit()
    fitted = view.zoom_factor()
    assert fitted > 2  # a 100-pixel-tall image fills a ~400-pixel view
    rect = view.view_box().viewRect()
    assert rect.left() <= 0.01 and rect.right() >= 49.99 and rect.top() <= 0.01
    top, bottom = (view._group.mapToScene(QPointF(0, row)).y() for row in (0, 100))
    assert top < bottom  # row 0 is drawn at the top of the screen
    view.zoom_1to1()
    assert view.zoom_factor() == pytest.approx(1.0, rel=0.02)
    # centred where it was: the image centre stays in the middle
    assert view.view_box().viewRect().center().x() == pytest.approx(25, abs=0.5)
    view.zoom_in()
    assert view.zoom_factor() == pytest.approx(1.25, rel=0.02)
    view.zoom_out()
    view.zoom_out()
    assert view.zoom_factor() == pytest.approx(0.8, rel=0.02)


def test_keyboard_f_fits_and_1_gives_one_to_one(view, qtbot):
    view.set_image(np.zeros((100, 50), np.uint8))
    view.view_box().setRange(xRange=(0, 5), yRange=(0, 5), padding=0)
    view.activateWindow()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_1)
    assert view.zoom_factor() == pytest.approx(1.0, rel=0.02)
    qtbot.keyClick(view, Qt.Key_F)
    assert view.zoom_factor() > 2


def test_keep_view_keeps_zoom_for_same_size_only(view):
    view.set_image(np.zeros((100, 100), np.uint8))
    view.view_box().setRange(xRange=(10, 20), yRange=(10, 20), padding=0)
    zoomed = view.zoom_factor()
    view.set_image(np.ones((100, 100), np.uint8), keep_view=True)
    assert view.zoom_factor() == pytest.approx(zoomed)
    view.set_image(np.ones((100, 100), np.uint8))
    assert view.zoom_factor() < zoomed / 5
    view.view_box().setRange(xRange=(10, 20), yRange=(10, 20), padding=0)
    view.set_image(np.ones((50, 100), np.uint8), keep_view=True)  # new size: refit
    assert view.zoom_factor() < zoomed / 5


def test_pixel_aspect_stretches_rows(view):
    view.set_image(np.zeros((40, 100), np.uint8))
    view.set_pixel_aspect(2.5)  # refits by itself
    rect = view.view_box().viewRect()
    assert rect.bottom() >= 100 - 0.01  # 40 rows × 2.5 = 100 view units tall
    assert rect.center().y() == pytest.approx(50, abs=0.5)
    assert view.value_at(10, 39) == 0 and view.value_at(10, 40) is None
    assert view.pixel_aspect() == 2.5


def _drag(qtbot, widget, button, start, end, steps=5):
    """Press, move in steps, release on the graphics viewport (pyqtgraph turns it into a drag;
    its scene drops moves closer than ~1/60 s apart, hence the waits)."""
    viewport = widget._graphics.viewport()

    def send(kind, pos, buttons, changed):
        local = QPointF(pos)
        event = QMouseEvent(kind, local, viewport.mapToGlobal(local), changed, buttons,
                            Qt.NoModifier)
        QApplication.sendEvent(viewport, event)

    send(QEvent.MouseButtonPress, start, button, button)
    for i in range(1, steps + 1):
        qtbot.wait(25)
        send(QEvent.MouseMove, start + (end - start) * i / steps, button, Qt.NoButton)
    qtbot.wait(25)
    send(QEvent.MouseButtonRelease, end, Qt.NoButton, button)


def test_right_drag_changes_window_and_level(view, qtbot):
    view.set_image(_gray_ramp(), levels=(0, 1000))
    seen, finished = [], []
    view.levelsChanged.connect(lambda lo, hi: seen.append((lo, hi)))
    view.levelsChangeFinished.connect(lambda lo, hi: finished.append((lo, hi)))
    range_before = view.view_box().viewRect()

    _drag(qtbot, view, Qt.RightButton, QPoint(200, 200), QPoint(200, 200))  # not enabled: no change
    assert view.levels() == (0.0, 1000.0)
    view.view_box().setRange(range_before, padding=0)

    view.set_window_drag_enabled(True)
    _drag(qtbot, view, Qt.RightButton, QPoint(150, 200), QPoint(278, 200))  # 128 px right
    lo, hi = view.levels()
    assert hi - lo == pytest.approx(1500, rel=0.05)  # half a window wider
    assert (lo + hi) / 2 == pytest.approx(500, abs=20)
    assert len(seen) >= 3  # emitted while dragging, not only at the end
    assert finished[-1] == view.levels()
    assert view.view_box().viewRect() == range_before  # the view did not zoom

    _drag(qtbot, view, Qt.RightButton, QPoint(200, 150), QPoint(200, 278))  # 128 px down
    lo2, hi2 = view.levels()
    assert hi2 - lo2 == pytest.approx(hi - lo, rel=0.01)
    assert (lo2 + hi2) / 2 > (lo + hi) / 2 + 500


def test_window_drag_method_never_inverts(view):
    view.set_image(_gray_ramp(), levels=(0, 100))
    view.window_drag((0, 100), dx=-10_000, dy=0)
    lo, hi = view.levels()
    assert hi > lo


def test_cursor_readout_and_signal(view, qtbot):
    image = np.zeros((50, 50), np.uint8)
    image[25, 30] = 77
    view.set_image(image)
    qtbot.wait(50)  # the ViewBox applies a new range lazily, before painting
    scene_pos = view._group.mapToScene(QPointF(30.5, 25.5))
    with qtbot.waitSignal(view.cursorMoved, timeout=2000) as blocker:
        view._graphics.scene().sigMouseMoved.emit(scene_pos)
    assert blocker.args == [30, 25, 77]
    assert view._readout.isVisible() and view._readout.text() == "30, 25: 77"


def test_overlay_layers_names_visibility_removal(view):
    view.set_image(np.zeros((50, 60, 3), np.uint8))
    view.set_boxes("faces", [(5, 5, 20, 20)], labels=["0.98"])
    view.set_points("eyes", [(8, 8), (15, 8)])
    view.set_polygons("text", [np.array([[30, 30], [50, 32], [48, 45], [29, 42]])])
    assert view.overlay_names() == ["faces", "eyes", "text"]
    view.set_boxes("faces", [(1, 1, 4, 4)])  # replacing keeps the place
    assert view.overlay_names() == ["faces", "eyes", "text"]
    view.set_overlay_visible("eyes", False)
    assert not view.overlay_visible("eyes")
    view.remove_overlay("eyes")
    assert view.overlay_names() == ["faces", "text"]
    with pytest.raises(KeyError):
        view.set_overlay_visible("eyes", True)
    view.clear_overlays()
    assert view.overlay_names() == []


def test_box_outline_is_drawn_not_its_interior(view):
    image = np.full((60, 80, 3), 40, np.uint8)
    view.set_image(image)
    plain = view.render_to_array()
    np.testing.assert_array_equal(plain[..., :3], image)
    view.set_boxes("faces", [(10, 10, 50, 40)], color=RED, width=2)
    out = view.render_to_array()
    assert out.shape == (60, 80, 4) and out.dtype == np.uint8
    np.testing.assert_array_equal(out[10, 30, :3], RED)  # top edge
    np.testing.assert_array_equal(out[25, 10, :3], RED)  # left edge
    np.testing.assert_array_equal(out[25, 30, :3], [40, 40, 40])  # interior untouched
    np.testing.assert_array_equal(out[5, 70, :3], [40, 40, 40])  # outside untouched
    view.set_overlay_visible("faces", False)
    np.testing.assert_array_equal(view.render_to_array(), plain)


def test_highlight_draws_one_shape_differently(view):
    view.set_image(np.zeros((60, 80), np.uint8))
    view.set_boxes("words", [(5, 5, 25, 25), (40, 5, 70, 25)], color=RED)
    view.highlight("words", 1)
    out = view.render_to_array()
    np.testing.assert_array_equal(out[5, 15, :3], RED)
    assert tuple(out[5, 55, :3]) != RED and out[5, 55, :3].sum() > 300
    view.highlight("words", None)
    np.testing.assert_array_equal(view.render_to_array()[5, 55, :3], RED)
    with pytest.raises(IndexError):
        view.highlight("words", 5)


def test_mask_blends_its_color(view):
    image = np.full((30, 40, 3), 100, np.uint8)
    view.set_image(image)
    mask = np.zeros((30, 40), bool)
    mask[10:20, 10:20] = True
    view.set_mask("lesion", mask, color=(0, 0, 255), alpha=0.4)
    out = view.render_to_array()
    np.testing.assert_allclose(out[15, 15, :3], [60, 60, 162], atol=2)  # 0.6·100 + 0.4·c
    np.testing.assert_array_equal(out[5, 5, :3], [100, 100, 100])


def test_heatmap_7x7_covers_a_224_image_smoothly(view):
    view.set_image(np.zeros((224, 224), np.uint8))
    cam = np.zeros((7, 7))
    cam[3, 3] = 1.0
    view.set_heatmap("cam", cam, colormap="gray", alpha=1.0)
    out = view.render_to_array()[..., 0].astype(int)
    assert out[112, 112] > 240  # the hot cell's centre (cells are 32 px)
    assert out[0, 0] < 5 and out[223, 223] < 5 and out[0, 223] < 5  # reaches every corner
    profile = out[112, 80:145]
    assert np.abs(np.diff(profile)).max() < 20  # bilinear: no 32-px blocks
    assert 80 < out[112, 128] < 200  # halfway towards the next cell centre


def test_overlay_click_signal(view, qtbot):
    view.set_image(np.zeros((100, 100), np.uint8))
    view.set_boxes("words", [(10, 10, 90, 90), (40, 40, 60, 60)])
    qtbot.wait(50)  # let the ViewBox apply its range before mapping positions
    hits = []
    view.overlayClicked.connect(lambda name, index: hits.append((name, index)))
    inner = view._graphics.mapFromScene(view._group.mapToScene(QPointF(50, 50)))
    qtbot.mouseClick(view._graphics.viewport(), Qt.LeftButton, pos=inner)
    outer = view._graphics.mapFromScene(view._group.mapToScene(QPointF(20, 20)))
    qtbot.mouseClick(view._graphics.viewport(), Qt.LeftButton, pos=outer)
    nowhere = view._graphics.mapFromScene(view._group.mapToScene(QPointF(95, 5)))
    qtbot.mouseClick(view._graphics.viewport(), Qt.LeftButton, pos=nowhere)
    assert hits == [("words", 1), ("words", 0)]


def test_caption_and_colormap(view):
    view.set_caption("SRResNet 23.53 dB")
    assert view.caption() == "SRResNet 23.53 dB" and view._caption.isVisible()
    view.set_image(np.linspace(0, 1, 100, dtype=np.float32).reshape(10, 10))
    view.set_colormap("jet")
    out = view.render_to_array()
    assert tuple(out[0, 0, :3]) == (0, 0, 128) and tuple(out[9, 9, :3]) == (128, 0, 0)


def test_labels_left_of_a_shape_stay_outside_it(view, qtbot):
    view.set_image(np.zeros((100, 200), np.uint8))
    box = np.array([[60, 40], [180, 40], [180, 60], [60, 60]], float)
    view.set_polygons("lines", [box], ["12"], label_side="left")
    qtbot.wait(50)
    label = next(item for item in view._layer("lines")._items if hasattr(item, "textItem"))
    rect = label.mapRectToParent(label.boundingRect())      # image pixels
    assert rect.right() <= 60 and rect.top() < 50 < rect.bottom()
    with pytest.raises(ValueError, match="label_side"):
        view.set_polygons("lines", [box], ["1"], label_side="inside")
