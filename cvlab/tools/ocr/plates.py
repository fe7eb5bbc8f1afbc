"""Licence plates: find them in an image, read them, correct and validate the text.

Candidates come from up to three finders (``methods``):

* ``"text"``: the OCR pipeline's text detection; lines on one row are joined (the plate's
  dot may split ``京A`` from ``12345``) and kept when the joint box is plate-like
  (width : height between ``MIN_ASPECT`` and ``MAX_ASPECT`` of the text line), then grown
  to plate proportions (the characters fill ~409 x 90 mm of a 440 x 140 mm plate);
* ``"colour"``: HSV masks of the blue, yellow and green plate backgrounds, closed,
  their outer contours' minimum-area rectangles with plate aspect and enough area;
* ``"cascade"``: OpenCV's Haar cascades for (Russian) plates shipped in
  opencv-python-headless 4.x; weak on Chinese plates, off by default.

Each candidate quad is cut out with a perspective warp; the crop and its character band
(border trimmed) are read by the recogniser, and compete with what the text finder read
there; each reading is corrected and validated (:mod:`cvlab.tools.ocr.plate_format`), and
the crop's colour classified.  A plate's confidence is the recognition confidence times a
plausibility factor: 1.0 for a valid plate; 0.9 for Latin-only text (a foreign plate?) of
4-10 characters with a digit; 0.6 for an invalid reading that still looks like a plate
(6-9 characters, 4 or more of them Latin letters/digits: one character misread); 0.3 for
anything else (a shop sign).  Candidates overlapping by IoU > ``NMS_IOU`` are merged (the
most confident reading wins; the colour finder's quad is preferred when it overlaps, as
it follows the plate's edge rather than its text).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np

from cvlab.core.cancel import Cancelled
from cvlab.core.i18n import translate
from cvlab.tools.ocr import geometry
from cvlab.tools.ocr.plate_format import check_plate, classify_color, normalise_text

FINDERS = ("text", "colour", "cascade")  # the ``methods`` find_plates knows, in menu order

Recogniser = Callable[[np.ndarray], tuple[str, float]]

MIN_ASPECT, MAX_ASPECT = 2.0, 6.0
PLATE_ASPECT = 440 / 140          # ordinary plate; new-energy is 480 / 140
MIN_AREA_FRACTION = 0.0004        # of the image, for colour regions
MIN_AREA_PX = 400
NMS_IOU = 0.3
# HSV (OpenCV 8-bit) ranges of plate backgrounds: (name, (H lo, S lo, V lo), (H hi, S hi, V hi))
COLOR_RANGES = (
    ("blue", (95, 90, 50), (130, 255, 255)),
    ("yellow", (12, 90, 90), (35, 255, 255)),
    ("green", (36, 60, 80), (90, 255, 255)),
)
CASCADES = ("haarcascade_russian_plate_number.xml", "haarcascade_license_plate_rus_16stages.xml")


@dataclass
class Plate:
    box: np.ndarray                 # (4, 2) float32 image coordinates, clockwise from top-left
    crop: np.ndarray                # RGB uint8, the plate warped upright
    text: str                       # corrected text (no separator)
    raw_text: str                   # what the recogniser read
    confidence: float
    color: str                     # blue, yellow, green, white, black, unknown
    kind: str
    valid: bool | None
    corrections: list[tuple[int, str, str]] = field(default_factory=list)
    source: str = "text"            # "text", "colour", "cascade" or "clpr" (plate_clpr.py)
    layout: str = "one-row"         # "two-row" when read as two rows (plate_clpr.py)
    detection_score: float | None = None   # the plate detector's probability ("clpr")


# ----------------------------------------------------------------------------- geometry

def quad_iou(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two convex quadrilaterals (4, 2)."""
    pa = np.asarray(a, np.float32).reshape(-1, 1, 2)
    pb = np.asarray(b, np.float32).reshape(-1, 1, 2)
    inter, _ = cv2.intersectConvexConvex(pa, pb)
    union = abs(cv2.contourArea(pa)) + abs(cv2.contourArea(pb)) - inter
    return float(inter / union) if union > 0 else 0.0


