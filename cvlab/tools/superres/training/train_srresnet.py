"""Train the x4 SRResNet (16 blocks, 64 channels) with a pixel loss, for a wall-clock budget.

    python -m cvlab.tools.superres.training.train_srresnet --minutes 45 --out weights/srresnet_x4/

The learning rate follows a cosine over the *time* budget (the step count is unknown on a shared
CPU). Every few minutes the model is scored on the validation photos; the best one so far is
written (model.safetensors, training_log.csv, model_card.md, each atomically), so a run that is
stopped early still leaves usable weights and a complete card.
"""

from __future__ import annotations

import argparse
import csv
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import torch

from cvlab.core.fileio import atomic_write
from cvlab.core.training_runs import (
    cosine_lr,
    hardware_text,
    optimiser_step,
    set_lr,
    start_run,
    write_log,
    write_weights,
)
from cvlab.tools.superres.srresnet import SRResNet
from cvlab.tools.superres.training import data

SCALE = 4


# ----- helpers shared with train_srgan ----------------------------------------------------



class Validator:
    """Scores a model on the validation photos at x4; bicubic is computed once."""

    def __init__(self, scale: int = SCALE):
        self.scale = scale
        self.psnr, self.ssim, self.metric_source = data.metric_functions()
        self.photos = {}
        self.bicubic = {}
        for name, photo in data.validation_photos().items():
            hr, lr, self.lr_method = data.lr_from_hr(photo, scale)
            self.photos[name] = (hr, lr)
            self.bicubic[name] = self._score(data.bicubic_reference(lr, scale), hr)
        self.bicubic_method = data.BICUBIC_METHOD

    def _score(self, output: np.ndarray, hr: np.ndarray) -> tuple[float, float]:
        return self.psnr(output, hr, self.scale), self.ssim(output, hr, self.scale)

    @torch.no_grad()
    def evaluate(self, model: torch.nn.Module) -> dict[str, tuple[float, float]]:
        was_training = model.training
        model.eval()
        scores = {}
        for name, (hr, lr) in self.photos.items():
            scores[name] = self._score(data.to_float_image(model(data.to_tensor(lr))), hr)
        model.train(was_training)
        return scores

    @staticmethod
    def mean(scores: dict[str, tuple[float, float]]) -> tuple[float, float]:
        values = np.array(list(scores.values()))
        return float(values[:, 0].mean()), float(values[:, 1].mean())


