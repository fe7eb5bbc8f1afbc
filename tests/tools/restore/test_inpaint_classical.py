"""Classical inpainting (Telea, Navier–Stokes, biharmonic, exemplar) and the hole generators."""

import cv2
import numpy as np
import pytest

from cvlab.core.cancel import Cancelled
from cvlab.core.images import load_image
from cvlab.tools.restore.exemplar import exemplar_inpaint
from cvlab.tools.restore.holes import (
    HOLE_KINDS,
    blob_mask,
    box_mask,
    coverage,
    make_mask,
    scratch_mask,
)
from cvlab.tools.restore.inpaint_classical import CLASSICAL, inpaint

METHODS = list(CLASSICAL)


def psnr_inside(result, reference, mask, peak=255.0):
    diff = result.astype(np.float64)[mask] - reference.astype(np.float64)[mask]
    mse = float(np.mean(diff ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(peak ** 2 / mse)


@pytest.fixture(scope="module")
def photo(test_data):
    """A 192×192 piece of a real photo (the baboon: fur texture and smooth colour areas)."""
    image = load_image(test_data / "photos" / "opencv_baboon.jpg")
    return np.ascontiguousarray(image[160:352, 200:392])


@pytest.fixture(scope="module")
def holes(photo):
    box = np.zeros(photo.shape[:2], bool)
    box[80:104, 60:90] = True
    return {"box": box, "blobs": blob_mask(photo.shape, seed=4, fraction=0.06),
            "scratches": scratch_mask(photo.shape, seed=4, fraction=0.03)}


def test_catalogue_names_four_methods():
    assert set(CLASSICAL) == {"telea", "ns", "biharmonic", "exemplar"}
    assert all(isinstance(label, str) and label for label in CLASSICAL.values())


@pytest.mark.parametrize("kind", ["box", "blobs", "scratches"])
@pytest.mark.parametrize("method", METHODS)
def test_fill_beats_the_mean_color_and_keeps_the_rest(photo, holes, method, kind):
    mask = holes[kind]
    result = inpaint(photo, mask, method)
    assert result.shape == photo.shape and result.dtype == photo.dtype
    assert np.array_equal(result[~mask], photo[~mask])
    mean_fill = photo.copy()
    mean_fill[mask] = np.round(photo[~mask].mean(axis=0)).astype(np.uint8)
    ours, baseline = psnr_inside(result, photo, mask), psnr_inside(mean_fill, photo, mask)
    assert ours > baseline + 3.0, (
        f"{method} on {kind}: {ours:.2f} dB vs mean colour {baseline:.2f} dB")


def _layouts(photo):
    base = photo[:64, :64]
    alpha = (np.arange(64 * 64).reshape(64, 64) % 251).astype(np.uint8)
    return {
        "gray_uint8": np.ascontiguousarray(base[:, :, 1]),
        "rgba_uint8": np.dstack([base, alpha]),
        "rgb_uint16": base.astype(np.uint16) * 257,
        "gray_uint16": base[:, :, 0].astype(np.uint16) * 257,
        "rgb_float32": base.astype(np.float32) / 255,
        "gray_float64": base[:, :, 2] / 255.0,
    }


@pytest.mark.parametrize("layout", ["gray_uint8", "rgba_uint8", "rgb_uint16", "gray_uint16",
                                    "rgb_float32", "gray_float64"])
@pytest.mark.parametrize("method", METHODS)
def test_layouts_and_dtypes_are_kept(photo, method, layout):
    image = _layouts(photo)[layout]
    mask = np.zeros((64, 64), bool)
    mask[24:36, 20:40] = True
    result = inpaint(image, mask, method)
    assert result.shape == image.shape and result.dtype == image.dtype
    assert np.array_equal(result[~mask], image[~mask])
    if layout.startswith("rgba"):
        assert np.array_equal(result[:, :, 3], image[:, :, 3])  # alpha untouched, holes too
    # the fill is close to the truth on this scale (the same test as uint8, any dtype)
    peak = {"uint8": 255.0, "uint16": 65535.0}.get(image.dtype.name, 1.0)
    color = result[..., :3] if layout.startswith("rgba") else result
    truth = image[..., :3] if layout.startswith("rgba") else image
    assert psnr_inside(color, truth, mask, peak) > 15.0


def test_float_data_in_unit_range_fills_sensibly_with_opencv(photo):
    """OpenCV's float Telea rounds internally; the wrapper must stretch [0, 1] data first."""
    image = photo[:64, :64, 0] / 255.0
    mask = np.zeros((64, 64), bool)
    mask[20:40, 20:40] = True
    as_float = inpaint(image, mask, "telea")
    as_uint8 = inpaint(photo[:64, :64, 0], mask, "telea") / 255.0
    assert np.abs(as_float - as_uint8)[mask].max() < 0.02


def test_exemplar_continues_stripes_telea_blurs_them():
    """A periodic texture (diagonal stripes, period 8) across a 24×24 hole."""
    yy, xx = np.mgrid[0:96, 0:96]
    stripes = np.where(((xx + yy) // 4) % 2 == 0, 40, 210).astype(np.uint8)
    image = np.dstack([stripes, 255 - stripes, stripes // 2])
    mask = np.zeros((96, 96), bool)
    mask[36:60, 36:60] = True
    ours = psnr_inside(inpaint(image, mask, "exemplar"), image, mask)
    telea = psnr_inside(inpaint(image, mask, "telea"), image, mask)
    assert ours > 30.0 and ours > telea + 15.0, (ours, telea)


def test_exemplar_copies_only_known_source_pixels(photo, holes):
    """Every filled pixel's value exists among the known pixels (patches are copied, not
    blended)."""
    mask = holes["box"]
    result = inpaint(photo, mask, "exemplar")
    known = {tuple(p) for p in photo[~mask].reshape(-1, 3)}
    assert all(tuple(p) in known for p in result[mask].reshape(-1, 3))


def test_exemplar_progress_and_cancel(photo, holes):
    seen = []
    inpaint(photo, holes["blobs"], "exemplar", progress=lambda f, text="": seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 3

    calls = []

    def cancel_on_third():
        calls.append(1)
        return len(calls) >= 3

    with pytest.raises(Cancelled):
        inpaint(photo, holes["blobs"], "exemplar", cancelled=cancel_on_third)
    assert len(calls) == 3  # stopped between iterations, did not run to the end


@pytest.mark.parametrize("method", METHODS)
def test_cancel_before_start(photo, holes, method):
    with pytest.raises(Cancelled):
        inpaint(photo, holes["box"], method, cancelled=lambda: True)


def test_bad_input_is_rejected_and_an_empty_mask_is_a_copy(photo):
    with pytest.raises(ValueError, match="does not match"):
        inpaint(photo, np.zeros((10, 10), bool), "telea")
    with pytest.raises(ValueError, match="unknown inpainting method"):
        inpaint(photo, np.zeros(photo.shape[:2], bool), "magic")
    with pytest.raises(ValueError, match="whole image"):
        inpaint(photo, np.ones(photo.shape[:2], bool), "ns")
    with pytest.raises(ValueError, match="patch"):
        exemplar_inpaint(photo, np.eye(*photo.shape[:2], dtype=bool), patch=4)
    empty = inpaint(photo, np.zeros(photo.shape[:2], bool), "exemplar")
    assert np.array_equal(empty, photo) and empty is not photo


def test_uint8_mask_and_a_hole_at_the_border(photo):
    mask = np.zeros(photo.shape[:2], np.uint8)
    mask[:10, -14:] = 255  # the corner: patches and windows clipped at the image edge
    for method in METHODS:
        result = inpaint(photo, mask, method)
        assert np.array_equal(result[mask == 0], photo[mask == 0])
        assert psnr_inside(result, photo, mask > 0) > 12.0, method


# -- hole generators ------------------------------------------------------------------------

@pytest.mark.parametrize("kind, fraction", [("scratches", 0.02), ("scratches", 0.10),
                                            ("blobs", 0.10), ("blobs", 0.30), ("box", 0.05)])
@pytest.mark.parametrize("shape", [(512, 512), (300, 700)])
def test_masks_hit_their_target_fraction_deterministically(kind, fraction, shape):
    mask = make_mask(kind, shape, seed=7, fraction=fraction)
    assert mask.shape == shape and mask.dtype == bool
    assert abs(coverage(mask) - fraction) < 0.15 * fraction + 0.002
    assert np.array_equal(mask, make_mask(kind, shape, seed=7, fraction=fraction))
    assert not np.array_equal(mask, make_mask(kind, shape, seed=8, fraction=fraction))


def test_mask_kinds_look_like_their_names():
    scratch = scratch_mask((512, 512), seed=1, fraction=0.03)
    blobs = blob_mask((512, 512), seed=1, fraction=0.10)
    boxes = box_mask((512, 512), seed=1, fraction=0.05)
    def share_deep_inside(m):  # share of the hole more than 4 px from its edge
        return float(np.mean(cv2.distanceTransform(m.astype(np.uint8), cv2.DIST_L2, 5)[m] > 4))

    assert share_deep_inside(scratch) < 0.05 < 0.3 < share_deep_inside(blobs)  # thin vs wide
    count, labels = cv2.connectedComponents(boxes.astype(np.uint8))
    assert 2 <= count <= 3  # background + one or two rectangles
    for label in range(1, count):
        ys, xs = np.nonzero(labels == label)
        assert (np.ptp(ys) + 1) * (np.ptp(xs) + 1) == ys.size  # solid rectangles
    assert set(HOLE_KINDS) == {"scratches", "blobs", "box"}
    with pytest.raises(ValueError):
        make_mask("circle", (64, 64))


def test_exemplar_inpaint_standalone_returns_float32_of_the_same_shape(photo, holes):
    gray = np.ascontiguousarray(photo[:, :, 0])
    mask = holes["box"]
    out = exemplar_inpaint(gray, mask, patch=7)
    assert out.shape == gray.shape and out.dtype == np.float32
    assert np.array_equal(out[~mask], gray[~mask].astype(np.float32))
    mean_fill = np.full_like(gray, gray[~mask].mean())
    assert psnr_inside(out, gray, mask) > psnr_inside(mean_fill, gray, mask)
