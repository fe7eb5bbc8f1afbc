"""The Super-resolution tab as a student uses it, on the real main window: the sample from
Help → Samples, an evaluation whose panels arrive one by one, resizing, another tab and
back, Upscale and Cancel, a broken file, a second image. Asserts what is on screen."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest

SAMPLE_TITLE = "Photo: butterfly (super-resolution)"


def _sr_panel(window):
    return next(p for p in window.panels if p.spec.id == "superres")


def _captions(panel):
    return [view.caption() for view in panel.compare.panels()]


def _table(panel):
    table = panel.table
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(4)]
            for r in range(table.rowCount())]


def _assert_table_columns_whole(panel):
    """Every header fits its column and every column lies inside the table: "Time (s)",
    not "Time (s" cut by the table's edge."""
    QTest.qWait(0)  # let the header lay out after a resize
    header = panel.table.horizontalHeader()
    metrics = QFontMetrics(header.font())
    for column, text in enumerate(["PSNR (dB)", "SSIM", "Time (s)"], start=1):
        assert header.sectionSize(column) >= metrics.horizontalAdvance(text)
    assert header.sectionViewportPosition(3) + header.sectionSize(3) <= \
        panel.table.viewport().width()


def _progress_shown(window):
    return not window.job_progress.isHidden()


def test_student_evaluates_upscales_cancels_and_opens_other_files(qtbot, window, test_data,
                                                                 tmp_path):
    window.resize(1600, 1000)
    panel = _sr_panel(window)
    window.tabs.setCurrentWidget(panel)

    # Help → Samples → the butterfly
    action = next(a for a in window.samples_menu.actions() if a.text() == SAMPLE_TITLE)
    action.trigger()
    qtbot.waitUntil(lambda: panel.source is not None and "butterfly" in panel.source,
                    timeout=60_000)
    assert _captions(panel) == ["Ground truth"]
    assert "opencv_dnn_superres_butterfly.png" in panel.file_label.text()

    # Evaluate: each method's panel appears when that method is done
    panel.set_methods({"bicubic", "lanczos", "srresnet", "realesrgan-animevideov3"})
    seen = []   # (captions on screen, methods still pending) at each new result

    def on_change(name, value):
        if name == "results" and value:
            shown = [view.image() is not None for view in panel.compare.panels()]
            seen.append((_captions(panel), panel.state.pending, all(shown)))

    panel.state.changed.connect(on_change)
    QTest.mouseClick(panel.run_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 4, timeout=180_000)
    panel.state.changed.disconnect(on_change)
    first_captions, still_running, drawn = seen[0]
    assert first_captions[0] == "Ground truth" and first_captions[1].startswith("Bicubic\n")
    assert len(first_captions) == 2 and "srresnet" in still_running  # before the last ended
    assert drawn and all(images_drawn for _, _, images_drawn in seen)
    captions = _captions(panel)
    assert captions[0] == "Ground truth" and len(captions) == 5
    for caption in captions[1:]:
        title, scores = caption.split("\n")
        assert scores.startswith("PSNR ") and " dB · SSIM 0." in scores
    assert [row[0] for row in _table(panel)] == ["Bicubic", "Lanczos", "SRResNet",
                                                 "Real-ESRGAN animevideov3"]
    _assert_table_columns_whole(panel)
    # pixel values on screen are 0–255 integers, not 0–1 floats
    value = panel.compare.panels()[1].value_at(10, 10)
    assert all(float(v).is_integer() for v in value) and max(value) > 1
    # the red box on the first panel is where the strip comes from
    box = panel.crop_region()
    assert panel.compare.panels()[0].region() == (box.left, box.top, box.width, box.height)
    assert panel.strip_view.image().shape[1] > 4 * 160
    assert not _progress_shown(window)

    # a click near the top-left of a panel moves the box (and the strip) there
    before = panel.compare.panels()[0].region()
    view = panel.compare.panels()[2].graphics_view()
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier,
                     QPoint(view.viewport().width() // 4, view.viewport().height() // 4))
    qtbot.waitUntil(lambda: panel.compare.panels()[0].region() != before, timeout=5_000)
    x, y, w, h = panel.compare.panels()[0].region()
    assert x + w / 2 < before[0] + before[2] / 2 and y + h / 2 < before[1] + before[3] / 2

    # resize and back, another tab and back: the same results on screen
    for size in ((1280, 720), (1600, 1000)):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: (window.width(), window.height()) == s, timeout=5_000)
        assert _captions(panel) == captions
        _assert_table_columns_whole(panel)
    other = next(p for p in window.panels if p is not panel)
    window.tabs.setCurrentWidget(other)
    window.tabs.setCurrentWidget(panel)
    assert _captions(panel) == captions and len(_table(panel)) == 4

    # Upscale mode: the ground truth and the scores go at once
    QTest.mouseClick(panel.upscale_radio, Qt.LeftButton)
    assert panel.upscale_radio.isChecked()
    assert _captions(panel) == ["Input"] and _table(panel) == []
    assert "PSNR" not in " ".join(_captions(panel))

    # run two networks in small tiles and Cancel from the status bar during the first
    panel.set_methods({"bicubic", "srresnet", "srgan"})
    panel.tile_box.setValue(32)
    QTest.mouseClick(panel.run_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: _progress_shown(window)
                    and "tile" in window.job_progress.text(), timeout=120_000)
    QTest.mouseClick(window.job_progress.cancel_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=60_000)
    assert window.worker.wait_idle(60)
    assert not _progress_shown(window)                  # no bar once the cancel is processed
    # the whole run stopped: the method after the cancelled one never ran
    assert "srgan" not in [m for m, _ in panel.upscaled]
    assert panel.run_button.text() == "Run"
    assert not any(row[1] in ("running…", "queued") for row in _table(panel))

    # a broken file: reported, the butterfly stays, no bar left
    broken = tmp_path / "notes.png"
    broken.write_text("This is not an image")
    errors = []
    window.worker.error.connect(lambda job_id, failure: errors.append(failure))
    window.open_path(broken)
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    assert window.worker.wait_idle(30)
    assert "butterfly" in panel.source and "butterfly" in panel.file_label.text()
    assert not _progress_shown(window)

    # a second image: its own input panel only, nothing of the butterfly's
    second = test_data / "photos" / "opencv_baboon.jpg"
    window.open_path(second)
    qtbot.waitUntil(lambda: panel.source == str(second), timeout=60_000)
    assert _captions(panel) == ["Input"] and _table(panel) == []
    assert panel.compare.panels()[0].image().shape[:2] == panel.image.shape[:2]
    assert "opencv_baboon.jpg" in panel.file_label.text()
    assert "butterfly" not in panel.file_label.text()
    assert window.tabs.currentWidget() is panel
