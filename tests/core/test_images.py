"""The image loader/saver: array contract, orientation, errors, atomic saving, real photos."""

import ast
import io
import pickle
import struct
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
import tifffile
from PIL import Image, ImageFile, ImageOps

from cvlab.core import fileio, image_save, images
from cvlab.core.fileio import UnsafeOutputError
from cvlab.core.images import (
    DEFAULT_MAX_PIXELS,
    ImageLoadError,
    LoadedImage,
    load_image,
    read_image,
    save_image,
    to_float01,
    to_gray,
    to_rgb8,
)

RNG = np.random.default_rng(1234)
RED, GRAY = (255, 0, 0), (128, 128, 128)


def _noise(shape, dtype=np.uint8):
    return RNG.integers(0, np.iinfo(dtype).max, shape, dtype=dtype, endpoint=True)


def _smooth_rgb(height=48, width=64):
    """A gradient JPEG can reproduce closely (noise would not be a fair JPEG test)."""
    y, x = np.mgrid[0:height, 0:width]
    return np.stack([x * 255 // (width - 1), y * 255 // (height - 1),
                     np.full_like(x, 90)], axis=-1).astype(np.uint8)


def _png_chunk(tag, payload):
    return struct.pack(">I", len(payload)) + tag + payload + struct.pack(
        ">I", zlib.crc32(tag + payload) & 0xFFFFFFFF)


def _handmade_gray_png(width, height, idat=b""):
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(idat)) + _png_chunk(b"IEND", b""))


def _assert_load_error(path, reason_fragment, **kwargs):
    with pytest.raises(ImageLoadError) as caught:
        read_image(path, **kwargs)
    err = caught.value
    assert err.path == str(path)
    assert reason_fragment in err.reason
    assert str(err) == f"{path}: {err.reason}"
    return err


# --- round trips through save_image / read_image --------------------------------------

@pytest.mark.parametrize("suffix, array", [
    (".png", _noise((13, 17, 3))),
    (".png", _noise((13, 17, 4))),
    (".png", _noise((13, 17))),
    (".png", _noise((13, 17), np.uint16)),
    (".tif", _noise((13, 17, 3))),
    (".tiff", _noise((13, 17), np.uint16)),
    (".tif", _noise((13, 17, 3), np.uint16)),
    (".tif", _noise((13, 17, 4), np.uint16)),
    (".tif", RNG.normal(size=(13, 17)).astype(np.float32)),
    (".tif", RNG.normal(size=(13, 17, 3)).astype(np.float32)),
    (".bmp", _noise((13, 17, 3))),
    (".bmp", _noise((13, 17))),
    (".webp", _noise((13, 17, 3))),
    (".webp", _noise((13, 17, 4))),
], ids=lambda v: v if isinstance(v, str) else f"{v.dtype}{v.shape}")
def test_lossless_round_trip_is_exact(tmp_path, suffix, array):
    path = tmp_path / f"image{suffix}"
    returned = save_image(path, array, quality=100)  # WebP: quality 100 means lossless
    loaded = read_image(path)
    assert returned == path.resolve()
    assert loaded.array.dtype == array.dtype
    assert loaded.array.shape == array.shape
    np.testing.assert_array_equal(loaded.array, array)
    assert loaded.array.flags.c_contiguous and loaded.array.flags.writeable
    assert loaded.bit_depth == {np.uint8: 8, np.uint16: 16, np.float32: 32}[array.dtype.type]
    assert loaded.exif_transposed is False


@pytest.mark.parametrize("suffix", [".jpg", ".jpeg"])
def test_jpeg_round_trip_is_close(tmp_path, suffix):
    original = _smooth_rgb()
    save_image(tmp_path / f"photo{suffix}", original, quality=95)
    loaded = read_image(tmp_path / f"photo{suffix}")
    assert loaded.format == "JPEG" and loaded.array.shape == original.shape
    difference = np.abs(loaded.array.astype(int) - original.astype(int))
    assert difference.mean() < 2.0 and difference.max() < 20


