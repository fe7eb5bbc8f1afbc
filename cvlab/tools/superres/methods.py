"""The super-resolution methods a user can pick, and running them (no Qt).

Interpolations need nothing; networks load through the weights catalogue onto the
job's device (once, into the tool's model cache, ``ctx.models``) and run tiled, so any
image size works in bounded memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate
from cvlab.core.jobs import JobContext, ToolModels, run_each
from cvlab.tools.superres.resize import make_lr, upscale_interpolation


@dataclass(frozen=True)
class Method:
    name: str                 # what the CLI takes: "bicubic", "srresnet", ...
    title: str                # what captions show
    kind: str                 # "interpolation" or "network"
    scales: tuple[int, ...]
    description: str = ""
    weights: tuple[str, ...] = ()  # catalogue entries the method needs


METHODS: tuple[Method, ...] = (
    Method("nearest",
        QT_TRANSLATE_NOOP("SuperResPanel", "Nearest"), "interpolation", (2, 3, 4),
        QT_TRANSLATE_NOOP("SuperResPanel", "Each pixel repeated")),
    Method("bicubic", QT_TRANSLATE_NOOP("SuperResPanel", "Bicubic"), "interpolation", (2, 3, 4),
           QT_TRANSLATE_NOOP("SuperResPanel", "Keys cubic (a = −0.5), as MATLAB's imresize")),
    Method("lanczos",
        QT_TRANSLATE_NOOP("SuperResPanel", "Lanczos"), "interpolation", (2, 3, 4),
        QT_TRANSLATE_NOOP("SuperResPanel", "Lanczos-3 windowed sinc")),
    Method("srresnet", QT_TRANSLATE_NOOP("SuperResPanel", "SRResNet"), "network", (4,),
           QT_TRANSLATE_NOOP(
               "SuperResPanel", "16 residual blocks, 64 channels, trained by CV Lab for "
                                "pixel error"),
           ("srresnet_x4",)),
    Method("srgan", QT_TRANSLATE_NOOP("SuperResPanel", "SRGAN"), "network", (4,),
           QT_TRANSLATE_NOOP(
               "SuperResPanel", "SRResNet fine-tuned with perceptual (MobileNetV2) and "
                                "adversarial losses"),
           ("srgan_x4",)),
    Method("realesrgan-x4plus",
        QT_TRANSLATE_NOOP("SuperResPanel", "Real-ESRGAN x4plus"), "network", (4,),
           QT_TRANSLATE_NOOP(
               "SuperResPanel", "RRDBNet, 23 blocks (converted from the ncnn release)"),
           ("realesrgan_x4plus_ncnn_param", "realesrgan_x4plus_ncnn_bin")),
    Method("realesrgan-animevideov3",
        QT_TRANSLATE_NOOP("SuperResPanel", "Real-ESRGAN animevideov3"), "network", (4,),
           QT_TRANSLATE_NOOP(
               "SuperResPanel", "Compact SRVGG net (converted from the ncnn release)"),
           ("realesrgan_animevideov3_ncnn_param", "realesrgan_animevideov3_ncnn_bin")),
    Method("realsr-df2k-x4", QT_TRANSLATE_NOOP("SuperResPanel", "RealSR DF2K"), "network", (4,),
           QT_TRANSLATE_NOOP(
               "SuperResPanel", "RRDBNet, 23 blocks, trained on estimated real-camera degradations "
           "(converted from the ncnn release)"),
           ("realsr_df2k_x4_ncnn_param", "realsr_df2k_x4_ncnn_bin")),
    Method("span-x4", QT_TRANSLATE_NOOP("SuperResPanel", "SPAN ×4"), "network", (4,),
           QT_TRANSLATE_NOOP(
               "SuperResPanel", "SPAN, 48 channels, 6 parameter-free attention blocks, "
                                "NTIRE 2024 efficient SR "
           "(converted from the ncnn release)"),
           ("span_x4_ch48_ncnn_param", "span_x4_ch48_ncnn_bin")),
    Method("span-x2", QT_TRANSLATE_NOOP("SuperResPanel", "SPAN ×2"), "network", (2,),
           QT_TRANSLATE_NOOP(
               "SuperResPanel", "SPAN ×2, 48 channels, 6 parameter-free attention blocks "
           "(converted from the ncnn release)"),
           ("span_x2_ch48_ncnn_param", "span_x2_ch48_ncnn_bin")),
    Method("realcugan-x2-conservative",
        QT_TRANSLATE_NOOP("SuperResPanel", "Real-CUGAN ×2 conservative"), "network", (2,),
           QT_TRANSLATE_NOOP(
               "SuperResPanel", "Two cascaded U-Nets with squeeze-excitation, mildest restoration "
           "(converted from the ncnn release)"),
           ("realcugan_se_x2_conservative_ncnn_param", "realcugan_se_x2_conservative_ncnn_bin")),
)


PRECISIONS = ("fp32", "bf16", "fp16")
MAX_OUTPUT_PIXELS = 8192 * 8192  # the float32 result alone is 0.8 GB


def get_method(name: str) -> Method:
    for method in METHODS:
        if method.name == name:
            return method
    raise KeyError(f"unknown method {name!r}; choose from "
                   f"{', '.join(m.name for m in METHODS)}")


@dataclass
class MethodOutput:
    method: str
    title: str
    image: np.ndarray          # (H, W, 3) float32 in [0, 1]
    seconds: float
    psnr: float | None = None
    ssim: float | None = None


@dataclass
class Evaluation:
    hr: np.ndarray
    lr: np.ndarray
    scale: int
    y_channel: bool
    crop_border: int
    outputs: list[MethodOutput] = field(default_factory=list)

    def rows(self) -> list[dict]:
        channel = "Y" if self.y_channel else "RGB"
        return [{"method": o.title, "scale": self.scale, "psnr_db": round(o.psnr, 4),
                 "ssim": round(o.ssim, 5), "channel": channel,
                 "crop_border": self.crop_border, "seconds": round(o.seconds, 3)}
                for o in self.outputs]


def load_network(name: str, models: ToolModels):
    """The torch module of a network method on ``models.device``, loaded once into
    ``models``."""
    def load():
        from cvlab.tools.superres.networks import build_network

        return build_network(name, models.device)

    return models.get(name, load)


def check_upscale_size(height: int, width: int, scale: int) -> None:
    """ValueError in one sentence when the ×``scale`` result would be larger than
    MAX_OUTPUT_PIXELS (a 20 kB PNG can hold 13000×13000 px). Callers that convert the
    input to float first ask before converting."""
    if height * width * scale * scale > MAX_OUTPUT_PIXELS:
        raise ValueError(translate(
            "SrMethods", "a {0}×{1} px image ×{2} would be {3}×{4} px; super-resolution makes "
            "images of at most {5:.0f} MP (8192×8192): crop the input first").format(
                width, height, scale, width * scale, height * scale, MAX_OUTPUT_PIXELS / 1e6))


def upscale(image: np.ndarray, method: str, scale: int, *, models: ToolModels | None = None,
            tile: int | None = 192, progress: Callable | None = None,
            cancelled: Callable | None = None, precision: str = "fp32") -> np.ndarray:
    """One method on one (H, W, 3) float image; returns the ×scale image.

    ``models``: the tool's model cache and device (``ctx.models``); by default the CPU and
    a network loaded for this call only.
    ``precision``: "fp32", "bf16" (CPU or CUDA; ~3× faster on CPUs with native bf16, about
    46 dB PSNR from the fp32 output for Real-ESRGAN) or "fp16" (CUDA only)."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    spec = get_method(method)
    if scale not in spec.scales:
        raise ValueError(translate("SrMethods", "{0} works at ×{1}, not ×{2}").format(
            translate("SuperResPanel", spec.title), ", ×".join(map(str, spec.scales)), scale))
    check_upscale_size(*image.shape[:2], scale)
    if spec.kind == "interpolation":
        return upscale_interpolation(image, scale, method)
    import torch

    from cvlab.tools.superres.tiling import upscale_tiled

    models = models if models is not None else ToolModels.local("superres")
    device = torch.device(models.device)
    network = load_network(method, models)

    def run(batch):
        with torch.inference_mode():
            return network(batch.to(device)).clamp_(0, 1)

    return upscale_tiled(run, image, scale, tile=tile, overlap=16, progress=progress,
                         cancelled=cancelled, device=device, half=precision)