def _aspect(box: np.ndarray) -> float:
    w, h = geometry.box_size(box)
    return w / max(h, 1e-6)


def _grow_to_aspect(box: np.ndarray, aspect: float, width_scale: float = 1.0,
                    anchor_bottom: bool = False) -> np.ndarray:
    """Grow an ordered box's height (and scale its width) so width / height == ``aspect``."""
    b = np.asarray(box, np.float64)
    centre_top, centre_bottom = (b[0] + b[1]) / 2, (b[3] + b[2]) / 2
    across = (b[1] - b[0] + b[2] - b[3]) / 2
    down = centre_bottom - centre_top
    w, h = np.linalg.norm(across), np.linalg.norm(down)
    if w < 1 or h < 1:
        return b.astype(np.float32)
    new_w = w * width_scale
    new_h = max(h, new_w / aspect)
    u, v = across / w, down / h
    centre = (centre_top + centre_bottom) / 2
    if anchor_bottom:
        centre = centre_bottom - v * new_h / 2
    hw, hh = u * new_w / 2, v * new_h / 2
    return np.array([centre - hw - hh, centre + hw - hh, centre + hw + hh, centre - hw + hh],
                    np.float32)


# ----------------------------------------------------------------------------- finders

def text_candidates(rgb: np.ndarray, backend, *, det_limit: int = 960,
                    cancelled: Callable[[], bool] | None = None
                    ) -> list[tuple[np.ndarray, str, float]]:
    """Plate-like text lines: [(plate quad, text read, confidence)]."""
    from cvlab.tools.ocr.pipeline import read_text

    result = read_text(rgb, backend, box_threshold=0.5, text_threshold=0.2, det_limit=det_limit,
                       use_cls=False, cancelled=cancelled)
    lines = sorted(result.lines, key=lambda ln: float(ln.box[:, 0].min()))
    groups: list[list] = []
    for line in lines:
        for group in groups:
            if _joins(group[-1].box, line.box):
                group.append(line)
                break
        else:
            groups.append([line])
    out = []
    for group in groups:
        pts = np.concatenate([ln.box for ln in group])
        box, _ = geometry.min_area_box(pts)
        if not MIN_ASPECT * 0.9 <= _aspect(box) <= MAX_ASPECT * 1.3:
            continue
        text = "".join(ln.text for ln in group)
        if not 4 <= len(normalise_text(text)) <= 12:   # a page's lines are no plates
            continue
        conf = float(np.mean([ln.confidence for ln in group]))
        out.append((_grow_to_aspect(box, PLATE_ASPECT, 440 / 420), text, conf))
    return out


def _joins(a: np.ndarray, b: np.ndarray) -> bool:
    """``b`` continues the line ``a`` to its right: similar height, same row, small gap."""
    _, ha = geometry.box_size(a)
    _, hb = geometry.box_size(b)
    if max(ha, hb) > 1.5 * min(ha, hb):
        return False
    ca, cb = a.mean(axis=0), b.mean(axis=0)
    if abs(ca[1] - cb[1]) > 0.35 * max(ha, hb):
        return False
    gap = float(b[:, 0].min() - a[:, 0].max())
    return -0.5 * ha < gap < 1.0 * max(ha, hb)


