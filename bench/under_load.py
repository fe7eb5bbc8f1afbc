"""Each tool's main model idle and with one core kept busy, before and after the thread
settings of cvlab/core/cpu_threads.py (issue 15).

For every case and each configuration a fresh process loads the model through the tool's
own job function (the same call the tab makes), runs it once to warm up, times ``--runs``
calls on an idle machine, then starts a plain CPU hog (a Python busy loop in a process of
its own) and times ``--runs`` calls again. Reported: median ms idle, median ms loaded, and
their ratio; the goal is a ratio of at most 2 for every row.

- before: torch, OpenMP and OpenCV defaults (what CV Lab ran with until issue 15): every
          core, threads spinning at barriers;
- after:  ``prepare_process()`` before torch is imported and ``fit_threads_to_machine()``
          before every call, as ``cvlab`` and the device worker do before every job: the
          cores that are free when the job starts.

Usage: python bench/under_load.py [--runs 3] [--only ocr-torch,mtcnn] [--json out.json]
Say the machine's load (``uptime``) beside the figures; the bench prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from summary import record
from tool_cases import MAIN_MODELS as CASES
from tool_cases import run_child

CONFIGS = ("before", "after")
# Variables the "before" run must not inherit: they are the settings under test.
THREAD_VARIABLES = ("OMP_WAIT_POLICY", "OMP_NUM_THREADS", "GOMP_SPINCOUNT",
                    "OPENCV_FOR_THREADS_NUM", "CVLAB_THREADS", "MKL_NUM_THREADS")


# ----- one case in a fresh process -----------------------------------------------------

def start_hog() -> subprocess.Popen:
    """A plain CPU hog: one busy loop in a process of its own (one core)."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def time_calls(call, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def child(case: str, config: str, runs: int) -> dict:
    threads = []
    if config == "after":
        from cvlab.core.cpu_threads import fit_threads_to_machine, prepare_process

        prepare_process()
        job = CASES[case][1]()

        def call():  # what the device worker does before each job
            threads.append(fit_threads_to_machine())
            job()
    else:
        call = CASES[case][1]()
    call()  # warm up: weights loaded, kernels chosen
    idle = time_calls(call, runs)
    hog = start_hog()
    try:
        time.sleep(0.3)  # let the scheduler see it
        loaded = time_calls(call, runs)
    finally:
        hog.kill()
        hog.wait()
    import torch

    idle_threads, loaded_threads = (threads[1:1 + runs], threads[1 + runs:]) if threads else \
        ([torch.get_num_threads()], [torch.get_num_threads()])
    return {"case": case, "config": config, "idle_ms": statistics.median(idle),
            "loaded_ms": statistics.median(loaded), "idle_all": idle, "loaded_all": loaded,
            "threads": f"{min(idle_threads)}/{min(loaded_threads)}"}


def run_case(case: str, config: str, runs: int) -> dict:
    return run_child(__file__, [case, "--config", config, "--runs", str(runs)],
                     drop_env=THREAD_VARIABLES, timeout=1800)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--config", default="after", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.config, args.runs)), flush=True)
        return 0
    cases = [c for c in args.only.split(",") if c] or list(CASES)
    print(f"load before: {os.getloadavg()}; {os.cpu_count()} CPUs; median of {args.runs}")
    results = [run_case(case, config, args.runs) for case in cases for config in CONFIGS]
    print(f"load after: {os.getloadavg()}")
    print("| model | config | threads idle/busy | idle ms | 1 core busy ms | ratio | ≤ 2× |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        ratio = r["loaded_ms"] / r["idle_ms"]
        print(f"| {CASES[r['case']][0]} | {r['config']} | {r['threads']} | "
              f"{r['idle_ms']:.0f} | {r['loaded_ms']:.0f} | {ratio:.2f} | "
              f"{'yes' if ratio <= 2 else 'NO'} |")
        if r["config"] == "after":
            record(f"{CASES[r['case']][0]}, one core busy", r["loaded_ms"] / 1000, "idle",
                   r["idle_ms"] / 1000, "goal: at most 2×")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
