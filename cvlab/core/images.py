"""The one image loader (and, via :mod:`cvlab.core.image_save`, saver) every tool uses.

Array contract of :func:`read_image` / :func:`load_image`:

- a C-contiguous, writable numpy array, upright (the EXIF / TIFF orientation tag is
  applied; ``LoadedImage.exif_transposed`` says whether it changed anything);
- gray → ``(H, W)``; colour → ``(H, W, 3)`` RGB; with alpha (RGBA, LA, a palette or a
  gray/RGB PNG with transparency) → ``(H, W, 4)`` RGBA (straight, not premultiplied);
- dtype ``uint8`` for 8-bit sources (1-bit becomes 0/255 gray), ``uint16`` for 16-bit gray
  (PNG "I;16", 16-bit PGM/TIFF) and for 16-bit RGB(A) TIFF (read with tifffile),
  ``float32`` for float TIFF ("F", or float RGB through tifffile) and 32-bit integer TIFF;
- palette → RGB (RGBA when it has transparency); CMYK, YCbCr, HSV → RGB (plain Pillow
  conversion, no ICC colour management); LAB → RGB through LittleCMS;
- multi-frame files (GIF, APNG, TIFF stacks): the first frame only.
- Known limit: Pillow decodes 16-bit RGB PNG to 8 bits, so those arrive as uint8.

Pixel limit: the size is read from the header before decoding. The limit is the
``max_pixels=`` argument, else the ``CVLAB_MAX_PIXELS`` environment variable, else
:data:`DEFAULT_MAX_PIXELS`; 0 means no limit. Pillow's own global limit is not relied on.
"""

from __future__ import annotations

import contextlib
import os
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, UnidentifiedImageError

from cvlab.core.dtype import as_float01, as_uint8, check_image_array
from cvlab.core.fileio import AN_IMAGE_FILE, file_problem
from cvlab.core.i18n import QT_TRANSLATE_NOOP, bilingual, translate
from cvlab.core.image_save import (  # re-exported: the one image API
    SAVE_FORMATS,
    check_image_output,
    save_image,
)
from cvlab.core.setting_error import SettingError

# Pillow's own threshold for refusing outright (2 × its warning threshold): same default.
DEFAULT_MAX_PIXELS = 178_956_970
MAX_PIXELS_ENV = "CVLAB_MAX_PIXELS"

