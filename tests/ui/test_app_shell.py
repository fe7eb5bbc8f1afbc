"""The app shell as a student meets it: errors in one sentence on their own tab, no busy bar
after a job has ended, status text only on the tab that made it, and an empty state with
"Open…" and "Try the sample" on every tab. Real MainWindow and DeviceWorker throughout."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QObject, QPoint, QRect, QSettings, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QStackedWidget

from cvlab.ui.job_status import JobProgress
from cvlab.ui.main_window import MainWindow
from cvlab.ui.notifications import MessageLogDialog
from cvlab.ui.worker import DeviceWorker

SIZES = ((1600, 1000), (1280, 720), (1600, 1000))


@pytest.fixture
def window(qtbot, tmp_path):
    worker = DeviceWorker(device_spec="cpu")
    worker.start()
    win = MainWindow(worker, QSettings(str(tmp_path / "cvlab.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.resize(*SIZES[0])
    win.show()
    yield win
    win.close()
    assert worker.shutdown(10_000)


def panel(window, tool_id):
    return next(p for p in window.panels if p.spec.id == tool_id)


def show(window, tool_id):
    window.tabs.setCurrentWidget(panel(window, tool_id))
    return panel(window, tool_id)


@pytest.fixture
def png(tmp_path):
    path = tmp_path / "gradient.png"
    Image.fromarray(np.tile(np.arange(64, dtype=np.uint8), (32, 1))).save(path)
    return path


@pytest.fixture
def notes_png(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("This is not an image, only my lecture notes.\n")
    return path


def wait_for_error(qtbot, window):
    qtbot.waitUntil(lambda: bool(window.notifications.history)
                    and window.notifications.history[-1].level == "error", timeout=30_000)
    assert window.worker.wait_idle(30)


# ----- item 6: errors written for people ----------------------------------------------
def test_a_text_file_named_png_is_one_sentence_on_its_tab_cleared_by_the_next_open(
        qtbot, window, notes_png, png):
    inspect = show(window, "inspect")
    window.open_path(notes_png)
    wait_for_error(qtbot, window)
    assert window.notifications.current_text() == "notes.png is not an image (it is text)"
    note = window.notifications.history[-1]
    assert "ImageLoadError" in note.details and "Traceback" in note.details
    assert str(notes_png) in note.details  # the full path is one click away

    show(window, "ocr")
    assert window.notifications.current_text() == ""  # not on a tab it is not about
    show(window, "inspect")
    assert window.notifications.current_text() == "notes.png is not an image (it is text)"

    window.open_path(png)  # the user's next action there
    assert window.notifications.current_text() == ""
    qtbot.waitUntil(lambda: inspect.loaded is not None, timeout=30_000)
    assert inspect.loaded.array.shape == (32, 64)


def test_an_empty_folder_opened_as_dicom_says_so_on_the_ct_tab(qtbot, window, tmp_path,
                                                               monkeypatch):
    empty = tmp_path / "scans"
    empty.mkdir()
    show(window, "inspect")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(empty))
    window.open_dicom_dialog()
    assert window.tabs.currentWidget() is panel(window, "ct")
    assert window.notifications.current_text() == "No DICOM images in folder scans: it is empty"

    for name in ("a.txt", "b.txt", "readme.md"):
        (empty / name).write_text("not DICOM")
    window.open_dicom_dialog()
    assert window.notifications.current_text() == (
        "No DICOM images in folder scans: 3 files, none DICOM")
    show(window, "faces")
    assert window.notifications.current_text() == ""


def test_messages_log_shows_the_headline_first_and_the_traceback_behind_details(
        qtbot, window, notes_png):
    show(window, "inspect")
    window.open_path(notes_png)
    wait_for_error(qtbot, window)
    dialog = MessageLogDialog(window.notifications.history, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.headline.text() == "notes.png is not an image (it is text)"
    assert not dialog.details.isVisible()
    qtbot.mouseClick(dialog.details_button, Qt.LeftButton)
    assert dialog.details.isVisible()
    assert "Traceback" in dialog.details.toPlainText()


# ----- item 4 (app part): the busy bar ends with its job ------------------------------
def test_no_busy_bar_after_a_failed_open(qtbot, window, notes_png):
    show(window, "inspect")
    window.open_path(notes_png)
    wait_for_error(qtbot, window)
    assert not window.job_progress.isVisible()
    assert not window.job_progress.is_showing_progress()


class ThreadStillHoldsTheJob(QObject):
    """A worker whose thread has not let go of the job when its end is reported: the
    order in which a failed open's signals can arrive."""

    started = Signal(int)
    progress = Signal(int, float, str)
    finished = Signal(int)

    def job(self, job_id):
        return None

    def is_busy(self):
        return True

    def unfinished_jobs(self):
        return 0  # the GUI thread has seen the job's end: nothing else is to come

    def cancel(self, job_id):
        pass


