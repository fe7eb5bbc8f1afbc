"""How many CPU threads the engines use: a desktop app shares its cores with whatever else
the user runs.

torch's CPU kernels run on GNU OpenMP, whose threads spin at every barrier for a while
before sleeping. On an idle machine that is what makes small layers fast; but when another
process holds a core, the thread that waits spins on the core the late thread needs, and a
model takes 2-5 times longer (``bench/under_load.py``, one core kept busy: MTCNN ×2.5,
Grad-CAM ×4.3, the OCR pipeline ×2.8 on 2 cores). Making the threads sleep instead
(``OMP_WAIT_POLICY=PASSIVE``) cures that but costs 30-80 % on an idle machine, every time.
What works both ways is to give each job only the cores that are free when it starts: on a
busy 2-core machine one thread never waits at a barrier, and it runs as fast as it would
alone (MTCNN 56 ms against 39 ms with both cores idle; spinning on a busy core: 181 ms).

- :func:`threads_for_now` counts the cores the process may use (its affinity mask, capped by
  a container's CPU quota, not ``os.cpu_count()``) less those that other processes keep
  busy right now (the kernel's count of runnable threads less this process's own, the least
  of a few samples, so a blip does not count and a process that keeps a core busy does).
- :func:`prepare_process` puts that count where OpenMP, MKL and OpenCV read it when they
  load: ``cvlab.cli.main`` calls it before anything imports torch (the commands run with it).
- :func:`fit_threads_to_machine` sets torch's and OpenCV's count on the calling thread
  before each job (OpenMP keeps the count per thread): the device worker calls it.

What the user set wins: ``CVLAB_THREADS`` (or ``OMP_NUM_THREADS`` given before the app
starts) fixes the count; ``OMP_WAIT_POLICY`` is left to the user. onnxruntime sessions take
torch's count when they are made and never spin (ocr/models.py). A job keeps the threads it
started with when another program starts during it: a long tiled run is the case this does
not cover.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import MutableMapping
from pathlib import Path

THREADS_ENV = "CVLAB_THREADS"
CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")
LOADAVG = Path("/proc/loadavg")
OWN_TASKS = Path("/proc/self/task")


def available_cores(cpu_max: Path = CGROUP_CPU_MAX) -> int:
    """The cores this process may use: its affinity mask, capped by a cgroup CPU quota."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        cores = os.cpu_count() or 1
    try:
        quota, period = cpu_max.read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass  # no cgroup v2 quota here
    return max(1, cores)


def fixed_threads(environ: MutableMapping[str, str] = os.environ) -> int | None:
    """$CVLAB_THREADS when it is a positive integer (the user's fixed choice), else None."""
    text = environ.get(THREADS_ENV, "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def own_running_threads(tasks: Path = OWN_TASKS) -> int:
    """This process's threads that are running now (state R), the caller included. OpenMP's
    threads spin for a while after a parallel region: they are ours, not a busy neighbour."""
    count = 0
    for stat in tasks.glob("*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the thread ended meanwhile
            continue
        if text[text.rindex(")") + 2:].startswith("R"):
            count += 1
    return count


def busy_elsewhere(samples: int = 3, interval_s: float = 0.001, loadavg: Path = LOADAVG,
                   tasks: Path = OWN_TASKS) -> int:
    """Threads of other processes running right now: the kernel's runnable count (the fourth
    field of /proc/loadavg) less this process's running threads, the least of a few samples
    so that a blip does not count. 0 where the count cannot be read (not Linux)."""
    counts = []
    for n in range(samples):
        try:
            running = int(loadavg.read_text().split()[3].split("/")[0])
        except (OSError, ValueError, IndexError):
            return 0
        counts.append(running - max(1, own_running_threads(tasks)))
        if n + 1 < samples:
            time.sleep(interval_s)
    return max(0, min(counts))


def threads_for_now(environ: MutableMapping[str, str] = os.environ) -> int:
    """The thread count a job should start with: the user's fixed choice, else the cores
    the process may use less those other threads keep busy now (at least 1)."""
    fixed = fixed_threads(environ)
    if fixed is not None:
        return fixed
    return max(1, available_cores() - busy_elsewhere())


def prepare_process(environ: MutableMapping[str, str] = os.environ) -> bool:
    """Put the thread count where OpenMP, MKL and OpenCV read it when they load. A count the
    user gave in OMP_NUM_THREADS becomes the fixed choice (one that is not a positive whole
    number is replaced, as OpenMP would ignore it anyway). Returns False when torch is
    already imported (its OpenMP has read the environment already)."""
    user_count = environ.get("OMP_NUM_THREADS", "").strip()
    if user_count.isdigit() and int(user_count) > 0:
        environ.setdefault(THREADS_ENV, user_count)
    elif user_count:  # "-3", "many": libgomp would print a warning of its own and go on
        del environ["OMP_NUM_THREADS"]
    threads = str(threads_for_now(environ))
    environ.setdefault("OMP_NUM_THREADS", threads)
    environ.setdefault("OPENCV_FOR_THREADS_NUM", threads)
    return "torch" not in sys.modules


def fit_threads_to_machine() -> int:
    """Before a job: torch's threads on the calling thread (OpenMP keeps the count per
    thread), and OpenCV's when it is loaded, set to :func:`threads_for_now`. Returns it."""
    import torch

    threads = threads_for_now()
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    cv2 = sys.modules.get("cv2")
    if cv2 is not None:
        cv2.setNumThreads(threads)
    return threads
