"""`make bench`: run every benchmark and print one table of ours against each baseline.

A benchmark reports its headline figure with :func:`record` (one JSON line appended to the
file named by $CVLAB_BENCH_SUMMARY; nothing happens when it is unset, so each script also
runs alone). ``python bench/summary.py`` runs the scripts in BENCHES one after another, each
in a process of its own with the app's thread settings (cvlab/core/cpu_threads.py), shows
their own output, then prints the table: ours / baseline as a time ratio (below 1: ours is
faster) beside the figure each earlier issue reported, converted to the same convention.

Usage: python bench/summary.py [--only ct_load,sr_ssim] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUMMARY_ENV = "CVLAB_BENCH_SUMMARY"
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
NOISE = 1.10  # a ratio within 10 % of the earlier one is "kept": runs on 2 cores vary so

# script, its arguments (full, --quick)
BENCHES: list[tuple[str, list[str], list[str]]] = [
    ("startup.py", [], ["--runs", "3"]),
    ("ct_load.py", [], []),
    ("sr_ssim.py", [], []),
    ("sr_realesrgan.py", [], ["--no-compile"]),
    ("cam_latency.py", [], ["--no-score"]),
    ("faces_mtcnn.py", [], ["--rounds", "1"]),
    ("ocr_pipeline.py", [], ["--rounds", "2"]),
    ("first_result.py", [], ["--runs", "2"]),
    ("under_load.py", [], ["--runs", "2"]),
    ("batch.py", [], ["--photos", "40", "--ct-copies", "2", "--small", "200"]),
]

# The headline ratios issue 15 lists from earlier work, as ours / baseline time (lower is
# better), to be kept at least where they are.
EARLIER = {
    "CT series load": (0.37, "0.37× pydicom's time"),
    "SSIM, RGB": (1 / 12, "12× faster than scikit-image"),
    "Real-ESRGAN x4plus": (1 / 1.36, "1.36× faster than ncnn fp32"),
    "Grad-CAM": (1 / 2.26, "2.26× faster than pytorch-grad-cam"),
    "MTCNN": (0.73, "0.73× facenet-pytorch's time"),
    "OCR pipeline, page photo": (0.70, "0.70× onnxruntime's time"),
}


def record(measure: str, ours_s: float, baseline: str, baseline_s: float | None,
           note: str = "") -> None:
    """Add one row to the summary (when a summary run is collecting)."""
    path = os.environ.get(SUMMARY_ENV)
    if not path:
        return
    row = {"measure": measure, "ours_s": ours_s, "baseline": baseline,
           "baseline_s": baseline_s, "note": note}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")


def _cell(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def table(rows: list[dict]) -> str:
    lines = ["| measure | ours | baseline | baseline time | ours / baseline | earlier | kept |",
             "| --- | ---: | --- | ---: | ---: | --- | --- |"]
    for row in rows:
        ratio = (row["ours_s"] / row["baseline_s"]) if row["baseline_s"] else None
        earlier, source = EARLIER.get(row["measure"], (None, ""))
        kept = "" if ratio is None or earlier is None else \
            ("yes" if ratio <= earlier * NOISE else "NO")
        shown = "" if ratio is None else f"{ratio:.2f}"
        was = "" if earlier is None else f"{earlier:.2f} ({source})"
        lines.append(f"| {row['measure']} | {_cell(row['ours_s'])} | {row['baseline']} | "
                     f"{_cell(row['baseline_s'])} | {shown} | {was} | {kept} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="comma-separated script names (no .py)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from cvlab.core.cpu_threads import prepare_process

    chosen = {name for name in args.only.split(",") if name}
    env = dict(os.environ)
    prepare_process(env)  # every bench runs with the app's thread settings
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    failed = []
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl", delete=False) as collected:
        env[SUMMARY_ENV] = collected.name
    start_load = os.getloadavg()
    started = time.time()
    for script, full, quick in BENCHES:
        if chosen and script[:-3] not in chosen:
            continue
        print(f"\n===== {script} (load {os.getloadavg()[0]:.2f})", flush=True)
        code = subprocess.run([sys.executable, str(BENCH / script),
                               *(quick if args.quick else full)], env=env).returncode
        if code:
            failed.append(script)
    rows = [json.loads(line) for line in Path(collected.name).read_text().splitlines() if line]
    Path(collected.name).unlink()
    print(f"\n===== summary: {len(rows)} figures in {time.time() - started:.0f} s; load "
          f"average at the start {start_load[0]:.2f}, at the end {os.getloadavg()[0]:.2f}; "
          f"{os.cpu_count()} CPUs")
    print(table(rows))
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
