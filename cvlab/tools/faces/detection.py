"""One API for every face detector: MTCNN, BlazeFace (short and full range), Viola–Jones.

``detect_faces(image, detector)`` returns :class:`Face` objects sorted by score (best first),
boxes ``x0, y0, x1, y1`` in image pixels (float32), clipped to the image.

Threshold semantics (``threshold=None`` takes :data:`DEFAULT_THRESHOLD`):

- ``"mtcnn"``: the O-Net (third stage) face probability, 0–1. P-Net and R-Net keep their
  usual 0.6 / 0.7, so a threshold below 0.7 lets through only what R-Net already passed.
- ``"blazeface"`` / ``"blazeface-full"``: BlazeFace's sigmoid face score, 0–1.
- ``"haar"``: the Viola–Jones *level weight* — the summed response of the cascade's last
  stage for a window that passed every stage (OpenCV ``detectMultiScale3`` with
  ``outputRejectLevels=True``). Unbounded; true frontal faces in our samples score 5–10,
  the false detections seen 0.6–2.9 (see :mod:`cvlab.tools.faces.haar`).

``min_size`` drops boxes whose shorter side is under ``min_size`` pixels, for every detector
(MTCNN also gets it as ``min_face_size``, which sets its image pyramid).

Tiling: BlazeFace sees the whole input letterboxed to 128 (short) or 192 (full range)
pixels, so small faces in a large photo vanish. When the image's longest side exceeds
``tile`` (default :data:`DEFAULT_TILE`: 1024 px for BlazeFace, off for MTCNN and Haar, which
scan an image pyramid), the detector runs on overlapping square tiles (25 % overlap, which must
exceed the largest face expected), boxes are shifted back by the tile's offset exactly, a
detection touching a tile edge inside the image is dropped when it is smaller than the overlap
(a neighbouring tile saw that face whole), and duplicates across tiles are merged by NMS
(IoU 0.4, the higher score kept). ``tile=0`` turns tiling off.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from cvlab.core.cancel import Cancelled
from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate
from cvlab.core.jobs import ToolModels
from cvlab.tools.faces.boxes import nms

DETECTORS: dict[str, str] = {
    "mtcnn": QT_TRANSLATE_NOOP("FacesPanel", "MTCNN"),
    "blazeface": QT_TRANSLATE_NOOP("FacesPanel", "BlazeFace (short range)"),
    "blazeface-full": QT_TRANSLATE_NOOP("FacesPanel", "BlazeFace (full range)"),
    "haar": QT_TRANSLATE_NOOP("FacesPanel", "Viola–Jones (Haar)"),
}

DEFAULT_THRESHOLD: dict[str, float] = {
    "mtcnn": 0.7,           # O-Net probability (facenet-pytorch's default third threshold)
    "blazeface": 0.75,      # sigmoid score; MediaPipe uses 0.5, but small tiles add weak
                            # false faces (0.5–0.65 on the group collage, real ones > 0.9)
    "blazeface-full": 0.5,
    "haar": 3.0,            # level weight; see cvlab.tools.faces.haar.DEFAULT_LEVEL_WEIGHT
}

# Sensible (low, high) for a threshold slider: Haar level weights are not in 0–1.
THRESHOLD_RANGE: dict[str, tuple[float, float]] = {
    "mtcnn": (0.05, 0.99),
    "blazeface": (0.05, 0.99),
    "blazeface-full": (0.05, 0.99),
    "haar": (-1.0, 12.0),
}


def detector_title(detector: str) -> str:
    """The detector's name as the Detector box shows it (progress texts name it too)."""
    return translate("FacesPanel", DETECTORS[detector])


MIN_TILE = 128   # BlazeFace's short-range input side: smaller tiles gain nothing
DEFAULT_TILE: dict[str, int | None] = {
    "mtcnn": None,
    "blazeface": 1024,
    "blazeface-full": 1024,
    "haar": None,
}

