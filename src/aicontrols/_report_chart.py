"""The timeline chart of a regime's page: its rules' lives as a Mermaid Gantt.

`gantt(changes, kinds)` reads `Regime.changes()` in order: a bar per version
in force (before and after its compliance date), per suspension and per
non-enforcement window; open ends are drawn past the last change and say so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence

from ._changes import ChangeKind, RuleChange

__all__ = ["gantt"]

# What opens and closes a bar. A rule in force before its compliance date is
# in state `compliance`; a restriction in force after it binds.
_OPENS = {
    ChangeKind.SUSPENDED: ("suspended", "suspended"),
    ChangeKind.NOT_ENFORCED: ("not enforced", "not enforced"),
}
_CLOSES = {
    ChangeKind.SUSPENSION_ENDED: ("suspended",),
    ChangeKind.ENFORCEMENT_RESUMED: ("not enforced",),
    ChangeKind.REVOKED: ("in force", "compliance"),
    ChangeKind.EXPIRED: ("in force", "compliance"),
}
_PAD = dt.timedelta(days=30)


@dataclasses.dataclass
class _Bar:
    rule: str
    label: str
    state: str
    start: dt.datetime
    end: dt.datetime | None = None


class _Chart:
    """The bars of a Gantt chart, opened and closed by rule changes in order."""

    def __init__(self) -> None:
        self.bars: list[_Bar] = []
        self.open: dict[tuple[str, str], list[_Bar]] = {}

    def start(self, rule: str, state: str, label: str, at: dt.datetime) -> None:
        bar = _Bar(rule, label, state, at)
        self.open.setdefault((rule, state), []).append(bar)
        self.bars.append(bar)

    def close(self, rule: str, states: Iterable[str], at: dt.datetime) -> None:
        for state in states:
            stack = self.open.get((rule, state))
            if stack:
                stack.pop(0).end = at

    def take(self, change: RuleChange, awaits_compliance: bool) -> None:
        rule, at, kind = change.rule_id, change.at, change.kind
        by = f" by {change.notice.id}"
        if kind in (ChangeKind.ADDED, ChangeKind.AMENDED):
            self.close(rule, ("in force", "compliance"), at)
            label = kind.value + by
            if awaits_compliance:
                self.start(rule, "compliance", label + ", compliance not required", at)
            else:
                self.start(rule, "in force", label, at)
        elif kind is ChangeKind.COMPLIANCE_REQUIRED:
            self.close(rule, ("compliance",), at)
            self.start(rule, "in force", "compliance required" + by, at)
        elif kind in _OPENS:
            state, words = _OPENS[kind]
            self.start(rule, state, words + by, at)
        elif kind in _CLOSES:
            self.close(rule, _CLOSES[kind], at)


def _mermaid_text(text: str) -> str:
    """Text safe in a Mermaid Gantt line (no colons, hashes or semicolons)."""
    return text.replace(":", " ").replace("#", " ").replace(";", ",")


def gantt(changes: Sequence[RuleChange], kinds: dict[str, str]) -> list[str]:
    """The rules' lives as a Mermaid Gantt chart: a section per rule, a bar per
    version in force, compliance window, suspension and non-enforcement.

    `kinds` maps a rule id to `restriction`, `exemption` or `license`. Open
    ends are drawn 30 days beyond the last change and say so.
    """
    if not changes:
        return []
    chart = _Chart()
    for change in changes:
        chart.take(change, _awaits_compliance(changes, change))
    last = max(c.at for c in changes) + _PAD
    # room on the left for the longest section name (a rule id)
    room = min(320, max(75, 8 * max(len(bar.rule) for bar in chart.bars) + 16))
    lines = [
        "---",
        "config:",
        "  gantt:",
        f"    leftPadding: {room}",
        "---",
        "gantt",
        "    dateFormat YYYY-MM-DD HH:mm",
        "    axisFormat %Y-%m-%d",
        "    todayMarker off",
    ]
    for rule in dict.fromkeys(bar.rule for bar in chart.bars):
        lines.append(f"    section {_mermaid_text(rule)}")
        for i, bar in enumerate(chart.bars):
            if bar.rule != rule:
                continue
            tag = _tag(bar.state, kinds.get(rule, "restriction"))
            note = " (until further notice)" if bar.end is None else ""
            lines.append(
                f"    {_mermaid_text(bar.label)}{note} :{tag}b{i}, "
                f"{_chart_time(bar.start)}, {_chart_time(bar.end or last)}"
            )
    return lines


def _awaits_compliance(changes: Sequence[RuleChange], change: RuleChange) -> bool:
    """Whether the version `change` brings in force waits for a compliance date."""
    return any(
        c.kind is ChangeKind.COMPLIANCE_REQUIRED
        and c.rule_id == change.rule_id
        and c.notice.id == change.notice.id
        and c.at > change.at
        for c in changes
    )


def _tag(state: str, kind: str) -> str:
    """The bar's Mermaid tag: a binding restriction red, windows muted."""
    if state == "in force":
        return "crit, " if kind == "restriction" else ""
    return "done, " if state == "suspended" else "active, "


def _chart_time(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")
