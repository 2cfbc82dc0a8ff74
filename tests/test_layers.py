"""The import contract: packages in layers, no module importing a layer above it, no cycles, commands apart."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import REPO

PACKAGE = REPO / "ledger"

# From the top down: a module may import from its own layer's package and from any layer below it.
LAYERS = [
    ("ledger.cli", "ledger.__main__"),
    ("ledger.commands",),
    ("ledger.web",),
    ("ledger.options", "ledger.cliwords"),
    ("ledger.output",),
    ("ledger.report",),
    ("ledger.importing",),
    ("ledger.history",),
    ("ledger.edit",),
    ("ledger.core", "ledger"),  # `ledger` itself holds only __version__
]


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every ledger module a file imports, at its top or inside a function (a lazy import is an import)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if m == "ledger" or m.startswith("ledger.")}


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {name: {m for m in imports_of(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def layer_of(name: str) -> int:
    for index, prefixes in enumerate(LAYERS):
        if any(name == p or (p != "ledger" and name.startswith(p + ".")) for p in prefixes):
            return index
    raise AssertionError(f"{name} belongs to no layer: add its package to LAYERS")


def test_every_module_belongs_to_a_layer() -> None:
    for name in MODULES:
        layer_of(name)
    assert set(LAYERS[-1]) >= {"ledger"} and (PACKAGE / "__init__.py").read_text().count("import") == 0


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = [
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if target != "ledger" and layer_of(target) < layer_of(name)
    ]
    assert upward == []


def test_a_command_module_imports_no_other_command_module() -> None:
    crossing = [
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if name.startswith("ledger.commands.")
        for target in targets
        if target.startswith("ledger.commands.")
    ]
    assert crossing == []


def test_there_is_no_import_cycle() -> None:
    seen: dict[str, int] = {}
    cycles = []

    def visit(name: str, path: list[str]) -> None:
        seen[name] = 1
        for target in sorted(GRAPH[name]):
            if seen.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in seen:
                visit(target, [*path, target])
        seen[name] = 2

    for name in sorted(GRAPH):
        if name not in seen:
            visit(name, [name])
    assert cycles == []
