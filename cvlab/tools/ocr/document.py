"""Document mode: paragraphs and "key: value" pairs from OCR text lines.

``paragraphs(lines)`` groups lines (``TextLine`` from :mod:`cvlab.tools.ocr.pipeline`)
into paragraphs; ``key_values(lines)`` finds pairs such as "发票号码: 12345678",
"Invoice No.: 123", "日期：2024年1月1日" (ASCII or full-width colon), or a key box ending
in a colon with its value in the next box to the right on the same row;
``document_json(result)`` gives all of it as plain JSON-ready data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from cvlab.tools.ocr.pipeline import OcrResult, reading_order, same_row

# Boxes are DB boxes, expanded around the ink, so lines of one paragraph touch or
# overlap: a gap between boxes of half a line height already means a break.
PARAGRAPH_GAP = 0.5     # a gap between boxes under this × line height keeps a paragraph
INDENT = 1.0            # a first line indented by this × line height starts a paragraph
HEIGHT_CHANGE = 1.4     # a line this many times taller / shorter starts one too
MAX_KEY_CHARS = 30
COLONS = ":："


def _bounds(line) -> tuple[float, float, float, float]:
    b = np.asarray(line.box, dtype=np.float32)
    return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 0].max()), float(b[:, 1].max())


def _height(line) -> float:
    """Text height: the box's shorter side (robust to a tilted line)."""
    b = np.asarray(line.box, dtype=np.float32)
    w = float(np.linalg.norm(b[1] - b[0]))
    h = float(np.linalg.norm(b[3] - b[0]))
    return max(min(w, h), 1.0)


def _frame(line) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(centre, unit vector along the text, unit vector down the text) of a line's box."""
    b = np.asarray(line.box, dtype=np.float64)
    u = (b[1] - b[0]) + (b[2] - b[3])
    if np.linalg.norm(u) < 1e-6:
        u = np.array([1.0, 0.0])
    u = u / np.linalg.norm(u)
    if u[0] < 0:
        u = -u
    return b.mean(axis=0), u, np.array([-u[1], u[0]])


def _continues(paragraph: list, line) -> bool:
    """Does ``line`` continue ``paragraph`` (whose last line is directly above it)?

    Measured in the last line's own frame, so a slightly tilted page works too.
    """
    last = paragraph[-1]
    h_last, h = _height(last), _height(line)
    ref = min(h_last, h)
    if max(h_last, h) > HEIGHT_CHANGE * ref or same_row(last, line):
        return False
    centre, u, n = _frame(last)
    pitch = float(np.dot(line.box.mean(axis=0) - centre, n))
    if pitch < 0.5 * ref or pitch - (h_last + h) / 2 >= PARAGRAPH_GAP * ref:
        return False

    def span(item) -> tuple[float, float]:
        along = np.asarray(item.box, dtype=np.float64) @ u
        return float(along.min()), float(along.max())

    x0, x1 = span(line)
    lx0, lx1 = span(last)
    para_left = min(span(p)[0] for p in paragraph)
    if min(lx1, x1) - max(lx0, x0) <= 0 and abs(x0 - para_left) >= ref:
        return False  # neither overlapping nor starting at the paragraph's left edge
    return x0 - para_left <= INDENT * ref  # an indented line opens the next paragraph


def paragraphs(lines: Sequence) -> list[list]:
    """Lines grouped into paragraphs, each in reading order, paragraphs by first line.

    A line joins the paragraph whose last line is just above it: the gap between the
    boxes, across the text direction, is under ``PARAGRAPH_GAP`` line heights, the two
    overlap horizontally or the line starts at the paragraph's left edge, the heights are
    alike, and the line is not indented (an indented line starts a new paragraph). Lines on
    one row never share a paragraph, so columns stay apart.
    """
    ordered = reading_order(list(lines))
    groups: list[list] = []
    for line in ordered:
        target = None
        for group in reversed(groups):
            if _continues(group, line):
                target = group
                break
        if target is None:
            groups.append([line])
        else:
            target.append(line)
    return groups


def _is_cjk(ch: str) -> bool:
    return bool(ch) and (unicodedata.east_asian_width(ch) in "WF")


