"""The OCR tab as a student uses it, in the real main window: samples from Help -> Samples,
read, resize, switch tabs, cancel, a broken file, a second input."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from cvlab.tools import ocr

PLATE_SAMPLE = next(s for s in ocr.TOOL.samples if s.mode == "plates")
TEXT_SAMPLE = next(s for s in ocr.TOOL.samples if "OpenCV" in s.title)


def ocr_panel(window):
    return next(p for p in window.panels if p.spec.id == "ocr")


def sample_action(window, sample):
    return next(a for a in window.samples_menu.actions() if a.text() == sample.title)


def headers(panel):
    table = panel.table
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def columns_on_screen(panel) -> bool:
    header = panel.table.horizontalHeader()
    width = panel.table.viewport().width()
    return all(header.sectionViewportPosition(c) + header.sectionSize(c) <= width
               for c in range(panel.table.columnCount()))


def resize_and_back(qtbot, window):
    for width, height in ((1600, 1000), (1280, 720), (1600, 1000)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.width() == w)


def badges_beside_boxes(panel) -> bool:
    layer = panel.view._layer("lines")
    labels = [item for item in layer._items if hasattr(item, "textItem")]
    assert len(labels) == len(layer.polygons) > 0
    return all(label.mapRectToParent(label.boundingRect()).right() <= polygon[:, 0].min()
               for label, polygon in zip(labels, layer.polygons))


def test_empty_table_shows_real_headers(window):
    panel = ocr_panel(window)
    window.tabs.setCurrentWidget(panel)
    assert panel.table.rowCount() == 0
    assert headers(panel) == ["Text", "Conf.", "Box (x, y)"]


def test_plate_sample_opens_in_plate_mode_then_the_text_sample_in_text_mode(
        qtbot, window, tmp_path):
    panel = ocr_panel(window)
    window.tabs.setCurrentIndex(0)                       # the student is on another tab
    panel.backend_box.setCurrentIndex(panel.backend_box.findData("onnxruntime"))
    sample_action(window, PLATE_SAMPLE).trigger()
    qtbot.waitUntil(lambda: len(panel.plates) > 0, timeout=120_000)
    assert window.tabs.currentWidget() is panel
    assert panel.state.mode == "plates" and panel.plate_mode.isChecked()
    assert headers(panel) == ["Plate", "Conf.", "Colour", "Kind", "Format"]
    assert panel.table.rowCount() == len(panel.plates)

    resize_and_back(qtbot, window)
    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentWidget(panel)
    assert panel.state.mode == "plates" and panel.table.rowCount() == len(panel.plates)

    # A broken file: a message, and the plate that was read stays on screen.
    broken = tmp_path / "notes.png"
    broken.write_text("This is not an image", encoding="utf-8")
    plates_before = panel.plates
    with qtbot.waitSignal(window.notifications.posted, timeout=30_000):
        window.open_path(broken)
    qtbot.waitUntil(lambda: not window.worker.is_busy())
    assert panel.plates is plates_before and panel.path != str(broken)

    # A second input: the text sample switches back to Text with its headers and badges.
    sample_action(window, TEXT_SAMPLE).trigger()
    qtbot.waitUntil(lambda: panel.result is not None and panel.path == str(TEXT_SAMPLE.path),
                    timeout=120_000)
    assert panel.state.mode == "text" and panel.text_mode.isChecked()
    assert panel.plates == [] and headers(panel) == ["Text", "Conf.", "Box (x, y)"]
    assert panel.table.rowCount() == len(panel.result.lines) == 13
    assert badges_beside_boxes(panel)


def test_long_lines_elide_and_keep_conf_and_box_on_screen(qtbot, window, test_data):
    panel = ocr_panel(window)
    window.tabs.setCurrentWidget(panel)
    panel.backend_box.setCurrentIndex(panel.backend_box.findData("onnxruntime"))
    window.open_path(test_data / "ocr" / "imageTextN.png")
    qtbot.waitUntil(lambda: panel.result is not None, timeout=120_000)
    for width, height in ((1600, 1000), (1280, 720)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        assert columns_on_screen(panel), (width, height)
    longest = max(range(panel.table.rowCount()),
                  key=lambda r: len(panel.table.item(r, 0).text()))
    item = panel.table.item(longest, 0)
    assert item.toolTip() == item.text()            # the whole line, when elided

    # Clicking a row highlights its line; a new read clears the selection.
    rect = panel.table.visualItemRect(panel.table.item(2, 1))
    QTest.mouseClick(panel.table.viewport(), Qt.LeftButton, pos=rect.center())
    assert panel.state.selected == 2 and panel.view._layer("lines").highlighted == 2

    # Cancel a running read with the status bar's Cancel: the table keeps real headers.
    with qtbot.waitSignal(window.worker.started, timeout=60_000):
        panel.run()
    window.job_progress.cancel_button.click()
    qtbot.waitUntil(lambda: not window.worker.is_busy() and window.worker.pending_jobs() == 0,
                    timeout=60_000)
    assert headers(panel) == ["Text", "Conf.", "Box (x, y)"]
    # No progress bar is left once the cancelled job has ended (item 4).
    qtbot.waitUntil(lambda: window.worker.unfinished_jobs() == 0, timeout=30_000)
    assert not window.job_progress.isVisible()
