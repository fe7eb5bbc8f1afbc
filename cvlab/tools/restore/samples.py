"""An "old photo" sample (no Qt): a real colour photo made gray, faded, scratched and dusty,
so the Restore tab has something to repair and colourise. The original colours are known,
which lets a student measure a colourisation against them."""

from __future__ import annotations

from pathlib import Path

import numpy as np

VERSION = 1


def old_photo(seed: int = 4) -> np.ndarray:
    import cv2

    from cvlab.core.images import load_image, to_rgb8

    photos = Path(__file__).resolve().parents[3] / "resources" / "samples" / "photos"
    color = to_rgb8(load_image(photos / "sklearn_china.jpg"))
    gray = cv2.cvtColor(color, cv2.COLOR_RGB2GRAY).astype(np.float32)
    gray = 30 + gray * 0.78                      # faded: lifted blacks, dimmed whites
    rng = np.random.default_rng(seed)
    height, width = gray.shape
    for _ in range(9):                           # long thin scratches, light and dark
        x0, x1 = rng.integers(0, width, 2)
        y0, y1 = rng.integers(0, height, 2)
        value = 235.0 if rng.random() < 0.7 else 25.0
        cv2.line(gray, (int(x0), int(y0)), (int(x1), int(y1)), value,
                 int(rng.integers(1, 3)), cv2.LINE_AA)
    for _ in range(60):                          # dust specks
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        cv2.circle(gray, (x, y), int(rng.integers(1, 4)), 240.0 if rng.random() < 0.6
                   else 20.0, -1, cv2.LINE_AA)
    gray += rng.normal(0, 3.0, gray.shape)       # film grain
    return np.clip(gray, 0, 255).astype(np.uint8)


def make_old_photo() -> Path:
    from cvlab.core.images import save_image
    from cvlab.core.samples import cache_dir

    target = cache_dir() / "restore" / f"old_photo_v{VERSION}.png"
    if not target.is_file():
        save_image(target, old_photo())
    return target
