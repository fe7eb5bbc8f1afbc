"""The Chinese interface after work is done (issue 18): what every tab shows once its jobs
have run (status lines, result rows, captions, CT corner texts, the nodule summary) and the
sentence it shows for a broken file. test_chinese.py checks the empty tabs and the dialogs.

The results come from the same plans as the README's screenshots (``ToolSpec.screenshots``):
the real MainWindow and DeviceWorker open each sample and press the tab's own buttons. What a
tab shows that is data, not interface, is taken out before the check: DICOM header values,
ImageNet class names, the text OCR read, file names.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QPlainTextEdit, QPushButton

from cvlab.ui import language
from cvlab.ui.main_window import MainWindow
from cvlab.ui.worker import DeviceWorker
from tests.ui.test_chinese import ALLOWED, widget_texts, words

# Units and names that appear only once results are shown.
ALLOWED_IN_RESULTS = ALLOWED | {"mL", "kV", "mA", "FIFO", "uint", "float", "int", "bool"}
JOB_TIMEOUT_S = 300  # every model's first load on a busy 2-core machine
CJK = re.compile(r"[\u4e00-\u9fff]")
# "统计." or "层, ": a Chinese sentence punctuated the English way (not "层 1.5 mm")
LATIN_STOP_AFTER_CHINESE = re.compile(r"[\u4e00-\u9fff][.,;:?!](?!\d)")


def cell_texts(root) -> list[tuple[str, str]]:
    """(where, text) of the first rows of every list and table: result rows."""
    found = []
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        try:
            columns = model.columnCount(QModelIndex())
        except TypeError:  # a list model takes no parent
            columns = 1
        for row in range(min(model.rowCount(QModelIndex()), 40)):
            for column in range(columns):
                for role, kind in ((Qt.DisplayRole, "cell"), (Qt.ToolTipRole, "cell tooltip")):
                    text = model.data(model.index(row, column), role)
                    if isinstance(text, str) and text.strip():
                        found.append((f"{type(view).__name__} {kind}", text))
    return found


class DataWords:
    """Strings a tab shows that are data: removed whole before the words are checked."""

    def __init__(self) -> None:
        self._strings: set[str] = set()
        self._pattern: re.Pattern | None = None
        self.words: set[str] = set()  # words of data shown cut short ("Chest CT, 1.5 mm i…")

    def add_words_of(self, *strings) -> None:
        self.words |= {word for s in strings for word in words(str(s))}

    def add(self, *strings) -> None:
        # A phrase without a Latin word ("1", "0051") would cut names apart ("features.1").
        new = {str(s).strip() for s in strings if s and words(str(s))} - self._strings
        if new:
            self._strings |= new
            self._pattern = None

    def strip(self, text: str) -> str:
        if not self._strings:
            return text
        if self._pattern is None:  # one alternation, longest first: "tiger cat" before "cat"
            names = sorted(self._strings, key=len, reverse=True)
            self._pattern = re.compile(
                r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
        return self._pattern.sub(" ", text)


def data_of(panel, data: DataWords) -> None:
    """What this tab now shows that came from the input, not from CV Lab."""
    volume = getattr(panel, "volume", None)
    if panel.spec.id == "ct" and volume is not None:
        # corner texts cut long values to fit the corner, so their words are data
        data.add_words_of(*(str(v).replace("^", " ") for v in volume.header.values()))
    result = getattr(getattr(panel, "state", None), "result", None)
    if panel.spec.id == "ocr" and result is not None:  # the text OCR read
        data.add(*(line.text for line in result.lines))
    if panel.spec.id == "nets":  # the measured networks' module and class names
        for profile in panel.state.profiles:
            data.add(*(row.name for row in profile.rows), *(row.type for row in profile.rows),
                     *(stage.name for stage in profile.stages))
    for editor in panel.findChildren(QPlainTextEdit):
        data.add(*editor.toPlainText().splitlines())


def english_left(found, data: DataWords) -> list[str]:
    return sorted({f"{where}: {text!r} ({word})" for where, text in found
                   for word in words(data.strip(text))
                   if word not in ALLOWED_IN_RESULTS and word not in data.words})


@pytest.fixture
def chinese_window(qtbot, qapp, tmp_path, request):
    """The app as it starts after a student chose 简体中文 (app.py's order: the language,
    the window, then the worker)."""
    assert language.apply_language(language.CHINESE, qapp)
    request.addfinalizer(lambda: language.apply_language(language.ENGLISH, qapp))
    settings = QSettings(str(tmp_path / "cvlab.ini"), QSettings.IniFormat)
    worker = DeviceWorker(device_spec="cpu")
    window = MainWindow(worker, settings)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    worker.start()
    yield window
    window.close()
    assert worker.shutdown(20_000)


def settle(qapp, window) -> None:
    assert window.worker.wait_idle(JOB_TIMEOUT_S)
    for _ in range(5):  # results queue more jobs (a detection after an open …)
        qapp.processEvents()
        assert window.worker.wait_idle(JOB_TIMEOUT_S)


def test_every_tab_reads_chinese_after_its_jobs_ran(chinese_window, qapp):
    from cvlab.core.weights.loading import imagenet_class_names

    window = chinese_window
    data = DataWords()
    data.add(*imagenet_class_names())
    left, steps = [], 0
    for panel in window.panels:
        window.tabs.setCurrentWidget(panel)
        for name, path, prepare in panel.spec.screenshot_plan(panel) or []:
            if path is not None:
                window.open_path(Path(path))
            settle(qapp, window)
            if prepare is not None:
                prepare(panel)
                settle(qapp, window)
            steps += 1
            data_of(panel, data)
            found = widget_texts(window) + cell_texts(window)
            left += [f"[{panel.spec.id} {name}] {line}" for line in english_left(found, data)]
            left += [f"[{panel.spec.id} {name}] {where}: {text!r} (Latin punctuation)"
                     for where, text in found if LATIN_STOP_AFTER_CHINESE.search(text)]
    assert steps >= 15, "every tab's screenshot plan ran"
    assert sorted(set(left)) == [], "\n".join(sorted(set(left)))


def test_the_ct_corner_texts_and_nodule_summary_are_chinese(chinese_window, qapp):
    """The words a student reads on the CT views themselves."""
    from cvlab.tools.ct.sample_data import thorax_phantom_folder

    window = chinese_window
    panel = next(p for p in window.panels if p.spec.id == "ct")
    window.tabs.setCurrentWidget(panel)
    window.open_path(thorax_phantom_folder())
    settle(qapp, window)
    panel.side_tabs.setCurrentIndex(1)
    panel.lungs_box.run()
    settle(qapp, window)
    corners = "\n".join(view.corners.text(c) for view in panel.views.values()
                        for c in ("top-right", "bottom-right"))
    for term in ("轴位", "冠状位", "矢状位", "层厚"):
        assert term in corners, corners
    summary = panel.lungs_box.summary_label.text()
    assert "结节" in summary and CJK.search(summary), summary


# ----- the sentence for a broken file ---------------------------------------------------
IMAGE_TABS = ("superres", "heatmaps", "ocr", "faces", "restore", "inspect")


def open_button(panel) -> QPushButton:
    return next(b for b in panel.findChildren(QPushButton) if b.text() == "打开图像…")


def test_a_broken_file_is_said_in_chinese_in_every_tab(chinese_window, qtbot, qapp, tmp_path,
                                                       monkeypatch):
    window = chinese_window
    text_png = tmp_path / "lecture_notes.png"
    text_png.write_text("Week 3: convolution, padding, stride.\n", encoding="utf-8")
    pipe = tmp_path / "pipe.png"
    os.mkfifo(pipe)
    junk = tmp_path / "junk"
    junk.mkdir()
    for i in range(3):
        (junk / f"slice{i}.dcm").write_bytes(b"not a dicom file at all " * 20)
    data = DataWords()
    data.add(text_png.name, pipe.name, junk.name, str(tmp_path))
    said = []
    for tool in (*IMAGE_TABS, "ct"):
        panel = next(p for p in window.panels if p.spec.id == tool)
        window.tabs.setCurrentWidget(panel)
        for bad in ((junk,) if tool == "ct" else (text_png, pipe)):
            seen = len(window.notifications.history)
            if tool == "ct":
                window.open_path(bad)
            else:
                monkeypatch.setattr(QFileDialog, "getOpenFileName",
                                    lambda *a, p=bad, **k: (str(p), ""))
                open_button(panel).click()
            qtbot.waitUntil(lambda s=seen: any(m.level == "error" for m in
                                               window.notifications.history[s:]),
                            timeout=30_000)
            message = next(m for m in window.notifications.history[seen:] if m.level == "error")
            said.append((f"{tool} {bad.name}", message.text))
    wrong = [f"{where}: {text!r}" for where, text in said
             if not CJK.search(text) or english_left([(where, text)], data)]
    assert wrong == [], "\n".join(wrong)
