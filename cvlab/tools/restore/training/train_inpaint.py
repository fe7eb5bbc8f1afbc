"""Train ``inpaint_net`` (a refinement U-Net over Telea, Navier-Stokes and a pyramid fill).

    python -m cvlab.tools.restore.training.train_inpaint --minutes 40 --out weights/inpaint_net/

Random crops of the offline training photos (cvlab.core.training_photos, with the extra
packages), holes of the bench's three kinds (cvlab.tools.restore.holes.make_mask: scratches,
blobs, box) drawn on a virtual photo of the bench's size and cut to the crop, OpenCV's Telea
and Navier-Stokes fills of each crop computed on the fly. Loss: MSE inside the hole (PSNR
is what is judged) + 0.1 x L1 inside the hole, per crop; Adam with a cosine learning rate over the
wall-clock budget. Every few minutes the model is scored on the held-out photos
(cvlab.core.training_photos.held_out_photos, never trained on) with the bench's mask kinds,
and the best checkpoint by mean hole PSNR is kept. ``--evaluate-only`` scores the saved
weights on the validation photos exactly as bench/restore_inpaint.py does (same photos,
scaling, masks and metrics); ``--write-card`` then writes the model card.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import time
from pathlib import Path

import cv2
import numpy as np
import torch

from cvlab.core.training_runs import (
    cosine_lr,
    hardware_text,
    optimiser_step,
    set_lr,
    start_run,
    write_log,
)
from cvlab.core.training_runs import write_weights as core_write_weights
from cvlab.tools.restore.holes import make_mask
from cvlab.tools.restore.inpaint_net import inpaint_net, network_inputs, smooth_fill
from cvlab.tools.restore.inpaint_refine import (
    InpaintRefineNet,
    classical_fills,
    model_metadata,
    refine_net_from_state_dict,
)

REPO = Path(__file__).resolve().parents[4]
BENCH_KINDS = {"scratches": 0.03, "blobs": 0.10, "box": 0.05}  # bench/restore_inpaint.py
FRACTIONS = {"scratches": (0.015, 0.06), "blobs": (0.04, 0.18), "box": (0.02, 0.12)}
VIRTUAL_SIDE = (256, 640)  # long side of the virtual photo a training mask is drawn on


def psnr_in(result: np.ndarray, truth: np.ndarray, mask: np.ndarray) -> float:
    """The bench's PSNR inside the mask (8-bit RGB)."""
    diff = result.astype(np.float64)[mask] - truth.astype(np.float64)[mask]
    mse = float(np.mean(diff ** 2))
    return float("inf") if mse == 0 else 10.0 * np.log10(255.0 ** 2 / mse)


# ----- training data -----------------------------------------------------------------------

