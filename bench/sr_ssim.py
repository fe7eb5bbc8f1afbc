"""Benchmark: SSIM of a 2048×2048 RGB pair, ours (torch) beside scikit-image, one run.

    python bench/sr_ssim.py [--repeats 5] [--size 2048] [--threads N]

The pair is a real photo (tests/data/photos/sklearn_china.jpg, else scikit-image's
astronaut) enlarged to size×size by bicubic interpolation, and the same with Gaussian noise
(σ = 0.03) added. Both sides use the same settings: 11×11 Gaussian window, σ = 1.5,
population covariance, data range 255, values on the 0–255 scale, mean over the RGB
channels; both average the SSIM map over the 'valid' region (scikit-image crops
(win_size − 1) / 2 pixels of its map, which is the same region). Also timed: the Y-channel
SSIM that SR tables report (one channel instead of three). Goal (issue 4): ≥ 5× faster.

torch uses its default thread count (this machine's cores) unless --threads is given;
scikit-image (scipy.ndimage) is single-threaded. Medians of --repeats runs after a warm-up.
Run it on an otherwise idle machine: with another process busy on the cores, torch's
OpenMP threads wait on each other at every op and multi-threaded timings collapse
(compare with --threads 1).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from summary import record  # noqa: E402  (bench/ is on the path: scripts run from it)


def make_pair(size: int) -> tuple[np.ndarray, np.ndarray]:
    from cvlab.core.images import load_image
    from cvlab.tools.superres.resize import imresize, to_rgb_float

    photo = REPO / "tests" / "data" / "photos" / "sklearn_china.jpg"
    if photo.is_file():
        source = to_rgb_float(load_image(photo))
    else:
        import skimage.data
        source = to_rgb_float(skimage.data.astronaut())
    reference = np.clip(imresize(source, output_shape=(size, size)), 0, 1)
    noise = np.random.default_rng(0).normal(0.0, 0.03, reference.shape).astype(np.float32)
    return reference, np.clip(reference + noise, 0, 1)


def median_seconds(function, repeats: int) -> tuple[float, object]:
    result = function()  # warm-up (allocator, thread pool, first-call dispatch)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--size", type=int, default=2048)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()

    import torch
    from skimage.metrics import structural_similarity

    from cvlab.tools.superres.metrics import rgb_to_y, ssim

    if args.threads:
        torch.set_num_threads(args.threads)
    reference, noisy = make_pair(args.size)
    print(f"pair: {args.size}×{args.size} RGB float32; torch {torch.__version__}, "
          f"{torch.get_num_threads()} thread(s)")

    skimage_settings = dict(gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                            data_range=255)
    # scikit-image computes in float64; it gets the 0–255 arrays ready-made (not timed).
    ref255, noisy255 = reference.astype(np.float64) * 255, noisy.astype(np.float64) * 255
    y_ref255 = rgb_to_y(reference).astype(np.float64) * 255
    y_noisy255 = rgb_to_y(noisy).astype(np.float64) * 255

    rows = []
    for label, ours, theirs in [
        ("RGB (mean of 3 channels)",
         lambda: ssim(noisy, reference, y_channel=False),
         lambda: structural_similarity(noisy255, ref255, channel_axis=-1, **skimage_settings)),
        ("Y channel (BT.601)",
         lambda: ssim(noisy, reference, y_channel=True),
         lambda: structural_similarity(y_noisy255, y_ref255, **skimage_settings)),
    ]:
        ours_s, ours_value = median_seconds(ours, args.repeats)
        theirs_s, theirs_value = median_seconds(theirs, args.repeats)
        rows.append((label, ours_s, ours_value, theirs_s, theirs_value))

    print(f"{'SSIM':<26}{'ours (torch)':>16}{'scikit-image':>16}{'speed-up':>10}"
          f"{'ours value':>13}{'skimage value':>15}")
    for label, ours_s, ours_value, theirs_s, theirs_value in rows:
        print(f"{label:<26}{ours_s * 1000:>13.0f} ms{theirs_s * 1000:>13.0f} ms"
              f"{theirs_s / ours_s:>9.1f}×{ours_value:>13.6f}{theirs_value:>15.6f}")
        if label.startswith("RGB"):
            record("SSIM, RGB", ours_s, "scikit-image", theirs_s, f"{args.size}²")
    # Ours includes the numpy→torch conversion and, for Y, the colour transform;
    # scikit-image's column does not (its inputs are prepared above).


if __name__ == "__main__":
    main()
