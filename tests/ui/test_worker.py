"""The device worker: results through signals, errors, cancel, latest-wins, soak."""

import functools
import gc
import os
import threading
import time

import pytest

from cvlab.core.cancel import Cancelled
from cvlab.ui.worker import DeviceWorker, JobFailure


@pytest.fixture
def worker(qtbot):
    w = DeviceWorker(device_spec="cpu")
    w.start()
    yield w
    assert w.shutdown(10_000)


def _wait(qtbot, worker, timeout=30):
    assert worker.wait_idle(timeout), "worker did not go idle"


def test_result_comes_back_through_signals_on_gui_thread(qtbot, worker):
    seen = {}

    def job(ctx, a, b=0):
        seen["thread"] = threading.current_thread().name
        ctx.progress(0.5, "halfway")
        return a + b

    got = []
    with qtbot.waitSignal(worker.result, timeout=30_000) as blocker:
        worker.submit(functools.partial(job, b=3), 2, on_result=lambda v: got.append(
            (v, threading.current_thread() is threading.main_thread())))
    assert blocker.args[1] == 5
    _wait(qtbot, worker)
    assert got == [(5, True)]  # the callback ran on the GUI thread
    assert seen["thread"] != threading.main_thread().name


def test_device_is_resolved_on_the_worker(qtbot, worker):
    with qtbot.waitSignal(worker.result, timeout=60_000) as blocker:
        worker.submit(lambda ctx: str(ctx.device))
    assert blocker.args[1] == "cpu"
    assert "CPU" in worker.device_description


def test_error_is_reported_and_worker_goes_on(qtbot, worker):
    failures, results = [], []

    def bad(ctx):
        raise FileNotFoundError("no such slice")

    worker.submit(bad, label="Load series", source="/data/ct/001.dcm", on_error=failures.append)
    worker.submit(lambda ctx: 42, on_result=results.append)
    _wait(qtbot, worker)
    assert results == [42]
    (failure,) = failures
    assert isinstance(failure, JobFailure)
    assert failure.kind == "error" and failure.exc_type == "FileNotFoundError"
    text = failure.summary()
    assert text == "Load series failed on 001.dcm: no such slice"  # no class name
    assert "/data/ct/001.dcm" in failure.details() and "FileNotFoundError" in failure.details()
    assert "Traceback" in failure.traceback


def test_out_of_memory_is_reported_as_such(qtbot, worker):
    class OutOfMemoryError(RuntimeError):
        pass

    def oom(ctx):
        raise OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    failures = []
    worker.submit(oom, label="Upscale", on_error=failures.append)
    _wait(qtbot, worker)
    assert failures[0].kind == "out_of_memory"
    assert "ran out of device memory" in failures[0].summary()


def test_cooperative_cancel_of_running_job(qtbot, worker):
    started = threading.Event()
    steps = []

    def long_job(ctx):
        started.set()
        for i in range(1000):
            ctx.check_cancelled()
            steps.append(i)
            time.sleep(0.01)
        return "finished"

    cancelled, results = [], []
    job = worker.submit(long_job, on_cancelled=lambda: cancelled.append(True),
                        on_result=results.append)
    assert started.wait(10)
    worker.cancel(job.id)
    _wait(qtbot, worker)
    assert cancelled == [True] and results == []
    assert len(steps) < 1000


def test_cancel_queued_job_never_runs(qtbot, worker):
    gate = threading.Event()
    ran = []
    worker.submit(lambda ctx: gate.wait(10))
    queued = worker.submit(lambda ctx: ran.append(1))
    cancelled = []
    queued.callbacks["cancelled"] = lambda: cancelled.append(True)
    worker.cancel(queued.id)
    gate.set()
    _wait(qtbot, worker)
    assert ran == [] and cancelled == [True]


def test_latest_wins_only_newest_of_a_key_runs(qtbot, worker):
    gate = threading.Event()
    ran = []
    worker.submit(lambda ctx: gate.wait(10))  # keeps the worker busy while we submit

    def render(ctx, value):
        ran.append(value)
        return value

    results = []
    for v in range(50):  # a slider drag
        worker.submit(render, v, key="threshold", on_result=results.append)
    gate.set()
    _wait(qtbot, worker)
    assert ran == [49] and results == [49]


