"""Train the small colouriser (ColorUNet: L -> ab) for a wall-clock budget, on the CPU.

    python -m cvlab.tools.restore.training.train_colorize --minutes 22 --out weights/colorize_net

Data: random 128 px crops of the offline training photos (cvlab.core.training_photos), made
gray by dropping ab. Loss: smooth L1 on ab/110 plus a small one-sided "chroma shortfall" term
(see LOSS_TEXT). The learning rate follows a cosine over the time budget. Every few minutes
the model is scored on the validation photos (../shared/data/photos, never trained on: they
only pick the checkpoint); the best one so far is written with its log and model card.
"""

from __future__ import annotations

import argparse
import platform
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import torch
from skimage import color

from cvlab.core.fileio import atomic_write
from cvlab.core.training_runs import cosine_lr, write_log, write_weights
from cvlab.core.training_runs import validation_photos as photos_in
from cvlab.core.training_photos import training_sources
from cvlab.tools.restore import colour
from cvlab.tools.restore.colorize_net import (ARCHITECTURE, MAX_SIDE, ColorUNet, colorize_net,
                                              normalise_light)

VALIDATION_DIR = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "photos"

LOSS_TEXT = (
    "smooth L1 (Huber, beta 0.05) on ab/110, plus 0.1 x a one-sided chroma-shortfall term "
    "mean(relu(|ab_true| - |ab_pred|))/110. Plain L1/L2 regression of ab pulls every uncertain "
    "pixel toward the conditional median/mean, which is a desaturated brownish gray; the "
    "shortfall term penalises predicting *less* chroma than the truth (never more), nudging "
    "the network to commit to a colour. It is kept small because mean ΔE (the validation "
    "metric) is itself minimised by the median, so a larger weight would trade ΔE for "
    "vividness.")




def validation_photos() -> dict[str, np.ndarray]:
    return photos_in(VALIDATION_DIR)


class Validator:
    """Mean ΔE76 / ΔE2000 of the gray baseline (ab = 0, computed once) and of a model."""

    def __init__(self):
        self.photos = validation_photos()
        self.gray = {n: colour.to_gray(p) for n, p in self.photos.items()}
        self.baseline = {n: colour.mean_delta_e(self.gray[n], p) for n, p in self.photos.items()}

    def evaluate(self, model: ColorUNet) -> dict[str, dict[str, float]]:
        return {n: colour.mean_delta_e(colorize_net(model, self.gray[n]), p)
                for n, p in self.photos.items()}

    @staticmethod
    def mean(scores: dict[str, dict[str, float]], metric: str = "ciede2000") -> float:
        return float(np.mean([s[metric] for s in scores.values()]))


def build_pool(size: int, patch: int, seed: int) -> tuple[np.ndarray, list[str]]:
    """``size`` random crops (uint8, N×patch×patch×3); colourless crops mostly skipped."""
    rng = np.random.default_rng(seed)
    sources = [s for s in training_sources() if min(s.image.shape[:2]) >= patch]
    pool = np.empty((size, patch, patch, 3), np.uint8)
    count = 0
    while count < size:
        image = sources[rng.integers(len(sources))].image
        y = rng.integers(image.shape[0] - patch + 1)
        x = rng.integers(image.shape[1] - patch + 1)
        crop = image[y:y + patch, x:x + patch]
        chroma = np.hypot(*np.moveaxis(color.rgb2lab(crop[::4, ::4])[..., 1:], 2, 0)).mean()
        if chroma < 4.0 and rng.random() > 0.25:
            continue
        pool[count] = crop
        count += 1
    return pool, [s.name for s in sources]


def sample_batch(pool: np.ndarray, batch: int, rng) -> tuple[torch.Tensor, torch.Tensor]:
    crops = pool[rng.integers(len(pool), size=batch)]
    if rng.random() < 0.5:
        crops = crops[:, :, ::-1]
    lab = color.rgb2lab(np.ascontiguousarray(crops)).astype(np.float32)
    light = torch.from_numpy(normalise_light(lab[..., 0]))[:, None]
    ab = torch.from_numpy(lab[..., 1:] / colour.AB_SCALE).permute(0, 3, 1, 2)
    return light.contiguous(), ab.contiguous()


def loss_fn(pred: torch.Tensor, target: torch.Tensor, shortfall_weight: float) -> torch.Tensor:
    loss = torch.nn.functional.smooth_l1_loss(pred, target, beta=0.05)
    if shortfall_weight:
        shortfall = torch.relu(target.norm(dim=1) - pred.norm(dim=1)).mean()
        loss = loss + shortfall_weight * shortfall
    return loss




