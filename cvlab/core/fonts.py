"""Fonts for text drawn into images with Pillow (plate samples, figure captions).

Pillow's built-in font has no Chinese characters, so text that has any (a rendered plate, a
caption in the Chinese interface) is drawn with a CJK-capable TrueType font:
``$CVLAB_CJK_FONT`` first, then the fonts Debian's CJK packages install (the Makefile
installs fonts-wqy-microhei). No Qt.
"""

from __future__ import annotations

import os
from pathlib import Path

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
FONT_ENV = "CVLAB_CJK_FONT"


def find_cjk_font() -> str:
    """The path of a CJK-capable TrueType font ($CVLAB_CJK_FONT first); raises if none."""
    env = [os.environ[FONT_ENV]] if os.environ.get(FONT_ENV) else []
    candidates = env + list(FONT_CANDIDATES)
    for path in candidates:
        if Path(path).is_file():
            return path
    raise FileNotFoundError("no CJK font found (install fonts-wqy-microhei or set "
                            f"{FONT_ENV}); tried: {', '.join(candidates)}")


def pil_font(size: int, text: str = ""):
    """A Pillow font of ``size`` px that can draw ``text``: the built-in one for Latin text,
    a CJK TrueType font when ``text`` has characters beyond Latin-1 (the built-in one when
    no CJK font is installed: boxes, but no failure)."""
    from PIL import ImageFont

    if any(ord(ch) > 0xFF for ch in text):
        try:
            return ImageFont.truetype(find_cjk_font(), size=size)
        except (FileNotFoundError, OSError):
            pass
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()
