"""The docs' doctest examples are shown as console sessions (docs/hooks/console.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

HOOK = Path(__file__).resolve().parents[1] / "docs" / "hooks" / "console.py"


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("console_hook", HOOK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


console = load_hook()


def render(markdown: str) -> str:
    return str(console.on_page_markdown(markdown))


def test_doctest_block_is_a_console_session() -> None:
    """A ```python block of `>>>` lines is shown with the pycon lexer, its output as output."""
    shown = render("```python\n>>> print(1 + 1)\n2\n\n```\n")
    assert shown == "```pycon\n>>> print(1 + 1)\n2\n```\n"


def test_plain_python_block_is_left_alone() -> None:
    """A ```python block without prompts stays Python."""
    source = "```python\nx = 1\n```\n"
    assert render(source) == source


def test_blankline_is_shown_empty() -> None:
    """Doctest's `<BLANKLINE>` mark never shows on the page."""
    shown = render("```python\n>>> print('a\\n\\nb')\na\n<BLANKLINE>\nb\n```\n")
    assert "<BLANKLINE>" not in shown
    assert "a\n\nb" in shown


def test_printed_yaml_gets_a_yaml_block() -> None:
    """A regime file printed by an example is highlighted as YAML, the statements as a session."""
    source = (
        "```python\n>>> text = 'x'\n>>> print(text)\n# a comment\nid: demo\n"
        "jurisdiction: US\ntimezone: UTC\n>>> len(text)\n1\n```\n"
    )
    shown = render(source)
    assert shown == (
        "```pycon\n>>> text = 'x'\n>>> print(text)\n```\n\n"
        "```yaml\n# a comment\nid: demo\njurisdiction: US\ntimezone: UTC\n```\n\n"
        "```pycon\n>>> len(text)\n1\n```\n"
    )


def test_explain_output_is_not_taken_for_yaml() -> None:
    """Text with colons that is not a YAML mapping stays in the session."""
    source = (
        "```python\n>>> print(d.explain())\nLICENSE REQUIRED: `p` -> `m`\n"
        "regime: `r`\n<BLANKLINE>\nThis holds.\n```\n"
    )
    assert "```yaml" not in render(source)


def test_indented_block_keeps_its_indent() -> None:
    """A session inside a list item or admonition stays inside it."""
    shown = render("    ```python\n    >>> 1\n    1\n    ```\n")
    assert shown == "    ```pycon\n    >>> 1\n    1\n    ```\n"
