"""Adding a tool is one package plus one line: a throwaway tool from tests/fixtures/toy_tool
is registered, and its tab, CLI command, weights entry, sample and input kind appear --
and nothing else changes. A registry whose tools clash fails loudly."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings

import cvlab.tools as registry
from cvlab.cli import main
from cvlab.core.weights import local_path, status

TOY = "tests.fixtures.toy_tool"


def snapshot() -> dict:
    """What the registry offers the app, as plain values."""
    return {
        "tabs": [(s.id, s.title) for s in registry.tool_specs()],
        "commands": [(spec.id, c.verb, c.module) for spec, c in registry.tool_commands()],
        "weights": registry.weights_catalogue().entries(),
        "samples": [(spec.id, s) for spec, s in registry.tool_samples()],
        "input_kinds": registry.input_kinds(),
    }


@pytest.fixture
def baseline() -> dict:
    return snapshot()


@pytest.fixture
def with_toy(monkeypatch, baseline):
    """The real registry plus the toy tool: one line, as a contributor would add it. The
    registry's views are cached per TOOL_MODULES value, so nothing needs clearing."""
    monkeypatch.setattr(registry, "TOOL_MODULES", registry.TOOL_MODULES + (TOY,))
    return baseline


def test_the_toy_tool_adds_exactly_its_own_parts(with_toy, monkeypatch):
    baseline = with_toy
    now = snapshot()
    assert now["tabs"] == baseline["tabs"] + [("toy", "Toy")]
    assert now["commands"] == baseline["commands"] + [("toy", "toy", f"{TOY}.cli")]
    names = [e.name for e in now["weights"]]
    assert names == [e.name for e in baseline["weights"]] + ["toy_weights"]
    assert now["weights"][:-1] == baseline["weights"]  # every other entry unchanged
    assert [(tool, s.title) for tool, s in now["samples"]] == (
        [(tool, s.title) for tool, s in baseline["samples"]] + [("toy", "Toy sample (tests)")])
    assert [k.name for k in now["input_kinds"]] == [k.name for k in baseline["input_kinds"]] + [
        "toy"]
    monkeypatch.undo()
    assert snapshot() == baseline  # unregistering brings the real registry back