def training_mask(patch: int, rng: np.random.Generator) -> np.ndarray:
    """A (patch, patch) float32 hole (1 = hole): a bench-kind mask drawn on a virtual photo
    whose long side is 256-640 px (so holes have the bench's widths in pixels), fraction
    drawn around the bench's, and a window of it that holds at least 1 % of hole."""
    kind = str(rng.choice(list(BENCH_KINDS)))
    long_side = int(rng.integers(VIRTUAL_SIDE[0], VIRTUAL_SIDE[1] + 1))
    short_side = max(patch, round(long_side * rng.uniform(0.6, 1.0)))
    shape = (long_side, short_side) if rng.random() < 0.5 else (short_side, long_side)
    big = make_mask(kind, shape, seed=int(rng.integers(2 ** 31)),
                    fraction=float(rng.uniform(*FRACTIONS[kind])))
    window = big[:patch, :patch]
    for _ in range(30):
        y = int(rng.integers(0, shape[0] - patch + 1))
        x = int(rng.integers(0, shape[1] - patch + 1))
        window = big[y:y + patch, x:x + patch]
        if 0.01 <= window.mean() <= 0.7:
            break
    if not window.any():
        window = window.copy()
        window[patch // 3:patch // 2, patch // 3:patch // 2] = True
    return window.astype(np.float32)


class CropSampler:
    def __init__(self, sources, patch: int, rng: np.random.Generator):
        self.images = [s.image for s in sources if min(s.image.shape[:2]) >= patch]
        self.patch = patch
        self.rng = rng

    def batch(self, n: int):
        """(images in [-1,1], masks, Telea+NS fills in [-1,1]) tensors of n crops."""
        p, rng = self.patch, self.rng
        crops, masks, fills = [], [], []
        for _ in range(n):
            img = self.images[int(rng.integers(len(self.images)))]
            y = int(rng.integers(0, img.shape[0] - p + 1))
            x = int(rng.integers(0, img.shape[1] - p + 1))
            crop = img[y:y + p, x:x + p]
            if rng.random() < 0.5:
                crop = crop[:, ::-1]
            crop = np.ascontiguousarray(np.rot90(crop, int(rng.integers(4))))
            mask = training_mask(p, rng)
            damaged = crop.copy()
            damaged[mask > 0] = 0
            crops.append(crop)
            masks.append(mask)
            fills.append(classical_fills(damaged, mask > 0))
        return (_tensor(crops), torch.from_numpy(np.stack(masks))[:, None], _tensor(fills))


def _tensor(arrays: list[np.ndarray]) -> torch.Tensor:
    """(H,W,C) uint8 arrays -> (N,C,H,W) float in [-1, 1]."""
    return torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).float() / 127.5 - 1


def inpaint_loss(pred, target, mask, l1_weight=0.1):
    """(MSE + l1_weight x L1) over each crop's hole pixels, averaged over the crops (every
    crop counts the same, as every photo does in the bench's mean), and the MSE alone."""
    n = mask.sum(dim=(1, 2, 3)) * 3 + 1e-6
    diff = (pred - target) * mask
    mse = ((diff ** 2).sum(dim=(1, 2, 3)) / n).mean()
    return mse + l1_weight * (diff.abs().sum(dim=(1, 2, 3)) / n).mean(), mse


# ----- held-out evaluation (checkpoint selection) ------------------------------------------

class HeldOut:
    """The held-out photos (long side 512, as the bench) with one bench mask per kind
    (seed = photo index), their network inputs precomputed."""

    def __init__(self, max_side: int = 512):
        from cvlab.core.training_photos import held_out_photos

        self.cases = []
        for index, photo in enumerate(held_out_photos(max_side).values()):
            for kind, fraction in BENCH_KINDS.items():
                mask = make_mask(kind, photo.shape, seed=index, fraction=fraction)
                inputs = network_inputs(photo.astype(np.float32) / 255, mask)
                self.cases.append((kind, photo, mask, inputs))

    @torch.no_grad()
    def score(self, model) -> dict[str, float]:
        """{kind: mean PSNR in the hole}, plus "mean" over the kinds."""
        was_training = model.training
        model.eval()
        scores = {kind: [] for kind in BENCH_KINDS}
        for kind, photo, mask, inputs in self.cases:
            h, w = mask.shape
            y = model(*inputs)[0, :, :h, :w].permute(1, 2, 0).numpy()
            out = photo.copy()
            out[mask] = np.rint(np.clip((y + 1) * 127.5, 0, 255)).astype(np.uint8)[mask]
            scores[kind].append(psnr_in(out, photo, mask))
        model.train(was_training)
        result = {kind: float(np.mean(v)) for kind, v in scores.items()}
        result["mean"] = float(np.mean(list(result.values())))
        return result

    def baselines(self) -> dict[str, dict[str, float]]:
        """Telea, Navier-Stokes and the pyramid fill alone on the same cases."""
        table = {}
        for index, name in enumerate(("telea", "ns", "smooth")):
            scores = {kind: [] for kind in BENCH_KINDS}
            for kind, photo, mask, (x, m, fills) in self.cases:
                h, w = mask.shape
                y = fills[:, 3 * index:3 * index + 3] if index < 2 else smooth_fill(x, m)
                y = y[0, :, :h, :w].permute(1, 2, 0).numpy()
                out = photo.copy()
                out[mask] = np.rint(np.clip((y + 1) * 127.5, 0, 255)).astype(np.uint8)[mask]
                scores[kind].append(psnr_in(out, photo, mask))
            table[name] = {kind: float(np.mean(v)) for kind, v in scores.items()}
        return table


