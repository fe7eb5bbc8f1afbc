"""The project's structural rules, checked by scanning the source (no imports needed)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cvlab"
QT_MODULES = {"PySide6", "pyqtgraph", "superqt", "shiboken6", "PyQt5", "PyQt6", "qtpy"}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _qt_free_modules() -> list[Path]:
    files = list((PACKAGE / "core").rglob("*.py"))
    for tool in (PACKAGE / "tools").iterdir():
        if tool.is_dir():
            files += [f for f in tool.rglob("*.py")
                      if not f.relative_to(tool).parts[0].startswith("panel")]
    files.append(PACKAGE / "tools" / "__init__.py")
    return sorted(files)


def test_scan_finds_the_engine_modules():
    names = {p.name for p in _qt_free_modules()}
    assert {"device.py", "fileio.py", "images.py"} <= names


@pytest.mark.parametrize("path", _qt_free_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_and_tool_engines_import_no_qt(path):
    bad = _imported_roots(path) & QT_MODULES
    assert not bad, f"{path} imports {sorted(bad)}: Qt belongs in cvlab/ui and tools' panel.py"


def test_tools_do_not_import_each_other():
    tools = [t for t in (PACKAGE / "tools").iterdir() if t.is_dir() and t.name != "__pycache__"]
    for tool in tools:
        others = {f"cvlab.tools.{t.name}" for t in tools if t != tool}
        for f in tool.rglob("*.py"):
            used = {m for m in _imported_modules(f) for o in others
                    if m == o or m.startswith(o + ".")}
            assert not used, f"{f} imports another tool {sorted(used)}: share through core/ or ui/"


def test_no_unsafe_torch_load():
    for f in PACKAGE.rglob("*.py"):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "load" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "torch"):
                kw = {k.arg: k.value for k in node.keywords}
                ok = isinstance(kw.get("weights_only"), ast.Constant) and kw["weights_only"].value
                assert ok, f"{f}:{node.lineno} torch.load without weights_only=True"


def test_the_detector_itself_catches_a_qt_import(tmp_path):
    bad = tmp_path / "engine.py"
    bad.write_text("import numpy\nfrom PySide6.QtCore import QObject\n")
    assert _imported_roots(bad) & QT_MODULES == {"PySide6"}
