"""The Training tab's screenshot plan for scripts/screenshots.py (named by the manifest).

Shots marked running are taken while the run goes (prepare returns ``RUNNING`` two seconds
after the first points were drawn, or sooner on a machine fast enough to have drawn 30 % of
the epochs by then); the others once it has ended."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication

RUNNING = "running"  # scripts/screenshots.py: shoot now, the job still going
FIRST_POINTS_S = 120  # torch's first import on the worker of a slow machine
WATCH_S = 2.0
RUNNING_SHARE = 0.3  # a running shot: at most this share of the epochs drawn


def wait_while_it_trains(panel, seconds: float = WATCH_S, share: float = 1.0) -> None:
    """Keep the event loop going until the run has drawn for ``seconds``, or drawn
    ``share`` of its epochs (a fast machine), or ended."""
    deadline = time.monotonic() + FIRST_POINTS_S
    while panel.curves.point_count() == 0 and panel.state.phase == "running":
        if time.monotonic() > deadline:
            return
        QCoreApplication.processEvents()
        time.sleep(0.02)
    end = time.monotonic() + seconds
    epochs = (panel.state.run_options or {}).get("epochs", 0)
    while (time.monotonic() < end and panel.state.phase == "running"
           and not (epochs and (panel.last_epoch or 0) >= share * epochs)):
        QCoreApplication.processEvents()
        time.sleep(0.02)


def run(demo: str, running: bool = False, steps: int = 0, **options):
    """A prepare: ``demo`` with ``options`` over its defaults, started (seed 0); with
    ``steps``, the back-propagation walk is then stepped that far."""
    def prepare(panel):
        panel.choose_demo(demo)
        for name, value in options.items():
            panel.set_option(name, value)
        panel.start()
        if running:
            wait_while_it_trains(panel, share=RUNNING_SHARE)
            return RUNNING
        if steps:
            wait_while_it_trains(panel, FIRST_POINTS_S)  # to its end
            for _ in range(steps):
                panel.backprop.step_button.click()
        return None
    return prepare


def screenshot_plan(panel):
    """(name, path or None, prepare or None) for each shot the README shows."""
    overfit = {"samples": 80, "noise": 0.3, "hidden": 128, "epochs": 600}
    return [("fit-running", None, run("fit", running=True, **overfit)),
            ("fit", None, None),  # the same run, ended
            ("curve", None, run("fit", dataset="curve", samples=40, hidden=64, epochs=400)),
            ("vanishing", None, run("vanishing", epochs=150)),
            ("backprop", None, run("backprop", steps=10)),  # step 2, the hidden δs
            ("augment", None, run("augment")),
            # Last: the script ends while it runs (a test that runs the plan waits for it).
            ("digits-running", None, run("digits", running=True, residual=True))]
