"""The docs' home page: every guide listed, a timeline picture from the data, the repository link."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
INDEX = ROOT / "docs" / "index.md"
GUIDE_SECTIONS = ("How-to guides", "Explanation")
LINK = re.compile(r"\]\(([^)#\s]+)")


class _NavLoader(yaml.SafeLoader):
    """mkdocs.yml with its `!ENV` and `!!python/name:` tags read as nothing."""


_NavLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_NavLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: None
)


def nav_pages(section: str) -> list[str]:
    config: dict[str, Any] = yaml.load(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_NavLoader
    )
    for entry in config["nav"]:
        if isinstance(entry, dict) and section in entry:
            return [next(iter(page.values())) for page in entry[section]]
    raise AssertionError(f"mkdocs.yml nav has no section {section!r}")


def where_to_go_next() -> set[str]:
    text = INDEX.read_text(encoding="utf-8")
    section = text.split("## Where to go next", 1)[1].split("\n## ", 1)[0]
    return set(LINK.findall(section))


def load_hook() -> ModuleType:
    path = ROOT / "docs" / "hooks" / "home.py"
    spec = importlib.util.spec_from_file_location("home_hook", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("home_hook", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("section", GUIDE_SECTIONS)
def test_where_to_go_next_lists_every_guide(section: str) -> None:
    """Every how-to and explanation page in the nav is linked from the home page."""
    pages = nav_pages(section)
    assert pages, section
    missing = sorted(set(pages) - where_to_go_next())
    assert not missing, f"docs/index.md 'Where to go next' lacks {missing}"


def test_first_screen_links_tutorial_format_cli_and_repository() -> None:
    """The home page's opening links the tutorial, the regime format, the CLI and the repository."""
    opening = INDEX.read_text(encoding="utf-8").split("\n## ", 1)[0]
    for target in ("tutorial.md", "reference/regime-format.md", "reference/cli.md"):
        assert f"]({target})" in opening, target
    home = load_hook()
    assert home.REPOSITORY in opening
    assert home.TIMELINE in opening


def test_repository_link_follows_the_configured_address() -> None:
    """The repository is linked when the site is built with an address, and named otherwise."""
    home = load_hook()
    url = "https://example.org/aicontrols"
    assert home.repository_link(url) == f"[the source repository]({url})"
    assert home.repository_link(None) == (
        "the source repository (address given at publishing)"
    )


def test_timeline_picture_is_drawn_from_the_regime() -> None:
    """The home page's picture shows mythos5's verdicts and dates, permitted in green."""
    home = load_hook()
    figure = home.timeline_figure()
    assert figure.count("<svg") == 1
    for text in ("LICENSE REQUIRED", "2026-06-12", "2026-06-26", "asked on 2026-06-27"):
        assert text in figure, text
    assert re.search(r'fill="#2e7d32" font-weight="bold">PERMITTED<', figure)
    assert "<strong>PERMITTED</strong>, since 2026-06-26" in figure
