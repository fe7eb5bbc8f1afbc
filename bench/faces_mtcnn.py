"""Benchmark: our MTCNN (cvlab.tools.faces.mtcnn) beside facenet-pytorch's own MTCNN class
running the same weights, and BlazeFace short/full range when cvlab.tools.faces.blazeface is
there, on one 1280x720 photo, on this CPU.

    .venv/bin/python bench/faces_mtcnn.py [--threads 2] [--runs 5] [--rounds 2]

Image: scikit-learn's China photo (tests/data/photos/sklearn_china.jpg) resized to
1280x720 (Lanczos), with the scikit-image astronaut's head (crop x 150-300, y 30-210 of
tests/data/faces/skimage_astronaut.png) pasted at (80, 300) x0.5, (500, 150) x1.0 and
(900, 250) x1.8: three faces, ~45, ~90 and ~160 px wide. tests/tools/faces/test_mtcnn.py builds
the same picture. Saved to a temporary PNG for the facenet-pytorch side.

facenet-pytorch is NOT a dependency: it pins an old torch. It runs from a throw-away venv at
~/.cache/cvlab/bench/facenet-venv (created on first use with ``python -m venv``; a .pth file
puts this project's .venv site-packages on its path, so torch, torchvision, numpy, Pillow and
requests are shared; then ``pip install --no-deps facenet-pytorch==2.6.0``), in a subprocess
that prints its latencies and boxes as JSON. Its package __init__ also imports requests
(inception_resnet_v1) -- present in our .venv.

Timing: each side does one warm-up call, then --runs calls; this is repeated --rounds times
(facenet subprocess, then ours, alternately) so a busy machine slows both alike. Reported: the
median and min over all timed calls, in ms, with --threads torch threads on both sides.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
from PIL import Image
from summary import record

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
VENV = Path.home() / ".cache" / "cvlab" / "bench" / "facenet-venv"
FACENET = "facenet-pytorch==2.6.0"
HEAD_CROP = (150, 30, 300, 210)
PASTES = ((80, 300, 0.5), (500, 150, 1.0), (900, 250, 1.8))

FACENET_SCRIPT = textwrap.dedent("""
    import json, sys, time, warnings
    warnings.filterwarnings("ignore")
    import numpy as np, torch
    from PIL import Image
    from facenet_pytorch import MTCNN
    path, threads, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    mtcnn = MTCNN(keep_all=True, select_largest=False, device="cpu")
    image = Image.open(path).convert("RGB")
    mtcnn.detect(image)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        boxes, probs = mtcnn.detect(image)
        times.append(time.perf_counter() - start)
    boxes = [] if boxes is None else np.asarray(boxes, dtype=float).tolist()
    probs = [] if boxes == [] else [float(p) for p in probs]
    print(json.dumps({"times": times, "boxes": boxes, "scores": probs}))
""")


def build_image() -> np.ndarray:
    canvas = Image.open(DATA / "photos" / "sklearn_china.jpg").convert("RGB")
    canvas = canvas.resize((1280, 720), Image.LANCZOS)
    head = Image.open(DATA / "faces" / "skimage_astronaut.png").convert("RGB").crop(HEAD_CROP)
    for x, y, s in PASTES:
        canvas.paste(head.resize((round(head.width * s), round(head.height * s)), Image.LANCZOS),
                     (x, y))
    return np.asarray(canvas)


def facenet_python() -> Path:
    """The throw-away venv's python, with facenet-pytorch installed (no dependencies)."""
    python = VENV / "bin" / "python"
    if not python.exists():
        VENV.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    site = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    ours = next(p for p in sys.path if p.endswith("site-packages") and str(REPO) in p)
    (Path(site) / "cvlab_main_site.pth").write_text(ours + "\n")
    probe = subprocess.run([str(python), "-c", "import facenet_pytorch"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", FACENET],
                       check=True)
    return python


def run_facenet(python: Path, png: Path, threads: int, runs: int) -> dict:
    out = subprocess.run([str(python), "-c", FACENET_SCRIPT, str(png), str(threads), str(runs)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def time_calls(fn, runs: int) -> list[float]:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def iou(a: np.ndarray, b: np.ndarray) -> float:
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    import torch

    from cvlab.tools.faces.mtcnn import load_mtcnn

    torch.set_num_threads(args.threads)
    image = build_image()
    ours = load_mtcnn("cpu")
    python = facenet_python()
    rows: dict[str, list[float]] = {"cvlab MTCNN": [], "facenet-pytorch 2.6.0 MTCNN": []}
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "group_1280x720.png"
        Image.fromarray(image).save(png)
        for _ in range(args.rounds):
            theirs = run_facenet(python, png, args.threads, args.runs)
            rows["facenet-pytorch 2.6.0 MTCNN"] += theirs["times"]
            rows["cvlab MTCNN"] += time_calls(lambda: ours.detect(image), args.runs)
    boxes, scores, _ = ours.detect(image)
    their_boxes = np.asarray(theirs["boxes"], dtype=float).reshape(-1, 4)

    counts = {"cvlab MTCNN": len(boxes), "facenet-pytorch 2.6.0 MTCNN": len(their_boxes)}
    try:
        from cvlab.tools.faces.blazeface import load_blazeface
    except ImportError:
        load_blazeface = None
    if load_blazeface is not None:
        for variant in ("short", "full"):
            model = load_blazeface(variant, "cpu")
            name = f"cvlab BlazeFace {variant}-range"
            rows[name] = time_calls(lambda model=model: model.detect(image),
                                    args.runs * args.rounds)
            counts[name] = len(model.detect(image)[0])

    print(f"1280x720 China photo + 3 pasted astronaut faces; torch {torch.__version__}, "
          f"{args.threads} threads, {args.rounds}x{args.runs} timed calls per row\n")
    print("| detector | median ms | min ms | faces |\n| --- | ---: | ---: | ---: |")
    for name, times in rows.items():
        print(f"| {name} | {np.median(times) * 1000:.1f} | {min(times) * 1000:.1f} "
              f"| {counts[name]} |")
    record("MTCNN", float(np.median(rows["cvlab MTCNN"])), "facenet-pytorch 2.6.0",
           float(np.median(rows["facenet-pytorch 2.6.0 MTCNN"])), "1280×720, median")
    print("\nours vs facenet-pytorch, boxes matched by best IoU:")
    for box, score in zip(boxes, scores):
        best = max((iou(box, b) for b in their_boxes), default=0.0)
        print(f"  ours {[round(float(v), 1) for v in box]} score {score:.5f}  best IoU {best:.3f}")
    for box, score in zip(their_boxes, theirs["scores"]):
        print(f"  facenet {np.round(box, 1).tolist()} score {score:.5f}")


if __name__ == "__main__":
    main()
