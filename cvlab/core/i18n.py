"""Translatable text in Qt-free code (state models, manifests, tables a tool declares).

Qt's translation system extracts text with ``pyside6-lupdate``, which finds calls by name:
``translate("Context", "text")`` and ``QT_TRANSLATE_NOOP("Context", "text")``. This module
gives Qt-free code both names without importing Qt:

- ``translate(context, text)`` returns the text in the interface language. Until the GUI
  installs Qt's translator (``cvlab.ui.language``) it returns ``text`` unchanged, so the CLI,
  the tests of the engines and the state models read English.
- ``QT_TRANSLATE_NOOP(context, text)`` only marks ``text`` for extraction and returns it as
  it is: for constants built at import time (a manifest's tab title), which the code that
  shows them passes through ``translate`` (or ``QCoreApplication.translate``) with the same
  context.

Both need literal strings (lupdate reads the source, it runs nothing); a text with values in
it is written with ``{0}`` placeholders and ``.format`` after the call.
"""

from __future__ import annotations

from collections.abc import Callable

_translator: Callable[[str, str], str] | None = None


def translate(context: str, text: str) -> str:
    """``text`` in the interface language (unchanged when no translator is installed)."""
    if _translator is None or not text:
        return text
    return _translator(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate reads)
    """Marks ``text`` for extraction under ``context``; returns it untranslated."""
    return text


def set_translator(translator: Callable[[str, str], str] | None) -> None:
    """Install the function ``translate`` defers to (None: English again)."""
    global _translator
    _translator = translator


def bilingual(context: str, template: str, *values) -> tuple[str, str]:
    """(English, interface language) of ``template`` filled with ``values``: for an error
    whose English words code still compares or the CLI prints, while the GUI shows the other.
    ``template`` is marked where it is written: ``QT_TRANSLATE_NOOP(context, "...")``."""
    return template.format(*values), translate(context, template).format(*values)
