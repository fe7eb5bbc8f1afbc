"""Train the small inpainting U-Net (``inpaint_net``) on random holes, for a wall-clock budget.

    python -m cvlab.tools.restore.training.train_inpaint --minutes 22 --out weights/inpaint_net/

Random crops of the offline training photos (cvlab.core.training_photos), random holes (free-form
brush strokes, boxes and blobs, 5-40 % of the crop), loss L1 inside the hole + 0.1 x L1 outside +
0.5 x L1 of the image gradients inside the hole; Adam with a cosine learning rate over the time
budget. The newest weights and log are written every few minutes (atomically), so a run that is
stopped early leaves usable files. At the end the model is scored on the validation photos
(never trained on) against OpenCV's Telea and Navier-Stokes inpainting on the *same* masks,
PSNR/SSIM inside the hole only, per hole kind; ``--evaluate-only`` re-scores saved weights.
"""

from __future__ import annotations

import argparse
import csv
import math
import time
from pathlib import Path

import cv2
import numpy as np
import torch

from cvlab.core.training_runs import cosine_lr, hardware_text, write_log
from cvlab.core.training_runs import validation_photos as photos_in
from cvlab.core.training_runs import write_weights as core_write_weights
from cvlab.tools.restore.inpaint_net import (
    InpaintUNet,
    inpaint_net,
    inpaint_unet_from_state_dict,
    model_metadata,
    smooth_fill,
)

VALIDATION_DIR = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "photos"
HOLE_KINDS = ("scratches", "blobs", "boxes")


# ----- random holes for training ----------------------------------------------------------

