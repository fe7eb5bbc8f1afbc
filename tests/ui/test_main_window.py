"""Main window: registry tabs, routing of opened/dropped paths, settings, status bar."""


import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent

from cvlab.tools import tool_specs
from cvlab.ui.main_window import MainWindow
from cvlab.ui.worker import DeviceWorker


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "cvlab.ini"), QSettings.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    worker = DeviceWorker(device_spec="cpu")
    worker.start()
    win = MainWindow(worker, settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    assert worker.shutdown(10_000)


def show_inspect_tab(window):
    """Images go to the current tab when it opens images: make that the Inspect tab."""
    panel = next(p for p in window.panels if p.spec.id == "inspect")
    window.tabs.setCurrentWidget(panel)
    return panel


@pytest.fixture
def png(tmp_path):
    path = tmp_path / "gradient.png"
    Image.fromarray(np.tile(np.arange(64, dtype=np.uint8), (32, 1))).save(path)
    return path


def test_one_tab_per_registered_tool(window):
    assert window.tabs.count() == len(tool_specs())
    assert [p.spec.id for p in window.panels] == [s.id for s in tool_specs()]


def test_open_image_routes_to_a_tool_and_loads_it(qtbot, window, png):
    show_inspect_tab(window)
    assert window.open_path(png)
    panel = window.tabs.currentWidget()
    assert "image" in panel.spec.opens
    qtbot.waitUntil(lambda: getattr(panel, "loaded", None) is not None, timeout=30_000)
    assert panel.loaded.array.shape == (32, 64)
    assert window.recent.paths()[0] == png.resolve()


def test_missing_path_and_unknown_file_give_clear_errors(window, tmp_path):
    assert not window.open_path(tmp_path / "nope.png")
    assert "no such file" in window.notifications.current_text()
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    assert not window.open_path(notes)
    assert "notes.txt" in window.notifications.current_text()
    assert window.notifications.history[-1].level == "error"


def test_unreadable_image_reports_file_and_cause_and_app_goes_on(qtbot, window, tmp_path, png):
    broken = tmp_path / "broken.png"
    broken.write_bytes(png.read_bytes()[:40])
    show_inspect_tab(window)
    window.open_path(broken)
    qtbot.waitUntil(lambda: bool(window.notifications.history)
                    and window.notifications.history[-1].level == "error", timeout=30_000)
    text = window.notifications.current_text()
    assert "broken.png" in text
    window.open_path(png)  # the next job still runs
    panel = window.tabs.currentWidget()
    qtbot.waitUntil(lambda: getattr(panel, "loaded", None) is not None
                    and panel.loaded.path.endswith("gradient.png"), timeout=30_000)


def test_drop_of_a_file_opens_it(qtbot, window, png):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png))])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    show_inspect_tab(window)
    window.dropEvent(event)
    panel = window.tabs.currentWidget()
    qtbot.waitUntil(lambda: getattr(panel, "loaded", None) is not None, timeout=30_000)


def test_settings_remember_geometry_tab_and_recent(qtbot, settings, png):
    worker = DeviceWorker(device_spec="cpu")
    win = MainWindow(worker, settings)
    qtbot.addWidget(win)
    win.resize(700, 500)
    win.show()
    win.tabs.setCurrentIndex(win.tabs.count() - 1)
    last_id = win.tabs.currentWidget().spec.id
    win.recent.add(png)
    saved_size = win.size()
    win.close()
    again = MainWindow(worker, settings)
    qtbot.addWidget(again)
    assert again.size() == saved_size and saved_size.width() == 700
    assert again.tabs.currentWidget().spec.id == last_id
    assert again.recent.paths() == [png.resolve()]
    worker.shutdown()


def test_device_menu_and_status_bar_follow_the_worker(qtbot, window):
    qtbot.waitUntil(lambda: "CPU" in window.device_label.text(), timeout=60_000)
    labels = [a.text() for a in window.device_menu.actions()]
    assert any("CPU" in text for text in labels)
    checked = [a.data() for a in window.device_menu.actions() if a.isChecked()]
    assert checked == ["cpu"]


def test_job_errors_reach_the_notification_area(qtbot, window):
    def failing(ctx):
        raise ValueError("bad pixel spacing")

    window.worker.submit(failing, label="Measure", source="/tmp/scan.dcm")
    qtbot.waitUntil(lambda: "bad pixel spacing" in window.notifications.current_text(),
                    timeout=30_000)
    note = window.notifications.history[-1]
    assert note.level == "error" and note.text == "Measure failed on scan.dcm: bad pixel spacing"
    assert "/tmp/scan.dcm" in note.details
    assert "Traceback" in note.details


def test_progress_bar_and_cancel_button_show_while_a_job_runs(qtbot, window):
    import threading
    import time

    started = threading.Event()

    def slow(ctx):
        started.set()
        for i in range(500):
            ctx.check_cancelled()
            ctx.progress(i / 500, "slicing")
            time.sleep(0.01)

    window.worker.submit(slow, label="Slow job")
    qtbot.waitUntil(lambda: window.job_progress.isVisible(), timeout=30_000)
    window.job_progress.cancel_button.click()
    qtbot.waitUntil(lambda: not window.job_progress.isVisible(), timeout=30_000)


def test_samples_menu_lists_real_files(window):
    titles = [a.text() for a in window.samples_menu.actions()]
    assert any("Chest CT" in t for t in titles)
    for action in window.samples_menu.actions():
        assert action.toolTip()


def test_a_sample_opens_in_the_tool_whose_manifest_lists_it(qtbot, window):
    """The butterfly is Super-resolution's sample: it opens there even from the Faces tab,
    which opens images too."""
    faces = next(p for p in window.panels if p.spec.id == "faces")
    window.tabs.setCurrentWidget(faces)
    action = next(a for a in window.samples_menu.actions() if "butterfly" in a.text())
    action.trigger()
    superres = next(p for p in window.panels if p.spec.id == "superres")
    assert window.tabs.currentWidget() is superres
    qtbot.waitUntil(lambda: superres.source is not None
                    and "butterfly" in str(superres.source), timeout=20_000)


def test_about_names_versions(window):
    from cvlab.ui.about import about_text

    text = about_text("CPU, 2 threads")
    for name in ("PyTorch", "Qt", "PySide6", "CPU, 2 threads"):
        assert name in text
    assert "2.14.1" in text


def test_an_image_goes_to_the_first_image_tool_when_the_current_tab_cannot_open_it(
        qtbot, window, png):
    ct = next(p for p in window.panels if p.spec.id == "ct")
    window.tabs.setCurrentWidget(ct)
    assert window.open_path(png)
    first_image_tool = next(p for p in window.panels if "image" in p.spec.opens)
    assert window.tabs.currentWidget() is first_image_tool
    window.worker.wait_idle(30)
