"""The Simplified Chinese interface (issue 18): switching through View → Language, and no
English word left on any tab or dialog once the app starts in Chinese.

What is checked is the text a person reads: labels, buttons, group titles, tab titles, menus
and their actions, combo items, table headers, placeholders, spin-box affixes and tooltips
of every widget of every tab (hidden ones too: a mode switch shows them), and the dialogs
(Models, DICOM tags, load report, your own model, messages, About). A word of two or more
Latin letters fails unless it is on ALLOWED below. Cell contents of data tables (catalogue
names, licences, DICOM values) are data, not interface, and are not checked.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTabBar,
    QWidget,
)

from cvlab.core import i18n
from cvlab.ui import language
from cvlab.ui.main_window import MainWindow
from cvlab.ui.worker import DeviceWorker

# Latin words a Chinese interface keeps as they are. Keep this short: each entry is a name,
# a unit or an abbreviation that Chinese courses and software write in Latin letters.
ALLOWED = {
    # the app and the libraries it names (About)
    "CV", "Lab", "Python", "PyTorch", "torchvision", "Qt", "PySide", "pyqtgraph", "pydicom",
    "OpenCV", "TorchScript", "ImageNet", "ncnn", "ONNX",
    # imaging abbreviations written in Latin letters in Chinese texts
    "CT", "HU", "DICOM", "DICOMDIR", "MPR", "ROI", "ROIs", "WW", "WL", "SD", "PSNR", "SSIM",
    "dB", "RGB", "RGBA", "YCbCr", "OCR", "CAM", "GPU", "CPU", "CUDA", "MPS", "EXIF", "ID",
    "UID", "UIDs", "PS",
    # file formats and suffixes (file dialogs, export buttons)
    "PNG", "JPEG", "TIFF", "BMP", "WebP", "CSV", "JSON", "TXT", "npy", "pth", "pt",
    "safetensors", "jpg", "png", "csv", "json", "txt", "tif", "tiff", "bmp", "webp", "jpeg",
    "dcm",
    # units
    "px", "mm", "ms", "MB", "GB", "MP", "fp", "bf",
    # model and method names (kept as published)
    "SRResNet", "SRGAN", "Real", "ESRGAN", "RealSR", "SPAN", "CUGAN", "Lanczos", "Grad",
    "GradCAM", "Layer", "Score", "Eigen", "XGrad", "MobileNetV", "EfficientNet", "Lite",
    "ResNet", "PP", "OCRv", "MTCNN", "BlazeFace", "SFace", "dlib", "FaceNet", "Viola",
    "Jones", "Haar", "Telea", "Navier", "Stokes", "LaMa", "Levin", "Zhang", "ECCV",
    "SIGGRAPH", "AgentCLPR", "CLPR", "clpr", "ppocr", "DB", "CRNN", "VGGFace", "Paddle",
    # the sample photos' sources and licences (Help → Samples tooltips)
    "scikit", "image", "learn", "CC", "BY",
    # keyboard keys in shortcuts and tooltips
    "Ctrl", "Shift", "Alt", "PgUp", "PgDn", "Esc", "Tab", "Del",
}
ALLOWED |= {
    "English",                      # View → Language names each language in itself
    "jet", "turbo", "inferno",      # colormap names, as matplotlib and every CAM paper call them
    "top", "p",                     # "top-1", "top-5" and the probability column "p"
    "alpha", "sinc", "imresize", "MATLAB", "Keys", "Google", "RRDBNet", "SRVGG", "DF",
    "NTIRE", "SR", "TPR", "FPR", "VR", "BT", "URL", "PyPI", "wheel", "sdist", "sha",
    "onnxruntime", "Chattopadhay", "Eileen", "Collins", "Chelsea", "ReLU", "squeeze",
    "excite", "excitation", "Net", "Nets", "PatientName", "WW", "WL",
    "Sigmoid", "CNN", "Dropout", "MLP",  # as Chinese deep-learning courses write them
}
ALLOWED |= {  # the Networks tab: a network's name, the authors its tooltips cite, FLOPs
    "AlexNet", "He", "Krizhevsky", "Simonyan", "Zisserman", "Huang", "Sandler", "Long",
    "Ronneberger", "Dosovitskiy", "FLOPs",
}
WORD = re.compile(r"[A-Za-z]{2,}")
TAG = re.compile(r"<[^>]+>")
# A token with a digit, an underscore, a slash or an inner dot is a name, not a word:
# a file (bench/face_verify.py, *.png), an identifier (resnet18, layer4) or a model and
# version (ResNet-18, PP-OCRv4, ImageNet-1k, fp16).
NAME = re.compile(r"\S*(?:\d|_|/|\w\.\w)\S*")


def words(text: str) -> list[str]:
    """The Latin words of a displayed text (HTML tags, entities, & mnemonics and names
    removed)."""
    plain = unescape(TAG.sub(" ", text or "")).replace("&&", "&").replace("&", "")
    return WORD.findall(NAME.sub(" ", plain))


def widget_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a person can read on ``root`` and its children."""
    found: list[tuple[str, str]] = []

    def add(widget, kind, text):
        if isinstance(text, str) and text.strip():
            found.append((f"{type(widget).__name__} {widget.objectName()!r} {kind}", text))

    for w in [root, *root.findChildren(QWidget)]:
        add(w, "tooltip", w.toolTip())
        add(w, "window title", w.windowTitle() if w.isWindow() else "")
        if isinstance(w, QLabel):
            add(w, "label", w.text())
        elif isinstance(w, QAbstractButton):
            add(w, "button", w.text())
        elif isinstance(w, QGroupBox):
            add(w, "group", w.title())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add(w, "tab", w.tabText(i))
                add(w, "tab tooltip", w.tabToolTip(i))
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, "item", w.itemText(i))
                add(w, "item tooltip", w.itemData(i, Qt.ToolTipRole))
        elif isinstance(w, QLineEdit):
            add(w, "placeholder", w.placeholderText())
        elif isinstance(w, QAbstractSpinBox):
            add(w, "special value", w.specialValueText())
            add(w, "affix", getattr(w, "prefix", lambda: "")() + " "
                + getattr(w, "suffix", lambda: "")())
        elif isinstance(w, QHeaderView) and w.model() is not None:
            for c in range(w.count()):
                add(w, "header", w.model().headerData(c, w.orientation(), Qt.DisplayRole))
        if isinstance(w, QMenu) or w is root:
            for action in w.actions():
                add(w, "action", action.text())
                if words(action.toolTip()) != words(action.text()):  # Qt's default tooltip
                    add(w, "action tooltip", action.toolTip())
                if action.menu() is not None:
                    found.extend(widget_texts(action.menu()))
    return found


