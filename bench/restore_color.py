"""Benchmark: colourising gray photos, ours beside the baselines, one run.

    python bench/restore_color.py [--fraction 0.01] [--threads 1]

Each test photo (tests/data/photos, never trained on and never used to choose anything)
is made gray (Lab with a = b = 0, same L) and colourised back by:
- gray: nothing (ab = 0), the trivial baseline;
- ColorMobileNet: the network trained here (catalogue entry colorize_net), at its default
  strength (chosen on the held-out training-side photos);
- Levin (oracle): Levin, Lischinski & Weiss 2004 with scribbles taken from the TRUE colours at
  a random --fraction of the pixels (default 1 %). An oracle setting (a user who paints the
  exact colours everywhere, sparsely): an upper bound for scribbles, not a fair comparison
  with the automatic methods;
- Zhang ECCV16 / SIGGRAPH17 (no hints): only when their files have been fetched
  (`cvlab weights fetch zhang_eccv16`), else "not fetched".
Reported: mean ΔE2000 and ΔE76 against the original colours, and each method's time on one
1024×768 photo (the china photo resized), a single run after a warm-up of the network.
A second table gives gray and ours on the held-out training-side photos
(cvlab.core.training_photos.held_out_photos(): they chose the checkpoint and the strength,
so they are not a test; --no-held-out skips it).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PHOTOS = REPO / "tests" / "data" / "photos"
OURS = "ColorMobileNet (ours)"


def load_photos() -> dict[str, np.ndarray]:
    from PIL import Image

    return {p.name: np.asarray(Image.open(p).convert("RGB")) for p in sorted(PHOTOS.iterdir())
            if p.suffix.lower() in (".jpg", ".jpeg", ".png")}


def methods(fraction: float) -> dict:
    """name -> callable(gray, truth) -> rgb, or a string saying why it is unavailable."""
    from cvlab.core.weights.loading import WeightsCorruptError, WeightsMissingError
    from cvlab.tools.restore.colorize_levin import colorize_scribbles, oracle_scribbles
    from cvlab.tools.restore.colorize_net import colorize_net, load_colorize_net
    from cvlab.tools.restore.zhang import colorize_zhang, load_zhang

    found = {"gray": lambda gray, truth: gray}
    net = load_colorize_net("cpu")
    found[OURS] = lambda gray, truth: colorize_net(net, gray)

    def levin(gray, truth):
        scribbles, mask = oracle_scribbles(truth, fraction, seed=0)
        return colorize_scribbles(gray, scribbles, mask)

    found[f"Levin (oracle {100 * fraction:g} %)"] = levin
    for name, label in (("zhang_eccv16", "Zhang ECCV16"), ("zhang_siggraph17", "Zhang SIG17")):
        try:
            model = load_zhang(name, "cpu")
        except (WeightsMissingError, WeightsCorruptError) as exc:
            found[label] = "not fetched" if isinstance(exc, WeightsMissingError) else "corrupt"
            continue
        found[label] = (lambda m: lambda gray, truth: colorize_zhang(m, gray))(model)
    return found


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=0.01)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--no-held-out", action="store_true")
    args = parser.parse_args(argv)
    import torch
    from PIL import Image

    from cvlab.tools.restore import color

    torch.set_num_threads(args.threads)
    photos = load_photos()
    found = methods(args.fraction)
    scores: dict[str, dict[str, dict[str, float]]] = {}
    for method, run in found.items():
        if isinstance(run, str):
            continue
        scores[method] = {}
        for name, truth in photos.items():
            scores[method][name] = color.mean_delta_e(run(color.desaturate(truth), truth), truth)

    big = np.asarray(Image.fromarray(photos.get("sklearn_china.jpg",
                                                next(iter(photos.values()))))
                     .resize((1024, 768), Image.Resampling.BICUBIC))
    big_gray = color.desaturate(big)
    times = {}
    for method, run in found.items():
        if isinstance(run, str):
            continue
        run(big_gray[:64, :64], big[:64, :64])  # warm-up
        started = time.perf_counter()
        run(big_gray, big)
        times[method] = time.perf_counter() - started

    names = list(photos)
    print(f"Mean ΔE2000 / ΔE76 vs the original colours (photos made gray; torch threads "
          f"{args.threads})\n")
    print("| method | " + " | ".join(names) + " | **mean** | time 1024×768 |")
    print("|" + " --- |" * (len(names) + 3))
    for method, run in found.items():
        if isinstance(run, str):
            print(f"| {method} | " + " | ".join([run] * (len(names) + 1)) + " | — |")
            continue
        cells = [f"{scores[method][n]['ciede2000']:.2f} / {scores[method][n]['cie76']:.2f}"
                 for n in names]
        m2000 = np.mean([scores[method][n]["ciede2000"] for n in names])
        m76 = np.mean([scores[method][n]["cie76"] for n in names])
        print(f"| {method} | " + " | ".join(cells) + f" | **{m2000:.2f} / {m76:.2f}** | "
              f"{times[method]:.2f} s |")
    if not args.no_held_out:
        held_out_table({"gray": found["gray"], OURS: found[OURS]})


def held_out_table(found: dict) -> None:
    """Gray vs ours on the held-out training-side photos (which chose checkpoint and strength)."""
    from cvlab.core.training_photos import held_out_photos
    from cvlab.tools.restore import color

    try:
        photos = held_out_photos()
    except FileNotFoundError as exc:  # the training photos are optional (make training-data)
        print(f"\nHeld-out photos: not installed ({exc})")
        return
    names = list(photos)
    print("\nHeld-out training-side photos (chose the checkpoint and the strength; not a test)\n")
    print("| method | " + " | ".join(names) + " | **mean** |")
    print("|" + " --- |" * (len(names) + 2))
    for method, run in found.items():
        scores = {n: color.mean_delta_e(run(color.desaturate(p), p), p) for n, p in photos.items()}
        cells = [f"{scores[n]['ciede2000']:.2f} / {scores[n]['cie76']:.2f}" for n in names]
        m2000 = np.mean([scores[n]["ciede2000"] for n in names])
        m76 = np.mean([scores[n]["cie76"] for n in names])
        print(f"| {method} | " + " | ".join(cells) + f" | **{m2000:.2f} / {m76:.2f}** |")


if __name__ == "__main__":
    main()
