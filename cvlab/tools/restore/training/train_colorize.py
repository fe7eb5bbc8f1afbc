"""Train the colouriser (frozen ImageNet MobileNetV2 encoder + small decoder: L -> ab) for a
wall-clock budget, on the CPU.

    python -m cvlab.tools.restore.training.train_colorize --minutes 40 --out weights/colorize_net

Data: random 128/160 px crops of the offline training photos
(cvlab.core.training_photos.training_sources(extra=True)), made gray by dropping ab; random
horizontal flips. Loss: the mean Euclidean ab error (see LOSS_TEXT), i.e. ΔE76 with L fixed.
The learning rate follows a cosine over the time budget. Every few minutes the model is scored
on the HELD-OUT training-side photos (training_photos.held_out_photos(), never trained on):
they pick the checkpoint and, after training, the default strength. The test photos
(tests/data/photos) are only measured once at the end, for the model card.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
from skimage.color import rgb2lab

from cvlab.core.fileio import atomic_write
from cvlab.core.training_photos import held_out_photos, training_sources
from cvlab.core.training_runs import (
    cosine_lr,
    optimiser_step,
    set_lr,
    start_run,
    write_log,
    write_weights,
)
from cvlab.core.training_runs import validation_photos as photos_in
from cvlab.tools.restore import color
from cvlab.tools.restore.colorize_net import (
    ARCHITECTURE,
    ColorMobileNet,
    colorize_net,
    load_imagenet_encoder,
)

TEST_DIR = Path(__file__).resolve().parents[4] / "tests" / "data" / "photos"
STRENGTHS = tuple(round(0.5 + 0.1 * i, 1) for i in range(8))  # 0.5 ... 1.2
CROP_SIZES = (128, 160)


class Scorer:
    """Mean ΔE76 / ΔE2000 of the gray baseline (ab = 0, computed once) and of a model, on a
    set of photos."""

    def __init__(self, photos: dict[str, np.ndarray]):
        self.photos = photos
        self.gray = {n: color.desaturate(p) for n, p in photos.items()}
        self.baseline = {n: color.mean_delta_e(self.gray[n], p) for n, p in photos.items()}

    def evaluate(self, model, chroma_scale: float | None = None) -> dict[str, dict[str, float]]:
        return {n: color.mean_delta_e(colorize_net(model, self.gray[n],
                                                    chroma_scale=chroma_scale), p)
                for n, p in self.photos.items()}

    @staticmethod
    def mean(scores: dict[str, dict[str, float]], metric: str = "ciede2000") -> float:
        return float(np.mean([s[metric] for s in scores.values()]))


def build_pool(size: int, patch: int, seed: int,
               gray_keep: float = 1.0) -> tuple[np.ndarray, list[str]]:
    """``size`` random crops (uint8, N×patch×patch×3); nearly colourless crops (mean chroma
    < 4) are kept with probability ``gray_keep`` (1: the photos' own mix, which is what a
    ΔE-minimising colouriser should learn)."""
    rng = np.random.default_rng(seed)
    sources = [s for s in training_sources(extra=True) if min(s.image.shape[:2]) >= patch]
    pool = np.empty((size, patch, patch, 3), np.uint8)
    count = 0
    while count < size:
        image = sources[rng.integers(len(sources))].image
        y = rng.integers(image.shape[0] - patch + 1)
        x = rng.integers(image.shape[1] - patch + 1)
        crop = image[y:y + patch, x:x + patch]
        chroma = np.hypot(*np.moveaxis(rgb2lab(crop[::4, ::4])[..., 1:], 2, 0)).mean()
        if chroma < 4.0 and rng.random() > gray_keep:
            continue
        pool[count] = crop
        count += 1
    return pool, [s.name for s in sources]


def sample_batch(pool: np.ndarray, batch: int, rng) -> tuple[torch.Tensor, torch.Tensor]:
    """(L (N,1,s,s) 0..100, ab/110 (N,2,s,s)) for random s×s crops of pool items."""
    size = int(rng.choice(CROP_SIZES))
    y, x = rng.integers(pool.shape[1] - size + 1, size=2)
    crops = pool[rng.integers(len(pool), size=batch), y:y + size, x:x + size]
    if rng.random() < 0.5:
        crops = crops[:, :, ::-1]
    lab = rgb2lab(np.ascontiguousarray(crops)).astype(np.float32)
    light = torch.from_numpy(lab[..., 0])[:, None]
    ab = torch.from_numpy(lab[..., 1:] / color.AB_SCALE).permute(0, 3, 1, 2)
    return light.contiguous(), ab.contiguous()


LOSS_TEXT = (
    "the mean Euclidean ab error, mean(sqrt(|ab_pred - ab_true|^2 + 1)) in Lab units, computed "
    "at the crop's full resolution after up-sampling the half-resolution prediction. With L "
    "fixed this is ΔE76 (the +1 only smooths the minimum); it is minimised by the per-pixel "
    "geometric median of the plausible colours, so uncertain pixels stay near gray rather than "
    "taking a wrong vivid colour. No chroma-boost or class-rebalancing term: they trade ΔE for "
    "vividness, and ΔE is what is measured.")


def loss_fn(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    pred = torch.nn.functional.interpolate(pred, size=target.shape[2:], mode="bilinear",
                                           align_corners=False)
    err = (pred - target) * color.AB_SCALE
    return torch.sqrt((err ** 2).sum(dim=1) + 1.0).mean()


def calibrate(model, scorer: Scorer,
              strengths: tuple[float, ...] = STRENGTHS) -> tuple[float, dict[float, float]]:
    """The chroma scale in ``strengths`` with the lowest mean ΔE2000 on ``scorer``'s photos."""
    table = {}
    for s in strengths:
        table[s] = Scorer.mean(scorer.evaluate(model, chroma_scale=s))
        print(f"strength {s}: held-out mean ΔE2000 {table[s]:.3f}", flush=True)
    return min(table, key=table.get), table


