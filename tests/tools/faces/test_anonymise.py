"""anonymise(): blur, pixelate, fill inside the margin-grown face region and nowhere else."""

import cv2
import numpy as np
import pytest

from cvlab.core.images import load_image
from cvlab.tools.faces.anonymise import anonymise, expanded_region

ASTRONAUT_FACE = np.array([[181, 78, 268, 175]], np.float32)


@pytest.fixture(scope="module")
def astronaut(test_data):
    return load_image(test_data / "faces" / "skimage_astronaut.png")


def _region_mask(shape, box, margin):
    _, (x0, y0, x1, y1) = expanded_region(box, margin, shape[1], shape[0])
    mask = np.zeros(shape[:2], bool)
    mask[y0:y1, x0:x1] = True
    return mask, (x0, y0, x1, y1)


def _laplacian_var(rgb):
    return float(cv2.Laplacian(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float64),
                               cv2.CV_64F).var())


@pytest.mark.parametrize("shape", ["ellipse", "rectangle"])
def test_blur_removes_detail_inside_and_touches_nothing_outside(astronaut, shape):
    before = astronaut.copy()
    out = anonymise(astronaut, ASTRONAUT_FACE, "blur", shape=shape)
    assert np.array_equal(astronaut, before)                  # input untouched
    assert out.dtype == astronaut.dtype and out.shape == astronaut.shape
    mask, (x0, y0, x1, y1) = _region_mask(astronaut.shape, ASTRONAUT_FACE[0], 0.15)
    assert np.array_equal(out[~mask], astronaut[~mask])
    # The face itself (the inner part, inside the ellipse too) loses > 90 % of its detail.
    fx0, fy0, fx1, fy1 = ASTRONAUT_FACE[0].astype(int) + [10, 10, -10, -10]
    assert (out[fy0:fy1, fx0:fx1] != astronaut[fy0:fy1, fx0:fx1]).mean() > 0.9
    ratio = _laplacian_var(out[fy0:fy1, fx0:fx1]) / _laplacian_var(astronaut[fy0:fy1, fx0:fx1])
    assert ratio < 0.1


def test_blur_grows_with_strength(astronaut):
    box = ASTRONAUT_FACE[0].astype(int) + [10, 10, -10, -10]    # inside the ellipse
    crop = (slice(box[1], box[3]), slice(box[0], box[2]))
    detail = [_laplacian_var(anonymise(astronaut, ASTRONAUT_FACE, "blur", strength=s)[crop])
              for s in (0.1, 0.5, 1.0)]
    assert detail[0] > detail[1] > detail[2]


