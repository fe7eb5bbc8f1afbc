"""The augmentation preview: each photo, then its random versions, one row per photo.

The rows are put together into one picture (:func:`mosaic`) shown in the shared ImageView,
so it zooms, pans and fits like every other image in the app.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cvlab.ui.views import ImageView

GAP = 6            # pixels between the pictures of the mosaic
ORIGINAL_GAP = 18  # ... and after each row's original, so it reads apart from its versions
BACKGROUND = 40


def as_rgb(image: np.ndarray) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=2)
    return image[..., :3].astype(np.uint8)


def mosaic(rows: list[list[np.ndarray]]) -> np.ndarray:
    """One uint8 RGB picture of ``rows`` of images, each centred in a cell of the largest
    image's size; the first of each row is set apart from the rest by a wider gap."""
    rows = [[as_rgb(image) for image in row] for row in rows if len(row)]
    if not rows:
        return np.full((1, 1, 3), BACKGROUND, np.uint8)
    cell_h = max(image.shape[0] for row in rows for image in row)
    cell_w = max(image.shape[1] for row in rows for image in row)
    columns = max(len(row) for row in rows)
    width = columns * cell_w + (columns - 1) * GAP + (ORIGINAL_GAP - GAP) * (columns > 1)
    height = len(rows) * cell_h + (len(rows) - 1) * GAP
    out = np.full((height, width, 3), BACKGROUND, np.uint8)
    for r, row in enumerate(rows):
        top = r * (cell_h + GAP)
        for c, image in enumerate(row):
            left = c * (cell_w + GAP) + (ORIGINAL_GAP - GAP) * (c > 0)
            h, w = image.shape[:2]
            y, x = top + (cell_h - h) // 2, left + (cell_w - w) // 2
            out[y:y + h, x:x + w] = image
    return out


class AugmentGrid(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ImageView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.rows = 0

    def show_samples(self, samples, transform_title: str = "") -> None:
        """An ``augment.AugmentSamples`` (None clears): each photo, then its versions."""
        if samples is None:
            self.view.clear()
            self.view.set_caption("")
            self.rows = 0
            return
        rows = [[original, *versions]
                for original, versions in zip(samples.originals, samples.augmented)]
        self.rows = len(rows)
        self.view.set_image(mosaic(rows))
        self.view.fit()
        self.view.set_caption(self.tr(
            "Left: each photo as it is. Right of it: {0} random versions by {1} at strength "
            "{2:.2f}, as a training step would see them.").format(
            samples.augmented.shape[1], transform_title, samples.strength))
