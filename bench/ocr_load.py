"""Benchmark: how long ``load_backend("torch")`` takes in a fresh process, by cache state.

    .venv/bin/python bench/ocr_load.py [--runs 5]

Each run is a new Python process that times ``import cvlab.tools.ocr.models`` plus
``load_backend("torch", cache_dir=...)`` (torch's own import included) and reports which of
onnx, onnx2torch, torchvision and onnxruntime it imported. Cache states, each in a
temporary folder (the shared weights folder is never written):

- ``nothing cached``: ONNX surgery, onnx2torch conversion, rewrites, freezing, both written;
- ``fixed ONNX only``: conversion, rewrites and freezing (before the frozen cache existed,
  every start paid about this, less the freezing);
- ``frozen cached``: the frozen models read back (what every later start pays).

Also timed, for scale: ``import torch`` alone. Reported: median and min seconds over --runs,
and the 1-minute load average before and after (the machine is shared; compare in one run).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
start = time.perf_counter()
if sys.argv[1] == "torch":
    import torch
else:
    from cvlab.tools.ocr.models import load_backend
    load_backend("torch", cache_dir=sys.argv[1])
print(json.dumps({"s": time.perf_counter() - start,
                  "imported": [m for m in ("onnx", "onnx2torch", "torchvision", "onnxruntime")
                               if m in sys.modules]}))
"""


def child(arg: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", CHILD, arg], env=env, capture_output=True,
                          text=True, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="cvlab-ocr-load-") as tmp:
        tmp = Path(tmp)
        warm = tmp / "warm"
        child(str(warm))  # fills it: fixed ONNX and frozen files
        fixed_only = sorted(warm.glob("*.fixed-*.onnx"))
        results: dict[str, list[dict]] = {"import torch alone": [], "nothing cached": [],
                                           "fixed ONNX only": [], "frozen cached": []}
        for run in range(args.runs):  # interleaved, so a busy machine slows all alike
            results["import torch alone"].append(child("torch"))
            results["nothing cached"].append(child(str(tmp / f"cold{run}")))
            folder = tmp / f"fixed{run}"
            folder.mkdir()
            for path in fixed_only:
                shutil.copy(path, folder / path.name)
            results["fixed ONNX only"].append(child(str(folder)))
            results["frozen cached"].append(child(str(warm)))
    load_after = os.getloadavg()[0]
    print(f"load_backend('torch') in a fresh process, {args.runs} runs each "
          f"(load average {load_before:.2f} before, {load_after:.2f} after)")
    print(f"  {'cache state':<22} {'median s':>9} {'min s':>7}  imported")
    for name, rows in results.items():
        times = [r["s"] for r in rows]
        imported = sorted({m for r in rows for m in r["imported"]})
        print(f"  {name:<22} {statistics.median(times):9.2f} {min(times):7.2f}  "
              f"{', '.join(imported) or '-'}")


if __name__ == "__main__":
    main()