def write_bytes(path: Path, data: bytes | str) -> None:
    with atomic_write(path, "w" if isinstance(data, str) else "wb") as fh:
        fh.write(data)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=40.0, help="wall-clock budget")
    parser.add_argument("--out", type=Path, default=Path("weights/colorize_net"))
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--patch", type=int, default=176)
    parser.add_argument("--pool-size", type=int, default=4000)
    parser.add_argument("--lr", type=float, default=1.5e-3)
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--gray-keep", type=float, default=1.0)
    parser.add_argument("--dropout", type=float, default=0.25)
    parser.add_argument("--weight-decay", type=float, default=0.01)
    parser.add_argument("--eval-minutes", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--card-only", action="store_true",
                        help="only rewrite the model card from the existing weights file")
    parser.add_argument("--recalibrate", type=float, nargs="+", metavar="S",
                        help="only re-choose the default strength among these on the held-out "
                             "photos (existing weights file), then rewrite the card")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.card_only or args.recalibrate:
        if args.recalibrate:
            recalibrate(args.out, tuple(args.recalibrate))
        write_card(args.out)
        return
    rng, started, budget_s = start_run(args.seed, args.minutes)
    pool, source_names = build_pool(args.pool_size, args.patch, args.seed, args.gray_keep)
    held = Scorer(held_out_photos())
    print(f"pool {pool.shape} from {len(source_names)} sources in "
          f"{time.monotonic() - started:.0f}s; held-out gray mean ΔE2000 "
          f"{Scorer.mean(held.baseline):.3f}", flush=True)

    model = ColorMobileNet(args.width, args.dropout)
    load_imagenet_encoder(model)
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    params = (sum(p.numel() for p in model.parameters()), sum(p.numel() for p in trainable))
    optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=args.weight_decay)
    args.out.mkdir(parents=True, exist_ok=True)
    weights_path = args.out / "model.safetensors"
    best = {"de": float("inf"), "step": 0, "scores": held.baseline}
    rows: list[dict] = []
    step, loss_sum, loss_count = 0, 0.0, 0
    next_eval = time.monotonic() - started + args.eval_minutes * 60
    train_started = time.monotonic()
    train_budget = budget_s - (train_started - started)
    while True:
        elapsed = time.monotonic() - started
        done = elapsed >= budget_s
        if elapsed >= next_eval or done:
            scores = held.evaluate(model, chroma_scale=1.0)
            mean_de = Scorer.mean(scores)
            improved = mean_de < best["de"]
            rows.append({"step": step, "elapsed_s": round(elapsed, 1),
                         "lr": f"{optimizer.param_groups[0]['lr']:.3g}",
                         "train_loss_de76": f"{loss_sum / max(loss_count, 1):.4f}",
                         "heldout_de76": f"{Scorer.mean(scores, 'cie76'):.3f}",
                         "heldout_de2000": f"{mean_de:.3f}", "saved": int(improved)})
            loss_sum, loss_count = 0.0, 0
            print(rows[-1], flush=True)
            if improved:
                best.update(de=mean_de, step=step, scores=scores)
                write_weights(weights_path, model, {"architecture": ARCHITECTURE,
                                                    "step": str(step), "default_strength": "1.0"})
            write_log(args.out / "training_log.csv", rows)
            next_eval += args.eval_minutes * 60
            model.train()
            if done:
                break
        set_lr(cosine_lr(args.lr, (time.monotonic() - train_started) / train_budget,
                         floor=0.03), optimizer)
        light, ab = sample_batch(pool, args.batch, rng)
        loss = loss_fn(model(light), ab)
        optimiser_step(optimizer, loss)
        step += 1
        loss_sum += loss.item()
        loss_count += 1
        if step % 50 == 0:
            print(f"step {step} {time.monotonic() - started:.0f}s loss {loss.item():.3f}",
                  flush=True)
    train_wall = time.monotonic() - started
    finish(args, model, weights_path, held, best, step, train_wall, params, source_names)


