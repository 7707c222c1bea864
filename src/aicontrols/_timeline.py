"""Timelines: an access's verdict over time, and their renderings
(a text table, JSON, a Mermaid Gantt chart)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, overload

import attrs

from ._access import Access
from ._decision import Segment, span_of
from ._reasons import Verdict
from ._time import NEG_INF, POS_INF, iso, local_midnight, show, to_datetime

__all__ = ["Timeline"]


@attrs.frozen(kw_only=True)
class Timeline:
    """The history of one access: maximal segments of constant verdict, in order.

    Iterate it for its `Segment`s; `explain()` renders a table.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> priya = aicontrols.Entity("priya", kind="individual",
        ...                           citizenships=[aicontrols.Citizenship("IN")])
        >>> timeline = regime.history(aicontrols.Access(priya, "mythos-5", "web-app", "US"))
        >>> [s.verdict.value for s in timeline]
        ['permitted', 'license_required']
        >>> print(timeline.explain())
        start          end             verdict           cause
        the beginning  2026-06-12      PERMITTED         the beginning of the record
        2026-06-12     further notice  LICENSE REQUIRED  `mythos-fable-foreign-access` added (`letter-2026-06-12`)
    """

    access: Access
    tz: str
    segments: tuple[Segment, ...]

    def __iter__(self) -> Iterator[Segment]:
        return iter(self.segments)

    def __len__(self) -> int:
        return len(self.segments)

    @overload
    def __getitem__(self, index: int) -> Segment: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Segment, ...]: ...
    def __getitem__(self, index: int | slice) -> Segment | tuple[Segment, ...]:
        return self.segments[index]

    def explain(self) -> str:
        """The timeline as a plain-text table: start, end, verdict, cause."""
        rows = [("start", "end", "verdict", "cause")]
        for seg in self.segments:
            rows.append(
                (
                    show(span_of(seg)[0], self.tz),
                    show(span_of(seg)[1], self.tz),
                    seg.verdict.label,
                    seg.cause.description,
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        return "\n".join(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)
            )
            + "  "
            + row[3]
            for row in rows
        )

    def to_mermaid(
        self,
        *,
        title: str | None = None,
        pad_days: int = 30,
        anchor: dt.date | None = None,
    ) -> str:
        """The timeline as a Mermaid Gantt chart (mkdocs-material renders it).

        A chart needs finite bars: open ends are drawn `pad_days` beyond the
        first and last change. A timeline without any change has no date to
        draw at, so it needs `anchor`, the date its bar starts.

        Raises:
            ValueError: the timeline has no change and no `anchor` was given.

        Examples:
            >>> import aicontrols
            >>> regime = aicontrols.examples.load("mythos5")
            >>> priya = aicontrols.Entity("priya", kind="individual",
            ...                           citizenships=[aicontrols.Citizenship("IN")])
            >>> access = aicontrols.Access(priya, "fable-5", "hosted-api", "US")
            >>> print(regime.history(access).to_mermaid(title="Priya, Fable 5"))
            gantt
                title Priya, Fable 5
                dateFormat YYYY-MM-DD HH:mm
                axisFormat %Y-%m-%d
                section verdict
                PERMITTED (open start) :done, s0, 2026-05-13 00:00, 2026-06-12 00:00
                LICENSE REQUIRED (until further notice) :crit, s1, 2026-06-12 00:00, 2026-07-12 00:00
        """
        pad = pad_days * 86_400_000_000
        spans = [span_of(s) for s in self.segments]
        inner = [start for start, _ in spans if start > NEG_INF]
        inner += [end for _, end in spans if end < POS_INF]
        if inner:
            first, last = min(inner), max(inner)
        elif anchor is not None:
            first = local_midnight(anchor, self.tz) + pad
            last = first
        else:
            raise ValueError("the timeline has no dated change: pass `anchor=` a date")
        heading = title or (
            f"{self.access.recipient_id} - {self.access.item_id} via {self.access.mode_name}"
        )
        lines = [
            "gantt",
            f"    title {_mermaid_text(heading)}",
            "    dateFormat YYYY-MM-DD HH:mm",
            "    axisFormat %Y-%m-%d",
            "    section verdict",
        ]
        for i, seg in enumerate(self.segments):
            seg_start, seg_end = span_of(seg)
            notes = []
            if seg_start <= NEG_INF:
                notes.append("open start")
            if seg_end >= POS_INF:
                notes.append("until further notice")
            note = f" ({', '.join(notes)})" if notes else ""
            start = seg_start if seg_start > NEG_INF else first - pad
            end = seg_end if seg_end < POS_INF else last + pad
            lines.append(
                f"    {seg.verdict.label}{note} :{_MERMAID_TAG[seg.verdict]}, s{i}, "
                f"{_mermaid_time(start, self.tz)}, {_mermaid_time(end, self.tz)}"
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The timeline as JSON-ready data."""
        return {
            "schema": "aicontrols.timeline/1",
            "timezone": self.tz,
            "segments": [
                {
                    "start": iso(span_of(s)[0], self.tz),
                    "end": iso(span_of(s)[1], self.tz),
                    "verdict": s.verdict.value,
                    "cause": s.cause.description,
                    "notices": [n.id for n in s.cause.notices],
                }
                for s in self.segments
            ],
        }


_MERMAID_TAG = {
    Verdict.PERMITTED: "done",
    Verdict.LICENSE_REQUIRED: "crit",
    Verdict.UNDETERMINED: "active",
    Verdict.PROHIBITED: "crit",
}


def _mermaid_time(instant: int, tz: str) -> str:
    moment = to_datetime(instant, tz)
    assert moment is not None
    return moment.strftime("%Y-%m-%d %H:%M")


def _mermaid_text(text: str) -> str:
    """Text safe in a Mermaid Gantt line (no colons, hashes or semicolons)."""
    return text.replace(":", " ").replace("#", " ").replace(";", ",")
