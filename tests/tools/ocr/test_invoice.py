"""Document mode end to end on a rendered invoice, the course's example: Chinese keys with
full-width and ASCII colons, found by the real models and paired with their values."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from cvlab.tools.ocr.document import document_json
from cvlab.tools.ocr.models import load_backend
from cvlab.tools.ocr.pipeline import read_text
from cvlab.tools.ocr.plate_render import find_cjk_font

FIELDS = [("发票号码", "：", "12345678"), ("开票日期", "：", "2024年01月15日"),
          ("购买方", "：", "上海市第一人民医院"), ("Invoice No.", ": ", "INV-2024-0042")]


@pytest.fixture(scope="module")
def invoice():
    font = ImageFont.truetype(find_cjk_font(), 30)
    title = ImageFont.truetype(find_cjk_font(), 44)
    page = Image.new("RGB", (900, 520), (250, 248, 240))
    draw = ImageDraw.Draw(page)
    draw.text((300, 30), "增值税普通发票", font=title, fill=(150, 30, 30))
    for n, (key, colon, value) in enumerate(FIELDS):
        draw.text((60, 140 + n * 80), f"{key}{colon}{value}", font=font, fill=(20, 20, 20))
    return np.asarray(page)


def test_key_value_pairs_of_a_rendered_invoice(invoice):
    result = read_text(invoice, load_backend("onnxruntime"), box_threshold=0.5)
    document = document_json(result)
    pairs = {kv["key"]: kv["value"] for kv in document["key_values"]}
    print(pairs)
    for key, _colon, value in FIELDS:
        assert pairs.get(key) == value, (key, pairs)
    assert document["lines"][0]["text"] == "增值税普通发票"
