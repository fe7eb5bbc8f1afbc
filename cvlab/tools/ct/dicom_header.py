"""One DICOM file's header, read fast and reduced to the facts a CT viewer needs.

Only the listed tags are parsed and reading stops before the pixels, so a header costs a
fraction of a millisecond. While the file is open we also note where the pixel data
starts: uncompressed slices can then be read later with one seek and one read, no
parsing at all. Enhanced (multi-frame) CT keeps its geometry, rescale and windows in
functional group sequences; they are flattened here into one ``FrameInfo`` per frame.
"""

from __future__ import annotations

import math
import os
import struct
import warnings
from dataclasses import dataclass, field

import pydicom
from pydicom.datadict import dictionary_VR
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.multival import MultiValue
from pydicom.tag import Tag
from pydicom.uid import DeflatedExplicitVRLittleEndian

from cvlab.core.i18n import translate
from cvlab.tools.ct.geometry import MAX_SPACING_MM, MIN_SPACING_MM, plausible_spacing

DICOMDIR_SOP_CLASS = "1.2.840.10008.1.3.10"
PIXEL_DATA_TAG = b"\xe0\x7f\x10\x00"  # (7FE0,0010) little endian
LONG_LENGTH_VRS = {b"OB", b"OW", b"OD", b"OF", b"OL", b"OV", b"UN"}
UNDEFINED_LENGTH = 0xFFFFFFFF

# Series-level tags copied as plain strings into SeriesInfo.header and Volume.header.
HEADER_KEYWORDS = (
    "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "PatientAge",
    "StudyDate", "StudyTime", "StudyID", "StudyDescription", "AccessionNumber",
    "SeriesNumber", "SeriesDescription", "SeriesDate", "SeriesTime", "Modality",
    "BodyPartExamined", "SliceThickness", "KVP", "XRayTubeCurrent", "ExposureTime",
    "ConvolutionKernel", "InstitutionName", "Manufacturer", "ManufacturerModelName",
    "StudyInstanceUID", "SeriesInstanceUID", "FrameOfReferenceUID",
)
GEOMETRY_KEYWORDS = (
    "SOPClassUID", "SOPInstanceUID", "InstanceNumber", "ImagePositionPatient",
    "ImageOrientationPatient", "SliceLocation", "Rows", "Columns", "PixelSpacing",
    "SpacingBetweenSlices", "NumberOfFrames", "SamplesPerPixel", "PhotometricInterpretation",
    "PlanarConfiguration", "BitsAllocated", "BitsStored", "PixelRepresentation",
    "RescaleSlope", "RescaleIntercept", "WindowCenter", "WindowWidth",
    "SharedFunctionalGroupsSequence", "PerFrameFunctionalGroupsSequence",
)
# As tags, not keywords: pydicom would otherwise look every keyword up for every file.
SCAN_TAGS = [Tag(keyword) for keyword in dict.fromkeys(HEADER_KEYWORDS + GEOMETRY_KEYWORDS)]


BINARY_NUMBER_FORMATS = {"US": "H", "SS": "h", "UL": "I", "SL": "i", "FL": "f", "FD": "d"}
TEXT_VRS = {"UI", "CS", "AS", "DA", "TM"}  # plain ASCII; names and descriptions use pydicom
_TAG_OF = {keyword: Tag(keyword) for keyword in HEADER_KEYWORDS + GEOMETRY_KEYWORDS}
_DICTIONARY_VR = {tag: dictionary_VR(tag) for tag in _TAG_OF.values()}


class HeaderError(Exception):
    """The file is not a usable DICOM image; the message is the reason shown to users."""


@dataclass
class FrameInfo:
    """One slice inside a file: the whole file, or one frame of a multi-frame file."""

    frame: int | None
    position: tuple[float, float, float] | None
    slope: float = 1.0
    intercept: float = 0.0


