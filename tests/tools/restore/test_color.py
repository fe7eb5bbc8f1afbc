import numpy as np
import pytest

from cvlab.tools.restore import color


def _photo(test_data, name="sklearn_china.jpg"):
    from PIL import Image

    return np.asarray(Image.open(test_data / "photos" / name).convert("RGB"))


def test_lab_round_trip_is_exact_to_8_bits(test_data):
    rgb = _photo(test_data)[::2, ::2]
    back = color.lab_to_rgb_uint8(color.rgb_to_lab(rgb))
    assert np.abs(back.astype(int) - rgb.astype(int)).max() <= 1


def test_split_and_gray_keep_lightness(test_data):
    rgb = _photo(test_data)[::2, ::2]
    light, ab = color.split_lab(rgb)
    assert light.shape == rgb.shape[:2] and ab.shape == rgb.shape[:2] + (2,)
    gray = color.desaturate(rgb)
    assert (gray[..., 0] == gray[..., 1]).all() and (gray[..., 1] == gray[..., 2]).all()
    assert np.abs(color.lightness(gray) - light).max() < 0.5
    # A 2-D gray input is R = G = B.
    assert np.allclose(color.lightness(gray[..., 0]), color.lightness(gray))


def test_recombine_keeps_full_resolution_lightness_exactly(test_data):
    rgb = _photo(test_data)
    light = color.lightness(rgb)
    rng = np.random.default_rng(0)
    ab = rng.uniform(-80, 80, size=(17, 23, 2))  # small, strong, partly out of gamut
    out = color.recombine(light, ab)
    assert out.shape == rgb.shape and out.dtype == np.uint8
    assert np.abs(color.lightness(out) - light).max() < 0.5
    assert np.hypot(*np.moveaxis(color.split_lab(out)[1], 2, 0)).mean() > 10


def test_strength_scales_chroma_and_zero_gives_gray(test_data):
    rgb = _photo(test_data)[::2, ::2]
    light, ab = color.split_lab(rgb)
    zero = color.recombine(light, ab, strength=0.0)
    assert np.abs(zero.astype(int) - color.desaturate(rgb).astype(int)).max() <= 1
    assert np.abs(color.split_lab(zero)[1]).max() < 1.0
    half = color.split_lab(color.recombine(light, ab, strength=0.5))[1]
    ratio = np.abs(half).sum() / np.abs(ab).sum()
    assert 0.45 < ratio < 0.55
    with pytest.raises(ValueError):
        color.recombine(light, ab, strength=1.5)


def test_delta_e_known_values():
    red = np.zeros((2, 2, 3), np.uint8)
    red[..., 0] = 255
    assert color.mean_delta_e(red, red) == {"cie76": 0.0, "ciede2000": 0.0}
    gray = color.desaturate(red)
    de = color.mean_delta_e(gray, red)
    # sRGB red: L 53.24, a 80.09, b 67.20 -> ΔE76 to its gray = chroma 104.55
    assert de["cie76"] == pytest.approx(104.55, abs=0.3)
    assert 25 < de["ciede2000"] < de["cie76"]
    with pytest.raises(ValueError):
        color.delta_e(red, red, "cie94")
