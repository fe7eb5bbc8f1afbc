"""Inpainting on crops around the holes (with_context) equals inpainting the whole image."""

import numpy as np
import pytest

from cvlab.core.cancel import Cancelled
from cvlab.core.images import load_image
from cvlab.tools.restore.crop import crop_boxes, with_context
from cvlab.tools.restore.holes import scratch_mask
from cvlab.tools.restore.inpaint_classical import inpaint


@pytest.fixture(scope="module")
def photo(test_data):
    return load_image(test_data / "photos" / "sklearn_china.jpg")  # 427×640 RGB


@pytest.fixture(scope="module")
def far_apart(photo):
    """Three small holes far apart: one touching the image corner, two inside."""
    mask = np.zeros(photo.shape[:2], bool)
    mask[0:14, 0:10] = True
    mask[150:170, 300:312] = True
    mask[360:380, 560:600] = True
    return mask


def telea(image, mask):
    return inpaint(image, mask, "telea")


def test_each_far_apart_hole_gets_its_own_clipped_crop(photo, far_apart):
    boxes = crop_boxes(far_apart, context=1.0, min_margin=64)
    assert len(boxes) == 3
    h, w = far_apart.shape
    for y0, x0, y1, x1 in boxes:
        assert 0 <= y0 < y1 <= h and 0 <= x0 < x1 <= w
        assert (y1 - y0) * (x1 - x0) < 0.15 * h * w
    assert boxes[0] == (0, 0, 14 + 64, 10 + 64)  # clipped at the corner
    assert (360 - 64, 560 - 64, 427, 640) in boxes  # margin max(64, 1.0 × 40), clipped
    wide = crop_boxes(far_apart, context=2.0, min_margin=64)
    assert (360 - 80, 560 - 80, 427, 640) in wide  # margin max(64, 2.0 × 40) = 80
    covered = np.zeros_like(far_apart)
    for y0, x0, y1, x1 in boxes:
        assert not covered[y0:y1, x0:x1].any()  # disjoint
        covered[y0:y1, x0:x1] = True
    assert covered[far_apart].all()


def test_near_holes_are_merged_into_one_crop():
    mask = np.zeros((400, 400), bool)
    mask[100:110, 100:110] = True
    mask[100:110, 200:210] = True  # 90 px apart: the 64-px margins overlap
    assert len(crop_boxes(mask)) == 1
    assert len(crop_boxes(mask, min_margin=20, context=0.5)) == 2


def test_telea_on_crops_equals_telea_on_the_whole_image(photo, far_apart):
    calls = []

    def recording(image, mask):
        calls.append(image.shape)
        return telea(image, mask)

    cropped = with_context(photo, far_apart, recording)
    whole = telea(photo, far_apart)
    assert len(calls) == 3 and all(s[0] * s[1] < photo.shape[0] * photo.shape[1] / 4 for s in calls)
    assert np.array_equal(cropped[~far_apart], photo[~far_apart])
    # Telea is local (radius 5 ≪ 64-px margin): equal inside the holes, within rounding
    diff = np.abs(cropped.astype(int) - whole.astype(int))[far_apart]
    assert diff.max() <= 2 and diff.mean() < 0.1


def test_exemplar_on_crops_matches_the_whole_image(photo):
    mask = np.zeros(photo.shape[:2], bool)
    mask[200:224, 100:124] = True
    mask[50:70, 500:520] = True
    fill = lambda image, m: inpaint(image, m, "exemplar")  # noqa: E731
    cropped = with_context(photo, mask, fill, context=2.5)
    whole = fill(photo, mask)
    assert np.array_equal(cropped[~mask], photo[~mask])
    # the search window (1.5 × 24 px, at least 36) lies inside the 60-px context
    assert np.mean(cropped[mask] == whole[mask]) > 0.95


def test_only_mask_pixels_are_pasted(photo, far_apart):
    garbage = with_context(photo, far_apart, lambda image, mask: np.zeros_like(image))
    assert np.array_equal(garbage[~far_apart], photo[~far_apart])
    assert not garbage[far_apart].any()


def test_a_mask_spread_over_the_image_runs_once_on_the_whole_image(photo):
    mask = scratch_mask(photo.shape, seed=3, fraction=0.02)
    shapes = []
    result = with_context(photo, mask, lambda im, m: (shapes.append(im.shape), telea(im, m))[1])
    assert shapes == [photo.shape]
    assert np.array_equal(result, telea(photo, mask))


def test_empty_mask_bad_shapes_progress_and_cancel(photo, far_apart):
    never = lambda image, mask: pytest.fail("fn must not run for an empty mask")  # noqa: E731
    empty = with_context(photo, np.zeros(photo.shape[:2], bool), never)
    assert np.array_equal(empty, photo) and empty is not photo
    with pytest.raises(ValueError, match="does not match"):
        with_context(photo, far_apart[:10], telea)
    with pytest.raises(ValueError, match="fn returned shape"):
        with_context(photo, far_apart, lambda image, mask: image[1:])
    seen = []
    with_context(photo, far_apart, telea, progress=lambda f, text="": seen.append(f))
    assert seen == pytest.approx([1 / 3, 2 / 3, 1.0])
    with pytest.raises(Cancelled):
        with_context(photo, far_apart, telea, cancelled=lambda: True)


def test_gray_and_rgba_pass_through(photo, far_apart):
    rgba = np.dstack([photo, np.full(photo.shape[:2], 77, np.uint8)])
    out = with_context(rgba, far_apart, telea)
    assert out.shape == rgba.shape and np.all(out[:, :, 3] == 77)
    gray = np.ascontiguousarray(photo[:, :, 0])
    out = with_context(gray, far_apart, telea)
    assert out.shape == gray.shape and np.array_equal(out[~far_apart], gray[~far_apart])