# Above this many pixels every detector works in tiles of LARGE_IMAGE_TILE: a 13000² photo
# as one float tensor (2 GB, then its pyramid) does not fit where the tiles do.
LARGE_IMAGE_PIXELS = 4096 * 4096
LARGE_IMAGE_TILE = 2048
TILE_OVERLAP = 0.25
MERGE_IOU = 0.4
MTCNN_LANDMARKS = ("left_eye", "right_eye", "nose", "mouth_left", "mouth_right")
# A box edge within this many pixels of an inner tile edge counts as cut by the tile.
_EDGE_TOLERANCE = 2.0


@dataclass
class Face:
    box: np.ndarray                       # (4,) float32: x0, y0, x1, y1 in image pixels
    score: float
    landmarks: np.ndarray | None = None   # (K, 2) float32 x, y, or None
    landmark_names: tuple[str, ...] = field(default_factory=tuple)
    detector: str = ""

    @property
    def width(self) -> float:
        return float(self.box[2] - self.box[0])

    @property
    def height(self) -> float:
        return float(self.box[3] - self.box[1])

    def to_dict(self) -> dict:
        out = {"detector": self.detector, "score": round(float(self.score), 4),
               "box": [round(float(v), 2) for v in self.box]}
        if self.landmarks is not None:
            out["landmarks"] = {name: [round(float(x), 2), round(float(y), 2)]
                                for name, (x, y) in zip(self.landmark_names, self.landmarks)}
        return out


# ----- geometry -------------------------------------------------------------------------

def tile_origins(length: int, tile: int, overlap: int) -> list[int]:
    """Start offsets covering ``0..length`` with tiles of ``tile`` overlapping by ``overlap``."""
    if length <= tile:
        return [0]
    step = max(1, tile - overlap)
    starts = list(range(0, length - tile, step))
    starts.append(length - tile)
    return starts


# ----- detectors ------------------------------------------------------------------------

@dataclass
class _Raw:
    boxes: np.ndarray                     # (N, 4) float32
    scores: np.ndarray                    # (N,) float32
    landmarks: np.ndarray | None          # (N, K, 2) float32 or None
    names: tuple[str, ...]


def _load_model(detector: str, device):
    if detector == "mtcnn":
        from cvlab.tools.faces.mtcnn import load_mtcnn

        return load_mtcnn(device)
    if detector in ("blazeface", "blazeface-full"):
        from cvlab.tools.faces.blazeface import load_blazeface

        return load_blazeface("full" if detector == "blazeface-full" else "short", device)
    return None  # Haar keeps its own per-thread cascades


def get_model(detector: str, models: ToolModels | None = None):
    """The detector's model on ``models.device``, loaded once into ``models`` (the tool's
    model cache); without one, loaded on the CPU for this call only."""
    if detector not in DETECTORS:
        raise ValueError(f"unknown face detector {detector!r}; choose one of "
                         f"{', '.join(DETECTORS)}")
    if detector == "haar":
        return None
    models = models if models is not None else ToolModels.local("faces")
    return models.get(detector, lambda: _load_model(detector, models.device))


def _blazeface_names() -> tuple[str, ...]:
    try:
        from cvlab.tools.faces.blazeface import KEYPOINT_NAMES
    except ImportError:
        return ()
    return tuple(KEYPOINT_NAMES)


def _run(detector: str, model, rgb: np.ndarray, threshold: float, min_size: int) -> _Raw:
    if detector == "haar":
        from cvlab.tools.faces.haar import detect_haar

        boxes, scores = detect_haar(rgb, min_size=min_size, threshold=threshold)
        return _Raw(boxes, scores, None, ())
    if detector == "mtcnn":
        boxes, scores, marks = model.detect(rgb, min_face_size=min_size,
                                            thresholds=(0.6, 0.7, threshold))
        names = MTCNN_LANDMARKS
    else:
        boxes, scores, marks = model.detect(rgb, threshold=threshold)
        names = _blazeface_names()
    boxes = np.asarray(boxes, np.float32).reshape(-1, 4)
    scores = np.asarray(scores, np.float32).reshape(-1)
    if marks is not None:
        marks = np.asarray(marks, np.float32)
        if marks.size == 0:
            marks = marks.reshape(0, marks.shape[1] if marks.ndim == 3 else len(names), 2)
        else:
            marks = marks.reshape(len(boxes), -1, 2)
        if not names or len(names) != marks.shape[1]:
            names = tuple(f"point_{i}" for i in range(marks.shape[1]))
    return _Raw(boxes, scores, marks, names if marks is not None else ())


