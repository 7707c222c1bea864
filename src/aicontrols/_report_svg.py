"""The timeline picture of a regime's page: an SVG of each rule's states.

`timeline_svg(regime)` reads `Regime.changes()` in order and draws a row per
rule: when it was in force (a restriction red, an exemption or license green:
it permits), in force but awaiting its compliance date, suspended, or not
enforced. Dates are ticks on one axis above the rows; a bar still open at the
last change ends in an arrow. The SVG scales with its container (a viewBox),
designed `DESIGN_WIDTH` wide with text `FONT_PX` high, so its text stays at
least 11 px down to a container `NARROWEST` wide (a 390 px phone screen) and
grows to `MAX_WIDTH`. It carries a `<title>` and a `<desc>` that says every
bar in words, and a `<title>` on each bar. No script, no external reference.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import itertools
import re
from collections.abc import Iterator, Sequence

from ._changes import ChangeKind, RuleChange
from ._regime import Regime
from ._report_parts import moment, rule_kind

__all__ = [
    "DESIGN_WIDTH",
    "rule_bars",
    "FONT_PX",
    "MAX_WIDTH",
    "NARROWEST",
    "STATES",
    "timeline_svg",
]

DESIGN_WIDTH = 400
"""The SVG's width in its own units (its viewBox)."""
FONT_PX = 13
"""The height of all its text, in its own units."""
NARROWEST = 358
"""The narrowest container it is designed for: a 390 px screen less margins."""
MAX_WIDTH = 560
"""The widest it is drawn, in CSS pixels."""

# The width of a character, in ems: generous for digits, lower-case ids and
# a sans-serif or monospace face, so estimated labels never overlap.
_CHAR_EM = 0.62
_PAD = 8
_ARROW = 10
_AXIS = 24  # the tick labels' band
_ROW = 38  # a rule's label line and its bar
_BAR = 12
_LEGEND_ROW = 20

STATES: dict[str, tuple[str, str]] = {
    "binds": ("#c62828", "restriction in force"),
    "permits": ("#2e7d32", "exemption or license in force"),
    "compliance": ("#f9a825", "in force, compliance not yet required"),
    "suspended": ("#9e9e9e", "suspended: does not apply"),
    "not enforced": ("#ef6c00", "binds, but not enforced"),
}
"""Each state a bar can show: its colour and its words in the legend."""


@dataclasses.dataclass
class _Bar:
    rule: str
    state: str
    start: dt.datetime
    end: dt.datetime | None
    cause: str  # the changes that opened it, in words


def _width(text: str) -> float:
    return len(text) * FONT_PX * _CHAR_EM


def _awaits(changes: Sequence[RuleChange], change: RuleChange) -> bool:
    """Whether the version `change` brings in force waits for a compliance date."""
    return any(
        c.kind is ChangeKind.COMPLIANCE_REQUIRED
        and c.rule_id == change.rule_id
        and c.notice.id == change.notice.id
        and c.at > change.at
        for c in changes
    )


def rule_bars(regime: Regime) -> list[_Bar]:
    """Each rule's life as consecutive bars of one state, in order of rules."""
    changes = regime.changes()
    kinds = {
        rule.id: rule_kind(rule)
        for notice in regime.notices
        for rule in (*notice.adds, *notice.amends)
    }
    bars: list[_Bar] = []
    for rule in dict.fromkeys(c.rule_id for c in changes):
        mine = [c for c in changes if c.rule_id == rule]
        on = pending = False
        suspended = ignored = 0
        causes: list[str] = []
        version = False  # a new version came in force at this instant
        for i, change in enumerate(mine):
            kind = change.kind
            if kind in (ChangeKind.ADDED, ChangeKind.AMENDED):
                on, pending = True, _awaits(changes, change)
                version = True
            elif kind is ChangeKind.COMPLIANCE_REQUIRED:
                pending = False
            elif kind in (ChangeKind.REVOKED, ChangeKind.EXPIRED):
                on = pending = False
            elif kind is ChangeKind.SUSPENDED:
                suspended += 1
            elif kind is ChangeKind.SUSPENSION_ENDED:
                suspended = max(0, suspended - 1)
            elif kind is ChangeKind.NOT_ENFORCED:
                ignored += 1
            elif kind is ChangeKind.ENFORCEMENT_RESUMED:
                ignored = max(0, ignored - 1)
            causes.append(f"{kind.value.replace('_', ' ')} by {change.notice.id}")
            if i + 1 < len(mine) and mine[i + 1].at == change.at:
                continue  # the state after every change at this instant
            cause, causes, new = "; ".join(causes), [], version
            version = False
            end = mine[i + 1].at if i + 1 < len(mine) else None
            state = _state(on, pending, suspended, ignored, kinds.get(rule))
            if state is None:
                continue
            last = bars[-1] if bars else None
            if (
                last
                and last.rule == rule
                and last.state == state
                and last.end == change.at
                and not new
            ):
                last.end = end  # a change that leaves the state as it was
            else:
                bars.append(_Bar(rule, state, change.at, end, cause))
    return bars


