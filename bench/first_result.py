"""Click to first visible result, per tab, headless through the tabs' own jobs (issue 15).

For each tab a fresh process does what the app has done before the click: the thread
settings (cvlab/core/cpu_threads.py) and ``import torch`` (the device worker imports it
at start). Then it times the cheapest way to a visible result in that tab
(bench/tool_cases.py CHEAPEST):

- first click: everything that click pays in a fresh session: the engine's imports
  (pydicom, scipy, cv2…), reading the weights (and any converted-model cache), the run;
- model cached: the median of ``--runs`` further clicks, the model already in the tab's
  model cache (``ctx.models``), as after the tab's first use.

Goal: under 0.5 s for every tab once its model is cached. The GUI adds a paint (a few ms).
Usage: python bench/first_result.py [--runs 3] [--only ocr,faces]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from summary import record
from tool_cases import CHEAPEST, run_child

GOAL_S = 0.5


def child(tab: str, runs: int) -> dict:
    from cvlab.core.cpu_threads import fit_threads_to_machine, prepare_process

    prepare_process()
    import torch  # noqa: F401  (the worker has imported it before any click)

    job = CHEAPEST[tab][1]()  # the opened input; no model loaded yet

    def call():  # what the device worker does for each job
        fit_threads_to_machine()
        job()

    start = time.perf_counter()
    call()
    first = time.perf_counter() - start
    again = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        again.append(time.perf_counter() - start)
    return {"tab": tab, "first_s": first, "cached_s": statistics.median(again)}


def run_tab(tab: str, runs: int) -> dict:
    return run_child(__file__, [tab, "--runs", str(runs)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated tab ids")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.runs)), flush=True)
        return 0
    tabs = [t for t in args.only.split(",") if t] or list(CHEAPEST)
    print(f"load before: {os.getloadavg()}; {os.cpu_count()} CPUs")
    results = [run_tab(tab, args.runs) for tab in tabs]
    print(f"load after: {os.getloadavg()}")
    print(f"| tab: cheapest result | first click s | model cached s | < {GOAL_S} s |")
    print("| --- | ---: | ---: | --- |")
    for r in results:
        met = "yes" if r["cached_s"] < GOAL_S else "NO"
        print(f"| {CHEAPEST[r['tab']][0]} | {r['first_s']:.2f} | {r['cached_s']:.2f} | {met} |")
        record(f"First result, {CHEAPEST[r['tab']][0]}", r["cached_s"], "first click",
               r["first_s"], "model cached vs first click")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
