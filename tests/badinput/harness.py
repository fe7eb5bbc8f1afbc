"""Run one corpus case as a user would, in a child process under limits, and judge it.

The child is `python -m cvlab ...` with stdin from /dev/null, in its own session (a hang is
killed with its whole group), under an address-space limit (the memory bound: a command that
tries to hold more than :data:`ADDRESS_SPACE_LIMIT` fails instead of eating the machine) and
a wall-clock limit (the hang guard). Every regular file among the inputs is hashed before and
after. :func:`judge` turns what happened into one verdict for the corpus table.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.badinput.corpus import Case
from tests.badinput.hostile import MARKER_NAME

# torch alone maps about 3.5 GiB of address space on import; the forged inputs this guards
# against asked for 7–69 GiB. BADINPUT_AS_GIB=0 lifts it (to measure what a run would take).
ADDRESS_SPACE_LIMIT = float(os.environ.get("BADINPUT_AS_GIB", "6")) * 2**30
REPO = Path(__file__).resolve().parents[2]
_PYTHON_SPEAK = re.compile(r"Traceback \(most recent call last\)|^\s+File \"|Errno|Warning:|"
                           r"\b[A-Z]\w+(Error|Exception)\b", re.MULTILINE)
_OUT_OF_MEMORY = re.compile(r"out of memory|MemoryError|bad_alloc|Cannot allocate",
                            re.IGNORECASE)

VERDICTS = ("clean error", "correct run", "traceback", "hang", "memory bound",
            "silently wrong", "message", "input changed", "pickle code ran")


@dataclass
class Run:
    exit_code: int | None  # None: killed by the hang guard
    signal: int | None
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float
    changed: list[str]
    new_files: list[str]
    pickle_ran: bool
    paths: dict[str, Path]


def _fill(text: str, paths: dict[str, Path]) -> str:
    return text.format(**{name: str(path) for name, path in paths.items()})


def _hashes(folder: Path) -> dict[str, str]:
    """Content hashes of the regular files (and link targets) under ``folder``."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):  # links to folders are not followed
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                found[path] = "link→" + os.readlink(path)
            elif os.path.isfile(path):
                with open(path, "rb") as fh:
                    found[path] = hashlib.sha256(fh.read()).hexdigest()
            else:
                found[path] = "special"
    return found


def _limit_child() -> None:
    if ADDRESS_SPACE_LIMIT > 0:
        limit = int(ADDRESS_SPACE_LIMIT)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_case(case: Case, root: Path) -> Run:
    """Build the case's inputs under ``root`` and run its command once."""
    inputs, outputs = root / "in", root / "out"
    inputs.mkdir(parents=True)
    outputs.mkdir()
    paths = {"in": inputs, "out": outputs, **case.build(inputs)}
    argv = [_fill(arg, paths) for arg in case.argv]
    env = {**os.environ, "CVLAB_DEVICE": "cpu", "PYTHONPATH": str(REPO),
           **{key: _fill(value, paths) for key, value in case.env.items()}}
    env.pop("PYTHONWARNINGS", None)
    before = _hashes(root)
    stdout_file, stderr_file = root / "stdout.txt", root / "stderr.txt"
    started = time.monotonic()
    with open(stdout_file, "wb") as out, open(stderr_file, "wb") as err:
        child = subprocess.Popen([sys.executable, "-m", "cvlab", *argv], env=env,
                                 stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                 start_new_session=True, preexec_fn=_limit_child)
    pid = child.pid
    exit_code, killed_by, usage = _wait(pid, case.timeout)
    child.returncode = exit_code if exit_code is not None else -signal.SIGKILL  # reaped here
    seconds = time.monotonic() - started
    after = _hashes(root)
    ignored = {str(stdout_file), str(stderr_file)}
    changed = sorted(p for p, h in before.items() if p not in ignored and after.get(p) != h)
    new_files = sorted(p for p in after if p not in before and p not in ignored)
    return Run(exit_code, killed_by, stdout_file.read_text(errors="replace"),
               stderr_file.read_text(errors="replace"), seconds,
               usage.ru_maxrss / 1024 if usage else 0.0, changed, new_files,
               any(Path(p).name == MARKER_NAME for p in new_files), paths)


def _wait(pid: int, timeout: float):
    """(exit code, signal, rusage); exit code None when the hang guard killed the group."""
    deadline = time.monotonic() + timeout
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            if os.WIFSIGNALED(status):
                return -os.WTERMSIG(status), os.WTERMSIG(status), usage
            return os.WEXITSTATUS(status), None, usage
        if time.monotonic() > deadline:
            os.killpg(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            return None, signal.SIGKILL, usage
        time.sleep(0.02)


def judge(case: Case, run: Run) -> tuple[str, str]:
    """(verdict, why): the first rule the run breaks, else "clean error"/"correct run"."""
    err_lines = [line for line in run.stderr.splitlines() if line.strip()]
    if run.pickle_ran:
        return "pickle code ran", "the model file's pickle ran its code"
    if run.changed:
        return "input changed", ", ".join(run.changed)
    if run.exit_code is None:
        return "hang", f"still running after {case.timeout:.0f} s"
    if (run.signal or _OUT_OF_MEMORY.search(run.stderr)) and run.exit_code != 0:
        return "memory bound", f"exit {run.exit_code}: {run.stderr.strip()[-300:]}"
    if _PYTHON_SPEAK.search(run.stderr):
        return "traceback", run.stderr.strip()[-600:]
    leftovers = [p for p in run.new_files if p.endswith(".part")]
    if leftovers:
        return "silently wrong", f"temporary files left: {leftovers}"
    if case.expect == "ok":
        if run.exit_code != 0:
            return "message", (f"expected a correct run, got exit {run.exit_code}: "
                               f"{run.stderr.strip()}")
        if len(err_lines) > case.notes or any(not line.startswith("cvlab ")
                                               for line in err_lines):
            return "message", f"stderr of a correct run: {err_lines}"
        problem = case.check(run.paths, run.stdout) if case.check else None
        if problem:
            return "silently wrong", problem
        return "correct run", ""
    if case.expect == "usage":
        if run.exit_code != 2:
            return "message", f"a mistyped command line should exit 2, got {run.exit_code}"
        if not any(n in run.stderr for n in case.names):
            return "message", f"does not name {case.names}: {err_lines}"
        return "clean error", ""
    if run.exit_code == 0:
        return "silently wrong", f"exit 0 on bad input: {run.stdout.strip()[-200:]}"
    if run.exit_code != 1 or len(err_lines) != 1:
        return "message", f"exit {run.exit_code}, {len(err_lines)} stderr lines: {err_lines}"
    line = err_lines[0]
    if not line.startswith("cvlab ") or not any(name in line for name in case.names):
        return "message", f"does not name {case.names}: {line}"
    if case.cause and not re.search(case.cause, line, re.IGNORECASE):
        return "message", f"does not say /{case.cause}/: {line}"
    return "clean error", ""