_EXIF_ORIENTATION_TAG = 0x0112
_TIFF_MAGICS = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Pillow formats whose "I" mode holds at most 16-bit samples.
_SIXTEEN_BIT_I_FORMATS = frozenset({"PNG", "PPM"})
_pillow_limit_lock = threading.Lock()
# First bytes of formats Pillow reads: a file that starts like one but will not open is
# damaged, not "not an image".
_KNOWN_SIGNATURES = ((_PNG_SIGNATURE, "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
                     *((magic, "TIFF") for magic in _TIFF_MAGICS))
_TEXT_REASON = "not an image file (it is text"
_UNKNOWN_REASON = "not an image file"
# ImageLoadError reasons and the sentence on the file each is said in ({0}: its name).
_HEADLINES = {
    "is a folder, not an image file":
        QT_TRANSLATE_NOOP("ImageErrors", "{0} is a folder, not an image file"),
    "is a named pipe (FIFO), not an image file":
        QT_TRANSLATE_NOOP("ImageErrors", "{0} is a named pipe (FIFO), not an image file"),
    "is a character device, not an image file":
        QT_TRANSLATE_NOOP("ImageErrors", "{0} is a character device, not an image file"),
    "is a block device, not an image file":
        QT_TRANSLATE_NOOP("ImageErrors", "{0} is a block device, not an image file"),
    "is a socket, not an image file":
        QT_TRANSLATE_NOOP("ImageErrors", "{0} is a socket, not an image file"),
    "no such file": QT_TRANSLATE_NOOP("ImageErrors", "{0} does not exist"),
    "permission denied": QT_TRANSLATE_NOOP("ImageErrors", "{0} cannot be read: permission denied"),
    "file is empty": QT_TRANSLATE_NOOP("ImageErrors", "{0} is empty"),
    "image file is truncated":
        QT_TRANSLATE_NOOP("ImageErrors", "{0} is cut short (the image file is truncated)"),
    "not enough memory to decode the image":
        QT_TRANSLATE_NOOP("ImageErrors", "{0} is too large to decode in the memory left"),
}
_NO_MEMORY = QT_TRANSLATE_NOOP("ImageErrors", "not enough memory to decode the image")
_TEXT_HEADLINE = QT_TRANSLATE_NOOP("ImageErrors", "{0} is not an image (it is text)")
_UNKNOWN_HEADLINE = QT_TRANSLATE_NOOP("ImageErrors", "{0} is not an image file CV Lab can read")


def _said(template: str, *values) -> tuple[str, str]:
    """(English reason, the same in the interface language) for ImageLoadError."""
    return bilingual("ImageErrors", template, *values)


class ImageLoadError(ValueError):
    """An image could not be read; ``str(err)`` is ``"{path}: {reason}"``.

    ``reason`` is English (the CLI prints it, code compares it); ``shown`` is the same in
    the interface language (default: the reason), which ``str(err)`` and ``headline`` use."""

    def __init__(self, path: str | os.PathLike, reason: str, shown: str | None = None):
        super().__init__(path, reason)
        self.path = os.fspath(path)
        self.reason = reason
        self.shown = reason if shown is None else shown

    def __reduce__(self):  # keeps the error picklable (worker → GUI)
        return type(self), (self.path, self.reason, self.shown)

    def __str__(self) -> str:
        return f"{self.path}: {self.shown}"

    @property
    def headline(self) -> str:
        """One sentence for people: the file's name and what is wrong with it."""
        name = os.path.basename(self.path.rstrip("/\\")) or self.path
        sentence = _HEADLINES.get(self.reason)
        if sentence is None and self.reason.startswith(_TEXT_REASON):
            sentence = _TEXT_HEADLINE
        if sentence is None and self.reason.startswith(_UNKNOWN_REASON):
            sentence = _UNKNOWN_HEADLINE
        if sentence is not None:
            return translate("ImageErrors", sentence).format(name)
        if self.shown == self.reason:  # "image has 3,600,000,000 pixels …": said in English
            rest = self.reason.removeprefix("image ")
            if rest.startswith(("is ", "has ")):  # already the rest of a sentence on the file
                return f"{name} {rest}"
        return translate("ImageErrors", "{0}: {1}").format(name, self.shown)


@dataclass
class LoadedImage:
    array: np.ndarray
    path: str
    format: str           # Pillow's format name: "PNG", "JPEG", "TIFF", ...
    source_mode: str      # Pillow mode before conversion: "P", "CMYK", "I;16", ...;
    #                       "RGB;16", "RGBA;32F" ... for colour TIFFs read with tifffile
    bit_depth: int        # of the array: 8 (uint8), 16 (uint16) or 32 (float32)
    exif_transposed: bool


def resolve_max_pixels(max_pixels: int | None = None) -> int | None:
    """The pixel limit in force (None: unlimited): argument, then environment, then default."""
    if max_pixels is None:
        text = os.environ.get(MAX_PIXELS_ENV, "").strip().replace("_", "").replace(",", "")
        if not text:
            return DEFAULT_MAX_PIXELS
        try:
            max_pixels = int(text)
        except ValueError:
            raise SettingError(translate(
                "ImageErrors", "{0}={1} is not a whole number of pixels (0 means no limit)"
            ).format(MAX_PIXELS_ENV, repr(os.environ[MAX_PIXELS_ENV]))) from None
    if max_pixels < 0:
        raise ValueError(f"max_pixels must be 0 (no limit) or positive, not {max_pixels}")
    return max_pixels or None


def load_image(path: str | os.PathLike, *, max_pixels: int | None = None) -> np.ndarray:
    """Just the array of :func:`read_image`."""
    return read_image(path, max_pixels=max_pixels).array


def read_image(path: str | os.PathLike, *, max_pixels: int | None = None) -> LoadedImage:
    """Read the first frame of an image file as an upright array (see the module contract).

    Raises ImageLoadError (naming the file and the cause) for anything that is not a
    readable image within the pixel limit.
    """
    shown = os.fspath(path)
    explicit_limit = max_pixels is not None
    limit = resolve_max_pixels(max_pixels)
    file_path = Path(path)
    problem = file_problem(file_path, AN_IMAGE_FILE)
    if problem is not None:
        raise ImageLoadError(shown, *problem)
    try:
        fh = open(file_path, "rb")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:
        raise ImageLoadError(shown, *_said(QT_TRANSLATE_NOOP("ImageErrors", "no such file"))
                             ) from None
    except PermissionError:
        raise ImageLoadError(shown, *_said(QT_TRANSLATE_NOOP("ImageErrors", "permission denied"))
                             ) from None
    except OSError as exc:
        raise ImageLoadError(shown, *_said(QT_TRANSLATE_NOOP(
            "ImageErrors", "cannot read the file: {0}"), exc.strerror or exc)) from None
    with fh:
        head = fh.read(32)
        if not head:
            raise ImageLoadError(shown, *_said(QT_TRANSLATE_NOOP("ImageErrors", "file is empty")))
        fh.seek(0)
        try:
            pil_image = _open_lazily(fh)
        except UnidentifiedImageError:
            if head.startswith(_TIFF_MAGICS):  # e.g. float RGB TIFF, which Pillow cannot parse
                return _read_with_tifffile(file_path, shown, limit, explicit_limit)
            raise ImageLoadError(shown, *_unidentified_reason(head)) from None
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise ImageLoadError(shown, *_said(QT_TRANSLATE_NOOP(
                "ImageErrors", "cannot read the image header: {0}"), exc)) from None
        with pil_image:
            _check_size(pil_image.size, shown, limit, explicit_limit)
            if _needs_tifffile(pil_image):
                return _read_with_tifffile(file_path, shown, limit, explicit_limit)
            return _decode_with_pillow(pil_image, shown)


def _open_lazily(fh) -> Image.Image:
    """Image.open (header only), without Pillow's global pixel limit getting in the way.

    Our own limit is checked by the caller; Pillow refuses huge images by itself, so when
    it does we reopen with its limit lifted for this one call (under a lock, and restored
    at once, so the global setting never stays changed).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return Image.open(fh)
        except Image.DecompressionBombError:
            fh.seek(0)
            with _pillow_pixel_limit_lifted():
                return Image.open(fh)


@contextlib.contextmanager
def _pillow_pixel_limit_lifted() -> Iterator[None]:
    with _pillow_limit_lock:
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = None
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _check_size(size: tuple[int, int], shown: str, limit: int | None, explicit: bool) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise ImageLoadError(shown, *_said(_EMPTY_SIZE, width, height))
    pixels = width * height
    if limit is not None and pixels > limit:
        if explicit:
            hint = _said(QT_TRANSLATE_NOOP("ImageErrors", "the caller's limit"))
        else:
            hint = _said(QT_TRANSLATE_NOOP(
                "ImageErrors", "raise {0} to open it (0 means no limit)"), MAX_PIXELS_ENV)
        template = QT_TRANSLATE_NOOP("ImageErrors", "image has {0:,} pixels ({1}×{2}), more "
                                     "than the limit of {3:,}; {4}")
        raise ImageLoadError(shown, template.format(pixels, width, height, limit, hint[0]),
                             translate("ImageErrors", template).format(
                                 pixels, width, height, limit, hint[1]))


_EMPTY_SIZE = QT_TRANSLATE_NOOP("ImageErrors", "image is {0}×{1} pixels")


def _unidentified_reason(head: bytes) -> tuple[str, str]:
    # Pillow rejects a PNG whose header says 0 pixels wide or high; say so plainly.
    if head.startswith(_PNG_SIGNATURE) and head[12:16] == b"IHDR" and len(head) >= 24:
        width = int.from_bytes(head[16:20], "big")
        height = int.from_bytes(head[20:24], "big")
        if width == 0 or height == 0:
            return _said(_EMPTY_SIZE, width, height)
    kind = next((name for magic, name in _KNOWN_SIGNATURES if head.startswith(magic)), None)
    if kind is not None:  # the right first bytes, but Pillow cannot even read the header
        return _said(QT_TRANSLATE_NOOP(
            "ImageErrors", "a damaged or cut-short {0} file (its header cannot be read)"), kind)
    text = _as_text(head)
    if text is not None:  # a text file given an image's name: quote it, never as bytes
        return _said(QT_TRANSLATE_NOOP(
            "ImageErrors", "not an image file (it is text starting “{0}”)"), text)
    return _said(QT_TRANSLATE_NOOP("ImageErrors", "not an image file (or a format not "
                                   "supported; it starts with bytes {0})"), head[:8].hex(" "))


def _as_text(head: bytes) -> str | None:
    """The first words of ``head`` when it reads as printable UTF-8 text, else None."""
    for cut in range(4):  # the read may end inside a multi-byte character
        try:
            text = head[:len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if text and all(ch.isprintable() or ch in "\t\r\n" for ch in text):
            return " ".join(text.split())[:24]
        return None
    return None


def _decode_reason(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, EOFError) or "truncated" in str(exc).lower():
        return _said(QT_TRANSLATE_NOOP("ImageErrors", "image file is truncated"))
    return _said(QT_TRANSLATE_NOOP("ImageErrors", "image data is corrupt or unsupported: {0}"),
                 exc)


def _decode_with_pillow(pil_image: Image.Image, shown: str) -> LoadedImage:
    source_mode = pil_image.mode
    try:
        with warnings.catch_warnings():  # our own pixel limit was checked on the header
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            pil_image.load()
            array = _pillow_to_array(pil_image)
    except MemoryError:
        raise ImageLoadError(shown, *_said(_NO_MEMORY)) from None
    except (OSError, ValueError, SyntaxError, EOFError, ImageCms.PyCMSError) as exc:
        raise ImageLoadError(shown, *_decode_reason(exc)) from None
    orientation = _orientation_from_exif(pil_image)
    return _finish(array, shown, pil_image.format or "?", source_mode, orientation)


def _pillow_to_array(im: Image.Image) -> np.ndarray:
    mode = im.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N"):
        return np.array(im).astype(np.uint16)  # also makes big-endian data native
    if mode == "I":
        values = np.array(im)
        if im.format in _SIXTEEN_BIT_I_FORMATS:
            return np.clip(values, 0, 65535).astype(np.uint16)
        return values.astype(np.float32)
    if mode == "F":
        return np.array(im, dtype=np.float32)
    if mode == "1":
        return np.array(im.convert("L"))
    if mode == "LAB":
        # Pillow's plain LAB→RGB conversion is not colorimetric; LittleCMS is.
        transform = ImageCms.buildTransform(ImageCms.createProfile("LAB"),
                                            ImageCms.createProfile("sRGB"), "LAB", "RGB")
        return np.array(ImageCms.applyTransform(im, transform))
    if mode in ("L", "RGB", "RGBA"):
        if mode != "RGBA" and "transparency" in im.info:  # gray/RGB PNG with a tRNS key
            return np.array(im.convert("RGBA"))
        return np.array(im)
    if mode == "P":
        return np.array(im.convert("RGBA" if im.has_transparency_data else "RGB"))
    # LA, PA, RGBa, RGBX, CMYK, YCbCr, HSV ...
    has_alpha = "A" in mode or "a" in mode
    return np.array(im.convert("RGBA" if has_alpha else "RGB"))


def _needs_tifffile(pil_image: Image.Image) -> bool:
    """A TIFF whose colour samples Pillow would cut to 8 bits (16-bit or float RGB)."""
    if pil_image.format != "TIFF":
        return False
    tags = getattr(pil_image, "tag_v2", {})
    bits = tags.get(258, (8,))
    bits = bits if isinstance(bits, tuple) else (bits,)
    return tags.get(262) == 2 and tags.get(277, 1) >= 3 and max(bits) > 8


def _read_with_tifffile(file_path: Path, shown: str, limit: int | None,
                        explicit_limit: bool) -> LoadedImage:
    try:
        import tifffile
    except ImportError:
        raise ImageLoadError(shown, *_said(QT_TRANSLATE_NOOP(
            "ImageErrors", "this TIFF needs the tifffile package, which is not installed"))
        ) from None
    try:
        with tifffile.TiffFile(file_path) as tif:
            page = tif.pages[0]
            _check_size((page.imagewidth, page.imagelength), shown, limit, explicit_limit)
            array = page.asarray()
            samples, extra = page.samplesperpixel, tuple(page.extrasamples or ())
            separate_planes = int(page.planarconfig) == 2
            orientation_tag = page.tags.get("Orientation")
            orientation = int(orientation_tag.value) if orientation_tag else 1
    except ImageLoadError:
        raise
    except MemoryError:
        raise ImageLoadError(shown, *_said(_NO_MEMORY)) from None
    except Exception as exc:  # tifffile raises many types for damaged files
        raise ImageLoadError(shown, *_decode_reason(exc)) from None
    if separate_planes and array.ndim == 3 and samples > 1:
        array = np.moveaxis(array, 0, -1)
    if array.ndim == 3:
        keep_alpha = array.shape[-1] >= 4 and extra[:1] in ((1,), (2,))
        array = array[..., :4] if keep_alpha else array[..., :3]
    if not (array.ndim == 2 or (array.ndim == 3 and array.shape[-1] in (3, 4))):
        raise ImageLoadError(shown, *_said(QT_TRANSLATE_NOOP(
            "ImageErrors", "TIFF sample layout {0} is not supported"), array.shape))
    sample_kind = {np.dtype(np.uint8): "8", np.dtype(np.uint16): "16"}.get(array.dtype, "32F")
    if array.dtype != np.uint16 and array.dtype != np.uint8:
        array = array.astype(np.float32)
    layout = {2: "L", 3: "RGB", 4: "RGBA"}[array.shape[-1] if array.ndim == 3 else 2]
    source_mode = f"{layout};{sample_kind}"
    return _finish(array, shown, "TIFF", source_mode, orientation)


def _orientation_from_exif(pil_image: Image.Image) -> int:
    try:
        return int(pil_image.getexif().get(_EXIF_ORIENTATION_TAG, 1))
    except Exception:  # a damaged EXIF block must not stop the image from loading
        return 1


def apply_orientation(array: np.ndarray, orientation: int) -> np.ndarray:
    """Turn an array stored with EXIF orientation 1..8 upright (as ImageOps.exif_transpose)."""
    if orientation == 2:
        return array[:, ::-1]
    if orientation == 3:
        return array[::-1, ::-1]
    if orientation == 4:
        return array[::-1]
    if orientation == 5:
        return array.swapaxes(0, 1)
    if orientation == 6:
        return np.rot90(array, k=-1)  # stored rotated 90° anticlockwise: turn it clockwise
    if orientation == 7:
        return array[::-1, ::-1].swapaxes(0, 1)
    if orientation == 8:
        return np.rot90(array, k=1)
    return array


def _finish(array: np.ndarray, shown: str, fmt: str, source_mode: str,
            orientation: int) -> LoadedImage:
    transposed = orientation in range(2, 9)
    array = np.ascontiguousarray(apply_orientation(array, orientation) if transposed else array)
    if not array.flags.writeable:
        array = array.copy()
    bit_depth = {np.dtype(np.uint8): 8, np.dtype(np.uint16): 16}.get(array.dtype, 32)
    return LoadedImage(array=array, path=shown, format=fmt, source_mode=source_mode,
                       bit_depth=bit_depth, exif_transposed=transposed)


# --- conversions tools ask for -----------------------------------------------------------

_BT601_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def to_float01(array: np.ndarray) -> np.ndarray:
    """float32 in [0, 1] of an image: uint8 / 255, uint16 / 65535, floats clipped (NaN → 0)."""
    return as_float01(check_image_array(array))


def to_rgb8(array: np.ndarray) -> np.ndarray:
    """(H, W, 3) uint8 for display or 8-bit tools.

    Gray is replicated; alpha is simply dropped (colour kept, not composited);
    uint16 is scaled by 1/257 with rounding; floats are clipped to [0, 1] then × 255.
    """
    rgb8 = as_uint8(check_image_array(array))
    if rgb8.ndim == 2:
        rgb8 = np.repeat(rgb8[..., None], 3, axis=-1)
    return np.ascontiguousarray(rgb8[..., :3])


def to_gray(array: np.ndarray) -> np.ndarray:
    """(H, W) ITU-R BT.601 luma (alpha dropped); uint8/uint16 stay so (rounded), floats float32."""
    array = check_image_array(array)
    if array.dtype == np.bool_:
        array = array.astype(np.uint8) * np.uint8(255)
    if array.ndim == 2:
        return array.astype(np.float32) if array.dtype.kind == "f" else array.copy()
    luma = array[..., :3].astype(np.float32) @ _BT601_LUMA
    if array.dtype.kind == "f":
        return luma
    return np.rint(luma).astype(array.dtype)

__all__ = ["DEFAULT_MAX_PIXELS", "ImageLoadError", "LoadedImage", "SAVE_FORMATS",
           "apply_orientation", "load_image", "read_image", "resolve_max_pixels",
           "check_image_output", "save_image", "to_float01", "to_gray", "to_rgb8"]