def write_bytes(path: Path, data: bytes | str) -> None:
    with atomic_write(path, "w" if isinstance(data, str) else "wb") as fh:
        fh.write(data)


def validation_table(validator: Validator, scores: dict) -> str:
    lines = ["| photo | gray (ab = 0) ΔE76 / ΔE2000 | ColorUNet ΔE76 / ΔE2000 |",
             "| --- | --- | --- |"]
    for name in validator.photos:
        g, s = validator.baseline[name], scores[name]
        lines.append(f"| {name} | {g['cie76']:.2f} / {g['ciede2000']:.2f} | "
                     f"{s['cie76']:.2f} / {s['ciede2000']:.2f} |")
    gm = [Validator.mean(validator.baseline, m) for m in ("cie76", "ciede2000")]
    sm = [Validator.mean(scores, m) for m in ("cie76", "ciede2000")]
    lines.append(f"| **mean** | **{gm[0]:.2f} / {gm[1]:.2f}** | **{sm[0]:.2f} / {sm[1]:.2f}** |")
    return "\n".join(lines)


LICENCE_TEXT = (
    "Weights: MIT, as the rest of CV Lab. Training data: the mate-backgrounds nature "
    "wallpapers are GPL-2+ (see /usr/share/doc/mate-backgrounds/copyright); scikit-image's "
    "sample photos, per their docstrings in skimage.data: astronaut (NASA, public domain), "
    "coffee (CC0, Rachel Michetti), chelsea (CC0, Stefan van der Walt), rocket (SpaceX, public "
    "domain), hubble_deep_field (NASA, public domain), retina (Mikael Häggström, CC0 1.0). "
    "Whether weights are a derivative of their training images is unsettled; the GPL-2+ notice "
    "is kept here to be safe.")


