"""Five-landmark face alignment: the 112x112 ArcFace / SFace template and dlib's 150x150 chip.

Embedders such as SFace and ArcFace were trained on faces warped so that the two eyes, the nose
tip and the two mouth corners land on fixed points of a 112x112 crop. :data:`TEMPLATE_112` is
that template as published with InsightFace's ArcFace (the same numbers OpenCV's
``FaceRecognizerSF::alignCrop`` uses), in the order MTCNN gives its landmarks: left eye, right
eye, nose, mouth left, mouth right ("left" meaning the image's left).

:data:`TEMPLATE_DLIB_150` places the same five points where dlib's ``get_face_chip(img, shape,
150, 0.25)`` puts them, for its face recognition ResNet (:func:`align_face_dlib`). dlib aligns
with its own landmarks (its 5-point model's eye corners and base of the nose, or 68 points)
onto its mean face; our detectors give eye centres, nose tip and mouth corners instead, so the
template takes those five from the same mean face (dlib's 68-point table in
``get_face_chip_details``): the centres of the eye contours (points 36-41, 42-47), the nose
tip (30) and the mouth corners (48, 54), with dlib's padding. Same mean face, so the chip has
dlib's scale and centre; only where the detector's points differ from iBUG's does it move.

:func:`similarity_transform` fits the least-squares similarity (scale, rotation, translation;
no reflection, no shear) from the landmarks to the template (Umeyama 1991), and
:func:`align_face` warps the image with it. Coordinates are (x, y) with pixel centres at
integers, as ``cv2.warpAffine`` takes them.
"""

from __future__ import annotations

import numpy as np

from cvlab.core.dtype import require_rgb8

ALIGNED_SIZE = 112
TEMPLATE_112 = np.array([[38.2946, 51.6963],
                         [73.5318, 51.5014],
                         [56.0252, 71.7366],
                         [41.5493, 92.3655],
                         [70.7299, 92.2041]], np.float64)

# dlib's mean face (unit square, x right, y down) at the five points above, in MTCNN's order.
_DLIB_MEAN_FACE_5 = np.array([[0.2254918, 0.2159903],   # mean of points 36-41
                              [0.7547613, 0.2159903],   # mean of points 42-47
                              [0.4901270, 0.5156250],   # point 30, nose tip
                              [0.2541490, 0.7802330],   # point 48, mouth corner
                              [0.7261040, 0.7802330]])  # point 54, mouth corner
DLIB_CHIP_SIZE = 150
DLIB_CHIP_PADDING = 0.25
# get_face_chip_details: (padding + p) / (2 * padding + 1) * size.
TEMPLATE_DLIB_150 = ((DLIB_CHIP_PADDING + _DLIB_MEAN_FACE_5) / (2 * DLIB_CHIP_PADDING + 1)
                     * DLIB_CHIP_SIZE)


def similarity_transform(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """2x3 matrix of the similarity that maps the points ``src`` (N, 2) closest to ``dst``
    (N, 2) in the least-squares sense (Umeyama's closed form, reflection excluded)."""
    src = np.asarray(src, np.float64)
    dst = np.asarray(dst, np.float64)
    if src.shape != dst.shape or src.ndim != 2 or src.shape[1] != 2 or len(src) < 2:
        raise ValueError(f"need matching (N>=2, 2) point sets, got {src.shape} and {dst.shape}")
    src_mean, dst_mean = src.mean(0), dst.mean(0)
    s, d = src - src_mean, dst - dst_mean
    src_var = (s ** 2).sum() / len(src)
    if src_var <= 0:
        raise ValueError("the source points all coincide")
    cov = d.T @ s / len(src)
    u, sigma, vt = np.linalg.svd(cov)
    sign = np.ones(2)
    if np.linalg.det(u) * np.linalg.det(vt) < 0:
        sign[-1] = -1
    rotation = u @ np.diag(sign) @ vt
    scale = (sigma * sign).sum() / src_var
    matrix = np.empty((2, 3))
    matrix[:, :2] = scale * rotation
    matrix[:, 2] = dst_mean - scale * rotation @ src_mean
    return matrix


def align_face(rgb: np.ndarray, landmarks5: np.ndarray, *,
               template: np.ndarray = TEMPLATE_112, size: int = ALIGNED_SIZE) -> np.ndarray:
    """(size, size, 3) uint8 crop of ``rgb`` warped so its five landmarks (5, 2) land on the
    template (bilinear; outside the image is black)."""
    import cv2

    image = require_rgb8(rgb)
    points = np.asarray(landmarks5, np.float64).reshape(-1, 2)
    if points.shape != (5, 2):
        raise ValueError(f"align_face needs 5 (x, y) landmarks, got shape {np.shape(landmarks5)}")
    matrix = similarity_transform(points, template)
    return cv2.warpAffine(np.ascontiguousarray(image), matrix, (size, size),
                          flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def align_face_dlib(rgb: np.ndarray, landmarks5: np.ndarray) -> np.ndarray:
    """(150, 150, 3) uint8 face chip for dlib's face recognition ResNet from five detector
    landmarks (eye centres, nose tip, mouth corners; MTCNN's order)."""
    return align_face(rgb, landmarks5, template=TEMPLATE_DLIB_150, size=DLIB_CHIP_SIZE)
