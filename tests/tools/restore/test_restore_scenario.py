"""The Restore tab as a student uses it, in the real main window: the old-photo sample from
Help -> Samples, a mask stroke with the mouse, scratch detection, inpainting (results one
by one, Cancel), colour scribbles in the chosen colour on screen, resizing, other tabs, a
broken file and a second photo."""

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QColorDialog, QPushButton

GREEN = (0x00, 0xAA, 0x00)


def button(panel, text):
    return next(b for b in panel.findChildren(QPushButton) if b.text() == text)


def viewport_pos(painter, x, y):
    """Viewport position of image pixel centre (x, y) in a MaskPainter."""
    scene = painter.view.image_group().mapToScene(QPointF(x + 0.5, y + 0.5))
    return painter.view.graphics_view().mapFromScene(scene)


def drag(qtbot, painter, points):
    viewport = painter.view.graphics_view().viewport()
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, viewport_pos(painter, *points[0]))
    for x, y in points[1:]:
        QTest.mouseMove(viewport, viewport_pos(painter, x, y))
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier,
                       viewport_pos(painter, *points[-1]))


def on_screen(painter, x, y):
    """The colour the user sees at image pixel (x, y) of a MaskPainter's view."""
    viewport = painter.view.graphics_view().viewport()
    pos = viewport.mapTo(painter.view, viewport_pos(painter, x, y))
    return tuple(int(v) for v in painter.view.grab_rgb()[pos.y(), pos.x()])


def resize(qtbot, window, width, height):
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height)
    qtbot.wait(50)   # let the layouts settle


