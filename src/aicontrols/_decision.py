"""Decisions: the answer to one question, and its renderings (text, JSON).

Decisions are values. Their validity interval and their replay token are
computed only when asked for, so a gateway that only reads `verdict` pays for
nothing else; a pickled decision carries them computed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from ._applied_words import applied_lines
from ._reasons import (
    AppliedRestriction,
    Cause,
    Caveat,
    NearMiss,
    Reasons,
    Status,
    Verdict,
    combine_reasons,
)
from ._rules import Citation, License, ReviewPolicy
from ._time import is_midnight, iso, local_date, show, to_datetime
from ._transaction_words import (
    policy_lines,
    query_fields,
    transaction_lines,
)

if TYPE_CHECKING:
    from ._access import Access, Transfer

__all__ = [
    "SCHEMA",
    "Decision",
    "Lazy",
    "Segment",
    "combined",
    "combined_token",
    "known_parts",
    "new_decision",
    "span_of",
]

SCHEMA = "aicontrols.decision/1"


Parts = tuple[tuple[int, int], str, "Transfer | None"]
"""A decision's deferred parts: its validity bounds, replay token and kind of
transfer."""

BOUNDS, TOKEN, TRANSFER = 0, 1, 2
"""The numbers of the deferred parts, in `Parts` order."""

Lazy = tuple[Callable[..., Any], tuple[Any, ...]]
"""A decision's deferred parts as `(make, args)`: `make(which, *args)`
computes part `which` (`BOUNDS`, `TOKEN` or `TRANSFER`), once, when it is
first read: a gateway reads the token and bounds, never the transfer, whose
context costs more than the rest of a decision."""


def known_parts(
    bounds: tuple[int, int], token: str, transfer: Transfer | None = None
) -> Lazy:
    """Parts already known (a pickled decision's)."""
    return (_values, (bounds, token, transfer))


def _values(
    which: int, bounds: tuple[int, int], token: str, transfer: Transfer | None
) -> Any:
    return (bounds, token, transfer)[which]


@attrs.frozen(eq=False, kw_only=True, slots=False)
class Decision:
    """The answer for one access at an instant or on a day, with its reasons.

    A decision is a value: two decisions of the same question under the same
    regime compare equal (their validity bounds and replay tokens included),
    hash alike, and survive `pickle`. Its instants are pendulum values in the
    regime's zone.

    Attributes:
        verdict: the answer.
        regime_id: the deciding regime (ids joined by `+` when combined).
        access: the question.
        tz: the regime's zone, in which the instants are shown.
        on: the day asked about (`on=`), or `None`.
        applied: every applicable restriction with the exemptions that lifted it.
        near_misses: exemptions considered that did not apply, with the reason.
        caveats: compliance not yet required, not enforced, suspended, split day.
        missing_facts: for `UNDETERMINED`, the facts that would settle it.
        review_policy: for a license, the strictest applicable review policy.
        licenses: the ids of the granted licenses that lifted a restriction.
        segments: for a day whose verdict changes, the pieces of the day.
        parts: for several regimes at once, each regime's decision.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> priya = aicontrols.Entity("priya", kind="individual",
        ...                           citizenships=[aicontrols.Citizenship("IN")])
        >>> access = aicontrols.Access(priya, "fable-5", "hosted-api", location="US")
        >>> decision = regime.decide(access, on="2026-06-27")
        >>> decision.verdict, decision.permitted
        (<Verdict.LICENSE_REQUIRED: 'license_required'>, False)
        >>> decision.valid_from.date().isoformat(), decision.valid_until
        ('2026-06-12', None)
        >>> print(decision.explain().splitlines()[0])
        LICENSE REQUIRED: `priya` -> `fable-5` via `hosted-api` in US, on 2026-06-27 (America/New_York)
    """

    _reasons: Reasons = attrs.field(alias="reasons")
    regime_id: str
    access: Access
    tz: str
    _at: int | None = attrs.field(alias="at_us")
    on: dt.date | None
    _as_known_on: int | None = attrs.field(alias="as_known_on_us")
    segments: tuple[Segment, ...] = ()
    parts: tuple[Decision, ...] = ()
    _lazy: Lazy | None = attrs.field(default=None, repr=False, alias="lazy")

    @property
    def verdict(self) -> Verdict:
        """The answer."""
        return self._reasons.verdict

    @property
    def applied(self) -> tuple[AppliedRestriction, ...]:
        """Every applicable restriction with the exemptions that lifted it."""
        return self._reasons.applied

    @property
    def near_misses(self) -> tuple[NearMiss, ...]:
        """Exemptions considered that did not apply, with the reason."""
        return self._reasons.near_misses

    @property
    def caveats(self) -> tuple[Caveat, ...]:
        """Compliance not yet required, not enforced, suspended, split day."""
        return self._reasons.caveats

    @property
    def missing_facts(self) -> tuple[str, ...]:
        """For `UNDETERMINED`, the facts that would settle it."""
        return self._reasons.missing_facts

    @property
    def review_policy(self) -> ReviewPolicy | None:
        """For a license, the strictest applicable review policy."""
        return self._reasons.review_policy

    @property
    def licenses(self) -> tuple[str, ...]:
        """The ids of the granted licenses used: those that lifted a restriction."""
        return tuple(
            dict.fromkeys(
                lift.exemption.id
                for applied in self.applied
                if applied.status is Status.LIFTED
                for lift in applied.lifted_by
                if isinstance(lift.exemption, License)
            )
        )

    @property
    def permitted(self) -> bool:
        """`True` only if the verdict is `PERMITTED` throughout the queried span."""
        return self.verdict is Verdict.PERMITTED

    @property
    def at(self) -> pendulum.DateTime | None:
        """The instant asked about (`at=`), in the regime's zone, or `None`."""
        return None if self._at is None else to_datetime(self._at, self.tz)

    @property
    def as_known_on(self) -> pendulum.DateTime | None:
        """The last instant whose acts the decision used, or `None` (all known)."""
        return (
            None
            if self._as_known_on is None
            else to_datetime(self._as_known_on, self.tz)
        )

    def _value(self) -> tuple[Any, ...]:
        """Every field but the lazy parts, which the bounds and token stand for."""
        return (
            self._reasons,
            self.regime_id,
            self.access,
            self.tz,
            self._at,
            self.on,
            self._as_known_on,
            self.segments,
            self.parts,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Decision):
            return NotImplemented
        if self is other:
            return True
        return (
            self._value() == other._value()
            and self._bounds() == other._bounds()
            and self.replay_token == other.replay_token
        )

    def __hash__(self) -> int:
        return hash(self._value())

    @property
    def reason_code(self) -> str:
        """Why, as a short stable code: the `reason` column of `aicontrols.audit`.

        `binding:<restrictions>` (a license is required or access is
        prohibited), `unknown:<restrictions>` (they may apply: some fact is
        unknown; `missing_facts` says which),
        or, when permitted, `none` (no restriction applies) or space-separated
        `lifted:<exemptions>`, `compliance-pending:<restrictions>` and
        `suspended:<restrictions>`. Ids within a part are comma-separated.

        Examples:
            >>> import aicontrols
            >>> regime = aicontrols.examples.load("mythos5")
            >>> access = aicontrols.Access("acme-cloud", "mythos-5", "hosted-api")
            >>> regime.decide(access, on="2026-06-27").reason_code
            'none'
        """
        return self._reasons.code

    def _part(self, which: int) -> Any:
        """Lazy part `which`, computed on first use and kept."""
        made: dict[int, Any] | None = self.__dict__.get("_made_parts")
        if made is None:
            made = self.__dict__["_made_parts"] = {}
        elif which in made:
            return made[which]
        assert self._lazy is not None
        make, args = self._lazy
        found = made[which] = make(which, *args)
        return found

    def _made(self) -> Parts:
        """Every lazy part."""
        return self._part(BOUNDS), self._part(TOKEN), self._part(TRANSFER)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the lazy parts computed now: their maker's arguments hold a regime."""
        state = dict(self.__dict__)
        state["_lazy"] = known_parts(*self._made())
        return state

    def _bounds(self) -> tuple[int, int]:
        found: tuple[int, int] = self._part(BOUNDS)
        return found

    @property
    def valid_from(self) -> pendulum.DateTime | None:
        """Start of the maximal interval around the query with this verdict (`None`: always)."""
        return to_datetime(self._bounds()[0], self.tz)

    @property
    def valid_until(self) -> pendulum.DateTime | None:
        """End (exclusive) of that interval; `None` until further notice."""
        return to_datetime(self._bounds()[1], self.tz)

    @property
    def replay_token(self) -> str:
        """A content hash of the regime(s) and the query: equal tokens, equal question."""
        token: str = self._part(TOKEN)
        return token

    @property
    def transfer(self) -> Transfer | None:
        """The kind of transfer under the regime (`None`: unknown, or see `parts`)."""
        transfer: Transfer | None = self._part(TRANSFER)
        return transfer

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every citation the decision relies on, first use first, without repeats."""
        own = self._reasons.citations
        if not self.parts:
            return own
        found = dict.fromkeys(own)
        for part in self.parts:
            found.update(dict.fromkeys(part.citations))
        return tuple(found)

    # ------------------------------------------------------------ renderings

    def _when(self) -> str:
        if self.on is not None:
            return f"on {self.on.isoformat()} ({self.tz})"
        assert self._at is not None
        return f"at {show(self._at, self.tz)}"

    def explain(self) -> str:
        """The decision in plain text an analyst can read, with citations."""
        access = self.access
        head = (
            f"{self.verdict.label}: `{access.recipient_id}` -> `{access.item_id}` "
            f"via `{access.mode_name}`"
        )
        if access.location:
            head += f" in {access.location}"
        lines = [f"{head}, {self._when()}"]
        if self.parts:  # each part says its own kind of transfer
            for part in self.parts:
                lines += ["", *part.explain().splitlines()]
            return "\n".join(lines)
        lines += transaction_lines(access, self.transfer, self.regime_id)
        if self._as_known_on is not None:
            lines.append(f"as known on {_known(self._as_known_on, self.tz)}")
        if self.applied:
            lines += ["", "Restrictions that apply:"]
            for applied in self.applied:
                lines += applied_lines(applied, self.tz)
        else:
            lines += ["", "No restriction in force applies to this access."]
        lines += policy_lines(self.verdict, self.applied, self.review_policy)
        if self.near_misses:
            lines += ["", "Exemptions considered that did not apply:"]
            for miss in self.near_misses:
                lines.append(
                    f"  - `{miss.exemption.id}` (notice `{miss.notice.id}`) for "
                    f"`{miss.restriction_id}`: {miss.reason}"
                )
        if self.missing_facts:
            lines += ["", "Unknown facts that could change the verdict:"]
            lines += [f"  - {fact}" for fact in self.missing_facts]
        if self.caveats:
            lines += ["", "Caveats:"]
            lines += [f"  - {caveat.text}" for caveat in self.caveats]
        if self.segments:
            lines += ["", "The verdict changes during the day:"]
            for seg in self.segments:
                lines.append(
                    f"  - from {show(seg._start, self.tz)} until "
                    f"{show(seg._end, self.tz)}: {seg.verdict.label}"
                )
        start, end = self._bounds()
        lines += [
            "",
            f"This holds from {show(start, self.tz)} until {show(end, self.tz)}.",
            f"Replay token: {self.replay_token}",
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The decision as stable, versioned, JSON-ready data (schema `aicontrols.decision/1`)."""
        start, end = self._bounds()
        return {
            "schema": SCHEMA,
            "verdict": self.verdict.value,
            "permitted": self.permitted,
            "regime": self.regime_id,
            "query": {
                "recipient": self.access.recipient_id,
                "item": self.access.item_id,
                "mode": self.access.mode_name,
                "location": self.access.location,
                "attestations": sorted(self.access.attestations),
                **query_fields(self.access, self.transfer),
                "on": None if self.on is None else self.on.isoformat(),
                "at": None if self._at is None else iso(self._at, self.tz),
                "as_known_on": None
                if self._as_known_on is None
                else _known(self._as_known_on, self.tz),
                "timezone": self.tz,
            },
            "applied": [a.to_dict() for a in self.applied],
            "near_misses": [
                {
                    "exemption": m.exemption.id,
                    "notice": m.notice.id,
                    "restriction": m.restriction_id,
                    "reason": m.reason,
                }
                for m in self.near_misses
            ],
            "caveats": [
                {
                    "kind": c.kind.value,
                    "text": c.text,
                    "rule": c.rule_id,
                    "notice": None if c.notice is None else c.notice.id,
                    "list": c.list_id,
                }
                for c in self.caveats
            ],
            "missing_facts": list(self.missing_facts),
            "review_policy": None
            if self.review_policy is None
            else self.review_policy.value,
            "licenses": list(self.licenses),
            "citations": [
                {
                    "source": c.source,
                    "title": c.title,
                    "url": c.url,
                    "reported_by": list(c.reported_by),
                    "note": c.note,
                }
                for c in self.citations
            ],
            "valid_from": iso(start, self.tz),
            "valid_until": iso(end, self.tz),
            "segments": [
                {
                    "start": iso(s._start, self.tz),
                    "end": iso(s._end, self.tz),
                    "verdict": s.verdict.value,
                }
                for s in self.segments
            ],
            "parts": [part.to_dict() for part in self.parts],
            "replay_token": self.replay_token,
        }


def _known(cutoff: int, tz: str) -> str:
    """A knowledge cutoff as given: a date (its last instant) or an instant."""
    if is_midnight(cutoff + 1, tz):
        return local_date(cutoff, tz).isoformat()
    return iso(cutoff, tz) or ""


@attrs.frozen(kw_only=True)
class Segment:
    """A maximal interval `[start, end)` of constant verdict in a timeline.

    Attributes:
        tz: the regime's zone, for `start` and `end`.
        verdict: the verdict throughout the segment.
        decision: the decision at the segment's start.
        cause: what opened the segment.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> priya = aicontrols.Entity("priya", kind="individual",
        ...                           citizenships=[aicontrols.Citizenship("IN")])
        >>> timeline = regime.history(aicontrols.Access(priya, "fable-5", "web-app", "US"))
        >>> segment = timeline[1]
        >>> segment.start.date().isoformat(), segment.end, segment.verdict.value
        ('2026-06-12', None, 'license_required')
    """

    _start: int = attrs.field(alias="start_us")
    _end: int = attrs.field(alias="end_us")
    tz: str
    verdict: Verdict
    decision: Decision
    cause: Cause

    @property
    def start(self) -> pendulum.DateTime | None:
        """When the segment starts (`None`: the requested span had no start)."""
        return to_datetime(self._start, self.tz)

    @property
    def end(self) -> pendulum.DateTime | None:
        """When it ends, exclusive (`None`: until further notice)."""
        return to_datetime(self._end, self.tz)


def combined(parts: tuple[Decision, ...]) -> Decision:
    """One decision under several regimes: the most severe verdict, and each part.

    Its validity is the intersection of the parts' intervals, and its replay
    token hashes theirs in order.
    """
    first = parts[0]
    reasons = combine_reasons([p._reasons for p in parts])
    return Decision(
        reasons=reasons,
        regime_id="+".join(p.regime_id for p in parts),
        access=first.access,
        tz=first.tz,
        at_us=first._at,
        on=first.on,
        as_known_on_us=first._as_known_on,
        parts=parts,
        lazy=(_combined_parts, (parts,)),
    )


def new_decision(
    reasons: Reasons,
    regime_id: str,
    access: Access,
    tz: str,
    at_us: int | None,
    on: dt.date | None,
    as_known_on_us: int | None,
    segments: tuple[Segment, ...],
    lazy: Lazy,
) -> Decision:
    """`Decision(...)` for the engine, without its keyword parsing, which is
    half the cost of a decision on the hot path of `decide()`. The same value
    (a test keeps the two in step)."""
    decision: Decision = _NEW(Decision)
    fields = decision.__dict__
    fields["_reasons"] = reasons
    fields["regime_id"] = regime_id
    fields["access"] = access
    fields["tz"] = tz
    fields["_at"] = at_us
    fields["on"] = on
    fields["_as_known_on"] = as_known_on_us
    fields["segments"] = segments
    fields["parts"] = ()
    fields["_lazy"] = lazy
    return decision


_NEW = object.__new__


def _combined_parts(which: int, parts: tuple[Decision, ...]) -> Any:
    """A combined decision's bounds (the intersection of its parts'), token
    (a hash of theirs, in order) or kind of transfer (none: see its parts)."""
    if which == BOUNDS:
        spans = [p._bounds() for p in parts]
        start, end = max(s for s, _ in spans), min(e for _, e in spans)
        if start >= end:
            # whole days in different zones need not overlap: the first
            # regime's span is the one the decision is shown in
            start, end = spans[0]
        return start, end
    if which == TOKEN:
        return combined_token([p.replay_token for p in parts])
    return None


def combined_token(tokens: Sequence[str]) -> str:
    """The replay token of a decision under several regimes: a hash of its
    parts' tokens, in order."""
    joined = "|".join(tokens)
    return "v1-multi-" + hashlib.sha256(joined.encode()).hexdigest()[:40]


def span_of(segment: Segment) -> tuple[int, int]:
    """A segment's bounds as the engine's instants, for its renderings (a
    timeline's table, JSON and chart); the public API shows them as dates."""
    return segment._start, segment._end
