"""Benchmark: Real-ESRGAN x4plus on the CPU — our PyTorch path beside the ncnn runtime.

    python bench/sr_realesrgan.py [--size 256] [--repeats 1] [--threads 2] [--no-compile]

Same weights for everyone (the catalogue's ncnn files; ours converted from them), same input
(a crop of a shared photo), same thread count, one run. Variants of ours:

- fp32:           eager, torch.no_grad
- inference_mode: eager, torch.inference_mode (no autograd bookkeeping at all)
- channels_last:  inference_mode + NHWC memory format (oneDNN's preferred conv layout)
- bf16 autocast:  channels_last + torch.autocast("cpu", bfloat16) — a win only on CPUs with
                  native bf16 (AVX512-BF16/AMX); its error against fp32 is printed too
- torch.compile:  inductor on channels_last, fp32 and with bf16 autocast (compile time
                  reported apart; inductor's "freezing" measured slower here, so it is off)

and ncnn with fp16 storage/arithmetic off (fp32, what the tests compare against) and with
its default options. Each eager variant is warmed up on a small input first (oneDNN and
ncnn set up their kernels on first use); torch.compile is warmed up at the timed size, since
it specialises on the shape. The time is the best of --repeats runs. Needs the x4plus files:
cvlab weights fetch realesrgan_x4plus_ncnn_param realesrgan_x4plus_ncnn_bin.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from summary import record  # noqa: E402

from cvlab.tools.superres.ncnn_convert import load_realesrgan, realesrgan_files  # noqa: E402

MODEL = "realesrgan-x4plus"
PHOTO = Path(__file__).resolve().parents[2] / "shared" / "data" / "photos" / "opencv_baboon.jpg"
WARMUP_SIZE = 48


def photo_crop(size: int) -> np.ndarray:
    """(3,size,size) float32 in [0,1]: a real photo, tiled if it is smaller than ``size``."""
    image = np.asarray(Image.open(PHOTO).convert("RGB"), dtype=np.float32) / 255.0
    reps = (-(-size // image.shape[0]), -(-size // image.shape[1]), 1)
    return np.ascontiguousarray(np.tile(image, reps)[:size, :size].transpose(2, 0, 1))


def time_calls(run, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def torch_runner(model, chw: np.ndarray, *, channels_last=False, bf16=False,
                 inference_mode=True):
    x = torch.from_numpy(chw)[None]
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    grad_context = torch.inference_mode if inference_mode else torch.no_grad

    def run() -> np.ndarray:
        autocast = (torch.autocast("cpu", dtype=torch.bfloat16) if bf16
                    else contextlib.nullcontext())
        with grad_context(), autocast:
            return model(x).float()[0].numpy()

    return run


def ncnn_runner(param_path, bin_path, chw: np.ndarray, threads: int, fp32: bool):
    import ncnn

    net = ncnn.Net()
    net.opt.use_vulkan_compute = False
    net.opt.num_threads = threads
    if fp32:
        for option in ("use_fp16_storage", "use_fp16_arithmetic", "use_fp16_packed",
                       "use_bf16_storage"):
            setattr(net.opt, option, False)
    net.load_param(str(param_path))
    net.load_model(str(bin_path))

    def run() -> np.ndarray:
        extractor = net.create_extractor()
        extractor.input("data", ncnn.Mat(chw))
        _, out = extractor.extract("output")
        return np.array(out)

    return run


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((np.clip(a, 0, 1) - np.clip(b, 0, 1)) ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(1 / mse)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-compile", action="store_true", help="skip torch.compile")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    param_path, bin_path = realesrgan_files(MODEL, fetch_missing=False)
    model = load_realesrgan(MODEL, fetch_missing=False)
    model_cl = load_realesrgan(MODEL, fetch_missing=False).to(memory_format=torch.channels_last)
    chw, warm = photo_crop(args.size), photo_crop(WARMUP_SIZE)
    print(f"Real-ESRGAN x4plus, {args.size}×{args.size} → {4 * args.size}×{4 * args.size}, "
          f"{args.threads} threads, torch {torch.__version__}, {args.repeats} timed run(s); "
          f"load average before: {os.getloadavg()[0]:.2f}")

    variants = [
        ("torch fp32 (no_grad)", lambda c: torch_runner(model, c, inference_mode=False)),
        ("torch inference_mode", lambda c: torch_runner(model, c)),
        ("torch channels_last", lambda c: torch_runner(model_cl, c, channels_last=True)),
        ("torch bf16 autocast + channels_last",
         lambda c: torch_runner(model_cl, c, channels_last=True, bf16=True)),
        ("ncnn fp32", lambda c: ncnn_runner(param_path, bin_path, c, args.threads, True)),
        ("ncnn default options",
         lambda c: ncnn_runner(param_path, bin_path, c, args.threads, False)),
    ]
    results: dict[str, tuple[list[float], np.ndarray, str]] = {}
    for name, make in variants:
        make(warm)()
        run = make(chw)
        outputs = []
        times = time_calls(lambda outputs=outputs, run=run: outputs.append(run()), args.repeats)
        results[name] = (times, outputs[-1], "")
        print(f"  {name}: {min(times):.2f} s", flush=True)

    for name, bf16 in [("torch.compile + channels_last", False),
                       ("torch.compile + bf16 autocast + channels_last", True)]:
        if args.no_compile:
            break
        try:
            torch._dynamo.reset()
            compiled = torch.compile(model_cl, dynamic=False)
            run = torch_runner(compiled, chw, channels_last=True, bf16=bf16)
            start = time.perf_counter()
            run()
            note = f"compile + first run {time.perf_counter() - start:.0f} s"
            outputs = []
            times = time_calls(lambda outputs=outputs, run=run: outputs.append(run()), args.repeats)
            results[name] = (times, outputs[-1], note)
            print(f"  {name}: {min(times):.2f} s ({note})", flush=True)
        except Exception as exc:  # noqa: BLE001 — report, keep the rest of the table
            results[name] = ([float("nan")], None, f"failed: {type(exc).__name__}: "
                                                   f"{str(exc).splitlines()[0][:80]}")

    reference = results["torch fp32 (no_grad)"][1]
    ncnn_time = min(results["ncnn fp32"][0])
    print(f"\n{'variant':<46} {'best s':>8} {'vs ncnn fp32':>13} {'max |Δ| vs fp32':>16} "
          f"{'PSNR vs fp32':>13}  note")
    for name, (times, output, note) in results.items():
        best = min(times)
        if output is None:
            diff, quality = "", ""
        else:
            diff = f"{float(np.abs(output - reference).max()):.1e}"
            quality = f"{psnr(output, reference):.1f} dB"
        print(f"{name:<46} {best:>8.2f} {ncnn_time / best:>12.2f}× {diff:>16} {quality:>13}  "
              f"{note}")
    ours = {n: min(t) for n, (t, o, _) in results.items()
            if n.startswith("torch") and o is not None}
    fastest = min(ours, key=ours.get)
    verdict = "beats" if ours[fastest] < ncnn_time else "does not beat"
    print(f"\nFastest of ours: {fastest} ({ours[fastest]:.2f} s); it {verdict} ncnn fp32 "
          f"({ncnn_time:.2f} s). Load average after: {os.getloadavg()[0]:.2f}; median of "
          f"all torch runs {statistics.median(ours.values()):.2f} s.")
    record("Real-ESRGAN x4plus", ours[fastest], "ncnn fp32", ncnn_time,
           f"{args.size}², ours: {fastest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
