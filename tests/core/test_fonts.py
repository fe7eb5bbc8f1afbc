"""Text drawn into images: Chinese gets a CJK font, Latin keeps Pillow's own."""

import numpy as np
from PIL import Image, ImageDraw

from cvlab.core.fonts import find_cjk_font, pil_font


def _drawn(text: str, font) -> np.ndarray:
    image = Image.new("L", (200, 40))
    ImageDraw.Draw(image).text((2, 2), text, fill=255, font=font)
    return np.asarray(image)


def test_chinese_text_gets_the_cjk_font_and_latin_the_default():
    assert getattr(pil_font(16, "真实图像"), "path", None) == find_cjk_font()
    assert getattr(pil_font(16, "Ground truth"), "path", "") != find_cjk_font()


def test_two_chinese_words_draw_differently_with_it():
    # Pillow's built-in font draws every CJK character as the same box: the two words would
    # give the same pixels. With the CJK font they differ.
    a = _drawn("真实图像", pil_font(16, "真实图像"))
    b = _drawn("双三次插值", pil_font(16, "双三次插值"))
    assert a.any() and not np.array_equal(a[:, :60], b[:, :60])