def upscale_keeping_layout(pixels: np.ndarray, method: str, scale: int, *,
                           models: ToolModels | None = None, tile: int | None = 192,
                           precision: str = "fp32"):
    """Any image as read (gray, RGBA, 16-bit …) upscaled, the result in the same layout:
    (result, layout). The size is checked before the float copies are made."""
    from cvlab.tools.superres.layout import restore_layout, split_layout

    check_upscale_size(*pixels.shape[:2], scale)
    image, layout = split_layout(pixels)
    out = upscale(image, method, scale, models=models, tile=tile, precision=precision)
    return restore_layout(out, layout), layout


def upscale_each(ctx: JobContext, image: np.ndarray, scale: int, methods: list[str], *,
                 tile: int | None = 192,
                 precision: str = "fp32") -> list[tuple[str, np.ndarray, float]]:
    """[(method name, output, seconds)] for each method on ``image``."""
    return run_each(ctx, methods, lambda part, name: upscale(
        image, name, scale, models=ctx.models, tile=tile, progress=part.progress,
        cancelled=part.cancelled, precision=precision),
        text=lambda name: translate("SuperResPanel", get_method(name).title))


def evaluate(hr: np.ndarray, scale: int, methods: list[str], *, y_channel: bool = True,
             ctx: JobContext | None = None, tile: int | None = 192,
             precision: str = "fp32",
             on_output: Callable[[MethodOutput], None] | None = None) -> Evaluation:
    """Make the LR input from the ground truth (MATLAB-style bicubic), run every method,
    score each against the ground truth (``scale`` pixels cropped from the border).

    ``ctx``: the job's context (device, models, progress, cancel); by default a local one
    on the CPU. ``on_output(output)`` is called as each method is scored, so a caller can
    show the cheap methods while the networks still run."""
    from cvlab.tools.superres.metrics import psnr, ssim

    ctx = ctx if ctx is not None else JobContext.local("superres")
    for name in methods:  # a misspelt name fails before any output is reported
        get_method(name)
    hr, lr = make_lr(hr, scale)
    result = Evaluation(hr, lr, scale, y_channel, crop_border=scale)
    for n, name in enumerate(methods):  # one at a time: each is reported when it is ready
        part = ctx.part(n / len(methods), (n + 1) / len(methods))
        [(_, out, seconds)] = upscale_each(part, lr, scale, [name], tile=tile,
                                           precision=precision)
        output = MethodOutput(
            name, get_method(name).title, out, seconds,
            psnr(out, hr, crop_border=scale, y_channel=y_channel, device=ctx.device),
            ssim(out, hr, crop_border=scale, y_channel=y_channel, device=ctx.device))
        result.outputs.append(output)
        if on_output is not None:
            on_output(output)
    return result