def _drop_cut_at_inner_edges(raw: _Raw, tile_box: tuple[int, int, int, int],
                             image_size: tuple[int, int], overlap: int) -> np.ndarray:
    """Mask of detections to keep: not cut by a tile edge that lies inside the image."""
    x0, y0, x1, y1 = tile_box
    width, height = image_size
    b = raw.boxes
    small_w = (b[:, 2] - b[:, 0]) < overlap
    small_h = (b[:, 3] - b[:, 1]) < overlap
    cut = np.zeros(len(b), bool)
    tol = _EDGE_TOLERANCE
    if x0 > 0:
        cut |= (b[:, 0] <= x0 + tol) & small_w
    if x1 < width:
        cut |= (b[:, 2] >= x1 - tol) & small_w
    if y0 > 0:
        cut |= (b[:, 1] <= y0 + tol) & small_h
    if y1 < height:
        cut |= (b[:, 3] >= y1 - tol) & small_h
    return ~cut


def _detect_tiled(detector, model, rgb, threshold, min_size, tile, progress, cancelled) -> _Raw:
    height, width = rgb.shape[:2]
    overlap = max(1, int(round(tile * TILE_OVERLAP)))
    xs = tile_origins(width, tile, overlap)
    ys = tile_origins(height, tile, overlap)
    total = len(xs) * len(ys)
    parts: list[_Raw] = []
    done = 0
    for ty in ys:
        for tx in xs:
            if cancelled is not None and cancelled():
                raise Cancelled(f"face detection cancelled after {done} of {total} tiles")
            tx1, ty1 = min(width, tx + tile), min(height, ty + tile)
            crop = np.ascontiguousarray(rgb[ty:ty1, tx:tx1])
            raw = _run(detector, model, crop, threshold, min_size)
            offset = np.array([tx, ty, tx, ty], np.float32)
            raw.boxes = raw.boxes + offset
            if raw.landmarks is not None:
                raw.landmarks = raw.landmarks + np.array([tx, ty], np.float32)
            if total > 1 and len(raw.boxes):
                keep = _drop_cut_at_inner_edges(raw, (tx, ty, tx1, ty1), (width, height), overlap)
                raw = _Raw(raw.boxes[keep], raw.scores[keep],
                           None if raw.landmarks is None else raw.landmarks[keep], raw.names)
            parts.append(raw)
            done += 1
            if progress is not None:
                progress(done / total, translate("FaceDetection", "{0}: tile {1} of {2}").format(
                    detector_title(detector), done, total))
    return _concat(parts)


def _detect_multiscale(detector, model, rgb, threshold, min_size, tile, progress,
                       cancelled) -> _Raw:
    """BlazeFace sees a 128/192-px letterbox, so a face must fill a good part of what it is
    shown: run it on the whole image, then on tiles of ``tile``, tile/2, … px down to about
    six times ``min_size`` (a 30-px face then spans a sixth of a 180-px tile) and merge. Each
    level's tiles overlap by a quarter, and faces cut at a tile's inner edge are left to the
    level where they were seen whole."""
    sizes = []
    size = tile
    while size >= max(MIN_TILE, 6 * min_size):
        sizes.append(size)
        size //= 2
    parts = [_run(detector, model, rgb, threshold, min_size)]
    for n, size in enumerate(sizes):
        def level_progress(fraction, text, n=n):
            if progress is not None:
                progress((n + fraction) / len(sizes), text)
        parts.append(_detect_tiled(detector, model, rgb, threshold, min_size, size,
                                   level_progress, cancelled))
    return _concat(parts)


def _concat(parts: list[_Raw]) -> _Raw:
    parts = [p for p in parts if len(p.boxes)]
    if not parts:
        return _Raw(np.zeros((0, 4), np.float32), np.zeros(0, np.float32), None, ())
    boxes = np.concatenate([p.boxes for p in parts])
    scores = np.concatenate([p.scores for p in parts])
    landmarks = None
    if all(p.landmarks is not None for p in parts):
        landmarks = np.concatenate([p.landmarks for p in parts])
    return _Raw(boxes, scores, landmarks, parts[0].names if landmarks is not None else ())


