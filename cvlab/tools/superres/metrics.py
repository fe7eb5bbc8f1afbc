"""PSNR and SSIM as the super-resolution literature computes them (BasicSR's convention).

- Values on the 0–255 scale, whatever the input's storage.
- ``y_channel=True``: the Y of ITU-R BT.601 YCbCr in studio range,
  Y = 16 + 65.481·R + 128.553·G + 24.966·B for R, G, B in [0, 1] (so Y is in [16, 235]),
  as MATLAB's ``rgb2ycbcr`` and BasicSR's ``rgb2ycbcr(y_only=True)`` compute it.
  ``y_channel=False``: the three RGB channels; SSIM is then the mean over the channels.
- ``crop_border``: that many pixels are dropped on every side first (papers use the scale).
- SSIM: Wang et al. 2004 with an 11×11 Gaussian window, σ = 1.5, C1 = (0.01·255)²,
  C2 = (0.03·255)², computed only where the window fits in the image ('valid'), averaged.

Inputs: numpy arrays are images, (H, W, 3) or (H, W) float in [0, 1] (or (N, H, W, 3));
torch tensors are (3, H, W) or (N, 3, H, W) in [0, 1], as networks produce them. Everything
runs in torch on ``device`` (default: the tensors' own, numpy on the CPU), batched.
"""

from __future__ import annotations

import numpy as np
import torch

from cvlab.core.i18n import translate

WINDOW_SIZE = 11
WINDOW_SIGMA = 1.5
_C1 = (0.01 * 255) ** 2
_C2 = (0.03 * 255) ** 2
_STRIP_VALUES = 1_000_000
_Y_FROM_RGB = (65.481, 128.553, 24.966)  # BT.601 studio-range luma, for RGB in [0, 1]


def rgb_to_y(image):
    """BT.601 studio-range luma divided by 255: (16 + 65.481 R + 128.553 G + 24.966 B) / 255.

    Takes RGB in [0, 1] with channels last (numpy (..., 3)) or, for torch tensors, channels
    first ((3, H, W) or (N, 3, H, W)); returns Y in [16/255, 235/255] without the channel axis.
    """
    if isinstance(image, torch.Tensor):
        weights = torch.tensor(_Y_FROM_RGB, dtype=image.dtype, device=image.device)
        return (16.0 + torch.einsum("...chw,c->...hw", image, weights)) / 255.0
    image = np.asarray(image)
    weights = np.asarray(_Y_FROM_RGB, dtype=np.float64)
    return ((16.0 + image[..., :3].astype(np.float64) @ weights) / 255.0).astype(
        np.result_type(image.dtype, np.float32))


def psnr(a, b, crop_border: int = 0, y_channel: bool = True, device=None,
         quantize: bool = False) -> float:
    """Peak signal-to-noise ratio in dB, peak 255 on the 0–255 scale.

    Identical images give ``inf`` (no cap: the mean squared error is zero).
    ``quantize`` rounds both images to 8-bit levels first, as BasicSR's validation does on
    the images it saves. A batch gives the mean of the per-image values.
    """
    return float(np.mean(psnr_per_image(a, b, crop_border, y_channel, device, quantize)))


def ssim(a, b, crop_border: int = 0, y_channel: bool = True, device=None,
         quantize: bool = False) -> float:
    """Structural similarity in [-1, 1] (1 for identical images); see the module docstring.

    A batch gives the mean of the per-image values.
    """
    return float(np.mean(ssim_per_image(a, b, crop_border, y_channel, device, quantize)))


def psnr_per_image(a, b, crop_border: int = 0, y_channel: bool = True, device=None,
                   quantize: bool = False) -> np.ndarray:
    """PSNR of each image of a batch, as a float64 array of N values."""
    x, y = _prepare_pair(a, b, crop_border, y_channel, device, quantize, torch.float64)
    mse = (x - y).pow(2).mean(dim=(1, 2, 3))  # on [0, 1]: PSNR is scale-free, peak 1 ≡ 255
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(1.0 / mse.cpu().numpy())


