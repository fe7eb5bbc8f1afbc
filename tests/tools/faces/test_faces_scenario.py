"""The Faces tab as a student uses it, on the real main window: the group collage from
Help → Samples, detection, a face left unticked, the anonymised preview, resizing, another
tab and back, a broken file, a second image. Asserts what is on screen."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.ui.test_view_refit import fills_the_view

SAMPLE_TITLE = "Group-style collage (faces)"


def _faces_panel(window):
    return next(p for p in window.panels if p.spec.id == "faces")


def _list_texts(panel):
    return [panel.face_list.item(row).text() for row in range(panel.face_list.count())]


def _ticks(panel):
    return [panel.face_list.item(row).checkState() == Qt.Checked
            for row in range(panel.face_list.count())]


def _refitted(qtbot, panel):
    QTest.qWait(0)
    qtbot.waitUntil(lambda: fills_the_view(panel.view), timeout=5_000)


def test_student_detects_keeps_a_face_anonymises_and_opens_other_files(qtbot, window,
                                                                      test_data, tmp_path):
    window.resize(1600, 1000)
    panel = _faces_panel(window)
    window.tabs.setCurrentWidget(panel)

    # Help → Samples → the group collage: it opens here and detection runs by itself
    action = next(a for a in window.samples_menu.actions() if a.text() == SAMPLE_TITLE)
    action.trigger()
    qtbot.waitUntil(lambda: panel.path is not None and panel.count_label.text() != "",
                    timeout=180_000)
    assert window.tabs.currentWidget() is panel
    assert not panel.empty_state.isVisible()
    found = len(panel.faces)
    assert found >= 4
    assert panel.count_label.text() == f"{found} face(s)"
    assert len(_list_texts(panel)) == found and all(_ticks(panel))
    assert _list_texts(panel)[0].startswith("Face 1: ")
    assert set(panel.view.overlay_names()) == {"faces", "landmarks"}
    assert panel.view.image().shape == panel.image.shape
    first_name = panel.path.rsplit("/", 1)[-1]
    assert first_name in panel.file_label.text()
    _refitted(qtbot, panel)

    # untick the first face: it is marked "kept" and stays as it is in the preview
    panel.face_list.item(0).setCheckState(Qt.Unchecked)
    assert panel.keep == {0} and "kept" in panel.view.overlay_names()
    # on the box itself: the checkbox is wider than its box and text
    QTest.mouseClick(panel.preview, Qt.LeftButton, Qt.NoModifier,
                     QPoint(8, panel.preview.height() // 2))
    assert panel.preview.isChecked()
    x0, y0, x1, y1 = (int(v) for v in panel.faces[0].box)
    shown = panel.view.image()
    assert (shown[y0:y1, x0:x1] == panel.image[y0:y1, x0:x1]).all()
    bx0, by0, bx1, by1 = (int(v) for v in panel.faces[1].box)
    assert not (shown[by0:by1, bx0:bx1] == panel.image[by0:by1, bx0:bx1]).all()
    assert panel.view.overlay_names() == []     # boxes would hide what is anonymised
    anonymised = shown

    # resize and back, another tab and back: the same faces, ticks and preview, refitted
    for size in ((1280, 720), (1600, 1000)):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: (window.width(), window.height()) == s, timeout=5_000)
        _refitted(qtbot, panel)
        assert panel.count_label.text() == f"{found} face(s)"
        assert _ticks(panel) == [False] + [True] * (found - 1)
        assert (panel.view.image() == anonymised).all()
    other = next(p for p in window.panels if p is not panel)
    window.tabs.setCurrentWidget(other)
    window.tabs.setCurrentWidget(panel)
    assert len(_list_texts(panel)) == found and (panel.view.image() == anonymised).all()

    # a broken file: one sentence on this tab; the collage and its faces stay
    broken = tmp_path / "notes.png"
    broken.write_text("This is not an image, only my lecture notes.\n")
    window.open_path(broken)
    qtbot.waitUntil(lambda: bool(window.notifications.history)
                    and window.notifications.history[-1].level == "error", timeout=30_000)
    assert window.worker.wait_idle(30)
    assert window.notifications.current_text() == "notes.png is not an image (it is text)"
    assert first_name in panel.path and first_name in panel.file_label.text()
    assert len(_list_texts(panel)) == found and panel.keep == {0}
    assert not window.job_progress.isVisible()

    # a second image: at once nothing of the collage's faces, then its own one face
    second = test_data / "faces" / "skimage_astronaut.png"
    at_open = []

    def on_change(name, value):
        if name == "detecting" and value is not None and panel.path == str(second):
            at_open.append((panel.face_list.count(), panel.count_label.text(),
                            panel.view.overlay_names(), panel.view.image().shape))

    panel.state.changed.connect(on_change)
    window.open_path(second)
    qtbot.waitUntil(lambda: panel.path == str(second) and panel.count_label.text() != "",
                    timeout=120_000)
    panel.state.changed.disconnect(on_change)
    assert at_open and at_open[0][:3] == (0, "", [])
    assert window.notifications.current_text() == ""   # the next open cleared the error
    assert panel.count_label.text() == "1 face(s)" and len(_list_texts(panel)) == 1
    assert all(_ticks(panel)) and panel.keep == frozenset()
    assert "skimage_astronaut.png" in panel.file_label.text()
    assert first_name not in panel.file_label.text()
    # the preview is still on: it is the astronaut anonymised, not the collage
    assert panel.preview.isChecked()
    assert at_open[0][3] == panel.image.shape == panel.view.image().shape
    _refitted(qtbot, panel)
