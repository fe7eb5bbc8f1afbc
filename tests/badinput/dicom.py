"""Broken and forged DICOM folders, made from real chest CT slices in tests/data.

A folder holds a few real slices (so a command has something to load) and, where the case
says so, one forged or damaged file. Builders return the path a command is given.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pydicom
from pydicom.encaps import encapsulate
from pydicom.uid import UID

from tests.conftest import TEST_DATA

CHEST = sorted((TEST_DATA / "ct" / "chest_ct_axial").iterdir())
GOOD_SLICES = 12  # enough for lungs and a window, few enough for a quick `ct nodules`
MPEG2 = "1.2.840.10008.1.2.4.100"


def good_folder(root: Path, name: str = "series", count: int = GOOD_SLICES) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    middle = len(CHEST) // 2 - count // 2  # through the lungs, not the shoulders
    for source in CHEST[middle: middle + count]:
        shutil.copy(source, folder / source.name)
    return folder


def forged_slice(target: Path, **attributes) -> None:
    """A real slice with some header values replaced (``PixelSpacing=[0, 0]`` ...)."""
    ds = pydicom.dcmread(CHEST[len(CHEST) // 2])
    for name, value in attributes.items():
        setattr(ds, name, value)
    ds.save_as(target)


def folder_with_forged(root: Path, alone: bool = False, **attributes) -> Path:
    """Good slices plus FORGED.dcm; with ``alone`` the forged slice is all there is."""
    folder = root / "series"
    if alone:
        folder.mkdir()
    else:
        good_folder(root)
    forged_slice(folder / "FORGED.dcm", **attributes)
    return folder


def truncated_slice(target: Path) -> None:
    data = CHEST[0].read_bytes()
    target.write_bytes(data[: len(data) // 2])


def slice_without_pixels(target: Path) -> None:
    ds = pydicom.dcmread(CHEST[0])
    del ds.PixelData
    ds.save_as(target)


def slice_with_unsupported_syntax(target: Path) -> None:
    ds = pydicom.dcmread(CHEST[0])
    ds.file_meta.TransferSyntaxUID = UID(MPEG2)
    ds.PixelData = encapsulate([ds.PixelData])
    ds["PixelData"].VR = "OB"
    ds.save_as(target)


def damaged_in_the_middle(root: Path) -> Path:
    """Good slices with three of them replaced by damaged files of the same names."""
    folder = good_folder(root)
    names = sorted(p.name for p in folder.iterdir())
    truncated_slice(folder / names[4])
    slice_without_pixels(folder / names[5])
    slice_with_unsupported_syntax(folder / names[6])
    return folder


def junk_folder(root: Path) -> Path:
    folder = root / "junk"
    folder.mkdir()
    (folder / "notes.txt").write_text("slice thickness 1 mm\n")
    (folder / "scan.dcm").write_bytes(os.urandom(2048))
    (folder / "empty.dcm").write_bytes(b"")
    return folder


def many_junk_files(root: Path, count: int = 2000) -> Path:
    folder = good_folder(root)
    for number in range(count):
        (folder / f"junk{number:05d}.bin").write_bytes(b"\0" * 64)
    return folder


def folder_with_fifo(root: Path) -> Path:
    folder = good_folder(root)
    os.mkfifo(folder / "stream.dcm")
    return folder


def folder_with_symlink_loop(root: Path) -> Path:
    folder = good_folder(root)
    os.symlink(".", folder / "loop")
    os.symlink("self.dcm", folder / "self.dcm")
    return folder


def folder_with_unicode_name(root: Path) -> Path:
    return good_folder(root, name="病人 胸部 CT")


def empty_folder(root: Path) -> Path:
    folder = root / "empty"
    folder.mkdir()
    return folder


def duplicated_slices(root: Path) -> Path:
    """Every slice twice, under two names: one copy of each position must be used."""
    folder = good_folder(root)
    for path in sorted(folder.iterdir()):
        shutil.copy(path, folder / f"copy_{path.name}")
    return folder