def test_toy_weights_entry_is_checked_and_listed(with_toy, capsys):
    entry = registry.weights_catalogue().get("toy_weights")
    assert status(entry) == "present"  # the committed file matches its real sha256
    assert local_path(entry).read_bytes().startswith(b"toy weights")
    assert main(["weights", "list"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines()
               if line.startswith("toy_weights"))
    assert "present" in row and "committed file tests/fixtures/toy_tool" in row
    assert main(["weights", "verify", "--json"]) == 0
    results = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert results["toy_weights"]["ok"] and results["toy_weights"]["status"] == "present"


def test_toy_command_runs_and_is_listed_with_its_tab(with_toy, capsys):
    sample = registry.tool_samples()[-1][1].make()
    assert main(["toy", str(sample)]) == 0
    assert "toy: sample.toy has 2 lines" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    toy_line = next(line for line in help_text.splitlines() if line.strip().startswith("toy "))
    assert "count the lines of a .toy file" in toy_line and "[Toy tab]" in toy_line
    assert "[CT tab]" in help_text and "weights" in help_text


def test_toy_tab_sample_and_input_kind_in_the_main_window(with_toy, qtbot, tmp_path):
    from cvlab.ui.main_window import MainWindow
    from cvlab.ui.models_dialog import ModelsDialog
    from cvlab.ui.worker import DeviceWorker

    baseline = with_toy
    worker = DeviceWorker(device_spec="cpu")
    worker.start()
    window = MainWindow(worker, QSettings(str(tmp_path / "cvlab.ini"), QSettings.IniFormat))
    qtbot.addWidget(window)
    try:
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert titles == [title for _, title in baseline["tabs"]] + ["Toy"]
        toy = window.panels[-1]
        assert toy.spec.id == "toy" and type(toy).__name__ == "ToyPanel"

        expected = [s.title for _, s in baseline["samples"] if s.available()]
        menu = [a.text() for a in window.samples_menu.actions()]
        assert menu == expected + ["Toy sample (tests)"]
        window.samples_menu.actions()[-1].trigger()  # made on the worker, then opened
        qtbot.waitUntil(lambda: bool(toy.opened), timeout=30_000)
        assert window.tabs.currentWidget() is toy and "2 lines" in toy.label.text()

        other = tmp_path / "notes.toy"  # the manifest's input kind routes it to the toy tab
        other.write_text("one\n", encoding="utf-8")
        window.tabs.setCurrentIndex(0)
        assert window.open_path(other) and toy.opened[-1] == other
        more = tmp_path / "more.toy"
        more.write_text("a\nb\nc\n", encoding="utf-8")
        toy.open_files([other, more])  # ToolPanel's default: each in turn, the last shown
        assert toy.opened[-2:] == [other, more] and "3 lines" in toy.label.text()

        plan = toy.spec.screenshot_plan(toy)
        assert [name for name, _, _ in plan] == ["sample"]

        dialog = ModelsDialog(window, check_on_open=False)
        qtbot.addWidget(dialog)
        assert "toy_weights" in dialog._rows
    finally:
        window.close()
        assert worker.shutdown(10_000)


@pytest.mark.parametrize("module, message", [
    ("same_id", "duplicate tool ids in the registry: \\['ct'\\]"),
    ("same_verb", "duplicate CLI verbs in the registry: \\['sr'\\]"),
    ("reserved_verb", "duplicate CLI verbs in the registry: \\['weights'\\]"),
    ("same_weights", "duplicate weights names in the registry: \\['srresnet_x4'\\]"),
])
def test_a_clashing_tool_fails_loudly(monkeypatch, module, message):
    monkeypatch.setattr(registry, "TOOL_MODULES",
                        registry.TOOL_MODULES + (f"tests.fixtures.broken_registries.{module}",))
    with pytest.raises(registry.RegistryError, match=message):
        snapshot()


def test_a_catalogue_refuses_duplicate_names():
    from cvlab.core.weights import Catalogue
    from tests.fixtures.toy_tool.weights import TOY_WEIGHTS

    with pytest.raises(ValueError, match="duplicate catalogue entry 'toy_weights'"):
        Catalogue([TOY_WEIGHTS, TOY_WEIGHTS])


def test_every_real_manifest_names_things_that_exist():
    """The lazy "module:attribute" strings of the real tools resolve (without running them)."""
    from cvlab.core.manifest import resolve
    from cvlab.ui.tool_panel import ToolPanel

    for spec in registry.tool_specs():
        assert issubclass(spec.load_panel_class(), ToolPanel), spec.id
        assert spec.opens or not spec.samples, spec.id  # a tab that opens nothing has no samples
        for command in spec.commands:
            assert callable(resolve(command.module + ":register")), command
        for sample in spec.samples:
            assert sample.kind in spec.opens, (spec.id, sample.title)
            assert callable(resolve(sample.maker)) if sample.maker else sample.path.exists()
        if spec.screenshots:
            assert callable(resolve(spec.screenshots)), spec.id
    owned = [e.name for spec in registry.tool_specs() for e in spec.weight_entries()]
    assert set(owned) < set(registry.weights_catalogue())  # plus the shared backbones


def test_core_never_imports_the_registry_or_a_tool():
    """Layering: core <- tools <- ui/app/cli. Core gets the app-wide catalogue handed in."""
    import ast
    from pathlib import Path

    core = Path(registry.__file__).resolve().parents[1] / "core"
    for path in core.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            bad = [n for n in names if n.split(".")[:2] in (["cvlab", "tools"], ["cvlab", "ui"])]
            assert not bad, f"{path} imports {bad}"