def ssim_per_image(a, b, crop_border: int = 0, y_channel: bool = True, device=None,
                   quantize: bool = False) -> np.ndarray:
    """SSIM of each image of a batch (mean over channels for RGB), a float64 array."""
    x, y = _prepare_pair(a, b, crop_border, y_channel, device, quantize, torch.float32)
    if min(x.shape[-2:]) < WINDOW_SIZE:
        raise ValueError(translate(
            "SrMetrics", "SSIM needs at least {0}×{0} pixels after the border crop, got "
            "{1}×{2}").format(WINDOW_SIZE, x.shape[-1], x.shape[-2]))
    return _ssim_channel_means(x, y).mean(dim=1).cpu().numpy()


# -- internals ------------------------------------------------------------------------------

def gaussian_window(size: int = WINDOW_SIZE, sigma: float = WINDOW_SIGMA) -> np.ndarray:
    """The normalised 1-D Gaussian (the same taps as cv2.getGaussianKernel(11, 1.5))."""
    offsets = np.arange(size, dtype=np.float64) - (size - 1) / 2
    taps = np.exp(-offsets ** 2 / (2 * sigma ** 2))
    return taps / taps.sum()


def _ssim_channel_means(x: torch.Tensor, y: torch.Tensor, rows_per_strip: int | None = None
                        ) -> torch.Tensor:
    """Mean SSIM of each channel, (N, C), of [0, 1] images (N, C, H, W), 'valid' region.

    Scale: SSIM of 255·x with C1, C2 equals SSIM of x with C1/255², C2/255², so the images
    stay in [0, 1] (two fewer passes over them) and the 0–255 constants are rescaled.

    Speed: the five local statistics (means, variances, covariance) of all channels are
    stacked and filtered together, separably (11 taps down, then 11 across), as shifted
    multiply-adds; torch's depthwise convolution is several times slower on CPUs for
    1×11 kernels. The image is processed in strips of rows so the stacked statistics
    stay in cache instead of streaming 5·C full-size maps through memory 22 times.

    Precision: float32 loses digits in E[x²] − E[x]² when the values are large, so each
    image pair is shifted by its mean grey first (strip by strip). Variances and covariance
    do not change under a common shift; the means are shifted back for the luminance term.
    """
    n, c, height, width = x.shape
    if rows_per_strip is None:
        # ~1M values of statistics per strip: cache-sized, yet few enough strips that the
        # per-op thread hand-off does not dominate (measured best at 1 thread: 32–64 rows
        # for RGB, 64–100 for Y at 2048 wide).
        rows_per_strip = max(16, _STRIP_VALUES // (5 * n * c * width))
    c1, c2 = _C1 / 255.0 ** 2, _C2 / 255.0 ** 2
    shift = 0.5 * (x.mean(dim=(2, 3), keepdim=True) + y.mean(dim=(2, 3), keepdim=True))
    taps = [float(t) for t in gaussian_window()]
    halo = WINDOW_SIZE - 1
    out_height, out_width = height - halo, width - halo
    totals = torch.zeros(n, c, dtype=torch.float64, device=x.device)
    buffer = torch.empty((n, 5 * c, min(rows_per_strip, out_height) + halo, width),
                         dtype=x.dtype, device=x.device)
    for top in range(0, out_height, rows_per_strip):
        rows = min(rows_per_strip, out_height - top)
        stats = buffer[:, :, :rows + halo]
        xs, ys, xx, yy, xy = stats.split(c, dim=1)
        torch.sub(x[:, :, top:top + rows + halo], shift, out=xs)
        torch.sub(y[:, :, top:top + rows + halo], shift, out=ys)
        torch.mul(xs, xs, out=xx)
        torch.mul(ys, ys, out=yy)
        torch.mul(xs, ys, out=xy)
        stats = _filter_valid(_filter_valid(stats, 2, rows, taps), 3, out_width, taps)
        mu_x, mu_y, xx, yy, xy = stats.split(c, dim=1)
        # In place: var_x + var_y = xx + yy - mu_x² - mu_y², cov = xy - mu_x·mu_y.
        xy.sub_(mu_x * mu_y).mul_(2).add_(c2)                       # 2·cov + C2
        xx.add_(yy).sub_(mu_x.square()).sub_(mu_y.square()).add_(c2)  # σx² + σy² + C2
        mu_x.add_(shift)
        mu_y.add_(shift)
        numerator = (mu_x * mu_y).mul_(2).add_(c1).mul_(xy)
        denominator = mu_x.square_().add_(mu_y.square_()).add_(c1).mul_(xx)
        totals += numerator.div_(denominator).sum(dim=(2, 3), dtype=torch.float64)
    return totals / (out_height * out_width)


def _filter_valid(tensor: torch.Tensor, dim: int, length: int, taps: list[float]):
    """Correlate along ``dim`` with ``taps`` where they fit ('valid'): ``length`` outputs."""
    result = tensor.narrow(dim, 0, length) * taps[0]
    for offset in range(1, len(taps)):
        result.add_(tensor.narrow(dim, offset, length), alpha=taps[offset])
    return result


def _prepare_pair(a, b, crop_border, y_channel, device, quantize, dtype):
    """Both images as (N, C, H, W) tensors in [0, 1] (or Y/255), cropped, on one device."""
    x = _as_batch(a, device, dtype)
    y = _as_batch(b, x.device, dtype)
    if x.shape != y.shape:
        raise ValueError(translate("SrMetrics", "the images differ in size: {0} and {1}").format(
            _describe(x), _describe(y)))
    if quantize:
        x, y = torch.round(x.clamp(0, 1) * 255) / 255, torch.round(y.clamp(0, 1) * 255) / 255
    if y_channel:
        if x.shape[1] != 3:
            raise ValueError(f"the Y channel needs RGB images, got {x.shape[1]} channel(s)")
        x, y = rgb_to_y(x).unsqueeze(1), rgb_to_y(y).unsqueeze(1)
    crop = int(crop_border)
    if crop < 0:
        raise ValueError(f"crop_border must not be negative, got {crop}")
    if crop:
        if 2 * crop >= min(x.shape[-2:]):
            raise ValueError(translate(
                "SrMetrics", "crop_border {0} leaves nothing of a {1} image").format(
                    crop, _describe(x)))
        x, y = x[..., crop:-crop, crop:-crop], y[..., crop:-crop, crop:-crop]
    return x, y


def _as_batch(image, device, dtype) -> torch.Tensor:
    if isinstance(image, torch.Tensor):
        tensor = image.detach()
        if tensor.ndim == 3:
            tensor = tensor.unsqueeze(0)
    else:
        array = np.asarray(image)
        if array.ndim == 2:
            array = array[..., None]
        if array.ndim == 3:
            array = array[None]
        if array.dtype == np.uint8 or array.dtype == np.uint16:  # stored levels → [0, 1]
            array = array / np.float32(np.iinfo(array.dtype).max)
        tensor = torch.from_numpy(np.ascontiguousarray(array)).permute(0, 3, 1, 2)
    if tensor.ndim != 4:
        raise ValueError(f"expected an image (H, W, 3) / (3, H, W) or a batch, "
                         f"got shape {tuple(image.shape)}")
    if device is not None:
        tensor = tensor.to(device)
    return tensor.to(dtype).contiguous()  # numpy HWC arrives as a strided NCHW view


def _describe(tensor: torch.Tensor) -> str:
    return f"{tensor.shape[-1]}×{tensor.shape[-2]}"


__all__ = ["WINDOW_SIGMA", "WINDOW_SIZE", "gaussian_window", "psnr", "psnr_per_image",
           "rgb_to_y", "ssim", "ssim_per_image"]
