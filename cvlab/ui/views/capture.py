"""Widget screenshots as numpy arrays, so exports go through the atomic image saver."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget


def grab_rgb(widget: QWidget) -> np.ndarray:
    """What the widget shows now, as (H, W, 3) uint8."""
    image = widget.grab().toImage().convertToFormat(QImage.Format_RGB888)
    height, width, stride = image.height(), image.width(), image.bytesPerLine()
    buffer = np.frombuffer(image.constBits(), dtype=np.uint8, count=height * stride)
    return buffer.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()
