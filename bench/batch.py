"""`cvlab batch` on Ray against the plain command-line loop (issue 20).

Three measures, each ours (``cvlab batch``, a local Ray instance, 1 and 2 workers) beside
the baseline (the tool's own command, as a user would loop it), every run a fresh process
timed end to end (what a user waits for: Python, Ray and the model starting included):

- faces: ``--anonymize blur`` over a folder of N photos (copies of the test photos, in
  sub-folders). Baseline: ``cvlab faces FOLDER --anonymize blur -o OUT`` per sub-folder
  (the command's own folder mode: one process per folder, the model loaded once each).
- CT nodules: the chest series copied K times, one patient folder each. Baseline: a loop
  of ``cvlab ct nodules PATIENT --json`` (the command has no folder mode: one process per
  series).
- Ray's overhead per item at small items: ``sr upscale --model nearest --scale 2`` over
  32×32 PNGs with one worker: the run's time after start-up per item, against the same
  calls in one process without Ray (the run reports its start-up and its items' own time).

Usage: python bench/batch.py [--photos 200] [--ct-copies 4] [--small 500]
                             [--workers 1,2] [--json out.json]
Say the machine's load (``uptime``) beside the figures; the bench prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summary import record

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = sorted((ROOT / "tests" / "data" / "faces" / "people").glob("*.jpg")) + sorted(
    (ROOT / "resources" / "samples" / "photos").glob("*.jpg"))
CHEST = ROOT / "resources" / "samples" / "chest_ct_axial"
PER_FOLDER = 50


def cvlab(*argv: str) -> float:
    """Run ``cvlab ARGV`` in a fresh process; its wall time in seconds. Every item of the
    cohorts here is good, so any failure stops the bench."""
    return run_cvlab(*argv)[0]


def run_cvlab(*argv: str) -> tuple[float, str]:
    """(wall seconds, stdout) of ``cvlab ARGV`` in a fresh process."""
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "cvlab", *argv], capture_output=True,
                         text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"cvlab {' '.join(argv)} failed: {run.stderr.strip()}")
    return seconds, run.stdout


def load() -> str:
    return "load " + ", ".join(f"{v:.2f}" for v in os.getloadavg())


def photo_folder(root: Path, count: int) -> list[Path]:
    folders = []
    for number in range(count):
        folder = root / f"folder{number // PER_FOLDER:03d}"
        if folder not in folders:
            folder.mkdir(parents=True)
            folders.append(folder)
        source = PHOTOS[number % len(PHOTOS)]
        shutil.copy(source, folder / f"{number:05d}{source.suffix}")
    return folders


def ct_folder(root: Path, copies: int) -> list[Path]:
    patients = []
    for number in range(copies):
        patient = root / f"patient{number:03d}"
        shutil.copytree(CHEST, patient)
        patients.append(patient)
    return patients


def tiny_folder(root: Path, count: int) -> Path:
    import numpy as np
    from PIL import Image

    root.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for number in range(count):
        Image.fromarray(rng.integers(0, 255, (32, 32, 3), dtype=np.uint8)).save(
            root / f"{number:05d}.png")
    return root


def batch_rows(name: str, cohort: Path, out: Path, workers: list[int], argv: list[str],
               count: int, baseline_s: float, baseline: str) -> list[dict]:
    rows = [{"measure": name, "run": baseline, "items": count, "seconds": baseline_s,
             "items_per_s": count / baseline_s, "load": load()}]
    print(f"{name}: {baseline}: {baseline_s:.1f} s, {count / baseline_s:.2f} items/s "
          f"({load()})", flush=True)
    for n in workers:
        target = out / f"batch_{argv[0]}_{n}"
        seconds, printed = run_cvlab("batch", *argv[:argv.index("IN")], str(cohort),
                                     str(target), *argv[argv.index("IN") + 1:],
                                     "--workers", str(n), "--json")
        report = json.loads(printed)
        assert report["done"] == count, report
        rows.append({"measure": name, "run": f"cvlab batch, {n} worker(s)", "items": count,
                     "seconds": seconds, "items_per_s": count / seconds, "load": load(),
                     "startup_s": report["startup_seconds"],
                     "items_s": report["items_seconds"], "work_s": report["work_seconds"]})
        print(f"{name}: cvlab batch, {n} worker(s): {seconds:.1f} s, "
              f"{count / seconds:.2f} items/s; Ray and the model starting "
              f"{report['startup_seconds']:.1f} s, the items {report['items_seconds']:.1f} s "
              f"({report['work_seconds']:.1f} s inside the workers, summed) ({load()})",
              flush=True)
        if n == 1:
            record(f"batch {name}, 1 worker", seconds, baseline, baseline_s,
                   f"{count} items")
    return rows


def bench_faces(work: Path, count: int, workers: list[int]) -> list[dict]:
    cohort = work / "photos"
    folders = photo_folder(cohort, count)
    start = time.perf_counter()
    for folder in folders:
        cvlab("faces", str(folder), "--anonymize", "blur", "-o",
              str(work / "plain_faces" / folder.name))
    plain = time.perf_counter() - start
    return batch_rows("faces --anonymize", cohort, work, workers,
                      ["faces", "IN", "--anonymize", "blur"], count, plain,
                      f"cvlab faces FOLDER, {len(folders)} folder(s)")


def bench_ct(work: Path, copies: int, workers: list[int]) -> list[dict]:
    cohort = work / "ct"
    patients = ct_folder(cohort, copies)
    start = time.perf_counter()
    for patient in patients:
        cvlab("ct", "nodules", str(patient), "--json")
    plain = time.perf_counter() - start
    return batch_rows("ct nodules", cohort, work, workers, ["ct", "nodules", "IN"], copies,
                      plain, f"cvlab ct nodules, a loop of {copies}")


def bench_overhead(work: Path, count: int) -> dict:
    """Per small item: the wall time of the run after start-up against the items' own
    time in the worker (one worker, so nothing runs side by side), and the same calls in
    one process without Ray."""
    sys.path.insert(0, str(ROOT))
    from cvlab.core.batch.items import image_items
    from cvlab.tools.superres.batch_task import open_upscale

    folder = tiny_folder(work / "tiny", count)
    seconds, printed = run_cvlab("batch", "sr", "upscale", str(folder), str(work / "tiny_out"),
                                 "--model", "nearest", "--scale", "2", "--workers", "1",
                                 "--json")
    report = json.loads(printed)
    after_start = report["items_seconds"] / count
    in_worker = report["work_seconds"] / count
    process = open_upscale({"model": "nearest", "scale": 2, "tile": 0, "precision": "fp32"},
                           "cpu")
    items = list(image_items(folder))
    start = time.perf_counter()
    for item in items:
        process(item, work / "direct")
    direct = (time.perf_counter() - start) / len(items)
    row = {"measure": "Ray overhead per small item", "items": count, "seconds": seconds,
           "startup_s": report["startup_seconds"], "per_item_s": after_start,
           "per_item_in_worker_s": in_worker, "per_item_direct_s": direct,
           "overhead_s": after_start - direct, "load": load()}
    print(f"small items ({count} × nearest ×2 of 32×32, 1 worker): {seconds:.1f} s in all, "
          f"start-up {report['startup_seconds']:.1f} s; the items {after_start * 1000:.2f} ms "
          f"each, of which {in_worker * 1000:.2f} ms inside the worker; the same calls in one "
          f"process {direct * 1000:.2f} ms; Ray's overhead {(after_start - direct) * 1000:.2f}"
          f" ms/item ({load()})", flush=True)
    record("batch per small item", after_start, "the same calls in one process", direct)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--ct-copies", type=int, default=4)
    parser.add_argument("--small", type=int, default=500, help="small items for the overhead")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--only", default="faces,ct,overhead")
    parser.add_argument("--json", help="write the rows here")
    args = parser.parse_args()
    workers = [int(n) for n in args.workers.split(",")]
    chosen = set(args.only.split(","))
    print(f"bench/batch.py: {os.cpu_count()} CPUs, {load()}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="cvlab-bench-batch-") as tmp:
        work = Path(tmp)
        if "faces" in chosen:
            rows += bench_faces(work, args.photos, workers)
        if "ct" in chosen:
            rows += bench_ct(work, args.ct_copies, workers)
        if "overhead" in chosen:
            rows.append(bench_overhead(work, args.small))
    print("\n| measure | run | items | seconds | items/s | load |\n| --- | --- | ---: | ---: | "
          "---: | --- |")
    for row in rows:
        if "items_per_s" in row:
            print(f"| {row['measure']} | {row['run']} | {row['items']} | {row['seconds']:.1f} | "
                  f"{row['items_per_s']:.2f} | {row['load']} |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