def test_latest_wins_cancels_running_job_of_same_key(qtbot, worker):
    started = threading.Event()

    def slow(ctx, v):
        started.set()
        while not ctx.cancelled():
            time.sleep(0.005)
        raise Cancelled()

    outcomes = []
    worker.submit(slow, 1, key="k", on_cancelled=lambda: outcomes.append("cancelled 1"))
    assert started.wait(10)
    worker.submit(lambda ctx, v: v, 2, key="k", on_result=lambda v: outcomes.append(v))
    _wait(qtbot, worker)
    assert outcomes == ["cancelled 1", 2]


def test_model_cache_loads_once_per_key(qtbot, worker):
    loads = []

    def use_model(ctx):
        return ctx.models.get(("toy", str(ctx.device)), lambda: loads.append(1) or object())

    results = []
    for _ in range(5):
        worker.submit(use_model, on_result=results.append)
    _wait(qtbot, worker)
    assert len(loads) == 1 and len({id(r) for r in results}) == 1


def test_switching_device_reports_it(qtbot, worker):
    qtbot.waitUntil(lambda: worker.device is not None, timeout=60_000)
    with qtbot.waitSignal(worker.deviceChanged, timeout=30_000) as blocker:
        worker.set_device("cpu")
    assert blocker.args[0] == "cpu"
    errors = []
    worker.deviceError.connect(errors.append)
    worker.set_device("warp-drive")
    _wait(qtbot, worker)
    assert errors and "unknown device" in errors[0]
    assert str(worker.device) == "cpu"


def _os_threads() -> int:
    """Every thread of the process, Qt's included (Python's threading sees only its own)."""
    return len(os.listdir("/proc/self/task"))


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096


def test_soak_200_jobs_no_growth_in_threads_or_memory(qtbot, worker):
    def job(ctx, i):
        import numpy as np

        ctx.progress(0.5, "working")
        if i % 10 == 0:
            raise ValueError(f"job {i} fails on purpose")
        return np.full((256, 256), i, dtype=np.float32).sum()

    def run_batch(n):
        outcomes = []
        for i in range(n):
            worker.submit(job, i, on_result=outcomes.append, on_error=outcomes.append)
        _wait(qtbot, worker, timeout=120)
        return outcomes

    run_batch(20)  # warm up allocators and signal machinery
    gc.collect()
    threads_before, rss_before = _os_threads(), _rss_bytes()
    outcomes = run_batch(200)
    gc.collect()
    assert len(outcomes) == 200
    assert sum(isinstance(o, JobFailure) for o in outcomes) == 20
    assert _os_threads() == threads_before
    assert not worker._records  # every job's bookkeeping was released
    growth = _rss_bytes() - rss_before
    assert growth < 20 * 1024 * 1024, f"memory grew by {growth / 1e6:.1f} MB over 200 jobs"


def test_a_job_may_have_keywords_named_like_the_submit_options(qtbot, worker):
    """submit's own options are keyword-only and the job's keywords travel in a partial,
    so a job may call its parameters label, source or key."""
    def job(ctx, value, *, label, source, key):
        return (ctx.tool, value, label, source, key)

    results = []
    worker.submit(functools.partial(job, label="job's label", source="job's source",
                                    key="job's key"),
                  1, label="Worker label", source="/data/x.png", key="k", tool="faces",
                  on_result=results.append)
    _wait(qtbot, worker)
    assert results == [("faces", 1, "job's label", "job's source", "job's key")]


def test_jobs_see_their_tools_models(qtbot, worker):
    def load(ctx):
        return ctx.models.get("net", lambda: f"{ctx.tool} net")

    results = []
    for tool in ("faces", "ocr", "faces"):
        worker.submit(load, tool=tool, on_result=results.append)
    _wait(qtbot, worker)
    assert results == ["faces net", "ocr net", "faces net"]
    assert sorted(worker.models.keys()) == [("faces", "net", "cpu"), ("ocr", "net", "cpu")]
