"""The project's structural rules, checked by scanning the source (no imports needed)."""

import ast
import sys
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


def _layer_offences(files, forbidden: str) -> list[str]:
    """``file: module`` for each import of ``forbidden`` or a module under it."""
    return [f"{f.relative_to(PACKAGE)}: {m}" for f in files for m in sorted(_imported_modules(f))
            if m == forbidden or m.startswith(forbidden + ".")]


def test_the_app_reaches_tools_only_through_the_registry():
    """cvlab/ui, app.py and cli.py know the tools only from their manifests (cvlab.tools),
    and a tool's engine never imports the Qt layer."""
    app_files = [*(PACKAGE / "ui").rglob("*.py"), PACKAGE / "app.py", PACKAGE / "cli.py"]
    tool_packages = [t.name for t in (PACKAGE / "tools").iterdir() if (t / "__init__.py").is_file()]
    offences = [o for name in tool_packages
                for o in _layer_offences(app_files, f"cvlab.tools.{name}")]
    engines = [f for f in _qt_free_modules() if "tools" in f.relative_to(PACKAGE).parts]
    offences += _layer_offences(engines, "cvlab.ui")
    assert not offences, "layering broken:\n" + "\n".join(offences)


def test_the_layer_check_itself_catches_a_planted_import(tmp_path, monkeypatch):
    bad = tmp_path / "main_window.py"
    bad.write_text("def f():\n    from cvlab.tools.ct.panel import CTPanel\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    assert _layer_offences([bad], "cvlab.tools.ct") == ["main_window.py: cvlab.tools.ct.panel"]


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


# ----- tools use the views through their public API (issue 13, point 5) -----------------
# A tool may not reach into another object: no `other._name` (nor getattr(other, "_name")),
# and none of the calls that lead to a view's pyqtgraph insides or silence its signals.
VIEW_INTERNAL_CALLS = {"scene", "graphics_view", "getView", "getViewBox", "getImageItem",
                       "view_box", "image_group", "blockSignals"}
ATTRIBUTE_BUILTINS = {"getattr", "setattr", "hasattr", "delattr"}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _reaches_into_objects(source: str) -> list[str]:
    """Each `line: expression` where the code uses another object's private attribute or
    calls one of VIEW_INTERNAL_CALLS (`self._x` and `cls._x` are the code's own)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            own = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            if not own:
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Call):
            func = node.func
            name = (func.attr if isinstance(func, ast.Attribute)
                    else func.id if isinstance(func, ast.Name) else None)
            if name in VIEW_INTERNAL_CALLS:
                found.append(f"{node.lineno}: {ast.unparse(node)}")
            elif (name in ATTRIBUTE_BUILTINS and len(node.args) >= 2
                  and isinstance(node.args[1], ast.Constant)
                  and isinstance(node.args[1].value, str) and _is_private(node.args[1].value)):
                found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_tools_use_views_and_other_objects_through_their_public_api():
    offences = []
    for path in sorted((PACKAGE / "tools").rglob("*.py")):
        for hit in _reaches_into_objects(path.read_text(encoding="utf-8")):
            offences.append(f"{path.relative_to(PACKAGE)}:{hit}")
    assert not offences, ("tools must use public APIs (ImageView's signals and methods, "
                          "QSignalBlocker for their own widgets):\n" + "\n".join(offences))


def test_the_public_api_check_catches_planted_reaches():
    planted = (
        "view._sr_click_connected = True\n"                       # 1 another's private
        "view.graphics_view().scene().sigMouseClicked.connect(f)\n"  # 2 scene, graphics view
        "view.view.blockSignals(True)\n"                           # 3 silencing a view
        "item.setParentItem(view.image_group())\n"                 # 4 pyqtgraph group
        "if getattr(view, '_flag', False): pass\n"                 # 5 private by name
        "self._own = 1; cls._count = 2; x.__class__\n"             # 6 allowed
        "view.add_item(item); view.pixelClicked.connect(f)\n"      # 7 allowed
    )
    lines = sorted({int(hit.split(":")[0]) for hit in _reaches_into_objects(planted)})
    assert lines == [1, 2, 3, 4, 5]
    assert len([h for h in _reaches_into_objects(planted) if h.startswith("2:")]) == 2


# --- no import cycles between files of cvlab/ ---------------------------------------------
# Every import statement counts, at module level or inside a function (a lazy import only
# hides a cycle, it does not remove it). importlib strings are not import statements and
# are not followed.

def _module_names(root: Path) -> dict[str, Path]:
    """Dotted name → file for every .py under ``root`` (a package's __init__ is the package)."""
    names = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The longest known module that ``name`` lies in (``a.b.func`` → ``a.b``), or None."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def _import_edges(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules that ``module`` imports anywhere in its file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(_resolve(alias.name, known) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: climb level-1 packages above this file's package
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                # `from x import y` where y is a submodule imports x.y; else it imports x.
                targets.add(_resolve(f"{source}.{alias.name}", known))
    targets.discard(None)
    targets.discard(module)
    return targets


def _import_graph(root: Path) -> dict[str, set[str]]:
    known = _module_names(root)
    return {name: _import_edges(name, path, known) for name, path in sorted(known.items())}


def _import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path a → … → a) per strongly connected group of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_through(min(group), group, graph) for group in groups]


