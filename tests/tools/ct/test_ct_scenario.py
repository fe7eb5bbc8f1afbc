"""The CT tab as a student uses it (issue 14, items 1, 5, 7): samples opened from Help →
Samples, the window resized 1600×1000 → 1280×720 → 1600×1000, slices scrolled, another tab
and back, a right-drag, an ROI, a broken folder, a second series, a cancelled job. Every
check is on what the user sees: letters, boxes, labels, the picture's extent."""

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from cvlab.tools.ct.mpr import PLANES
from tests.mouse import drag

SIZES = ((1600, 1000), (1280, 720), (1600, 1000))
EDGE_DIRECTIONS = {"R": (-1, 0, 0), "L": (1, 0, 0), "A": (0, -1, 0), "P": (0, 1, 0),
                   "I": (0, 0, -1), "S": (0, 0, 1)}   # DICOM patient axes, LPS
OPPOSITE = {"top": "bottom", "bottom": "top", "left": "right", "right": "left"}
SLACK = 3   # px: label sizes are whole pixels


def ct_panel(window):
    return next(p for p in window.panels if p.spec.id == "ct")


def open_sample(qtbot, window, title_start):
    """Help → Samples → the sample, as the user picks it; waits for the new series."""
    panel = ct_panel(window)
    previous = panel.volume
    action = next(a for a in window.samples_menu.actions() if a.text().startswith(title_start))
    action.trigger()
    qtbot.waitUntil(lambda: panel.volume is not None and panel.volume is not previous,
                    timeout=120_000)
    qtbot.waitUntil(lambda: not window.job_progress.isVisible(), timeout=30_000)
    return panel


def resize(qtbot, window, size):
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    qtbot.wait(20)   # layouts settle, then the views refit


