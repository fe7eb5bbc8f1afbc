"""Text reading with PP-OCRv4 models: detection, line crops, direction, recognition.

No Qt here; the models come from :mod:`cvlab.tools.ocr.models` (``load_backend``).

API
---
``read_text(image, backend, *, box_threshold=0.6, text_threshold=0.5, det_limit=960,
use_cls=True, roi=None, rec_batch=8, progress=None, cancelled=None) -> OcrResult``
    ``image``: (H, W), (H, W, 3) or (H, W, 4) of any dtype ``cvlab.core.images`` gives.
    ``backend``: an ``OcrBackend`` (or its name, loaded on the CPU). ``box_threshold``:
    least mean detection probability inside a box. ``text_threshold``: least
    recognition confidence of a kept line. ``det_limit``: the detector sees the image
    shrunk so its longest side is at most this, then padded (not squeezed) to
    multiples of 32. ``use_cls``: turn lines the direction
    classifier finds upside down (P > 0.9).
    ``roi``: (x, y, w, h), read only that part; boxes still come back in full-image
    coordinates. ``rec_batch``: crops per recognition call. ``progress(fraction, text)``
    is told how far it got; ``cancelled()`` is asked between batches and a True answer
    raises :class:`cvlab.core.cancel.Cancelled`.

``OcrResult``: ``lines`` (``TextLine`` in reading order), ``image_size`` and ``det_size``
(w, h; the detector's padded input), ``timings`` (seconds: ``det``, ``cls``, ``rec``,
``total``), ``backend`` (name).

``TextLine``: ``box`` (4, 2) float32 image coordinates clockwise from the top-left (the
geometric corner: for a line read upside down the text starts at box[2]), ``text``,
``confidence`` (mean probability of the characters kept), ``box_score`` (mean detection
probability inside the box), ``rotated_180``.

The steps are public too: ``db_boxes`` (DB post-processing of the probability map),
``ctc_greedy_decode``, ``reading_order``, ``classify_crops``, ``recognise_crops``.
Geometry lives in :mod:`cvlab.tools.ocr.geometry`, paragraphs and key: value pairs in
:mod:`cvlab.tools.ocr.document`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from cvlab.core.cancel import Cancelled
from cvlab.core.i18n import translate
from cvlab.core.images import to_rgb8
from cvlab.core.lazy_import import lazy_module
from cvlab.tools.ocr import geometry

cv2 = lazy_module("cv2")  # imported on first use (core/lazy_import.py)

REC_HEIGHT = 48
REC_MIN_WIDTH = 320  # PaddleOCR pads every recognition batch to at least 3×48×320
CLS_THRESHOLD = 0.9
DB_BIN_THRESHOLD = 0.3
DB_UNCLIP_RATIO = 1.6
DB_MAX_CANDIDATES = 1000
DB_MIN_SIZE = 3

Progress = Callable[[float, str], None]


@dataclass
class TextLine:
    box: np.ndarray  # (4, 2) float32, clockwise from the top-left, image coordinates
    text: str
    confidence: float
    box_score: float
    rotated_180: bool = False


@dataclass
class OcrResult:
    lines: list[TextLine]
    image_size: tuple[int, int]
    det_size: tuple[int, int]
    timings: dict[str, float] = field(default_factory=dict)
    backend: str = ""

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


# --------------------------------------------------------------------------- decoding

def ctc_greedy_decode(probs: np.ndarray, characters: Sequence[str]) -> tuple[str, float]:
    """Best-path CTC decoding of (T, C) probabilities; index 0 is the blank.

    Repeated indices collapse to one, blanks are dropped; the confidence is the mean of
    the kept characters' probabilities (0.0 for an empty text).
    """
    probs = np.asarray(probs)
    if probs.ndim != 2 or probs.shape[0] == 0:
        return "", 0.0
    idx = probs.argmax(axis=1)
    best = probs[np.arange(len(idx)), idx]
    keep = np.ones(len(idx), dtype=bool)
    keep[1:] = idx[1:] != idx[:-1]
    keep &= idx != 0
    if not keep.any():
        return "", 0.0
    text = "".join(characters[i] if i < len(characters) else "" for i in idx[keep])
    return text, float(best[keep].mean())


# --------------------------------------------------------------------------- detection

def box_score(prob_map: np.ndarray, box: np.ndarray) -> float:
    """Mean of ``prob_map`` inside the polygon ``box`` (filled with cv2.fillPoly)."""
    h, w = prob_map.shape[:2]
    x0, y0, x1, y1 = geometry.bounds(box)
    x0, x1 = int(np.clip(np.floor(x0), 0, w - 1)), int(np.clip(np.ceil(x1), 0, w - 1))
    y0, y1 = int(np.clip(np.floor(y0), 0, h - 1)), int(np.clip(np.ceil(y1), 0, h - 1))
    mask = np.zeros((y1 - y0 + 1, x1 - x0 + 1), dtype=np.uint8)
    pts = np.round(np.asarray(box, np.float32) - [x0, y0]).astype(np.int32)
    cv2.fillPoly(mask, [pts.reshape(-1, 1, 2)], 1)
    if not mask.any():
        return 0.0
    return float(cv2.mean(prob_map[y0:y1 + 1, x0:x1 + 1].astype(np.float32), mask)[0])


def db_boxes(prob_map: np.ndarray, bin_thresh: float = DB_BIN_THRESHOLD,
             box_thresh: float = 0.6, unclip_ratio: float = DB_UNCLIP_RATIO,
             max_candidates: int = DB_MAX_CANDIDATES, min_size: float = DB_MIN_SIZE,
             dilate: bool = False) -> list[tuple[np.ndarray, float]]:
    """Text boxes from a DB probability map (H, W) (or (1, 1, H, W)).

    Binarise at ``bin_thresh`` (``dilate``: then a 2×2 dilation, as RapidOCR's config
    does; off by default as in PaddleOCR, since it lowers the scores of small print), take
    each connected region's minimum-area rectangle (the ``max_candidates`` largest
    regions; rectangles with a side under ``min_size`` are dropped), score it by the
    mean probability inside, keep scores ≥ ``box_thresh``, expand ("unclip") by
    D = area · ``unclip_ratio`` / perimeter on each side and clip to the map.
    Returns [(box (4, 2) float32 in map coordinates, score)].
    """
    prob = np.asarray(prob_map, dtype=np.float32)
    while prob.ndim > 2:
        prob = prob[0]
    h, w = prob.shape
    bitmap = (prob > bin_thresh).astype(np.uint8)
    if dilate:
        bitmap = cv2.dilate(bitmap, np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(bitmap * 255, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    if len(contours) > max_candidates:
        areas = [cv2.contourArea(c) for c in contours]
        order = np.argsort(areas)[::-1][:max_candidates]
        contours = [contours[i] for i in sorted(order)]
    out = []
    for contour in contours:
        if len(contour) < 1:
            continue
        box, short = geometry.min_area_box(contour.reshape(-1, 2))
        if short < min_size:
            continue
        score = box_score(prob, box)
        if score < box_thresh:
            continue
        big, short = geometry.unclip_box(box, unclip_ratio)
        if short < min_size + 2:
            continue
        out.append((geometry.clip_box(big, w, h), score))
    return out


def detect(rgb: np.ndarray, backend, det_limit: int = 960, box_thresh: float = 0.6
           ) -> tuple[list[tuple[np.ndarray, float]], tuple[int, int]]:
    """Boxes in ``rgb``'s own coordinates and the detector's input size (w, h).

    The image is resized (aspect kept, see ``geometry.det_size``) and padded to
    multiples of 32; only the map of the image part is post-processed.
    """
    models = _models()
    h, w = rgb.shape[:2]
    (rw, rh), (pw, ph) = geometry.det_size(w, h, det_limit)
    interp = cv2.INTER_AREA if rw * rh < w * h else cv2.INTER_LINEAR
    resized = rgb if (rw, rh) == (w, h) else cv2.resize(rgb, (rw, rh), interpolation=interp)
    # already sized: a limit of the padded longest side keeps normalise_det from resizing
    batch = models.normalise_det(geometry.pad_to(resized, pw, ph), limit_side=max(pw, ph))
    prob = np.asarray(backend.det(batch))
    prob = prob.reshape(prob.shape[-2:])[:rh, :rw]
    found = db_boxes(prob, DB_BIN_THRESHOLD, box_thresh, DB_UNCLIP_RATIO)
    boxes = geometry.map_boxes([b for b, _ in found], (rw, rh), (w, h))
    return [(geometry.clip_box(b, w, h), s) for b, (_, s) in zip(boxes, found)], (pw, ph)


# --------------------------------------------------------------------------- cls / rec

def classify_crops(crops: list[np.ndarray], backend, batch: int = 8,
                   threshold: float = CLS_THRESHOLD, check: Callable[[], None] | None = None
                   ) -> list[bool]:
    """Which crops the direction classifier finds upside down (P(180°) > ``threshold``)."""
    models = _models()
    flags = [False] * len(crops)
    for start in range(0, len(crops), max(batch, 1)):
        if check:
            check()
        chunk = crops[start:start + max(batch, 1)]
        x = np.stack([models.normalise_cls(c) for c in chunk]).astype(np.float32)
        probs = np.asarray(backend.cls(x))
        for k, p in enumerate(probs):
            flags[start + k] = bool(p[1] > threshold and p[1] >= p[0])
    return flags


def recognise_crops(crops: list[np.ndarray], backend, batch: int = 8,
                    check: Callable[[], None] | None = None,
                    step: Callable[[int, int], None] | None = None) -> list[tuple[str, float]]:
    """(text, confidence) per crop; crops go by increasing aspect ratio, ``batch`` at a time.

    A batch is ``48 · max(w/h)`` wide (at least 320, as PaddleOCR): each crop is resized
    to height 48 keeping its aspect and padded on the right with zeros after
    normalisation (``models.normalise_rec``).
    """
    models = _models()
    ratios = [c.shape[1] / max(c.shape[0], 1) for c in crops]
    order = np.argsort(ratios, kind="stable")
    out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    batch = max(batch, 1)
    for start in range(0, len(crops), batch):
        if check:
            check()
        idx = order[start:start + batch]
        max_ratio = max(max(ratios[i] for i in idx), REC_MIN_WIDTH / REC_HEIGHT)
        width = int(REC_HEIGHT * max_ratio)  # PaddleOCR's batch width
        x = np.stack([models.normalise_rec(crops[i], width) for i in idx]).astype(np.float32)
        probs = np.asarray(backend.rec(x))
        for k, i in enumerate(idx):
            out[i] = ctc_greedy_decode(probs[k], backend.characters)
        if step:
            step(min(start + batch, len(crops)), len(crops))
    return out


# --------------------------------------------------------------------------- order

def _span(line) -> tuple[float, float]:
    box = line.box if hasattr(line, "box") else line
    b = np.asarray(box, dtype=np.float32)
    return float(b[:, 1].min()), float(b[:, 1].max())


def _left(line) -> float:
    box = line.box if hasattr(line, "box") else line
    return float(np.asarray(box)[:, 0].min())


def same_row(a, b) -> bool:
    """Vertical overlap of ``a`` and ``b`` exceeds half the smaller height."""
    a0, a1 = _span(a)
    b0, b1 = _span(b)
    overlap = min(a1, b1) - max(a0, b0)
    return overlap > 0.5 * min(a1 - a0, b1 - b0)


def reading_order(lines: Sequence) -> list:
    """Top-to-bottom rows, left to right within a row.

    ``lines`` hold a ``.box`` (TextLine) or are boxes. Lines go by their vertical centre;
    one joins the current row when it overlaps a line of that row vertically by more than
    half the smaller height. Two-column pages therefore come out row by row, not
    column by column.
    """
    items = sorted(lines, key=lambda ln: (sum(_span(ln)) / 2, _left(ln)))
    rows: list[list] = []
    for line in items:
        if rows and any(same_row(line, other) for other in rows[-1]):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=_left)]


# --------------------------------------------------------------------------- driver

def read_text(image: np.ndarray, backend, *, box_threshold: float = 0.6,
              text_threshold: float = 0.5, det_limit: int = 960, use_cls: bool = True,
              roi: tuple[int, int, int, int] | None = None, rec_batch: int = 8,
              progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None) -> OcrResult:
    """Find and read the text lines of ``image`` (see the module docstring)."""
    t_start = time.perf_counter()
    if isinstance(backend, str):
        backend = _models().load_backend(backend)

    def report(fraction: float, text: str) -> None:
        if progress is not None:
            progress(float(min(max(fraction, 0.0), 1.0)), text)

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("text reading cancelled")

    rgb = to_rgb8(image)
    height, width = rgb.shape[:2]
    x0, y0, rw, rh = geometry.clip_roi(roi, width, height)
    name = str(getattr(backend, "name", type(backend).__name__))
    timings = {"det": 0.0, "cls": 0.0, "rec": 0.0}
    if rw < 2 or rh < 2:
        timings["total"] = time.perf_counter() - t_start
        return OcrResult([], (width, height), (0, 0), timings, name)

    check()
    report(0.0, translate("OcrPipeline", "Detecting text"))
    t = time.perf_counter()
    part = rgb[y0:y0 + rh, x0:x0 + rw]
    found, dsize = detect(part, backend, det_limit, box_threshold)
    boxes = [geometry.clip_box(b + np.float32([x0, y0]), rw, rh, x0, y0) for b, _ in found]
    scores = [s for _, s in found]
    timings["det"] = time.perf_counter() - t
    report(0.3, translate("OcrPipeline", "Found {0} text boxes").format(len(boxes)))
    check()

    crops = [geometry.crop_box(rgb, b, min_height=REC_HEIGHT) for b in boxes]
    flips = [False] * len(crops)
    if use_cls and crops:
        t = time.perf_counter()
        flips = classify_crops(crops, backend, rec_batch, CLS_THRESHOLD, check)
        crops = [cv2.rotate(c, cv2.ROTATE_180) if f else c for c, f in zip(crops, flips)]
        timings["cls"] = time.perf_counter() - t
    report(0.4, translate("OcrPipeline", "Reading lines"))

    t = time.perf_counter()
    texts = recognise_crops(
        crops, backend, rec_batch, check,
        lambda done, total: report(0.4 + 0.6 * done / total,
                                   translate("OcrPipeline", "Read {0}/{1} lines").format(
                                       done, total)))
    timings["rec"] = time.perf_counter() - t

    lines = [TextLine(box, text.strip(), conf, float(score), flip)
             for box, score, flip, (text, conf) in zip(boxes, scores, flips, texts)
             if text.strip() and conf >= text_threshold]
    lines = reading_order(lines)
    timings["total"] = time.perf_counter() - t_start
    report(1.0, translate("OcrPipeline", "{0} lines read").format(len(lines)))
    return OcrResult(lines, (width, height), dsize, timings, name)


def _models():
    from cvlab.tools.ocr import models
    return models
