"""Saving images: format from the suffix, encoded in memory, written atomically.

What each format keeps (arrays as in :mod:`cvlab.core.images`):

- PNG: uint8 gray/RGB/RGBA; uint16 gray and uint16 RGB/RGBA (16-bit PNG; note our loader
  reads 16-bit *RGB* PNG back as 8 bits, a Pillow limit); floats become 8-bit.
- TIFF (deflate): uint8, uint16 and float32 in every layout (floats are stored as float32).
- JPEG, BMP: 8-bit gray or RGB; alpha is dropped; 16-bit and float are scaled to 8 bits.
- WebP: 8-bit RGB/RGBA (gray is stored as RGB); ``quality=100`` means lossless.

Scaling to 8 bits: :func:`cvlab.core.dtype.as_uint8` (uint16 / 257 rounded, floats clipped
to [0, 1] × 255 rounded).
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, features

from cvlab.core.dtype import as_uint8, check_image_array
from cvlab.core.fileio import UnsafeOutputError, atomic_write, check_output_path
from cvlab.core.i18n import translate

SAVE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF",
                ".tiff": "TIFF", ".bmp": "BMP", ".webp": "WEBP"}
_FORMATS_WITHOUT_ALPHA = frozenset({"JPEG", "BMP"})


def save_image(path: str | os.PathLike, array: np.ndarray, *, inputs=(),
               allow_overwrite_input: bool = False, quality: int = 95) -> Path:
    """Save ``array`` to ``path`` (format from the suffix); returns the resolved path.

    The whole file is encoded in memory first and then written through a temporary
    sibling that is renamed into place, so a failure leaves any existing file untouched.
    Refuses (UnsafeOutputError) to overwrite one of ``inputs`` unless
    ``allow_overwrite_input`` is set; an unknown suffix raises ValueError.
    """
    if not 1 <= int(quality) <= 100:
        raise ValueError(f"quality must be between 1 and 100, not {quality}")
    target = check_image_output(path, inputs, allow_overwrite_input,
                                try_writing=False)  # the atomic write below tries it
    image_format = SAVE_FORMATS[Path(path).suffix.lower()]
    data = encode_image(array, image_format, quality=int(quality))
    with atomic_write(target, shown=path) as fh:
        fh.write(data)
    return target


def check_image_output(path: str | os.PathLike, inputs=(),
                       allow_overwrite_input: bool = False, *,
                       try_writing: bool = True) -> Path:
    """What :func:`save_image` checks before writing (a known suffix, not an input, not a
    folder or a device), for a command to ask before its work rather than after it."""
    suffix = Path(path).suffix.lower()
    if Path(path).is_dir():  # say that, not "suffix '(none)'"
        raise UnsafeOutputError(translate(
            "FileErrors", "{0}: is a folder; give a file name such as {1}").format(
                os.fspath(path), Path(path) / "result.png"), path)
    if suffix not in SAVE_FORMATS:
        supported = ", ".join(sorted(SAVE_FORMATS))
        raise UnsafeOutputError(translate(
            "FileErrors", "{0}: cannot save an image with suffix {1}; supported suffixes: "
            "{2}").format(os.fspath(path), repr(suffix or "(none)"), supported), path)
    return check_output_path(path, inputs, allow_overwrite_input, try_writing=try_writing)


def encode_image(array: np.ndarray, image_format: str, *, quality: int = 95) -> bytes:
    """The bytes of ``array`` encoded as ``image_format`` ("PNG", "JPEG", "TIFF", "BMP", "WEBP")."""
    array = check_image_array(array)
    if array.dtype == np.bool_:
        array = array.astype(np.uint8) * np.uint8(255)
    if image_format in _FORMATS_WITHOUT_ALPHA and array.ndim == 3:
        array = array[..., :3]
    if image_format == "TIFF":
        return _encode_tiff(array)
    if image_format == "PNG" and array.dtype == np.uint16:
        return _encode_png16(array) if array.ndim == 3 else _encode_with_pillow(array, "PNG")
    array = as_uint8(array)
    if image_format == "WEBP" and array.ndim == 2:
        array = np.repeat(array[..., None], 3, axis=-1)  # WebP has no gray mode
    return _encode_with_pillow(array, image_format, quality=quality)


def _encode_with_pillow(array: np.ndarray, image_format: str, quality: int = 95) -> bytes:
    options: dict = {}
    if image_format == "JPEG":
        # Full-resolution chroma at high quality: 4:2:0 would blur colour edges visibly.
        options = {"quality": quality, "subsampling": 0 if quality >= 90 else 2}
    elif image_format == "WEBP":
        options = {"quality": quality, "lossless": quality >= 100, "exact": quality >= 100}
    elif image_format == "TIFF" and features.check("libtiff"):
        options = {"compression": "tiff_adobe_deflate"}
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(array)).save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _encode_tiff(array: np.ndarray) -> bytes:
    if array.dtype.kind == "f":
        array = array.astype(np.float32)
    if array.ndim == 2:  # Pillow writes L, I;16 and F itself
        return _encode_with_pillow(array, "TIFF")
    if array.dtype == np.uint8:
        return _encode_with_pillow(array, "TIFF")
    # 16-bit or float colour: Pillow would cut it to 8 bits, tifffile keeps it.
    import tifffile

    buffer = io.BytesIO()
    extrasamples = ("unassalpha",) if array.shape[-1] == 4 else None
    tifffile.imwrite(buffer, np.ascontiguousarray(array), photometric="rgb",
                     extrasamples=extrasamples, compression="zlib")
    return buffer.getvalue()


def _png_chunk(tag: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(tag + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + tag + payload + struct.pack(">I", crc)


def _encode_png16(array: np.ndarray) -> bytes:
    """A 16-bit RGB (colour type 2) or RGBA (type 6) PNG, which Pillow cannot write."""
    height, width, channels = array.shape
    color_type = 6 if channels == 4 else 2
    scanlines = np.zeros((height, 1 + width * channels * 2), dtype=np.uint8)  # filter byte 0
    scanlines[:, 1:] = array.astype(">u2").view(np.uint8).reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 16, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(scanlines.tobytes(), 6))
            + _png_chunk(b"IEND", b""))
