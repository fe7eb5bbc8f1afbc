"""Benchmark: the Training tab's claims (issue 19), measured in one seeded run.

    PYTHONPATH=$PWD python bench/training_demos.py [--quick] [--threads N]

1. Overfitting: the "fit" demo on the two moons with little data (40 points, half held
   out, noise 0.3) and a big MLP (3 × 128 ReLU units, 300 epochs of Adam): training vs
   validation accuracy and their gap, then each remedy alone (weight decay 0.01 and 0.1,
   dropout 0.5 and 0.7, early stopping with patience 30). Means over seeds 0-9 (--quick:
   0-3), because 20 validation points make one seed's accuracy move in steps of 5 %.
2. The effect of data size: the same model, no remedy, at 40 / 100 / 300 / 1000 points.
3. Vanishing gradients: the "vanishing" demo at depth 20 (width 32): the first and last
   layer's gradient norm at the first step and averaged over the run, and the final loss,
   for sigmoid, ReLU and ReLU with residual connections.
4. Plain vs residual: the "digits" demo (8×8 digits, 16 channels, SGD with momentum, lr
   0.01, 20 epochs) at 8 and 20 convolution layers: the final training loss (and its mean
   over the last 3 epochs, less noisy), training and validation accuracy, seconds. Seeds
   0, 1, 2 (--quick: 0).

Every number comes from the same engine as the tab and `cvlab train`; the seeds make the
run repeatable on one machine (thread counts change float rounding, so use --threads).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from cvlab.tools.training.demos import checked_options, find_demo  # noqa: E402
from cvlab.tools.training.live import LiveRun  # noqa: E402

OVERFIT = dict(dataset="moons", samples=40, validation=0.5, noise=0.3, hidden=128, layers=3,
               epochs=300, learning_rate=0.01)
REMEDIES = [("none", {}), ("weight decay 0.01", {"weight_decay": 0.01}),
            ("weight decay 0.1", {"weight_decay": 0.1}), ("dropout 0.5", {"dropout": 0.5}),
            ("dropout 0.7", {"dropout": 0.7}),
            ("early stopping (patience 30)", {"early_stopping": True, "patience": 30})]
SIZES = (40, 100, 300, 1000)


def run(demo_name: str, options: dict, seed: int) -> tuple[dict, LiveRun, float]:
    demo = find_demo(demo_name)
    live = LiveRun()
    start = time.perf_counter()
    final = demo.run(checked_options(demo, options), seed, live, lambda: False)
    return final, live, time.perf_counter() - start


def mean_of(seeds, demo: str, options: dict, keys: tuple[str, ...]) -> dict:
    finals = [run(demo, options, seed)[0] for seed in seeds]
    return {key: statistics.fmean(f[key] for f in finals) for key in keys}


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    for row in [header, *rows]:
        print("  ".join(cell.rjust(w) if i else cell.ljust(w)
                        for i, (cell, w) in enumerate(zip(row, widths))))


def overfitting(seeds) -> None:
    keys = ("train_acc", "val_acc", "gap")
    rows = []
    for name, extra in REMEDIES:
        m = mean_of(seeds, "fit", {**OVERFIT, **extra}, keys)
        rows.append([name, f"{m['train_acc']:.3f}", f"{m['val_acc']:.3f}", f"{m['gap']:+.3f}"])
    table(f"1. Overfitting: moons, 40 points (20 held out), MLP 3×128, mean of "
          f"{len(seeds)} seeds", ["remedy", "train acc", "val acc", "gap"], rows)


def data_size(seeds) -> None:
    rows = []
    for samples in SIZES:
        m = mean_of(seeds, "fit", {**OVERFIT, "samples": samples},
                    ("train_acc", "val_acc", "gap"))
        rows.append([str(samples), f"{m['train_acc']:.3f}", f"{m['val_acc']:.3f}",
                     f"{m['gap']:+.3f}"])
    table(f"2. Data size: the same MLP, no remedy, half held out, mean of {len(seeds)} seeds",
          ["points", "train acc", "val acc", "gap"], rows)


def vanishing(epochs: int) -> None:
    rows = []
    for activation in ("sigmoid", "relu", "residual"):
        final, _, seconds = run("vanishing", dict(activation=activation, depth=20, width=32,
                                                  epochs=epochs), 0)
        rows.append([activation, f"{final['initial_grad_norm_first_layer']:.2e}",
                     f"{final['initial_grad_norm_last_layer']:.2e}",
                     f"{final['grad_norm_first_layer']:.2e}",
                     f"{final['grad_norm_last_layer']:.2e}", f"{final['train_loss']:.4f}",
                     f"{seconds:.1f}"])
    table(f"3. Vanishing gradients: depth 20, width 32, {epochs} epochs, seed 0",
          ["activation", "first@step1", "last@step1", "first mean", "last mean",
           "final loss", "s"], rows)


def plain_vs_residual(seeds, epochs: int) -> None:
    rows = []
    for depth in (8, 20):
        for residual in (False, True):
            finals, tails, times = [], [], []
            for seed in seeds:
                final, live, seconds = run("digits", dict(depth=depth, residual=residual,
                                                          epochs=epochs), seed)
                finals.append(final)
                tails.append(statistics.fmean(live.curve("train_loss")[1][-3:]))
                times.append(seconds)
            rows.append([f"{depth} {'residual' if residual else 'plain'}",
                         " ".join(f"{f['train_loss']:.3f}" for f in finals),
                         f"{statistics.fmean(tails):.3f}",
                         f"{statistics.fmean(f['train_acc'] for f in finals):.3f}",
                         f"{statistics.fmean(f['val_acc'] for f in finals):.3f}",
                         f"{statistics.fmean(times):.0f}"])
    table(f"4. Plain vs residual CNN, 8×8 digits, {epochs} epochs, seeds "
          f"{', '.join(map(str, seeds))}",
          ["layers", "final train loss (per seed)", "last-3 mean", "train acc", "val acc",
           "s/run"], rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer seeds and epochs")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    start = time.perf_counter()
    fit_seeds = range(4) if args.quick else range(10)
    overfitting(fit_seeds)
    data_size(fit_seeds)
    vanishing(100 if args.quick else 300)
    plain_vs_residual((0,) if args.quick else (0, 1, 2), 20)
    print(f"\n{time.perf_counter() - start:.0f} s in all, {args.threads} torch thread(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
