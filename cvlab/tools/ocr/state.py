"""The OCR tab's state and its controller logic, without Qt.

:class:`OcrState` holds what the tab shows: the opened image, the reading mode, the result
of the last read (lines, or plates) and the selected row. The panel changes it through the
functions here and renders from ``state.changed``; the table's headers, the overlay's
badges and the mode a sample asks for are decided here, so they are tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cvlab.core.i18n import QT_TRANSLATE_NOOP, translate
from cvlab.core.state import StateModel

MODES = ("text", "document", "plates")

# The results table's headers per mode: shown even before anything is read, so an empty
# table never shows Qt's placeholder "1 2 3".
# Marked for lupdate: the tab shows them through its own tr() (context OcrPanel).
TEXT_COLUMNS = (QT_TRANSLATE_NOOP("OcrPanel", "Text"), QT_TRANSLATE_NOOP("OcrPanel", "Conf."),
                QT_TRANSLATE_NOOP("OcrPanel", "Box (x, y)"))
PLATE_COLUMNS = (QT_TRANSLATE_NOOP("OcrPanel", "Plate"), QT_TRANSLATE_NOOP("OcrPanel", "Conf."),
                 QT_TRANSLATE_NOOP("OcrPanel", "Colour"), QT_TRANSLATE_NOOP("OcrPanel", "Kind"),
                 QT_TRANSLATE_NOOP("OcrPanel", "Format"))

# The plate table's Colour and Kind cells in words (plate_format.KINDS, classify_color); the
# English names stay the values exported to JSON and CSV. Chinese calls a plate by its colour
# (蓝牌, 黄牌, 绿牌), hence two contexts: the colour and the kind of plate.
PLATE_COLORS = {"blue": QT_TRANSLATE_NOOP("PlateColor", "blue"),
                "yellow": QT_TRANSLATE_NOOP("PlateColor", "yellow"),
                "green": QT_TRANSLATE_NOOP("PlateColor", "green"),
                "white": QT_TRANSLATE_NOOP("PlateColor", "white"),
                "black": QT_TRANSLATE_NOOP("PlateColor", "black"),
                "unknown": QT_TRANSLATE_NOOP("PlateColor", "unknown")}
PLATE_KINDS = {"blue": QT_TRANSLATE_NOOP("PlateKind", "blue"),
               "yellow": QT_TRANSLATE_NOOP("PlateKind", "yellow"),
               "green": QT_TRANSLATE_NOOP("PlateKind", "green"),
               "white": QT_TRANSLATE_NOOP("PlateKind", "white"),
               "black": QT_TRANSLATE_NOOP("PlateKind", "black"),
               "unknown": QT_TRANSLATE_NOOP("PlateKind", "unknown")}


@dataclass(eq=False)
class OcrState(StateModel):
    path: str | None = None
    image: np.ndarray | None = None
    mode: str = "text"
    result: object = None                       # OcrResult (text and document modes)
    plates: list = field(default_factory=list)  # Plate (plate mode)
    selected: int | None = None                 # the highlighted line / plate


def columns(mode: str) -> tuple[str, ...]:
    """The results table's headers in ``mode``."""
    return PLATE_COLUMNS if mode == "plates" else TEXT_COLUMNS


def set_mode(state: OcrState, mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown OCR mode {mode!r}; choose from {', '.join(MODES)}")
    state.mode = mode


def apply_sample_hint(state: OcrState, mode: str) -> None:
    """A sample's mode hint ("plates" for the plate sample); no hint keeps the mode."""
    if mode:
        set_mode(state, mode)


def open_image(state: OcrState, path: str, image: np.ndarray) -> None:
    """A new input: the previous image's results and selection go with it."""
    state.update(selected=None, result=None, plates=[], path=path, image=image)


def show_lines(state: OcrState, result) -> None:
    state.update(selected=None, plates=[], result=result)


def show_plates(state: OcrState, plates) -> None:
    state.update(selected=None, result=None, plates=list(plates))


def select(state: OcrState, index: int | None) -> None:
    """Select row/shape ``index`` (None: nothing); an index past the rows selects nothing."""
    rows = len(state.plates) if state.plates else (
        len(state.result.lines) if state.result is not None else 0)
    state.selected = index if index is not None and 0 <= index < rows else None


def plate_color_text(color: str) -> str:
    """A plate's colour as the table shows it (a name it does not know, as it is)."""
    return translate("PlateColor", PLATE_COLORS[color]) if color in PLATE_COLORS else color


def plate_kind_text(kind: str) -> str:
    """A plate's kind as the table shows it (a name it does not know, as it is)."""
    return translate("PlateKind", PLATE_KINDS[kind]) if kind in PLATE_KINDS else kind


def line_badges(result) -> list[str]:
    """The line numbers drawn beside each line's box (1-based, in reading order)."""
    return [str(n + 1) for n in range(len(result.lines))] if result is not None else []