def english_words(found: list[tuple[str, str]]) -> list[str]:
    return sorted({f"{where}: {text!r} ({word})" for where, text in found
                   for word in words(text) if word not in ALLOWED})


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "cvlab.ini"), QSettings.IniFormat)


@pytest.fixture
def worker():
    w = DeviceWorker(device_spec="cpu")
    w.start()
    yield w
    assert w.shutdown(10_000)


@pytest.fixture
def english(qapp):
    """Every test leaves the app in English, as the rest of the suite expects it."""
    language.apply_language(language.ENGLISH, qapp)
    yield
    language.apply_language(language.ENGLISH, qapp)


def make_window(qtbot, worker, settings) -> MainWindow:
    win = MainWindow(worker, settings)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    return win


def test_the_translation_is_shipped_and_loads(english, qapp):
    assert language.qm_path(language.CHINESE).is_file()
    assert language.apply_language(language.CHINESE, qapp)
    assert language.current_language() == language.CHINESE
    assert i18n.translate("ToolSpec", "Super-resolution") == "超分辨率"
    family = language.cjk_font_family()
    if family is not None:  # the Makefile installs WenQuanYi Micro Hei
        assert family in qapp.font().families()


def test_first_run_follows_the_system_locale(settings):
    from PySide6.QtCore import QLocale

    assert language.system_language(QLocale(QLocale.Chinese, QLocale.China)) == "zh_CN"
    assert language.system_language(QLocale(QLocale.English, QLocale.UnitedKingdom)) == "en"
    settings.setValue(language.SETTINGS_KEY, "zh_CN")
    assert language.chosen_language(settings) == "zh_CN"
    settings.setValue(language.SETTINGS_KEY, "klingon")  # not offered: the system's
    assert language.chosen_language(settings) == language.system_language()


