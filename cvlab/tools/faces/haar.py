"""Viola–Jones face detection with OpenCV's Haar cascades (no weights to fetch).

Two cascades shipped with opencv-python (``cv2.data.haarcascades``):
``haarcascade_frontalface_default.xml`` and ``haarcascade_profileface.xml``. The profile
cascade was trained on faces turned one way only, so it also runs on the mirrored image
(boxes mirrored back) to find faces turned the other way. The three result sets are merged
by NMS.

Scores are OpenCV *level weights* (``detectMultiScale3(..., outputRejectLevels=True)``): the
summed weak-classifier response of the cascade's last stage for the best window of each
group. They are unbounded and not probabilities. :data:`DEFAULT_LEVEL_WEIGHT` = 3.0 was
chosen by looking at the repository's sample photos at minNeighbors 3, scale step 1.1:
the astronaut's face scores 5–10 (rescaled ×0.25–1, rotated 0–15°); the false detections
seen scored 0.6 (baboon fur), 1.85 (the cat's head, profile cascade) and 2.9 (a roof in
sklearn's china photo). That is a handful of images, not a validation set — treat the
default as a starting point for the live threshold slider.
"""

from __future__ import annotations

import threading

import numpy as np

from cvlab.core.i18n import translate
from cvlab.tools.faces.boxes import box_iou

FRONTAL_CASCADE = "haarcascade_frontalface_default.xml"
PROFILE_CASCADE = "haarcascade_profileface.xml"
DEFAULT_LEVEL_WEIGHT = 3.0
SCALE_FACTOR = 1.1
MIN_NEIGHBORS = 3
MERGE_IOU = 0.3
# A weaker box lying mostly (by this fraction of its own area) inside a stronger one is
# the same face seen by another cascade (a profile window inside a frontal face).
CONTAINED_FRACTION = 0.7

_local = threading.local()


def _cascade(name: str):
    """One CascadeClassifier per thread and file (OpenCV's are not safe to share)."""
    import cv2

    cache = getattr(_local, "cascades", None)
    if cache is None:
        cache = _local.cascades = {}
    cascade = cache.get(name)
    if cascade is None:
        path = cv2.data.haarcascades + name
        cascade = cv2.CascadeClassifier(path)
        if cascade.empty():
            raise RuntimeError(translate(
                "FaceDetection", "OpenCV could not load the Haar cascade {0}").format(path))
        cache[name] = cascade
    return cascade


def _run_cascade(name: str, gray: np.ndarray, min_size: int, mirrored: bool):
    cascade = _cascade(name)
    side = max(1, int(min_size))
    rects, _levels, weights = cascade.detectMultiScale3(
        gray, scaleFactor=SCALE_FACTOR, minNeighbors=MIN_NEIGHBORS, minSize=(side, side),
        outputRejectLevels=True)
    rects = np.asarray(rects, np.float32).reshape(-1, 4)
    weights = np.asarray(weights, np.float32).reshape(-1)
    boxes = np.column_stack([rects[:, 0], rects[:, 1],
                             rects[:, 0] + rects[:, 2], rects[:, 1] + rects[:, 3]])
    if mirrored:
        width = gray.shape[1]
        boxes = np.column_stack([width - boxes[:, 2], boxes[:, 1],
                                 width - boxes[:, 0], boxes[:, 3]])
    return boxes.astype(np.float32).reshape(-1, 4), weights


def _merge(boxes: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Indices kept: greedy by score; drop boxes overlapping a kept one (IoU > MERGE_IOU) or
    lying mostly inside it."""
    order = np.argsort(-scores, kind="stable")
    keep: list[int] = []
    for i in order:
        if keep:
            kept = boxes[keep]
            if (box_iou(boxes[i:i + 1], kept)[0] > MERGE_IOU).any():
                continue
            b = boxes[i]
            iw = np.clip(np.minimum(b[2], kept[:, 2]) - np.maximum(b[0], kept[:, 0]), 0, None)
            ih = np.clip(np.minimum(b[3], kept[:, 3]) - np.maximum(b[1], kept[:, 1]), 0, None)
            area = max(float((b[2] - b[0]) * (b[3] - b[1])), 1e-6)
            if ((iw * ih) / area > CONTAINED_FRACTION).any():
                continue
        keep.append(int(i))
    return np.asarray(keep, dtype=np.int64)


def detect_haar(rgb_uint8: np.ndarray, *, min_size: int = 20,
                threshold: float = DEFAULT_LEVEL_WEIGHT, profile: bool = True,
                ) -> tuple[np.ndarray, np.ndarray]:
    """Faces as ``(boxes (N,4) float32 x0,y0,x1,y1, level weights (N,) float32)``, best first.

    ``rgb_uint8``: (H, W, 3) uint8 RGB; other layouts are converted with ``to_rgb8``.
    ``threshold``: the minimum level weight kept. ``profile=False`` runs only the frontal
    cascade (faster, misses turned heads)."""
    import cv2

    from cvlab.core.images import to_rgb8

    rgb = to_rgb8(rgb_uint8)
    gray = cv2.equalizeHist(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    runs = [_run_cascade(FRONTAL_CASCADE, gray, min_size, False)]
    if profile:
        runs.append(_run_cascade(PROFILE_CASCADE, gray, min_size, False))
        runs.append(_run_cascade(PROFILE_CASCADE, np.ascontiguousarray(gray[:, ::-1]),
                                 min_size, True))
    boxes = np.concatenate([r[0] for r in runs]).reshape(-1, 4)
    scores = np.concatenate([r[1] for r in runs]).reshape(-1)
    passed = scores >= threshold
    boxes, scores = boxes[passed], scores[passed]
    if not len(boxes):
        return np.zeros((0, 4), np.float32), np.zeros(0, np.float32)
    keep = _merge(boxes, scores)
    return boxes[keep].astype(np.float32), scores[keep].astype(np.float32)