@dataclass
class ImageHeader:
    path: str
    series_uid: str
    sop_instance_uid: str
    instance_number: int | None
    slice_location: float | None
    orientation: tuple[float, ...] | None         # the six IOP values
    rows: int
    columns: int
    pixel_spacing: tuple[float, float] | None     # (row spacing, column spacing) mm
    frames: list[FrameInfo]
    transfer_syntax: str
    photometric: str
    samples_per_pixel: int
    bits_allocated: int
    bits_stored: int
    pixel_representation: int                      # 0 unsigned, 1 signed
    slice_thickness: float | None = None
    spacing_between_slices: float | None = None
    windows: list[tuple[float, float]] = field(default_factory=list)  # (width, level)
    pixel_value_offset: int | None = None   # where uncompressed pixel bytes start
    pixel_value_length: int | None = None
    # The parsed header, kept so that the overlay tags are only turned into text for the
    # files that need them (one per series), not for every slice of a large scan.
    dataset: Dataset | None = field(default=None, repr=False, compare=False)
    _tags: dict[str, str] | None = field(default=None, repr=False, compare=False)

    @property
    def tags(self) -> dict[str, str]:
        """Series-level tags (HEADER_KEYWORDS) as plain strings, for overlays."""
        if self._tags is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                self._tags = header_tags(self.dataset) if self.dataset is not None else {}
            if self.slice_thickness is not None:
                self._tags.setdefault("SliceThickness", f"{self.slice_thickness:g}")
        return self._tags

    @property
    def is_rgb(self) -> bool:
        return self.samples_per_pixel == 3

    @property
    def number_of_frames(self) -> int:
        return len(self.frames)

    @property
    def frame_bytes(self) -> int:
        return self.rows * self.columns * self.samples_per_pixel * self.bits_allocated // 8


def read_image_header(path: str) -> ImageHeader:
    """The header of one image file; raises ``HeaderError`` (with the reason) otherwise."""
    # Real headers break VR rules often (long SH, hex UIDs); the values still read fine,
    # and one warning per tag per file would drown the useful ones.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return _read_image_header(path)


def _read_image_header(path: str) -> ImageHeader:
    try:
        with open(path, "rb") as fp:
            ds = _read_dataset(fp)
            pixel_start = fp.tell()   # pydicom rewinds to the start of the pixel element
            element = fp.read(12)
            file_size = os.fstat(fp.fileno()).st_size
    except OSError as exc:
        raise HeaderError(translate("DicomHeader", "unreadable: {0}").format(
            exc.strerror or exc)) from exc
    meta = getattr(ds, "file_meta", None)
    if meta is not None and meta.get("MediaStorageSOPClassUID") == DICOMDIR_SOP_CLASS:
        raise HeaderError(translate("DicomHeader", "DICOMDIR index file (no image)"))
    if "Rows" not in ds or "Columns" not in ds:
        sop_class = _sop_class_name(ds)
        if "Image" in sop_class:  # an image class without image attributes: cut short
            raise HeaderError(translate("DicomHeader", "damaged DICOM header: {0} without "
                                        "Rows/Columns (truncated file?)").format(sop_class))
        raise HeaderError(translate("DicomHeader", "no image: {0}").format(sop_class))

    syntax = str(meta.get("TransferSyntaxUID", "")) if meta is not None else ""
    _check_declared_sizes(ds, syntax, file_size)
    header = _image_header(ds, path, syntax)
    _check_geometry_and_rescale(header)
    if syntax != DeflatedExplicitVRLittleEndian:
        if pixel_start >= file_size or not element.startswith(PIXEL_DATA_TAG):
            raise HeaderError(translate("DicomHeader",
                                        "no pixel data (PixelData element missing)"))
        offset, length = _pixel_value_extent(element, pixel_start)
        if length != UNDEFINED_LENGTH:
            available = file_size - offset
            expected = header.frame_bytes * header.number_of_frames
            if length < expected:  # never allocate what the header merely claims
                raise HeaderError(translate("DicomHeader", "pixel data has {0} bytes, but Rows "
                                            "× Columns × frames declare {1}").format(
                    length, expected))
            if available < min(length, expected):
                raise HeaderError(translate("DicomHeader", "truncated: pixel data has {0} of "
                                            "{1} bytes").format(available,
                                                                min(length, expected)))
            header.pixel_value_offset, header.pixel_value_length = offset, length
    return header


# An encapsulated frame is at least one item: an 8-byte item header and some data.
MIN_ENCAPSULATED_FRAME_BYTES = 8


