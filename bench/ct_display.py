"""Benchmark: one displayed CT frame after a window/level or slice change, and MPR reslices.

    QT_QPA_PLATFORM=offscreen python bench/ct_display.py [--repeats 200] [--slices 300]

A synthetic 300×512×512 int16 volume (HU-like: air, body, lungs, spine, noise) is shown in
the shared ImageView (800×800 widget). Each "frame" is the change itself plus a synchronous
repaint of the view's viewport, which is what makes pyqtgraph turn the array into a QImage
(ImageItem.render) and draw it; the script counts render() calls to prove each frame
really rendered. Goal (issue 3): a frame in under 5 ms. Measured in the same run:

- ours, W/L change:     ImageView.set_levels(lo, hi) on the int16 HU slice
- ours, slice change:   ImageView.set_image(next int16 slice, levels=…, keep_view=True)
- baseline:             window in float (np.clip((hu-lo)/(hi-lo)*255)), set_image(uint8)
- pre-windowed:         apply_window (int16 lookup table) to uint8, set_image(levels 0..255)
- windowing alone:      apply_window vs the float formula, no display
- MPR:                  Reformatter.slice coronal / sagittal + np.ascontiguousarray
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyqtgraph as pg  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cvlab.tools.ct.mpr import reformatter  # noqa: E402
from cvlab.tools.ct.volume import Volume  # noqa: E402
from cvlab.tools.ct.windowing import apply_window, window_bounds  # noqa: E402
from cvlab.ui.views.image_view import ImageView  # noqa: E402

GOAL_MS = 5.0
# W/L pairs a user might drag through: lung, mediastinum, bone, brain and in between.
WINDOWS = [(1500, -700), (350, 50), (1800, 400), (80, 40), (400, 40), (1000, -300)]


def synthetic_volume(slices: int, size: int, seed: int = 0) -> Volume:
    """An axial thorax-like int16 volume: body ellipse, two lungs, spine, smooth noise."""
    rng = np.random.default_rng(seed)
    yy, xx = (np.mgrid[:size, :size] - size / 2) / (size / 2)
    template = np.full((size, size), -1000, np.int16)
    template[(xx / 0.9) ** 2 + (yy / 0.7) ** 2 < 1] = 40
    for centre in (-0.42, 0.42):
        template[((xx - centre) / 0.3) ** 2 + (yy / 0.5) ** 2 < 1] = -850
    template[(xx ** 2 + (yy - 0.5) ** 2) < 0.01] = 700
    voxels = np.empty((slices, size, size), np.int16)
    noise = rng.integers(-40, 41, size=(size, size), dtype=np.int16)
    for k in range(slices):  # shift the noise per slice so every slice differs
        voxels[k] = template + np.roll(noise, k * 7, axis=(0, 1))
    eye = np.eye(3)
    return Volume(voxels=voxels, spacing=(1.25, 0.7, 0.7), origin=np.zeros(3),
                  row_cosine=eye[0], col_cosine=eye[1], slice_normal=eye[2])


class RenderCounter:
    """Wraps ImageItem.render to count calls: proof that a frame was really rendered."""

    def __init__(self) -> None:
        self.calls = 0
        self._original = pg.ImageItem.render

        def counting_render(item, *args, **kwargs):
            self.calls += 1
            return self._original(item, *args, **kwargs)

        pg.ImageItem.render = counting_render

    def restore(self) -> None:
        pg.ImageItem.render = self._original


def median_ms(step, repeats: int, view: ImageView, counter: RenderCounter) -> float:
    """Median time of step(i) + a synchronous viewport repaint; checks one render each."""
    viewport = view.graphics_view().viewport()
    times = []
    for i in range(repeats + 5):
        before = counter.calls
        start = time.perf_counter()
        step(i)
        viewport.repaint()
        elapsed = time.perf_counter() - start
        if counter.calls != before + 1:
            raise RuntimeError(f"frame {i} rendered {counter.calls - before} times, not once")
        if i >= 5:  # the first frames warm caches (LUTs, buffers)
            times.append(elapsed)
    return statistics.median(times) * 1000


def median_plain_ms(step, repeats: int) -> float:
    times = []
    for i in range(repeats + 5):
        start = time.perf_counter()
        step(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times[5:]) * 1000


def float_window(hu: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """The naive display mapping a first version would write."""
    return np.clip((hu - lo) / (hi - lo) * 255, 0, 255).astype(np.uint8)


def profile_top(step, repeats: int, view: ImageView, lines: int = 8) -> str:
    """The functions that took the most time over `repeats` frames (cumulative)."""
    viewport = view.graphics_view().viewport()
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(repeats):
        step(i)
        viewport.repaint()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(lines)
    keep = [line for line in out.getvalue().splitlines()
            if line.strip() and not line.lstrip().startswith(("Ordered", "List reduced"))]
    return "\n".join(keep[-(lines + 1):])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--slices", type=int, default=300)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--profile", action="store_true", help="print where a frame's time goes")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    start = time.perf_counter()
    volume = synthetic_volume(args.slices, args.size)
    print(f"volume {volume.voxels.shape} {volume.voxels.dtype} built in "
          f"{time.perf_counter() - start:.1f} s; Qt platform {app.platformName()}, "
          f"pyqtgraph {pg.__version__}")
    hu = volume.voxels
    middle = hu.shape[0] // 2
    bounds = [window_bounds(w, level) for w, level in WINDOWS]

    view = ImageView()
    view.resize(800, 800)
    view.show()
    app.processEvents()
    size = view.graphics_view().viewport().size()
    print(f"viewport {size.width()}×{size.height()} px showing a {args.size}² slice")
    counter = RenderCounter()
    rows: list[tuple[str, float, str]] = []

    def goal(ms: float) -> str:
        return "meets < 5 ms" if ms < GOAL_MS else "MISSES 5 ms"

    # (a) ours: W/L change on the int16 slice, pyqtgraph applies the levels.
    view.set_image(hu[middle], levels=bounds[0])

    def levels_change(i):
        view.set_levels(*bounds[i % len(bounds)])

    ms = median_ms(levels_change, args.repeats, view, counter)
    rows.append(("frame after W/L change (int16 + ImageView levels)", ms, goal(ms)))

    # (b) ours: slice change with the window kept.
    def slice_change(i):
        view.set_image(hu[i % hu.shape[0]], levels=bounds[0], keep_view=True)

    ms = median_ms(slice_change, args.repeats, view, counter)
    rows.append(("frame after slice change (int16 + levels)", ms, goal(ms)))

    # (c) baseline: float windowing, then the uint8 picture.
    def baseline_levels(i):
        lo, hi = bounds[i % len(bounds)]
        view.set_image(float_window(hu[middle], lo, hi), levels=(0, 255), keep_view=True)

    ms = median_ms(baseline_levels, args.repeats, view, counter)
    rows.append(("baseline: W/L change, float window + set_image(uint8)", ms, goal(ms)))

    # Candidate fix: window with our lookup table, show uint8 with identity levels.
    def prewindowed_levels(i):
        width, level = WINDOWS[i % len(WINDOWS)]
        view.set_image(apply_window(hu[middle], width, level), levels=(0, 255),
                       keep_view=True)

    def prewindowed_slice(i):
        width, level = WINDOWS[0]
        view.set_image(apply_window(hu[i % hu.shape[0]], width, level), levels=(0, 255),
                       keep_view=True)

    ms = median_ms(prewindowed_levels, args.repeats, view, counter)
    rows.append(("W/L change, apply_window → uint8 + set_image", ms, goal(ms)))
    ms = median_ms(prewindowed_slice, args.repeats, view, counter)
    rows.append(("slice change, apply_window → uint8 + set_image", ms, goal(ms)))

    # Probes on the ImageItem itself (ImageView always passes levels): which QImage format
    # draws fastest. uint8 + levels becomes Indexed8, which QPainter converts every paint.
    item = next(i for i in view.image_group().childItems() if isinstance(i, pg.ImageItem))

    def gray8_levels(i):
        width, level = WINDOWS[i % len(WINDOWS)]
        item.setImage(apply_window(hu[middle], width, level), autoLevels=False, levels=None)

    def rgbx_levels(i):
        width, level = WINDOWS[i % len(WINDOWS)]
        gray = apply_window(hu[middle], width, level)
        item.setImage(np.repeat(gray[..., None], 4, axis=2), autoLevels=False, levels=None)

    ms = median_ms(gray8_levels, args.repeats, view, counter)
    rows.append(("W/L change, ImageItem uint8 levels=None (Grayscale8)", ms, goal(ms)))
    ms = median_ms(rgbx_levels, args.repeats, view, counter)
    rows.append(("W/L change, ImageItem uint8 RGBX, levels=None", ms, goal(ms)))

    # Windowing alone (no display).
    ms_lut = median_plain_ms(lambda i: apply_window(hu[i % hu.shape[0]], *WINDOWS[i % 6]),
                             args.repeats)
    ms_float = median_plain_ms(
        lambda i: float_window(hu[i % hu.shape[0]], *bounds[i % 6]), args.repeats)
    rows.append(("windowing alone: apply_window (int16 LUT)", ms_lut, ""))
    rows.append(("windowing alone: float formula (baseline)", ms_float, ""))

    # (d) MPR reslices of the whole volume.
    fmt = reformatter(volume)
    for plane in ("coronal", "sagittal"):
        count = fmt.count(plane)
        ms = median_plain_ms(
            lambda i, p=plane, n=count: np.ascontiguousarray(fmt.slice(p, (i * 37) % n)),
            min(args.repeats, 100))
        rows.append((f"MPR {plane} reslice + ascontiguousarray", ms, ""))

    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'median ms':>9}  goal (frame < {GOAL_MS:g} ms)")
    for name, ms, verdict in rows:
        print(f"{name:<{width}}  {ms:9.2f}  {verdict}")
    print(f"(ImageItem.render ran {counter.calls} times: once per measured frame)")

    if args.profile:
        view.set_image(hu[middle], levels=bounds[0])
        print("\nprofile, W/L change on int16 (top functions by own time):")
        print(profile_top(levels_change, 100, view))
        print("\nprofile, apply_window → uint8 (top functions by own time):")
        print(profile_top(prewindowed_levels, 100, view))
    counter.restore()
    view.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
