"""Geometry for the OCR pipeline: text boxes, their expansion, crops and coordinate maps.

A *box* is a (4, 2) float32 array of (x, y) corners in pixel-index coordinates (the
centre of pixel (i, j) is at x = j, y = i, as OpenCV uses them), ordered clockwise from
the top-left corner (clockwise as seen on screen, where y grows downwards).
"""

from __future__ import annotations

import numpy as np

from cvlab.core.lazy_import import lazy_module

cv2 = lazy_module("cv2")  # imported on first use (core/lazy_import.py)

TALL_RATIO = 1.5  # a crop at least this many times taller than wide is vertical text


def order_points(points: np.ndarray) -> np.ndarray:
    """Four corners, clockwise from the top-left.

    The top-left is the upper one of the two leftmost corners (the rule PaddleOCR's DB
    post-processing uses), so a text line tilted by less than about atan(w/h) keeps its
    reading start first. The others follow clockwise on screen, by their angle about the
    centre.
    """
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    cw = pts[np.argsort(angles, kind="stable")]  # increasing angle = clockwise on screen
    by_x = np.argsort(cw[:, 0], kind="stable")
    a, b = by_x[0], by_x[1]
    if cw[a, 1] < cw[b, 1] or (cw[a, 1] == cw[b, 1] and cw[a, 0] <= cw[b, 0]):
        start = a
    else:
        start = b
    return np.roll(cw, -int(start), axis=0).astype(np.float32)


def min_area_box(points: np.ndarray) -> tuple[np.ndarray, float]:
    """Minimum-area rectangle around ``points`` (N, 2): (ordered box, its shorter side)."""
    rect = cv2.minAreaRect(np.asarray(points, dtype=np.float32).reshape(-1, 1, 2))
    return order_points(cv2.boxPoints(rect)), float(min(rect[1]))


def unclip_distance(box: np.ndarray, unclip_ratio: float) -> float:
    """The DB paper's offset D = A · r / L of a polygon (area A, perimeter L)."""
    poly = np.asarray(box, dtype=np.float32).reshape(-1, 1, 2)
    area = abs(cv2.contourArea(poly))
    perimeter = cv2.arcLength(poly, True)
    return 0.0 if perimeter <= 0 else area * unclip_ratio / perimeter


def expand_box(box: np.ndarray, distance: float) -> tuple[np.ndarray, float]:
    """Grow the minimum-area rectangle of ``box`` by ``distance`` on every side.

    For a rectangle this is what offsetting the polygon and taking the minimum-area
    rectangle of the result gives. Returns (ordered box, its shorter side).
    """
    (cx, cy), (w, h), angle = cv2.minAreaRect(np.asarray(box, np.float32).reshape(-1, 1, 2))
    rect = ((cx, cy), (w + 2 * distance, h + 2 * distance), angle)
    return order_points(cv2.boxPoints(rect)), float(min(rect[1]))


def unclip_box(box: np.ndarray, unclip_ratio: float) -> tuple[np.ndarray, float]:
    """DB's unclip of a shrunk text box: expand by ``unclip_distance`` on each side."""
    return expand_box(box, unclip_distance(box, unclip_ratio))


def clip_box(box: np.ndarray, width: int, height: int,
             x0: float = 0.0, y0: float = 0.0) -> np.ndarray:
    """Clamp the corners to the pixel range [x0, x0 + width - 1] × [y0, y0 + height - 1]."""
    out = np.asarray(box, dtype=np.float32).copy()
    out[:, 0] = np.clip(out[:, 0], x0, x0 + max(width - 1, 0))
    out[:, 1] = np.clip(out[:, 1], y0, y0 + max(height - 1, 0))
    return out


def box_size(box: np.ndarray) -> tuple[float, float]:
    """(width, height) of an ordered box: the longer of each pair of opposite sides."""
    b = np.asarray(box, dtype=np.float32)
    w = max(np.linalg.norm(b[0] - b[1]), np.linalg.norm(b[3] - b[2]))
    h = max(np.linalg.norm(b[0] - b[3]), np.linalg.norm(b[1] - b[2]))
    return float(w), float(h)


def bounds(box: np.ndarray) -> tuple[float, float, float, float]:
    """Axis-aligned (x_min, y_min, x_max, y_max)."""
    b = np.asarray(box, dtype=np.float32)
    return (float(b[:, 0].min()), float(b[:, 1].min()),
            float(b[:, 0].max()), float(b[:, 1].max()))


