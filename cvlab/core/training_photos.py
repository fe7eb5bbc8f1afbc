"""Photos this project trains on, reachable offline: Debian's mate-backgrounds nature
wallpapers (GPL-2+; `apt-get install mate-backgrounds`) and scikit-image's colour photos.

The validation photos (../shared/data/photos) are never among them. The wallpapers are
1280–2560 px and smooth at full size, so each is also offered down-scaled (antialiased).
Used by the super-resolution and restore training scripts.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

MATE_NATURE_DIR = Path("/usr/share/backgrounds/mate/nature")
SKIMAGE_PHOTOS = ("astronaut", "coffee", "chelsea", "rocket", "hubble_deep_field", "retina")
WALLPAPER_SCALES = (0.5, 0.25, 0.125)


@dataclass
class TrainingSource:
    name: str  # e.g. "mate:Aqua.jpg@0.5" or "skimage:coffee"
    image: np.ndarray  # (H, W, 3) uint8


def downscale(image: np.ndarray, factor: float) -> np.ndarray:
    if factor == 1.0:
        return image
    height, width = image.shape[:2]
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    return np.asarray(Image.fromarray(image).resize(size, Image.Resampling.BICUBIC,
                                                    reducing_gap=None))


def training_sources(scales: tuple[float, ...] = WALLPAPER_SCALES) -> list[TrainingSource]:
    """Every training image (wallpapers at ``scales``, scikit-image photos), RGB uint8."""
    import skimage.data

    sources = []
    wallpapers = sorted(glob.glob(str(MATE_NATURE_DIR / "*.jpg")))
    if not wallpapers:
        raise FileNotFoundError(f"no wallpapers in {MATE_NATURE_DIR}: "
                                "apt-get install -y mate-backgrounds")
    for path in wallpapers:
        full = np.asarray(Image.open(path).convert("RGB"))
        for factor in scales:
            sources.append(TrainingSource(f"mate:{Path(path).name}@{factor}",
                                          downscale(full, factor)))
    for name in SKIMAGE_PHOTOS:
        image = getattr(skimage.data, name)()
        if image.ndim == 2:
            image = np.repeat(image[..., None], 3, axis=2)
        sources.append(TrainingSource(f"skimage:{name}", np.ascontiguousarray(image[..., :3])))
    return sources
