"""The OCR tab's state and controller logic, without a window."""

from types import SimpleNamespace

import numpy as np
import pytest

from cvlab.core import i18n
from cvlab.tools import ocr
from cvlab.tools.ocr.plate_format import KINDS
from cvlab.tools.ocr.state import (
    PLATE_COLUMNS,
    TEXT_COLUMNS,
    OcrState,
    apply_sample_hint,
    columns,
    line_badges,
    open_image,
    plate_color_text,
    plate_kind_text,
    select,
    set_mode,
    show_lines,
    show_plates,
)


def _result(n):
    return SimpleNamespace(lines=[SimpleNamespace(text=f"line {i}") for i in range(n)])


def _recorded(state):
    seen = []
    state.changed.connect(lambda name, value: seen.append(name))
    return seen


def test_headers_are_real_in_every_mode_before_anything_is_read():
    assert columns("text") == columns("document") == TEXT_COLUMNS == ("Text", "Conf.",
                                                                       "Box (x, y)")
    assert columns("plates") == PLATE_COLUMNS and PLATE_COLUMNS[0] == "Plate"


def test_the_plate_sample_asks_for_plate_mode_and_text_samples_for_text():
    plate_sample = next(s for s in ocr.TOOL.samples if s.maker)
    assert plate_sample.mode == "plates"
    assert all(s.mode == "text" for s in ocr.TOOL.samples if s.shipped)
    state = OcrState(mode="document")
    apply_sample_hint(state, "")
    assert state.mode == "document"
    seen = _recorded(state)
    apply_sample_hint(state, plate_sample.mode)
    assert state.mode == "plates" and seen == ["mode"]


def test_unknown_mode_is_refused():
    state = OcrState()
    with pytest.raises(ValueError, match="unknown OCR mode 'plate'"):
        set_mode(state, "plate")
    assert state.mode == "text"


def test_a_new_image_drops_the_previous_results_and_selection():
    state = OcrState()
    open_image(state, "a.png", np.zeros((4, 4, 3), np.uint8))
    show_lines(state, _result(3))
    select(state, 2)
    assert state.selected == 2
    seen = _recorded(state)
    second = np.ones((5, 5, 3), np.uint8)
    open_image(state, "b.png", second)
    assert (state.path, state.image, state.result, state.plates, state.selected) == (
        "b.png", second, None, [], None)
    assert seen[0] == "selected"  # the highlight goes before anything else changes


def test_lines_and_plates_replace_each_other():
    state = OcrState()
    show_plates(state, ["plate"])
    assert state.plates == ["plate"] and state.result is None
    show_lines(state, _result(2))
    assert state.plates == [] and len(state.result.lines) == 2


def test_selection_is_limited_to_the_rows_there_are():
    state = OcrState()
    select(state, 0)
    assert state.selected is None            # nothing read yet
    show_lines(state, _result(2))
    select(state, 1)
    assert state.selected == 1
    select(state, 5)
    assert state.selected is None
    show_plates(state, ["a", "b", "c"])
    select(state, 2)
    assert state.selected == 2


def test_line_badges_number_the_lines_from_one():
    assert line_badges(_result(3)) == ["1", "2", "3"]
    assert line_badges(None) == []


def test_plate_colors_and_kinds_are_worded_for_the_table_and_stay_english_without_translator():
    """The Colour and Kind cells: English as exported without a translator; with one, the
    colour and the kind of plate are asked in their own contexts (Chinese words them apart:
    蓝 and 蓝牌); a name the table does not know is shown as it is."""
    assert [plate_color_text(k) for k in KINDS] == list(KINDS)
    assert [plate_kind_text(k) for k in KINDS] == list(KINDS)
    asked = []
    i18n.set_translator(lambda context, text: asked.append((context, text)) or text.upper())
    try:
        assert plate_color_text("blue") == "BLUE" and plate_kind_text("green") == "GREEN"
        assert plate_color_text("red") == "red"
    finally:
        i18n.set_translator(None)
    assert asked == [("PlateColor", "blue"), ("PlateKind", "green")]
