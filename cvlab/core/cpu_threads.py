"""How many CPU threads the engines use, and how their threads wait: a desktop app shares
its cores with whatever else the user runs.

Two settings matter (measured by ``bench/under_load.py``, one core kept busy by another
process):

- **The OpenMP wait policy.** torch's CPU kernels run on GNU OpenMP, whose threads spin
  for a while at every barrier instead of sleeping. When another process holds a core, the
  thread waiting at the barrier spins on the core the late thread needs, and a layer can
  take several times longer. ``OMP_WAIT_POLICY=PASSIVE`` makes waiting threads sleep. The
  library reads it once, when it is loaded, so :func:`prepare_process` must run before
  torch (or cv2) is imported: ``cvlab.cli.main`` calls it first, for the GUI and for every
  command, and the benchmarks call it where they measure what the app does.
- **The thread count.** The cores this process may actually run on (its CPU affinity, and
  a container's CPU quota when there is one), not ``os.cpu_count()``. OpenMP keeps the
  count per thread, so :func:`configure_torch` runs on the thread that runs the models (the
  device worker), after torch is imported.

What the user set wins: ``OMP_NUM_THREADS``, ``OMP_WAIT_POLICY`` and ``GOMP_SPINCOUNT`` in
the environment are left alone, and ``CVLAB_THREADS`` chooses the count.
onnxruntime sessions take their count from torch's and do not spin (ocr/models.py).
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import MutableMapping
from pathlib import Path

THREADS_ENV = "CVLAB_THREADS"
CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")


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


def engine_threads(environ: MutableMapping[str, str] = os.environ) -> int:
    """The thread count the engines use: $CVLAB_THREADS when it is a positive integer,
    else the available cores."""
    text = environ.get(THREADS_ENV, "").strip()
    if text.isdigit() and int(text) > 0:
        return int(text)
    return available_cores()


def prepare_process(environ: MutableMapping[str, str] = os.environ) -> bool:
    """Put the wait policy and thread count where OpenMP, MKL and OpenCV read them when they
    load. Returns False when torch is already imported (its OpenMP already read them)."""
    threads = str(engine_threads(environ))
    environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    environ.setdefault("OMP_NUM_THREADS", threads)
    environ.setdefault("OPENCV_FOR_THREADS_NUM", threads)
    return "torch" not in sys.modules


def configure_torch(threads: int | None = None) -> int:
    """Set torch's intra-op threads on the calling thread (OpenMP keeps them per thread),
    and OpenCV's when it is loaded. Returns the count."""
    import torch

    threads = engine_threads() if threads is None else threads
    torch.set_num_threads(threads)
    cv2 = sys.modules.get("cv2")
    if cv2 is not None:
        cv2.setNumThreads(threads)
    return threads
