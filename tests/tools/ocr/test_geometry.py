"""Box ordering, unclip, crops and coordinate maps of the OCR pipeline (no models)."""

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from cvlab.tools.ocr import geometry

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _rect(cx, cy, w, h, angle_deg):
    """Corners of a w × h rectangle turned by angle (counter-clockwise on screen)."""
    a = np.deg2rad(angle_deg)
    u = np.array([np.cos(a), -np.sin(a)])      # along the text
    v = np.array([np.sin(a), np.cos(a)])       # down the text
    c = np.array([cx, cy])
    return np.array([c - u * w / 2 - v * h / 2, c + u * w / 2 - v * h / 2,
                     c + u * w / 2 + v * h / 2, c - u * w / 2 + v * h / 2], np.float32)


def _clockwise(box):
    x, y = box[:, 0], box[:, 1]
    return float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)) > 0  # y down


@pytest.mark.parametrize("angle", [0, 15, -15, 30, -40])
def test_order_points_clockwise_from_top_left(angle):
    rect = _rect(200, 100, 160, 30, angle)
    rng = np.random.default_rng(angle + 50)
    ordered = geometry.order_points(rect[rng.permutation(4)])
    np.testing.assert_allclose(ordered, rect, atol=1e-4)
    assert _clockwise(ordered)


def test_order_points_axis_aligned_and_upside_down_start():
    pts = np.array([[10, 50], [90, 10], [10, 10], [90, 50]], np.float32)
    np.testing.assert_array_equal(geometry.order_points(pts),
                                  [[10, 10], [90, 10], [90, 50], [10, 50]])


def test_unclip_uses_db_distance():
    box = _rect(100, 100, 100, 10, 20)
    d = geometry.unclip_distance(box, 1.6)
    assert d == pytest.approx(100 * 10 * 1.6 / 220, rel=1e-4)
    big, short = geometry.unclip_box(box, 1.6)
    w, h = geometry.box_size(big)
    assert w == pytest.approx(100 + 2 * d, abs=0.05)
    assert h == pytest.approx(10 + 2 * d, abs=0.05)
    assert short == pytest.approx(h, abs=0.05)
    np.testing.assert_allclose(big.mean(axis=0), [100, 100], atol=1e-3)
    edge = big[1] - big[0]
    assert np.degrees(np.arctan2(-edge[1], edge[0])) == pytest.approx(20, abs=0.1)


def test_clip_box_and_roi():
    box = np.array([[-5, -3], [50, -3], [50, 20], [-5, 20]], np.float32)
    clipped = geometry.clip_box(box, 40, 10)
    assert clipped[:, 0].min() == 0 and clipped[:, 0].max() == 39
    assert clipped[:, 1].max() == 9
    assert geometry.clip_roi(None, 100, 50) == (0, 0, 100, 50)
    assert geometry.clip_roi((-10, 20, 50, 100), 100, 50) == (0, 20, 40, 30)
    assert geometry.clip_roi((200, 0, 10, 10), 100, 50)[2] == 0


@pytest.mark.parametrize("size, limit, resized, padded", [
    ((556, 257), 960, (556, 257), (576, 288)),     # small: kept, padded to 32s
    ((4000, 3000), 960, (960, 720), (960, 736)),   # huge: longest side to the limit
    ((530, 40), 960, (530, 40), (544, 64)),        # a strip is not squeezed
    ((10, 7), 960, (46, 32), (64, 32)),            # tiny: short side up to 32
    ((3000, 20), 960, (960, 6), (960, 32)),        # the limit wins over the 32 px rule
])
def test_det_size(size, limit, resized, padded):
    assert geometry.det_size(*size, limit) == (resized, padded)


def test_pad_to_uses_border_color():
    image = np.full((10, 20, 3), 200, np.uint8)
    image[4:6, 5:15] = 0
    out = geometry.pad_to(image, 32, 32)
    assert out.shape == (32, 32, 3)
    np.testing.assert_array_equal(out[:10, :20], image)
    assert (out[10:] == 200).all() and (out[:, 20:] == 200).all()
    assert geometry.pad_to(image[..., 0], 32, 16).shape == (16, 32)


def test_map_boxes_matches_resize():
    """A dot drawn at a box corner of a resized image lands where the mapped corner says."""
    big = np.zeros((3000, 4000), np.uint8)
    cv2.circle(big, (2345, 1234), 30, 255, -1)
    small = cv2.resize(big, (960, 720), interpolation=cv2.INTER_AREA)
    m = cv2.moments(small.astype(np.float32))
    centre = np.array([[m["m10"] / m["m00"], m["m01"] / m["m00"]]] * 4, np.float32)
    mapped = geometry.map_boxes([centre], (960, 720), (4000, 3000), offset=(100, 50))[0]
    np.testing.assert_allclose(mapped[0], [2345 + 100, 1234 + 50], atol=1.0)


def _render(text, size=36):
    font = ImageFont.truetype(FONT, size)
    left, top, right, bottom = font.getbbox(text)
    im = Image.new("L", (right - left + 16, bottom - top + 16), 255)
    ImageDraw.Draw(im).text((8 - left, 8 - top), text, font=font, fill=0)
    return np.array(im)


def test_perspective_crop_of_rotated_word_is_upright():
    word = _render("Geometry")
    h, w = word.shape
    angle = 25.0
    canvas_size = 400
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    m[:, 2] += [canvas_size / 2 - w / 2, canvas_size / 2 - h / 2]
    canvas = cv2.warpAffine(word, m, (canvas_size, canvas_size), flags=cv2.INTER_CUBIC,
                            borderValue=255)
    corners = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    box = cv2.transform(corners[None], m)[0]
    rng = np.random.default_rng(1)
    box = geometry.order_points(box[rng.permutation(4)])
    crop = geometry.crop_box(canvas, box)
    assert abs(crop.shape[0] - h) <= 1 and abs(crop.shape[1] - w) <= 1
    crop = cv2.resize(crop, (w, h))
    corr = np.corrcoef(crop.ravel().astype(float), word.ravel().astype(float))[0, 1]
    flipped = np.corrcoef(crop[::-1, ::-1].ravel().astype(float),
                          word.ravel().astype(float))[0, 1]
    assert corr > 0.9 and corr > flipped + 0.3


def test_tall_crop_turns_and_min_height_enlarges():
    word = _render("Down")
    h, w = word.shape
    vertical = np.ascontiguousarray(np.rot90(word, -1))       # reads top to bottom
    box = np.array([[0, 0], [h - 1, 0], [h - 1, w - 1], [0, w - 1]], np.float32)
    crop = geometry.crop_box(vertical, box)
    assert crop.shape == (h, w)
    np.testing.assert_array_equal(crop, word)
    bigger = geometry.crop_box(vertical, box, min_height=2 * h)
    assert bigger.shape[0] == 2 * h and abs(bigger.shape[1] - 2 * w) <= 2
    assert geometry.crop_box(vertical, box, rotate_tall=False).shape == (w, h)
