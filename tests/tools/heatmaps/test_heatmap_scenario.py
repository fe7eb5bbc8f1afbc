"""The Heatmaps tab as a student uses it, in the real main window: no model loads behind
another tab, samples from Help -> Samples, maps appearing one by one, the highlighted
class, resize, switch tabs, cancel, a broken file, a second photo."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from cvlab.tools import heatmaps

COFFEE, CHELSEA = heatmaps.TOOL.samples


def heatmap_panel(window):
    return next(p for p in window.panels if p.spec.id == "heatmaps")


def sample_action(window, sample):
    return next(a for a in window.samples_menu.actions() if a.text() == sample.title)


def selected_rows(panel) -> list[int]:
    return [index.row() for index in panel.predictions.selectionModel().selectedRows()]


def click_prediction(panel, name: str) -> int:
    """Click the predictions row of class ``name``; returns its row."""
    table = panel.predictions
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == name)
    rect = table.visualItemRect(table.item(row, 0))
    QTest.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    return row


def test_no_classifier_loads_while_the_student_is_on_another_tab(qtbot, window):
    panel = heatmap_panel(window)
    assert window.tabs.currentWidget() is not panel
    labels = []
    window.worker.started.connect(lambda job_id: labels.append(window.job_progress._text.text()))
    qtbot.wait(200)
    assert panel.facts is None and not panel.state.model_loading and labels == []
    window.tabs.setCurrentWidget(panel)                  # first shown: now it loads
    assert panel.state.model_loading
    qtbot.waitUntil(lambda: panel.facts is not None, timeout=60_000)
    assert labels == ["Heatmaps: load the classifier"]  # says whose job it is


def test_maps_appear_one_by_one_and_only_the_current_class_is_highlighted(
        qtbot, window, tmp_path):
    panel = heatmap_panel(window)
    window.tabs.setCurrentIndex(0)
    panel.set_methods({"gradcam", "gradcam++", "layercam"})
    partial = []       # (maps on screen, maps still to come) each time a map is added
    panel.state.changed.connect(lambda name, value: name == "explanation" and value and partial
                                .append((len(panel.compare.panels()) - 1,
                                         len(panel.state.pending))))
    sample_action(window, COFFEE).trigger()             # opens in its own tab, loads the model
    qtbot.waitUntil(lambda: panel.path == str(COFFEE.path) and panel.explanation is not None
                    and not panel.state.pending, timeout=120_000)
    assert window.tabs.currentWidget() is panel
    assert partial[:3] == [(1, 2), (2, 1), (3, 0)]      # the first map showed before the last
    assert selected_rows(panel) == [0]                  # top-1 is the class explained

    # Click "cup", then type another class: the highlight follows, the old row lets go.
    before = panel.explanation
    cup_row = click_prediction(panel, "cup")
    assert cup_row > 0 and panel.target == 968 and selected_rows(panel) == [cup_row]
    qtbot.waitUntil(lambda: panel.explanation is not before and not panel.state.pending,
                    timeout=120_000)
    panel.class_picker.clear()
    QTest.keyClicks(panel.class_picker, "tabby")
    QTest.keyClick(panel.class_picker, Qt.Key_Return)
    assert panel.target == 281
    assert cup_row not in selected_rows(panel)
    assert selected_rows(panel) == []                   # tabby is not in the coffee's top-5
    qtbot.waitUntil(lambda: panel.explanation is not None and not panel.state.pending,
                    timeout=120_000)
    assert all(" · tabby" in h.title for h in panel.explanation.heatmaps)

    # Resize and switch tabs: the maps and the (lack of) highlight stay as they were.
    for width, height in ((1600, 1000), (1280, 720), (1600, 1000)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.width() == w)
    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentWidget(panel)
    assert len(panel.compare.panels()) == 4 and selected_rows(panel) == []

    # Cancel a run with the status bar's Cancel: the rest of the run is not queued.
    with qtbot.waitSignal(window.worker.started, timeout=60_000):
        panel.run()
    window.job_progress.cancel_button.click()
    qtbot.waitUntil(lambda: not panel.state.pending and not window.worker.is_busy(),
                    timeout=60_000)
    assert window.worker.pending_jobs() == 0
    # No progress bar is left once the cancelled job has ended (item 4).
    qtbot.waitUntil(lambda: window.worker.unfinished_jobs() == 0, timeout=30_000)
    assert not window.job_progress.isVisible()

    # A broken file: a message; the coffee stays.
    broken = tmp_path / "notes.png"
    broken.write_text("This is not an image", encoding="utf-8")
    with qtbot.waitSignal(window.notifications.posted, timeout=30_000):
        window.open_path(broken)
    assert panel.path == str(COFFEE.path)

    # A second photo: the coffee's class, predictions and maps go, the cat's come.
    sample_action(window, CHELSEA).trigger()
    qtbot.waitUntil(lambda: panel.path == str(CHELSEA.path), timeout=60_000)
    assert panel.target is None and panel.class_picker.text() == ""
    qtbot.waitUntil(lambda: panel.explanation is not None and not panel.state.pending,
                    timeout=120_000)
    names = [panel.predictions.item(r, 0).text() for r in range(panel.predictions.rowCount())]
    assert "cup" not in names and "tabby" in names[:3]
    assert selected_rows(panel) == [0]