def color_candidates(rgb: np.ndarray) -> list[tuple[np.ndarray, str]]:
    """Regions of plate background colour with plate shape: [(plate quad, colour name)]."""
    h, w = rgb.shape[:2]
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    min_area = max(MIN_AREA_PX, MIN_AREA_FRACTION * h * w)
    k = max(3, int(round(min(h, w) / 240)))
    out = []
    for name, lo, hi in COLOR_RANGES:
        mask = cv2.inRange(hsv, np.array(lo, np.uint8), np.array(hi, np.uint8))
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            area = cv2.contourArea(contour)
            if area < min_area:
                continue
            rect = cv2.minAreaRect(contour)
            rw, rh = rect[1]
            if rw * rh <= 0 or area / (rw * rh) < 0.5:
                continue
            box = geometry.order_points(cv2.boxPoints(rect))
            aspect = _aspect(box)
            # A new-energy plate fades to white at the top: only its lower part is green.
            if name == "green" and aspect > 480 / 140 * 1.1:
                box = _grow_to_aspect(box, 480 / 140, anchor_bottom=True)
                aspect = _aspect(box)
            if MIN_ASPECT <= aspect <= MAX_ASPECT:
                out.append((box, name))
    return out


@lru_cache(maxsize=4)
def _cascade(name: str):
    path = cv2.data.haarcascades + name if hasattr(cv2, "data") else name
    clf = cv2.CascadeClassifier(path)
    return None if clf.empty() else clf


