"""The house rule on tests: each says, in a docstring, which behaviour it asserts."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def undocumented(root: Path) -> list[str]:
    """`file:line: name` of each test under `root` that lacks a docstring."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.name.startswith("test")
                and ast.get_docstring(node) is None
            ):
                where = path.relative_to(root.parent).as_posix()
                found.append(f"{where}:{node.lineno}: {node.name}")
    return found


def test_every_test_says_which_behaviour_it_asserts() -> None:
    """Every test function and method under tests/ has a behaviour docstring."""
    missing = undocumented(TESTS)
    assert [] == missing, (
        f"{len(missing)} test(s) without a one-line docstring saying which "
        "behaviour a user relies on:\n" + "\n".join(missing)
    )


def test_the_check_finds_a_test_without_a_docstring(tmp_path: Path) -> None:
    """The check names a bare test function or method, and passes a documented one."""
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_x.py").write_text(
        "def test_bare():\n"
        "    assert True\n"
        "\n"
        "\n"
        "def test_documented():\n"
        '    """Says what it asserts."""\n'
        "\n"
        "\n"
        "class TestThing:\n"
        "    async def test_method(self):\n"
        "        pass\n"
        "\n"
        "    def helper(self):\n"
        "        pass\n",
        encoding="utf-8",
    )
    assert [
        "tests/test_x.py:1: test_bare",
        "tests/test_x.py:10: test_method",
    ] == undocumented(tests)