def _cycle_through(start: str, group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """The shortest path start → … → start inside ``group`` (breadth first)."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph[node] & group):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return path[::-1] + [start]
                if nxt not in came_from:
                    came_from[nxt] = node
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"no cycle through {start} in {sorted(group)}")


def test_no_import_cycles_between_files():
    cycles = _import_cycles(_import_graph(PACKAGE))
    shown = "\n".join(" -> ".join(cycle) for cycle in cycles)
    assert not cycles, f"import cycles (move the shared part to a module both can import):\n{shown}"


def test_the_cycle_check_itself_finds_a_planted_cycle(tmp_path):
    package = tmp_path / "planted"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from planted.sub import c\n")
    (package / "a.py").write_text("import os\nfrom planted import b\n")
    (package / "b.py").write_text("def later():\n    from .sub.c import helper\n")
    (package / "sub" / "c.py").write_text("from ..a import thing\n\ndef helper():\n    pass\n")
    (package / "free.py").write_text("import planted.a\nfrom planted.sub import c\n")
    graph = _import_graph(package)
    assert graph["planted.a"] == {"planted.b"}          # `from x import y`: y is a module
    assert graph["planted.b"] == {"planted.sub.c"}       # relative, inside a function
    assert graph["planted.sub.c"] == {"planted.a"}       # two levels up; a name, not a module
    assert graph["planted.sub"] == {"planted.sub.c"}     # a package __init__ is a file too
    assert _import_cycles(graph) == [["planted.a", "planted.b", "planted.sub.c", "planted.a"]]
    (package / "sub" / "c.py").write_text("import numpy\n")
    assert _import_cycles(_import_graph(package)) == []


# ----- one spelling in code: identifiers say "color" (issue 13, point 7) -----------------
# User-facing text, JSON fields and CLI aliases may say "colour"; names in code may not.
def _british_spelled_names(source: str) -> list[str]:
    import io
    import tokenize

    return [f"{tok.start[0]}: {tok.string}"
            for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type == tokenize.NAME and "colour" in tok.string.lower()]


def test_identifiers_spell_color_one_way():
    roots = [PACKAGE, *(PACKAGE.parent / name for name in ("tests", "bench", "scripts"))]
    found = [f"{path.relative_to(PACKAGE.parent)}:{hit}"
             for root in roots for path in sorted(root.rglob("*.py"))
             for hit in _british_spelled_names(path.read_text(encoding="utf-8"))]
    assert not found, "identifiers say color, not colour:\n" + "\n".join(found)


def test_the_spelling_check_reads_names_not_text():
    planted = 'def colourise(colour_map):\n    return "colour stays in text"  # and colour here\n'
    assert _british_spelled_names(planted) == ["1: colourise", "1: colour_map"]
