"""The corner texts of a CT view, as on a reading workstation (no Qt).

Top left: patient and study; top right: series and image; bottom left: acquisition;
bottom right: window and plane. "Anonymise display" hides everything that names the
patient, for teaching with real cases.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from cvlab.core.i18n import translate
from cvlab.tools.ct.geometry import plane_name
from cvlab.tools.ct.volume import SliceInfo

PATIENT_FIELDS = ("PatientName", "PatientID", "PatientBirthDate", "InstitutionName")


@dataclass
class ViewState:
    plane: str
    index: int          # 0-based slice index in this plane
    count: int
    width: float
    level: float
    invert: bool = False
    zoom: float | None = None


def _date(text: str) -> str:
    text = (text or "").strip()
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}" if len(text) == 8 and text.isdigit() else text


def _time(text: str) -> str:
    text = (text or "").strip()
    return f"{text[:2]}:{text[2:4]}:{text[4:6]}" if len(text) >= 6 and text[:6].isdigit() else text


MAX_LINE = 30  # columns: corner texts of two corners must not run into each other


def _columns(char: str) -> int:
    """Columns a character takes: 2 for a wide one (Chinese, full-width ：（）), else 1."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _fit(line: str) -> str:
    """``line`` cut to MAX_LINE columns (a Chinese character counts as two), "…" marking
    the cut."""
    if sum(map(_columns, line)) <= MAX_LINE:
        return line
    kept, used = [], 0
    for char in line:
        if used + _columns(char) > MAX_LINE - 1:
            break
        kept.append(char)
        used += _columns(char)
    return "".join(kept) + "…"


def _number(value, unit: str = "", digits: int = 1) -> str:
    try:
        return f"{float(value):.{digits}f}{unit}"
    except (TypeError, ValueError):
        return ""


def corner_texts(header: dict, state: ViewState, slice_info: SliceInfo | None = None,
                 anonymise: bool = False) -> dict[str, str]:
    """Text for each corner. ``slice_info`` is the acquired slice shown (None for reformats)."""
    h = {k: str(v) for k, v in (header or {}).items() if v not in (None, "")}
    top_left = []
    if anonymise:
        top_left.append(translate("CtOverlay", "(anonymised display)"))
    else:
        top_left += [h.get("PatientName", "").replace("^", " "),
                     translate("CtOverlay", "ID: {0}").format(h["PatientID"])
                     if "PatientID" in h else "",
                     h.get("InstitutionName", "")]
    study_when = " ".join(p for p in (_date(h.get("StudyDate", "")),
                                      _time(h.get("StudyTime", ""))) if p)
    top_left += [study_when, translate("CtOverlay", "Study ID: {0}").format(h["StudyID"])
                 if "StudyID" in h else ""]

    top_right = [h.get("SeriesDescription", ""),
                 translate("CtOverlay", "Se: {0}").format(h["SeriesNumber"])
                 if "SeriesNumber" in h else ""]
    if slice_info is not None and slice_info.instance_number is not None:
        top_right.append(translate("CtOverlay", "Im: {0}  ({1}/{2})").format(
            slice_info.instance_number, state.index + 1, state.count))
    else:
        top_right.append(translate("CtOverlay", "Im: {0}/{1}").format(state.index + 1,
                                                                     state.count))
    if "SliceThickness" in h:
        top_right.append(translate("CtOverlay", "Thk: {0}").format(
            _number(h["SliceThickness"], " mm")))
    if slice_info is not None and slice_info.slice_location is not None:
        top_right.append(translate("CtOverlay", "Loc: {0}").format(
            _number(slice_info.slice_location, " mm")))

    bottom_left = [f"{_number(h['KVP'], ' kV', 0)}" if "KVP" in h else "",
                   f"{_number(h['XRayTubeCurrent'], ' mA', 0)}" if "XRayTubeCurrent" in h else "",
                   h.get("Modality", "")]
    plane = plane_name(state.plane, title=True)
    if state.invert:
        plane = translate("CtOverlay", "{0} (inverted)").format(plane)
    bottom_right = [plane, f"WW: {state.width:.0f}  WL: {state.level:.0f}"]  # as in Chinese
    if state.zoom is not None:
        bottom_right.append(translate("CtOverlay", "Zoom: {0:.2f}").format(state.zoom))

    def block(lines):
        return "\n".join(_fit(line) for line in lines if line)

    return {"top-left": block(top_left), "top-right": block(top_right),
            "bottom-left": block(bottom_left), "bottom-right": block(bottom_right)}


def orientation_labels(plane: str) -> dict[str, str]:
    """Patient direction at each edge of a view (radiological convention, see mpr.py)."""
    return {"axial": {"top": "A", "bottom": "P", "left": "R", "right": "L"},
            "coronal": {"top": "S", "bottom": "I", "left": "R", "right": "L"},
            "sagittal": {"top": "S", "bottom": "I", "left": "A", "right": "P"}}[plane]
