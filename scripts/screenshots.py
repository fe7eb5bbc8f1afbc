"""Open every tab with its sample (and the Models dialog) and save screenshots.

Run under a virtual screen: `make screenshots` (xvfb-run), or with QT_QPA_PLATFORM=offscreen.
``--size WxH`` sets the window (the Makefile shoots 1600x1000 into docs/screenshots/ and
1280x720 into docs/screenshots/1280x720/); the first shot is the first tab's empty state.
Each tool's manifest may name a screenshot plan (``ToolSpec.screenshots``, a function in its
``panel_screenshots.py`` that takes the panel): a list of (name, path, prepare): the path to
open (or None to keep what is open) and a function run on the panel before the shot (or
None). The shot waits for the worker's jobs to end, unless prepare returns RUNNING: then
it is taken while the job it started still runs (a training run's live curves).
A tool without a plan is shot with a default sample of the first kind it opens.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from cvlab.app import create_application
from cvlab.core.samples import resources_dir
from cvlab.ui.main_window import MainWindow
from cvlab.ui.worker import DeviceWorker

DEFAULT_SAMPLE = {"image": "photos/skimage_astronaut.png", "dicom": "chest_ct_axial"}
RUNNING = "running"  # what a plan's prepare returns for a shot taken while its job runs


def settle(app: QApplication, worker: DeviceWorker, seconds: float = 0.5,
           wait_for_jobs: bool = True) -> None:
    if wait_for_jobs:
        worker.wait_idle(300)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def window_size(text: str) -> tuple[int, int]:
    """'1600x1000' -> (1600, 1000)."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT, e.g. 1280x720, not {text!r}") from None
    if width < 320 or height < 240:
        raise argparse.ArgumentTypeError(f"{text} is too small for the window")
    return width, height


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--only", metavar="TOOL", help="only this tab's shots (e.g. restore)")
    parser.add_argument("--size", type=window_size, default=(1600, 1000), metavar="WxH",
                        help="window size in pixels (default 1600x1000)")
    parser.add_argument("--language", default="en", choices=("en", "zh_CN"),
                        help="interface language, as View → Language sets it (default en)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    from cvlab.ui import language

    if not language.apply_language(args.language, app):
        parser.error(f"no translation file for {args.language}")
    settings = QSettings(str(args.out / ".screenshot-settings.ini"), QSettings.IniFormat)
    settings.clear()
    worker = DeviceWorker()
    window = MainWindow(worker, settings)
    window.resize(*args.size)
    window.show()
    worker.start()
    settle(app, worker, 1.0)
    if not args.only:  # what a student sees first: the empty state of the first tab
        window.grab().save(str(args.out / "empty-state.png"))
        print(f"saved {args.out / 'empty-state.png'}")
    samples = resources_dir() / "samples"
    for panel in window.panels:
        if args.only and panel.spec.id != args.only:
            continue
        plan = panel.spec.screenshot_plan(panel) or [
            ("", samples / DEFAULT_SAMPLE[k], None)
            for k in sorted(panel.spec.opens)[:1] if k in DEFAULT_SAMPLE]
        window.tabs.setCurrentWidget(panel)
        for name, path, prepare in plan or [("", None, None)]:
            if path is not None:
                window.open_path(Path(path))
            settle(app, worker, 1.0)
            if prepare is not None:
                running = prepare(panel) == RUNNING
                settle(app, worker, 0.3 if running else 1.0, wait_for_jobs=not running)
            target = args.out / f"{panel.spec.id}{'-' + name if name else ''}.png"
            window.grab().save(str(target))
            print(f"saved {target}")
    if args.only:
        window.close()
        worker.shutdown()
        (args.out / ".screenshot-settings.ini").unlink(missing_ok=True)
        return 0
    from cvlab.ui.models_dialog import ModelsDialog

    dialog = ModelsDialog(window)
    dialog.show()
    settle(app, worker, 0.5)
    dialog.grab().save(str(args.out / "models-dialog.png"))
    print(f"saved {args.out / 'models-dialog.png'}")
    dialog.close()
    window.close()
    worker.shutdown()
    (args.out / ".screenshot-settings.ini").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