def card_text(args, validator, best, steps, wall_s, params, source_names) -> str:
    gm = Validator.mean(validator.baseline)
    bm = Validator.mean(best["scores"])
    gm76 = Validator.mean(validator.baseline, "cie76")
    bm76 = Validator.mean(best["scores"], "cie76")
    return f"""# ColorUNet colouriser (CV Lab, trained here)

Generated by `python -m cvlab.tools.restore.training.train_colorize` on
{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.

## Architecture
`cvlab.tools.restore.colorize_net.ColorUNet`, widths {tuple(args.widths)}: conv 3x3 stem at
full resolution, three stride-2 encoder stages (conv-BN-ReLU x2 each), two dilated (d=2)
bottleneck convs at 1/8, a global-context branch (spatial mean -> linear -> added back), two
decoder stages with concatenated skips, a 1x1 conv and tanh to ab/110 at **half** resolution
(up-sampled bilinearly x2). {params:,} parameters. Input: CIE L normalised (L - 50) / 50.
At inference the net sees the image at <= {MAX_SIDE} px on the long side; the predicted ab is
up-sampled to full size and recombined with the input's full-resolution L (out-of-gamut
pixels lose chroma, never lightness). File: `model.safetensors`, fp32 state_dict (strict).

## Training
- Data: {args.pool_size} random {args.patch}x{args.patch} crops cut once from
  {len(source_names)} sources: the 12 mate-backgrounds nature wallpapers (Debian package
  `mate-backgrounds`, each down-scaled by 2, 4 and 8, those at least {args.patch} px) and 6
  scikit-image colour photos (astronaut, coffee, chelsea, rocket, hubble_deep_field, retina);
  crops with mean chroma < 4 kept with probability 0.25 only; random horizontal flips. The
  input is the crop's L, the target its ab (skimage.color.rgb2lab, D65).
- Loss: {LOSS_TEXT}
- Adam, lr {args.lr:g} with cosine decay over the {args.minutes:g}-minute budget, batch
  {args.batch}.
- Steps: {steps} in total; the weights are from step {best['step']} (best mean validation
  ΔE2000, checked every {args.eval_minutes:g} minutes). See `training_log.csv`.
- Hardware: CPU only, {torch.get_num_threads()} thread(s) on a 2-core {platform.machine()}
  machine shared with other jobs; no GPU (torch {torch.__version__}).
- Wall time: {wall_s / 60:.1f} minutes. **A tiny model trained for minutes on ~40 photos of
  mostly landscapes**, not ImageNet: it learns sky-blue, foliage-green, skin/earth tones.

## Validation (photos made gray, never trained on)
Photos: /work/shared/data/photos (4 images); each converted to Lab with ab = 0 (the gray
baseline), colourised from that gray image, compared with the original colours. ΔE76 is the
Euclidean Lab distance, ΔE2000 skimage.color.deltaE_ciede2000; means over all pixels. The
photos also pick the checkpoint (no separate test set), so the numbers are mildly optimistic.

{validation_table(validator, best['scores'])}

Mean ΔE2000: gray {gm:.2f} -> ColorUNet {bm:.2f} ({gm - bm:+.2f}, {100 * (gm - bm) / gm:.0f} %
lower); mean ΔE76: {gm76:.2f} -> {bm76:.2f} ({gm76 - bm76:+.2f}).

## Limits
- Colours are plausible guesses, not the truth: objects of ambiguous colour (clothes, cars,
  flowers, painted walls) stay near gray or take an average tint.
- Trained on landscapes: skies, water, vegetation are its strongest cases; faces, indoor
  scenes and man-made objects are weak.
- Chroma is predicted at half the working resolution (<= {MAX_SIDE} px): thin coloured
  details bleed or vanish.
- Old photos' grain, scratches and sepia toning were not in the training data.

## Licence
{LICENCE_TEXT}
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=22.0, help="wall-clock budget")
    parser.add_argument("--out", type=Path, default=Path("weights/colorize_net"))
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--patch", type=int, default=128)
    parser.add_argument("--pool-size", type=int, default=3000)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--shortfall", type=float, default=0.1)
    parser.add_argument("--widths", type=int, nargs=4, default=[16, 32, 64, 128])
    parser.add_argument("--eval-minutes", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    started = time.monotonic()
    budget_s = args.minutes * 60
    pool, source_names = build_pool(args.pool_size, args.patch, args.seed)
    validator = Validator()
    print(f"pool {pool.shape} from {len(source_names)} sources in "
          f"{time.monotonic() - started:.0f}s; gray mean ΔE2000 "
          f"{Validator.mean(validator.baseline):.3f}", flush=True)

    model = ColorUNet(tuple(args.widths))
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    best = {"de": float("inf"), "step": 0, "scores": validator.baseline}
    rows: list[dict] = []
    step, loss_sum, loss_count = 0, 0.0, 0
    next_eval = time.monotonic() - started + args.eval_minutes * 60
    train_started = time.monotonic()
    train_budget = budget_s - (train_started - started)
    while True:
        elapsed = time.monotonic() - started
        done = elapsed >= budget_s
        if elapsed >= next_eval or done:
            scores = validator.evaluate(model)
            mean_de = Validator.mean(scores)
            improved = mean_de < best["de"]
            rows.append({"step": step, "elapsed_s": round(elapsed, 1),
                         "lr": f"{optimizer.param_groups[0]['lr']:.3g}",
                         "train_loss": f"{loss_sum / max(loss_count, 1):.5f}",
                         "val_de76": f"{Validator.mean(scores, 'cie76'):.3f}",
                         "val_de2000": f"{mean_de:.3f}", "saved": int(improved)})
            loss_sum, loss_count = 0.0, 0
            print(rows[-1], flush=True)
            args.out.mkdir(parents=True, exist_ok=True)
            if improved:
                best.update(de=mean_de, step=step, scores=scores)
                write_weights(args.out / "model.safetensors", model,
                              {"architecture": ARCHITECTURE, "step": str(step)})
            write_log(args.out / "training_log.csv", rows)
            write_bytes(args.out / "model_card.md", card_text(
                args, validator, best, step, time.monotonic() - started, params, source_names))
            next_eval += args.eval_minutes * 60
            if done:
                break
        for group in optimizer.param_groups:
            group["lr"] = cosine_lr(args.lr, (time.monotonic() - train_started) / train_budget,
                                    floor=0.03)
        light, ab = sample_batch(pool, args.batch, rng)
        loss = loss_fn(model(light), torch.nn.functional.avg_pool2d(ab, 2), args.shortfall)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        step += 1
        loss_sum += loss.item()
        loss_count += 1
        if step % 50 == 0:
            print(f"step {step} {time.monotonic() - started:.0f}s loss {loss.item():.4f}",
                  flush=True)
    print(f"done: {step} steps, best step {best['step']} mean ΔE2000 {best['de']:.3f}")


if __name__ == "__main__":
    main()
