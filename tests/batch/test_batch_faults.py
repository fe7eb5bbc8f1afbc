"""`cvlab batch` as a user runs it (its own process and its own local Ray instance), under
faults: a worker killed mid-run, Ctrl+C and a rerun, Ray not installed."""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.batch.conftest import tree_state


def _photos(test_data, root, copies):
    people = sorted((test_data / "faces" / "people").glob("*.jpg"))
    for copy in range(copies):
        folder = root / f"batch{copy:02d}"
        folder.mkdir(parents=True)
        for photo in people:
            shutil.copy(photo, folder / photo.name)
    return root


def _start(*argv):
    return subprocess.Popen([sys.executable, "-m", "cvlab", "batch", *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _journal(out):
    path = out / "batch_manifest.jsonl"
    if not path.exists():
        return []
    records = []
    for line in path.read_text().splitlines()[1:]:
        try:
            records.append(json.loads(line))
        except ValueError:
            pass
    return records


def _wait_for_records(out, count, proc, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records = _journal(out)
        if len(records) >= count:
            return records
        if proc.poll() is not None:
            pytest.fail(f"the run ended early: {proc.communicate()}")
        time.sleep(0.02)
    proc.kill()
    pytest.fail("no results in time")


def _summary(out):
    with open(out / "batch_summary.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_a_worker_killed_mid_run_is_replaced_and_its_items_retried_once(test_data, tmp_path):
    root = _photos(test_data, tmp_path / "in", copies=10)
    out = tmp_path / "out"
    proc = _start("faces", str(root), str(out), "--anonymize", "pixelate", "--workers", "1",
                  "--json")
    first = _wait_for_records(out, 1, proc)[0]
    killed = first["worker"]
    os.kill(int(killed.rsplit(":", 1)[1]), signal.SIGKILL)
    stdout, stderr = proc.communicate(timeout=300)
    print(stderr)
    assert proc.returncode == 0, stderr
    report = json.loads(stdout)
    assert (report["done"], report["failed"]) == (40, 0) and report["retried"] >= 1
    assert "died while processing" in stderr and "starting another" in stderr
    assert "(raylet)" not in stderr + stdout        # Ray's paragraph is not shown
    rows = _summary(out)
    assert len(rows) == 40 and {r["status"] for r in rows} == {"done"}
    retried = [r for r in rows if r["attempts"] == "2"]
    assert 1 <= len(retried) <= 2                  # at most two were queued on that worker
    assert all(r["worker"] != killed for r in retried)
    assert {r["worker"] for r in rows} - {killed}   # the replacement did the rest
    for row in rows:
        assert (out / row["outputs"]).is_file()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_keeps_what_finished_and_the_same_command_resumes(stop, test_data, tmp_path):
    root = _photos(test_data, tmp_path / "in", copies=10)
    before = tree_state(root)
    out = tmp_path / "out"
    argv = ("faces", str(root), str(out), "--anonymize", "blur", "--json")
    proc = _start(*argv)
    _wait_for_records(out, 3, proc)
    proc.send_signal(stop)
    stdout, stderr = proc.communicate(timeout=120)
    print(stderr)
    assert proc.returncode == 130
    assert "interrupted after" in stderr and "run the same command again to resume" in stderr
    assert len(stderr.strip().splitlines()) == 1          # one sentence, no traceback
    finished = _journal(out)
    rows = _summary(out)                                    # written on the way out
    assert 3 <= len(rows) == len(finished) < 40
    for row in rows:
        assert row["status"] == "done" and (out / row["outputs"]).is_file()
    from PIL import Image

    for path in out.rglob("*.png"):      # done, or in flight at Ctrl+C: never half-written
        if not path.name.startswith("."):
            Image.open(path).load()
    rerun = subprocess.run([sys.executable, "-m", "cvlab", "batch", *argv],
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["skipped"] == len(finished) and report["done"] == 40 - len(finished)
    assert len(_summary(out)) == 40
    assert not list(out.rglob(".*.part"))   # a temporary file a killed worker left: swept
    assert tree_state(root) == before


def test_without_ray_the_command_says_how_to_install_it(test_data, tmp_path):
    root = _photos(test_data, tmp_path / "in", copies=1)
    code = ("import sys; sys.modules['ray'] = None\n"
            "from cvlab.cli import main\n"
            f"sys.exit(main(['batch', 'faces', {str(root)!r}, {str(tmp_path / 'out')!r}]))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1
    assert run.stderr.strip() == (
        "cvlab batch faces: Ray is not installed: install CV Lab's cluster extra with "
        "pip install 'cvlab[cluster]' (in a checkout: .venv/bin/pip install -e "
        "'.[cluster]')")


def test_auto_joins_a_cluster_started_with_ray_start(test_data, tmp_path):
    """The path of a real cluster: the driver joins a running Ray (`ray start --head`, here
    on this machine) and its actors run under that cluster's raylet, not one it started."""
    import socket

    with socket.socket() as probe:
        probe.bind(("", 0))
        port = probe.getsockname()[1]
    ray_cli = os.path.join(os.path.dirname(sys.executable), "ray")
    head = subprocess.Popen([ray_cli, "start", "--head", "--block", f"--port={port}",
                             "--num-cpus=2", "--include-dashboard=false",
                             "--disable-usage-stats"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        root = _photos(test_data, tmp_path / "in", copies=2)
        out = tmp_path / "out"
        marker = Path(tempfile.gettempdir()) / "ray" / "ray_current_cluster"
        deadline = time.monotonic() + 120
        while not (marker.exists() and marker.read_text().strip().endswith(f":{port}")):
            assert head.poll() is None and time.monotonic() < deadline, "ray start failed"
            time.sleep(0.5)
        run = subprocess.run([sys.executable, "-m", "cvlab", "batch", "faces", str(root),
                              str(out), "--cluster", "auto", "--json"],
                             capture_output=True, text=True, timeout=240)
        assert run.returncode == 0, run.stderr
        report = json.loads(run.stdout)
        assert (report["done"], report["failed"], report["workers"]) == (8, 0, 1)
        (worker,) = {row["worker"] for row in _summary(out)}
        pid = worker.rsplit(":", 1)[1]
        # The actor's log is in the session `ray start` made (named after its pid), so it
        # ran under that cluster's raylet; and the cluster outlives the run.
        sessions = list(marker.parent.glob(f"session_*_{head.pid}"))
        assert len(sessions) == 1
        assert list(sessions[0].glob(f"logs/worker-*-{pid}.*")), sorted(
            p.name for p in sessions[0].glob("logs/worker-*"))
        assert head.poll() is None
    finally:
        head.terminate()
        head.wait(timeout=60)


def test_auto_says_at_once_when_the_last_cluster_is_gone(tmp_path, test_data):
    """A cluster stopped without `ray stop` leaves its address behind; joining it would
    retry for minutes."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"127.0.0.1:{probe.getsockname()[1]}"   # nothing listens there now
    root = _photos(test_data, tmp_path / "in", copies=1)
    run = subprocess.run([sys.executable, "-m", "cvlab", "batch", "faces", str(root),
                          str(tmp_path / "out"), "--cluster", "auto"],
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, "RAY_ADDRESS": dead})
    assert run.returncode == 1
    assert run.stderr.strip() == (
        f"cvlab batch faces: --cluster auto: the Ray cluster at {dead} does not answer "
        "(stopped? `ray start --head` starts one, or leave --cluster out to start a local "
        "one)")
