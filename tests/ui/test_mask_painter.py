"""MaskPainter: painting tools, undo/redo, load/save, and real mouse drags (offscreen)."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from cvlab.core import mask_ops
from cvlab.ui.views.mask_painter import MaskPainter

H, W = 60, 80


@pytest.fixture
def editor(qtbot):
    widget = MaskPainter()
    qtbot.addWidget(widget)
    widget.resize(500, 450)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_image(np.full((H, W, 3), 128, np.uint8))
    return widget


def test_set_image_starts_an_empty_mask_and_signals(editor, qtbot):
    assert editor.mask().shape == (H, W) and not editor.mask().any()
    assert editor.tool() == "brush" and editor.undo_stack.count() == 0
    with qtbot.waitSignal(editor.maskChanged):
        editor.paint_rect(1, 1, 3, 3)
    editor.set_image(np.zeros((10, 12), np.uint8))
    assert editor.mask().shape == (10, 12) and editor.undo_stack.count() == 0
    with pytest.raises(ValueError, match="unknown tool"):
        editor.set_tool("spray")


def test_stroke_rect_lasso_and_eraser(editor):
    editor.size_spin.setValue(5)
    editor.paint_stroke([(10, 10), (40, 10)])
    expected = mask_ops.stroke(np.zeros((H, W), bool), [(10, 10), (40, 10)], 2.5)
    assert np.array_equal(editor.mask(), expected)
    editor.paint_rect(50, 30, 60, 40)
    assert editor.mask()[30:41, 50:61].all()
    editor.paint_lasso([(5, 40), (25, 40), (15, 55)])
    assert editor.mask()[45, 15] and not editor.mask()[55, 5]
    editor.paint_stroke([(25, 10)], erase=True)
    assert not editor.mask()[10, 24:27].any() and editor.mask()[10, 15]
    editor.paint_rect(50, 30, 60, 35, erase=True)
    assert not editor.mask()[30:36, 50:61].any() and editor.mask()[36:41, 50:61].all()
    assert editor.undo_stack.count() == 5


def test_undo_redo_restores_exactly_over_six_operations(editor):
    states = [editor.mask()]
    editor.size_spin.setValue(7)
    editor.paint_stroke([(5, 5), (70, 50), (10, 50)])
    states.append(editor.mask())
    editor.paint_rect(30, 0, 45, 59, erase=True)
    states.append(editor.mask())
    editor.paint_lasso([(50, 5), (75, 5), (75, 25)])
    states.append(editor.mask())
    editor.grow_mask(3)
    states.append(editor.mask())
    editor.invert_mask()
    states.append(editor.mask())
    editor.shrink_mask(2)
    states.append(editor.mask())
    assert editor.undo_stack.count() == 6
    assert len({s.tobytes() for s in states}) == 7  # every step changed something
    for expected in reversed(states[:-1]):
        editor.undo_stack.undo()
        assert np.array_equal(editor.mask(), expected)
    for expected in states[1:]:
        editor.undo_stack.redo()
        assert np.array_equal(editor.mask(), expected)
    for command_index in range(6):  # each step keeps a small compressed bbox diff
        assert editor.undo_stack.command(command_index).nbytes() < H * W // 4


def test_grow_shrink_invert_clear_match_mask_ops(editor):
    editor.paint_rect(20, 20, 30, 30)
    base = editor.mask()
    editor.grow_mask(4)
    assert np.array_equal(editor.mask(), mask_ops.grow(base, 4))
    editor.shrink_mask(4)
    assert np.array_equal(editor.mask(), mask_ops.shrink(mask_ops.grow(base, 4), 4))
    editor.invert_mask()
    assert np.array_equal(editor.mask(), ~mask_ops.shrink(mask_ops.grow(base, 4), 4))
    editor.clear_mask()
    assert not editor.mask().any()
    count = editor.undo_stack.count()
    editor.clear_mask()  # no change: no undo step
    assert editor.undo_stack.count() == count
    editor.set_mask(base, undoable=False)
    assert np.array_equal(editor.mask(), base) and editor.undo_stack.count() == count


def test_overlay_tracks_the_mask_and_opacity(editor):
    editor.paint_rect(0, 0, 9, 9)
    rendered = editor.view.render_to_array()
    assert rendered[5, 5, 0] > rendered[5, 5, 1] + 30  # tinted red
    assert rendered[30, 30, 0] == rendered[30, 30, 1]  # untouched gray
    editor.set_opacity(0.0)
    assert editor.opacity_slider.value() == 0
    assert editor.view.render_to_array()[5, 5, 0] == 128


def test_load_save_round_trip_and_wrong_size(editor, tmp_path):
    editor.paint_lasso([(5, 5), (60, 10), (30, 50)])
    saved = editor.mask()
    path = editor.save_mask(tmp_path / "mask.png")
    editor.clear_mask()
    editor.load_mask(path)
    assert np.array_equal(editor.mask(), saved)
    editor.undo_stack.undo()  # loading is one undo step
    assert not editor.mask().any()
    mask_ops.save_mask(tmp_path / "small.png", np.ones((6, 8), bool))
    with pytest.raises(ValueError, match=r"small\.png.*8×6.*80×60"):
        editor.load_mask(tmp_path / "small.png")
    assert not editor.mask().any()


def _viewport_pos(editor, x, y):
    """Viewport widget position of image pixel centre (x, y)."""
    scene = editor.view.image_group().mapToScene(QPointF(x + 0.5, y + 0.5))
    return editor.view.graphics_view().mapFromScene(scene)


def test_mouse_drag_paints_under_the_pointer(editor, qtbot):
    viewport = editor.view.graphics_view().viewport()
    editor.size_spin.setValue(1)
    path = [(10, 20), (30, 22), (50, 40)]
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, _viewport_pos(editor, *path[0]))
    for x, y in path[1:]:
        QTest.mouseMove(viewport, _viewport_pos(editor, x, y))
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, _viewport_pos(editor, *path[-1]))
    painted = editor.mask()
    assert painted.any() and editor.undo_stack.count() == 1  # the whole drag is one step
    expected = mask_ops.stroke(np.zeros((H, W), bool), path, 0.5)
    near = mask_ops.grow(expected, 2)
    assert not (painted & ~near).any()  # nothing painted away from the path
    assert mask_ops.grow(painted, 2)[expected].all()  # the path is covered within 2 px
    editor.undo_stack.undo()
    assert not editor.mask().any()


def test_mouse_rect_and_right_drag_does_not_paint(editor):
    viewport = editor.view.graphics_view().viewport()
    editor.set_tool("rect")
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, _viewport_pos(editor, 10, 10))
    QTest.mouseMove(viewport, _viewport_pos(editor, 20, 15))
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, _viewport_pos(editor, 20, 15))
    ys, xs = np.nonzero(editor.mask())
    assert abs(xs.min() - 10) <= 1 and abs(xs.max() - 20) <= 1
    assert abs(ys.min() - 10) <= 1 and abs(ys.max() - 15) <= 1
    before = editor.mask()
    QTest.mousePress(viewport, Qt.RightButton, Qt.NoModifier, _viewport_pos(editor, 40, 40))
    QTest.mouseMove(viewport, _viewport_pos(editor, 50, 45))
    QTest.mouseRelease(viewport, Qt.RightButton, Qt.NoModifier, _viewport_pos(editor, 50, 45))
    assert np.array_equal(editor.mask(), before)


def test_keys_change_brush_size_and_wheel_still_zooms(editor, qtbot):
    editor.size_spin.setValue(20)
    editor.view.setFocus()
    QTest.keyClick(editor.view, Qt.Key_BracketRight)
    assert editor.size_spin.value() == 22
    QTest.keyClick(editor.view, Qt.Key_BracketLeft)
    assert editor.size_spin.value() == 20
    zoom = editor.view.zoom_factor()
    editor.view.zoom_in()  # the ImageView's own zoom is untouched by the editor
    assert editor.view.zoom_factor() > zoom


def test_mouse_lasso_and_eraser_with_a_named_green_overlay(qtbot):
    painter = MaskPainter(overlay="holes", color=(0, 255, 0))
    qtbot.addWidget(painter)
    painter.resize(500, 450)
    painter.show()
    qtbot.waitExposed(painter)
    painter.set_image(np.full((H, W, 3), 128, np.uint8))
    viewport = painter.view.graphics_view().viewport()
    painter.set_tool("lasso")
    corners = [(10, 10), (50, 10), (50, 40), (10, 40)]
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, _viewport_pos(painter, *corners[0]))
    for x, y in corners[1:]:
        QTest.mouseMove(viewport, _viewport_pos(painter, x, y))
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier,
                       _viewport_pos(painter, *corners[-1]))
    mask = painter.mask()
    assert mask[15:36, 15:46].all() and not mask[45:].any() and not mask[:, 55:].any()
    assert painter.view.overlay_names() == ["holes"]
    rendered = painter.view.render_to_array()
    assert rendered[25, 30, 1] > rendered[25, 30, 0] + 30  # tinted green where painted

    painter.set_tool("eraser")
    painter.size_spin.setValue(5)
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, _viewport_pos(painter, 30, 25))
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, _viewport_pos(painter, 30, 25))
    assert not painter.mask()[25, 30] and painter.mask()[15, 15]
    assert painter.undo_stack.count() == 2
    painter.undo_stack.undo()
    assert np.array_equal(painter.mask(), mask)


@pytest.fixture
def scribbler(qtbot):
    from cvlab.ui.views.mask_painter import SCRIBBLE_TOOLBAR

    widget = MaskPainter(toolbar=SCRIBBLE_TOOLBAR, colored=True, opacity=1.0)
    qtbot.addWidget(widget)
    widget.resize(500, 450)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_image(np.full((H, W), 128, np.uint8))
    return widget


def test_scribble_toolbar_has_no_mask_only_tools(scribbler):
    texts = scribbler.toolbar_texts()
    assert {"Brush", "Eraser", "Clear", "Undo", "Redo"} <= set(texts)
    for mask_only in ("Invert", "Grow", "Shrink", "Load mask…", "Save mask…"):
        assert mask_only not in texts
    assert "Invert" in MaskPainter().toolbar_texts()      # the default keeps them all
    with pytest.raises(ValueError, match="unknown toolbar"):
        MaskPainter(toolbar=("brush", "spray"))


def test_each_stroke_keeps_its_own_color_on_screen_and_through_undo(scribbler):
    scribbler.size_spin.setValue(7)
    scribbler.set_paint_color((0, 170, 0))
    scribbler.paint_stroke([(10, 20), (40, 20)])
    scribbler.set_paint_color((30, 60, 220))
    scribbler.paint_stroke([(30, 10), (30, 40)])              # crosses the green one
    colors = scribbler.colors()
    assert tuple(colors[20, 12]) == (0, 170, 0) and tuple(colors[35, 30]) == (30, 60, 220)
    assert tuple(colors[20, 30]) == (30, 60, 220)             # the newer stroke on top
    assert not colors[~scribbler.mask()].any()
    shown = scribbler.view.render_to_array()
    assert tuple(shown[20, 12, :3]) == (0, 170, 0) and tuple(shown[35, 30, :3]) == (30, 60, 220)
    assert tuple(shown[50, 70, :3]) == (128, 128, 128)        # unpainted: the photo
    scribbler.undo_stack.undo()
    assert tuple(scribbler.colors()[20, 30]) == (0, 170, 0)  # the green stroke is back
    assert not scribbler.mask()[35, 30]
    scribbler.undo_stack.redo()
    assert tuple(scribbler.colors()[20, 30]) == (30, 60, 220)
    scribbler.paint_stroke([(30, 20)], erase=True)
    assert not scribbler.colors()[20, 30].any()


def test_a_mouse_stroke_paints_the_chosen_color(scribbler, qtbot):
    viewport = scribbler.view.graphics_view().viewport()
    scribbler.set_paint_color((200, 120, 0))
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, _viewport_pos(scribbler, 10, 30))
    QTest.mouseMove(viewport, _viewport_pos(scribbler, 60, 30))
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, _viewport_pos(scribbler, 60, 30))
    assert scribbler.undo_stack.count() == 1
    assert tuple(scribbler.colors()[30, 35]) == (200, 120, 0)
    scribbler.undo_stack.undo()
    assert not scribbler.mask().any() and not scribbler.colors().any()


def test_loaded_scribbles_are_one_undo_step(scribbler):
    colors = np.zeros((H, W, 3), np.uint8)
    colors[5:10, 5:10] = (10, 20, 30)
    mask = colors.any(axis=2)
    scribbler.set_scribbles(colors, mask)
    assert np.array_equal(scribbler.colors(), colors) and np.array_equal(scribbler.mask(), mask)
    scribbler.undo_stack.undo()
    assert not scribbler.colors().any()
    with pytest.raises(ValueError, match="scribbles are"):
        scribbler.set_scribbles(np.zeros((3, 3, 3), np.uint8), np.zeros((3, 3), bool))