def test_jpeg_and_bmp_drop_alpha_and_scale_16_bit(tmp_path):
    rgba16 = np.zeros((8, 8, 4), np.uint16)
    rgba16[..., 0] = 65535
    rgba16[..., 3] = 1000
    save_image(tmp_path / "a.bmp", rgba16)
    np.testing.assert_array_equal(load_image(tmp_path / "a.bmp"), np.broadcast_to(RED, (8, 8, 3)))


def test_float_to_8_bit_format_clips_and_scales(tmp_path):
    ramp = np.array([[-1.0, 0.0, 0.5, 1.0, 7.0]], np.float32)
    save_image(tmp_path / "f.png", ramp)
    np.testing.assert_array_equal(load_image(tmp_path / "f.png"), [[0, 0, 128, 255, 255]])


def test_16_bit_rgb_png_is_written_with_16_bit_samples(tmp_path):
    rgb16 = _noise((5, 6, 3), np.uint16)
    save_image(tmp_path / "deep.png", rgb16)
    data = (tmp_path / "deep.png").read_bytes()
    width, height, depth, color_type = struct.unpack(">IIBB", data[16:26])
    assert (width, height, depth, color_type) == (6, 5, 16, 2)
    idat_length = struct.unpack(">I", data[33:37])[0]
    scanlines = np.frombuffer(zlib.decompress(data[41:41 + idat_length]), np.uint8)
    scanlines = scanlines.reshape(5, 1 + 6 * 3 * 2)
    np.testing.assert_array_equal(scanlines[:, 1:].copy().view(">u2").reshape(5, 6, 3), rgb16)
    # Pillow reads it as 8 bits (the documented limit): the high byte of each sample.
    np.testing.assert_array_equal(load_image(tmp_path / "deep.png"), rgb16 >> 8)


# --- EXIF orientation -------------------------------------------------------------------

def _jpeg_with_orientation(path, orientation):
    """40 wide × 20 high, gray, with a red 6×6 block in the stored top-left corner."""
    stored = np.empty((20, 40, 3), np.uint8)
    stored[:] = GRAY
    stored[:6, :6] = RED
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(stored).save(path, quality=95, exif=exif.tobytes())
    return path


def _corner_means(array):
    return {"top_left": array[:4, :4].mean((0, 1)), "top_right": array[:4, -4:].mean((0, 1)),
            "bottom_left": array[-4:, :4].mean((0, 1)),
            "bottom_right": array[-4:, -4:].mean((0, 1))}


@pytest.mark.parametrize("orientation, shape, red_corner", [
    (3, (20, 40, 3), "bottom_right"),   # stored upside down
    (6, (40, 20, 3), "top_right"),      # shown after a 90° clockwise turn
    (8, (40, 20, 3), "bottom_left"),    # shown after a 90° anticlockwise turn
])
def test_exif_orientation_is_applied(tmp_path, orientation, shape, red_corner):
    loaded = read_image(_jpeg_with_orientation(tmp_path / f"o{orientation}.jpg", orientation))
    assert loaded.exif_transposed is True
    assert loaded.array.shape == shape
    for corner, mean in _corner_means(loaded.array).items():
        expected = RED if corner == red_corner else GRAY
        np.testing.assert_allclose(mean, expected, atol=12, err_msg=corner)


def test_orientation_1_is_not_transposed(tmp_path):
    loaded = read_image(_jpeg_with_orientation(tmp_path / "o1.jpg", 1))
    assert loaded.exif_transposed is False and loaded.array.shape == (20, 40, 3)
    np.testing.assert_allclose(_corner_means(loaded.array)["top_left"], RED, atol=12)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_all_orientations_match_pillow_exif_transpose(tmp_path, orientation):
    stored = _noise((5, 7, 3))
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(stored).save(tmp_path / "o.png", exif=exif.tobytes())
    with Image.open(tmp_path / "o.png") as reference:
        expected = np.array(ImageOps.exif_transpose(reference))
    loaded = read_image(tmp_path / "o.png")
    np.testing.assert_array_equal(loaded.array, expected)
    assert loaded.exif_transposed is (orientation != 1)


def test_tiff_orientation_tag_is_applied_to_16_bit_rgb(tmp_path):
    stored = _noise((4, 6, 3), np.uint16)
    tifffile.imwrite(tmp_path / "o.tif", stored, photometric="rgb",
                     extratags=[(274, "H", 1, 6, True)])
    loaded = read_image(tmp_path / "o.tif")
    assert loaded.exif_transposed is True and loaded.source_mode == "RGB;16"
    np.testing.assert_array_equal(loaded.array, np.rot90(stored, k=-1))


