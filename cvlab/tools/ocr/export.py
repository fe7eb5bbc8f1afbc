"""OCR and plate results as TXT, JSON and CSV (no Qt), written atomically."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from cvlab.core.fileio import atomic_write, check_output_path
from cvlab.core.i18n import translate
from cvlab.tools.ocr.document import document_json, paragraphs
from cvlab.tools.ocr.plate_format import display_text


def _box(box) -> list[list[float]]:
    return [[round(float(x), 1), round(float(y), 1)] for x, y in box]


def line_dict(line) -> dict:
    return {"text": line.text, "confidence": round(float(line.confidence), 4),
            "box_score": round(float(line.box_score), 4), "box": _box(line.box),
            "rotated_180": bool(line.rotated_180)}


def result_dict(result, *, document: bool = False) -> dict:
    data = {"image_size": list(result.image_size), "backend": result.backend,
            "timings": {k: round(float(v), 4) for k, v in result.timings.items()},
            "lines": [line_dict(line) for line in result.lines]}
    if document:
        doc = document_json(result)
        data["paragraphs"], data["key_values"] = doc["paragraphs"], doc["key_values"]
    return data


def result_text(result, *, document: bool = False) -> str:
    """One line per text line; with ``document`` a blank line between paragraphs."""
    if not document:
        return "\n".join(line.text for line in result.lines)
    return "\n\n".join("\n".join(line.text for line in group)
                       for group in paragraphs(result.lines))


def result_csv(result) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["text", "confidence", "x1", "y1", "x2", "y2", "x3", "y3", "x4", "y4"])
    for line in result.lines:
        writer.writerow([line.text, f"{line.confidence:.4f}"]
                        + [f"{v:.1f}" for point in line.box for v in point])
    return out.getvalue()


def plate_dict(plate) -> dict:
    return {"text": plate.text, "display": display_text(plate.text),
            "raw_text": plate.raw_text, "confidence": round(float(plate.confidence), 4),
            "colour": plate.color, "kind": plate.kind, "valid": plate.valid,
            "corrections": [{"position": int(i), "read": old, "corrected": new}
                            for i, old, new in plate.corrections],
            "box": _box(plate.box), "source": plate.source}


def plates_dicts(plates) -> list[dict]:
    return [plate_dict(p) for p in plates]


def plates_csv(plates) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["plate", "confidence", "colour", "kind", "valid", "raw_text",
                     "x1", "y1", "x2", "y2", "x3", "y3", "x4", "y4"])
    for p in plates:
        writer.writerow([display_text(p.text), f"{p.confidence:.4f}", p.color, p.kind,
                         p.valid, p.raw_text] + [f"{v:.1f}" for pt in p.box for v in pt])
    return out.getvalue()


def write_text(path: str | Path, text: str, inputs=()) -> Path:
    """Write ``text`` atomically as UTF-8 whatever the locale (the text is often Chinese);
    refuses to overwrite one of ``inputs``."""
    target = check_output_path(path, inputs)
    with atomic_write(target, shown=path) as handle:
        handle.write(text.encode("utf-8"))
    return target


def export_result(path: str | Path, result, *, document: bool = False, inputs=()) -> Path:
    """A text result by the file's suffix: .txt, .json or .csv."""
    suffix = Path(path).suffix.lower()
    if suffix == ".txt":
        return write_text(path, result_text(result, document=document) + "\n", inputs)
    if suffix == ".json":
        return write_text(path, json.dumps(result_dict(result, document=document),
                                           ensure_ascii=False, indent=2), inputs)
    if suffix == ".csv":
        return write_text(path, result_csv(result), inputs)
    raise ValueError(translate("OcrExport", "{0}: choose a .txt, .json or .csv file")
                     .format(path))


def export_plates(path: str | Path, plates, inputs=()) -> Path:
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return write_text(path, json.dumps(plates_dicts(plates), ensure_ascii=False,
                                           indent=2), inputs)
    if suffix == ".csv":
        return write_text(path, plates_csv(plates), inputs)
    if suffix == ".txt":
        return write_text(path, "\n".join(display_text(p.text) for p in plates) + "\n",
                          inputs)
    raise ValueError(translate("OcrExport", "{0}: choose a .json, .csv or .txt file")
                     .format(path))
