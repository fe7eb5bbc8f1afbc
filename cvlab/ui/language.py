"""The interface language: which one is chosen, and installing its translators.

CV Lab's own strings are translated with Qt's system: ``resources/i18n/cvlab_<code>.ts``
(extracted by ``pyside6-lupdate``, translated, see ``make translations``) compiled to
``cvlab/ui/i18n/cvlab_<code>.qm``, which ships with the package. Qt's own dialogs (file
dialogs, standard buttons) use Qt's ``qtbase_<code>.qm`` from PySide6's translations folder.

- :func:`chosen_language` is the language saved in the settings (View → Language), or on
  first run the system locale's (Chinese → ``zh_CN``, anything else English).
- :func:`apply_language` installs the translators for a language on the application (and
  removes the previous ones), points Qt-free text (``cvlab.core.i18n.translate``) at them,
  sets the default locale and, for Chinese, a font that has the CJK glyphs.

Widgets take their text when they are built, so a language applied after the window exists
changes what is built from then on; the main window retranslates its menus and tab titles
at once and says that a restart completes the rest (its panels keep the user's images).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from cvlab.core import i18n
from cvlab.core.i18n import QT_TRANSLATE_NOOP

SETTINGS_KEY = "ui/language"
ENGLISH = "en"
CHINESE = "zh_CN"
# (code, the language's name in itself): the View → Language menu, in this order.
LANGUAGES = ((ENGLISH, "English"), (CHINESE, "简体中文"))
# CJK fonts preferred in this order when present; otherwise any family that covers
# Simplified Chinese (the Makefile installs WenQuanYi Micro Hei).
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
             "Microsoft YaHei", "PingFang SC", "Noto Sans SC")

_installed: list[QTranslator] = []
_latin_font: QFont | None = None


# Texts of Qt's own dialogs that PySide6's qtbase_zh_CN lacks or words oddly: Qt 6 gave two
# QFileDialog labels mnemonics ("&Look in:"), and the shipped catalogue still has the old
# "Look in:"; it calls a file's size 体积 (a volume); it lacks Qt 6's file-type context.
# Ours is consulted first and has these.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Size"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),  # Qt 6's new context
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "%1 File"),
)


def translations_dir() -> Path:
    """Where the compiled ``cvlab_<code>.qm`` files are (inside the package)."""
    return Path(__file__).resolve().parent / "i18n"


def qm_path(code: str) -> Path:
    return translations_dir() / f"cvlab_{code}.qm"


def system_language(locale: QLocale | None = None) -> str:
    """The language CV Lab offers closest to ``locale`` (default: the system's)."""
    locale = locale or QLocale.system()
    return CHINESE if locale.language() == QLocale.Chinese else ENGLISH


def chosen_language(settings: QSettings) -> str:
    """The saved choice if it is one CV Lab offers, else the system's language."""
    saved = settings.value(SETTINGS_KEY, "")
    codes = {code for code, _ in LANGUAGES}
    return saved if saved in codes else system_language()


def save_language(settings: QSettings, code: str) -> None:
    settings.setValue(SETTINGS_KEY, code)
    settings.sync()


def current_language() -> str:
    """The language whose translators are installed now (English when none is)."""
    return CHINESE if _installed else ENGLISH


def cjk_font_family() -> str | None:
    """A font family that has Simplified Chinese glyphs, or None when there is none."""
    families = QFontDatabase.families(QFontDatabase.SimplifiedChinese)
    for name in CJK_FONTS:
        if name in families:
            return name
    return families[0] if families else None


def apply_language(code: str, app: QApplication | None = None) -> bool:
    """Make ``code`` the interface language of ``app`` (default: the running one).
    Returns False when its translation file is missing (the interface stays English)."""
    global _latin_font
    app = app or QApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    i18n.set_translator(None)
    if _latin_font is not None:
        app.setFont(_latin_font)
    QLocale.setDefault(QLocale(QLocale.English, QLocale.UnitedStates))
    if code == ENGLISH:
        return True
    ours = QTranslator(app)
    if not ours.load(str(qm_path(code))):
        return False
    _installed.append(ours)
    qt_own = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    if qt_own.load(f"qtbase_{code}", folder):  # absent from a trimmed Qt: our strings still
        _installed.append(qt_own)
    # Qt asks the translator installed last first: ours, so that it can fill the gaps of
    # Qt's own catalogue (QT_GAPS).
    for translator in reversed(_installed):
        app.installTranslator(translator)
    i18n.set_translator(QCoreApplication.translate)
    QLocale.setDefault(QLocale(code))
    family = cjk_font_family()
    if family is not None:
        if _latin_font is None:
            _latin_font = QFont(app.font())
        font = QFont(app.font())
        font.setFamilies([family, *app.font().families()])
        app.setFont(font)
    return True
