"""Run the whole bad-input corpus and print the table of the closing note, by kind.

    python -m tests.badinput.table [--jobs 2] [--only SUBSTRING] [--csv FILE]
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import warnings
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.badinput.corpus import Case, all_cases
from tests.badinput.harness import VERDICTS, judge, run_case


def _one(case: Case) -> tuple[Case, str, str, float, float]:
    with tempfile.TemporaryDirectory(prefix="cvlab-badinput-") as folder:
        run = run_case(case, Path(folder))
        verdict, why = judge(case, run)
        return case, verdict, why, run.seconds, run.peak_rss_mb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--only", default="", help="run the cases whose id contains this")
    parser.add_argument("--csv", help="write one row per case here")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # forging files makes pydicom and torch complain here
    cases = [c for c in all_cases() if args.only in c.id]
    rows = []
    with ThreadPoolExecutor(args.jobs) as pool:  # each case is its own child process
        for case, verdict, why, seconds, peak in pool.map(_one, cases):
            rows.append((case, verdict, why, seconds, peak))
            if verdict not in ("clean error", "correct run"):
                print(f"{verdict:15} {case.id}: {why}", flush=True)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for case, verdict, *_ in rows:
        by_kind[case.kind][verdict] += 1
        by_kind["all"][verdict] += 1
    header = ["kind", "cases", *VERDICTS]
    print("\n| " + " | ".join(header) + " |\n|" + " --- |" * len(header))
    for kind, counts in sorted(by_kind.items(), key=lambda kv: kv[0] == "all"):
        print(f"| {kind} | {sum(counts.values())} | "
              + " | ".join(str(counts[v]) for v in VERDICTS) + " |")
    slowest = max(rows, key=lambda r: r[3])
    biggest = max(rows, key=lambda r: r[4])
    print(f"\nslowest: {slowest[0].id} {slowest[3]:.1f} s; "
          f"largest peak: {biggest[0].id} {biggest[4]:.0f} MB")
    if args.csv:
        with open(args.csv, "w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "kind", "expect", "verdict", "why", "seconds", "peak_mb"])
            for case, verdict, why, seconds, peak in rows:
                writer.writerow([case.id, case.kind, case.expect, verdict, why,
                                 f"{seconds:.2f}", f"{peak:.0f}"])
    bad = sum(1 for r in rows if r[1] not in ("clean error", "correct run"))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
