"""Benchmark: OCR model latency, torch (onnx2torch, several variants) beside onnxruntime.

    .venv/bin/python bench/ocr_backends.py [--threads 2] [--rounds 7] [--compile]
                                          [--models det rec cls]

Inputs (the same arrays for every variant, made once): det one (1,3,960,960) image, the
scikit-image text page resized to 960×960 and normalised; rec a (16,3,48,320) batch of text
lines rendered with Pillow's bundled font; cls a (16,3,48,192) batch of the same lines.

Variants (torch ones: ``models.load_torch_model`` then ``TorchBackend``):
- ``onnxruntime``            the original ONNX, CPU provider, spinning off (what
                             ``load_backend("onnxruntime")`` uses); ``onnxruntime+spin``
                             with onnxruntime's default busy-waiting threads.
- ``torch plain``            onnx2torch on the fixed ONNX (only the Slice fix), NCHW.
- ``torch +fold``            BatchNorm / constant affine ops folded into convs.
- ``torch +fold+fuse``       also hard-swish fused and a*x+b in one kernel.
- ``torch +fold+fuse+cl``    also channels_last (the onnx2torch module).
- ``torch frozen``           that module frozen (freeze.py), channels_last: what
                             ``load_backend("torch")`` runs.
- ``torch ... +compile``     torch.compile of the last one (--compile; a minute or more of
                             compiling per shape on 2 cores, so not the default).

Timing: variants are run in interleaved rounds (one call of each per round, after one
warm-up call each) so a busy machine slows them alike; reported are the min and the median
over rounds, in ms. torch and onnxruntime use --threads threads. The timing helpers
(``Variant``, ``interleaved``, ``format_table``) are meant for reuse by other OCR benches.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cvlab.tools.ocr import models as M  # noqa: E402

PAGE = REPO / "tests" / "data" / "ocr" / "skimage_page.png"
LINES = ("Hello World 2024", "Region-based segmentation", "The quick brown fox",
         "jumps over the lazy dog", "PP-OCRv4 in PyTorch", "onnxruntime 1.32",
         "Lorem ipsum dolor sit", "0123456789")


# ----- reusable timing helpers --------------------------------------------------------------

@dataclass
class Variant:
    name: str
    run: Callable[[], object]
    times: list[float] = field(default_factory=list)

    @property
    def best_ms(self) -> float:
        return min(self.times) * 1000

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000


def interleaved(variants: list[Variant], rounds: int, warmup: int = 1) -> list[Variant]:
    """Time each variant's ``run()`` in ``rounds`` rounds, one call of each per round."""
    for variant in variants:
        for _ in range(warmup):
            variant.run()
    for _ in range(rounds):
        for variant in variants:
            start = time.perf_counter()
            variant.run()
            variant.times.append(time.perf_counter() - start)
    return variants


def format_table(title: str, variants: list[Variant], baseline: str | None = None) -> str:
    base = next((v for v in variants if v.name == baseline), None)
    lines = [title, f"  {'variant':<30} {'min ms':>9} {'median ms':>10} "
                    f"{'vs ' + (baseline or ''):>16}"]
    for v in variants:
        ratio = f"{v.best_ms / base.best_ms:.2f}x" if base else ""
        lines.append(f"  {v.name:<30} {v.best_ms:9.1f} {v.median_ms:10.1f} {ratio:>16}")
    return "\n".join(lines)


# ----- inputs and variants ------------------------------------------------------------------

