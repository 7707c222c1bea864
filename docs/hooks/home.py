"""MkDocs hook: the home page's timeline picture and repository link, at build time.

`docs/index.md` holds two markers, each replaced when the site is built:

- `<!-- home:timeline -->`: a figure with an inline SVG of one access's
  verdict over time, drawn from `Regime.history()` of the bundled `mythos5`
  regime (the question the page asks below it), with the answer on
  `ASKED_ON`. Nothing in it is typed by hand, so it cannot drift from the
  data.
- `<!-- home:repository -->`: a link to the source repository when
  `repo_url` is set (mkdocs.yml reads it from `AICONTROLS_REPO_URL`: the
  project has no public address yet), otherwise the words "the source
  repository (address given at publishing)".

A missing marker fails the build.
"""

from __future__ import annotations

import datetime as dt
import html
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

SRC = Path(__file__).resolve().parents[2] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

import aicontrols as ac  # noqa: E402  (after `src` is on the path)

TIMELINE = "<!-- home:timeline -->"
REPOSITORY = "<!-- home:repository -->"
ASKED_ON = dt.date(2026, 6, 27)
COLOURS = {  # verdict -> bar colour (white text on each passes WCAG AA)
    ac.Verdict.PERMITTED: "#2e7d32",
    ac.Verdict.LICENSE_REQUIRED: "#c62828",
}
OTHER = "#616161"
# The SVG is drawn for a 360 px wide box: on a 390 px phone (358 px of text
# column) its 12 px labels stay above 11 px; it grows to at most MAX_WIDTH.
WIDTH, HEIGHT, MARGIN, FONT = 360, 96, 8, 12
MAX_WIDTH = 480


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, **kwargs: Any
) -> str:
    """Fill the home page's markers."""
    if page.file.src_uri != "index.md":
        return markdown
    for marker in (TIMELINE, REPOSITORY):
        if marker not in markdown:
            raise PluginError(f"home: docs/index.md lacks the marker {marker}")
    return markdown.replace(TIMELINE, timeline_figure()).replace(
        REPOSITORY, repository_link(config.repo_url)
    )


def repository_link(url: str | None) -> str:
    """A Markdown link to the repository, or words saying where it will be."""
    if url:
        return f"[the source repository]({url})"
    return "the source repository (address given at publishing)"


def example_timeline() -> tuple[ac.Timeline, ac.Decision]:
    """The home page's question: Priya, an Indian national on the developer's
    staff in the US, using Mythos 5 through the hosted API."""
    us = ac.examples.load("mythos5")
    priya = ac.Entity(
        "priya",
        kind="individual",
        citizenships=[ac.Citizenship("IN")],
        employments=[ac.Employment("anthropic")],
    )
    access = ac.Access(priya, "mythos-5", "hosted-api", location="US")
    return us.history(access), us.decide(access, on=ASKED_ON)


def timeline_figure() -> str:
    """The figure: the SVG and a caption saying what it shows, from the data."""
    timeline, decision = example_timeline()
    now = next(
        seg
        for seg in timeline
        if (seg.start is None or _day(seg.start) <= ASKED_ON)
        and (seg.end is None or _day(seg.end) > ASKED_ON)
    )
    since = (
        f", since {_day(now.start).isoformat()} by notice "
        f"<code>{html.escape(now.cause.notices[0].id)}</code>"
        if now.start is not None and now.cause.notices
        else ""
    )
    caption = (
        "Priya, an Indian national on the developer's staff in the US, using "
        "Mythos 5 through the hosted API, under the bundled regime "
        f"<code>mythos5</code>. Asked on {ASKED_ON.isoformat()}: "
        f"<strong>{decision.verdict.label}</strong>{since}. The bars are "
        "<code>us.history()</code> of that access (the example below asks "
        "about it)."
    )
    return (
        '<figure class="aicontrols-timeline">\n'
        f"{timeline_svg(timeline, ASKED_ON)}\n"
        f"<figcaption>{caption}</figcaption>\n"
        "</figure>"
    )


def timeline_svg(timeline: ac.Timeline, asked_on: dt.date) -> str:
    """A horizontal bar per segment, verdicts above, boundary dates below, and
    a marker on the day asked."""
    segments = list(timeline)
    bounds = sorted(
        {_day(s.start) for s in segments if s.start is not None}
        | {_day(s.end) for s in segments if s.end is not None}
    )
    if not bounds:
        raise PluginError("home: the example timeline has no dated change")
    first, last = bounds[0], max(bounds[-1], asked_on)
    pad = max(dt.timedelta(days=7), (last - first))
    lo, hi = first - pad, last + pad

    def x(day: dt.date | None, default: dt.date) -> float:
        day = default if day is None else day
        return MARGIN + (day - lo) / (hi - lo) * (WIDTH - 2 * MARGIN)

    parts = []
    bar_top, bar_height = 22, 22
    for seg in segments:
        start = x(_day(seg.start) if seg.start else None, lo)
        end = x(_day(seg.end) if seg.end else None, hi)
        colour = COLOURS.get(seg.verdict, OTHER)
        parts.append(
            f'<rect x="{start:.1f}" y="{bar_top}" width="{end - start:.1f}" '
            f'height="{bar_height}" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{(start + end) / 2:.1f}" y="{bar_top - 6}" '
            f'text-anchor="middle" fill="{colour}" font-weight="bold">'
            f"{html.escape(seg.verdict.label)}</text>"
        )
    for day in bounds:
        at = x(day, day)
        parts.append(
            f'<line x1="{at:.1f}" y1="{bar_top}" x2="{at:.1f}" '
            f'y2="{bar_top + bar_height + 4}" stroke="currentColor"/>'
        )
        parts.append(
            f'<text class="date" x="{at:.1f}" y="{bar_top + bar_height + 18}" '
            f'text-anchor="middle">{day.isoformat()}</text>'
        )
    at = x(asked_on, asked_on)
    parts.append(
        f'<path d="M{at:.1f} {bar_top + bar_height + 24} l-5 8 h10 z" '
        'fill="currentColor"/>'
    )
    parts.append(
        f'<text class="date" x="{at + 7:.1f}" y="{HEIGHT - 4}" text-anchor="end">'
        f"asked on {asked_on.isoformat()}</text>"
    )
    title = f"Timeline of the verdict: {', '.join(s.verdict.label for s in segments)}"
    return (
        f'<svg role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'style="max-width: {MAX_WIDTH}px" font-size="{FONT}" fill="currentColor" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{html.escape(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )


def _day(value: dt.datetime) -> dt.date:
    """The local calendar day of a segment bound, as a plain `datetime.date`."""
    return dt.date(value.year, value.month, value.day)