def crop_box(image: np.ndarray, box: np.ndarray, *, rotate_tall: bool = True,
             min_height: int = 0) -> np.ndarray:
    """Perspective-warp the quadrilateral ``box`` of ``image`` to an upright rectangle.

    The output's top edge is box[0]→box[1]. When the result is at least ``TALL_RATIO``
    times taller than wide (vertical text, or a line turned by about 90°) it is turned
    90° counter-clockwise, so text running top-to-bottom ends up left-to-right.
    ``min_height``: enlarge (in the same bicubic warp) so the text height, the crop's
    shorter side after that turn, is at least this; one bicubic step keeps small print
    sharper than a later bilinear resize to the recogniser's 48 px.
    """
    b = np.asarray(box, dtype=np.float32)
    w, h = box_size(b)
    text_h = (w if (rotate_tall and h >= TALL_RATIO * w) else h) + 1
    if min_height and text_h < min_height:
        w, h = (w + 1) * min_height / text_h - 1, (h + 1) * min_height / text_h - 1
    # corners sit on pixel centres, so a side n − 1 long spans n pixels (scale 1:1)
    cw, ch = int(round(w)) + 1, int(round(h)) + 1
    dst = np.array([[0, 0], [cw - 1, 0], [cw - 1, ch - 1], [0, ch - 1]], np.float32)
    if cw < 2 or ch < 2 or abs(cv2.contourArea(b.reshape(-1, 1, 2))) < 1:
        # degenerate (e.g. clipped flat at the image edge): the bounding pixels
        x0, y0, x1, y1 = (int(round(v)) for v in bounds(b))
        ih, iw = image.shape[:2]
        x0, y0 = min(max(x0, 0), iw - 1), min(max(y0, 0), ih - 1)
        crop = image[y0:max(y1, y0) + 1, x0:max(x1, x0) + 1].copy()
    else:
        m = cv2.getPerspectiveTransform(b, dst)
        crop = cv2.warpPerspective(image, m, (cw, ch), flags=cv2.INTER_CUBIC,
                                   borderMode=cv2.BORDER_REPLICATE)
    if rotate_tall and crop.shape[0] >= TALL_RATIO * crop.shape[1]:
        crop = np.ascontiguousarray(np.rot90(crop))
    return crop


def det_size(width: int, height: int, limit: int = 960
             ) -> tuple[tuple[int, int], tuple[int, int]]:
    """Detector input for a ``width`` × ``height`` image: ((w, h) resized, (w, h) padded).

    The image is shrunk, keeping its aspect, when its longest side exceeds ``limit``
    (never enlarged otherwise, except that a short side under 32 px is brought up to
    32 while the long side stays within ``limit``); the padded size rounds each side up
    to a multiple of 32, as the network needs. Padding instead of squeezing keeps the
    geometry exact: a 530 × 40 strip is not squashed to 32 px high.
    """
    width, height = max(int(width), 1), max(int(height), 1)
    longest, shortest = max(width, height), min(width, height)
    ratio = min(1.0, limit / longest) if limit and limit > 0 else 1.0
    if shortest * ratio < 32:
        ratio = 32 / shortest
        if limit and limit > 0:
            ratio = max(min(ratio, limit / longest), 0.0)
    rw, rh = max(int(round(width * ratio)), 1), max(int(round(height * ratio)), 1)
    pw, ph = -(-rw // 32) * 32, -(-rh // 32) * 32
    return (rw, rh), (pw, ph)


def pad_to(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """Pad ``image`` on the right and bottom to ``width`` × ``height`` with the median
    colour of its border (no smearing of text cut at the edge, as replication would)."""
    h, w = image.shape[:2]
    if (w, h) == (width, height):
        return image
    edge = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]], axis=0)
    color = np.median(edge.reshape(len(edge), -1), axis=0).astype(image.dtype)
    out = np.empty((height, width) + image.shape[2:], image.dtype)
    out[...] = color.reshape((1, 1) + image.shape[2:]) if image.ndim == 3 else color[0]
    out[:h, :w] = image
    return out


def map_boxes(boxes: list[np.ndarray], src_size: tuple[int, int], dst_size: tuple[int, int],
              offset: tuple[float, float] = (0.0, 0.0)) -> list[np.ndarray]:
    """Map boxes from an image of ``src_size`` (w, h) onto one of ``dst_size`` it was resized from.

    Pixel centres are matched the way ``cv2.resize`` aligns them
    (x_dst = (x_src + 0.5) · W_dst / W_src − 0.5), then ``offset`` (x, y) is added, e.g.
    the top-left of the region of interest the resized image was cut from.
    """
    sx = dst_size[0] / max(src_size[0], 1)
    sy = dst_size[1] / max(src_size[1], 1)
    out = []
    for box in boxes:
        b = np.asarray(box, dtype=np.float32).copy()
        b[:, 0] = (b[:, 0] + 0.5) * sx - 0.5 + offset[0]
        b[:, 1] = (b[:, 1] + 0.5) * sy - 0.5 + offset[1]
        out.append(b)
    return out


def clip_roi(roi: tuple[int, int, int, int] | None, width: int, height: int
             ) -> tuple[int, int, int, int]:
    """(x, y, w, h) of ``roi`` inside a ``width`` × ``height`` image (whole image for None)."""
    if roi is None:
        return 0, 0, width, height
    x, y, w, h = (int(round(v)) for v in roi)
    x0, y0 = min(max(x, 0), width), min(max(y, 0), height)
    x1, y1 = min(max(x + w, 0), width), min(max(y + h, 0), height)
    return x0, y0, max(x1 - x0, 0), max(y1 - y0, 0)
