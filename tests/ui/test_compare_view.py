"""CompareView: grid of linked ImageViews, swipe composite, difference map."""

import numpy as np
import pytest

from cvlab.ui.views import ImageView


def _pair(height=40, width=50):
    rng = np.random.default_rng(1)
    a = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    b = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    return a, b


def test_grid_panels_and_captions(compare, qtbot):
    a, b = _pair()
    items = [(a, "bicubic 21.10 dB"), (b, "SRResNet 23.53 dB / 0.7832"), (a, "HR")]
    compare.set_images(items)
    panels = compare.panels()
    assert len(panels) == 3 and all(isinstance(p, ImageView) for p in panels)
    assert [p.caption() for p in panels] == [c for _, c in items]
    assert panels[1].image() is b
    # three panels: ceil(sqrt(3)) = 2 columns, the third starts the second row
    grid = compare._grid
    positions = [grid.getItemPosition(grid.indexOf(p))[:2] for p in panels]
    assert positions == [(0, 0), (0, 1), (1, 0)]
    compare.set_columns(3)
    positions = [grid.getItemPosition(grid.indexOf(p))[:2] for p in panels]
    assert positions == [(0, 0), (0, 1), (0, 2)]
    old_panels = compare.panels()
    qtbot.waitUntil(lambda: all(p.isVisible() for p in old_panels))
    compare.set_images([(a, "one")])
    assert len(compare.panels()) == 1
    # Dropped panels stop painting at once, not when deleteLater gets to them.
    assert not any(p.isVisible() for p in old_panels)
    with pytest.raises(ValueError):
        compare.set_images([])


def test_zoom_is_linked_across_panels(compare, qtbot):
    a, b = _pair(100, 100)
    compare.set_images([(a, "A"), (b, "B")])
    first, second = (p.view_box() for p in compare.panels())
    # A range set on the ViewBox itself is a zoom the view cannot see: hold it as a user's
    # zoom is held, or the panels' first layout would refit them (the resize rule).
    compare.panels()[0].hold_view()
    first.setRange(xRange=(10, 30), yRange=(10, 30), padding=0)
    qtbot.wait(20)
    x_range, y_range = second.viewRange()
    assert x_range[0] < 25 and x_range[1] > 15 and x_range[1] - x_range[0] < 40
    assert second.viewRect().center().x() == pytest.approx(20, abs=1)
    assert second.viewRect().center().y() == pytest.approx(20, abs=1)
    assert compare.panels()[1].zoom_factor() == pytest.approx(
        compare.panels()[0].zoom_factor(), rel=0.05)


def test_smaller_input_is_stretched_to_line_up(compare, qtbot):
    big = np.zeros((80, 120), np.uint8)
    small = np.zeros((20, 30), np.uint8)
    compare.set_images([(big, "HR"), (small, "LR")])
    compare.panels()[0].fit()
    qtbot.wait(20)
    # both panels show the whole picture: LR pixels are four view units wide
    assert compare.panels()[1].zoom_factor() == pytest.approx(
        4 * compare.panels()[0].zoom_factor(), rel=0.05)
    assert compare.panels()[1].value_at(29, 19) == 0


def test_swipe_composite_splits_at_the_position(compare):
    a, b = _pair(40, 50)
    compare.set_images([(a, "A"), (b, "B")])
    compare.set_mode("swipe")
    assert compare.mode() == "swipe"
    assert compare.swipe_position() == 0.5 and compare._slider.value() == 50  # in step
    compare.set_swipe_position(0.3)
    assert compare._slider.value() == 30
    shown = compare.swipe_view().image()
    np.testing.assert_array_equal(compare.swipe_composite(), shown)
    np.testing.assert_array_equal(shown[:, :15], a[:, :15])  # 30 % of 50 columns
    np.testing.assert_array_equal(shown[:, 15:], b[:, 15:])
    assert compare._divider.value() == pytest.approx(15)
    compare._slider.setValue(80)  # the slider moves the divider too
    assert compare.swipe_position() == pytest.approx(0.8)
    np.testing.assert_array_equal(compare.swipe_view().image()[:, :40], a[:, :40])
    compare._divider.setValue(10)  # and dragging the divider moves the slider
    assert compare._slider.value() == 20
    np.testing.assert_array_equal(compare.swipe_view().image()[:, 10:], b[:, 10:])


def test_difference_values_and_caption(compare):
    a = np.zeros((10, 12, 3), np.uint8)
    b = np.zeros((10, 12, 3), np.uint8)
    a[2, 3] = (30, 60, 90)  # |A-B| averaged over channels: 60
    b[5, 6] = (250, 250, 250)
    compare.set_images([(a, "A"), (b, "B")])
    compare.set_mode("difference")
    diff = compare.difference()
    assert diff.shape == (10, 12) and diff.dtype == np.float32
    expected = np.abs(a.astype(np.float32) - b.astype(np.float32)).mean(axis=2)
    np.testing.assert_allclose(diff, expected)  # no uint8 wrap-around
    assert diff[2, 3] == pytest.approx(60) and diff[5, 6] == pytest.approx(250)
    view = compare.difference_view()
    np.testing.assert_array_equal(view.image(), diff)
    assert view.levels() == (0.0, 250.0)
    caption = view.caption()
    assert f"mean {expected.mean():.4g}" in caption and "max 250" in caption


def test_gray_against_color_difference(compare):
    gray = np.full((4, 4), 10, np.float32)
    color = np.zeros((4, 4, 3), np.float32)
    color[..., 0] = 30  # channel mean 10
    compare.set_images([(gray, "gray"), (color, "colour")])
    compare.set_mode("difference")
    assert np.abs(compare.difference()).max() == pytest.approx(0)


def test_size_mismatch_gives_a_message_not_an_exception(compare):
    compare.set_images([(np.zeros((10, 10), np.uint8), "A"), (np.zeros((20, 10), np.uint8), "B")])
    compare.set_mode("difference")
    assert compare.difference() is None
    assert "size" in compare.difference_view().message()
    assert compare.difference_view().image() is None
    compare.set_mode("swipe")
    assert "size" in compare.swipe_view().message() and compare.swipe_composite() is None
    compare.set_images([(np.zeros((10, 10), np.uint8), "A"), (np.ones((10, 10), np.uint8), "B")])
    assert compare.swipe_view().message() == ""
    assert compare.swipe_view().image() is not None


def test_mode_selector_and_pair_choice(compare):
    a, b = _pair()
    c = np.zeros_like(a)
    compare.set_images([(a, "A"), (b, "B"), (c, "C")])
    modes = []
    compare.modeChanged.connect(modes.append)
    compare._mode_box.setCurrentIndex(2)  # what a user's pick in the combo box does
    assert compare.mode() == "difference" and modes == ["difference"]
    compare.set_pair(0, 2)
    np.testing.assert_allclose(compare.difference(), a.astype(np.float32).mean(axis=2))
    with pytest.raises(ValueError):
        compare.set_mode("blink")
    compare.set_mode("grid")
    assert compare._stack.currentIndex() == 0 and modes[-1] == "grid"