def _check_declared_sizes(ds: Dataset, syntax: str, file_size: int) -> None:
    """Refuse sizes the file cannot hold before anything is built from them: a forged
    NumberOfFrames of 2,000,000,000 in a 130 kB file would otherwise become as many frame
    records (gigabytes) before a single pixel is read."""
    rows, columns = as_int(value_of(ds, "Rows")), as_int(value_of(ds, "Columns"))
    if not rows or not columns or rows < 0 or columns < 0:
        raise HeaderError(translate("DicomHeader", "Rows × Columns is {0} × {1}: no image")
                          .format(rows, columns))
    frames = as_int(value_of(ds, "NumberOfFrames")) or 1
    if frames < 1:
        raise HeaderError(translate("DicomHeader", "NumberOfFrames is {0}").format(frames))
    _check_pixel_format(ds)
    samples = max(as_int(value_of(ds, "SamplesPerPixel")) or 1, 1)
    bits = max(as_int(value_of(ds, "BitsAllocated")) or 16, 1)
    encapsulated = pydicom.uid.UID(syntax).is_encapsulated if syntax else False
    frame_bytes = (MIN_ENCAPSULATED_FRAME_BYTES if encapsulated
                   else max(rows * columns * samples * bits // 8, 1))
    if frames > 1 and frames * frame_bytes > file_size:  # one frame: the pixel check
        raise HeaderError(translate("DicomHeader", "NumberOfFrames is {0}, more than the "
                                    "file's {1} bytes can hold ({2} at most)").format(
            frames, file_size, file_size // frame_bytes))


def _check_pixel_format(ds: Dataset) -> None:
    """The pixel format values a decoder trusts: a BitsAllocated of 0 was read as 16 bits
    without a word. Absent values are left to the decoder's defaults."""
    allocated = as_int(value_of(ds, "BitsAllocated"))
    if allocated is not None and allocated not in (1, 8, 16, 32, 64):
        raise HeaderError(translate("DicomHeader", "BitsAllocated is {0} (DICOM pixels take "
                                    "1, 8, 16, 32 or 64 bits)").format(allocated))
    stored = as_int(value_of(ds, "BitsStored"))
    if stored is not None and allocated and not 1 <= stored <= allocated:
        raise HeaderError(translate("DicomHeader", "BitsStored is {0}, but BitsAllocated is "
                                    "{1}").format(stored, allocated))
    samples = as_int(value_of(ds, "SamplesPerPixel"))
    if samples is not None and samples not in (1, 3, 4):
        raise HeaderError(translate("DicomHeader", "SamplesPerPixel is {0} (1 for gray, 3 "
                                    "for colour)").format(samples))


def _check_geometry_and_rescale(header: ImageHeader) -> None:
    """Values that would give wrong pixels or sizes without a word: a spacing of 0 divides
    by zero, a negative one flips the image, NaN turns every pixel black, a slope of 0 was
    quietly read as 1, and 1e-6 mm pixels stretched a render a millionfold (268 GB).
    Checked on the values in use, so enhanced CT's functional groups are covered too. One
    sentence per problem."""
    spacing = header.pixel_spacing
    if spacing is not None:
        if not all(math.isfinite(v) and v > 0 for v in spacing):
            raise HeaderError(translate("DicomHeader", "PixelSpacing is {0:g} \\ {1:g} mm (it "
                                        "must be positive)").format(*spacing))
        if not all(plausible_spacing(v) for v in spacing):
            raise HeaderError(translate("DicomHeader", "PixelSpacing is {0:g} \\ {1:g} mm, "
                                        "outside the {2:g}–{3:g} mm of any real image").format(
                spacing[0], spacing[1], MIN_SPACING_MM, MAX_SPACING_MM))
    if header.orientation is not None and not all(map(math.isfinite, header.orientation)):
        raise HeaderError(translate("DicomHeader", "ImageOrientationPatient is {0}").format(
            " \\ ".join(f"{v:g}" for v in header.orientation)))
    for info in header.frames:
        where = (translate("DicomHeader", " in frame {0}").format(info.frame + 1)
                 if info.frame is not None else "")
        if not math.isfinite(info.slope) or info.slope == 0:
            raise HeaderError(translate("DicomHeader", "RescaleSlope is {0:g}{1} (Hounsfield "
                                        "units need a finite, non-zero slope)").format(
                info.slope, where))
        if not math.isfinite(info.intercept):
            raise HeaderError(translate("DicomHeader", "RescaleIntercept is {0:g}{1}").format(
                info.intercept, where))
        if info.position is not None and not all(map(math.isfinite, info.position)):
            raise HeaderError(translate("DicomHeader", "ImagePositionPatient is {0}{1}").format(
                " \\ ".join(f"{v:g}" for v in info.position), where))


def _read_dataset(fp) -> Dataset:
    try:
        return pydicom.dcmread(fp, stop_before_pixels=True, specific_tags=SCAN_TAGS)
    except InvalidDicomError:
        # Old files may lack the 128-byte preamble and 'DICM'; accept them when they
        # start like a dataset (group 0008, little endian), reject anything else.
        fp.seek(0)
        if fp.read(2) not in (b"\x08\x00", b"\x02\x00"):
            raise HeaderError(translate("DicomHeader", "not a DICOM file")) from None
        fp.seek(0)
        try:
            return pydicom.dcmread(fp, stop_before_pixels=True, specific_tags=SCAN_TAGS,
                                   force=True)
        except Exception as exc:
            raise HeaderError(_damaged(exc)) from exc
    except Exception as exc:  # pydicom raises many kinds on damaged headers
        raise HeaderError(_damaged(exc)) from exc


def _damaged(exc: Exception) -> str:
    return translate("DicomHeader", "damaged DICOM header: {0}").format(exc)


def _pixel_value_extent(element: bytes, element_start: int) -> tuple[int, int]:
    """(offset of the value, its length) from the pixel element's first 12 bytes."""
    if len(element) >= 12 and element[4:6] in LONG_LENGTH_VRS and element[6:8] == b"\0\0":
        return element_start + 12, struct.unpack("<I", element[8:12])[0]
    return element_start + 8, struct.unpack("<I", element[4:8])[0]  # implicit VR


def _image_header(ds: Dataset, path: str, syntax: str) -> ImageHeader:
    frame_count = max(as_int(value_of(ds, "NumberOfFrames")) or 1, 1)
    orientation = as_floats(value_of(ds, "ImageOrientationPatient"), 6)
    spacing = as_floats(value_of(ds, "PixelSpacing"), 2)
    thickness = as_float(value_of(ds, "SliceThickness"))
    windows = windows_of(ds)
    slope, intercept = rescale_of(ds)
    position = as_floats(value_of(ds, "ImagePositionPatient"), 3)
    bits_allocated = as_int(value_of(ds, "BitsAllocated")) or 16
    frames = [FrameInfo(None, position, slope, intercept)]

    if "PerFrameFunctionalGroupsSequence" in ds or "SharedFunctionalGroupsSequence" in ds:
        # Enhanced objects: per-frame groups override shared ones, which override the root.
        frames = []
        for index in range(frame_count):
            plane = functional_item(ds, index, "PlanePositionSequence")
            rescale = functional_item(ds, index, "PixelValueTransformationSequence")
            frame_slope, frame_intercept = rescale_of(rescale) if rescale else (slope,
                                                                                intercept)
            frame_position = (as_floats(value_of(plane, "ImagePositionPatient"), 3)
                              if plane else position)
            frames.append(FrameInfo(index, frame_position, frame_slope, frame_intercept))
        plane_orientation = functional_item(ds, 0, "PlaneOrientationSequence")
        if plane_orientation is not None:
            orientation = as_floats(value_of(plane_orientation, "ImageOrientationPatient"),
                                    6)
        measures = functional_item(ds, 0, "PixelMeasuresSequence")
        if measures is not None:
            spacing = as_floats(value_of(measures, "PixelSpacing"), 2) or spacing
            thickness = as_float(value_of(measures, "SliceThickness")) or thickness
        voi = functional_item(ds, 0, "FrameVOILUTSequence")
        if voi is not None:
            windows = windows_of(voi) or windows
    elif frame_count > 1:
        frames = [FrameInfo(i, position, slope, intercept) for i in range(frame_count)]

    return ImageHeader(
        path=path, series_uid=as_text(value_of(ds, "SeriesInstanceUID")),
        sop_instance_uid=as_text(value_of(ds, "SOPInstanceUID")),
        instance_number=as_int(value_of(ds, "InstanceNumber")),
        slice_location=as_float(value_of(ds, "SliceLocation")), orientation=orientation,
        rows=as_int(value_of(ds, "Rows")), columns=as_int(value_of(ds, "Columns")),
        pixel_spacing=spacing, frames=frames,
        transfer_syntax=syntax,
        photometric=as_text(value_of(ds, "PhotometricInterpretation")) or "MONOCHROME2",
        samples_per_pixel=as_int(value_of(ds, "SamplesPerPixel")) or 1,
        bits_allocated=bits_allocated,
        bits_stored=as_int(value_of(ds, "BitsStored")) or bits_allocated,
        pixel_representation=as_int(value_of(ds, "PixelRepresentation")) or 0,
        slice_thickness=thickness,
        spacing_between_slices=as_float(value_of(ds, "SpacingBetweenSlices")),
        windows=windows, dataset=ds)


def value_of(ds: Dataset, keyword: str):
    """An element's value, parsed straight from its raw bytes where that is simple.

    pydicom's value conversion (DSfloat objects, validation) costs more than reading the
    whole header; numbers and text are all a slice scan needs. Anything unusual (big
    endian, odd VRs) goes through pydicom. Numbers come back as a tuple, text as str.
    """
    tag = _TAG_OF[keyword] if keyword in _TAG_OF else Tag(keyword)
    element = ds.get_item(tag)
    if element is None:
        return None
    if not getattr(element, "is_raw", False) or not element.is_little_endian:
        return ds.get(keyword)
    raw, vr = element.value, element.VR
    if vr in (None, "UN"):
        vr = _DICTIONARY_VR.get(tag)
    if raw is None or not isinstance(raw, bytes):
        return ds.get(keyword)
    if vr in BINARY_NUMBER_FORMATS:
        code = BINARY_NUMBER_FORMATS[vr]
        count = len(raw) // struct.calcsize(code)
        return struct.unpack(f"<{count}{code}", raw[: count * struct.calcsize(code)])
    if vr in ("DS", "IS"):
        try:
            return tuple(float(part) for part in raw.split(b"\\") if part.strip(b" \0"))
        except ValueError:
            return None
    if vr in TEXT_VRS:
        return raw.decode("ascii", "replace").strip(" \0")
    return ds.get(keyword)


def functional_item(ds: Dataset, frame: int, sequence: str) -> Dataset | None:
    """First item of a functional group macro for a frame: per-frame first, then shared."""
    for groups, index in (("PerFrameFunctionalGroupsSequence", frame),
                          ("SharedFunctionalGroupsSequence", 0)):
        items = ds.get(groups)
        if items and index < len(items):
            macro = items[index].get(sequence)
            if macro:
                return macro[0]
    return None


def rescale_of(ds: Dataset) -> tuple[float, float]:
    slope = as_float(value_of(ds, "RescaleSlope"))
    intercept = as_float(value_of(ds, "RescaleIntercept"))
    # A slope of 0 is kept (not read as 1) so that the header check refuses it.
    return (slope if slope is not None else 1.0), (intercept if intercept is not None else 0.0)


def windows_of(ds: Dataset) -> list[tuple[float, float]]:
    """(width, level) pairs; WindowCenter/WindowWidth may each hold several values."""
    centres = as_floats(value_of(ds, "WindowCenter"))
    widths = as_floats(value_of(ds, "WindowWidth"))
    if not centres or not widths:
        return []
    return [(width, centre) for centre, width in zip(centres, widths)
            if width > 0 and math.isfinite(width) and math.isfinite(centre)]


def header_tags(ds: Dataset) -> dict[str, str]:
    tags = {}
    for keyword in HEADER_KEYWORDS:
        text = as_text(ds.get(keyword))
        if text:
            tags[keyword] = text
    exposure = functional_item(ds, 0, "CTExposureSequence")  # enhanced CT keeps mA here
    if exposure is not None and "XRayTubeCurrentInmA" in exposure:
        tags.setdefault("XRayTubeCurrent", as_text(exposure.XRayTubeCurrentInmA))
    return tags


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, MultiValue)):
        return "\\".join(str(v) for v in value)
    return str(value).strip()


def as_float(value) -> float | None:
    values = as_floats(value)
    return values[0] if values else None


def as_int(value) -> int | None:
    number = as_float(value)
    # An IS of "nan" or "1e999" is no number at all; int() would raise on it.
    return int(round(number)) if number is not None and math.isfinite(number) else None


def as_floats(value, count: int | None = None) -> tuple[float, ...] | None:
    """Numbers from a DS/IS/FD value (single or multi); None when absent or malformed."""
    if value is None or value == "":
        return None
    items = value if isinstance(value, (list, tuple, MultiValue)) else [value]
    try:
        numbers = tuple(float(v) for v in items)
    except (TypeError, ValueError):
        return None
    if not numbers or (count is not None and len(numbers) != count):
        return None
    return numbers


def _sop_class_name(ds: Dataset) -> str:
    meta = getattr(ds, "file_meta", None)
    uid = ds.get("SOPClassUID") or (meta.get("MediaStorageSOPClassUID") if meta else None)
    return getattr(uid, "name", str(uid)) if uid else translate("DicomHeader", "a DICOM object")
