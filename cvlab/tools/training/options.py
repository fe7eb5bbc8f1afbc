"""One setting of a training demo, described so that a tab can build its widget and the CLI
can parse ``--set name=value``, both checked by the same rules.

Texts a person reads (``title``, ``help``, ``choice_titles``) are marked with
``QT_TRANSLATE_NOOP("TrainingOptions", ...)`` where they are written; whoever shows them
passes them through ``translate("TrainingOptions", text)``. ``name`` and ``choices`` are
data (CLI words, JSON keys) and stay as they are.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass

from cvlab.core.i18n import translate

KINDS = ("int", "float", "bool", "choice")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class OptionError(ValueError):
    """A value a demo cannot take, said in one sentence naming the option."""


@dataclass(frozen=True)
class Option:
    """A demo's setting.

    ``kind`` is "int", "float", "bool" or "choice". Numbers lie in ``minimum..maximum``
    (both included) and a slider moves by ``step``. ``log_scale``: the slider moves in
    ratios; when ``minimum`` is 0, its leftmost position means 0 (off) and the next one is
    ``step``. ``choice_titles`` are the English titles of ``choices``, in the same order.
    """

    name: str
    title: str
    kind: str  # "int" | "float" | "bool" | "choice"
    default: object
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    log_scale: bool = False
    help: str = ""
    choice_titles: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"option {self.name}: kind {self.kind!r} is not one of {KINDS}")
        if self.choice_titles and len(self.choice_titles) != len(self.choices):
            raise ValueError(f"option {self.name}: one title per choice")
        self.check(self.default)

    def choice_title(self, choice: str) -> str:
        """The English title of ``choice`` (the choice itself when it has none)."""
        if choice in self.choices and self.choice_titles:
            return self.choice_titles[self.choices.index(choice)]
        return choice

    def check(self, value: object) -> object:
        """``value`` as this option's type (an int stays an int), or OptionError."""
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise OptionError(translate(
                "TrainingOptions", "{0} is on or off, not {1}").format(self.name, value))
        if self.kind == "choice":
            if value in self.choices:
                return value
            raise OptionError(translate(
                "TrainingOptions", "{0} must be one of {1}, not {2}").format(
                self.name, ", ".join(self.choices), value))
        number = _number(self, value)
        if (self.minimum is not None and number < self.minimum) or (
                self.maximum is not None and number > self.maximum):
            raise OptionError(translate(
                "TrainingOptions", "{0} must be between {1} and {2}, not {3}").format(
                self.name, _plain(self.minimum), _plain(self.maximum), _plain(number)))
        return number

    def parse(self, text: str) -> object:
        """The value written as ``text`` on a command line ("on", "0.01", "spirals")."""
        text = text.strip()
        if self.kind == "bool":
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise OptionError(translate(
                "TrainingOptions", "{0} is on or off, not {1}").format(self.name, text))
        if self.kind == "choice":
            return self.check(text)
        try:
            value = int(text) if self.kind == "int" else float(text)
        except ValueError:
            raise OptionError(translate(
                "TrainingOptions", "{0} must be a number, not {1}").format(
                self.name, text)) from None
        return self.check(value)


def _number(option: Option, value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise OptionError(translate(
            "TrainingOptions", "{0} must be a number, not {1}").format(option.name, value))
    if not math.isfinite(value):
        raise OptionError(translate(
            "TrainingOptions", "{0} must be a finite number, not {1}").format(
            option.name, value))
    if option.kind == "int":
        if value != int(value):
            raise OptionError(translate(
                "TrainingOptions", "{0} must be a whole number, not {1}").format(
                option.name, value))
        return int(value)
    return float(value)


def _plain(value: float | None) -> str:
    """3, 0.5, 1e-05: a bound as a person writes it."""
    if value is None:
        return "…"
    return f"{value:g}"


def resolve(options: tuple[Option, ...], given: dict) -> dict:
    """Every option's value: ``given`` (checked) over the defaults; OptionError names an
    unknown option and the closest known one."""
    by_name = {option.name: option for option in options}
    values = {option.name: option.default for option in options}
    for name, value in given.items():
        if name not in by_name:
            raise OptionError(unknown_option(name, tuple(by_name)))
        values[name] = by_name[name].check(value)
    return values


def unknown_option(name: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    if close:
        return translate("TrainingOptions",
                         "unknown option '{0}' (did you mean {1}?); options: {2}").format(
            name, close[0], ", ".join(known))
    return translate("TrainingOptions", "unknown option '{0}'; options: {1}").format(
        name, ", ".join(known))
