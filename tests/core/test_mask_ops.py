"""Mask editing primitives (no Qt): the mask painter's and the Restore tool's."""

import cv2
import numpy as np
import pytest

from cvlab.core import mask_ops as mo
from cvlab.core.fileio import UnsafeOutputError
from cvlab.core.images import save_image


def _disk_kernel(radius):
    r = int(radius)
    yy, xx = np.mgrid[-r:r + 1, -r:r + 1]
    return (xx * xx + yy * yy <= radius * radius).astype(np.uint8)


def _random_mask(seed=0, shape=(60, 80)):
    rng = np.random.default_rng(seed)
    mask = rng.random(shape) > 0.97
    mask[20:35, 30:55] = True
    return mask


@pytest.mark.parametrize("radius", [1, 2, 3, 7])
def test_grow_and_shrink_match_a_disk_structuring_element(radius):
    mask = _random_mask(radius)
    kernel = _disk_kernel(radius)
    expected_grow = cv2.dilate(mask.astype(np.uint8), kernel).astype(bool)
    assert np.array_equal(mo.grow(mask, radius), expected_grow)
    # cv2's default border for erode is "outside counts as set", as documented for shrink
    expected_shrink = cv2.erode(mask.astype(np.uint8), kernel).astype(bool)
    assert np.array_equal(mo.shrink(mask, radius), expected_shrink)


def test_grow_shrink_edge_cases():
    empty = np.zeros((10, 12), bool)
    assert not mo.grow(empty, 5).any() and not mo.shrink(empty, 5).any()
    full = np.ones((10, 12), bool)
    assert mo.shrink(full, 3).all()  # the image edge does not erode
    dot = np.zeros((21, 21), bool)
    dot[10, 10] = True
    grown = mo.grow(dot, 3)
    assert grown.sum() == _disk_kernel(3).sum() == 29
    assert np.array_equal(mo.shrink(grown, 3), dot)
    assert np.array_equal(mo.grow(grown, -3), dot)  # negative grows shrink
    assert np.array_equal(mo.grow(dot, 0), dot) and mo.grow(dot, 0) is not dot
    with pytest.raises(ValueError, match="2-D"):
        mo.grow(np.zeros((3, 3, 3), bool), 1)


def test_invert_and_coverage():
    mask = np.zeros((10, 10), bool)
    mask[:5] = True
    assert mo.coverage(mask) == 0.5
    assert np.array_equal(mo.invert(mask), ~mask)
    assert mo.coverage(np.zeros((0, 4), bool)) == 0.0


def test_fill_rect_inclusive_any_order_clipped_and_pure():
    mask = np.zeros((20, 30), bool)
    out = mo.fill_rect(mask, 12, 8, 5, 3)
    assert not mask.any()  # not modified
    assert out.sum() == 8 * 6 and out[3:9, 5:13].all()
    cleared = mo.fill_rect(np.ones((20, 30), bool), -10, -10, 100, 4, value=False)
    assert not cleared[:5].any() and cleared[5:].all()
    same = mo.fill_rect(mask, 40, 40, 50, 50, inplace=True)
    assert same is mask and not mask.any()


def test_stroke_is_a_gapless_capsule():
    mask = np.zeros((50, 100), bool)
    out = mo.stroke(mask, [(5, 10), (90, 40)], radius=2)
    ys, xs = np.nonzero(out)
    # distance of every set pixel to the segment is <= 2, and pixels on the segment are set
    a, b = np.array([5.0, 10.0]), np.array([90.0, 40.0])
    p = np.stack([xs, ys], 1).astype(float)
    t = np.clip(((p - a) @ (b - a)) / ((b - a) @ (b - a)), 0, 1)
    assert np.hypot(*(p - (a + t[:, None] * (b - a))).T).max() <= 2 + 1e-9
    for t in np.linspace(0, 1, 200):
        x, y = a + t * (b - a)
        assert out[int(round(y)), int(round(x))]
    # each column along the way has a run of ~ 2*2/cos(angle) pixels: no gaps
    columns = out[:, 5:91].sum(axis=0)
    assert columns.min() >= 4
    single = mo.stroke(mask, [(3, 4)], radius=0.5)
    assert single.sum() == 1 and single[4, 3]
    disk = mo.stroke(mask, [(50, 25)], radius=3)
    assert disk.sum() == 29
    erased = mo.stroke(np.ones((50, 100), bool), [(0, 0), (99, 0)], 1, value=False)
    assert not erased[0].any() and not erased[1].any() and erased[2].all()
    # off-image points are clipped, not an error
    assert mo.stroke(mask, [(-50, -50), (-40, -40)], 3).sum() == 0


def test_fill_polygon_lasso():
    mask = np.zeros((40, 40), bool)
    square = [(10, 10), (30, 10), (30, 30), (10, 30)]
    out = mo.fill_polygon(mask, square)
    assert out[10:31, 10:31].all() and out.sum() == 21 * 21
    tri = mo.fill_polygon(mask, [(0, 0), (39, 0), (0, 39)])
    assert tri[1, 1] and not tri[38, 38] and abs(tri.sum() - 40 * 41 / 2) < 45
    # a degenerate lasso (two points) still marks the traced line
    line = mo.fill_polygon(mask, [(5, 5), (5, 15)])
    assert line[5:16, 5].all() and line.sum() == 11
    hole = mo.fill_polygon(np.ones((40, 40), bool), square, value=False)
    assert not hole[10:31, 10:31].any() and hole.sum() == 1600 - 441


def test_save_and_load_round_trip(tmp_path):
    mask = _random_mask(3)
    path = mo.save_mask(tmp_path / "m.png", mask)
    assert np.array_equal(mo.load_mask(path, mask.shape), mask)
    assert np.array_equal(mo.load_mask(path, mask.shape + (3,)), mask)  # photo shape


def test_save_refuses_inputs_and_lossy(tmp_path):
    photo = tmp_path / "photo.png"
    save_image(photo, np.zeros((4, 4), np.uint8))
    with pytest.raises(UnsafeOutputError):
        mo.save_mask(photo, np.zeros((4, 4), bool), inputs=[photo])
    with pytest.raises(ValueError, match="lossless"):
        mo.save_mask(tmp_path / "m.jpg", np.zeros((4, 4), bool))


def test_load_mask_alpha_luminance_and_wrong_size(tmp_path):
    rgba = np.zeros((6, 8, 4), np.uint8)
    rgba[..., :3] = 255  # white everywhere: only the alpha says where
    rgba[2:4, 1:5, 3] = 200
    save_image(tmp_path / "a.png", rgba)
    assert np.array_equal(mo.load_mask(tmp_path / "a.png", (6, 8)), rgba[..., 3] > 127)
    rgb = np.zeros((6, 8, 3), np.uint8)
    rgb[1, 2] = (255, 255, 255)
    rgb[3, 3] = (100, 100, 100)  # dark gray: below half
    save_image(tmp_path / "b.png", rgb)
    loaded = mo.load_mask(tmp_path / "b.png", (6, 8))
    assert loaded.sum() == 1 and loaded[1, 2]
    opaque = np.dstack([rgb, np.full((6, 8), 255, np.uint8)])
    save_image(tmp_path / "c.png", opaque)  # constant alpha: luminance decides
    assert np.array_equal(mo.load_mask(tmp_path / "c.png", (6, 8)), loaded)
    with pytest.raises(ValueError) as err:
        mo.load_mask(tmp_path / "b.png", (60, 80))
    message = str(err.value)
    assert "b.png" in message and "8×6" in message and "80×60" in message