def _state(
    on: bool, pending: bool, suspended: int, ignored: int, kind: str | None
) -> str | None:
    if not on:
        return None
    if suspended:
        return "suspended"
    if pending:
        return "compliance"
    if ignored:
        return "not enforced"
    return "binds" if kind in (None, "restriction") else "permits"


def _months(start: dt.date, end: dt.date, step: int) -> Iterator[dt.date]:
    """The first days of months from `start` to `end`, every `step` months."""
    index = start.year * 12 + start.month - 1
    index += -index % step
    while True:
        day = dt.date(index // 12, index % 12 + 1, 1)
        if day > end:
            return
        if day >= start:
            yield day
        index += step


_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


class _Layout:
    def __init__(self, regime: Regime, bars: list[_Bar]) -> None:
        self.bars = bars
        self.rules = list(dict.fromkeys(b.rule for b in bars))
        self.kinds = {
            rule.id: rule_kind(rule)
            for notice in regime.notices
            for rule in (*notice.adds, *notice.amends)
        }
        starts = [b.start for b in bars] + [b.end for b in bars if b.end]
        first, last = min(starts), max(starts)
        span = max((last - first).total_seconds(), 86400.0)
        # a little room before the first change, for a tick to date it
        self.t0 = first - dt.timedelta(seconds=span * 0.04)
        self.t1 = last + dt.timedelta(seconds=max(span * 0.08, 30 * 86400))
        self.left = float(_PAD)
        self.right = DESIGN_WIDTH - _PAD - _ARROW
        self.prefix = "tl-" + _SAFE_ID.sub("-", regime.id)

    def x(self, at: dt.datetime) -> float:
        share = (at - self.t0).total_seconds() / (self.t1 - self.t0).total_seconds()
        return self.left + share * (self.right - self.left)

    def ticks(self) -> list[tuple[float, str]]:
        """Dated ticks whose labels do not overlap nor leave the picture."""
        tz = self.t0.tzinfo
        first, last = self.t0.date(), self.t1.date()
        plans: list[tuple[list[dt.date], str]] = [
            (list(_months(first, last, step)), "%Y" if step >= 12 else "%Y-%m")
            for step in (1, 2, 3, 6, 12, 24, 60, 120)
        ]
        days = (last - first).days
        daily = [
            [first + dt.timedelta(days=d) for d in range(0, days + 1, step)]
            for step in (1, 2, 7, 14)
        ]
        plans = [(d, "%Y-%m-%d") for d in daily] + plans
        for dates, fmt in plans:
            placed: list[tuple[float, str]] = []
            for day in dates:
                at = dt.datetime.combine(day, dt.time(), tzinfo=tz)
                x, label = self.x(at), day.strftime(fmt)
                half = _width(label) / 2
                if x - half < 0 or x + half > DESIGN_WIDTH:
                    continue
                placed.append((x, label))
            gaps = [
                (b[0] - a[0]) - (_width(a[1]) + _width(b[1])) / 2
                for a, b in itertools.pairwise(placed)
            ]
            if len(placed) >= 2 and min(gaps) >= 8:
                return placed
        return []


def timeline_svg(regime: Regime) -> str:
    """The regime's rules over time as one SVG element ("" without changes)."""
    bars = rule_bars(regime)
    if not bars:
        return ""
    lay = _Layout(regime, bars)
    used = [s for s in STATES if any(b.state == s for b in bars)]
    legend = [(STATES[s][0], STATES[s][1], s) for s in used]
    if any(b.end is None for b in bars):
        legend.append(("#424242", "no end yet", "arrow"))
    legend_rows = _legend_rows(legend)
    rows_top = _PAD + _AXIS
    rows_bottom = rows_top + _ROW * len(lay.rules)
    height = rows_bottom + _PAD + _LEGEND_ROW * len(legend_rows) + _PAD
    p = lay.prefix
    title = f"Timeline of the rules of {regime.name or regime.id}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {DESIGN_WIDTH} '
        f'{height}" width="{DESIGN_WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{p}-title {p}-desc" class="aicontrols-timeline" '
        f'style="display:block;width:100%;max-width:{MAX_WIDTH}px;height:auto" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" '
        f'font-size="{FONT_PX}">',
        f'<title id="{p}-title">{_esc(title)}</title>',
        f'<desc id="{p}-desc">{_esc(_describe(lay))}</desc>',
        f'<defs><pattern id="{p}-stripes" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffe0b2"/>'
        f'<rect width="3" height="6" fill="{STATES["not enforced"][0]}"/>'
        "</pattern></defs>",
        f'<rect width="{DESIGN_WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    for x, label in lay.ticks():
        out.append(
            f'<line x1="{x:.1f}" y1="{_PAD + _AXIS - 6}" x2="{x:.1f}" '
            f'y2="{rows_bottom}" stroke="#e0e0e0"/>'
        )
        out.append(
            f'<text class="tick" x="{x:.1f}" y="{_PAD + FONT_PX}" '
            f'text-anchor="middle" fill="#424242">{_esc(label)}</text>'
        )
    for row, rule in enumerate(lay.rules):
        top = rows_top + row * _ROW
        out.append(
            f'<text class="rule" x="{_PAD}" y="{top + FONT_PX + 2}" '
            f'fill="#212121">{_esc(_fit(lay.kinds.get(rule, "rule"), rule))}</text>'
        )
        for bar in (b for b in bars if b.rule == rule):
            out += _bar(lay, bar, top + 20)
    y = rows_bottom + _PAD
    for line in legend_rows:
        x = float(_PAD)
        for colour, words, state in line:
            out.append(_swatch(p, x, y, colour, state))
            out.append(
                f'<text class="legend" x="{x + 18:.1f}" y="{y + FONT_PX - 2}" '
                f'fill="#212121">{_esc(words)}</text>'
            )
            x += 18 + _width(words) + 12
        y += _LEGEND_ROW
    out.append("</svg>")
    return "".join(out)


def _bar(lay: _Layout, bar: _Bar, top: float) -> list[str]:
    x0 = lay.x(bar.start)
    x1 = lay.x(bar.end) if bar.end else lay.right
    width = max(x1 - x0, 2.0)
    colour, words = STATES[bar.state]
    fill = f"url(#{lay.prefix}-stripes)" if bar.state == "not enforced" else colour
    tip = f"{bar.rule}: {words} {_span(bar)} ({bar.cause})"
    out = [
        f'<rect x="{x0:.1f}" y="{top}" width="{width:.1f}" height="{_BAR}" '
        f'fill="{fill}" stroke="#ffffff"><title>{_esc(tip)}</title></rect>'
    ]
    if bar.end is None:
        mid = top + _BAR / 2
        out.append(
            f'<path d="M{x1:.1f},{top - 2} L{x1 + _ARROW:.1f},{mid} '
            f'L{x1:.1f},{top + _BAR + 2} Z" fill="#424242"/>'
        )
    return out


def _swatch(prefix: str, x: float, y: float, colour: str, state: str) -> str:
    if state == "arrow":
        return f'<path d="M{x + 2},{y} L{x + 14},{y + 6} L{x + 2},{y + 12} Z" fill="{colour}"/>'
    fill = f"url(#{prefix}-stripes)" if state == "not enforced" else colour
    return f'<rect x="{x}" y="{y}" width="14" height="12" fill="{fill}"/>'


def _legend_rows(
    entries: list[tuple[str, str, str]],
) -> list[list[tuple[str, str, str]]]:
    """The legend's entries on as few lines as the width allows."""
    rows: list[list[tuple[str, str, str]]] = [[]]
    used = float(_PAD)
    for entry in entries:
        need = 18 + _width(entry[1]) + 12
        if rows[-1] and used + need > DESIGN_WIDTH - _PAD:
            rows.append([])
            used = float(_PAD)
        rows[-1].append(entry)
        used += need
    return rows


def _fit(kind: str, rule: str) -> str:
    """A rule's label, its id shortened with an ellipsis if the row is too narrow."""
    room = int((DESIGN_WIDTH - 2 * _PAD) / (FONT_PX * _CHAR_EM))
    text = f"{kind} {rule}"
    return text if len(text) <= room else text[: room - 1] + "…"


def _describe(lay: _Layout) -> str:
    """Every bar in words, rule by rule: the picture's text alternative."""
    parts = []
    for rule in lay.rules:
        spans = [f"{STATES[b.state][1]} {_span(b)}" for b in lay.bars if b.rule == rule]
        parts.append(f"{lay.kinds.get(rule, 'rule')} {rule}: " + "; ".join(spans) + ".")
    return " ".join(parts)


def _span(bar: _Bar) -> str:
    end = f"to {moment(bar.end)}" if bar.end else "with no end yet"
    return f"from {moment(bar.start)} {end}"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