def cascade_candidates(rgb: np.ndarray) -> list[np.ndarray]:
    """Axis-aligned plate boxes from OpenCV's Haar plate cascades (those present)."""
    grey = cv2.equalizeHist(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    min_w = max(40, rgb.shape[1] // 40)
    out = []
    for name in CASCADES:
        clf = _cascade(name)
        if clf is None:
            continue
        rects = clf.detectMultiScale(grey, scaleFactor=1.1, minNeighbors=4,
                                     minSize=(min_w, max(10, min_w // 4)))
        for x, y, rw, rh in (rects if len(rects) else []):
            out.append(np.array([[x, y], [x + rw, y], [x + rw, y + rh], [x, y + rh]], np.float32))
    return out


# ----------------------------------------------------------------------------- reading

def backend_recogniser(backend) -> Recogniser:
    """A recogniser reading one crop with ``backend``'s recognition model."""
    from cvlab.tools.ocr.pipeline import recognise_crops

    def recognise(crop: np.ndarray) -> tuple[str, float]:
        return recognise_crops([crop], backend)[0]
    return recognise


def plate_crop(rgb: np.ndarray, quad: np.ndarray, height: int = 96) -> np.ndarray:
    """The plate inside ``quad`` warped upright to ``height`` pixels (aspect kept)."""
    w, h = geometry.box_size(quad)
    out_w = max(8, int(round(height * w / max(h, 1))))
    dst = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, height - 1], [0, height - 1]], np.float32)
    m = cv2.getPerspectiveTransform(np.asarray(quad, np.float32), dst)
    return cv2.warpPerspective(rgb, m, (out_w, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


def inner_part(crop: np.ndarray) -> np.ndarray:
    """The character band of a plate crop: 3 % trimmed left/right, 12 % top and bottom."""
    h, w = crop.shape[:2]
    return crop[int(h * 0.12): h - int(h * 0.12), int(w * 0.03): w - int(w * 0.03)]


def plausibility(check) -> float:
    """How much a reading looks like a plate (see the module docstring)."""
    text = check.text
    n_latin = sum(ch.isascii() and ch.isalnum() for ch in text)
    if check.valid:
        return 1.0
    if check.valid is None:
        return 0.9 if 4 <= len(text) <= 10 and any(ch.isdigit() for ch in text) else 0.3
    return 0.6 if 6 <= len(text) <= 9 and n_latin >= 4 else 0.3


def read_plate(rgb: np.ndarray, quad: np.ndarray, recognise: Recogniser, source: str,
               hint_text: str = "", hint_conf: float = 0.0) -> Plate:
    """Read, correct and score the plate inside ``quad``.

    The inner part of the crop and the whole crop are read; ``hint_text`` (what the text
    finder already read) competes too.  Valid readings beat invalid ones, then confidence.
    """
    crop = plate_crop(rgb, quad)
    color = classify_color(crop)
    readings = [recognise(inner_part(crop)), recognise(crop)]
    if hint_text:
        readings.append((hint_text, hint_conf))
    best = None
    for raw, conf in readings:
        check = check_plate(raw, color)
        score = float(conf) * plausibility(check)
        if best is None or score > best[0]:
            best = (score, raw, check)
    score, raw, check = best
    return Plate(np.asarray(quad, np.float32), crop, check.text, raw, score, color, check.kind,
                 check.valid, check.corrections, source)


def merge_plates(plates: Iterable[Plate], iou: float = NMS_IOU) -> list[Plate]:
    """Non-maximum suppression by quad IoU; the kept plate takes a colour finder's box."""
    ranked = sorted(plates, key=lambda p: p.confidence, reverse=True)
    kept: list[Plate] = []
    for plate in ranked:
        twin = next((k for k in kept if quad_iou(k.box, plate.box) > iou), None)
        if twin is None:
            kept.append(plate)
        elif plate.source == "colour" and twin.source != "colour":
            twin.box, twin.crop, twin.color = plate.box, plate.crop, plate.color
            twin.kind = check_plate(twin.text, twin.color).kind
    return kept


def find_plates(image: np.ndarray, backend, *, methods: tuple[str, ...] = ("text", "colour"),
                min_confidence: float = 0.5, det_limit: int = 960,
                recognise: Recogniser | None = None,
                progress: Callable[[float, str], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> list[Plate]:
    """Find and read licence plates; most confident first, duplicates merged.

    ``backend``: an OCR backend (``models.load_backend``) or its name, needed for the "text"
    finder and for reading unless ``recognise(crop_rgb) -> (text, confidence)`` is given.
    ``methods``: any of "text", "colour", "cascade".  ``min_confidence``: least plate
    confidence kept.  ``det_limit``: the text detector's longest side.
    ``progress(fraction, text)`` is told how far it got; ``cancelled()`` is asked between
    steps and a True answer raises :class:`cvlab.core.cancel.Cancelled`.
    """
    from cvlab.core.images import to_rgb8

    unknown = set(methods) - set(FINDERS)
    if unknown:
        raise ValueError(f"unknown plate finder(s) {sorted(unknown)}; use {', '.join(FINDERS)}")
    rgb = to_rgb8(image)
    if isinstance(backend, str):
        from cvlab.tools.ocr.models import load_backend
        backend = load_backend(backend)
    if recognise is None:
        recognise = backend_recogniser(backend)

    def report(fraction: float, text: str) -> None:
        if progress is not None:
            progress(fraction, text)

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("plate search cancelled")

    # (quad, source, hint text, hint confidence)
    candidates: list[tuple[np.ndarray, str, str, float]] = []
    report(0.0, translate("PlateSearch", "Looking for plates"))
    if "text" in methods:
        check()
        candidates += [(q, "text", t, c) for q, t, c in
                       text_candidates(rgb, backend, det_limit=det_limit, cancelled=cancelled)]
        report(0.4, translate("PlateSearch", "{0} plate-like text lines").format(
            len(candidates)))
    if "colour" in methods:
        check()
        candidates += [(q, "colour", "", 0.0) for q, _ in color_candidates(rgb)]
    if "cascade" in methods:
        check()
        candidates += [(q, "cascade", "", 0.0) for q in cascade_candidates(rgb)]
    h, w = rgb.shape[:2]
    plates = []
    for i, (quad, source, hint, conf) in enumerate(candidates):
        check()
        report(0.5 + 0.5 * i / max(len(candidates), 1),
               translate("PlateSearch", "Reading candidate {0}/{1}").format(
                   i + 1, len(candidates)))
        quad = geometry.clip_box(quad, w, h)
        if min(geometry.box_size(quad)) < 6:
            continue
        plates.append(read_plate(rgb, quad, recognise, source, hint, conf))
    kept = [p for p in merge_plates(plates) if p.text and p.confidence >= min_confidence]
    report(1.0, translate("PlateSearch", "{0} plates").format(len(kept)))
    return kept
