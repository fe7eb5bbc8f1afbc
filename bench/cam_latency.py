"""Benchmark: Grad-CAM and Score-CAM latency per 224×224 image on this CPU: ours beside
pytorch-grad-cam on the same model and layer.

    .venv/bin/python bench/cam_latency.py [--repeats 10] [--score-layer features.18]
                                          [--score-batch 32] [--threads N] [--no-score]

Model: MobileNetV2 with the catalogue weights (``load_classifier("mobilenet_v2")``), the
sample photo resources/samples/photos/skimage_coffee.png resized (whole image) to 224×224
and preprocessed ONCE; both sides get that same tensor and the same target (our top-1).
Layer: features.18 (7×7, 1280 channels) for Grad-CAM and, by default, for Score-CAM too
(1280 masked forward passes, --score-batch at a time on BOTH sides; pytorch-grad-cam's own
default batch is 16). Grad-CAM: median of --repeats calls after one warm-up call; Score-CAM:
one call (after the Grad-CAM runs of the same model). Both sides run with the same torch
thread count (--threads, default torch's), one after the other, method by method.

What is timed: one call that returns the map at the input's resolution, i.e. forward pass,
backward pass (Grad-CAM), masked passes (Score-CAM), the map and its upsampling and min-max
normalisation: ours ``compute_cam(model, x, method, layer, target)`` -> ``CamResult.fused``;
theirs ``GradCAM(model, [layer])(x, [ClassifierOutputTarget(target)])[0]`` (the cam object
built once, outside the timing, as a user would). The last columns compare the two maps:
max |ours − theirs| and Pearson correlation. For Grad-CAM they should agree up to the order
of operations (pytorch-grad-cam min-max normalises the 7×7 map and then resizes it with
cv2; we resize and then normalise). For Score-CAM the formulas differ on purpose (we weight
each channel by the target's softmax probability for its masked input, as the paper does;
pytorch-grad-cam takes a softmax over the channels of the target's logits), so only the
correlation is meaningful there; we also skip channels that are constant (common after
MobileNetV2's ReLU6), which saves forward passes.

pytorch-grad-cam is NOT a project dependency. On the first run this script creates a
throwaway virtual environment at ~/.cache/cvlab/bench/gradcam-venv (or $CVLAB_BENCH_VENV)
that sees this project's site-packages through a .pth file (torch, torchvision, numpy,
OpenCV are shared, not reinstalled) and pip-installs grad-cam==1.5.7 (--no-deps) plus the
packages it imports (ttach, matplotlib, scikit-learn): a minute or two, and network access
to PyPI. Later runs reuse it; delete the folder to rebuild it. pytorch-grad-cam runs in a
subprocess with that environment's python, reading the same tensor from a temporary file.
Run it on an otherwise idle machine; the timings are wall-clock.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from summary import record  # noqa: E402  (bench/ is on the path: scripts run from it)

PHOTO = REPO / "resources" / "samples" / "photos" / "skimage_coffee.png"
GRADCAM_VERSION = "1.5.7"
# What pytorch_grad_cam imports beyond torch/torchvision/numpy/cv2/PIL/tqdm (shared).
GRADCAM_IMPORTS = ["ttach==0.0.3", "matplotlib", "scikit-learn"]
VENV = Path(os.environ.get("CVLAB_BENCH_VENV",
                           Path.home() / ".cache" / "cvlab" / "bench" / "gradcam-venv"))


# ------------------------------------------------------------------ the throwaway venv
def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _library_works(python: Path) -> bool:
    if not python.is_file():
        return False
    code = ("import pytorch_grad_cam, importlib.metadata as m; "
            f"assert m.version('grad-cam') == {GRADCAM_VERSION!r}")
    return subprocess.run([str(python), "-c", code], capture_output=True,
                          timeout=300).returncode == 0


def ensure_gradcam(venv: Path = VENV) -> Path:
    """The python of a venv where ``import pytorch_grad_cam`` works (built on first use)."""
    python = _venv_python(venv)
    if _library_works(python):
        return python
    print(f"Setting up pytorch-grad-cam {GRADCAM_VERSION} in {venv} (first run only; a "
          "minute or two) ...", file=sys.stderr, flush=True)
    if venv.exists():
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], check=True, capture_output=True, text=True)
    shared = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (Path(site.stdout.strip()) / "cvlab-shared-site.pth").write_text("\n".join(shared) + "\n")
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + ["--no-deps", f"grad-cam=={GRADCAM_VERSION}"], check=True)
    subprocess.run(pip + GRADCAM_IMPORTS, check=True)
    if not _library_works(python):
        raise RuntimeError(f"pytorch-grad-cam still does not import in {venv}; try: "
                           f"{python} -c 'import pytorch_grad_cam'")
    return python


# ------------------------------------------------------------------ their side (subprocess)
THEIRS = textwrap.dedent("""
    import json, statistics, sys, time
    import numpy as np, torch
    sys.path.insert(0, {repo!r})
    from cvlab.tools.heatmaps.classifiers import load_classifier
    from pytorch_grad_cam import GradCAM, ScoreCAM
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

    cfg = json.loads(sys.argv[1])
    torch.set_num_threads(cfg["threads"])
    model = load_classifier("mobilenet_v2").model
    x = torch.from_numpy(np.load(cfg["tensor"]))
    targets = [ClassifierOutputTarget(cfg["target"])]
    out = {{}}

    def timed(cam, repeats):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            result = cam(input_tensor=x, targets=targets)[0]
            times.append(time.perf_counter() - start)
        return statistics.median(times), result

    layer = model.get_submodule(cfg["layer"])
    if cfg["method"] == "gradcam":
        with GradCAM(model=model, target_layers=[layer]) as cam:
            timed(cam, 1)
            seconds, heat = timed(cam, cfg["repeats"])
    else:
        with ScoreCAM(model=model, target_layers=[layer]) as cam:
            cam.batch_size = cfg["score_batch"]
            seconds, heat = timed(cam, 1)
    out[cfg["method"]] = seconds
    np.save(cfg["out"] + "_" + cfg["method"] + ".npy", heat.astype(np.float32))
    print("RESULT " + json.dumps(out))
