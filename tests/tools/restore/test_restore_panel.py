"""The Restore tab as a user drives it: paint or detect a mask, inpaint with several
methods side by side, scribble colours, colourise, save."""

import numpy as np
from PIL import Image

from cvlab.core.images import read_image


def restore_panel(qtbot, window, path):
    panel = next(p for p in window.panels if p.spec.id == "restore")
    window.tabs.setCurrentWidget(panel)
    window.open_path(path)
    qtbot.waitUntil(lambda: panel.path == str(path), timeout=60_000)
    return panel


def wait_for_outputs(qtbot, panel, action):
    """Run, then wait until every method has reported (results come in one by one)."""
    action()
    assert not panel.run_finished()
    qtbot.waitUntil(panel.run_finished, timeout=180_000)


def test_inpaint_methods_side_by_side_keep_everything_outside_the_mask(qtbot, window,
                                                                       test_data):
    panel = restore_panel(qtbot, window, test_data / "photos" / "sklearn_flower.jpg")
    panel.mask_editor.paint_rect(200, 150, 260, 200)
    panel.mask_editor.paint_stroke([(50, 50), (150, 120)])
    mask = panel.mask_editor.mask()
    panel.set_chosen(panel.inpaint_methods, {"telea", "exemplar", "net"})
    wait_for_outputs(qtbot, panel, panel.run_inpaint)
    assert [name for _kind, name, _image in panel.outputs] == ["telea", "exemplar", "net"]
    captions = [view.caption() for view in panel.compare.panels()]
    assert captions[0] == "Masked input" and captions[1].startswith("OpenCV Telea")
    for _kind, _name, image in panel.outputs:
        assert image.shape == panel.image.shape and image.dtype == panel.image.dtype
        np.testing.assert_array_equal(image[~mask], panel.image[~mask])
        assert not np.array_equal(image[mask], panel.image[mask] * 0)
    assert panel.views.currentWidget() is panel.compare


def test_scratch_proposal_becomes_an_editable_mask(qtbot, window):
    from cvlab.tools.restore.samples import make_old_photo

    panel = restore_panel(qtbot, window, make_old_photo())
    panel.mask_editor.paint_rect(10, 10, 30, 30)          # the user's own stroke first
    painted = panel.mask_editor.mask()
    panel.detect_scratches()
    qtbot.waitUntil(lambda: panel.mask_editor.mask().sum() > painted.sum(), timeout=60_000)
    merged = panel.mask_editor.mask()
    assert merged[painted].all()                           # the stroke stays
    assert 0.002 < merged.mean() < 0.15
    added = int(merged.sum() - painted.sum())
    assert f"Added {added:,} px of scratches to your mask" in panel.status_text()
    panel.mask_editor.undo_stack.undo()                    # one step takes them away again
    np.testing.assert_array_equal(panel.mask_editor.mask(), painted)


def test_scribbles_colorize_and_save(qtbot, window, test_data, tmp_path):
    from PySide6.QtGui import QColor

    gray = np.asarray(Image.open(test_data / "photos" / "sklearn_flower.jpg").convert("L"))
    path = tmp_path / "gray.png"
    Image.fromarray(gray).save(path)
    panel = restore_panel(qtbot, window, path)
    panel.modes.setCurrentIndex(1)
    panel.set_color(QColor(220, 40, 40))
    panel.scribble_editor.paint_stroke([(300, 200), (330, 220)])
    panel.set_color(QColor(40, 160, 60))
    panel.scribble_editor.paint_stroke([(20, 400), (60, 410)])
    assert tuple(panel.scribbles[200, 300]) == (220, 40, 40)
    assert tuple(panel.scribbles[400, 20]) == (40, 160, 60)
    panel.set_chosen(panel.color_methods, {"scribbles", "net"})
    wait_for_outputs(qtbot, panel, panel.run_color)
    for _kind, _name, image in panel.outputs:
        assert image.shape == gray.shape + (3,)
        luminance = image.astype(float) @ np.array([0.299, 0.587, 0.114])
        assert np.abs(luminance - gray).mean() < 3        # the photo's own luminance kept
    scribbled = dict((name, image) for _k, name, image in panel.outputs)["scribbles"]
    red, green, blue = scribbled[205, 310].astype(int)
    assert red > green and red > blue                      # the red scribble spread there
    target = tmp_path / "out.png"
    from cvlab.core.images import save_image

    save_image(target, scribbled, inputs=[panel.path])
    assert read_image(target).array.shape == gray.shape + (3,)


def test_continue_with_a_result_then_back_to_the_opened_photo(qtbot, window, test_data):
    path = test_data / "photos" / "sklearn_flower.jpg"
    panel = restore_panel(qtbot, window, path)
    opened = panel.image.copy()
    assert not panel.continue_button.isEnabled() and not panel.revert_button.isEnabled()
    panel.mask_editor.paint_rect(200, 150, 260, 200)
    panel.set_chosen(panel.inpaint_methods, {"telea", "ns"})
    wait_for_outputs(qtbot, panel, panel.run_inpaint)
    panel.result_box.setCurrentIndex(panel.result_box.findData("ns"))
    chosen = panel.outputs[1][2]
    assert panel.continue_button.isEnabled()
    panel.continue_with_result()
    np.testing.assert_array_equal(panel.image, chosen)      # the result is now the photo
    assert not panel.mask_editor.mask().any() and panel.outputs == []
    assert "Navier" in panel.file_label.text() and panel.revert_button.isEnabled()
    panel.set_chosen(panel.color_methods, {"net"})
    wait_for_outputs(qtbot, panel, panel.run_color)
    assert panel.outputs[0][2].shape == chosen.shape
    panel.revert_to_opened()
    np.testing.assert_array_equal(panel.image, opened)
    assert panel.history == [] and not panel.revert_button.isEnabled()
    np.testing.assert_array_equal(read_image(path).array, opened)  # the file is untouched