def validation_table(validator: Validator, columns: dict[str, dict]) -> str:
    """Markdown table: one row per photo plus the mean, PSNR dB / SSIM per method."""
    all_columns = {"bicubic": validator.bicubic, **columns}
    header = "| photo | " + " | ".join(f"{m} PSNR / SSIM" for m in all_columns) + " |"
    lines = [header, "|" + " --- |" * (len(all_columns) + 1)]
    for name in validator.photos:
        cells = [f"{s[name][0]:.2f} / {s[name][1]:.4f}" for s in all_columns.values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    means = [Validator.mean(s) for s in all_columns.values()]
    lines.append("| **mean** | " + " | ".join(f"**{p:.2f} / {s:.4f}**" for p, s in means) + " |")
    return "\n".join(lines)






def write_text(path: Path, text: str) -> None:
    with atomic_write(path, "w") as fh:
        fh.write(text)




def data_text(pool_size: int, patch: int) -> str:
    return (f"{pool_size} random {patch}x{patch} HR crops (LR {patch // SCALE}x{patch // SCALE}), "
            "cut once from the 12 mate-backgrounds nature wallpapers (Debian package "
            "`mate-backgrounds`, /usr/share/backgrounds/mate/nature/, each down-scaled by 2, 4 "
            "and 8; the full-size JPEGs are soft) and 6 scikit-image colour photos "
            "(astronaut, coffee, "
            "chelsea, rocket, hubble_deep_field, retina); sources drawn uniformly and crops kept "
            "with probability proportional to the detail bicubic loses in them (sky and bokeh "
            "mostly skipped); random "
            "flips and 90-degree rotations. LR made on the fly by torch's antialiased bicubic "
            "(`F.interpolate(mode='bicubic', antialias=True)`, the a=-0.5 kernel MATLAB's "
            "imresize uses; borders handled by weight renormalisation rather than MATLAB's "
            "symmetric padding), rounded to 8 bits. The validation photos were never trained "
            "on (they only pick the best checkpoint).")


LICENCE_TEXT = (
    "Weights: MIT, as the rest of CV Lab. Training data: the mate-backgrounds nature "
    "wallpapers are GPL-2+ (see /usr/share/doc/mate-backgrounds/copyright: Charles Barbin, "
    "Lennart Poettering and Andrea Cimitan, Marco Cogoni, Hylke Bons, Jens Ansorg, Timothy "
    "Schellhase, Lapo Calamandrei, 'blackcombwhistler07', Sergey Nazarov, Jean-François "
    "Fortin Tam); scikit-image's sample photos, per their docstrings in skimage.data: "
    "astronaut (NASA, public domain), coffee (CC0, Rachel Michetti), chelsea (CC0, Stefan van "
    "der Walt), rocket (SpaceX, public domain), hubble_deep_field (NASA, public domain), "
    "retina (Mikael Häggström, CC0 1.0). Whether weights are a "
    "derivative of their training images is unsettled; the GPL-2+ notice is kept here to be "
    "safe.")


# ----- the SRResNet run ----------------------------------------------------------------------

def card_text(args, validator: Validator, best: dict, steps: int, wall_s: float) -> str:
    gain = Validator.mean(best["scores"])[0] - Validator.mean(validator.bicubic)[0]
    return f"""# SRResNet x4 (CV Lab, trained here)

Generated by `python -m cvlab.tools.superres.training.train_srresnet` on
{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.

## Architecture
SRResNet (Ledig et al. 2017), `cvlab.tools.superres.srresnet.SRResNet`: conv 9x9 + PReLU,
16 residual blocks (conv 3x3 - PReLU - conv 3x3), conv 3x3 + long skip, two x2 PixelShuffle
stages with PReLU, conv 9x9; 64 channels; x4; {sum(p.numel() for p in best['model'].parameters()):,}
parameters. Two changes from the paper, both for a short CPU run: **no batch norm** (it
trains faster and more stably with batch 16 and few steps, and inference does not depend on
batch statistics), and a **global bicubic skip**: the network predicts the residual over
bicubic up-sampling (a=-0.5 kernel), so it starts at bicubic's PSNR. Input/output RGB in
[0, 1]. File: `model.safetensors`, fp32 state_dict (load with
`srresnet_from_state_dict`, strict).

## Training
- Data: {data_text(args.pool_size, args.patch)}
- Loss: L1 on RGB. Adam (betas 0.9/0.99), lr {args.lr:g} with cosine decay over the
  {args.minutes:g}-minute wall-clock budget, batch {args.batch}.
- Steps: {steps} in total; the weights are from step {best['step']} (best mean validation
  PSNR, checked every {args.eval_minutes:g} minutes). See `training_log.csv` (its validation columns
  come from the training-time check: torch-made LR rounded to 8 bits and a local copy of the
  same Y-channel metrics, so they differ from the table below by a few hundredths of a dB).
- Hardware: {hardware_text()}. **This is a short CPU run, not the paper's GPU training**
  (Ledig et al. trained 10^6 steps on ImageNet); expect lower numbers than published ones.
- Wall time: {wall_s / 60:.1f} minutes.

## Validation (x4, Y channel, {SCALE} px border cropped)
Photos: tests/data/photos/*.jpg|png (4 images). LR: {validator.lr_method}; bicubic
column: {validator.bicubic_method}; network outputs clamped to [0, 1], not rounded. Metrics:
{validator.metric_source}. This is the pipeline `cvlab sr eval` uses.

{validation_table(validator, {'SRResNet': best['scores']})}

Gain over bicubic (mean PSNR): {gain:+.2f} dB.

## Licence
{LICENCE_TEXT}
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=45.0, help="wall-clock budget")
    parser.add_argument("--out", type=Path, default=Path("weights/srresnet_x4"))
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--patch", type=int, default=96, help="HR patch size (LR is patch/4)")
    parser.add_argument("--pool-size", type=int, default=6000)
    parser.add_argument("--lr", type=float, default=4e-4)
    parser.add_argument("--eval-minutes", type=float, default=4.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rewrite-card", action="store_true",
                        help="re-score the saved weights and rewrite the card (no training); "
                             "pass the run's other options again")
    return parser.parse_args(argv)


def rewrite_card(args) -> None:
    """Re-score ``out/model.safetensors`` and rewrite its card from ``training_log.csv``."""
    from cvlab.core.weights.loading import load_state_file
    from cvlab.tools.superres.srresnet import srresnet_from_state_dict

    with open(args.out / "training_log.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    saved = [r for r in rows if r["saved"] == "1"]
    model = srresnet_from_state_dict(load_state_file(args.out / "model.safetensors"))
    validator = Validator()
    best = {"step": int(saved[-1]["step"]), "scores": validator.evaluate(model), "model": model}
    write_text(args.out / "model_card.md", card_text(args, validator, best, int(rows[-1]["step"]),
                                                     float(rows[-1]["elapsed_s"])))


def main(argv=None) -> None:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.rewrite_card:
        return rewrite_card(args)
    rng, started, budget_s = start_run(args.seed, args.minutes)

    pool = data.build_patch_pool(data.training_sources(), args.patch, args.pool_size,
                                  SCALE, args.seed)
    validator = Validator()
    print(f"pool {pool.shape} ready in {time.monotonic() - started:.0f}s; bicubic mean "
          f"{Validator.mean(validator.bicubic)}", flush=True)

    model = SRResNet(batch_norm=False, bicubic_skip=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.99))
    best = {"psnr": -1.0, "step": 0, "scores": validator.bicubic, "model": model}
    log_rows: list[dict] = []
    step, loss_sum, loss_count = 0, 0.0, 0
    next_eval = args.eval_minutes * 60

    train_started = time.monotonic()
    while True:
        elapsed = time.monotonic() - started
        done = elapsed >= budget_s
        if elapsed >= next_eval or done:
            scores = validator.evaluate(model)
            mean_psnr, mean_ssim = Validator.mean(scores)
            improved = mean_psnr > best["psnr"]
            log_rows.append({"step": step, "elapsed_s": round(elapsed, 1),
                             "lr": f"{optimizer.param_groups[0]['lr']:.3g}",
                             "train_l1": f"{loss_sum / max(loss_count, 1):.5f}",
                             "val_psnr_y": f"{mean_psnr:.3f}", "val_ssim_y": f"{mean_ssim:.4f}",
                             "saved": int(improved)})
            loss_sum, loss_count = 0.0, 0
            print(log_rows[-1], flush=True)
            if improved:
                best.update(psnr=mean_psnr, step=step, scores=scores)
                args.out.mkdir(parents=True, exist_ok=True)
                write_weights(args.out / "model.safetensors", model,
                              {"architecture": "srresnet_x4", "step": str(step)})
            write_log(args.out / "training_log.csv", log_rows)
            write_text(args.out / "model_card.md",
                       card_text(args, validator, best, step, time.monotonic() - started))
            next_eval += args.eval_minutes * 60
            if done:
                break

        set_lr(cosine_lr(args.lr, (time.monotonic() - train_started) / budget_s), optimizer)
        hr = data.sample_batch(pool, args.batch, rng)
        loss = torch.nn.functional.l1_loss(model(data.make_lr_batch(hr, SCALE)), hr)
        optimiser_step(optimizer, loss)
        step += 1
        loss_sum += loss.item()
        loss_count += 1
        if step % 25 == 0:
            print(f"step {step} {time.monotonic() - started:.0f}s l1 {loss.item():.4f}",
                  flush=True)
    print(f"done: {step} steps, best step {best['step']} mean PSNR {best['psnr']:.3f}")


if __name__ == "__main__":
    main()