def finish(args, model, weights_path, held, best, steps, train_wall, params, source_names):
    """Reload the best checkpoint, calibrate its strength on the held-out photos and store it
    (with the run's facts) in the file's metadata, then write the card."""
    from safetensors.torch import load_file

    model.load_state_dict(load_file(str(weights_path)), strict=True)
    model.eval()
    strength, table = calibrate(model, held)
    run = {"step": best["step"], "steps": steps, "wall_minutes": round(train_wall / 60, 1),
           "params": params[0], "trainable": params[1], "sources": len(source_names),
           "strengths": {f"{k:g}": round(v, 3) for k, v in table.items()},
           "batch": args.batch, "lr": args.lr, "pool": args.pool_size, "patch": args.patch,
           "eval_minutes": args.eval_minutes, "threads": args.threads,
           "gray_keep": args.gray_keep, "dropout": args.dropout,
           "weight_decay": args.weight_decay}
    write_weights(weights_path, model, {"architecture": ARCHITECTURE, "step": str(best["step"]),
                                        "default_strength": f"{strength:g}",
                                        "width": str(args.width), "run": json.dumps(run)})
    print(f"done: {steps} steps, best step {best['step']}, strength {strength}", flush=True)
    write_card(args.out)


def load_run(out: Path):
    """(model, metadata) from ``out``/model.safetensors."""
    from safetensors import safe_open

    from cvlab.tools.restore.colorize_net import colorize_net_from_state_dict

    with safe_open(str(out / "model.safetensors"), framework="pt") as fh:
        metadata = fh.metadata()
        state = {k: fh.get_tensor(k) for k in fh.keys()}
    return colorize_net_from_state_dict(state, metadata), metadata


def recalibrate(out: Path, strengths: tuple[float, ...]) -> None:
    model, metadata = load_run(out)
    strength, table = calibrate(model, Scorer(held_out_photos()), strengths)
    run = json.loads(metadata["run"])
    run["strengths"] = {f"{k:g}": round(v, 3) for k, v in table.items()}
    write_weights(out / "model.safetensors", model, {**metadata, "run": json.dumps(run),
                                                     "default_strength": f"{strength:g}"})


def write_card(out: Path) -> None:
    """(Re)write model_card.md from the weights file's metadata, re-measuring the held-out
    photos and, for the report only, the test photos."""
    from cvlab.tools.restore.training.colorize_card import card_text

    model, metadata = load_run(out)
    held, test = Scorer(held_out_photos()), Scorer(photos_in(TEST_DIR))
    held_scores, test_scores = held.evaluate(model), test.evaluate(model)
    print(f"held-out mean ΔE2000 {Scorer.mean(held_scores):.3f} (gray "
          f"{Scorer.mean(held.baseline):.3f}); test {Scorer.mean(test_scores):.3f} (gray "
          f"{Scorer.mean(test.baseline):.3f})", flush=True)
    write_bytes(out / "model_card.md", card_text(
        metadata, json.loads(metadata["run"]), held, held_scores, test, test_scores,
        LOSS_TEXT))


if __name__ == "__main__":
    main()
