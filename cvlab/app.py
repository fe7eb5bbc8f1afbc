"""Builds the QApplication and the main window, then starts the device worker.

The window is shown before torch is imported: the worker imports it on its own thread
once the event loop runs.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

# Set by `bench/startup.py` and the start-up test: print when the window is on screen, exit.
STARTUP_PROBE_ENV = "CVLAB_STARTUP_PROBE"
# What must not load before the window is shown: each costs 0.2-2 s on a 2-core machine.
# torch loads on the worker thread; the rest when a job or a dialog first needs them.
ENGINE_MODULES = ("torch", "torchvision", "pydicom", "scipy", "skimage", "cv2", "onnx",
                  "onnxruntime", "onnx2torch")


def loaded_engine_modules() -> list[str]:
    return [name for name in ENGINE_MODULES if name in sys.modules]


def create_application(argv: list[str] | None = None):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("CVLab")
    QCoreApplication.setApplicationName("CV Lab")
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    return app


def apply_saved_language() -> str:
    """Install the translators of the language saved in the settings (View → Language), or
    on first run the system locale's; returns its code."""
    from PySide6.QtCore import QSettings

    from cvlab.ui import language

    code = language.chosen_language(QSettings())
    if not language.apply_language(code):
        code = language.ENGLISH
    return code


def install_exception_hook(window) -> None:
    """An exception escaping a slot goes to the notification area instead of vanishing."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        try:
            from cvlab.core.i18n import translate

            window.notifications.post(
                translate("App", "Unexpected error: {0}: {1}").format(exc_type.__name__, exc),
                "error", text)
        except Exception:
            previous(exc_type, exc, tb)
        else:
            sys.stderr.write(text)

    sys.excepthook = hook


def run_gui(paths: list[str] | None = None) -> int:
    from PySide6.QtCore import QTimer

    app = create_application()
    apply_saved_language()
    from cvlab.ui.main_window import MainWindow
    from cvlab.ui.worker import DeviceWorker

    worker = DeviceWorker()
    window = MainWindow(worker)
    install_exception_hook(window)
    window.show()
    if os.environ.get(STARTUP_PROBE_ENV):
        app.processEvents()  # let the first paint happen
        torch_loaded = "torch" in sys.modules
        engines = ",".join(loaded_engine_modules()) or "-"
        print(f"CVLAB_WINDOW_SHOWN t={time.time():.6f} torch_loaded={torch_loaded} "
              f"tabs={window.tabs.count()} engines={engines}", flush=True)
        worker.shutdown()
        return 0
    QTimer.singleShot(0, worker.start)
    for p in paths or []:
        QTimer.singleShot(0, lambda p=p: window.open_path(Path(p)))
    code = app.exec()
    worker.shutdown(3000)
    return code
