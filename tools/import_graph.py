#!/usr/bin/env python3
"""The import graph of ame_desktop/ by layer, read with `ast` (nothing is imported or run).

    python tools/import_graph.py           the graph (layer → layer, with counts), then any faults
    python tools/import_graph.py --modules every module's imports of the package, one line each

Layers, highest first (docs/ARCHITECTURE.md: data flows one way, ui/cli → services → io/store →
domain):

    cli        ame_desktop/cli*.py and __main__.py (argument parsing; opens the window)
    ui         Qt only
    services   use cases
    io, store  files (openpyxl, reportlab) and the database; neither imports the other
    domain     plain Python
    config     locations and logging; importable from every layer, imports no layer itself

Every import counts, the ones inside functions and under TYPE_CHECKING too: a lazy import
still is a dependency. Exit status 1 on an upward (or sideways io ↔ store) arrow, a cycle
between modules, an import of a module that does not exist in the package, Qt imported
below ui/, or SQL (sqlalchemy, sqlmodel) imported in ui/; else 0.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "ame_desktop"

RANK = {"domain": 0, "io": 1, "store": 1, "services": 2, "ui": 3, "cli": 4}
QT_PREFIXES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
SQL_PREFIXES = ("sqlalchemy", "sqlmodel")  # no SQL in pages: ui/ reads and writes through services


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "package"  # ame_desktop/__init__.py: the version only
    top = parts[1]
    if top == "__main__" or top == "cli" or top.startswith("cli_"):
        return "cli"
    if top == "config":
        return "config"
    return top


def module_files(root: Path) -> dict[str, Path]:
    base = root / PACKAGE
    out = {}
    for path in sorted(base.rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _resolve_from(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, path: Path, known: dict[str, Path]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(package modules imported with their line, Qt imports with their line)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    found: list[tuple[str, int]] = []
    qt: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(QT_PREFIXES):
                    qt.append((alias.name, node.lineno))
                if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                    found.append((alias.name, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            target = _resolve_from(module, is_package, node)
            if target.startswith(QT_PREFIXES):
                qt.append((target, node.lineno))
            if not (target == PACKAGE or target.startswith(PACKAGE + ".")):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in known else target, node.lineno))
    return found, qt


def _third_party(path: Path, prefixes: tuple[str, ...]) -> list[tuple[str, int]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
        out += [(n, node.lineno) for n in names if n.split(".")[0] in prefixes]
    return out


def build(root: Path = ROOT):
    known = module_files(root)
    edges: dict[str, dict[str, int]] = defaultdict(dict)
    faults: list[str] = []
    for module, path in known.items():
        found, qt = imports_of(module, path, known)
        rel = path.relative_to(root)
        for target, line in found:
            if target not in known:
                faults.append(f"{rel}:{line}: imports {target}, which is not a module of the package")
                continue
            if target != module:
                edges[module].setdefault(target, line)
        if qt and layer_of(module) != "ui":
            for name, line in qt:
                faults.append(f"{rel}:{line}: Qt ({name}) below ui/")
        if layer_of(module) == "ui":
            for name, line in _third_party(path, SQL_PREFIXES):
                faults.append(f"{rel}:{line}: SQL ({name}) in ui/: a page queries through a service")
    return known, edges, faults


def arrow_faults(known, edges, root: Path = ROOT) -> list[str]:
    faults = []
    for src, targets in sorted(edges.items()):
        a = layer_of(src)
        for dst, line in sorted(targets.items()):
            b = layer_of(dst)
            if a == b or b in ("config", "package"):
                continue
            if a not in RANK or b not in RANK:
                faults.append(f"{known[src].relative_to(root)}:{line}: {src} → {dst}: a module outside the known layers")
                continue
            if a in ("config", "package"):
                faults.append(f"{known[src].relative_to(root)}:{line}: {a} imports {dst} ({b}); config imports no layer")
                continue
            if RANK[b] >= RANK[a]:
                kind = "sideways" if RANK[b] == RANK[a] else "upward"
                faults.append(f"{known[src].relative_to(root)}:{line}: {kind} arrow {a} → {b} ({src} imports {dst})")
    return faults


def cycles(edges) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    nodes = sorted(set(edges) | {t for ts in edges.values() for t in ts})
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, {}))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, {})))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return sorted(out)


def check(root: Path = ROOT) -> tuple[dict, dict, list[str]]:
    """(modules, edges, every fault: unknown modules, Qt below ui, upward arrows, cycles)."""
    known, edges, faults = build(root)
    faults = faults + arrow_faults(known, edges, root)
    faults += ["cycle: " + " ↔ ".join(comp) for comp in cycles(edges)]
    return known, edges, faults


def main(argv: list[str]) -> int:
    known, edges, faults = check()
    if "--modules" in argv:
        for src in sorted(known):
            print(f"{src} → {', '.join(sorted(edges.get(src, {}))) or '—'}")
        print()
    layer_edges = Counter()
    for src, targets in edges.items():
        for dst in targets:
            if layer_of(src) != layer_of(dst):
                layer_edges[(layer_of(src), layer_of(dst))] += 1
    print(f"Importgraf för {PACKAGE}/ ({len(known)} moduler, {sum(len(t) for t in edges.values())} importer)")
    for (a, b), n in sorted(layer_edges.items(), key=lambda kv: (-RANK.get(kv[0][0], 9), kv[0])):
        print(f"  {a:9} → {b:9} {n:4}")
    if faults:
        print(f"\n{len(faults)} fel:")
        for f in faults:
            print("  " + f)
        return 1
    print("\nInga pilar uppåt, inga cykler.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
