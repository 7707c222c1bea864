"""The timeline charts in the docs are the library's output, byte for byte.

A Mermaid Gantt chart in `docs/` draws a real timeline, so it must not rot. The
convention, for each ```mermaid block whose first line is `gantt`:

- the nearest non-blank line before it is a marker comment naming the call
  that produced it: `<!-- timeline: <what it shows>, to_mermaid(...) -->`;
- the next non-blank text after it is a hidden Sybil block
  (`<!-- invisible-code-block: python ... -->`) that reads the page, takes the
  chart that follows the marker's text, and asserts
  `<timeline>.to_mermaid(...) == shown` with the marker's call.

Sybil runs the hidden block with the page's other examples (root
`conftest.py`), so a chart that no longer matches fails there. This module
checks the convention itself: a gantt chart without such a check fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"

FENCE = re.compile(r"^```mermaid\n(?P<body>.*?)\n```$", re.MULTILINE | re.DOTALL)
MARKER = re.compile(r"<!-- (?P<text>timeline: .+, (?P<call>to_mermaid\(.*\))) -->")
HIDDEN = re.compile(
    r"\A<!--\s*invisible-code-block:\s*python\n(?P<code>.*?)-->", re.DOTALL
)


@attrs.frozen
class Chart:
    """One gantt chart in a page, with its marker and its hidden check."""

    line: int
    body: str
    marker: str | None
    check: str | None


def charts(text: str) -> list[Chart]:
    """Every Mermaid gantt chart in a page's text."""
    found = []
    for fence in FENCE.finditer(text):
        body = fence.group("body")
        if body.split("\n", 1)[0].strip() != "gantt":
            continue
        before = text[: fence.start()].rstrip("\n").rsplit("\n", 1)[-1]
        hidden = HIDDEN.match(text[fence.end() :].lstrip("\n"))
        found.append(
            Chart(
                line=text.count("\n", 0, fence.start()) + 1,
                body=body,
                marker=before if before.startswith("<!--") else None,
                check=hidden.group("code") if hidden else None,
            )
        )
    return found


def problems(name: str, text: str) -> list[str]:
    """Why the gantt charts of a page are not checked against the library."""
    found = []
    for chart in charts(text):
        where = f"{name}:{chart.line}"
        marker = MARKER.fullmatch(chart.marker or "")
        if marker is None:
            found.append(
                f"{where}: no `<!-- timeline: ..., to_mermaid(...) -->` marker "
                "right before the chart"
            )
            continue
        marker_text, call = marker.group("text"), marker.group("call")
        if chart.check is None:
            found.append(f"{where}: no hidden Sybil block right after the chart")
            continue
        if text.count(marker_text) != 2:
            found.append(
                f"{where}: the marker text must occur exactly twice in the page "
                "(the marker and its check)"
            )
        if repr(marker_text) not in chart.check:
            found.append(f"{where}: the check does not look for {marker_text!r}")
        if Path(name).name not in chart.check:
            found.append(f"{where}: the check does not read `{Path(name).name}`")
        if not re.search(
            rf"^assert \w+\.{re.escape(call)} == shown\b", chart.check, re.M
        ):
            found.append(
                f"{where}: the check does not assert `<timeline>.{call} == shown`"
            )
        shown = text.split(marker_text, 1)[1]
        shown = shown.split("```mermaid\n", 1)[1].split("\n```\n", 1)[0]
        if shown != chart.body:
            found.append(f"{where}: the text after the marker is not this chart")
    return found


# Pages known to draw an unchecked chart: each fails strictly until it gets its
# marker and check (xfail_strict), so an entry here cannot outlive its reason.
UNCHECKED: dict[str, str] = {}
PAGES = [
    pytest.param(
        page,
        id=str(page.relative_to(DOCS)),
        marks=[pytest.mark.xfail(reason=UNCHECKED[key], strict=True)]
        if (key := str(page.relative_to(DOCS))) in UNCHECKED
        else [],
    )
    for page in sorted(DOCS.rglob("*.md"))
]


