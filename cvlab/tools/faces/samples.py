"""A group-style test photo made from real photos (no Qt): the sample the Faces tab shows.

No group photo with a free licence ships in the packages this project can reach, so this is
a collage of real ones: the scikit-learn China photo as the background, the astronaut's head
and shoulders at four sizes (faces from about 150 down to 30 px, one mirrored) and OpenCV's
"messi5" football photo. Written once into the sample cache, atomically.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

VERSION = 1
SIZE = (1600, 900)   # width, height
# (left, top, width of the pasted astronaut crop, mirrored)
PLACEMENTS = ((60, 300, 420, False), (560, 380, 300, True), (940, 420, 180, False),
              (1180, 470, 90, True))


def _photos() -> Path:
    return Path(__file__).resolve().parents[3] / "resources" / "samples" / "photos"


def group_photo() -> np.ndarray:
    import cv2

    from cvlab.core.images import load_image, to_rgb8

    width, height = SIZE
    canvas = cv2.resize(to_rgb8(load_image(_photos() / "sklearn_china.jpg")), (width, height),
                        interpolation=cv2.INTER_CUBIC)
    astronaut = to_rgb8(load_image(_photos() / "skimage_astronaut.png"))[0:300, 90:400]
    for left, top, crop_width, mirrored in PLACEMENTS:
        crop = astronaut[:, ::-1] if mirrored else astronaut
        crop_height = int(round(crop.shape[0] * crop_width / crop.shape[1]))
        piece = cv2.resize(np.ascontiguousarray(crop), (crop_width, crop_height),
                           interpolation=cv2.INTER_AREA)
        canvas[top:top + crop_height, left:left + crop_width] = piece
    football = to_rgb8(load_image(_photos() / "opencv_messi5.jpg"))
    canvas[40:40 + football.shape[0], width - football.shape[1] - 40:width - 40] = football
    return canvas


def make_group_photo() -> Path:
    from cvlab.core.images import save_image
    from cvlab.core.samples import cache_dir

    target = cache_dir() / "faces" / f"group_collage_v{VERSION}.png"
    if not target.is_file():
        save_image(target, group_photo())
    return target
