"""Thread count and OpenMP wait policy for a desktop app on a shared machine (issue 15)."""

import os
import subprocess
import sys

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
    assert cpu_threads.engine_threads({"CVLAB_THREADS": "1"}) == 1
    for junk in ("0", "-2", "many", ""):
        assert cpu_threads.engine_threads({"CVLAB_THREADS": junk}) == \
            cpu_threads.available_cores()


def test_prepare_sets_passive_waiting_and_keeps_what_the_user_set(monkeypatch):
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    environ = {"CVLAB_THREADS": "1"}
    assert cpu_threads.prepare_process(environ) is True
    assert environ["OMP_WAIT_POLICY"] == "PASSIVE"
    assert environ["OMP_NUM_THREADS"] == "1"
    assert environ["OPENCV_FOR_THREADS_NUM"] == "1"
    mine = {"OMP_WAIT_POLICY": "ACTIVE", "OMP_NUM_THREADS": "7"}
    cpu_threads.prepare_process(mine)
    assert mine["OMP_WAIT_POLICY"] == "ACTIVE" and mine["OMP_NUM_THREADS"] == "7"


def test_prepare_says_when_torch_already_read_its_settings(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", object())
    assert cpu_threads.prepare_process({}) is False


def test_the_cvlab_command_prepares_before_torch_is_imported():
    code = ("import os, sys\nfrom cvlab.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "import torch\n"
            "print(os.environ['OMP_WAIT_POLICY'], os.environ['OMP_NUM_THREADS'],"
            " torch.get_num_threads())")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    env["CVLAB_THREADS"] = "1"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-3:] == ["PASSIVE", "1", "1"]  # after the version line


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