def _stroke(mask: np.ndarray, rng: np.random.Generator, max_width: int) -> None:
    """A free-form brush stroke: a random walk of 2-6 segments drawn with a round brush."""
    h, w = mask.shape
    x, y = rng.uniform(0, w), rng.uniform(0, h)
    width = int(rng.integers(3, max(4, max_width)))
    points = [(x, y)]
    angle = rng.uniform(0, 2 * np.pi)
    for _ in range(int(rng.integers(2, 7))):
        angle += rng.uniform(-1.2, 1.2)
        length = rng.uniform(0.1, 0.4) * max(h, w)
        x = float(np.clip(x + length * np.cos(angle), 0, w - 1))
        y = float(np.clip(y + length * np.sin(angle), 0, h - 1))
        points.append((x, y))
    pts = np.round(np.array(points)).astype(np.int32)
    cv2.polylines(mask, [pts], False, 1, thickness=width, lineType=cv2.LINE_8)
    for px, py in pts:
        cv2.circle(mask, (int(px), int(py)), width // 2, 1, -1)


def _box(mask: np.ndarray, rng: np.random.Generator) -> None:
    h, w = mask.shape
    bh, bw = int(rng.uniform(0.1, 0.5) * h), int(rng.uniform(0.1, 0.5) * w)
    y, x = int(rng.integers(0, h - bh + 1)), int(rng.integers(0, w - bw + 1))
    mask[y:y + bh, x:x + bw] = 1


def _blob(mask: np.ndarray, rng: np.random.Generator, scale: float = 1.0) -> None:
    """An irregular blob: a polygon of noisy radii around a centre, smoothed by a circle set."""
    h, w = mask.shape
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    radius = rng.uniform(0.06, 0.2) * min(h, w) * scale
    n = int(rng.integers(6, 14))
    angles = np.sort(rng.uniform(0, 2 * np.pi, n))
    radii = radius * rng.uniform(0.5, 1.3, n)
    pts = np.stack([cx + radii * np.cos(angles), cy + radii * np.sin(angles)], axis=1)
    cv2.fillPoly(mask, [np.round(pts).astype(np.int32)], 1)
    for (px, py), r in zip(pts, radii):
        cv2.circle(mask, (int(px), int(py)), int(max(2, r * 0.35)), 1, -1)


def random_mask(size: int, rng: np.random.Generator,
                coverage: tuple[float, float] = (0.05, 0.4)) -> np.ndarray:
    """A (size, size) float32 hole mask (1 = hole) covering about 5-40 % of the square."""
    target = rng.uniform(*coverage)
    while True:
        mask = np.zeros((size, size), np.uint8)
        style = rng.choice(["strokes", "boxes", "blobs", "mixed"], p=[0.35, 0.15, 0.3, 0.2])
        while mask.mean() < target:
            kind = style if style != "mixed" else rng.choice(["strokes", "boxes", "blobs"])
            if kind == "strokes":
                _stroke(mask, rng, max_width=max(6, size // 6))
            elif kind == "boxes":
                _box(mask, rng)
            else:
                _blob(mask, rng)
        if mask.mean() <= coverage[1] + 0.02:
            return mask.astype(np.float32)


# ----- fixed holes for validation (same masks for every method) -----------------------------

def validation_mask(kind: str, shape: tuple[int, int], seed: int = 0) -> np.ndarray:
    """A deterministic (H,W) bool hole of one kind, sized relative to the image.

    scratches: 6-10 thin strokes, 2-5 px wide (an old print's scratches, ~3-6 %);
    blobs: large free-form blobs, radius ~6-20 % of the short side (~15-25 %);
    boxes: 2-3 rectangles of 10-25 % of each side (~6-12 %)."""
    rng = np.random.default_rng([seed, HOLE_KINDS.index(kind)])
    h, w = shape
    mask = np.zeros((h, w), np.uint8)
    if kind == "scratches":
        for _ in range(int(rng.integers(6, 11))):
            x0, y0 = rng.uniform(0, w), rng.uniform(0, h)
            angle = rng.uniform(0, np.pi)
            length = rng.uniform(0.3, 0.9) * max(h, w)
            pts = [(x0, y0)]
            for _ in range(3):
                angle += rng.uniform(-0.25, 0.25)
                pts.append((pts[-1][0] + length / 3 * np.cos(angle),
                            pts[-1][1] + length / 3 * np.sin(angle)))
            cv2.polylines(mask, [np.round(np.array(pts)).astype(np.int32)], False, 1,
                          thickness=int(rng.integers(2, 6)))
    elif kind == "blobs":
        target = rng.uniform(0.15, 0.25)
        while mask.mean() < target:
            _blob(mask, rng)
    elif kind == "boxes":
        for _ in range(int(rng.integers(2, 4))):
            bh, bw = int(rng.uniform(0.1, 0.25) * h), int(rng.uniform(0.1, 0.25) * w)
            y, x = int(rng.integers(0, h - bh)), int(rng.integers(0, w - bw))
            mask[y:y + bh, x:x + bw] = 1
    else:
        raise ValueError(f"unknown hole kind {kind!r}; known: {HOLE_KINDS}")
    return mask.astype(bool)




def hole_psnr(output: np.ndarray, reference: np.ndarray, hole: np.ndarray) -> float:
    """PSNR (dB, 8-bit RGB) over the hole's pixels only."""
    diff = output[hole].astype(np.float64) - reference[hole].astype(np.float64)
    mse = float(np.mean(diff ** 2))
    return float("inf") if mse == 0 else 10 * math.log10(255.0 ** 2 / mse)


def hole_ssim(output: np.ndarray, reference: np.ndarray, hole: np.ndarray) -> float:
    """Mean of the SSIM map (7x7 windows, RGB averaged) over the hole's pixels."""
    from skimage.metrics import structural_similarity

    _, ssim_map = structural_similarity(output, reference, channel_axis=2, data_range=255,
                                        full=True)
    return float(ssim_map.mean(axis=2)[hole].mean())


def classical(image: np.ndarray, hole: np.ndarray, flags: int, radius: int = 3) -> np.ndarray:
    return cv2.inpaint(image, hole.astype(np.uint8) * 255, radius, flags)


@torch.no_grad()
def smooth_only(image: np.ndarray, hole: np.ndarray) -> np.ndarray:
    """The network's parameter-free first guess alone (an ablation: what the training adds)."""
    x = torch.from_numpy(image).permute(2, 0, 1)[None].float() / 255
    m = torch.from_numpy(hole.astype(np.float32))[None, None]
    y = smooth_fill(x * (1 - m), m)[0].permute(1, 2, 0).numpy()
    return np.rint(np.clip(y, 0, 1) * 255).astype(np.uint8)


METHODS = ("ours", "smooth", "telea", "ns")
METHOD_NAMES = {"ours": "ours (inpaint_net)", "smooth": "pyramid fill alone",
                "telea": "Telea", "ns": "Navier-Stokes"}


def evaluate(model, photos: dict[str, np.ndarray], with_classical: bool = True) -> dict:
    """{kind: {method: (mean PSNR, mean SSIM) over photos}} inside the holes."""
    methods = {"ours": lambda img, hole: inpaint_net(model, img, hole)}
    if with_classical:
        methods["smooth"] = smooth_only
        methods["telea"] = lambda img, hole: classical(img, hole, cv2.INPAINT_TELEA)
        methods["ns"] = lambda img, hole: classical(img, hole, cv2.INPAINT_NS)
    table = {}
    for kind in HOLE_KINDS:
        scores = {m: [] for m in methods}
        for seed, (name, photo) in enumerate(photos.items()):
            hole = validation_mask(kind, photo.shape[:2], seed)
            damaged = photo.copy()
            damaged[hole] = 0
            for method, run in methods.items():
                out = run(damaged, hole)
                scores[method].append((hole_psnr(out, photo, hole), hole_ssim(out, photo, hole)))
        table[kind] = {m: tuple(np.mean(np.array(v), axis=0).tolist()) for m, v in scores.items()}
    return table


def table_markdown(table: dict, photos: dict) -> str:
    methods = [m for m in METHODS if m in next(iter(table.values()))]
    lines = ["| hole kind | mean coverage | "
             + " | ".join(f"{METHOD_NAMES[m]} PSNR / SSIM" for m in methods) + " |",
             "|" + " --- |" * (len(methods) + 2)]
    for kind, row in table.items():
        cover = np.mean([validation_mask(kind, p.shape[:2], s).mean()
                         for s, p in enumerate(photos.values())])
        best = max(methods, key=lambda m: row[m][0])
        cells = [f"{row[m][0]:.2f} / {row[m][1]:.4f}" for m in methods]
        cells = [f"**{c}**" if m == best else c for c, m in zip(cells, methods)]
        lines.append(f"| {kind} | {cover * 100:.1f} % | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ----- training ----------------------------------------------------------------------------

class CropSampler:
    def __init__(self, sources, patch: int, rng: np.random.Generator):
        self.images = [s.image for s in sources if min(s.image.shape[:2]) >= patch]
        self.patch = patch
        self.rng = rng

    def batch(self, n: int) -> tuple[torch.Tensor, torch.Tensor]:
        p, rng = self.patch, self.rng
        crops, masks = [], []
        for _ in range(n):
            img = self.images[int(rng.integers(len(self.images)))]
            y = int(rng.integers(0, img.shape[0] - p + 1))
            x = int(rng.integers(0, img.shape[1] - p + 1))
            crop = img[y:y + p, x:x + p]
            if rng.random() < 0.5:
                crop = crop[:, ::-1]
            crop = np.rot90(crop, int(rng.integers(4)))
            crops.append(np.ascontiguousarray(crop))
            masks.append(random_mask(p, rng))
        images = torch.from_numpy(np.stack(crops)).permute(0, 3, 1, 2).float() / 127.5 - 1
        return images, torch.from_numpy(np.stack(masks))[:, None]


def gradients(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    return x[..., :, 1:] - x[..., :, :-1], x[..., 1:, :] - x[..., :-1, :]


def inpaint_loss(pred, target, mask, valid_weight=0.1, grad_weight=0.5):
    hole_l1 = ((pred - target).abs() * mask).sum() / (mask.sum() * 3 + 1e-6)
    valid = 1 - mask
    valid_l1 = ((pred - target).abs() * valid).sum() / (valid.sum() * 3 + 1e-6)
    comp = pred * mask + target * valid
    gx_p, gy_p = gradients(comp)
    gx_t, gy_t = gradients(target)
    mx = torch.maximum(mask[..., :, 1:], mask[..., :, :-1])
    my = torch.maximum(mask[..., 1:, :], mask[..., :-1, :])
    grad_l1 = (((gx_p - gx_t).abs() * mx).sum() / (mx.sum() * 3 + 1e-6)
               + ((gy_p - gy_t).abs() * my).sum() / (my.sum() * 3 + 1e-6)) / 2
    return hole_l1 + valid_weight * valid_l1 + grad_weight * grad_l1, hole_l1




def validation_photos() -> dict[str, np.ndarray]:
    return photos_in(VALIDATION_DIR)


def write_weights(path: Path, model: InpaintUNet, step: int) -> None:
    core_write_weights(path, model, {**model_metadata(model), "step": str(step)})






LICENCE_TEXT = (
    "Weights: MIT, as the rest of CV Lab. Training data: the mate-backgrounds nature "
    "wallpapers are GPL-2+ (Debian package `mate-backgrounds`, see "
    "/usr/share/doc/mate-backgrounds/copyright); scikit-image's sample photos, per their "
    "docstrings in skimage.data: astronaut (NASA, public domain), coffee (CC0, Rachel "
    "Michetti), chelsea (CC0, Stefan van der Walt), rocket (SpaceX, public domain), "
    "hubble_deep_field (NASA, public domain), retina (Mikael Häggström, CC0 1.0). Whether "
    "weights are a derivative of their training images is unsettled; the GPL-2+ notice is "
    "kept here to be safe.")


def loss_summary(rows: list[dict]) -> str:
    picks = sorted({0, len(rows) // 4, len(rows) // 2, 3 * len(rows) // 4, len(rows) - 1})
    return ", ".join(f"step {rows[i]['step']}: {float(rows[i]['hole_l1']):.3f}" for i in picks)


def card_text(args, model: InpaintUNet, rows: list[dict], table: dict, photos: dict) -> str:
    from datetime import datetime, timezone

    params = sum(p.numel() for p in model.parameters())
    c0, c1, c2, c3 = model.channels
    steps, wall_s = int(rows[-1]["step"]), float(rows[-1]["elapsed_s"])
    wins = [k for k, row in table.items()
            if row["ours"][0] > max(row["telea"][0], row["ns"][0])]
    gains = ", ".join(f"{k} {row['ours'][0] - row['smooth'][0]:+.2f} dB"
                      for k, row in table.items())
    losses = [k for k in table if k not in wins]
    return f"""# inpaint_net: a small inpainting U-Net (CV Lab, trained here)

Generated by `python -m cvlab.tools.restore.training.train_inpaint` on
{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC (`--evaluate-only --write-card` rescored the
saved weights). Code: `cvlab/tools/restore/inpaint_net.py` (`InpaintUNet`,
`load_inpaint_net`, `inpaint_net`).

## Architecture
A plain-convolution U-Net predicting a residual over a parameter-free first guess;
{params:,} parameters (fp32 safetensors, {params * 4 / 1e6:.1f} MB). The first guess
(`smooth_fill`) is a normalised convolution over an average-pooling pyramid: each hole pixel
takes the mean of the known pixels in the finest pyramid cell that has any, coarser levels
bilinearly up-sampled. The U-Net sees the photo in [-1, 1] with the hole set to 0, the mask
and that guess (7 channels) and adds its output to the guess (its last conv starts at zero,
so training starts from the guess). Head conv 5x5 -> {c0}; three stride-2 levels ({c1}, {c2}, {c3} channels, a 3x3 conv after each of the
first two); bottleneck at 1/8 scale: {len(model.dilations)} residual blocks whose first conv
is dilated {", ".join(map(str, model.dilations))} (receptive field for large holes); decoder:
bilinear x2 up-sampling, concatenation with the encoder's features, 3x3 conv, three times;
3x3 conv to the RGB residual. LeakyReLU(0.2), no normalisation. Only the prediction inside the
hole is used: every pixel outside the mask is returned unchanged. At inference the image is
reflection-padded to a multiple of 8; images longer than 1024 px are filled at 1024 px and
the fill is up-sampled (bicubic) into the full-resolution hole.

## Training
- Data: random {args.patch}x{args.patch} crops (random flips and 90-degree rotations) from
  the 12 mate-backgrounds nature wallpapers (/usr/share/backgrounds/mate/nature/, each
  down-scaled by 2, 4 and 8) and 6 scikit-image colour photos (astronaut, coffee, chelsea,
  rocket, hubble_deep_field, retina), via `cvlab.core.training_photos.training_sources()`.
  The validation photos were never trained on and did not pick the checkpoint (the last
  weights are kept).
- Holes, drawn afresh for every crop (`random_mask`): free-form brush strokes (random walks of
  2-6 segments, 3-{max(6, args.patch // 6)} px wide), boxes (10-50 % of each side), irregular blobs
  (noisy polygons with round lobes, radius 6-20 % of the crop), or a mix; shapes are added
  until a coverage drawn uniformly from 5-40 % is reached (masks over 42 % are redrawn).
- Loss: L1 inside the hole + 0.1 x L1 outside it + 0.5 x L1 between the image gradients of the
  composited output and of the target (inside the hole). Adam (betas 0.9/0.99), lr
  {args.lr:g} with a cosine decay over the {args.minutes:g}-minute wall-clock budget, gradient
  norm clipped at 1, batch {args.batch}.
- Steps: {steps:,} ({steps * args.batch:,} crops seen), in {wall_s / 60:.1f} minutes.
- Hardware: CPU only, 1 thread (`torch.set_num_threads(1)`) on a 2-core x86_64 machine shared
  with several other training jobs (load average ~5), no GPU, torch {torch.__version__}.
  **A very short CPU run**: inpainting networks such as LaMa train for days on GPUs.
- Loss curve (mean L1 inside the hole over each {args.log_every}-step window, images in
  [-1, 1]): {loss_summary(rows)}. Full log: `training_log.csv` (step, loss, hole_l1, lr,
  elapsed_s).

## Validation
The 4 photos in /work/shared/data/photos (baboon 512x512, butterfly 256x256, china and
flower 640x427), each with one fixed mask per hole kind (`validation_mask(kind, shape,
seed=photo index)`; the *same* masks for every method). Hole kinds:
- **scratches**: 6-10 thin strokes 2-5 px wide (old-print scratches);
- **blobs**: large free-form blobs, radius ~6-20 % of the short side;
- **boxes**: 2-3 rectangles of 10-25 % of each side.

Metrics inside the hole only, on 8-bit RGB: PSNR over the hole's pixels, and the mean of the
SSIM map (skimage, 7x7 windows, channels averaged) over the hole's pixels; mean over the 4
photos. Telea and Navier-Stokes are OpenCV's `cv2.inpaint` with radius 3; "pyramid fill
alone" is the network's parameter-free first guess without the learnt residual (an ablation:
the gap to it is what training added). Best PSNR in bold.

{table_markdown(table, photos)}

Ours beats both classical methods (PSNR) on: {", ".join(wins) or "none"}; it does not on:
{", ".join(losses) or "none"}. PSNR gained by the learnt residual over the pyramid fill
alone: {gains}.

## Known limits
- **Most of the margin over Telea/Navier-Stokes is the parameter-free pyramid fill, not the
  learning**: the learnt residual adds only the dB listed above, and the training loss is
  nearly flat (noisy, batch 8). On blobs our SSIM inside the hole is *below* both classical
  methods' (the fill is smoother than their streaky propagation, which scores PSNR but not
  SSIM). A longer run (hours, or a GPU) is what this network needs to learn texture.
- Run history: a first attempt with the same U-Net predicting the fill directly (no pyramid
  guess, tanh output) was stopped after 6.5 minutes (~250 steps) because it was still far
  below Telea (12.8 dB vs 14.5 on blobs at step ~190); this run replaced it. Total training
  wall time for this model: about 24 minutes.
- Tiny and briefly trained: fills are smooth, plausible continuations of colour and coarse
  structure; no texture synthesis and no semantic completion (faces, text, objects). For
  large holes prefer LaMa (`lama` in the catalogue, online only, run through spandrel).
- On thin scratches diffusion methods (Telea, Navier-Stokes) are as good or better: a
  few-pixel gap is filled well by propagating its borders, which is exactly what they do.
- Trained on 128 px crops of nature wallpapers and a few photos; holes much wider than
  ~60-100 px at the working resolution go beyond what it saw.
- Images longer than 1024 px are filled at 1024 px: fine detail inside big holes is lost.
- Inputs: gray images are filled as RGB and averaged back; uint16 is processed at float
  precision but the network itself only learnt 8-bit photos.

## Licence
{LICENCE_TEXT}
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=22.0, help="wall-clock budget")
    parser.add_argument("--out", type=Path, default=Path("weights/inpaint_net"))
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--patch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--log-every", type=int, default=50, help="steps per log row")
    parser.add_argument("--save-minutes", type=float, default=4.0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--evaluate-only", action="store_true",
                        help="score out/model.safetensors against Telea and NS; no training")
    parser.add_argument("--write-card", action="store_true",
                        help="with --evaluate-only: also write out/model_card.md (pass the "
                             "run's other options again)")
    return parser.parse_args(argv)


def evaluate_saved(args) -> None:
    from safetensors import safe_open

    from cvlab.core.fileio import atomic_write
    from cvlab.core.weights.loading import load_state_file

    path = args.out / "model.safetensors"
    with safe_open(str(path), framework="pt") as fh:
        metadata = fh.metadata() or {}
    model = inpaint_unet_from_state_dict(load_state_file(path), metadata)
    photos = validation_photos()
    table = evaluate(model, photos)
    print(table_markdown(table, photos))
    if args.write_card:
        with open(args.out / "training_log.csv", newline="") as fh:
            rows = list(csv.DictReader(fh))
        with atomic_write(args.out / "model_card.md", "w") as fh:
            fh.write(card_text(args, model, rows, table, photos))


def main(argv=None) -> None:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.evaluate_only:
        return evaluate_saved(args)
    from cvlab.core.training_photos import training_sources

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    started = time.monotonic()
    budget_s = args.minutes * 60
    sampler = CropSampler(training_sources(), args.patch, rng)
    print(f"{len(sampler.images)} training images ready in {time.monotonic() - started:.0f}s",
          flush=True)
    model = InpaintUNet()
    print(f"{sum(p.numel() for p in model.parameters()):,} parameters", flush=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.99))
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    step, loss_sum, hole_sum, count = 0, 0.0, 0.0, 0
    next_save = args.save_minutes * 60
    train_started = time.monotonic()
    while True:
        elapsed = time.monotonic() - started
        if elapsed >= budget_s:
            break
        lr = cosine_lr(args.lr, (time.monotonic() - train_started) / budget_s, floor=0.03)
        for group in optimizer.param_groups:
            group["lr"] = lr
        images, masks = sampler.batch(args.batch)
        pred = model(images * (1 - masks), masks)
        loss, hole_l1 = inpaint_loss(pred, images, masks)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
        loss_sum += loss.item()
        hole_sum += hole_l1.item()
        count += 1
        if step % args.log_every == 0:
            rows.append({"step": step, "loss": f"{loss_sum / count:.5f}",
                         "hole_l1": f"{hole_sum / count:.5f}", "lr": f"{lr:.3g}",
                         "elapsed_s": round(time.monotonic() - started, 1)})
            loss_sum, hole_sum, count = 0.0, 0.0, 0
            print(rows[-1], flush=True)
            write_log(args.out / "training_log.csv", rows)
        if time.monotonic() - started >= next_save:
            write_weights(args.out / "model.safetensors", model.eval(), step)
            model.train()
            next_save += args.save_minutes * 60
    model.eval()
    write_weights(args.out / "model.safetensors", model, step)
    if count:
        rows.append({"step": step, "loss": f"{loss_sum / count:.5f}",
                     "hole_l1": f"{hole_sum / count:.5f}", "lr": f"{lr:.3g}",
                     "elapsed_s": round(time.monotonic() - started, 1)})
    write_log(args.out / "training_log.csv", rows)
    print(f"done: {step} steps in {(time.monotonic() - started) / 60:.1f} min; "
          f"{hardware_text()}", flush=True)
    photos = validation_photos()
    print(table_markdown(evaluate(model, photos), photos), flush=True)


if __name__ == "__main__":
    main()
