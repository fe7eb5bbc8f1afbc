"""The largest photo the Restore methods take, and the sentence that says so.

Inpainting, colourising and scratch detection hold several float64 copies of the photo (the
Levin solver a sparse system per pixel), so a 13000×13000 PNG of 20 kB, valid and under the
loader's pixel limit, reached 4-7 GB and minutes before failing. A photo above this size is
refused at once with a sentence instead.
"""

from __future__ import annotations

import numpy as np

from cvlab.core.i18n import translate

MAX_PIXELS = 6000 * 6000  # 36 MP: a full-frame camera's photo


def check_restore_size(image: np.ndarray) -> None:
    """ValueError in one sentence when ``image`` is larger than Restore works on."""
    height, width = np.asarray(image).shape[:2]
    if height * width > MAX_PIXELS:
        raise ValueError(translate(
            "RestoreErrors", "the photo is {0}×{1} px ({2:.0f} MP); Restore works on photos "
            "of at most {3:.0f} MP (6000×6000): crop or shrink it first").format(
                width, height, height * width / 1e6, MAX_PIXELS / 1e6))
