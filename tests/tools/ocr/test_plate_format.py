"""Plate formats, confusable correction and colour classification (no OCR models)."""

import cv2
import numpy as np
import pytest

from cvlab.tools.ocr.plate_format import (
    LETTERS,
    PROVINCES,
    check_plate,
    classify_color,
    display_text,
    normalise_text,
)
from cvlab.tools.ocr.plate_render import render_plate


def test_alphabets():
    assert len(PROVINCES) == 31 and len(set(PROVINCES)) == 31
    assert "I" not in LETTERS and "O" not in LETTERS and len(LETTERS) == 24


@pytest.mark.parametrize("text, expected, kind, fmt", [
    ("京A12345", "京A12345", "blue", "ordinary"),
    ("京A·12345", "京A12345", "blue", "ordinary"),
    ("鲁B8K3N2", "鲁B8K3N2", "blue", "ordinary"),
    ("粤B·D12345", "粤BD12345", "green", "new-energy small"),
    ("沪AD12345", "沪AD12345", "green", "new-energy small"),
    ("沪AFA1234", "沪AFA1234", "green", "new-energy small"),
    ("粤B12345D", "粤B12345D", "green", "new-energy large"),
    ("京A1234学", "京A1234学", "yellow", "special"),
    ("苏E123挂", None, None, None),                   # one character short: invalid
    ("京A0123警", "京A0123警", "white", "special"),
    ("粤Z1234港", "粤Z1234港", "black", "special"),
    ("粤Z·A123澳", "粤ZA123澳", "black", "special"),
    ("ｊｉｎｇ", None, None, None),                  # full-width Latin -> Latin-only
])
def test_valid_formats(text, expected, kind, fmt):
    result = check_plate(text)
    if expected is None and "挂" in text:
        assert result.valid is False and result.kind == "unknown"
        return
    if expected is None:
        assert result.valid is None and result.text == "JING"
        return
    assert result.valid is True, result
    assert (result.text, result.kind, result.format) == (expected, kind, fmt)
    assert result.corrections == []


def test_color_turns_an_ordinary_plate_yellow_and_nothing_else():
    assert check_plate("鲁B8K3N2", color="yellow").kind == "yellow"
    assert check_plate("鲁B8K3N2", color="green").kind == "blue"
    assert check_plate("沪AD12345", color="yellow").kind == "green"


@pytest.mark.parametrize("raw, expected, fixes", [
    # The issuing letter must be a letter: 8->B; I is never used where a digit may stand.
    ("京8I2345", "京B12345", [(1, "8", "B"), (2, "I", "1")]),
    ("京0O2345", "京D02345", [(1, "0", "D"), (2, "O", "0")]),
    ("粤2A5B12", "粤ZA5B12", [(1, "2", "Z")]),          # B in an any-class slot stays B
    ("浙5·A12O4", "浙SA1204", [(1, "5", "S"), (5, "O", "0")]),
    # New energy: first of the six must be D/F (0->D), the last four digits (B->8, S->5, Z->2).
    ("沪A0123B5", "沪AD12385", [(2, "0", "D"), (6, "B", "8")]),
    ("沪ADA12S4", "沪ADA1254", [(6, "S", "5")]),
    ("沪AFZZ234", "沪AFZ2234", [(4, "Z", "2")]),
    # Large new energy: five digits then D/F; G->6, O->0 in the digit-only run.
    ("粤B1G34OD", "粤B16340D", [(3, "G", "6"), (6, "O", "0")]),
    ("京A1234学", "京A1234学", []),
    ("京AI234学", "京A1234学", [(2, "I", "1")]),
])
def test_corrections(raw, expected, fixes):
    result = check_plate(raw)
    assert result.valid is True, result
    assert result.text == expected
    assert result.corrections == fixes


@pytest.mark.parametrize("raw", [
    "京112345",     # 1 in the letter slot: no letter looks like it, stays invalid
    "京A1234",      # too short
    "京A1234567",   # too long
    "X京A12345",    # junk before the province
    "京A12#45",     # a symbol no rule maps
    "猫A12345",     # not a province
    "沪AX12345",    # 8 chars but neither new-energy pattern (X is not D/F, last not D/F)
])
def test_invalid_stays_invalid(raw):
    result = check_plate(raw)
    assert result.valid is False
    assert result.text == normalise_text(raw)
    assert result.corrections == []
    assert result.kind == "unknown"


def test_latin_only_is_kept_as_read():
    result = check_plate("ab 123-CD")
    assert (result.text, result.valid, result.kind) == ("AB123CD", None, "unknown")
    assert result.format == "unknown format"


def test_display_text():
    assert display_text("京A12345") == "京A·12345"
    assert display_text("AB123") == "AB123"


# ---------------------------------------------------------------------------------- colour

CASES = [("京A12345", "blue"), ("鲁B8K3N2", "yellow"), ("沪AD12345", "green"),
         ("京A0123警", "white"), ("粤Z1234港", "black"), ("粤B12345D", "green")]


def _variant(img, name):
    if name == "blur":
        return cv2.GaussianBlur(img, (0, 0), 2.0)
    if name == "dark":
        return np.clip(img * 0.6, 0, 255).astype(np.uint8)
    if name == "bright":
        return np.clip(img * 1.3, 0, 255).astype(np.uint8)
    if name == "small":
        return cv2.resize(img, (img.shape[1] // 4, img.shape[0] // 4), interpolation=cv2.INTER_AREA)
    if name == "noisy":
        rng = np.random.default_rng(0)
        return np.clip(img + rng.normal(0, 12, img.shape), 0, 255).astype(np.uint8)
    return img


@pytest.mark.parametrize("variant", ["plain", "blur", "dark", "bright", "small", "noisy"])
@pytest.mark.parametrize("text, color", CASES)
def test_color_of_rendered_plates(text, color, variant):
    plate = _variant(render_plate(text, color), variant)
    assert classify_color(plate) == color


def test_color_of_a_loose_crop_with_some_surroundings():
    # A crop 10 % too big on each side, on a grey car body, still reads as the plate colour.
    for text, color in CASES:
        plate = render_plate(text, color)
        h, w = plate.shape[:2]
        canvas = np.full((int(h * 1.2), int(w * 1.2), 3), 95, np.uint8)
        canvas[h // 10:h // 10 + h, w // 10:w // 10 + w] = plate
        assert classify_color(canvas) == color, text


def test_color_of_nothing():
    assert classify_color(np.zeros((2, 2, 3), np.uint8)) == "unknown"
