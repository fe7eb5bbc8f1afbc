"""The tools' jobs as the benchmarks call them: each case loads what it needs and returns a
zero-argument call of the tool's own job function (the call its tab makes), so a benchmark
times exactly what a click runs.

MAIN_MODELS: each tool's main model (bench/under_load.py). CHEAPEST: the cheapest way to a
visible result in each tab (bench/first_result.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = ROOT / "resources" / "samples" / "photos"
CHEST_CT = ROOT / "resources" / "samples" / "chest_ct_axial"
PAGE = ROOT / "resources" / "samples" / "ocr" / "skimage_page.png"


def _photo(name: str, size: int | None = None):
    from cvlab.core.images import load_image

    image = load_image(PHOTOS / name)
    if size is not None:
        image = image[:size, :size]
    return image


def _context(tool: str):
    from cvlab.core.jobs import JobContext

    return JobContext.local(tool)


def case_realesrgan():
    from cvlab.tools.superres.jobs import upscale_method_job

    ctx, image = _context("superres"), _photo("opencv_baboon.jpg", 64)
    return lambda: upscale_method_job(ctx, image, 4, "realesrgan-x4plus", 192, "fp32")


def case_srresnet():
    from cvlab.tools.superres.jobs import upscale_method_job

    ctx, image = _context("superres"), _photo("opencv_baboon.jpg", 128)
    return lambda: upscale_method_job(ctx, image, 4, "srresnet", 192, "fp32")


def _detector(name: str):
    from cvlab.tools.faces.jobs import detect_job

    ctx, image = _context("faces"), _photo("skimage_astronaut.png")
    return lambda: detect_job(ctx, image, name, None, 20)


def case_mtcnn():
    return _detector("mtcnn")


def case_blazeface():
    return _detector("blazeface")


def _ocr(backend: str):
    from cvlab.core.images import load_image
    from cvlab.tools.ocr.jobs import read_job

    ctx, image = _context("ocr"), load_image(PAGE)
    return lambda: read_job(ctx, backend, image, {})


def case_ocr_torch():
    return _ocr("torch")


def case_ocr_onnxruntime():
    return _ocr("onnxruntime")


def case_gradcam():
    from cvlab.tools.heatmaps.engine import Request
    from cvlab.tools.heatmaps.jobs import explain_job

    ctx, image = _context("heatmaps"), _photo("skimage_chelsea.png")
    source = ("builtin", "mobilenet_v2")
    return lambda: explain_job(ctx, source, image, [Request("gradcam", ("features.18",))])


def case_colorizer():
    from cvlab.core.images import to_gray
    from cvlab.tools.restore.jobs import color_job

    ctx, gray = _context("restore"), to_gray(_photo("skimage_coffee.png"))
    return lambda: color_job(ctx, gray, ["net"], None, None, 1.0)


def case_ct_lungs():
    from cvlab.tools.ct.jobs import lungs_job

    ctx = _context("ct")
    volume = _open_chest_ct(ctx).volume
    return lambda: lungs_job(ctx, volume)


MAIN_MODELS = {
    "realesrgan-tile": ("Real-ESRGAN x4plus, one 64² tile", case_realesrgan),
    "srresnet": ("SRResNet ×4, 128² photo", case_srresnet),
    "mtcnn": ("MTCNN, 512² photo", case_mtcnn),
    "blazeface": ("BlazeFace short range, 512² photo", case_blazeface),
    "ocr-torch": ("OCR pipeline (torch), page photo", case_ocr_torch),
    "ocr-onnxruntime": ("OCR pipeline (onnxruntime), page photo", case_ocr_onnxruntime),
    "gradcam": ("Grad-CAM, MobileNetV2", case_gradcam),
    "colorizer": ("Colouriser net, 400×600 photo", case_colorizer),
    "ct-lungs": ("CT lungs + nodules, 191-slice chest CT", case_ct_lungs),
}


def _open_chest_ct(ctx):
    """What opening the chest CT sample runs: the folder scan, then loading its series."""
    from cvlab.tools.ct.jobs import load_job, scan_job

    return load_job(ctx, scan_job(ctx, [str(CHEST_CT)]).scan.series[0])


def cheap_ct_open():
    ctx = _context("ct")
    return lambda: _open_chest_ct(ctx)


def cheap_sr_bicubic():
    from cvlab.tools.superres.jobs import evaluate_method_job

    ctx, hr = _context("superres"), _photo("opencv_baboon.jpg", 256)
    return lambda: evaluate_method_job(ctx, hr, 4, "bicubic", True, 192, "fp32")


def cheap_restore_telea():
    from cvlab.tools.restore.jobs import inpaint_job

    ctx, image = _context("restore"), _photo("skimage_coffee.png")
    yy, xx = np.mgrid[:image.shape[0], :image.shape[1]]
    mask = (yy - 200) ** 2 + (xx - 300) ** 2 < 40 ** 2
    return lambda: inpaint_job(ctx, image, mask, ["telea"], 5)


def cheap_inspect_open():
    from cvlab.tools.inspect.jobs import load_job

    ctx = _context("inspect")
    return lambda: load_job(ctx, str(PHOTOS / "skimage_astronaut.png"))


CHEAPEST = {
    "ct": ("CT: open the 191-slice chest CT (scan + load)", cheap_ct_open),
    "superres": ("Super-resolution: bicubic ×4, 256² photo, PSNR/SSIM", cheap_sr_bicubic),
    "heatmaps": ("Heatmaps: Grad-CAM, MobileNetV2", case_gradcam),
    "ocr": ("OCR: read the page photo (torch)", case_ocr_torch),
    "faces": ("Faces: BlazeFace, 512² photo", case_blazeface),
    "restore": ("Restore: Telea inpainting, 400×600 photo", cheap_restore_telea),
    "inspect": ("Inspect: open and measure a 512² photo", cheap_inspect_open),
}


def run_child(script: str, args: list[str], *, drop_env: tuple[str, ...] = (),
              timeout: float = 900) -> dict:
    """Run ``script`` (a benchmark's ``--child`` mode) in a fresh process with the repository
    on its path, less the variables in ``drop_env``; the JSON line it prints."""
    env = {k: v for k, v in os.environ.items() if k not in drop_env}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    out = subprocess.run([sys.executable, script, "--child", *args], env=env,
                         capture_output=True, text=True, timeout=timeout)
    line = next((text for text in out.stdout.splitlines() if text.startswith("{")), None)
    if out.returncode != 0 or line is None:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return json.loads(line)
