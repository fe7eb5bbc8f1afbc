"""Thread count and OpenMP wait policy for a desktop app on a shared machine (issue 15)."""

import os
import subprocess
import sys
import time

import pytest

from cvlab.core import cpu_threads
from cvlab.ui.worker import DeviceWorker


def test_a_cgroup_quota_caps_the_cores(tmp_path):
    cpu_max = tmp_path / "cpu.max"
    affinity = len(os.sched_getaffinity(0))
    cpu_max.write_text("max 100000\n")
    assert cpu_threads.available_cores(cpu_max) == affinity
    cpu_max.write_text("50000 100000\n")  # half a core: still one thread
    assert cpu_threads.available_cores(cpu_max) == 1
    cpu_max.write_text("garbage\n")
    assert cpu_threads.available_cores(cpu_max) == affinity
    assert cpu_threads.available_cores(tmp_path / "absent") == affinity


def test_the_users_thread_count_wins_when_it_is_a_positive_integer():
    assert cpu_threads.threads_for_now({"CVLAB_THREADS": "1"}) == 1
    assert cpu_threads.threads_for_now({"CVLAB_THREADS": "7"}) == 7
    for junk in ("0", "-2", "many", ""):
        assert cpu_threads.fixed_threads({"CVLAB_THREADS": junk}) is None


class FakeLoadavg:
    """/proc/loadavg whose runnable count follows ``counts`` (the caller included)."""

    def __init__(self, *counts: int) -> None:
        self.counts = iter(counts)

    def read_text(self) -> str:
        return f"0.50 0.40 0.30 {next(self.counts)}/80 1234\n"


def _tasks(tmp_path, *states: str):
    """A /proc/self/task stand-in: one thread per state letter."""
    for n, state in enumerate(states):
        (tmp_path / str(n)).mkdir(parents=True)
        (tmp_path / str(n) / "stat").write_text(f"{n} (python (x)) {state} 1 2 3\n")
    return tmp_path


def test_a_process_that_keeps_a_core_busy_counts_and_a_blip_does_not(tmp_path):
    me = _tasks(tmp_path / "me", "R", "S", "S")   # the caller runs, its helpers sleep
    assert cpu_threads.busy_elsewhere(loadavg=FakeLoadavg(2, 2, 2), tasks=me) == 1
    assert cpu_threads.busy_elsewhere(loadavg=FakeLoadavg(3, 1, 3), tasks=me) == 0  # blip
    assert cpu_threads.busy_elsewhere(loadavg=tmp_path / "absent", tasks=me) == 0


def test_our_own_spinning_threads_are_not_a_busy_neighbour(tmp_path):
    me = _tasks(tmp_path / "me", "R", "R", "S")   # an OpenMP thread still spinning
    assert cpu_threads.own_running_threads(me) == 2
    assert cpu_threads.busy_elsewhere(loadavg=FakeLoadavg(2, 2, 2), tasks=me) == 0


def test_a_busy_core_is_not_given_to_the_next_job(monkeypatch):
    monkeypatch.delenv("CVLAB_THREADS", raising=False)
    monkeypatch.setattr(cpu_threads, "available_cores", lambda: 2)
    monkeypatch.setattr(cpu_threads, "busy_elsewhere", lambda: 1)
    assert cpu_threads.threads_for_now() == 1
    monkeypatch.setattr(cpu_threads, "busy_elsewhere", lambda: 5)
    assert cpu_threads.threads_for_now() == 1       # never fewer than one
    monkeypatch.setattr(cpu_threads, "busy_elsewhere", lambda: 0)
    assert cpu_threads.threads_for_now() == 2


def test_a_real_busy_process_is_seen():
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        deadline = time.monotonic() + 10
        while cpu_threads.busy_elsewhere(samples=5, interval_s=0.005) < 1:
            assert time.monotonic() < deadline, "the busy loop was never seen running"
            time.sleep(0.05)
    finally:
        hog.kill()
        hog.wait()


def test_prepare_sets_the_count_and_keeps_what_the_user_set(monkeypatch):
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    environ = {"CVLAB_THREADS": "1"}
    assert cpu_threads.prepare_process(environ) is True
    assert environ["OMP_NUM_THREADS"] == "1"
    assert environ["OPENCV_FOR_THREADS_NUM"] == "1"
    assert "OMP_WAIT_POLICY" not in environ   # spinning is what makes an idle run fast
    mine = {"OMP_NUM_THREADS": "3"}            # the user's count becomes the fixed choice
    cpu_threads.prepare_process(mine)
    assert mine["CVLAB_THREADS"] == "3" and cpu_threads.threads_for_now(mine) == 3
    for nonsense in ("-3", "many"):  # libgomp would print a warning before the command's output
        odd = {"OMP_NUM_THREADS": nonsense, "CVLAB_THREADS": "2"}
        cpu_threads.prepare_process(odd)
        assert odd["OMP_NUM_THREADS"] == "2"


def test_prepare_says_when_torch_already_read_its_settings(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", object())
    assert cpu_threads.prepare_process({}) is False


def test_the_cvlab_command_prepares_before_torch_is_imported():
    code = ("import os, sys\nfrom cvlab.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "import torch\n"
            "print(os.environ['OMP_NUM_THREADS'], torch.get_num_threads())")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    env["CVLAB_THREADS"] = "1"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-2:] == ["1", "1"]  # after the version line


@pytest.fixture
def one_thread_worker(qtbot, monkeypatch):
    monkeypatch.setenv("CVLAB_THREADS", "1")
    worker = DeviceWorker(device_spec="cpu")
    worker.start()
    yield worker
    assert worker.shutdown(10_000)


def test_the_worker_thread_runs_models_with_the_chosen_thread_count(qtbot, one_thread_worker):
    # OpenMP keeps the count per thread: set in the main thread it would not reach the worker.
    import torch

    with qtbot.waitSignal(one_thread_worker.result, timeout=60_000) as blocker:
        one_thread_worker.submit(lambda ctx: torch.get_num_threads())
    assert blocker.args[1] == 1


@pytest.fixture
def worker(qtbot, monkeypatch):
    monkeypatch.delenv("CVLAB_THREADS", raising=False)
    worker = DeviceWorker(device_spec="cpu")
    worker.start()
    yield worker
    assert worker.shutdown(10_000)


@pytest.mark.skipif(cpu_threads.available_cores() < 2, reason="needs two cores to share")
def test_a_job_started_while_another_process_is_busy_leaves_it_its_core(qtbot, worker):
    import torch

    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)
        with qtbot.waitSignal(worker.result, timeout=60_000) as blocker:
            worker.submit(lambda ctx: torch.get_num_threads())
    finally:
        hog.kill()
        hog.wait()
    assert 1 <= blocker.args[1] <= cpu_threads.available_cores() - 1
