"""The package layout holds: imports point down the stages, no cycles, small modules.

The import graph is built from the source with ``ast`` (every import statement, also those
inside functions and ``if TYPE_CHECKING:``), so a lazy import cannot hide a loop.
Stages, lowest first (a module may import its own package or a lower stage, never a
sibling or a higher one)::

    errors < data < elements < signals < trends < forecast, hit
           < charts, copywriting, bestie, demo < report < ui < benchmarks < cli < __main__
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.fixtures import ROOT

PACKAGE = ROOT / "infimate"
MAX_LINES = 400

#: stage rank of each top-level part of infimate (a package, or a module of its own)
RANK: dict[str, int] = {
    "errors": 0,
    "data": 1,
    "elements": 2,
    "signals": 3,
    "trends": 4,
    "forecast": 5,
    "llm_faults": 5,
    "hit": 5,
    "charts": 6,
    "compare_charts": 6,
    "copywriting": 6,
    "bestie": 6,
    "demo": 6,
    "report": 7,
    "ui": 8,
    "benchmarks": 9,
    "cli": 10,
    "__main__": 11,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p): p for p in sorted(root.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """The infimate modules ``path`` imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in known:
            subs = {f"{node.module}.{a.name}" for a in node.names} & known
            named = [a for a in node.names if f"{node.module}.{a.name}" not in known]
            out |= subs | ({node.module} if named else set())
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import (use absolute infimate.… imports)")
    return out


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    mods = modules(root)
    return {m: imports(p, set(mods)) - {m} for m, p in mods.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return found


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def upward(g: dict[str, set[str]]) -> list[str]:
    """Imports of a sibling or a higher stage."""
    bad = []
    for src, targets in g.items():
        a = stage(src)
        for dst in targets:
            b = stage(dst)
            if a == b or b == "__init__":
                continue
            if a == "__init__" or RANK[b] >= RANK[a]:
                bad.append(f"{src} -> {dst}")
    return sorted(bad)


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_imports_point_down_the_stages():
    assert upward(graph()) == []


def test_every_top_level_part_has_a_stage():
    parts = {stage(m) for m in modules()} - {"__init__"}
    assert parts <= set(RANK), parts - set(RANK)


def test_the_checks_catch_a_cycle_and_an_upward_import(tmp_path):
    """The graph checks fail on a loop and on a lower stage importing a higher one."""
    pkg = tmp_path / "infimate"
    (pkg / "data").mkdir(parents=True)
    (pkg / "trends").mkdir()
    for p in (pkg, pkg / "data", pkg / "trends"):
        (p / "__init__.py").write_text('"""doc"""\n')
    (pkg / "data" / "a.py").write_text("def f():\n    from infimate.data import b\n")
    (pkg / "data" / "b.py").write_text("from infimate.data.a import f\n")
    (pkg / "trends" / "c.py").write_text("import infimate.data.a\n")
    (pkg / "data" / "d.py").write_text("from infimate.trends import c\n")
    import tests.test_layout as layout

    root = layout.ROOT
    try:
        layout.ROOT = tmp_path
        g = layout.graph(pkg)
    finally:
        layout.ROOT = root
    assert cycles(g) == [["infimate.data.a", "infimate.data.b"]]
    assert upward(g) == ["infimate.data.d -> infimate.trends.c"]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: module_name(p))
def test_module_is_small(path: Path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(ROOT)} has {n} lines (max {MAX_LINES})"


def test_only_ui_imports_streamlit_and_nothing_imports_the_cli():
    bad = []
    for m, p in modules().items():
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for n in names:
                if n.split(".")[0] == "streamlit" and stage(m) != "ui":
                    bad.append(f"{m} imports {n}")
                if n.startswith("infimate.cli") and stage(m) not in ("cli", "__main__"):
                    bad.append(f"{m} imports {n}")
    assert bad == []


def test_package_inits_only_document():
    """A package's ``__init__`` has a docstring and no code: one home per name."""
    for p in sorted(PACKAGE.rglob("__init__.py")):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        assert doc, f"{p.relative_to(ROOT)} has no docstring"
        rest = tree.body[1:]
        if p.parent == PACKAGE:  # infimate/__init__.py may carry the version
            rest = [n for n in rest if not _is_version(n)]
        assert rest == [], f"{p.relative_to(ROOT)} has code beyond its docstring"


def _is_version(node: ast.stmt) -> bool:
    return isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == [
        "__version__"
    ]


def test_skipped_doctests_say_why():
    """A docstring example marked ``+SKIP`` names its reason: ``Example (not run: …)``."""
    silent = []
    for p in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef):
                doc = ast.get_docstring(node) or ""
                if "doctest: +SKIP" in doc and "(not run: " not in doc:
                    silent.append(f"{module_name(p)}:{getattr(node, 'name', '<module>')}")
    assert silent == []