""")


def run_theirs(python: Path, method: str, layer: str, target: int, args,
               workdir: Path) -> tuple[float, np.ndarray]:
    """pytorch-grad-cam's time and map for one method, in the throwaway venv."""
    script = workdir / "theirs.py"
    script.write_text(THEIRS.format(repo=str(REPO)))
    cfg = {"tensor": str(workdir / "input.npy"), "target": target, "threads": args.threads,
           "repeats": args.repeats, "method": method, "layer": layer,
           "score_batch": args.score_batch, "out": str(workdir / "theirs")}
    env = dict(os.environ, TQDM_DISABLE="1", PYTHONWARNINGS="ignore")
    done = subprocess.run([str(python), str(script), json.dumps(cfg)], capture_output=True,
                          text=True, env=env, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"pytorch-grad-cam side failed:\n{done.stderr[-3000:]}")
    line = next(out for out in done.stdout.splitlines() if out.startswith("RESULT "))
    seconds = json.loads(line[len("RESULT "):])[method]
    return seconds, np.load(workdir / f"theirs_{method}.npy")


# ------------------------------------------------------------------ our side
def run_ours(model, x, method: str, layer: str, target: int, args) -> tuple[float, np.ndarray]:
    """Our time (median after a warm-up for Grad-CAM; one call for Score-CAM) and map."""
    from cvlab.tools.heatmaps.cam import compute_cam

    def call():
        return compute_cam(model, x, method, layer, target=target,
                           score_batch=args.score_batch).fused

    if method == "scorecam":
        start = time.perf_counter()
        heat = call()
        return time.perf_counter() - start, heat
    call()
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        heat = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), heat


def compare(ours: np.ndarray, theirs: np.ndarray) -> tuple[float, float]:
    if ours.shape != theirs.shape:
        raise ValueError(f"map shapes differ: ours {ours.shape}, theirs {theirs.shape}")
    difference = float(np.abs(ours - theirs).max())
    correlation = float(np.corrcoef(ours.ravel(), theirs.ravel())[0, 1])
    return difference, correlation


def main() -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="Grad-CAM timed calls")
    parser.add_argument("--grad-layer", default="features.18")
    parser.add_argument("--score-layer", default="features.18",
                        help="features.18 has 1280 channels (1280 masked passes); "
                             "features.4 has 32")
    parser.add_argument("--score-batch", type=int, default=32,
                        help="masked inputs per forward pass, both sides")
    parser.add_argument("--no-score", action="store_true", help="skip Score-CAM")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    from cvlab.core.images import load_image
    from cvlab.tools.heatmaps.classifiers import load_classifier

    python = ensure_gradcam()
    classifier = load_classifier("mobilenet_v2", device="cpu")
    model = classifier.model
    x = classifier.preprocess(load_image(PHOTO))  # at the photo's aspect: (1, 3, 224, 320)
    with torch.inference_mode():
        target = int(model(x).argmax())
    print(f"MobileNetV2 (catalogue weights), {PHOTO.name} resized to "
          f"{x.shape[-1]}×{x.shape[-2]} as the tool does, target "
          f"{target} ({classifier.class_names[target]}), CPU, {args.threads} torch thread(s), "
          f"torch {torch.__version__}, pytorch-grad-cam {GRADCAM_VERSION}")
    print(f"Grad-CAM: median of {args.repeats} after a warm-up; "
          + ("Score-CAM: skipped" if args.no_score else
             f"Score-CAM: 1 call, batch {args.score_batch} masked inputs per pass (both)"))
    runs = [("gradcam", args.grad_layer)] + ([] if args.no_score
                                             else [("scorecam", args.score_layer)])
    header = (f"{'method':<10}{'layer':<13}{'ours ms':>10}{'p-g-c ms':>11}{'ratio':>8}"
              f"{'max|diff|':>11}{'corr':>8}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="cvlab-cam-bench-") as tmp:
        np.save(Path(tmp) / "input.npy", x.numpy())
        for method, layer in runs:      # interleaved, so a busy spell hits both sides alike
            ours_s, ours_map = run_ours(model, x, method, layer, target, args)
            their_s, their_map = run_theirs(python, method, layer, target, args, Path(tmp))
            difference, correlation = compare(ours_map, their_map)
            if method == "gradcam":
                record("Grad-CAM", ours_s, "pytorch-grad-cam", their_s, f"layer {layer}")
            rows.append(f"{method:<10}{layer:<13}{ours_s * 1e3:>10.1f}{their_s * 1e3:>11.1f}"
                        f"{their_s / ours_s:>7.2f}×{difference:>11.3f}{correlation:>8.4f}")
    print()
    print(header)
    print("-" * len(header))
    print("\n".join(rows))
    print("\nratio = pytorch-grad-cam time / ours (> 1: ours is faster). Maps: both min-max "
          "normalised to [0, 1] at 224×224.")


if __name__ == "__main__":
    main()