def test_the_language_menu_switches_menus_and_tabs_and_asks_for_a_restart(
        qtbot, english, worker, settings, monkeypatch):
    notices = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: notices.append((title, text)))
    win = make_window(qtbot, worker, settings)
    assert win.tabs.tabText(1) == "Super-resolution"
    menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&View")
    chinese = next(a for a in menu.findChildren(QMenu)[-1].actions() if a.data() == "zh_CN")
    assert chinese.text() == "简体中文"
    chinese.trigger()
    assert settings.value(language.SETTINGS_KEY) == "zh_CN"
    assert win.tabs.tabText(1) == "超分辨率"
    titles = [a.text() for a in win.menuBar().actions()]
    assert all(not words(t) for t in titles), titles
    assert len(notices) == 1 and "重新启动" in notices[0][1]
    win.close()


def test_every_tab_and_dialog_reads_chinese(qtbot, english, qapp, settings, test_data,
                                            monkeypatch, request):
    """The restart after choosing 简体中文: the app starts with the Chinese translators, and
    then the worker, which words its device description as it starts (as app.py does)."""
    settings.setValue(language.SETTINGS_KEY, language.CHINESE)
    assert language.apply_language(language.chosen_language(settings), qapp)
    worker = DeviceWorker(device_spec="cpu")
    worker.start()
    request.addfinalizer(lambda: worker.shutdown(10_000))
    win = make_window(qtbot, worker, settings)
    qtbot.waitUntil(lambda: win.device_label.text() != "", timeout=30_000)
    found = widget_texts(win)
    for panel in win.panels:
        win.tabs.setCurrentWidget(panel)
        qapp.processEvents()
        found += widget_texts(panel)

    from cvlab.tools.ct.panel.series_dialog import LoadReportDialog
    from cvlab.tools.ct.panel.tags_dialog import TagsDialog
    from cvlab.tools.heatmaps.panel_widgets import UserModelDialog
    from cvlab.ui.about import about_text
    from cvlab.ui.models_dialog import ModelsDialog
    from cvlab.ui.notifications import MessageLogDialog

    dicom = test_data / "ct" / "pydicom" / "CT_small.dcm"
    dialogs = [ModelsDialog(win, check_on_open=False), TagsDialog(dicom, win),
               LoadReportDialog("", win), UserModelDialog(win), MessageLogDialog([], win)]
    for dialog in dialogs:
        found += widget_texts(dialog)
        dialog.close()
    found.append(("About", about_text("CPU")))
    found = [(where, text) for where, text in found if text != str(dicom)]  # data, not text
    left = english_words(found)
    assert left == [], "\n".join(left)
    win.close()


