"""Benchmark: whole-image OCR (detect, classify, recognise), our torch path beside onnxruntime.

    .venv/bin/python bench/ocr_pipeline.py [--rounds 5] [--threads 2]

Images: the scikit-image page photo (resources/samples/ocr/skimage_page.png) and a 1920×1080
street-style image made here: the scikit-learn China photo enlarged as the background, with
street signs (Chinese and English) and a car's licence plate pasted on it. The backends run
the same PP-OCRv4 models through the same ``read_text`` (box threshold 0.5, direction
classifier on); only the model calls differ. "torch" is ``load_backend("torch")`` (the frozen
modules), "torch onnx2torch" the same backend on the onnx2torch modules they were frozen
from. All are timed in interleaved rounds after a warm-up, so a busy machine slows them
alike; reported are the min and the median in ms, what each read (line count) and whether
they read the same text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from ocr_backends import Variant, format_table, interleaved  # noqa: E402
from summary import record  # noqa: E402

SHARED = REPO / "resources" / "samples"  # the same files as ../shared/data, in the repository
SIGNS = ("中山路 Zhongshan Rd", "停车场 Parking", "出口 EXIT", "北京西站 Beijing West",
         "限速 60 km/h")


def street_image(width: int = 1920, height: int = 1080) -> np.ndarray:
    import cv2

    from cvlab.core.images import load_image, to_rgb8
    from cvlab.tools.ocr.plate_render import place_in_scene, render_plate, render_sign

    photo = to_rgb8(load_image(SHARED / "photos" / "sklearn_china.jpg"))
    scene = cv2.resize(photo, (width, height), interpolation=cv2.INTER_CUBIC)
    rng = np.random.default_rng(7)
    for n, text in enumerate(SIGNS):
        sign = render_sign(text, height=int(rng.integers(48, 90)))
        y = 60 + n * 180
        x = int(rng.integers(40, width - sign.shape[1] - 40))
        scene[y:y + sign.shape[0], x:x + sign.shape[1]] = sign
    car, _quad = place_in_scene(render_plate("沪AD12345", "green"), size=(640, 360),
                                perspective=0.1, blur_sigma=0.6, seed=3)
    scene[height - 380:height - 20, width - 680:width - 40] = car
    return scene


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    import torch

    from cvlab.core.images import load_image
    from cvlab.tools.ocr import models as M
    from cvlab.tools.ocr.pipeline import read_text

    torch.set_num_threads(args.threads)
    backends = {name: M.load_backend(name, "cpu", threads=args.threads)
                for name in ("torch", "onnxruntime")}
    backends["torch onnx2torch"] = M.TorchBackend(
        {m: M.load_torch_model(m)[0] for m in M.MODELS}, backends["torch"].characters)
    images = {"skimage page": load_image(SHARED / "ocr" / "skimage_page.png"),
              "street 1920×1080": street_image()}
    print(f"{args.threads} thread(s), torch {torch.__version__}, {args.rounds} rounds")
    for label, image in images.items():
        results = {}

        def runner(name, image=image, results=results):
            def run():
                results[name] = read_text(image, backends[name], box_threshold=0.5)
            return run

        variants = interleaved([Variant(name, runner(name)) for name in backends], args.rounds)
        height, width = image.shape[:2]
        print(format_table(f"\n{label} ({width}×{height}), whole pipeline", variants,
                           baseline="onnxruntime"))
        texts = {name: [line.text for line in r.lines] for name, r in results.items()}
        for name, result in results.items():
            stages = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.timings.items())
            print(f"  {name}: {len(result.lines)} lines ({stages})")
        best = {v.name: v.best_ms / 1000 for v in variants}
        measure = "OCR pipeline, page photo" if label.startswith("skimage") else \
            f"OCR pipeline, {label}"
        record(measure, best["torch"], "onnxruntime", best["onnxruntime"], "min of rounds")
        print(f"  same text, torch and onnxruntime: {texts['torch'] == texts['onnxruntime']}; "
              f"frozen and onnx2torch: {texts['torch'] == texts['torch onnx2torch']}")
        if label.startswith("street"):
            print("  read: " + " | ".join(texts["torch"]))


if __name__ == "__main__":
    main()