def test_ellipse_leaves_the_rectangle_corners(astronaut):
    out = anonymise(astronaut, ASTRONAUT_FACE, "fill", fill_color=(0, 255, 0))
    _, (x0, y0, x1, y1) = _region_mask(astronaut.shape, ASTRONAUT_FACE[0], 0.15)
    assert np.array_equal(out[y0, x0], astronaut[y0, x0])
    assert out[(y0 + y1) // 2, (x0 + x1) // 2].tolist() == [0, 255, 0]
    rect = anonymise(astronaut, ASTRONAUT_FACE, "fill", fill_color=(0, 255, 0),
                     shape="rectangle")
    assert (rect[y0:y1, x0:x1] == [0, 255, 0]).all()
    assert rect[y0 - 1, x0].tolist() == astronaut[y0 - 1, x0].tolist()


def test_pixelate_gives_uniform_blocks():
    rng = np.random.default_rng(1)
    image = rng.integers(0, 256, (200, 200, 3), dtype=np.uint8)
    box = np.array([[40, 40, 120, 120]])
    out = anonymise(image, box, "pixelate", strength=0.5, margin=0, shape="rectangle")
    block = 10                                   # 0.5 × 80 / 4
    region = out[40:120, 40:120].astype(int)
    for by in range(0, 80, block):
        for bx in range(0, 80, block):
            tile = region[by:by + block, bx:bx + block]
            assert (tile == tile[0, 0]).all()
            expected = image[40 + by:40 + by + block, 40 + bx:40 + bx + block].reshape(-1, 3)
            assert np.abs(tile[0, 0] - expected.mean(0)).max() <= 0.5
    assert np.array_equal(out[:40], image[:40]) and np.array_equal(out[120:], image[120:])


def test_keep_leaves_chosen_faces_alone():
    image = np.random.default_rng(2).integers(0, 256, (100, 200, 3), dtype=np.uint8)
    boxes = np.array([[10, 10, 60, 60], [120, 10, 170, 60]])
    out = anonymise(image, boxes, "fill", keep={1}, margin=0, shape="rectangle")
    assert (out[10:60, 10:60] == 0).all()
    assert np.array_equal(out[:, 100:], image[:, 100:])
    assert np.array_equal(anonymise(image, boxes, keep={0, 1}), image)
    assert np.array_equal(anonymise(image, np.zeros((0, 4))), image)


def test_boxes_at_and_beyond_the_border_are_clipped():
    image = np.full((100, 120, 3), 200, np.uint8)
    boxes = np.array([[-30, -20, 30, 40], [100, 70, 160, 140], [300, 300, 400, 400]])
    for method in ("blur", "pixelate", "fill"):
        out = anonymise(image, boxes, method, shape="rectangle", margin=0)
        assert out.shape == image.shape
    out = anonymise(image, boxes, "fill", shape="rectangle", margin=0)
    assert (out[0:40, 0:30] == 0).all() and (out[70:, 100:] == 0).all()
    assert (out[40:70] == 200).all() and (out[:, 30:100] == 200).all()


def test_margin_grows_the_region():
    image = np.full((100, 100), 255, np.uint8)
    out = anonymise(image, [[40, 40, 60, 60]], "fill", margin=0.5, shape="rectangle")
    assert (out[30:70, 30:70] == 0).all()
    assert (out[:30] == 255).all() and (out[70:] == 255).all()


@pytest.mark.parametrize("method", ["blur", "pixelate", "fill"])
@pytest.mark.parametrize("layout", ["gray", "rgba", "uint16", "float32", "gray1"])
def test_layouts_and_dtypes_are_kept(astronaut, method, layout):
    rgb = astronaut
    image = {"gray": rgb[..., 1].copy(),
             "rgba": np.dstack([rgb, np.arange(512 * 512).reshape(512, 512) % 256]).astype(
                 np.uint8),
             "uint16": rgb.astype(np.uint16) * 257,
             "float32": rgb.astype(np.float32) / 255,
             "gray1": rgb[..., :1].copy()}[layout]
    before = image.copy()
    out = anonymise(image, ASTRONAUT_FACE, method, fill_color=(255, 255, 255))
    assert np.array_equal(image, before)
    assert out.shape == image.shape and out.dtype == image.dtype
    mask, _ = _region_mask(image.shape, ASTRONAUT_FACE[0], 0.15)
    assert np.array_equal(out[~mask], image[~mask])
    centre = (126, 224)
    assert not np.array_equal(out[centre], image[centre]) or method == "pixelate"
    assert not np.array_equal(out[mask], image[mask])
    if layout == "rgba":
        assert np.array_equal(out[..., 3], image[..., 3])       # alpha left alone
    if method == "fill":
        top = {"uint16": 65535, "float32": 1.0}.get(layout, 255)
        assert np.all(np.atleast_1d(out[centre])[:3] == top)


def test_bad_arguments():
    image = np.zeros((10, 10, 3), np.uint8)
    with pytest.raises(ValueError, match="method"):
        anonymise(image, [[0, 0, 5, 5]], "smudge")
    with pytest.raises(ValueError, match="shape"):
        anonymise(image, [[0, 0, 5, 5]], shape="star")
    with pytest.raises(ValueError, match="strength"):
        anonymise(image, [[0, 0, 5, 5]], strength=2)
    with pytest.raises(ValueError, match="boxes"):
        anonymise(image, [[0, 0, 5]])
