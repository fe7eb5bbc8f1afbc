"""The Inspect tab as a student uses it, on the real main window: the baboon from Help →
Samples, its facts, statistics and histogram, the readout under a real mouse pointer,
resizing, another tab and back, a broken file, a second image. Asserts what is on screen."""

import numpy as np
from PIL import Image
from PySide6.QtCore import QPointF
from PySide6.QtTest import QTest

from tests.ui.test_view_refit import fills_the_view

SAMPLE_TITLE = "Photo: baboon"


def _inspect_panel(window):
    return next(p for p in window.panels if p.spec.id == "inspect")


def _facts(panel):
    return {key: label.text() for key, label in panel._fact_labels.items()}


def _stats_rows(panel):
    table = panel.stats_table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def _curves(panel):
    return len(panel.hist_plot.listDataItems())


def _point_at(qtbot, panel, x, y):
    """Move the real mouse pointer over image pixel (x, y)."""
    graphics = panel.view.graphics_view()
    scene = panel.view.image_group().mapToScene(QPointF(x + 0.5, y + 0.5))
    QTest.mouseMove(graphics.viewport(), graphics.mapFromScene(scene))
    qtbot.wait(25)   # pyqtgraph's scene drops moves closer than ~1/60 s


def _refitted(qtbot, panel):
    QTest.qWait(0)
    qtbot.waitUntil(lambda: fills_the_view(panel.view), timeout=5_000)


def test_student_reads_facts_points_at_pixels_and_opens_other_files(qtbot, window, tmp_path):
    window.resize(1600, 1000)
    panel = _inspect_panel(window)
    window.tabs.setCurrentWidget(panel)

    # Help → Samples → the baboon
    action = next(a for a in window.samples_menu.actions() if a.text() == SAMPLE_TITLE)
    action.trigger()
    qtbot.waitUntil(lambda: panel.loaded is not None, timeout=60_000)
    assert window.tabs.currentWidget() is panel and not panel.empty_state.isVisible()
    facts = _facts(panel)
    assert facts["file"].endswith("opencv_baboon.jpg")
    assert facts["format"] == "JPEG" and facts["size"] == "512 × 512 px"
    assert facts["type"] == "uint8, 3 channel(s), shape (512, 512, 3)"
    assert facts["cursor"] == "—"
    rows = _stats_rows(panel)
    assert [row[0] for row in rows] == ["R", "G", "B"]
    assert _curves(panel) == 3
    _refitted(qtbot, panel)

    # the readout under the pointer names the pixel and its value
    _point_at(qtbot, panel, 100, 200)
    qtbot.waitUntil(lambda: _facts(panel)["cursor"].startswith("(100, 200) = ["),
                    timeout=5_000)
    value = panel.loaded.array[200, 100].tolist()
    assert _facts(panel)["cursor"] == f"(100, 200) = {value}"

    # resize and back, another tab and back: the same facts and statistics, refitted
    for size in ((1280, 720), (1600, 1000)):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: (window.width(), window.height()) == s, timeout=5_000)
        _refitted(qtbot, panel)
        assert {k: v for k, v in _facts(panel).items() if k != "cursor"} == \
            {k: v for k, v in facts.items() if k != "cursor"}
        assert _stats_rows(panel) == rows and _curves(panel) == 3
    other = next(p for p in window.panels if p is not panel)
    window.tabs.setCurrentWidget(other)
    window.tabs.setCurrentWidget(panel)
    assert _facts(panel)["file"] == facts["file"] and _stats_rows(panel) == rows

    # a broken file: one sentence on this tab; the baboon and its facts stay
    broken = tmp_path / "notes.png"
    broken.write_text("This is not an image, only my lecture notes.\n")
    window.open_path(broken)
    qtbot.waitUntil(lambda: bool(window.notifications.history)
                    and window.notifications.history[-1].level == "error", timeout=30_000)
    assert window.worker.wait_idle(30)
    assert window.notifications.current_text() == "notes.png is not an image (it is text)"
    assert _facts(panel)["file"] == facts["file"] and _stats_rows(panel) == rows
    assert panel.view.image().shape == (512, 512, 3)
    assert not window.job_progress.isVisible()

    # a second image, gray: its own facts, one channel, one curve, no readout of the baboon
    second = tmp_path / "gradient.png"
    Image.fromarray(np.tile(np.arange(64, dtype=np.uint8), (32, 1))).save(second)
    window.open_path(second)
    qtbot.waitUntil(lambda: panel.loaded is not None and panel.loaded.path == str(second),
                    timeout=30_000)
    assert "not an image" not in window.notifications.current_text()   # cleared by the open
    facts = _facts(panel)
    assert facts["file"] == str(second) and facts["size"] == "64 × 32 px"
    assert facts["type"] == "uint8, 1 channel(s), shape (32, 64)" and facts["format"] == "PNG"
    assert facts["cursor"] == "—"
    assert _stats_rows(panel) == [["gray", "0", "63", "31.50", "18.47"]]
    assert _curves(panel) == 1
    assert panel.view.image().shape == (32, 64)
    _refitted(qtbot, panel)
    _point_at(qtbot, panel, 10, 5)
    qtbot.waitUntil(lambda: _facts(panel)["cursor"] == "(10, 5) = 10", timeout=5_000)
