"""Stored pixel values of one file, and the modality LUT (stored value → HU).

Uncompressed little-endian files are read with one seek and one read at the offset the
header scan noted, straight into numpy: no DICOM parsing at all. Everything else
(JPEG, JPEG-LS, JPEG 2000, RLE, big endian, deflate) goes through pydicom, which uses
the pylibjpeg plugins. Failures raise ``SliceError`` with a reason for the load report.

HU are kept as int16 whenever they fit, computed with wrap-around integer arithmetic:
(stored × slope + intercept) taken modulo 2¹⁶ is exact when the true result fits int16,
so no float temporaries are needed for the usual slope 1 / integer intercept.
"""

from __future__ import annotations

import warnings

import numpy as np
import pydicom
from pydicom.pixels import get_decoder
from pydicom.uid import UID, ExplicitVRLittleEndian, ImplicitVRLittleEndian

from cvlab.core.i18n import translate
from cvlab.tools.ct.dicom_header import ImageHeader

NATIVE_LITTLE_ENDIAN = {ImplicitVRLittleEndian, ExplicitVRLittleEndian}
INT16_MIN, INT16_MAX = -32768, 32767


class SliceError(Exception):
    """A file's pixels could not be read; the message is the reason for the report."""


def read_stored_frames(image: ImageHeader) -> np.ndarray:
    """Stored values, shape (frames, rows, columns) — (…, 3) uint8 RGB for colour."""
    if _can_read_directly(image):
        return _read_directly(image)
    return _read_with_pydicom(image)


def _can_read_directly(image: ImageHeader) -> bool:
    return (image.transfer_syntax in NATIVE_LITTLE_ENDIAN
            and image.pixel_value_offset is not None
            and image.samples_per_pixel == 1
            and image.bits_allocated in (8, 16, 32))


def _read_directly(image: ImageHeader) -> np.ndarray:
    needed = image.frame_bytes * image.number_of_frames
    try:
        with open(image.path, "rb") as fp:
            fp.seek(image.pixel_value_offset)
            data = fp.read(needed)
    except OSError as exc:
        raise SliceError(translate("DicomPixels", "unreadable: {0}").format(
            exc.strerror or exc)) from exc
    if len(data) < needed:
        raise SliceError(translate("DicomPixels", "truncated: pixel data has {0} of {1} bytes")
                         .format(len(data), needed))
    kind = "i" if image.pixel_representation == 1 else "u"
    stored = np.frombuffer(data, dtype=f"<{kind}{image.bits_allocated // 8}")
    stored = stored.reshape(image.number_of_frames, image.rows, image.columns)
    return _keep_stored_bits(stored, image.bits_stored, image.pixel_representation)


def _keep_stored_bits(stored: np.ndarray, bits_stored: int, signed: int) -> np.ndarray:
    """Drop bits above BitsStored (old files park overlays there); sign-extend if signed."""
    spare = stored.dtype.itemsize * 8 - bits_stored
    if spare <= 0:
        return stored
    if signed:
        return (stored << spare) >> spare  # arithmetic shift copies the sign bit down
    return stored & np.array((1 << bits_stored) - 1, dtype=stored.dtype)


def _read_with_pydicom(image: ImageHeader) -> np.ndarray:
    syntax = UID(image.transfer_syntax) if image.transfer_syntax else None
    if syntax is not None and syntax.is_compressed:
        try:
            decoder = get_decoder(syntax)
        except NotImplementedError:
            raise SliceError(translate("DicomPixels", "unsupported transfer syntax: {0} (no "
                                       "decoder exists for it)").format(_syntax_name(syntax))
                             ) from None
        if not decoder.is_available:
            missing = ("; ".join(decoder.missing_dependencies)
                       or translate("DicomPixels", "a decoder plugin"))
            raise SliceError(translate("DicomPixels", "unsupported transfer syntax: {0} needs "
                                       "{1}").format(_syntax_name(syntax), missing))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            ds = pydicom.dcmread(image.path)
            if "PixelData" not in ds:
                raise SliceError(translate("DicomPixels",
                                           "no pixel data (PixelData element missing)"))
            pixels = ds.pixel_array  # YBR is converted to RGB here
    except SliceError:
        raise
    except Exception as exc:  # decoders raise many kinds on damaged data
        raise SliceError(translate("DicomPixels", "pixel data could not be decoded: {0}")
                         .format(exc)) from exc
    shape = (image.number_of_frames, image.rows, image.columns)
    if image.is_rgb:
        shape += (3,)
    try:
        return pixels.reshape(shape)
    except ValueError:
        raise SliceError(translate("DicomPixels", "decoded pixels have shape {0}, expected {1}")
                         .format(pixels.shape, shape)) from None


def _syntax_name(syntax: UID) -> str:
    name = syntax.name
    return f"{name} ({syntax})" if name and name != str(syntax) else str(syntax)


def stored_range(image: ImageHeader) -> tuple[int, int]:
    """The smallest and largest value BitsStored / PixelRepresentation allow."""
    bits = image.bits_stored
    if image.pixel_representation == 1:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


def hu_bounds(low: float, high: float, slope: float, intercept: float) -> tuple[float, float]:
    ends = (low * slope + intercept, high * slope + intercept)
    return min(ends), max(ends)


def fits_int16(low: float, high: float) -> bool:
    return INT16_MIN <= low and high <= INT16_MAX


def is_integral(value: float) -> bool:
    return float(value).is_integer()


def wrap_int16(value: float) -> np.int16:
    """An integer as int16 modulo 2¹⁶ (the wrap-around arithmetic's constant)."""
    return np.int16(((int(value) - INT16_MIN) % 65536) + INT16_MIN)


def rescale_into_int16(target: np.ndarray, stored: np.ndarray, slope: float,
                       intercept: float) -> None:
    """target = stored × slope + intercept, for integer slope/intercept, in place.

    The caller has made sure the true result fits int16, so wrap-around is exact.
    """
    np.copyto(target, stored, casting="unsafe")
    if slope != 1:
        np.multiply(target, wrap_int16(slope), out=target, casting="unsafe")
    if intercept != 0:
        np.add(target, wrap_int16(intercept), out=target, casting="unsafe")


def rescale_into_float32(target: np.ndarray, stored: np.ndarray, slope: float,
                         intercept: float) -> None:
    np.copyto(target, stored, casting="unsafe")
    if slope != 1:
        target *= np.float32(slope)
    if intercept != 0:
        target += np.float32(intercept)


def invert_monochrome1(voxels: np.ndarray) -> tuple[float, float]:
    """Make high values bright: v' = max + min − v, in place. Returns (min, max)."""
    low, high = voxels.min(), voxels.max()
    if voxels.dtype == np.int16:
        # max + min may leave int16, but the result stays within [min, max]: wrap is exact.
        np.subtract(wrap_int16(int(low) + int(high)), voxels, out=voxels, casting="unsafe")
    else:
        np.subtract(low + high, voxels, out=voxels)
    return float(low), float(high)