def detect_faces(image: np.ndarray, detector: str = "mtcnn", *, threshold: float | None = None,
                 min_size: int = 20, models: ToolModels | None = None,
                 tile: int | None = None, progress: Callable[[float, str], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> list[Face]:
    """Faces in ``image`` (any layout :mod:`cvlab.core.images` returns), best score first."""
    from cvlab.core.images import to_rgb8

    if detector not in DETECTORS:
        raise ValueError(f"unknown face detector {detector!r}; choose one of "
                         f"{', '.join(DETECTORS)}")
    if min_size < 0:
        raise ValueError(f"min_size must be >= 0, got {min_size}")
    if threshold is None:
        threshold = DEFAULT_THRESHOLD[detector]
    if tile is None:
        tile = DEFAULT_TILE[detector]
    if tile is not None and tile < 0:
        raise ValueError(f"tile must be a positive size in pixels (0 or None: no tiling), "
                         f"got {tile}")
    rgb = to_rgb8(image)
    height, width = rgb.shape[:2]
    if not tile and height * width > LARGE_IMAGE_PIXELS:
        tile = LARGE_IMAGE_TILE
    if cancelled is not None and cancelled():
        raise Cancelled("face detection cancelled")
    model = get_model(detector, models)
    if tile and max(height, width) > tile and detector.startswith("blazeface"):
        raw = _detect_multiscale(detector, model, rgb, float(threshold), int(min_size),
                                 int(tile), progress, cancelled)
    elif tile and max(height, width) > tile:
        raw = _detect_tiled(detector, model, rgb, float(threshold), int(min_size), int(tile),
                            progress, cancelled)
    else:
        raw = _run(detector, model, rgb, float(threshold), int(min_size))
        if progress is not None:
            progress(1.0, detector_title(detector))
    return _finish(raw, detector, float(threshold), int(min_size), width, height)


def _finish(raw: _Raw, detector: str, threshold: float, min_size: int, width: int,
            height: int) -> list[Face]:
    if not len(raw.boxes):
        return []
    boxes = raw.boxes.astype(np.float32).copy()
    boxes[:, [0, 2]] = np.clip(boxes[:, [0, 2]], 0, width)
    boxes[:, [1, 3]] = np.clip(boxes[:, [1, 3]], 0, height)
    sides = np.minimum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])
    ok = (sides > 0) & (sides >= min_size) & (raw.scores >= threshold)
    index = np.flatnonzero(ok)
    if not index.size:
        return []
    index = index[nms(boxes[index], raw.scores[index], MERGE_IOU)]
    faces = []
    for i in index:
        marks = None if raw.landmarks is None else raw.landmarks[i].astype(np.float32)
        faces.append(Face(box=boxes[i].copy(), score=float(raw.scores[i]), landmarks=marks,
                          landmark_names=raw.names if marks is not None else (),
                          detector=detector))
    faces.sort(key=lambda f: -f.score)
    return faces


# ----- export ---------------------------------------------------------------------------

def faces_to_json(faces: list[Face]) -> list[dict]:
    """JSON-ready dicts: detector, score, box [x0, y0, x1, y1], landmarks {name: [x, y]}."""
    return [f.to_dict() for f in faces]


def faces_to_csv(faces: list[Face]) -> str:
    """One row per face: index, detector, score, x0, y0, x1, y1, then ``<name>_x, <name>_y``
    for every landmark name any face has (blank where a face lacks it)."""
    names: list[str] = []
    for f in faces:
        for name in f.landmark_names:
            if name not in names:
                names.append(name)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["index", "detector", "score", "x0", "y0", "x1", "y1"]
                    + [f"{n}_{axis}" for n in names for axis in ("x", "y")])
    for i, f in enumerate(faces):
        points = {}
        if f.landmarks is not None:
            points = dict(zip(f.landmark_names, f.landmarks))
        row = [i, f.detector, f"{f.score:.4f}"] + [f"{float(v):.2f}" for v in f.box]
        for n in names:
            row += ([f"{float(points[n][0]):.2f}", f"{float(points[n][1]):.2f}"]
                    if n in points else ["", ""])
        writer.writerow(row)
    return out.getvalue()
