"""The digits demo's picture: the first validation digits and the network's answers.

After each epoch the run publishes ``digits.Predictions``; the digits are enlarged (each
pixel a square, no smoothing: they are 8 × 8) into one grid in the shared ImageView, each
framed green when the network is right and red when it is wrong, with its answer above.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cvlab.ui.views import ImageView

SCALE = 8         # screen pixels per digit pixel in the mosaic
COLUMNS = 6
GAP_X, GAP_Y = 12, 26  # room between digits, above each for its answer
RIGHT_COLOR, WRONG_COLOR = (60, 200, 90), (235, 60, 60)


def digit_grid(images: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """(mosaic, box of each digit as (x0, y0, x1, y1)) of K 8×8 uint8 digits."""
    count = len(images)
    side = images.shape[1] * SCALE
    rows = -(-count // COLUMNS)
    width = COLUMNS * side + (COLUMNS + 1) * GAP_X
    height = rows * side + (rows + 1) * GAP_Y
    mosaic = np.zeros((height, width), np.uint8)
    boxes = []
    for k, image in enumerate(images):
        r, c = divmod(k, COLUMNS)
        x, y = GAP_X + c * (side + GAP_X), GAP_Y + r * (side + GAP_Y)
        mosaic[y:y + side, x:x + side] = np.kron(image, np.ones((SCALE, SCALE), np.uint8))
        boxes.append((x - 2, y - 2, x + side + 2, y + side + 2))
    return mosaic, boxes


class DigitsGrid(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ImageView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.right = 0  # digits the shown epoch got right

    def show_predictions(self, predictions) -> None:
        """A ``digits.Predictions`` (None clears)."""
        self.view.clear_overlays()
        if predictions is None:
            self.view.clear()
            self.view.set_caption("")
            self.right = 0
            return
        mosaic, boxes = digit_grid(predictions.images)
        first = self.view.image() is None or self.view.image().shape != mosaic.shape
        self.view.set_image(mosaic, levels=(0, 255), keep_view=not first)
        if first:
            self.view.fit()
        correct = predictions.predicted == predictions.labels
        for name, which, color in (("right", correct, RIGHT_COLOR),
                                   ("wrong", ~correct, WRONG_COLOR)):
            chosen = np.flatnonzero(which)
            self.view.set_boxes(name, [boxes[i] for i in chosen],
                                labels=[str(int(predictions.predicted[i])) for i in chosen],
                                color=color)
        self.right = int(correct.sum())
        self.view.set_caption(self.tr(
            "Epoch {0}: the first {1} validation digits with the network's answer above each "
            "(green: right, red: wrong); {2} of {1} right.").format(
            predictions.epoch, len(correct), self.right))
