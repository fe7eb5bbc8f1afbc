"""A DICOM header as a flat list of rows for the tag browser, and a search over them.

Sequences are flattened: a sequence row at depth d is followed, for each of its items, by
an item row at depth d + 1 and the item's elements at depth d + 2. Binary values are
summarised by their size, long text is cut, private elements are marked as private.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pydicom
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.tag import BaseTag

from cvlab.core.i18n import translate

BINARY_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "UN"}
MAX_VALUE_CHARS = 120   # a cell in the browser, not the whole value
MAX_LISTED_VALUES = 16  # beyond this a multi-value is summarised by its count
ITEM_TAG = "(FFFE,E000)"


@dataclass(frozen=True)
class TagRow:
    tag: str          # "(0010,0010)"
    keyword: str      # "PatientName"; for private elements "Private: <name> [<creator>]"
    vr: str
    value_text: str
    depth: int = 0
    is_private: bool = False


def read_header(path: str | os.PathLike, force: bool = False) -> Dataset:
    """The file's header without its pixel data (fast, even for large multi-frame files)."""
    return pydicom.dcmread(os.fspath(path), stop_before_pixels=True, force=force)


def dataset_rows(ds: Dataset) -> list[TagRow]:
    """Every element of a dataset (file meta first) as rows, sequences flattened."""
    rows: list[TagRow] = []
    meta = getattr(ds, "file_meta", None)
    if meta is not None:
        _append_rows(meta, 0, rows)
    _append_rows(ds, 0, rows)
    return rows


def _append_rows(ds: Dataset, depth: int, rows: list[TagRow]) -> None:
    for tag in ds.keys():
        try:
            elem = ds[tag]   # converts raw elements (and public UN to their real VR)
        except Exception as exc:  # a malformed element must not hide the rest of the header
            rows.append(TagRow(_tag_text(tag), "", "", _unreadable(exc), depth,
                               BaseTag(tag).is_private))
            continue
        private = elem.tag.is_private
        keyword = _private_name(ds, elem) if private else (elem.keyword or elem.name)
        if elem.VR == "SQ":
            items = list(elem.value or [])
            count = (translate("DicomTags", "<{0} item>") if len(items) == 1
                     else translate("DicomTags", "<{0} items>")).format(len(items))
            rows.append(TagRow(_tag_text(elem.tag), keyword, "SQ", count, depth, private))
            for number, item in enumerate(items, start=1):
                where = translate("DicomTags", "item {0} of {1}").format(number, len(items))
                rows.append(TagRow(ITEM_TAG, "Item", "", where, depth + 1, private))
                _append_rows(item, depth + 2, rows)
            continue
        rows.append(TagRow(_tag_text(elem.tag), keyword, str(elem.VR), _value_text(elem),
                           depth, private))


def _tag_text(tag) -> str:
    tag = BaseTag(tag)
    return f"({tag.group:04X},{tag.element:04X})"


def _private_name(ds: Dataset, elem) -> str:
    if elem.tag.is_private_creator:
        return "Private Creator"
    name = elem.name.strip("[]") if elem.name.startswith("[") else ""
    creator = getattr(elem, "private_creator", None) or _creator_of(ds, elem.tag)
    text = "Private"
    if name:
        text += f": {name}"
    if creator:
        text += f" [{creator}]"
    return text


def _creator_of(ds: Dataset, tag: BaseTag) -> str:
    creator_tag = BaseTag((tag.group << 16) | (tag.element >> 8))
    if creator_tag in ds:
        value = ds[creator_tag].value
        return value.decode("latin-1", "replace") if isinstance(value, bytes) else str(value)
    return ""


def _value_text(elem) -> str:
    vr = str(elem.VR)
    try:
        value = elem.value
    except Exception as exc:
        return _unreadable(exc)
    if value is None or value == "":
        return ""
    if vr in BINARY_VRS or isinstance(value, (bytes, bytearray)) or elem.tag == 0x7FE00010:
        size = len(value) if isinstance(value, (bytes, bytearray)) else elem.length
        return translate("DicomTags", "<{0} bytes>").format(size)
    if isinstance(value, (list, tuple, MultiValue)):
        values = list(value)
        if len(values) > MAX_LISTED_VALUES:
            return translate("DicomTags", "<{0} values: {1}, …>").format(
                len(values), ", ".join(str(v) for v in values[:4]))
        text = "\\".join(str(v) for v in values)
    else:
        text = str(value)
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if len(text) > MAX_VALUE_CHARS:
        return translate("DicomTags", "{0}… ({1} characters)").format(text[:MAX_VALUE_CHARS],
                                                                     len(text))
    return text


def _unreadable(exc: Exception) -> str:
    return translate("DicomTags", "<unreadable: {0}>").format(exc)


_TAG_QUERY = re.compile(r"^\(?\s*([0-9a-f]{4})\s*,?\s*([0-9a-f]{4})\s*\)?$", re.IGNORECASE)


def filter_rows(rows: Iterable[TagRow], query: str) -> list[TagRow]:
    """Rows whose tag, keyword or value contains the query (case-insensitive).

    A tag can be typed as "(0010,0010)", "0010,0010" or "00100010". A matching element
    inside a sequence brings its sequence and item rows along, so it keeps its context.
    """
    rows = list(rows)
    needle = query.strip().lower()
    if not needle:
        return rows
    tag_match = _TAG_QUERY.match(needle)
    compact_needle = (tag_match.group(1) + tag_match.group(2)) if tag_match else None
    keep = [False] * len(rows)
    parents: list[int] = []   # index of the nearest row at each shallower depth
    for index, row in enumerate(rows):
        del parents[row.depth:]
        if _row_matches(row, needle, compact_needle):
            keep[index] = True
            for parent in parents:
                keep[parent] = True
        parents.extend([index] * (row.depth + 1 - len(parents)))
    return [row for row, kept in zip(rows, keep) if kept]


def _row_matches(row: TagRow, needle: str, compact_needle: str | None) -> bool:
    if compact_needle is not None:
        compact_tag = row.tag.strip("()").replace(",", "").lower()
        if compact_needle == compact_tag:
            return True
    return (needle in row.tag.lower() or needle in row.keyword.lower()
            or needle in row.value_text.lower())