def test_the_bar_hides_on_the_jobs_end_even_before_the_thread_is_idle(qtbot):
    worker = ThreadStillHoldsTheJob()
    bar = JobProgress(worker)
    qtbot.addWidget(bar)
    worker.started.emit(7)
    assert bar.is_showing_progress()
    worker.finished.emit(7)
    assert not bar.isVisible() and not bar.is_showing_progress()


def test_cancelling_a_running_job_removes_the_bar(qtbot, window):
    import threading
    import time

    release = threading.Event()

    def slow(ctx):
        while not ctx.cancelled():
            ctx.progress(0.5, "tile 2 of 4")
            time.sleep(0.01)
        release.set()
        ctx.check_cancelled()

    show(window, "superres").submit(slow, label="Upscale")
    qtbot.waitUntil(window.job_progress.is_showing_progress, timeout=30_000)
    qtbot.mouseClick(window.job_progress.cancel_button, Qt.LeftButton)
    assert window.worker.wait_idle(30) and release.is_set()
    assert not window.job_progress.isVisible()


# ----- item 7 (app part): status text belongs to its tab -----------------------------
def test_status_text_shows_only_on_the_tab_that_made_it(qtbot, window):
    ct = show(window, "ct")
    ct.context.notify("Saved /tmp/out/ct_axial.png")
    assert "ct_axial.png" in window.notifications.current_text()
    restore = show(window, "restore")
    assert window.notifications.current_text() == ""
    restore.context.notify("Working on the result of OpenCV Telea")
    for other in ("ct", "superres", "inspect"):
        show(window, other)
        assert "OpenCV Telea" not in window.notifications.current_text()
    show(window, "ct")
    assert "ct_axial.png" in window.notifications.current_text()

    def failing(ctx):
        raise ValueError("bad pixel spacing")

    show(window, "faces").submit(failing, label="Detect faces", source="/photos/crowd.jpg")
    show(window, "inspect")
    assert window.worker.wait_idle(30)
    assert window.notifications.current_text() == ""
    show(window, "faces")
    assert window.notifications.current_text() == (
        "Detect faces failed on crowd.jpg: bad pixel spacing")


