"""The one-way architecture, checked on the source: every chc module's imports, read with `ast`.

- `pipeline.core` imports nothing else of chc (it is the shared vocabulary);
- extractors import only `pipeline.core` from the pipeline (a new format is a new extractor and
  nothing else);
- the stages import only what is upstream of them in the flow
  (ingest runs them all; outputs read the database and never extract);
- no import cycles between chc modules.

Imports under `if TYPE_CHECKING:` are annotations only and do not count.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pipeline.core.paths import ROOT

PACKAGES = ("pipeline", "extractors")

# module prefix -> prefixes it may import from chc (besides itself)
ALLOWED = {
    "pipeline.core": ("pipeline.core",),
    "extractors": ("extractors", "pipeline.core"),
    "pipeline.align": ("pipeline.core",),
    "pipeline.commentary": ("pipeline.core",),
    "pipeline.db": ("pipeline.core",),
    "pipeline.ingest": ("pipeline.core", "pipeline.align", "pipeline.commentary", "pipeline.db", "extractors"),
    "pipeline.outputs": ("pipeline.core", "pipeline.db"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports(path: Path, name: str, known: set[str]) -> set[str]:
    """The chc modules a module imports (at any depth of the file, but not for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                out.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.add(sub if sub in known else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in out if m.split(".")[0] in PACKAGES}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports(path, name, known) - {name} for name, path in found.items()}


def _rule(name: str) -> tuple[str, ...] | None:
    """What a module may import: its own stage, and the stages its rule names."""
    best = max((p for p in ALLOWED if name == p or name.startswith(p + ".")), key=len, default=None)
    return (best,) + ALLOWED[best] if best else None


def test_every_import_follows_the_flow(graph):
    bad = []
    for name, targets in sorted(graph.items()):
        allowed = _rule(name)
        if allowed is None:
            continue  # pipeline/__init__ and the CLI may import any stage
        for target in sorted(targets):
            if target == "pipeline":
                continue  # the package itself (__version__)
            if not any(target == a or target.startswith(a + ".") for a in allowed):
                bad.append(f"{name} imports {target}")
    assert not bad, "imports against the data flow:\n" + "\n".join(bad)


def test_no_import_cycles(graph):
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_checker_sees_a_forbidden_edge(tmp_path):
    """The rule is real: an extractor importing the loader is caught."""
    pkg = tmp_path / "extractors"
    pkg.mkdir()
    bad = pkg / "bad.py"
    bad.write_text("from pipeline.db.loader import Loader\nif TYPE_CHECKING:\n    import pipeline.outputs\n")
    found = imports(bad, "extractors.bad", {"pipeline.db.loader"})
    assert found == {"pipeline.db.loader"}
    allowed = _rule("extractors.bad")
    assert not any("pipeline.db.loader".startswith(a) for a in allowed)
