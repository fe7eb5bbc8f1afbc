"""Mainland-China licence plates: formats, confusable-character correction, plate colour.

Formats (GA 36-2018, summarised; military, embassy "使" and other rare plates are not handled):

* ordinary (blue small car / yellow large vehicle): province + issuing letter + 5 characters,
  each a letter or a digit.  Text alone cannot tell blue from yellow: the crop's colour decides.
* small new-energy (green gradient): province + letter + 6 characters: the first is
  ``D`` (pure electric) or ``F`` (other new energy), the second a letter or digit, the last
  four digits only.  Example ``沪AD12345``.
* large new-energy (yellow-green): province + letter + 6 characters: five digits, then ``D``/``F``.
  Example ``粤B12345D``.
* special suffix: province + letter + 4 letters/digits + one of 学 (learner, yellow),
  挂 (trailer, yellow), 警 (police, white), 港/澳 (Hong Kong/Macau cross-border, black),
  领 (consulate, black).

Letters on plates never include ``I`` or ``O`` (they would be read as 1 and 0); the issuing
letter is A–Z without I and O.

Confusable correction.  A character is only changed where the format leaves no choice:

* anywhere a digit may stand: ``I``→``1`` and ``O``→``0`` (I and O are never used);
* a letter-only position (the issuing letter): ``0``→``D`` and ``O``→``D`` (O is not used
  on plates and D is its closest valid shape), ``8``→``B``, ``2``→``Z``,
  ``5``→``S``, ``6``→``G``, ``4``→``A``.  ``1``/``I`` in a letter-only position are left
  alone (no valid letter looks like them), so such a string stays invalid;
* a D/F position of a new-energy plate: ``0``/``O``/``Q``→``D``, ``E``/``P``→``F``;
* a digit-only position (new-energy tails): ``O``/``D``/``Q``/``U``→``0``, ``I``/``L``→``1``,
  ``Z``→``2``, ``S``→``5``, ``G``→``6``, ``B``→``8``, ``A``→``4``.

Each candidate format is tried; the valid reading that needs the fewest corrections wins
(ties: ordinary, small new-energy, large new-energy, special).  A string that no format
accepts is returned unchanged (only upper-cased and stripped of separators) with
``valid=False``.  A Latin-only string (no CJK province character) is kept as read with
``valid=None`` and ``kind="unknown"``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import numpy as np

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"          # A-Z without I and O
DIGITS = "0123456789"
ALNUM = LETTERS + DIGITS
SUFFIXES = {"学": "yellow", "挂": "yellow", "警": "white", "港": "black", "澳": "black",
            "领": "black"}
KINDS = ("blue", "yellow", "green", "white", "black", "unknown")
# Characters a reader may put between the 2nd and 3rd character (the plate's dot) or around.
_SEPARATORS = set("·•∙⋅.。,:;-_ ·|'\"`")

_TO_LETTER = {"0": "D", "O": "D", "8": "B", "2": "Z", "5": "S", "6": "G", "4": "A"}
_TO_DF = {"0": "D", "O": "D", "Q": "D", "E": "F", "P": "F"}
_TO_DIGIT = {"O": "0", "D": "0", "Q": "0", "U": "0", "I": "1", "L": "1", "Z": "2",
             "S": "5", "G": "6", "B": "8", "A": "4"}
_TO_ALNUM = {"I": "1", "O": "0"}


@dataclass
class PlateCheck:
    """The result of :func:`check_plate`."""

    text: str                      # corrected (or normalised) text, no separator
    valid: bool | None             # None: Latin-only, format unknown
    kind: str                      # one of KINDS
    format: str                    # "ordinary", "new-energy small", ... or "unknown format"
    corrections: list[tuple[int, str, str]] = field(default_factory=list)


def normalise_text(text: str) -> str:
    """Full-width to half-width, upper case, separators and spaces removed."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text.upper() if ch not in _SEPARATORS and not ch.isspace())


def display_text(text: str) -> str:
    """``京A12345`` -> ``京A·12345`` (the dot as printed on the plate)."""
    if len(text) > 2 and text[0] in PROVINCES:
        return text[:2] + "·" + text[2:]
    return text


# A format is a list of per-position classes: "P" province, "L" letter, "A" letter or digit,
# "9" digit, "E" D/F, "S" special suffix.
_FORMATS: tuple[tuple[str, str, str], ...] = (
    ("ordinary", "PLAAAAA", "blue"),
    ("new-energy small", "PLEA9999", "green"),
    ("new-energy large", "PL99999E", "green"),
    ("special", "PLAAAAS", ""),
)


