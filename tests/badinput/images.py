"""Broken, forged and odd image files, made on the spot from the suite's real photos.

Each builder writes one file (or special file) at ``path`` and returns nothing; the corpus
(:mod:`tests.badinput.corpus`) names them. Forged PNGs are assembled chunk by chunk so a
header can claim what the data does not hold, without Pillow's help or limits.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

from tests.conftest import TEST_DATA

PHOTO = TEST_DATA / "photos" / "opencv_baboon.jpg"
FACE = TEST_DATA / "faces" / "skimage_astronaut.png"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def small_photo(size=(96, 64)) -> Image.Image:
    """A real photo, small enough that every tool runs on it in a blink."""
    with Image.open(PHOTO) as photo:
        return photo.convert("RGB").resize(size)


# --------------------------------------------------------------------------- forged PNGs
def _chunk(tag: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + tag + payload
            + struct.pack(">I", zlib.crc32(tag + payload) & 0xFFFFFFFF))


def _ihdr(width: int, height: int, bit_depth: int = 8, color_type: int = 0) -> bytes:
    return _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type,
                                       0, 0, 0))


def write_flat_png(path: Path, width: int, height: int, bit_depth: int = 8) -> None:
    """A valid all-black gray PNG of any size, compressed row by row so a 13000² image is a
    few hundred kB and never exists in memory here."""
    row = b"\x00" + bytes((width * bit_depth + 7) // 8)  # filter byte "none", then zeros
    packer = zlib.compressobj(9)
    parts = []
    for _ in range(height):
        parts.append(packer.compress(row))
    parts.append(packer.flush())
    path.write_bytes(PNG_SIGNATURE + _ihdr(width, height, bit_depth)
                     + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b""))


def write_png_claiming(path: Path, width: int, height: int) -> None:
    """A PNG whose header claims ``width``×``height`` but whose data is one short row."""
    data = zlib.compress(b"\x00" + bytes(16))
    path.write_bytes(PNG_SIGNATURE + _ihdr(width, height) + _chunk(b"IDAT", data)
                     + _chunk(b"IEND", b""))


def write_png_header_only(path: Path) -> None:
    path.write_bytes(PNG_SIGNATURE + _ihdr(64, 64))


def write_png_zero_width(path: Path) -> None:
    path.write_bytes(PNG_SIGNATURE + _ihdr(0, 64) + _chunk(b"IDAT", zlib.compress(b""))
                     + _chunk(b"IEND", b""))


def write_png_bad_crc(path: Path) -> None:
    """A real PNG with one byte of its image data flipped (the CRC no longer matches)."""
    good = path.with_suffix(".tmp.png")
    small_photo().save(good)
    data = bytearray(good.read_bytes())
    good.unlink()
    at = data.index(b"IDAT") + 40
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


def write_tiff_claiming(path: Path, width: int, height: int) -> None:
    """A little-endian TIFF whose header claims ``width``×``height`` 8-bit gray pixels in one
    strip of 16 bytes."""
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1),
               (262, 3, 1, 1), (273, 4, 1, 0), (277, 3, 1, 1), (278, 4, 1, height),
               (279, 4, 1, 16)]
    ifd_offset = 8
    data_offset = ifd_offset + 2 + 12 * len(entries) + 4
    entries = [(t, k, n, data_offset if t == 273 else v) for t, k, n, v in entries]
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        packed = struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, kind, count) + packed
    path.write_bytes(b"II*\x00" + struct.pack("<I", ifd_offset) + ifd + struct.pack("<I", 0)
                     + bytes(16))


# --------------------------------------------------------------------------- broken files
def write_text(path: Path) -> None:
    path.write_text("These are not pixels.\nA student renamed notes.txt to scan.png.\n")


def write_empty(path: Path) -> None:
    path.write_bytes(b"")


def write_html(path: Path) -> None:
    path.write_text("<!DOCTYPE html><html><body>404 Not Found</body></html>")


def write_truncated_png(path: Path) -> None:
    good = path.with_suffix(".tmp.png")
    small_photo((256, 256)).save(good)
    data = good.read_bytes()
    good.unlink()
    path.write_bytes(data[: len(data) // 2])


def write_truncated_jpeg(path: Path) -> None:
    path.write_bytes(PHOTO.read_bytes()[:1024])


def write_random(path: Path) -> None:
    path.write_bytes(np.random.default_rng(16).integers(0, 256, 4096, np.uint8).tobytes())


def write_bomb(path: Path) -> None:
    """60000×60000 1-bit pixels (3.6 gigapixels) in about 450 kB."""
    write_flat_png(path, 60000, 60000, bit_depth=1)


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_symlink_loop(path: Path) -> None:
    os.symlink(path.name, path)


def make_dangling_link(path: Path) -> None:
    os.symlink(path.parent / "gone.png", path)


# --------------------------------------------------------------------------- odd but valid
def write_gray16(path: Path) -> None:
    gray = np.asarray(small_photo().convert("L"), dtype=np.uint16) * 257
    Image.fromarray(gray).save(path)


def write_cmyk_jpeg(path: Path) -> None:
    small_photo().convert("CMYK").save(path, quality=90)


def write_palette_transparent(path: Path) -> None:
    image = small_photo().convert("P", palette=Image.Palette.ADAPTIVE, colors=32)
    image.save(path, transparency=0)


def write_rgba(path: Path) -> None:
    image = small_photo().convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize(image.size))
    image.save(path)


def write_gray_alpha(path: Path) -> None:
    small_photo().convert("LA").save(path)


def write_float_tiff(path: Path) -> None:
    values = np.asarray(small_photo().convert("L"), dtype=np.float32) / 255.0
    Image.fromarray(values, mode="F").save(path)


def write_one_bit(path: Path) -> None:
    small_photo().convert("1").save(path)


def write_exif_rotated(path: Path) -> None:
    """Stored 96×64, shown 64×96: EXIF orientation 6 (rotate 90° clockwise)."""
    exif = Image.Exif()
    exif[0x0112] = 6
    small_photo().save(path, exif=exif, quality=90)


def write_one_pixel(path: Path) -> None:
    Image.new("RGB", (1, 1), (200, 30, 30)).save(path)


def write_progressive_jpeg(path: Path) -> None:
    small_photo().save(path, progressive=True, quality=85)


def write_animated_gif(path: Path) -> None:
    first = small_photo()
    second = first.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    first.save(path, save_all=True, append_images=[second], duration=100, loop=0)


def write_webp(path: Path) -> None:
    small_photo().save(path, quality=80)


def write_bmp(path: Path) -> None:
    small_photo().save(path)


def write_png_named_jpg(path: Path) -> None:
    small_photo().save(path, format="PNG")


def write_face_photo(path: Path) -> None:
    with Image.open(FACE) as face:
        face.convert("RGB").resize((256, 256)).save(path)


def write_huge_valid(path: Path) -> None:
    """13000×13000 (169 MP, just under Pillow's limit) in about 170 kB."""
    write_flat_png(path, 13000, 13000)


def write_thin_strip(path: Path) -> None:
    Image.new("L", (4000, 1), 128).save(path)


def write_scribbles(path: Path) -> None:
    """Scribbles for :func:`small_photo`: a red and a green stroke on black."""
    scribbles = np.zeros((64, 96, 3), np.uint8)
    scribbles[10:14, 10:60] = (220, 40, 40)
    scribbles[40:44, 30:80] = (40, 200, 40)
    Image.fromarray(scribbles).save(path)


def write_mask(path: Path, size=(96, 64)) -> None:
    mask = np.zeros(size[::-1], np.uint8)
    mask[20:30, 30:50] = 255
    Image.fromarray(mask).save(path)
