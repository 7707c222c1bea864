"""The package's import graph: data flows one way, so no import cycle."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_checker() -> object:
    """`scripts/check_imports.py`, the script CI runs, as a module."""
    spec = importlib.util.spec_from_file_location(
        "check_imports", ROOT / "scripts" / "check_imports.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_imports", module)
    spec.loader.exec_module(module)
    return module


CHECK = load_checker()


def test_no_import_cycles() -> None:
    """No module of the package imports one that imports it back, even for types."""
    known = CHECK.modules(ROOT / "src" / "aicontrols")  # type: ignore[attr-defined]
    edges = {
        name: CHECK.imports(name, path, known)  # type: ignore[attr-defined]
        for name, path in known.items()
    }
    assert [] == CHECK.cycles(edges)  # type: ignore[attr-defined]


def test_the_checker_finds_a_cycle() -> None:
    """The check would notice a cycle, even one closed by a TYPE_CHECKING import."""
    edges = {"p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": {"p.a"}, "p.d": {"p.a"}}
    assert [["p.a", "p.b", "p.c"]] == CHECK.cycles(edges)  # type: ignore[attr-defined]


def test_type_checking_imports_count(tmp_path: Path) -> None:
    """An import under `if TYPE_CHECKING:` is an edge of the graph like any other."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n"
    )
    known = CHECK.modules(package)  # type: ignore[attr-defined]
    edges = {n: CHECK.imports(n, p, known) for n, p in known.items()}  # type: ignore[attr-defined]
    assert [["pkg.a", "pkg.b"]] == CHECK.cycles(edges)  # type: ignore[attr-defined]


def test_importing_a_module_runs_its_packages_init(tmp_path: Path) -> None:
    """Importing `pkg.sub.c` runs `pkg.sub`'s `__init__`: what that imports counts."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .sub.c import x\n")
    (package / "sub" / "__init__.py").write_text("from .d import y\n")
    (package / "sub" / "c.py").write_text("x = 1\n")
    (package / "sub" / "d.py").write_text("from ..a import z\n")
    known = CHECK.modules(package)  # type: ignore[attr-defined]
    edges = {n: CHECK.imports(n, p, known) for n, p in known.items()}  # type: ignore[attr-defined]
    assert [["pkg.a", "pkg.sub", "pkg.sub.d"]] == CHECK.cycles(edges)  # type: ignore[attr-defined]