def _fit(text: str, pattern: str) -> list[tuple[int, str, str]] | None:
    """The corrections that make ``text`` fit ``pattern``, or None when it cannot."""
    if len(text) != len(pattern):
        return None
    fixes = []
    for i, (ch, cls) in enumerate(zip(text, pattern)):
        if cls == "P":
            ok, table = ch in PROVINCES, {}
        elif cls == "L":
            ok, table = ch in LETTERS, _TO_LETTER
        elif cls == "A":
            ok, table = ch in ALNUM, _TO_ALNUM
        elif cls == "9":
            ok, table = ch in DIGITS, _TO_DIGIT
        elif cls == "E":
            ok, table = ch in "DF", _TO_DF
        else:  # "S"
            ok, table = ch in SUFFIXES, {}
        if ok:
            continue
        if ch in table:
            fixes.append((i, ch, table[ch]))
        else:
            return None
    return fixes


def _is_latin_only(text: str) -> bool:
    return bool(text) and all(ch.isascii() and ch.isalnum() for ch in text)


def check_plate(text: str, color: str | None = None) -> PlateCheck:
    """Validate and correct a plate reading.

    ``color`` (from :func:`classify_color`) only refines the kind of ordinary plates
    (blue or yellow: the text is the same) and is otherwise ignored.
    """
    norm = normalise_text(text)
    if _is_latin_only(norm) or not norm:
        return PlateCheck(norm, None, "unknown", "unknown format")
    best = None
    for order, (name, pattern, kind) in enumerate(_FORMATS):
        fixes = _fit(norm, pattern)
        if fixes is None:
            continue
        key = (len(fixes), order)
        if best is None or key < best[0]:
            best = (key, name, kind, fixes)
    if best is None:
        return PlateCheck(norm, False, "unknown", "unknown format")
    _, name, kind, fixes = best
    chars = list(norm)
    for i, _old, new in fixes:
        chars[i] = new
    fixed = "".join(chars)
    if name == "special":
        kind = SUFFIXES[fixed[-1]]
    elif name == "ordinary":
        kind = "yellow" if color == "yellow" else "blue"
    return PlateCheck(fixed, True, kind, name, fixes)


# ---------------------------------------------------------------------------------------
# Colour.  Thresholds are on OpenCV's 8-bit HSV (H 0..179, S and V 0..255).
# The background is the larger of the two Otsu classes of the grey crop's central part (text
# covers ~25-35 % of a plate).  Among the background pixels:
#   * "chromatic" pixels have S >= 70 and V >= 40; if they are >= 25 % of the background the
#     plate is coloured and the median hue of those pixels decides:
#       yellow 11..34, green 35..90, blue 91..135 (anything else: the nearest of the three);
#   * otherwise the plate is achromatic: white when the background is the brighter Otsu
#     class (dark text), black when it is the darker one (light text).  Polarity, not the
#     absolute V, so a dim white plate (brightness x0.6) stays white.
# A green new-energy plate is a white-to-green gradient: its lower part alone is enough to
# clear the 25 % chromatic share.
CHROMA_S = 70
CHROMA_V = 40
CHROMA_SHARE = 0.25
HUE_RANGES = (("yellow", 11, 34), ("green", 35, 90), ("blue", 91, 135))
_HUE_CENTRES = {"yellow": 25, "green": 62, "blue": 112}


def classify_color(crop_rgb: np.ndarray) -> str:
    """The plate colour of an RGB uint8 crop: blue, yellow, green, white, black or unknown."""
    import cv2

    crop = np.asarray(crop_rgb)
    if crop.ndim != 3 or crop.shape[0] < 4 or crop.shape[1] < 4:
        return "unknown"
    h, w = crop.shape[:2]
    dy, dx = int(h * 0.1), int(w * 0.05)
    core = np.ascontiguousarray(crop[dy:h - dy, dx:w - dx, :3])
    if core.dtype != np.uint8:
        core = np.clip(core, 0, 255).astype(np.uint8)
    grey = cv2.cvtColor(core, cv2.COLOR_RGB2GRAY)
    thresh, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = grey > thresh
    bg_is_bright = bright.mean() >= 0.5
    background = bright if bg_is_bright else ~bright
    hsv = cv2.cvtColor(core, cv2.COLOR_RGB2HSV)
    hue, sat, val = (hsv[..., k][background] for k in range(3))
    if hue.size == 0:
        return "unknown"
    chroma = (sat >= CHROMA_S) & (val >= CHROMA_V)
    if chroma.mean() >= CHROMA_SHARE:
        med = float(np.median(hue[chroma]))
        for name, lo, hi in HUE_RANGES:
            if lo <= med <= hi:
                return name
        # Hue wraps at 180: red-ish/magenta values go to the nearest of the three.
        return min(_HUE_CENTRES, key=lambda n: min(abs(med - _HUE_CENTRES[n]),
                                                   180 - abs(med - _HUE_CENTRES[n])))
    return "white" if bg_is_bright else "black"