class TestDocsTimelines:
    @pytest.mark.parametrize("page", PAGES)
    def test_every_gantt_chart_is_checked(self, page: Path) -> None:
        """Every gantt chart in a docs page has a marker and a hidden check."""
        name = str(page.relative_to(DOCS.parent))
        assert [] == problems(name, page.read_text(encoding="utf-8"))

    def test_the_timeline_pages_have_charts(self) -> None:
        """The tutorial and the compare-dates how-to draw their timelines."""
        for name in ("tutorial.md", "howto/compare-dates.md"):
            page = DOCS / name
            assert 1 <= len(charts(page.read_text(encoding="utf-8"))), name

    def test_known_unchecked_pages_exist(self) -> None:
        """An entry in `UNCHECKED` names a page that exists."""
        for name in UNCHECKED:
            assert (DOCS / name).is_file(), name

    def test_checks_the_library_output(self) -> None:
        """A chart's check compares it with `Timeline.to_mermaid`, not a copy."""
        for name in ("tutorial.md", "howto/compare-dates.md"):
            for chart in charts((DOCS / name).read_text(encoding="utf-8")):
                assert chart.check is not None
                assert ".to_mermaid(" in chart.check


CHECKED = """\
Text.

<!-- timeline: the history, to_mermaid(title="T") -->

```mermaid
gantt
    title T
```

<!-- invisible-code-block: python
page = Path(ac.__file__).parents[2] / "docs" / "page.md"
marker = 'timeline: the history, to_mermaid(title="T")'
shown = page.read_text(encoding="utf-8").split(marker, 1)[1]
shown = shown.split("```mermaid\\n", 1)[1].split("\\n```\\n", 1)[0]
assert timeline.to_mermaid(title="T") == shown
-->
"""


class TestProblems:
    def test_a_checked_chart_passes(self) -> None:
        """A chart with its marker and its check has no problem."""
        assert [] == problems("docs/page.md", CHECKED)

    def test_an_unchecked_chart_fails(self) -> None:
        """A gantt chart without a hidden check is reported."""
        text = CHECKED.split("<!-- invisible-code-block")[0]
        assert ["docs/page.md:5: no hidden Sybil block right after the chart"] == (
            problems("docs/page.md", text)
        )

    def test_a_chart_without_marker_fails(self) -> None:
        """A gantt chart without its marker comment is reported."""
        text = CHECKED.replace(
            '<!-- timeline: the history, to_mermaid(title="T") -->', ""
        )
        assert 1 == len(problems("docs/page.md", text))

    def test_a_check_without_the_assertion_fails(self) -> None:
        """A hidden block that does not compare with `to_mermaid` is reported."""
        text = CHECKED.replace('assert timeline.to_mermaid(title="T") == shown', "pass")
        assert [
            "docs/page.md:5: the check does not assert "
            '`<timeline>.to_mermaid(title="T") == shown`'
        ] == problems("docs/page.md", text)

    def test_a_check_of_another_call_fails(self) -> None:
        """The check must make the call the marker names."""
        text = CHECKED.replace(
            'assert timeline.to_mermaid(title="T")',
            'assert timeline.to_mermaid(title="U")',
        )
        assert 1 == len(problems("docs/page.md", text))

    def test_other_mermaid_diagrams_are_not_charts(self) -> None:
        """Flowcharts need no check; only gantt charts draw timelines."""
        assert [] == charts("```mermaid\nflowchart TD\n    A --> B\n```\n")

    def test_the_check_fails_when_the_chart_rots(self) -> None:
        """The hidden check's extraction finds the page's chart, edits included."""
        rotten = CHECKED.replace("    title T\n```", "    title T (edited)\n```")
        marker = 'timeline: the history, to_mermaid(title="T")'
        shown = rotten.split(marker, 1)[1]
        shown = shown.split("```mermaid\n", 1)[1].split("\n```\n", 1)[0]
        assert "gantt\n    title T (edited)" == shown