def test_a_student_restores_and_colorizes_the_old_photo(qtbot, window, test_data, tmp_path,
                                                         monkeypatch):
    resize(qtbot, window, 1600, 1000)
    panel = next(p for p in window.panels if p.spec.id == "restore")
    window.tabs.setCurrentWidget(panel)
    sample = next(a for a in window.samples_menu.actions()
                  if a.text() == "Old photo (gray, scratched)")
    sample.trigger()
    qtbot.waitUntil(lambda: panel.path is not None, timeout=60_000)
    assert panel.path.endswith(".png") and panel.image.shape[:2] == (427, 640)

    # Inpaint before painting: the tab says what to do first.
    QTest.mouseClick(button(panel, "Inpaint"), Qt.LeftButton)
    assert panel.status_text() == "Paint over what to fill first (or detect scratches)"
    assert panel.outputs == [] and panel.run_finished()

    # A mask stroke with the mouse, then "Detect scratches and dust": the stroke stays.
    editor = panel.mask_editor
    assert panel.views.currentWidget() is editor
    editor.size_spin.setValue(9)
    drag(qtbot, editor, [(100, 300), (160, 310), (220, 300)])
    painted = editor.mask()
    assert painted[310, 160] and painted[302, 130] and editor.undo_stack.count() == 1
    QTest.mouseClick(button(panel, "Detect scratches and dust"), Qt.LeftButton)
    qtbot.waitUntil(lambda: "Added" in panel.status_text(), timeout=60_000)
    merged = editor.mask()
    assert merged[painted].all() and merged.sum() > painted.sum()
    assert f"Added {int(merged.sum() - painted.sum()):,} px of scratches" in panel.status_text()
    assert editor.undo_stack.count() == 2                  # one undoable step

    # Cancel a run under way (the slow exemplar method first): nothing half-done is shown,
    # the method after it does not run.
    panel.set_chosen(panel.inpaint_methods, {"exemplar", "net"})
    QTest.mouseClick(button(panel, "Inpaint"), Qt.LeftButton)
    qtbot.waitUntil(window.job_progress.isVisible, timeout=60_000)
    QTest.mouseClick(window.job_progress.cancel_button, Qt.LeftButton)
    qtbot.waitUntil(panel.run_finished, timeout=180_000)
    assert window.worker.wait_idle(180)
    # No progress bar is left once the cancelled run has ended (item 4).
    qtbot.waitUntil(lambda: not window.job_progress.isVisible(), timeout=10_000)
    assert panel.outputs == [] and "methods done" not in panel.status_text()
    assert [view.caption() for view in panel.compare.panels()] == ["Masked input"]

    # Inpaint with three methods: the compare view fills in as each one finishes.
    panel.set_chosen(panel.inpaint_methods, {"telea", "ns", "biharmonic"})
    panels_seen = []
    panel.state.changed.connect(lambda name, _v: name == "results" and panels_seen.append(
        [view.caption() for view in panel.compare.panels()]))
    QTest.mouseClick(button(panel, "Inpaint"), Qt.LeftButton)
    assert panel.views.currentWidget() is panel.compare
    assert "0 of 3 methods done" in panel.status_text()
    qtbot.waitUntil(panel.run_finished, timeout=180_000)
    filled = [captions for captions in panels_seen if len(captions) > 1]
    assert [len(c) for c in filled] == [2, 3, 4]           # one more panel per method
    assert filled[0][0] == "Masked input" and filled[0][1].startswith("OpenCV Telea")
    assert "methods done" not in panel.status_text()
    assert [panel.result_box.itemText(i) for i in range(panel.result_box.count())] == [
        "OpenCV Telea", "OpenCV Navier–Stokes", "Biharmonic"]

    # Continue with Telea's result: the tab (and only the tab) says so, and it is true.
    panel.result_box.setCurrentIndex(panel.result_box.findData("telea"))
    telea = panel.outputs[0][2]
    QTest.mouseClick(button(panel, "Continue with this result"), Qt.LeftButton)
    np.testing.assert_array_equal(panel.image, telea)
    assert panel.status_text() == "Working on the result of OpenCV Telea"

    # Colour scribbles: pick green (the dialog answers for the user), paint, see green.
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a, **k: QColor(*GREEN)))
    panel.modes.setCurrentIndex(1)
    scribbles = panel.scribble_editor
    assert panel.views.currentWidget() is scribbles
    QTest.mouseClick(panel.color_button, Qt.LeftButton)
    assert panel.color_button.text() == "#00aa00"
    texts = scribbles.toolbar_texts()
    assert "Brush" in texts and "Undo" in texts
    assert not {"Invert", "Grow", "Shrink", "Load mask…", "Save mask…"} & set(texts)
    scribbles.size_spin.setValue(15)
    drag(qtbot, scribbles, [(300, 100), (360, 100), (420, 110)])
    assert tuple(panel.scribbles[100, 360]) == GREEN       # what the colouriser gets
    assert on_screen(scribbles, 360, 100) == GREEN         # what the student sees
    panel.set_color(QColor(200, 30, 30))
    drag(qtbot, scribbles, [(300, 250), (360, 250)])
    assert on_screen(scribbles, 360, 100) == GREEN         # earlier strokes keep their colour
    assert on_screen(scribbles, 330, 250) == (200, 30, 30)

    # Resize 1600x1000 -> 1280x720 -> back: the strokes are still shown in their colours.
    for width, height in ((1280, 720), (1600, 1000)):
        resize(qtbot, window, width, height)
        assert on_screen(scribbles, 360, 100) == GREEN
        label = panel.status_label                         # the tab's line is not cut
        assert label.height() >= label.heightForWidth(label.width())

    # Another tab: nothing about Restore shows there; back: the tab's line is still true.
    other = next(p for p in window.panels if p.spec.id != "restore")
    window.tabs.setCurrentWidget(other)
    assert not panel.status_label.isVisible()
    assert "Working on" not in window.notifications.current_text()
    assert not any("Working on" in note.text for note in window.notifications.history)
    window.tabs.setCurrentWidget(panel)
    assert panel.status_label.isVisible()
    assert panel.status_text() == "Working on the result of OpenCV Telea"

    # A broken file: an error naming it; the photo and the work on it stay.
    broken = tmp_path / "notes.png"
    broken.write_text("This is not an image, it is a note.\n")
    opened_path = panel.path
    window.open_path(broken)
    qtbot.waitUntil(lambda: any(n.level == "error" and "notes.png" in n.text
                                for n in window.notifications.history), timeout=60_000)
    assert panel.path == opened_path and tuple(panel.scribbles[100, 360]) == GREEN

    # A second photo: the old results, chain, mask and scribbles are gone.
    flower = test_data / "photos" / "sklearn_flower.jpg"
    window.open_path(flower)
    qtbot.waitUntil(lambda: panel.path == str(flower), timeout=60_000)
    assert panel.outputs == [] and panel.result_box.count() == 0
    assert panel.status_text() == "" and panel.history == []
    assert [view.caption() for view in panel.compare.panels()] == ["Input"]
    assert not panel.mask_editor.mask().any() and not panel.scribbles.any()
    assert "sklearn_flower.jpg" in panel.file_label.text() and "→" not in panel.file_label.text()
    assert not panel.continue_button.isEnabled() and not panel.revert_button.isEnabled()