# --- modes and depths -------------------------------------------------------------------

def test_16_bit_gray_png_keeps_values_above_255(tmp_path):
    values = np.array([[0, 255, 256, 1000], [40000, 65535, 12345, 1]], np.uint16)
    Image.fromarray(values).save(tmp_path / "g16.png")
    loaded = read_image(tmp_path / "g16.png")
    assert loaded.source_mode == "I;16" and loaded.bit_depth == 16
    assert loaded.array.dtype == np.uint16
    np.testing.assert_array_equal(loaded.array, values)


def test_16_bit_pgm_is_uint16(tmp_path):
    values = np.array([[0, 300], [65535, 7]], np.uint16)
    (tmp_path / "g.pgm").write_bytes(b"P5 2 2 65535\n" + values.astype(">u2").tobytes())
    loaded = read_image(tmp_path / "g.pgm")
    assert loaded.array.dtype == np.uint16
    np.testing.assert_array_equal(loaded.array, values)


def test_float_tiff_stays_float32(tmp_path):
    values = np.array([[-2.5, 0.0], [0.25, 1e6]], np.float32)
    Image.fromarray(values).save(tmp_path / "f.tif")
    loaded = read_image(tmp_path / "f.tif")
    assert loaded.source_mode == "F" and loaded.array.dtype == np.float32
    np.testing.assert_array_equal(loaded.array, values)


def test_palette_without_transparency_becomes_rgb(tmp_path):
    palette_image = Image.new("P", (3, 2))
    palette_image.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255])
    palette_image.putdata([0, 1, 2, 2, 1, 0])
    palette_image.save(tmp_path / "p.png")
    loaded = read_image(tmp_path / "p.png")
    assert loaded.source_mode == "P" and loaded.array.shape == (2, 3, 3)
    np.testing.assert_array_equal(loaded.array[0], [[255, 0, 0], [0, 255, 0], [0, 0, 255]])
    np.testing.assert_array_equal(loaded.array[1], [[0, 0, 255], [0, 255, 0], [255, 0, 0]])


def test_palette_with_transparency_becomes_rgba(tmp_path):
    palette_image = Image.new("P", (2, 2))
    palette_image.putpalette([0, 0, 0, 10, 200, 30])
    palette_image.putdata([0, 1, 1, 0])
    palette_image.save(tmp_path / "pt.png", transparency=0)
    loaded = read_image(tmp_path / "pt.png")
    assert loaded.array.shape == (2, 2, 4)
    np.testing.assert_array_equal(loaded.array[..., 3], [[0, 255], [255, 0]])
    np.testing.assert_array_equal(loaded.array[0, 1], [10, 200, 30, 255])


def test_gray_with_alpha_becomes_rgba(tmp_path):
    gray_alpha = np.dstack([_noise((4, 5)), _noise((4, 5))])
    Image.fromarray(gray_alpha, mode="LA").save(tmp_path / "la.png")
    loaded = read_image(tmp_path / "la.png")
    assert loaded.source_mode == "LA" and loaded.array.shape == (4, 5, 4)
    for channel in range(3):
        np.testing.assert_array_equal(loaded.array[..., channel], gray_alpha[..., 0])
    np.testing.assert_array_equal(loaded.array[..., 3], gray_alpha[..., 1])


def test_one_bit_becomes_0_or_255_gray(tmp_path):
    bits = np.array([[True, False, True], [False, False, True]])
    Image.fromarray(bits).convert("1").save(tmp_path / "b.png")
    loaded = read_image(tmp_path / "b.png")
    assert loaded.source_mode == "1" and loaded.array.dtype == np.uint8
    np.testing.assert_array_equal(loaded.array, bits.astype(np.uint8) * 255)


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    Image.new("CMYK", (16, 16), (0, 255, 255, 0)).save(tmp_path / "cmyk.jpg", quality=95)
    loaded = read_image(tmp_path / "cmyk.jpg")
    assert loaded.source_mode == "CMYK" and loaded.array.shape == (16, 16, 3)
    np.testing.assert_allclose(loaded.array.mean((0, 1)), RED, atol=8)