def fmt(scores: dict[str, float]) -> str:
    return " ".join(f"{k} {v:.2f}" for k, v in scores.items())


# ----- validation exactly as the bench -----------------------------------------------------

def bench_module():
    spec = importlib.util.spec_from_file_location("restore_inpaint_bench",
                                                  REPO / "bench" / "restore_inpaint.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bench_table(model, max_side: int = 512) -> tuple[dict, dict]:
    """{method: {kind: (PSNR, SSIM)}} on the validation photos, the bench's way (its own
    photo loader, masks, metrics and classical calls), and {kind: mean coverage}."""
    from cvlab.tools.restore.inpaint_classical import CLASSICAL, inpaint

    bench = bench_module()
    methods = {"ours": lambda im, m: inpaint_net(model, im, m),
               "blend at step 0": lambda im, m: inpaint_net(InpaintRefineNet().eval(), im, m)}
    for key, label in CLASSICAL.items():
        methods[label] = lambda im, m, key=key: inpaint(im, m, key)
    methods["mean colour"] = bench.mean_color
    scores = {label: {kind: [] for kind in bench.KINDS} for label in methods}
    cover = {kind: [] for kind in bench.KINDS}
    for index, image in enumerate(bench.load_photos(max_side).values()):
        for kind, fraction in bench.KINDS.items():
            mask = make_mask(kind, image.shape, seed=index, fraction=fraction)
            cover[kind].append(mask.mean())
            for label, fn in methods.items():
                out = fn(image, mask)
                scores[label][kind].append((bench.psnr_in(out, image, mask),
                                            bench.ssim_in(out, image, mask)))
    table = {label: {k: tuple(np.mean(v, axis=0).tolist()) for k, v in row.items()}
             for label, row in scores.items()}
    return table, {k: float(np.mean(v)) for k, v in cover.items()}


def table_markdown(table: dict, cover: dict) -> str:
    kinds = list(cover)
    lines = ["| method | " + " | ".join(f"{k} ({100 * cover[k]:.0f} %) PSNR / SSIM"
                                        for k in kinds) + " |",
             "|" + " --- |" * (len(kinds) + 1)]
    best = {k: max(table, key=lambda m: table[m][k][0]) for k in kinds}
    for label, row in table.items():
        cells = [f"{row[k][0]:.2f} / {row[k][1]:.3f}" for k in kinds]
        cells = [f"**{c}**" if best[k] == label else c for c, k in zip(cells, kinds)]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ----- training ----------------------------------------------------------------------------

def write_weights(path: Path, model: InpaintRefineNet, step: int, held_out: float) -> None:
    core_write_weights(path, model, {**model_metadata(model), "step": str(step),
                                     "held_out_psnr": f"{held_out:.3f}"})


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=40.0, help="wall-clock budget")
    parser.add_argument("--out", type=Path, default=Path("weights/inpaint_net"))
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--patch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--log-every", type=int, default=50, help="steps per log row")
    parser.add_argument("--eval-minutes", type=float, default=3.0,
                        help="held-out scoring (checkpoint selection) interval")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--evaluate-only", action="store_true",
                        help="score out/model.safetensors as the bench does; no training")
    parser.add_argument("--write-card", action="store_true",
                        help="with --evaluate-only: also write out/model_card.md")
    return parser.parse_args(argv)


def load_saved(path: Path) -> tuple[InpaintRefineNet, dict]:
    from safetensors import safe_open

    from cvlab.core.weights.loading import load_state_file

    with safe_open(str(path), framework="pt") as fh:
        metadata = fh.metadata() or {}
    return refine_net_from_state_dict(load_state_file(path), metadata), metadata


