"""Training patches and validation photos for the x4 SR models.

Training photos: Debian's mate-backgrounds nature wallpapers (GPL-2+) and scikit-image's colour
photos (offline). The wallpapers are 1280-2560 px wide and smooth at full size, while the
validation photos are 256-640 px and dense with detail, so each wallpaper is also used
down-scaled by 2, 4 and 8 (antialiased) to match that texture density; the full-size JPEGs
are soft and are not used. A pool of random HR crops
is cut once and kept in memory as uint8; batches are drawn from it with flips/rotations and
their LR inputs are made on the fly, so the data side costs almost nothing per step.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from cvlab.core.training_photos import TrainingSource, training_sources  # noqa: F401

VALIDATION_DIR = Path(__file__).resolve().parents[4] / "tests" / "data" / "photos"
# Crops are kept with probability detail / DETAIL_TARGET (capped at 1), where detail is the mean
# |HR - bicubic(LR)| of the crop: the part SR has to recover. The wallpapers are mostly bokeh and
# sky, and uniform sampling would teach the net that there is nothing to add.
DETAIL_TARGET = 0.04


def _detail_integral(image: np.ndarray, scale: int) -> np.ndarray:
    """Integral image of |HR - bicubic(LR)| (channel mean), for O(1) per-crop detail."""
    from cvlab.tools.superres.srresnet import bicubic_upsample

    height, width = image.shape[:2]
    hr = to_tensor(image[:height - height % scale, :width - width % scale])
    residual = (bicubic_upsample(make_lr_batch(hr, scale), scale) - hr).abs().mean(dim=1)[0]
    detail = np.zeros((height + 1, width + 1))
    detail[1:residual.shape[0] + 1, 1:residual.shape[1] + 1] = residual.double().numpy()
    return detail.cumsum(0).cumsum(1)


def build_patch_pool(sources: list[TrainingSource], patch_size: int, count: int,
                     scale: int = 4, seed: int = 0) -> np.ndarray:
    """``count`` random HR crops (count, patch, patch, 3) uint8: sources drawn uniformly, crops
    kept in proportion to how much detail bicubic loses in them."""
    rng = np.random.default_rng(seed)
    usable = [s.image for s in sources if min(s.image.shape[:2]) >= patch_size]
    integrals = [_detail_integral(image, scale) for image in usable]
    pool = np.empty((count, patch_size, patch_size, 3), dtype=np.uint8)
    filled = 0
    while filled < count:
        index = rng.integers(len(usable))
        source, integral = usable[index], integrals[index]
        height, width = source.shape[:2]
        top = rng.integers(0, height - patch_size + 1)
        left = rng.integers(0, width - patch_size + 1)
        bottom, right = top + patch_size, left + patch_size
        detail = (integral[bottom, right] - integral[top, right] - integral[bottom, left]
                  + integral[top, left]) / patch_size ** 2
        if rng.random() > detail / DETAIL_TARGET:
            continue
        pool[filled] = source[top:bottom, left:right]
        filled += 1
    return pool


def sample_batch(pool: np.ndarray, batch_size: int, rng: np.random.Generator) -> torch.Tensor:
    """(N, 3, P, P) float HR batch in [0, 1] with random flips and 90-degree rotations."""
    indices = rng.integers(0, len(pool), size=batch_size)
    batch = torch.from_numpy(pool[indices]).permute(0, 3, 1, 2).float().div_(255.0)
    if rng.random() < 0.5:
        batch = batch.flip(3)
    if rng.random() < 0.5:
        batch = batch.flip(2)
    if rng.random() < 0.5:
        batch = batch.transpose(2, 3)
    return batch.contiguous()


def make_lr_batch(hr: torch.Tensor, scale: int) -> torch.Tensor:
    """LR inputs for training: antialiased bicubic down-sampling (torch's a=-0.5 kernel, close
    to MATLAB's imresize), rounded to 8-bit levels as a saved LR image would be."""
    lr = F.interpolate(hr, scale_factor=1.0 / scale, mode="bicubic", antialias=True,
                       align_corners=False)
    return lr.clamp_(0.0, 1.0).mul_(255.0).round_().div_(255.0)


# ----- validation ---------------------------------------------------------------------------



def lr_from_hr(hr: np.ndarray, scale: int) -> tuple[np.ndarray, np.ndarray, str]:
    """(HR cropped to a multiple of ``scale``, LR), both float32 in [0, 1], and how the LR was
    made: the project's MATLAB-style ``resize.make_lr`` when present, else torch's kernel."""
    try:
        from cvlab.tools.superres.resize import make_lr  # written alongside; optional here

        hr_cropped, lr = make_lr(hr, scale)
        return (hr_cropped.astype(np.float32), lr.astype(np.float32),
                "cvlab.tools.superres.resize.make_lr (MATLAB imresize bicubic, antialiased)")
    except ImportError:
        height, width = hr.shape[:2]
        hr = hr[:height - height % scale, :width - width % scale]
        lr = make_lr_batch(to_tensor(hr), scale)[0].permute(1, 2, 0).numpy()
        return (hr.astype(np.float32) / 255, lr,
                "torch bicubic, antialias=True (a=-0.5), rounded to 8 bits")


BICUBIC_METHOD = ("cvlab.tools.superres.resize.upscale_interpolation(lr, 4, 'bicubic') when "
                  "present (MATLAB imresize), else torch's a=-0.5 bicubic")


def bicubic_reference(lr: np.ndarray, scale: int) -> np.ndarray:
    """The bicubic column: the project's MATLAB-style upscaler when present, else torch's."""
    try:
        from cvlab.tools.superres.resize import upscale_interpolation

        return upscale_interpolation(lr, scale, "bicubic")
    except ImportError:
        from cvlab.tools.superres.srresnet import bicubic_upsample

        return to_float_image(bicubic_upsample(to_tensor(lr), scale))


def to_tensor(image: np.ndarray) -> torch.Tensor:
    """(1, 3, H, W) float tensor in [0, 1] from an (H, W, 3) uint8 or float [0, 1] image."""
    tensor = torch.from_numpy(np.array(image, copy=True)).permute(2, 0, 1)[None].float()
    return tensor / 255 if image.dtype == np.uint8 else tensor


def to_float_image(tensor: torch.Tensor) -> np.ndarray:
    return tensor[0].clamp(0, 1).permute(1, 2, 0).numpy()


def _y_channel(image: np.ndarray) -> torch.Tensor:
    """BT.601 luma as BasicSR computes it (range 16-235 on a 0-255 scale), float64; takes
    float images in [0, 1]."""
    rgb = torch.from_numpy(image.astype(np.float64))
    coefficients = torch.tensor([65.481, 128.553, 24.966], dtype=torch.float64)
    return rgb @ coefficients + 16.0


def psnr_y(output: np.ndarray, reference: np.ndarray, border: int) -> float:
    a, b = _y_channel(output), _y_channel(reference)
    if border:
        a, b = a[border:-border, border:-border], b[border:-border, border:-border]
    mse = torch.mean((a - b) ** 2).item()
    return float("inf") if mse == 0 else 10.0 * np.log10(255.0 ** 2 / mse)


def ssim_y(output: np.ndarray, reference: np.ndarray, border: int) -> float:
    """SSIM on Y with an 11x11 Gaussian window (sigma 1.5), valid region only (BasicSR)."""
    a, b = _y_channel(output), _y_channel(reference)
    if border:
        a, b = a[border:-border, border:-border], b[border:-border, border:-border]
    coords = torch.arange(11, dtype=torch.float64) - 5
    g = torch.exp(-coords ** 2 / (2 * 1.5 ** 2))
    window = (g[:, None] * g[None, :] / g.sum() ** 2)[None, None]

    def blur(x: torch.Tensor) -> torch.Tensor:
        return F.conv2d(x[None, None], window)[0, 0]

    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mu_a, mu_b = blur(a), blur(b)
    var_a = blur(a * a) - mu_a ** 2
    var_b = blur(b * b) - mu_b ** 2
    cov = blur(a * b) - mu_a * mu_b
    ssim_map = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / (
        (mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2))
    return float(ssim_map.mean())


def metric_functions():
    """(psnr, ssim, description): the project's metrics module when it exists, else ours."""
    try:
        from cvlab.tools.superres import metrics  # written alongside; optional here

        def psnr(out, ref, border):
            return float(metrics.psnr(out, ref, crop_border=border, y_channel=True))

        def ssim(out, ref, border):
            return float(metrics.ssim(out, ref, crop_border=border, y_channel=True))

        psnr(np.zeros((16, 16, 3), np.float32), np.ones((16, 16, 3), np.float32), 4)
        ssim(np.zeros((16, 16, 3), np.float32), np.ones((16, 16, 3), np.float32), 2)
        return psnr, ssim, "cvlab.tools.superres.metrics (Y channel, border cropped)"
    except Exception:  # noqa: BLE001 - absent or a different signature: use our own
        return psnr_y, ssim_y, "local BasicSR-style Y-channel PSNR/SSIM (border cropped)"


def validation_photos() -> dict[str, np.ndarray]:
    """The shared validation photos (photos/*.jpg|png only), RGB uint8, by file name."""
    from cvlab.core.training_runs import validation_photos as photos_in

    return photos_in(VALIDATION_DIR)
