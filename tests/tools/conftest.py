"""A real main window (with a CPU worker) for tests that drive a tool's tab."""

import pytest
from PySide6.QtCore import QSettings

from cvlab.ui.main_window import MainWindow
from cvlab.ui.worker import DeviceWorker


@pytest.fixture
def window(qtbot, tmp_path):
    worker = DeviceWorker(device_spec="cpu")
    worker.start()
    win = MainWindow(worker, QSettings(str(tmp_path / "cvlab.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    yield win
    win.close()
    assert worker.shutdown(20_000)
