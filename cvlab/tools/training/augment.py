"""The "augment" demo: what each augmentation transform does to real photos (no training).

torchvision's transforms (``torchvision.transforms.v2``, what a course's training script
uses) on three of the app's sample photos, centre-cropped to 160×160: ``count`` random
versions of each. ``strength`` 0..1 scales the transform's range:

    flip          horizontal flip with probability = strength
    rotate        rotation by up to ±90° × strength
    crop_resize   a random crop of (1 - 0.9 × strength)..100 % of the area, resized back
    color_jitter  brightness, contrast and saturation ±0.8 × strength, hue ±0.15 × strength
    noise         Gaussian noise of standard deviation 0.3 × strength (pixels in 0..1)
    elastic       an elastic deformation, displacement field 250 × strength smoothed by σ = 8 px

The random draws come from the seed (torch's generator, forked so the global one is left as
it was). Snapshot "samples": an :class:`AugmentSamples`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

from cvlab.core.samples import resources_dir
from cvlab.tools.training.live import LiveRun
from cvlab.tools.training.loop import Steps

PHOTOS = ("skimage_chelsea.png", "skimage_coffee.png", "skimage_astronaut.png")
SIDE = 160


@dataclass(frozen=True)
class AugmentSamples:
    """``originals`` K×H×W×3 uint8, ``augmented`` K×count×H×W×3 uint8 (row k: versions of
    photo k), ``names`` the photos' file names."""

    transform: str
    strength: float
    names: tuple[str, ...]
    originals: np.ndarray
    augmented: np.ndarray


def photos() -> tuple[tuple[str, ...], np.ndarray]:
    """The demo's photos, centre-cropped to a square and resized to SIDE (K×H×W×3 uint8)."""
    folder = resources_dir() / "samples" / "photos"
    images = []
    for name in PHOTOS:
        with Image.open(folder / name) as image:
            rgb = image.convert("RGB")
        side = min(rgb.size)
        left, top = (rgb.width - side) // 2, (rgb.height - side) // 2
        square = rgb.crop((left, top, left + side, top + side))
        images.append(np.asarray(square.resize((SIDE, SIDE), Image.Resampling.LANCZOS)))
    return PHOTOS, np.stack(images)


def transform_for(name: str, strength: float):
    """The torchvision transform ``name`` at ``strength`` (uint8 CHW tensor in and out)."""
    from torchvision.transforms import v2

    s = float(strength)
    if name == "flip":
        return v2.RandomHorizontalFlip(p=s)
    if name == "rotate":
        return v2.RandomRotation(degrees=90.0 * s)
    if name == "crop_resize":
        stretch = 1.0 + s / 3.0
        return v2.RandomResizedCrop(SIDE, scale=(1.0 - 0.9 * s, 1.0),
                                    ratio=(1.0 / stretch, stretch), antialias=True)
    if name == "color_jitter":
        return v2.ColorJitter(brightness=0.8 * s, contrast=0.8 * s, saturation=0.8 * s,
                              hue=0.15 * s)
    if name == "noise":
        return v2.Compose([v2.ToDtype(torch.float32, scale=True),
                           v2.GaussianNoise(sigma=0.3 * s, clip=True),
                           v2.ToDtype(torch.uint8, scale=True)])
    if name == "elastic":
        return v2.ElasticTransform(alpha=250.0 * s, sigma=8.0)
    raise ValueError(f"unknown transform {name!r}")


def run(options: dict, seed: int, live: LiveRun, cancelled: Callable[[], bool]) -> dict:
    names, originals = photos()
    transform = transform_for(options["transform"], options["strength"])
    count = options["count"]
    steps = Steps(live, len(names) * count, cancelled, unit="image")
    augmented = np.zeros((len(names), count) + originals.shape[1:], np.uint8)
    done = 0
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed))
        for k, original in enumerate(originals):
            image = torch.from_numpy(original).permute(2, 0, 1).contiguous()
            for m in range(count):
                if steps.cancelled():
                    break
                augmented[k, m] = transform(image).permute(1, 2, 0).numpy()
                done += 1
                steps.done(done)
    live.set_snapshot("samples", AugmentSamples(options["transform"],
                                                float(options["strength"]), names,
                                                originals, augmented))
    final = {"images": done}
    if steps.stopped:
        final["cancelled"] = True
    return final