def test_lab_tiff_becomes_rgb_colorimetrically(tmp_path):
    Image.new("LAB", (4, 4), (128, 128, 128)).save(tmp_path / "lab.tif")  # mid-gray L*=50
    loaded = read_image(tmp_path / "lab.tif")
    assert loaded.source_mode == "LAB"
    np.testing.assert_allclose(loaded.array.reshape(-1, 3), 119, atol=3)


def test_multi_frame_gif_gives_first_frame(tmp_path):
    first = Image.fromarray(np.full((4, 4), 30, np.uint8))
    second = Image.fromarray(np.full((4, 4), 220, np.uint8))
    first.save(tmp_path / "anim.gif", save_all=True, append_images=[second])
    loaded = read_image(tmp_path / "anim.gif")
    assert loaded.format == "GIF" and loaded.source_mode == "P"
    assert loaded.array.shape == (4, 4, 3) and np.all(loaded.array == 30)


# --- errors ---------------------------------------------------------------------------

def test_load_error_is_a_value_error_with_path_and_reason():
    err = ImageLoadError("some/photo.png", "file is empty")
    assert isinstance(err, ValueError)
    assert (err.path, err.reason, str(err)) == ("some/photo.png", "file is empty",
                                                "some/photo.png: file is empty")
    copy = pickle.loads(pickle.dumps(err))
    assert str(copy) == str(err)


def test_missing_file(tmp_path):
    _assert_load_error(tmp_path / "nope.png", "no such file")


def test_folder(tmp_path):
    _assert_load_error(tmp_path, "is a folder")


def test_empty_file(tmp_path):
    (tmp_path / "empty.png").write_bytes(b"")
    _assert_load_error(tmp_path / "empty.png", "file is empty")


def test_text_file_named_png(tmp_path):
    (tmp_path / "notes.png").write_text("these are my notes\n")
    err = _assert_load_error(tmp_path / "notes.png", "not an image file")
    assert "these are my" in err.reason  # shows what the file starts with


@pytest.mark.parametrize("suffix", [".png", ".jpg"])
def test_truncated_file(tmp_path, suffix):
    path = tmp_path / f"whole{suffix}"
    Image.fromarray(_noise((200, 300, 3))).save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _assert_load_error(path, "image file is truncated")


def test_pixel_limit_is_checked_before_decoding(tmp_path, monkeypatch):
    Image.new("L", (3000, 3000)).save(tmp_path / "big.png")

    def decoding_is_not_allowed(self):
        raise AssertionError("the pixel data was decoded before the size check")
    monkeypatch.setattr(ImageFile.ImageFile, "load", decoding_is_not_allowed)
    err = _assert_load_error(tmp_path / "big.png", "9,000,000 pixels", max_pixels=1_000_000)
    assert "limit of 1,000,000" in err.reason


def test_pixel_limit_from_environment(tmp_path, monkeypatch):
    Image.new("L", (3000, 3000)).save(tmp_path / "big.png")
    monkeypatch.setenv("CVLAB_MAX_PIXELS", "1000000")
    err = _assert_load_error(tmp_path / "big.png", "limit of 1,000,000")
    assert "CVLAB_MAX_PIXELS" in err.reason
    # The argument beats the environment.
    assert load_image(tmp_path / "big.png", max_pixels=9_000_000).shape == (3000, 3000)


def test_bad_environment_limit_is_reported(tmp_path, monkeypatch):
    Image.new("L", (2, 2)).save(tmp_path / "small.png")
    monkeypatch.setenv("CVLAB_MAX_PIXELS", "lots")
    with pytest.raises(ValueError, match="CVLAB_MAX_PIXELS"):
        read_image(tmp_path / "small.png")


def test_default_limit_refuses_a_huge_header(tmp_path):
    (tmp_path / "bomb.png").write_bytes(_handmade_gray_png(20000, 20000))
    err = _assert_load_error(tmp_path / "bomb.png", "400,000,000 pixels")
    assert f"limit of {DEFAULT_MAX_PIXELS:,}" in err.reason and "CVLAB_MAX_PIXELS" in err.reason