def join_lines(texts: Sequence[str]) -> str:
    """Join a paragraph's lines: a space between words, none between CJK characters
    or after a line that ends in a hyphen."""
    out = ""
    for text in (t.strip() for t in texts):
        if not text:
            continue
        if out and not (out.endswith("-") or (_is_cjk(out[-1]) and _is_cjk(text[0]))):
            out += " "
        out += text
    return out


_TIME = re.compile(r"^[^:：]*\d\s*[:：]\s*\d")  # "10:30", "Total 12:30" (no key)
_KV = re.compile(rf"^\s*(?P<key>[^:：]{{1,{MAX_KEY_CHARS}}}?)\s*[:：]\s*(?P<value>.*?)\s*$")


def _good_key(key: str) -> bool:
    key = key.strip()
    if not key or len(key) > MAX_KEY_CHARS:
        return False
    if not any(ch.isalpha() for ch in key):  # "12:30", ">>> x" are no keys
        return False
    words = key.split()
    return len(words) <= 5


def split_key_value(text: str) -> tuple[str, str] | None:
    """(key, value) of "key: value" / "key：value" (value may be empty), else None."""
    m = _KV.match(text)
    if not m or _TIME.match(text):
        return None
    key, value = m.group("key").strip(), m.group("value").strip()
    if not _good_key(key) or value.startswith("//"):  # "http://..."
        return None
    return key, value


def key_values(lines: Sequence) -> list[dict]:
    """Key: value pairs found in ``lines`` (indices refer to ``lines`` as given).

    Each is ``{"key", "value", "line_index"}`` (the key's line); a value taken from a
    separate box to the right on the same row also has ``"value_line_index"``.
    """
    lines = list(lines)
    used: set[int] = set()
    pairs = []
    for i, line in enumerate(lines):
        if i in used:
            continue
        kv = split_key_value(line.text)
        if kv is None:
            continue
        key, value = kv
        item = {"key": key, "value": value, "line_index": i}
        if not value:
            j = _value_to_the_right(lines, i, used)
            if j is None:
                continue
            item["value"] = lines[j].text.strip()
            item["value_line_index"] = j
            used.add(j)
        used.add(i)
        pairs.append(item)
    return pairs


def _value_to_the_right(lines: list, i: int, used: set[int]) -> int | None:
    """The nearest box right of ``lines[i]`` on the same row, within a few line heights."""
    key = lines[i]
    kx0, _, kx1, _ = _bounds(key)
    h = _height(key)
    best, best_dx = None, None
    for j, other in enumerate(lines):
        if j == i or j in used or not same_row(key, other):
            continue
        dx = _bounds(other)[0] - kx1
        if dx < -0.5 * h or dx > 8 * h:
            continue
        if split_key_value(other.text) is not None:
            continue  # the next key, not a value
        if best_dx is None or dx < best_dx:
            best, best_dx = j, dx
    return best


def _line_json(line) -> dict:
    return {"text": line.text, "confidence": round(float(line.confidence), 4),
            "box_score": round(float(line.box_score), 4),
            "rotated_180": bool(line.rotated_180),
            "box": [[round(float(x), 1), round(float(y), 1)] for x, y in line.box]}


def document_json(result: OcrResult) -> dict:
    """Lines, paragraphs and key: value pairs of an OCR result as JSON-ready data.

    Paragraphs refer to lines by their index in ``result.lines``.
    """
    lines = list(result.lines)
    index = {id(line): k for k, line in enumerate(lines)}
    paras = []
    for group in paragraphs(lines):
        x0 = min(_bounds(g)[0] for g in group)
        y0 = min(_bounds(g)[1] for g in group)
        x1 = max(_bounds(g)[2] for g in group)
        y1 = max(_bounds(g)[3] for g in group)
        paras.append({"text": join_lines([g.text for g in group]),
                      "line_indices": [index[id(g)] for g in group],
                      "bbox": [round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1)]})
    return {"image_size": list(result.image_size), "backend": result.backend,
            "paragraphs": paras, "key_values": key_values(lines),
            "lines": [_line_json(line) for line in lines],
            "text": "\n\n".join(p["text"] for p in paras)}
