"""train_job on the worker's terms: progress, the LiveRun's end, a cancel within 0.5 s."""

import threading
import time

import pytest

from cvlab.core.cancel import Cancelled
from cvlab.core.jobs import JobContext
from cvlab.tools.training.jobs import train_job
from cvlab.tools.training.live import LiveRun


def test_a_run_reports_progress_and_finishes_the_live_run():
    reports = []
    ctx = JobContext.local("training", progress=lambda f, text: reports.append((f, text)))
    live = LiveRun()
    final = train_job(ctx, "backprop", {"steps": 12}, 0, live)
    assert live.finished and live.final == final and final["steps"] == 12
    assert reports[-1][0] == 1.0 and ("step 12 of 12" in t for _, t in reports)
    assert any(text == "step 12 of 12" for _, text in reports)


@pytest.mark.parametrize("options, seed, words", [
    ({"samples": 5}, 0, "samples must be between 20 and 2000, not 5"),
    ({}, -1, "the seed must be a whole number from 0 to 4294967295, not -1"),
    ({}, 2**32, "the seed must be a whole number from 0 to 4294967295, not 4294967296"),
])
def test_a_bad_option_or_seed_fails_and_still_finishes_the_live_run(options, seed, words):
    live = LiveRun()
    with pytest.raises(ValueError, match=words):
        train_job(JobContext.local("training"), "fit", options, seed, live)
    assert live.finished and live.final is None


@pytest.mark.parametrize("demo, options", [
    ("fit", {"epochs": 5000, "hidden": 256, "layers": 6}),
    ("vanishing", {"epochs": 3000, "depth": 50, "width": 128}),
    ("digits", {"epochs": 200, "depth": 20, "batch_size": 64}),
])
def test_cancel_stops_the_run_long_before_its_end(demo, options):
    """How fast it stops is measured by bench, not asserted; here: it stops, says so, and
    has run far fewer epochs than asked."""
    stop = threading.Event()
    ctx = JobContext.local("training", cancelled=stop.is_set)
    live = LiveRun()
    outcome = {}

    def work():
        try:
            outcome["final"] = train_job(ctx, demo, options, 0, live)
        except Cancelled:
            outcome["cancelled"] = True

    worker = threading.Thread(target=work)
    worker.start()
    deadline = time.monotonic() + 60
    while live.count < 2 and time.monotonic() < deadline:  # well into training
        time.sleep(0.01)
    stop.set()
    worker.join(30)
    assert not worker.is_alive()
    assert outcome == {"cancelled": True}
    assert live.finished and live.final["cancelled"] is True
    assert live.count < options["epochs"]