def test_our_limit_wins_over_pillows_global_one(tmp_path, monkeypatch):
    Image.fromarray(np.full((100, 100), 7, np.uint8)).save(tmp_path / "img.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # Pillow would refuse 10,000 pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no DecompressionBombWarning escapes either
        array = load_image(tmp_path / "img.png")
    assert array.shape == (100, 100) and np.all(array == 7)
    assert Image.MAX_IMAGE_PIXELS == 1000  # lifted only for the one call


def test_pillows_warning_range_is_silent(tmp_path, monkeypatch):
    Image.fromarray(np.full((100, 100), 9, np.uint8)).save(tmp_path / "img.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 6000)  # 10,000 px: Pillow would only warn
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_image(tmp_path / "img.png").sum() == 9 * 10_000


def test_zero_width_png(tmp_path):
    (tmp_path / "zero.png").write_bytes(_handmade_gray_png(0, 5))
    _assert_load_error(tmp_path / "zero.png", "image is 0×5 pixels")


# --- conversions ----------------------------------------------------------------------

def test_to_rgb8():
    gray16 = np.array([[0, 128, 129, 32896, 65535]], np.uint16)
    np.testing.assert_array_equal(to_rgb8(gray16)[0, :, 0], [0, 0, 1, 128, 255])
    assert to_rgb8(gray16).shape == (1, 5, 3)
    np.testing.assert_array_equal(to_rgb8(gray16)[..., 1], to_rgb8(gray16)[..., 2])
    floats = np.array([[-0.5, 0.5, 2.0, np.nan]], np.float32)
    np.testing.assert_array_equal(to_rgb8(floats)[0, :, 1], [0, 128, 255, 0])
    rgba = np.array([[[10, 20, 30, 0]]], np.uint8)
    np.testing.assert_array_equal(to_rgb8(rgba), [[[10, 20, 30]]])  # alpha dropped, not composited
    with pytest.raises(ValueError, match="shape"):
        to_rgb8(np.zeros((2, 2, 2), np.uint8))


def test_to_gray_uses_bt601_luma():
    primaries = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]]], np.uint8)
    np.testing.assert_array_equal(to_gray(primaries), [[76, 150, 29, 255]])
    white16 = np.full((1, 1, 4), 65535, np.uint16)
    assert to_gray(white16).dtype == np.uint16 and to_gray(white16)[0, 0] == 65535
    red_float = np.array([[[1.0, 0.0, 0.0]]], np.float64)
    assert to_gray(red_float).dtype == np.float32
    assert to_gray(red_float)[0, 0] == pytest.approx(0.299, abs=1e-6)
    gray = _noise((3, 3))
    np.testing.assert_array_equal(to_gray(gray), gray)


def test_to_float01():
    np.testing.assert_allclose(to_float01(np.array([[0, 51, 255]], np.uint8)), [[0, 0.2, 1.0]])
    np.testing.assert_allclose(to_float01(np.array([[0, 65535]], np.uint16)), [[0.0, 1.0]])
    result = to_float01(np.array([[-1.0, 0.25, 3.0]]))
    assert result.dtype == np.float32
    np.testing.assert_array_equal(result, [[0.0, 0.25, 1.0]])


# --- saving safety --------------------------------------------------------------------

def test_save_refuses_to_overwrite_an_input(tmp_path):
    source = tmp_path / "in.png"
    Image.fromarray(_noise((4, 4))).save(source)
    before = source.read_bytes()
    with pytest.raises(UnsafeOutputError, match="overwrite"):
        save_image(source, _noise((4, 4)), inputs=[source])
    assert source.read_bytes() == before


def test_save_overwrites_an_input_when_allowed(tmp_path):
    source = tmp_path / "in.png"
    Image.fromarray(np.zeros((4, 4), np.uint8)).save(source)
    replacement = np.full((4, 4), 200, np.uint8)
    save_image(source, replacement, inputs=[source], allow_overwrite_input=True)
    np.testing.assert_array_equal(load_image(source), replacement)


