"""Photos this project trains on, reachable offline: Debian's mate-backgrounds nature
wallpapers (GPL-2+; `apt-get install mate-backgrounds`) and scikit-image's colour photos,
and, with ``extra=True``, the photographic wallpapers of three more Debian packages
(`apt-get install lomiri-wallpapers-16.04 lomiri-wallpapers-20.04
plasma-workspace-wallpapers`; CC-BY / CC-BY-SA / CC0 and GPL-2+, see each package's
copyright file): people, a dog, food, cups, boats, architecture, landscapes.

The validation photos (tests/data/photos) are never among them. The wallpapers are
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

# Only the photographs: the packages' renders and illustrations are left out by name.
LOMIRI_DIR = Path("/usr/share/backgrounds")
LOMIRI_PHOTOS = (
    "Bridge_by_Sander_Klootwijk.jpg", "Dragonfly_by_Bolly.jpg", "Infinite-Sea_by_Aury88.jpg",
    "Kleiber_by_Lukas_Baubkus.jpg", "Picture_0B_by_freespace.jpg",
    "Picture_1A_by_freespace.jpg", "Wine_by_Jakkub_Mede.jpg",
    "aitzgorri_by_Aitzol_Berasategi.jpg", "analogpattern_by_Peter_Nerlich.jpg",
    "free_by_Peter_Nerlich.jpg", "friends_by_Aitzol_Berasategi.jpg",
    "life_by_Aitzol_Berasategi.jpg", "picosdeeuropa_by_Aitzol_Berasategi.jpg",
    "seeding_by_Clements_Engelhardt.jpg", "sunset_by_Aitzol_Berasategi.jpg")
PLASMA_DIR = Path("/usr/share/wallpapers")
PLASMA_PHOTOS = ("BytheWater", "ColdRipple", "ColorfulCups", "DarkestHour", "EveningGlow",
                 "FallenLeaf", "Grey", "Kite", "OneStandsOut", "Path", "summer_1am")
# Held out of training by the restore scripts to pick checkpoints and settings, so the
# validation photos in tests/data/photos stay a clean test set.
HELD_OUT = ("friends_by_Aitzol_Berasategi.jpg", "Picture_0B_by_freespace.jpg",
            "EveningGlow", "Kite")

# Where each source comes from and under which licence, for model cards.
TRAINING_DATA_LICENCE = (
    "Training data: lomiri-wallpapers-16.04 / -20.04 "
    "photographs (CC-BY-SA 3.0/4.0, CC-BY 4.0 or CC0 per photo, see "
    "/usr/share/doc/lomiri-wallpapers*/copyright), plasma-workspace-wallpapers (GPL-2+ with "
    "per-image credits, /usr/share/doc/plasma-workspace-wallpapers/copyright), mate-backgrounds "
    "nature wallpapers (GPL-2+, /usr/share/doc/mate-backgrounds/copyright), and scikit-image's "
    "sample photos, per their docstrings in skimage.data: astronaut (NASA, public domain), "
    "coffee (CC0, Rachel Michetti), chelsea (CC0, Stefan van der Walt), rocket (SpaceX, public "
    "domain), hubble_deep_field (NASA, public domain), retina (Mikael Häggström, CC0 1.0). "
    "Whether weights are a derivative of their training images is unsettled; the GPL-2+ and "
    "CC-BY-SA notices are kept here to be safe.")


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


def extra_photo_paths() -> dict[str, Path]:
    """The extra packages' photographs by short name (file name, or folder for Plasma)."""
    found = {name: LOMIRI_DIR / name for name in LOMIRI_PHOTOS}
    for name in PLASMA_PHOTOS:
        images = sorted((PLASMA_DIR / name / "contents" / "images").glob("*"),
                        key=lambda p: p.stat().st_size)
        if images:
            found[name] = images[-1]  # the largest rendition
    missing = [name for name, path in found.items() if not path.is_file()]
    if missing or len(found) < len(LOMIRI_PHOTOS) + len(PLASMA_PHOTOS):
        raise FileNotFoundError(
            f"extra training photos missing ({', '.join(missing) or 'Plasma folders'}): "
            "apt-get install -y lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 "
            "plasma-workspace-wallpapers")
    return found


def held_out_photos(max_side: int = 640) -> dict[str, np.ndarray]:
    """HELD_OUT photos, longer side scaled to ``max_side``: for choosing, never training."""
    paths = extra_photo_paths()
    photos = {}
    for name in HELD_OUT:
        image = np.asarray(Image.open(paths[name]).convert("RGB"))
        photos[name] = downscale(image, min(1.0, max_side / max(image.shape[:2])))
    return photos


def training_sources(scales: tuple[float, ...] = WALLPAPER_SCALES,
                     extra: bool = False) -> list[TrainingSource]:
    """Every training image (wallpapers at ``scales``, scikit-image photos, and with
    ``extra`` the other packages' photographs except HELD_OUT), RGB uint8."""
    import skimage.data

    sources = []
    if extra:
        for name, path in extra_photo_paths().items():
            if name in HELD_OUT:
                continue
            full = np.asarray(Image.open(path).convert("RGB"))
            # These run 1920-5120 px: scale so the longer side is ~2000 px at most first.
            base = min(1.0, 2000 / max(full.shape[:2]))
            for factor in scales:
                sources.append(TrainingSource(f"extra:{name}@{factor}",
                                              downscale(full, base * factor)))
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