def render_line(text: str, height: int = 48) -> np.ndarray:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=height * 2 // 3)
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("RGB", (right - left + 16, height), "white")
    ImageDraw.Draw(image).text((8 - left, (height - (bottom - top)) // 2 - top), text,
                               fill="black", font=font)
    return np.asarray(image)


def make_inputs() -> dict[str, np.ndarray]:
    import cv2
    from PIL import Image

    page = np.asarray(Image.open(PAGE).convert("RGB"))
    page = cv2.resize(page, (960, 960), interpolation=cv2.INTER_LINEAR)
    crops = [render_line(t) for t in LINES] * 2
    return {M.DET: M.normalise_det(page),
            M.REC: M.rec_batch(crops, width=320),
            M.CLS: M.cls_batch(crops)}


TORCH_VARIANTS = {  # name: (rewrite flags for onnx_fix.optimise, channels_last)
    "torch plain": (dict(fold=False, hardswish=False, fuse_affine=False), False),
    "torch +fold": (dict(fold=True, hardswish=False, fuse_affine=False), False),
    "torch +fold+fuse": (dict(fold=True, hardswish=True, fuse_affine=True), False),
    "torch +fold+fuse+cl": (dict(fold=True, hardswish=True, fuse_affine=True), True),
}
DEFAULT_VARIANT = "torch +fold+fuse+cl"  # what load_backend("torch") freezes and runs


def torch_variants(model: str, path: Path, batch: np.ndarray, compile_: bool) -> list[Variant]:
    import torch
    from onnx2torch import convert

    from cvlab.tools.ocr import onnx_fix
    from cvlab.tools.ocr.freeze import freeze

    proto = onnx_fix.fixed_onnx(path, M.file_sha256(path), input_height=M.INPUT_HEIGHT[model])
    base = convert(proto).eval()
    out = []
    for name, (flags, channels_last) in TORCH_VARIANTS.items():
        module = onnx_fix.optimise(copy.deepcopy(base), **flags)
        backend = M.TorchBackend({model: module}, [], channels_last=channels_last)
        out.append(Variant(name, lambda b=backend: b._run(model, batch)))
    frozen = freeze(onnx_fix.optimise(copy.deepcopy(base)))
    backend = M.TorchBackend({model: frozen}, [])
    out.append(Variant("torch frozen", lambda b=backend: b._run(model, batch)))
    if compile_:
        backend = M.TorchBackend({model: onnx_fix.optimise(copy.deepcopy(base))}, [])
        backend.modules[model] = torch.compile(backend.modules[model], dynamic=False)
        start = time.perf_counter()
        backend._run(model, batch)
        print(f"  ({model}: torch.compile took {time.perf_counter() - start:.0f} s)")
        out.append(Variant(DEFAULT_VARIANT + " +compile", lambda b=backend: b._run(model, batch)))
    return out


def ort_variants(model: str, path: Path, batch: np.ndarray, threads: int) -> list[Variant]:
    import onnxruntime as ort

    out = []
    for name, spinning in (("onnxruntime", False), ("onnxruntime+spin", True)):
        session = ort.InferenceSession(str(path), M.ort_session_options(threads, spinning),
                                       providers=["CPUExecutionProvider"])
        feed = {session.get_inputs()[0].name: batch}
        out.append(Variant(name, lambda s=session, f=feed: s.run(None, f)))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--compile", action="store_true", help="also time torch.compile")
    parser.add_argument("--models", nargs="+", default=["det", "rec", "cls"],
                        choices=["det", "rec", "cls"])
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    paths = M.model_paths()
    inputs = make_inputs()
    names = {"det": M.DET, "rec": M.REC, "cls": M.CLS}
    print(f"torch {torch.__version__}, {args.threads} threads; {args.rounds} interleaved rounds; "
          f"load_backend('torch') runs {DEFAULT_VARIANT!r} frozen ('torch frozen')")
    for short in args.models:
        model = names[short]
        batch = inputs[model]
        variants = ort_variants(model, paths[model], batch, args.threads)
        variants += torch_variants(model, paths[model], batch, args.compile)
        reference = variants[0].run()[0]
        for v in variants[2:]:
            diff = float(np.abs(np.asarray(v.run()) - reference).max())
            if diff > 1e-3:
                print(f"  WARNING {v.name}: max |diff| vs onnxruntime {diff:.2e}")
        interleaved(variants, args.rounds)
        print(format_table(f"\n{short} {tuple(batch.shape)}", variants, baseline="onnxruntime"))


if __name__ == "__main__":
    main()
