"""Benchmark: inpainting quality and speed of the Restore tool's methods, one run.

    python bench/restore_inpaint.py [--max-side 512] [--methods telea,ns,...] [--no-speed]

Quality. Every photo in tests/data/photos (scaled down so its longer side is at most
--max-side) gets three known-hole masks from cvlab.tools.restore.holes, seeded by the photo's
index: "scratches" (thin strokes, 3 %), "blobs" (brush blobs, 10 %), "box" (one or two
rectangles, 5 %). The masked pixels are filled by every method and compared with the
original photo INSIDE the mask only:

- PSNR: 10·log10(255² / MSE) with the MSE over the mask's pixels and the RGB channels;
- SSIM: scikit-image's SSIM map (Gaussian windows σ = 1.5, population covariance, data
  range 255, per channel) averaged over the mask's pixels and the channels. Windows centred
  in the hole reach into the known surround (which is exact), so thin scratches score higher
  than wide holes for the same fill quality: compare methods within one hole kind.

Tables show the mean over the photos; "mean colour" (the hole filled with the mean of the
known pixels) is the floor every method should beat. The learned net
(cvlab.tools.restore.inpaint_net) is included when it imports and its weights load.

Speed. Each method once on a 1024×768 photo (sklearn_china.jpg enlarged) with a 10 % blob
mask, beside OpenCV Telea (the baseline), after a small warm-up call per method. Then
Telea on a 4000×3000 photo with one small hole, on the whole image and through
crop.with_context. Single runs: expect ±20 % on a shared machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cvlab.core.images import load_image  # noqa: E402
from cvlab.tools.restore.crop import with_context  # noqa: E402
from cvlab.tools.restore.holes import coverage, make_mask  # noqa: E402
from cvlab.tools.restore.inpaint_classical import CLASSICAL, inpaint  # noqa: E402

PHOTOS = REPO / "tests" / "data" / "photos"
KINDS = {"scratches": 0.03, "blobs": 0.10, "box": 0.05}


def psnr_in(result: np.ndarray, truth: np.ndarray, mask: np.ndarray) -> float:
    diff = result.astype(np.float64)[mask] - truth.astype(np.float64)[mask]
    mse = float(np.mean(diff ** 2))
    return float("inf") if mse == 0 else 10.0 * np.log10(255.0 ** 2 / mse)


def ssim_in(result: np.ndarray, truth: np.ndarray, mask: np.ndarray) -> float:
    from skimage.metrics import structural_similarity

    _, smap = structural_similarity(truth, result, channel_axis=2, data_range=255,
                                    gaussian_weights=True, sigma=1.5,
                                    use_sample_covariance=False, full=True)
    return float(smap[mask].mean())


def load_photos(max_side: int) -> dict[str, np.ndarray]:
    photos = {}
    for path in sorted(PHOTOS.iterdir()):
        if path.suffix.lower() not in (".jpg", ".jpeg", ".png"):
            continue
        image = load_image(path)
        if image.ndim == 2:
            image = np.dstack([image] * 3)
        image = np.ascontiguousarray(image[:, :, :3])
        scale = max_side / max(image.shape[:2])
        if scale < 1:
            size = (round(image.shape[1] * scale), round(image.shape[0] * scale))
            image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        photos[path.name] = image
    return photos


def learned_net():
    """(label, fn) for the learned net, or None after saying why it is missing."""
    try:
        from cvlab.tools.restore.inpaint_net import inpaint_net, load_inpaint_net
    except Exception as err:  # noqa: BLE001 - report any import failure
        print(f"learned net: missing (cvlab.tools.restore.inpaint_net does not import: {err})")
        return None
    try:
        model = load_inpaint_net("cpu")
    except Exception as err:  # noqa: BLE001 - weights missing, bad file, ...
        print(f"learned net: missing (load_inpaint_net('cpu') failed: {type(err).__name__}: {err})")
        return None
    return "Learned net (inpaint_net)", lambda image, mask: inpaint_net(model, image, mask)


def mean_color(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    out = image.copy()
    out[mask] = np.round(image[~mask].mean(axis=0)).astype(image.dtype)
    return out


def quality(photos, methods) -> None:
    scores = {label: {kind: [] for kind in KINDS} for label in methods}
    seconds = {label: [] for label in methods}
    for index, (name, image) in enumerate(photos.items()):
        for kind, fraction in KINDS.items():
            mask = make_mask(kind, image.shape, seed=index, fraction=fraction)
            for label, fn in methods.items():
                start = time.perf_counter()
                result = fn(image, mask)
                seconds[label].append(time.perf_counter() - start)
                assert np.array_equal(result[~mask], image[~mask]), f"{label} changed known pixels"
                scores[label][kind].append((psnr_in(result, image, mask),
                                            ssim_in(result, image, mask)))
        print(f"  {name} {image.shape[1]}×{image.shape[0]} done", flush=True)
    header = "".join(f"{kind + f' {round(100 * KINDS[kind]):d}%':>22}" for kind in KINDS)
    print(f"\nQuality inside the mask, mean over {len(photos)} photos: PSNR dB / SSIM")
    print(f"{'method':<28}{header}{'mean time':>12}")
    for label in methods:
        cells = "".join(
            f"{np.mean([s[0] for s in scores[label][k]]):>13.2f} / "
            f"{np.mean([s[1] for s in scores[label][k]]):.3f}"
            for k in KINDS)
        print(f"{label:<28}{cells}{np.mean(seconds[label]):>11.2f}s")


def timed(fn, image, mask) -> float:
    start = time.perf_counter()
    fn(image, mask)
    return time.perf_counter() - start


def speed(methods) -> None:
    source = load_image(PHOTOS / "sklearn_china.jpg")
    image = cv2.resize(source, (1024, 768), interpolation=cv2.INTER_CUBIC)
    mask = make_mask("blobs", image.shape, seed=0, fraction=0.10)
    small = np.zeros((64, 64), bool)
    small[20:30, 20:30] = True
    print(f"\nSpeed: 1024×768 photo, blob mask {100 * coverage(mask):.1f} % "
          f"({int(mask.sum())} px), one run each")
    times = {}
    for label, fn in methods.items():
        if label == "mean colour":
            continue
        fn(np.ascontiguousarray(image[:64, :64]), small)  # warm-up: imports, first calls
        times[label] = timed(fn, image, mask)
    base = times[CLASSICAL["telea"]]
    print(f"{'method':<28}{'seconds':>10}{'× Telea':>10}")
    for label, t in times.items():
        print(f"{label:<28}{t:>10.3f}{t / base:>10.1f}")

    big = cv2.resize(source, (4000, 3000), interpolation=cv2.INTER_CUBIC)
    hole = np.zeros(big.shape[:2], bool)
    hole[1400:1460, 2000:2060] = True
    telea = methods[CLASSICAL["telea"]]
    exemplar = methods.get(CLASSICAL["exemplar"])
    print("\n4000×3000 photo, one 60×60 hole: whole image vs crop.with_context")
    pairs = [(CLASSICAL["telea"], telea)]
    pairs += [(CLASSICAL["exemplar"], exemplar)] if exemplar else []
    for label, fn in pairs:
        whole = timed(fn, big, hole)
        crop = timed(lambda im, m, fn=fn: with_context(im, m, fn), big, hole)
        print(f"{label:<28}whole {whole:7.3f} s   with_context {crop:7.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-side", type=int, default=512,
                        help="quality photos are scaled down to this longer side (default 512)")
    parser.add_argument("--methods", default=",".join(CLASSICAL),
                        help=f"comma-separated, from {','.join(CLASSICAL)}")
    parser.add_argument("--no-net", action="store_true", help="leave the learned net out")
    parser.add_argument("--no-speed", action="store_true", help="quality tables only")
    args = parser.parse_args()
    cv2.setNumThreads(1)  # a shared machine: one thread each, like scikit-image

    methods = {"mean colour": mean_color}
    for key in args.methods.split(","):
        methods[CLASSICAL[key]] = lambda image, mask, key=key: inpaint(image, mask, key)
    net = None if args.no_net else learned_net()
    if net is not None:
        methods[net[0]] = net[1]
    photos = load_photos(args.max_side)
    print(f"{len(photos)} photos from {PHOTOS}, methods: {', '.join(methods)}")
    quality(photos, methods)
    if not args.no_speed:
        speed(methods)


if __name__ == "__main__":
    main()
