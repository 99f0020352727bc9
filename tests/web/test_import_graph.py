"""The modules of ``newsweave.web`` import one another one way: no module imports back one that imports it.

Read from the source, so an import inside a function (which Python runs late and so tolerates in
a cycle) counts as much as one at the top.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import newsweave

WEB = Path(newsweave.__file__).parent / "web"


def _imports(folder: Path, package: str) -> dict[str, set[str]]:
    """Each module of the package in ``folder`` and the modules of that package it imports anywhere."""
    modules = {package if path.stem == "__init__" else f"{package}.{path.stem}": path for path in folder.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        named: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                named.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from the package this file is in, or one above it
                    parent = package.rsplit(".", node.level - 1)[0]
                    base = f"{parent}.{base}" if base else parent
                # A submodule by name, else a name from the module (``__init__`` for a package).
                named.update(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names)
        graph[name] = {target for target in named if target in modules and target != name}
    return graph


def _find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """A cycle of ``graph`` as ``[a, b, ..., a]``, or ``[]`` when there is none."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str]:
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if target in path:
                return [*path[path.index(target) :], target]
            if target not in done:
                found = visit(target)
                if found:
                    return found
        path.pop()
        done.add(node)
        return []

    for node in sorted(graph):
        if node not in done:
            found = visit(node)
            if found:
                return found
    return []


def test_find_cycle_names_a_cycle_and_only_a_cycle() -> None:
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_imports_count_an_import_inside_a_function(tmp_path: Path) -> None:
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "app.py").write_text("def create():\n    from pkg import routes\n")
    (tmp_path / "routes.py").write_text("from pkg.app import create\n")
    graph = _imports(tmp_path, "pkg")
    assert graph == {"pkg": set(), "pkg.app": {"pkg.routes"}, "pkg.routes": {"pkg.app"}}
    assert _find_cycle(graph) == ["pkg.app", "pkg.routes", "pkg.app"]


def test_web_modules_import_no_cycle() -> None:
    graph = _imports(WEB, "newsweave.web")
    # What the reading must see, so that an empty graph cannot pass.
    assert {"newsweave.web.api", "newsweave.web.pages"} <= graph["newsweave.web.app"]
    assert "newsweave.web.context" in graph["newsweave.web.service"]
    assert _find_cycle(graph) == []