def _part_files(folder: Path):
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_failed_encoding_leaves_existing_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "out.png"
    target.write_bytes(b"old contents")

    def encoder_that_dies_midway(self, fp, *args, **kwargs):
        fp.write(b"\x89PNG half an image")
        raise OSError("encoder crashed")
    monkeypatch.setattr(Image.Image, "save", encoder_that_dies_midway)
    with pytest.raises(OSError, match="encoder crashed"):
        save_image(target, _noise((8, 8, 3)))
    assert target.read_bytes() == b"old contents"
    assert _part_files(tmp_path) == []


def test_failed_write_leaves_existing_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "out.tif"
    target.write_bytes(b"old contents")

    def disk_fails(fd):
        raise OSError("disk full")
    monkeypatch.setattr(fileio.os, "fsync", disk_fails)
    with pytest.raises(OSError, match="disk full"):
        save_image(target, _noise((8, 8, 3)))
    assert target.read_bytes() == b"old contents"
    assert _part_files(tmp_path) == []


def test_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(ValueError) as caught:
        save_image(tmp_path / "out.gif", _noise((4, 4)))
    message = str(caught.value)
    assert str(tmp_path / "out.gif") in message
    for suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"):
        assert suffix in message
    assert list(tmp_path.iterdir()) == []


def test_save_rejects_bad_arrays_and_quality(tmp_path):
    with pytest.raises(ValueError, match="shape"):
        save_image(tmp_path / "x.png", np.zeros((2, 2, 5), np.uint8))
    with pytest.raises(ValueError, match="int64"):
        save_image(tmp_path / "x.png", np.zeros((2, 2), np.int64))
    with pytest.raises(ValueError, match="quality"):
        save_image(tmp_path / "x.jpg", np.zeros((2, 2), np.uint8), quality=0)
    assert list(tmp_path.iterdir()) == []


# --- real data and module rules -------------------------------------------------------

@pytest.mark.parametrize("relative, shape, image_format", [
    ("photos/opencv_baboon.jpg", (512, 512, 3), "JPEG"),
    ("photos/opencv_dnn_superres_butterfly.png", (256, 256, 3), "PNG"),
    ("photos/sklearn_china.jpg", (427, 640, 3), "JPEG"),
    ("photos/sklearn_flower.jpg", (427, 640, 3), "JPEG"),
    ("faces/skimage_astronaut.png", (512, 512, 3), "PNG"),
])
def test_shared_photos_load(test_data, relative, shape, image_format):
    loaded = read_image(test_data / relative)
    assert isinstance(loaded, LoadedImage)
    assert loaded.array.shape == shape and loaded.array.dtype == np.uint8
    assert loaded.format == image_format and loaded.bit_depth == 8
    with Image.open(test_data / relative) as reference:
        np.testing.assert_array_equal(loaded.array, np.array(reference.convert("RGB")))
    assert 20 < loaded.array.mean() < 235  # a real photo, not a blank frame


@pytest.mark.parametrize("module", [images, image_save])
def test_modules_import_neither_qt_nor_torch(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    roots = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names}
    roots |= {node.module.split(".")[0] for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and node.module}
    assert not roots & {"torch", "PySide6", "pyqtgraph", "PyQt5", "PyQt6", "qtpy"}


def test_encode_image_gives_decodable_bytes():
    data = image_save.encode_image(_noise((3, 4, 3)), "WEBP", quality=100)
    with Image.open(io.BytesIO(data)) as decoded:
        assert decoded.format == "WEBP" and decoded.size == (4, 3)


def test_a_file_with_an_image_signature_that_will_not_open_is_called_damaged(tmp_path):
    # Signature and IHDR, no data: "not an image file" would send the user looking for the
    # wrong problem.
    from tests.badinput.images import write_png_header_only

    path = tmp_path / "header.png"
    write_png_header_only(path)
    with pytest.raises(ImageLoadError) as caught:
        read_image(path)
    assert caught.value.reason == "a damaged or cut-short PNG file (its header cannot be read)"


def test_a_header_under_our_limit_but_over_pillows_warning_prints_no_warning(tmp_path):
    from tests.badinput.images import write_tiff_claiming

    path = tmp_path / "claims.tif"
    write_tiff_claiming(path, 12000, 12000)  # 144 MP claimed, 16 bytes present
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with pytest.raises(ImageLoadError, match="truncated"):
            read_image(path)
    assert not [w for w in seen if issubclass(w.category, Image.DecompressionBombWarning)]
