"""Nothing heavy on the path to the first paint (issue 15).

Building the main window, showing it and visiting every tab must import none of the
engine libraries (app.ENGINE_MODULES): torch loads on the worker thread, pydicom, scipy,
cv2 and onnx when a job or a dialog first needs them. A new tab whose panel imports an
engine at module level fails here. Times are the benchmark's business (bench/startup.py).
"""

import os
import subprocess
import sys

from cvlab.app import ENGINE_MODULES

# Builds the window as `cvlab` does, visits every tab, prints the engines then loaded.
PROBE = """
import sys
for name in sys.argv[1:]:
    __import__(name)
from cvlab.app import create_application, loaded_engine_modules
app = create_application()
from cvlab.ui.main_window import MainWindow
from cvlab.ui.worker import DeviceWorker
window = MainWindow(DeviceWorker())
window.show()
app.processEvents()
for index in range(window.tabs.count()):
    window.tabs.setCurrentIndex(index)
    app.processEvents()
print("TABS", window.tabs.count())
print("ENGINES", ",".join(loaded_engine_modules()))
"""


def _engines_after_building_the_window(tmp_path, *also_import: str) -> tuple[int, set[str]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", PROBE, *also_import], env=env,
                         capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines()
                 if line.startswith(("TABS ", "ENGINES ")))
    return int(lines["TABS"]), set(filter(None, lines["ENGINES"].split(",")))


def test_building_the_window_and_visiting_every_tab_imports_no_engine(tmp_path):
    from cvlab.tools import tool_specs

    tabs, engines = _engines_after_building_the_window(tmp_path)
    assert tabs == len(tool_specs())
    assert engines == set()


def test_the_probe_sees_an_engine_imported_before_the_window(tmp_path):
    # The same probe, with the DICOM scanner (pydicom) imported first, must report it.
    _, engines = _engines_after_building_the_window(tmp_path, "cvlab.tools.ct.dicom_scan")
    assert "pydicom" in engines


def test_the_list_names_the_libraries_the_issue_names():
    for name in ("torch", "torchvision", "pydicom", "scipy", "skimage", "cv2", "onnx"):
        assert name in ENGINE_MODULES
