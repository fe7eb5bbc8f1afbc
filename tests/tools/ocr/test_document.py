"""Document mode: paragraphs, key: value pairs and the JSON of an OCR result."""

import json

import numpy as np
import pytest

from cvlab.core.images import load_image
from cvlab.tools.ocr.document import (
    document_json,
    join_lines,
    key_values,
    paragraphs,
    split_key_value,
)
from cvlab.tools.ocr.pipeline import OcrResult, TextLine, read_text
from tests.conftest import TEST_DATA

DATA = TEST_DATA / "ocr"


def _line(text, x, y, w=300, h=20):
    box = np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float32)
    return TextLine(box, text, 0.95, 0.8, False)


def _texts(groups):
    return [[line.text for line in group] for group in groups]


def test_paragraphs_gap_indent_height_and_columns():
    lines = [
        _line("A Title", 40, 20, w=200, h=32),                  # taller: its own paragraph
        _line("first para one", 40, 60), _line("first para two", 40, 86),
        _line("first para end", 40, 112, w=120),
        _line("second para after a gap", 40, 160), _line("second para two", 40, 186),
        _line("indented third para", 80, 212), _line("third para two", 40, 238),
        # a right column on the same rows as the second paragraph
        _line("right column one", 420, 160, w=200), _line("right column two", 420, 186, w=200),
    ]
    rng = np.random.default_rng(7)
    shuffled = [lines[i] for i in rng.permutation(len(lines))]
    assert _texts(paragraphs(shuffled)) == [
        ["A Title"],
        ["first para one", "first para two", "first para end"],
        ["second para after a gap", "second para two"],
        ["right column one", "right column two"],
        ["indented third para", "third para two"],
    ]


def test_paragraphs_need_horizontal_overlap_or_shared_left_edge():
    lines = [_line("left block", 40, 60, w=200), _line("far right below", 400, 86, w=200),
             _line("chinese 第一行", 40, 300, w=200, h=24),
             _line("第二行文字", 40, 330, w=150, h=24)]            # gap 6 < 0.8 × 24
    assert _texts(paragraphs(lines)) == [["left block"], ["far right below"],
                                         ["chinese 第一行", "第二行文字"]]


@pytest.mark.parametrize("text, expected", [
    ("发票号码: 12345678", ("发票号码", "12345678")),
    ("Invoice No.: 123", ("Invoice No.", "123")),
    ("日期：2024年1月1日", ("日期", "2024年1月1日")),
    ("Total amount ： $ 12.50", ("Total amount", "$ 12.50")),
    ("开票日期：", ("开票日期", "")),
    ("Time: 10:30", ("Time", "10:30")),
    ("Meeting at 10:30", None),
    ("12:30", None),
    ("see http://example.com", None),
    ("a sentence without any colon", None),
    ("This is a rather long sentence that only ends: with a colon", None),
])
def test_split_key_value(text, expected):
    assert split_key_value(text) == expected


def test_key_values_inline_and_same_row():
    lines = [
        _line("发票号码: 12345678", 40, 20),
        _line("Invoice No.: 123", 40, 50),
        _line("开票日期：", 40, 80, w=100),
        _line("2024年5月6日", 170, 82, w=140),      # value box to the right, same row
        _line("Total:", 40, 110, w=60),
        _line("Name:", 380, 110, w=60),            # the next key, not Total's value
        _line("Alice", 460, 111, w=80),
        _line("Notes:", 40, 140, w=60),            # nothing to its right
        _line("Meeting at 10:30", 40, 170),
        _line("日期：2024年1月1日", 40, 200),
    ]
    pairs = key_values(lines)
    assert [(p["key"], p["value"], p["line_index"]) for p in pairs] == [
        ("发票号码", "12345678", 0), ("Invoice No.", "123", 1), ("开票日期", "2024年5月6日", 2),
        ("Name", "Alice", 5), ("日期", "2024年1月1日", 9)]
    assert pairs[2]["value_line_index"] == 3 and pairs[3]["value_line_index"] == 6
    assert "value_line_index" not in pairs[0]


def test_join_lines():
    assert join_lines(["Region-", "based work", " and more "]) == "Region-based work and more"
    assert join_lines(["第一行", "第二行", "ok"]) == "第一行第二行 ok"


def test_document_json_synthetic():
    lines = [_line("Invoice No.: 123", 40, 20), _line("Body text one", 40, 80),
             _line("body text two", 40, 106)]
    result = OcrResult(lines, (800, 600), (800, 608), {"det": 0.1}, "test")
    doc = document_json(result)
    json.dumps(doc, ensure_ascii=False)                # plain data only
    assert [p["text"] for p in doc["paragraphs"]] == ["Invoice No.: 123",
                                                      "Body text one body text two"]
    assert doc["paragraphs"][1]["line_indices"] == [1, 2]
    assert doc["paragraphs"][1]["bbox"] == [40.0, 80.0, 340.0, 126.0]
    assert doc["key_values"] == [{"key": "Invoice No.", "value": "123", "line_index": 0}]
    assert doc["lines"][0]["box"][2] == [340.0, 40.0]
    assert doc["image_size"] == [800, 600] and doc["backend"] == "test"


@pytest.fixture(scope="module")
def backend():
    from cvlab.tools.ocr.models import load_backend
    return load_backend("onnxruntime", device="cpu")


def test_document_json_of_a_real_page(backend):
    result = read_text(load_image(DATA / "imageTextN.png"), backend)
    doc = document_json(result)
    print()
    for p in doc["paragraphs"]:
        print("¶", p["text"])
    starts = [p["text"][:24] for p in doc["paragraphs"]]
    assert starts == ["technical details are to", "In teaching our courses,",
                      "In formulating and solvi"]
    assert doc["paragraphs"][1]["text"].endswith("complexity of real-world imagery.")
    assert doc["key_values"] == []


def test_paragraphs_of_a_tilted_photo(backend):
    """skimage_page is a photo of a book: a heading, a slightly tilted paragraph, code."""
    result = read_text(load_image(DATA / "skimage_page.png"), backend, box_threshold=0.5)
    groups = paragraphs(result.lines)
    print()
    for group in groups:
        print("¶", join_lines([line.text for line in group]))
    assert [len(g) for g in groups] == [1, 5, 1]
    assert groups[0][0].text == "Region-based segmentation"
    assert groups[1][-1].text.startswith("histogram of grey")