def edge_pixel(image_shape, edge):
    rows, cols = image_shape[:2]
    return {"top": (0, cols // 2), "bottom": (rows - 1, cols // 2),
            "left": (rows // 2, 0), "right": (rows // 2, cols - 1)}[edge]


def patient_mm(panel, plane, row, col):
    """Patient position (mm, LPS, from the files' header) of a displayed pixel."""
    index = panel.views[plane].index
    zyx = panel.fmt.to_canonical(plane, index, row, col)
    return panel.volume.index_to_patient(*panel.fmt.to_original(zyx))


def assert_letters_where_they_belong(window, panel, expected=None):
    """Each plane's four letters: shown, in the window, centred on their edge, and on the
    side of the picture the header puts that direction."""
    for plane in PLANES:
        slice_view = panel.views[plane]
        if not slice_view.isVisible():
            continue
        view, edges = slice_view.view, slice_view.edges
        graphics = view.graphics_view()
        width, height = graphics.width(), graphics.height()
        for edge in OPPOSITE:
            letter = edges.text(edge)
            if expected is not None:
                assert letter == expected[plane][edge], (plane, edge, letter)
            assert edges.is_shown(edge), (plane, edge, "hidden")
            rect = edges.geometry(edge)
            on_window = QRect(graphics.mapTo(window, rect.topLeft()), rect.size())
            assert window.rect().contains(on_window), (plane, edge, on_window)
            centre = rect.center()
            if edge in ("top", "bottom"):
                assert abs(centre.x() - width / 2) <= SLACK, (plane, edge, rect, width)
                gap = rect.top() if edge == "top" else height - rect.bottom() - 1
            else:
                assert abs(centre.y() - height / 2) <= SLACK, (plane, edge, rect, height)
                gap = rect.left() if edge == "left" else width - rect.right() - 1
            assert 0 <= gap <= 8, (plane, edge, rect, width, height)
            # The letter names where that edge of the picture lies in the patient.
            shape = view.image().shape
            here = patient_mm(panel, plane, *edge_pixel(shape, edge))
            there = patient_mm(panel, plane, *edge_pixel(shape, OPPOSITE[edge]))
            step = here - there
            direction = np.array(EDGE_DIRECTIONS[letter])
            assert step @ direction > 0.7 * np.linalg.norm(step), (plane, edge, letter, step)


def fills_the_view(view) -> bool:
    height, width = view.image().shape[:2]
    shown = view.view_rect()
    tol = 0.01 * max(width, height)
    contains = (shown.left() <= tol and shown.top() <= tol and shown.right() >= width - tol
                and shown.bottom() >= height - tol)
    touches = abs(shown.width() - width) <= tol or abs(shown.height() - height) <= tol
    return contains and touches


def assert_pictures_whole(panel):
    for plane in PLANES:
        view = panel.views[plane].view
        if panel.views[plane].isVisible():
            assert fills_the_view(view), (plane, view.view_rect())


def assert_window_box_tells_the_truth(panel):
    """The preset box names the preset whose numbers the W/L boxes show, or says Custom."""
    box = panel.window_box
    width, level = panel.state.window
    assert box.width_box.value() == pytest.approx(width, abs=0.5)
    assert box.level_box.value() == pytest.approx(level, abs=0.5)
    shown = box.preset_text()
    if shown == "Custom":
        assert panel.state.preset is None
    else:
        assert f"({width:g} / {level:g})" in shown, shown
    low, high = panel.views["axial"].view.levels()
    assert (high - low, (low + high) / 2) == pytest.approx((width, level), abs=0.5)


def wheel(view, steps):
    viewport = view.graphics_view().viewport()
    local = QPointF(viewport.width() / 2, viewport.height() / 2)
    QApplication.sendEvent(viewport, QWheelEvent(
        local, viewport.mapToGlobal(local), QPoint(0, 0), QPoint(0, 120 * steps), Qt.NoButton,
        Qt.NoModifier, Qt.NoScrollPhase, False))


def hover(qtbot, panel, plane, x, y):
    """The pointer over image pixel (x, y) of a plane's view (the readout follows)."""
    view = panel.views[plane].view
    scene_pos = view.image_group().mapToScene(QPointF(x + 0.5, y + 0.5))
    view.graphics_view().scene().sigMouseMoved.emit(scene_pos)
    qtbot.waitUntil(lambda: panel.cursor_label.text() != "—", timeout=5_000)


def test_first_start_shows_no_false_window(window):
    panel = ct_panel(window)
    window.tabs.setCurrentWidget(panel)
    box = panel.window_box
    assert panel.state.window is None
    assert box.preset_text() == "No series open" and box.preset_box.currentIndex() == -1
    for spin in (box.width_box, box.level_box, box.min_box, box.max_box):
        assert spin.text() == "—"
    assert not box.isEnabled()
    for plane in PLANES:   # no orientation letters on an empty black view
        assert all(panel.views[plane].edges.text(edge) == "" for edge in OPPOSITE)


CHEST = {"axial": {"top": "A", "bottom": "P", "left": "R", "right": "L"},
         "coronal": {"top": "S", "bottom": "I", "left": "R", "right": "L"},
         "sagittal": {"top": "S", "bottom": "I", "left": "A", "right": "P"}}


def test_chest_then_head_through_resizes_scrolls_tabs_drags_and_a_broken_folder(
        qtbot, window, tmp_path):
    resize(qtbot, window, SIZES[0])
    panel = open_sample(qtbot, window, "Chest CT")
    assert window.tabs.currentWidget() is panel
    assert_window_box_tells_the_truth(panel)
    for size in SIZES:
        resize(qtbot, window, size)
        assert_letters_where_they_belong(window, panel, CHEST)
        assert_pictures_whole(panel)

    # Scrolling (wheel and keys) changes the slice, not the letters or the fit.
    axial = panel.views["axial"]
    before = axial.index
    wheel(axial.view, -3)
    axial.setFocus()
    qtbot.keyClick(axial, Qt.Key_PageDown)
    assert axial.index != before
    assert_letters_where_they_belong(window, panel, CHEST)
    assert_pictures_whole(panel)

    # Another tab while the window changes size, then back.
    other = next(p for p in window.panels if p.spec.id != "ct")
    window.tabs.setCurrentWidget(other)
    resize(qtbot, window, (1280, 720))
    window.tabs.setCurrentWidget(panel)
    qtbot.wait(20)
    assert_letters_where_they_belong(window, panel, CHEST)
    assert_pictures_whole(panel)
    resize(qtbot, window, (1600, 1000))

    # A preset, then a right-drag: the preset box must not keep the preset's name.
    panel.window_box.choose_preset("Lung")
    assert panel.window_box.preset_text().startswith("Lung")
    assert_window_box_tells_the_truth(panel)
    drag(qtbot, axial.view, QPoint(100, 100), QPoint(160, 140), Qt.RightButton)
    assert panel.state.window != (1500.0, -700.0)
    assert panel.window_box.preset_text() == "Custom"
    assert_window_box_tells_the_truth(panel)
    corner = axial.corners.text("bottom-right")
    assert f"WW: {panel.state.window[0]:.0f}" in corner

    # An ROI with its histogram and a cursor readout on the chest …
    window.tabs.setCurrentWidget(panel)
    panel.side_tabs.setCurrentWidget(panel.measure_box)
    drawn = panel.measure_box.add("ellipse")
    assert drawn is not None and panel.measure_box.histogram_data() is not None
    hover(qtbot, panel, "axial", 200, 200)
    assert "HU" in panel.cursor_label.text()

    # … a broken folder changes nothing that is shown, and says why …
    broken = tmp_path / "not_a_series"
    broken.mkdir()
    (broken / "scan.dcm").write_bytes(b"\0" * 128 + b"DICM" + b"garbage")
    chest = panel.volume
    assert window.open_path(broken)
    qtbot.waitUntil(lambda: "not_a_series" in window.notifications.current_text(),
                    timeout=30_000)
    assert window.notifications.history[-1].level == "error"
    assert panel.volume is chest
    assert_letters_where_they_belong(window, panel, CHEST)

    # … and the head CT opened next shows nothing of the chest.
    panel = open_sample(qtbot, window, "Head CT")
    assert panel.volume is not chest and panel.active_plane == "coronal"
    assert panel.measure_box.measurements() == [] and panel.state.measurements == ()
    assert panel.measure_box.table.rowCount() == 0
    assert panel.measure_box.histogram_data() is None
    assert panel.cursor_label.text() == "—"
    assert_window_box_tells_the_truth(panel)
    for size in SIZES:
        resize(qtbot, window, size)
        assert_letters_where_they_belong(window, panel)   # sides checked on the header
        assert_pictures_whole(panel)
    assert panel.views["coronal"].edges.text("top") == "S"
    wheel(panel.views["coronal"].view, +5)
    assert_letters_where_they_belong(window, panel)


def test_single_layout_and_a_cancelled_job_keep_the_view_right(qtbot, window):
    resize(qtbot, window, SIZES[1])
    panel = open_sample(qtbot, window, "Chest CT")
    panel.layout_box.setCurrentIndex(panel.layout_box.findData("single"))
    assert panel.state.layout == "single"
    assert panel.views["axial"].isVisible() and not panel.views["coronal"].isVisible()
    for size in SIZES:
        resize(qtbot, window, size)
        assert_letters_where_they_belong(window, panel, CHEST)
        assert_pictures_whole(panel)
    # Opening the head CT, cancelled while it runs: when the worker is idle no bar is left,
    # and the tab shows one whole series (the chest, or the head if it finished first).
    chest = panel.volume
    action = next(a for a in window.samples_menu.actions() if a.text().startswith("Head CT"))
    action.trigger()
    qtbot.waitUntil(lambda: window.job_progress.isVisible(), timeout=30_000)
    window.job_progress.cancel_button.click()
    qtbot.waitUntil(lambda: not window.worker.is_busy(), timeout=60_000)
    qtbot.waitUntil(lambda: not window.job_progress.isVisible(), timeout=10_000)
    assert panel.volume is not None
    expected = CHEST if panel.volume is chest else None
    assert_letters_where_they_belong(window, panel, expected)
    assert_pictures_whole(panel)
    assert_window_box_tells_the_truth(panel)


def test_phantom_sample_has_no_stale_path(qtbot, window):
    """The generated sample (made on the worker, then opened) goes through the same state."""
    panel = open_sample(qtbot, window, "Thorax phantom")
    assert panel.source is not None and Path(panel.source).exists()
    assert_window_box_tells_the_truth(panel)
    assert_letters_where_they_belong(window, panel, CHEST)
