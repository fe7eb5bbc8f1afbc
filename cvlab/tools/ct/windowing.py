"""Window/level: presets kept as editable data, and a fast HU → 8-bit display mapping."""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from cvlab.core.i18n import translate

PRESETS_FILE = Path(__file__).with_name("window_presets.json")
USER_PRESETS_ENV = "CVLAB_WINDOW_PRESETS"


@dataclass(frozen=True)
class WindowPreset:
    name: str
    width: float
    level: float
    description: str = ""

    @property
    def bounds(self) -> tuple[float, float]:
        return window_bounds(self.width, self.level)


def user_presets_file() -> Path:
    """$CVLAB_WINDOW_PRESETS, else window_presets.json in the user's CV Lab config folder."""
    env = os.environ.get(USER_PRESETS_ENV)
    if env:
        return Path(env)
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "CVLab" / "window_presets.json"


def load_presets(user_file: str | os.PathLike | None = None) -> list[WindowPreset]:
    """The built-in presets, then the user's own file (same JSON shape) overriding by name.

    A user file that cannot be read or is not valid is ignored (the built-in presets still
    load); :func:`load_presets_with_notice` also says why."""
    return load_presets_with_notice(user_file)[0]


def load_presets_with_notice(user_file: str | os.PathLike | None = None
                             ) -> tuple[list[WindowPreset], str | None]:
    """(the presets, one sentence on why the user's file was ignored, or None)."""
    presets = {p["name"]: WindowPreset(**p) for p in json.loads(PRESETS_FILE.read_text())}
    path = None
    try:
        path = Path(user_file) if user_file else user_presets_file()
        if not path.is_file():
            return list(presets.values()), None
        text = path.read_text(encoding="utf-8")
    except (OSError, RuntimeError, UnicodeDecodeError) as exc:  # RuntimeError: no home
        why = translate("WindowPresets", "not UTF-8 text") \
            if isinstance(exc, UnicodeDecodeError) else \
            getattr(exc, "strerror", None) or str(exc)   # never "[Errno 13] …"
        if path is None:
            return list(presets.values()), translate(
                "WindowPresets", "window presets file not read ({0}); using the built-in "
                "presets").format(why)
        return list(presets.values()), translate(
            "WindowPresets", "window presets file {0} not read ({1}); using the built-in "
            "presets").format(path, why)
    try:
        presets.update((p.name, p) for p in _user_presets(json.loads(text)))
    except (ValueError, RecursionError) as exc:
        reason = translate("WindowPresets", "nested too deeply") \
            if isinstance(exc, RecursionError) else str(exc)
        if isinstance(exc, json.JSONDecodeError):
            reason = translate("WindowPresets", "not valid JSON ({0} at line {1}, column {2})"
                               ).format(exc.msg, exc.lineno, exc.colno)
        return list(presets.values()), translate(
            "WindowPresets", "{0}: {1}; using the built-in presets").format(path, reason)
    return list(presets.values()), None


def _user_presets(data) -> list[WindowPreset]:
    """Presets from the user file's JSON; ValueError naming the first entry that is wrong."""
    if not isinstance(data, list):
        raise ValueError(translate("WindowPresets", "expected a list of presets"))
    presets = []
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ValueError(translate("WindowPresets", "preset {0} has no name").format(n))
        values = {}
        for key in ("width", "level"):
            value = item.get(key)
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not math.isfinite(value):
                raise ValueError(translate("WindowPresets", "preset {0!r}: {1} {2!r} is not a "
                                           "number").format(item["name"], key, value))
            values[key] = float(value)
        if values["width"] <= 0:
            raise ValueError(translate("WindowPresets", "preset {0!r}: width {1:g} must be "
                                       "positive").format(item["name"], values["width"]))
        presets.append(WindowPreset(item["name"], values["width"], values["level"],
                                    str(item.get("description", ""))))
    return presets


def save_presets(presets: list[WindowPreset], path: str | os.PathLike) -> None:
    from cvlab.core.fileio import atomic_write

    with atomic_write(path, "w") as fh:
        json.dump([asdict(p) for p in presets], fh, indent=2, ensure_ascii=False)


def add_user_preset(preset: WindowPreset, path: str | os.PathLike | None = None) -> None:
    """Add a preset to the user's file (replacing one of the same name), atomically."""
    path = Path(path) if path else user_presets_file()
    kept = []
    if path.is_file():
        try:
            kept = [WindowPreset(**p) for p in json.loads(path.read_text())]
        except (ValueError, TypeError, KeyError):
            kept = []  # an unreadable file is replaced rather than blocking the save
    save_presets([p for p in kept if p.name != preset.name] + [preset], path)


def window_bounds(width: float, level: float) -> tuple[float, float]:
    """Lowest and highest value shown (DICOM's linear VOI: level ± width/2)."""
    width = max(float(width), 1.0)
    return level - width / 2.0, level + width / 2.0


def window_from_bounds(low: float, high: float) -> tuple[float, float]:
    """(width, level) from typed min/max."""
    low, high = sorted((float(low), float(high)))
    return max(high - low, 1.0), (low + high) / 2.0


def apply_window(values: np.ndarray, width: float, level: float,
                 invert: bool = False) -> np.ndarray:
    """Map HU to uint8 display values. int16 input goes through a 65,536-entry table, so a
    512×512 slice costs one gather (well under a millisecond)."""
    if values.dtype == np.int16:
        lut = _int16_lut(round(float(width), 3), round(float(level), 3), bool(invert))
        return lut[values.view(np.uint16)]
    low, high = window_bounds(width, level)
    scaled = (values.astype(np.float32) - low) * (255.0 / (high - low))
    out = np.clip(scaled, 0, 255).astype(np.uint8)
    return 255 - out if invert else out


@lru_cache(maxsize=32)
def _int16_lut(width: float, level: float, invert: bool) -> np.ndarray:
    # Indexed by the uint16 view of an int16, so entries 32768.. hold the negatives.
    hu = np.arange(65536, dtype=np.int64)
    hu = np.where(hu >= 32768, hu - 65536, hu).astype(np.float32)
    low, high = window_bounds(width, level)
    lut = np.clip((hu - low) * (255.0 / (high - low)), 0, 255).astype(np.uint8)
    return 255 - lut if invert else lut