# ----- item 10 (app part): empty states ------------------------------------------------
def card_inside_its_view(card) -> bool:
    host = card.parentWidget()
    return (QRect(0, 0, host.width(), host.height()).contains(card.geometry())
            and abs(card.geometry().center().x() - host.width() // 2) <= 2)


def reveal(card) -> None:
    """Show the page a card's view is on: the Networks tab's card covers its Feature maps
    page (the only one that opens anything), not the diagram it opens with."""
    widget = card.parentWidget()
    while widget is not None:
        parent = widget.parentWidget()
        if isinstance(parent, QStackedWidget):
            parent.setCurrentWidget(widget)
        widget = parent


def test_every_tab_starts_with_what_it_does_and_two_buttons(qtbot, window):
    for tool in window.panels:
        window.tabs.setCurrentWidget(tool)
        if not tool.spec.opens:  # a tab that opens no files (Training) starts with its controls
            assert tool.empty_state is None, tool.spec.id
            continue
        card = tool.empty_state
        reveal(card)
        assert card is not None and card.isVisible(), tool.spec.id
        assert card.sentence.text().rstrip(".") == tool.spec.summary.rstrip(".")
        assert card.open_button.text() == "Open…" and card.open_button.isEnabled()
        assert card.sample_button.text() == "Try the sample"
        assert card.sample_button.isEnabled(), tool.spec.id
        for size in SIZES:  # it stays centred in its view through resizes
            window.resize(*size)
            qtbot.waitUntil(lambda c=card: card_inside_its_view(c), timeout=5_000)
            for button in (card.open_button, card.sample_button):  # on top, clickable
                centre = button.mapTo(window, button.rect().center())
                assert window.childAt(centre) is button, tool.spec.id


def test_try_the_sample_opens_the_tabs_first_sample_in_that_tab(qtbot, window, monkeypatch):
    opened = []
    for tool in window.panels:
        # Record what reaches the tab instead of running its (heavy) tool.
        monkeypatch.setattr(tool, "open_path", lambda path, t=tool: opened.append((t, path)))
    for tool in (t for t in window.panels if t.spec.opens):
        window.tabs.setCurrentWidget(tool)
        reveal(tool.empty_state)
        qtbot.mouseClick(tool.empty_state.sample_button, Qt.LeftButton)
        qtbot.waitUntil(lambda t=tool: opened and opened[-1][0] is t, timeout=60_000)
        assert window.tabs.currentWidget() is tool
        sample = tool.empty_state.sample
        if sample.shipped:
            assert Path(opened[-1][1]) == sample.path


def test_try_the_sample_really_opens_it_and_the_card_goes(qtbot, window):
    inspect = show(window, "inspect")
    qtbot.mouseClick(inspect.empty_state.sample_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: inspect.loaded is not None, timeout=30_000)
    assert Path(inspect.loaded.path).name == "opencv_baboon.jpg"
    assert window.worker.wait_idle(30)
    assert not inspect.empty_state.isVisible()
    assert inspect.view.image() is not None


def test_open_button_uses_the_windows_dialog_and_a_broken_file_keeps_the_card(
        qtbot, window, monkeypatch, notes_png, png):
    inspect = show(window, "inspect")
    chosen = [notes_png, png]
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(chosen.pop(0)), ""))
    qtbot.mouseClick(inspect.empty_state.open_button, Qt.LeftButton)
    wait_for_error(qtbot, window)
    assert inspect.empty_state.isVisible()  # nothing opened: still says how to start
    qtbot.mouseClick(inspect.empty_state.open_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: inspect.loaded is not None, timeout=30_000)
    assert window.worker.wait_idle(30)
    assert not inspect.empty_state.isVisible()
    assert window.recent.paths()[0] == png.resolve()


# ----- Models dialog: the licence header is readable ------------------------------------
def test_models_dialog_shows_the_whole_licence_header(qtbot, window):
    from cvlab.ui.models_dialog import ModelsDialog

    dialog = ModelsDialog(window, check_on_open=False)
    qtbot.addWidget(dialog)
    dialog.show()
    header = dialog.table.horizontalHeader()
    column = dialog.COLUMNS.index("licence")
    assert header.sectionSize(column) >= header.sectionSizeHint(column)
    right = header.sectionViewportPosition(column) + header.sectionSize(column)
    assert 0 <= header.sectionViewportPosition(column) and right <= header.viewport().width()
    status = dialog.COLUMNS.index("status")  # the last column is not cut off either
    assert header.sectionSize(status) >= header.sectionSizeHint(status)
    assert (header.sectionViewportPosition(status) + header.sectionSize(status)
            <= header.viewport().width())
    licence = dialog.table.item(0, column)
    assert licence.text() in licence.toolTip()  # the whole licence, on hover


def test_a_long_message_ends_in_an_ellipsis_not_at_the_window_edge(qtbot, window, tmp_path):
    long_name = "lecture-notes-" + "very-long-name-" * 12 + ".png"
    path = tmp_path / long_name
    path.write_text("notes, not pixels")
    show(window, "inspect")
    window.resize(*SIZES[1])
    window.open_path(path)
    wait_for_error(qtbot, window)
    assert window.notifications.current_text() == f"{long_name} is not an image (it is text)"
    shown = window.notifications.shown_text()
    assert shown.endswith("…") and len(shown) < len(window.notifications.current_text())
    label_right = window.notifications.mapTo(window, window.notifications.rect().topRight()).x()
    assert label_right <= window.width()


def test_the_card_is_drawn_opaque_over_the_black_views(qtbot, window):
    ct = show(window, "ct")
    window.resize(*SIZES[1])
    card = ct.empty_state
    qtbot.waitUntil(lambda: card_inside_its_view(card), timeout=5_000)
    shot = window.grab().toImage()
    # A point inside the card's margin, over where the black slice views lie.
    inside = card.mapTo(window, card.rect().topLeft()) + QPoint(10, 12)
    ratio = shot.width() / window.width()
    color = shot.pixelColor(int(inside.x() * ratio), int(inside.y() * ratio))
    assert color.lightness() > 128  # the card's own background, not a view's black