def test_numbers_and_dates_follow_the_chinese_locale(english, qapp):
    """Qt formats numbers with the default QLocale, which choosing the language sets: a spin
    box made after the switch writes zh_CN's numbers. Numbers CV Lab formats in Python use
    "." and ",", which are zh_CN's own separators, and dates are written yyyy-mm-dd, China's
    standard form (GB/T 7408, ISO 8601), so they read the same in both languages."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QDoubleSpinBox

    assert language.apply_language(language.CHINESE, qapp)
    locale = QLocale()
    assert (locale.language(), locale.territory()) == (QLocale.Chinese, QLocale.China)
    assert (locale.decimalPoint(), locale.groupSeparator()) == (".", ",")
    assert locale.toString(1234567.5, "f", 1) == f"{1234567.5:,.1f}"
    spin = QDoubleSpinBox()
    assert spin.locale().language() == QLocale.Chinese
    assert language.apply_language(language.ENGLISH, qapp)
    assert QLocale().language() == QLocale.English


def test_qts_own_file_dialog_reads_chinese(english, qapp):
    """Qt's file dialog is translated by Qt's qtbase_zh_CN, except two labels Qt 6 renamed
    and a column it words oddly, which our catalogue supplies (language.QT_GAPS)."""
    from PySide6.QtWidgets import QFileDialog, QTreeView

    assert language.apply_language(language.CHINESE, qapp)
    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.DontUseNativeDialog, True)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert labels and all(not words(text) for text in labels), labels
    buttons = [b.text() for b in dialog.findChildren(QAbstractButton) if b.text()]
    assert buttons and all(not words(text) for text in buttons), buttons
    model = dialog.findChild(QTreeView).model()
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    assert headers[:2] == ["名称", "大小"], headers
    dialog.deleteLater()


def test_english_stays_english(qtbot, english, worker, settings):
    settings.setValue(language.SETTINGS_KEY, language.ENGLISH)
    assert language.apply_language(language.chosen_language(settings))
    win = make_window(qtbot, worker, settings)
    assert [win.tabs.tabText(i) for i in range(win.tabs.count())][:2] == [
        "CT", "Super-resolution"]
    assert [a.text() for a in win.menuBar().actions()] == [
        "&File", "&View", "&Tools", "&Help"]
    texts = [text for _, text in widget_texts(win)]
    assert not any(re.search(r"[\u4e00-\u9fff]", t) for t in texts if t != "简体中文")
    win.close()


def _messages(ts_path) -> dict[tuple[str, str], tuple[str | None, str]]:
    import xml.etree.ElementTree as ET

    table = {}
    for context in ET.parse(ts_path).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            table[(context.findtext("name"), message.findtext("source"))] = (
                translation.get("type"), translation.text or "")
    return table


def test_the_ts_holds_every_source_text_translated_and_the_qm_matches_it(repo_root, tmp_path):
    """lupdate over the sources adds nothing and drops nothing (a new tr() text ships its
    translation with it), nothing is unfinished, and lrelease of the committed .ts gives the
    committed .qm byte for byte."""
    import shutil
    import subprocess
    import sys

    from cvlab.ui import language

    bin_dir = Path(sys.executable).parent
    ts = repo_root / "resources" / "i18n" / "cvlab_zh_CN.ts"
    fresh = tmp_path / ts.name
    shutil.copy(ts, fresh)
    sources = sorted(str(p) for p in (repo_root / "cvlab").rglob("*.py"))
    subprocess.run([str(bin_dir / "pyside6-lupdate"), "-locations", "none", "-no-obsolete",
                    "-target-language", "zh_CN", *sources, "-ts", str(fresh)],
                   check=True, capture_output=True)
    committed, updated = _messages(ts), _messages(fresh)
    assert sorted(set(updated) - set(committed)) == [], "run make translations"
    assert sorted(set(committed) - set(updated)) == [], "run make translations"
    unfinished = [key for key, (kind, text) in committed.items() if kind or not text]
    assert unfinished == []
    qm = tmp_path / "cvlab_zh_CN.qm"
    subprocess.run([str(bin_dir / "pyside6-lrelease"), str(ts), "-qm", str(qm)],
                   check=True, capture_output=True)
    assert qm.read_bytes() == language.qm_path("zh_CN").read_bytes(), "run make translations"


def test_placeholders_survive_translation(repo_root):
    """{0}, {name:.1f} … are filled by .format after tr(): a translation must keep them."""
    placeholder = re.compile(r"\{[^}]*\}")
    ts = repo_root / "resources" / "i18n" / "cvlab_zh_CN.ts"
    wrong = [(context, source, text) for (context, source), (_, text) in _messages(ts).items()
             if sorted(placeholder.findall(source)) != sorted(placeholder.findall(text))]
    assert wrong == []