def evaluate_saved(args) -> None:
    from cvlab.core.fileio import atomic_write

    model, metadata = load_saved(args.out / "model.safetensors")
    table, cover = bench_table(model)
    print(table_markdown(table, cover))
    if args.write_card:
        from cvlab.tools.restore.training.inpaint_card import card_text

        with open(args.out / "training_log.csv", newline="") as fh:
            rows = list(csv.DictReader(fh))
        with open(args.out / "held_out_log.csv", newline="") as fh:
            evals = list(csv.DictReader(fh))
        text = card_text(args, model, metadata, rows, evals, table_markdown(table, cover),
                         table)
        with atomic_write(args.out / "model_card.md", "w") as fh:
            fh.write(text)


def main(argv=None) -> None:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(1)
    if args.evaluate_only:
        return evaluate_saved(args)
    from cvlab.core.training_photos import training_sources

    rng, started, budget_s = start_run(args.seed, args.minutes)
    sampler = CropSampler(training_sources(extra=True), args.patch, rng)
    held_out = HeldOut()
    print(f"{len(sampler.images)} training images, {len(held_out.cases)} held-out cases ready "
          f"in {time.monotonic() - started:.0f}s", flush=True)
    for name, scores in held_out.baselines().items():
        print(f"held-out {name}: {fmt(scores)}", flush=True)
    model = InpaintRefineNet()
    print(f"{sum(p.numel() for p in model.parameters()):,} parameters", flush=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.99))
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    evals: list[dict] = []
    best = -1.0

    def evaluate(step: int) -> None:
        nonlocal best
        scores = held_out.score(model)
        evals.append({"step": step, **{k: f"{v:.3f}" for k, v in scores.items()},
                      "elapsed_s": round(time.monotonic() - started, 1)})
        write_log(args.out / "held_out_log.csv", evals)
        kept = scores["mean"] > best
        if kept:
            best = scores["mean"]
            write_weights(args.out / "model.safetensors", model, step, best)
        print(f"held-out step {step}: {fmt(scores)}{'  (kept)' if kept else ''}", flush=True)

    evaluate(0)
    step, loss_sum, mse_sum, count = 0, 0.0, 0.0, 0
    train_started = time.monotonic()
    next_eval = args.eval_minutes * 60
    lr = args.lr
    while time.monotonic() - started < budget_s:
        lr = cosine_lr(args.lr, (time.monotonic() - train_started) / (budget_s - (
            train_started - started)), floor=0.03)
        set_lr(lr, optimizer)
        images, masks, fills = sampler.batch(args.batch)
        pred = model(images * (1 - masks), masks, fills)
        loss, mse = inpaint_loss(pred, images, masks)
        optimiser_step(optimizer, loss, clip_norm=1.0)
        step += 1
        loss_sum += loss.item()
        mse_sum += mse.item()
        count += 1
        if step % args.log_every == 0:
            rows.append({"step": step, "loss": f"{loss_sum / count:.5f}",
                         "hole_mse": f"{mse_sum / count:.5f}", "lr": f"{lr:.3g}",
                         "elapsed_s": round(time.monotonic() - started, 1)})
            loss_sum, mse_sum, count = 0.0, 0.0, 0
            print(rows[-1], flush=True)
            write_log(args.out / "training_log.csv", rows)
        if time.monotonic() - started >= next_eval:
            evaluate(step)
            next_eval += args.eval_minutes * 60
    if count:
        rows.append({"step": step, "loss": f"{loss_sum / count:.5f}",
                     "hole_mse": f"{mse_sum / count:.5f}", "lr": f"{lr:.3g}",
                     "elapsed_s": round(time.monotonic() - started, 1)})
        write_log(args.out / "training_log.csv", rows)
    if evals[-1]["step"] != step:
        evaluate(step)
    print(f"done: {step} steps in {(time.monotonic() - started) / 60:.1f} min, best held-out "
          f"mean {best:.3f} dB; {hardware_text()}", flush=True)


if __name__ == "__main__":
    main()
