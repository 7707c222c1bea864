"""Import cycles among the modules of `src/aicontrols`, `TYPE_CHECKING` included.

Data flows one way (model, engine, answers, renderings, layers on top), so no
module may import, even only for type checking, a module that imports it back
through any chain. This script reads every module with `ast` (nothing is
imported or run), draws an edge for each import of another module of the
package, and prints each cycle: a set of two or more modules that reach each
other (Tarjan's strongly connected components). The package's top-level
`__init__` (the import surface, which re-exports everything) is not counted as
a target. Importing a module of another package counts as importing that
package's `__init__` too, as it does at run time. Exit status 1 if there is a
cycle. CI runs it:

    python scripts/check_imports.py [src/aicontrols]
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def modules(root: Path) -> dict[str, Path]:
    """Each module's dotted name and its file."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that module `name` imports (its own top excluded)."""
    top = name.split(".")[0]
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            names = [
                f"{module}.{alias.name}"
                if f"{module}.{alias.name}" in known
                else module
                for alias in node.names
            ]
        for target in names:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target not in (name, top):
                targets.add(target)
            # importing `a.b.c` first runs `a.b`'s `__init__`: an edge to each
            # package on the way, unless it is one of this module's own
            # packages (already being imported when this module runs)
            parent = target.rpartition(".")[0]
            while parent and parent != top:
                if not name.startswith(parent + ".") and parent in known:
                    targets.add(parent)
                parent = parent.rpartition(".")[0]
    return targets


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected sets of two or more modules (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "src/aicontrols").resolve()
    known = modules(root)
    edges = {name: imports(name, path, known) for name, path in known.items()}
    found = cycles(edges)
    for component in found:
        print("cycle:", ", ".join(component))
    print(f"{len(found)} import cycle(s) among {len(known)} modules")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
