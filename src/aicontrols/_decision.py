"""Answers: verdicts, decisions, timelines and their renderings.

Decisions are values. Their explanation text, their validity interval and their
replay token are computed only when asked for, so a gateway that only reads
`verdict` pays for nothing else.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, overload

import attrs
import pendulum

from ._notices import NonEnforcement, Notice, Suspension
from ._rules import Citation, Exemption, Restriction, ReviewPolicy
from ._scopes import Everything, Scope
from ._time import (
    NEG_INF,
    POS_INF,
    is_midnight,
    iso,
    local_date,
    local_midnight,
    show,
    to_datetime,
)

if TYPE_CHECKING:
    from ._access import Access

__all__ = [
    "AppliedRestriction",
    "Caveat",
    "CaveatKind",
    "Cause",
    "Decision",
    "Lift",
    "NearMiss",
    "Segment",
    "Status",
    "Timeline",
    "Verdict",
]

SCHEMA = "aicontrols.decision/1"


class Verdict(enum.Enum):
    """The answer to "is this access permitted?".

    Verdicts are ordered by severity, `PERMITTED < LICENSE_REQUIRED <
    UNDETERMINED < PROHIBITED`: an unknown answer is worse than a known license
    requirement (it might hide a prohibition) but not worse than a known
    prohibition. Combining regimes, or the pieces of a day, takes the most severe.

    Examples:
        >>> Verdict.combine([Verdict.PERMITTED, Verdict.UNDETERMINED])
        <Verdict.UNDETERMINED: 'undetermined'>
        >>> Verdict.combine([Verdict.PROHIBITED, Verdict.UNDETERMINED])
        <Verdict.PROHIBITED: 'prohibited'>
    """

    PERMITTED = "permitted"
    LICENSE_REQUIRED = "license_required"
    UNDETERMINED = "undetermined"
    PROHIBITED = "prohibited"

    @property
    def severity(self) -> int:
        """0 for `PERMITTED` up to 3 for `PROHIBITED`."""
        return _SEVERITY[self]

    @property
    def label(self) -> str:
        """The verdict in capitals for people: `LICENSE REQUIRED`."""
        return self.value.replace("_", " ").upper()

    @classmethod
    def combine(cls, verdicts: Iterable[Verdict]) -> Verdict:
        """The most severe of `verdicts` (`PERMITTED` if there are none)."""
        return max(verdicts, key=_SEVERITY.__getitem__, default=cls.PERMITTED)


_SEVERITY = {verdict: rank for rank, verdict in enumerate(Verdict)}


class Status(enum.Enum):
    """How an applicable restriction stands in a decision.

    Examples:
        >>> Status("lifted")
        <Status.LIFTED: 'lifted'>
    """

    BINDING = "binding"
    """It applies and binds: it sets the verdict."""
    LIFTED = "lifted"
    """It applies, but an exemption lifts it."""
    COMPLIANCE_NOT_REQUIRED = "compliance_not_required"
    """It is in force, but its compliance date has not come: it does not bind."""
    POSSIBLE = "possible"
    """Whether it applies, or is lifted, depends on a fact that is unknown."""


@attrs.frozen
class Lift:
    """An exemption that lifted a restriction, with the notice that made it.

    Attributes:
        exemption: the exemption version that lifted it.
        notice: the notice that made that version.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> priya = aicontrols.Entity("priya", kind="individual",
        ...                           citizenships=[aicontrols.Citizenship("IN")])
        >>> staff = aicontrols.Entity("sam", kind="individual",
        ...     citizenships=[aicontrols.Citizenship("IN")],
        ...     employments=[aicontrols.Employment("anthropic")])
        >>> access = aicontrols.Access(staff, "mythos-5", "hosted-api", location="US")
        >>> lift = regime.decide(access, on="2026-06-27").applied[0].lifted_by[0]
        >>> lift.exemption.id, lift.notice.id
        ('trusted-partners-mythos', 'letter-2026-06-26')
    """

    exemption: Exemption
    notice: Notice


@attrs.frozen
class AppliedRestriction:
    """A restriction that applies to the access, and how it stands.

    Attributes:
        restriction: the restriction version in force.
        notice: the notice that made that version.
        status: binding, lifted, compliance not yet required, or possible.
        lifted_by: the exemptions that lifted it.
        tz: the regime's zone, for `since` and `compliance`.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> priya = aicontrols.Entity("priya", kind="individual",
        ...                           citizenships=[aicontrols.Citizenship("IN")])
        >>> access = aicontrols.Access(priya, "fable-5", "hosted-api", location="US")
        >>> decision = regime.decide(access, on="2026-06-27")
        >>> applied = decision.applied[0]
        >>> applied.id, applied.status.value, applied.since.date().isoformat()
        ('mythos-fable-foreign-access', 'binding', '2026-06-12')
    """

    restriction: Restriction
    notice: Notice
    status: Status
    lifted_by: tuple[Lift, ...]
    _since: int = attrs.field(alias="since_us")
    _compliance: int | None = attrs.field(alias="compliance_us")
    tz: str

    @property
    def id(self) -> str:
        """The restriction's id."""
        return self.restriction.id

    @property
    def since(self) -> pendulum.DateTime | None:
        """When this version of the restriction took effect."""
        return to_datetime(self._since, self.tz)

    @property
    def compliance(self) -> pendulum.DateTime | None:
        """For `COMPLIANCE_NOT_REQUIRED`: the date from which compliance is required."""
        return (
            None if self._compliance is None else to_datetime(self._compliance, self.tz)
        )

    @property
    def citation(self) -> Citation | None:
        """The restriction's own citation, else its notice's."""
        return self.restriction.citation or self.notice.citation


@attrs.frozen
class NearMiss:
    """An exemption that was considered for a restriction but did not lift it.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> priya = aicontrols.Entity("priya", kind="individual",
        ...                           citizenships=[aicontrols.Citizenship("IN")])
        >>> access = aicontrols.Access(priya, "fable-5", "hosted-api", location="US")
        >>> decision = regime.decide(access, on="2026-06-27")
        >>> miss = decision.near_misses[0]
        >>> miss.exemption.id, miss.reason
        ('trusted-partners-mythos', 'requires that the item is `mythos-5`')
    """

    exemption: Exemption
    notice: Notice
    restriction_id: str
    failed: Scope | None = None
    """The first scope that did not select the access, if a scope failed."""
    missing_conditions: tuple[str, ...] = ()
    """Named conditions that were not attested, if the scopes held."""

    @property
    def reason(self) -> str:
        """The failed condition or predicate, in words."""
        if self.failed is not None:
            return f"requires that {self.failed.describe()}"
        names = ", ".join(f"`{c}`" for c in self.missing_conditions)
        return f"requires the attested condition {names}"


class CaveatKind(enum.Enum):
    """Why a decision carries a caveat.

    Examples:
        >>> CaveatKind("not_enforced")
        <CaveatKind.NOT_ENFORCED: 'not_enforced'>
    """

    COMPLIANCE_NOT_REQUIRED = "compliance_not_required"
    """A rule applies but its compliance date has not come."""
    NOT_ENFORCED = "not_enforced"
    """A binding rule is under a non-enforcement statement."""
    SUSPENDED = "suspended"
    """A rule would apply but is suspended."""
    CHANGES_DURING_DAY = "changes_during_day"
    """The verdict changes during the queried day."""
    LISTED_NOT_MODELLED = "listed_not_modelled"
    """The recipient is on a list whose legal effect aicontrols does not model."""


@attrs.frozen
class Caveat:
    """Something an analyst must know beside the verdict.

    Attributes:
        kind: why the caveat is there.
        text: the caveat in words.
        rule_id: the rule it concerns, if one.
        notice: the notice it comes from, if one.
        act: the suspension or non-enforcement statement, if one.
        list_id: the list it concerns, if one (`LISTED_NOT_MODELLED`).

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("ai-diffusion-2025")
        >>> lab = aicontrols.Entity("lab", country="IN")
        >>> access = aicontrols.Access(lab, "frontier-closed", "weights-transfer", "IN")
        >>> [c.kind.value for c in regime.decide(access, on="2025-03-01").caveats]
        ['compliance_not_required']
    """

    kind: CaveatKind
    text: str
    rule_id: str | None = None
    notice: Notice | None = None
    act: Suspension | NonEnforcement | None = None
    list_id: str | None = None


@attrs.frozen
class Cause:
    """What opened a segment of a timeline: notices, fact changes, or the span's start.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> priya = aicontrols.Entity("priya", kind="individual",
        ...                           citizenships=[aicontrols.Citizenship("IN")])
        >>> timeline = regime.history(aicontrols.Access(priya, "fable-5", "web-app", "US"))
        >>> cause = timeline[1].cause
        >>> cause.kind, [n.id for n in cause.notices]
        ('notice', ['letter-2026-06-12'])
    """

    kind: str
    """`notice`, `fact`, `group` or `start`."""
    description: str
    """What happened, in words, e.g. "`r1` added (`n1`)"."""
    notices: tuple[Notice, ...] = ()
    """The notices whose acts opened the segment."""


def reason_code(
    verdict: Verdict,
    applied: Iterable[AppliedRestriction],
    caveats: Iterable[Caveat],
) -> str:
    """The short, stable code of why a verdict is what it is (see `Decision.reason_code`)."""
    applied = tuple(applied)
    if verdict is Verdict.UNDETERMINED:
        possible = [a.id for a in applied if a.status is Status.POSSIBLE]
        return "unknown:" + ",".join(possible)
    if verdict is not Verdict.PERMITTED:
        binding = [a.id for a in applied if a.status is Status.BINDING]
        return "binding:" + ",".join(binding)
    lifted = dict.fromkeys(
        lift.exemption.id
        for a in applied
        if a.status is Status.LIFTED
        for lift in a.lifted_by
    )
    pending = [a.id for a in applied if a.status is Status.COMPLIANCE_NOT_REQUIRED]
    suspended = dict.fromkeys(
        c.rule_id
        for c in caveats
        if c.kind is CaveatKind.SUSPENDED and c.rule_id is not None
    )
    listed = dict.fromkeys(
        c.list_id
        for c in caveats
        if c.kind is CaveatKind.LISTED_NOT_MODELLED and c.list_id is not None
    )
    parts = [
        f"{label}:{','.join(ids)}"
        for label, ids in (
            ("lifted", list(lifted)),
            ("compliance-pending", pending),
            ("suspended", list(suspended)),
            ("listed", list(listed)),
        )
        if ids
    ]
    return " ".join(parts) or "none"


class _Lazy:
    """Deferred parts of a decision: computed once, on first use."""

    __slots__ = ("bounds", "token", "values")

    def __init__(
        self,
        bounds: Callable[[], tuple[int, int]],
        token: Callable[[], str],
    ) -> None:
        self.bounds = bounds
        self.token = token
        self.values: dict[str, Any] = {}

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.values:
            self.values[key] = make()
        return self.values[key]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the values, computed now: the makers close over a regime."""
        return (
            _resolved,
            (self.get("bounds", self.bounds), self.get("token", self.token)),
        )


def _resolved(bounds: tuple[int, int], token: str) -> _Lazy:
    """A `_Lazy` whose parts are already known (an unpickled decision's)."""
    lazy = _Lazy(lambda: bounds, lambda: token)
    lazy.values.update(bounds=bounds, token=token)
    return lazy


def _why(rule: Restriction | Exemption) -> str:
    parts = [s.describe() for s in (rule.items, rule.modes, rule.recipients)]
    kept = [
        p
        for p, s in zip(parts, (rule.items, rule.modes, rule.recipients), strict=True)
        if not isinstance(s, Everything)
    ]
    return "; ".join(kept) if kept else "it covers every access"


@attrs.frozen(eq=False, kw_only=True)
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

    verdict: Verdict
    regime_id: str
    access: Access
    tz: str
    _at: int | None = attrs.field(alias="at_us")
    on: dt.date | None
    _as_known_on: int | None = attrs.field(alias="as_known_on_us")
    applied: tuple[AppliedRestriction, ...] = ()
    near_misses: tuple[NearMiss, ...] = ()
    caveats: tuple[Caveat, ...] = ()
    missing_facts: tuple[str, ...] = ()
    review_policy: ReviewPolicy | None = None
    segments: tuple[Segment, ...] = ()
    parts: tuple[Decision, ...] = ()
    _lazy: _Lazy | None = attrs.field(default=None, repr=False, alias="lazy")

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
            self.verdict,
            self.regime_id,
            self.access,
            self.tz,
            self._at,
            self.on,
            self._as_known_on,
            self.applied,
            self.near_misses,
            self.caveats,
            self.missing_facts,
            self.review_policy,
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
        return reason_code(self.verdict, self.applied, self.caveats)

    def _bounds(self) -> tuple[int, int]:
        assert self._lazy is not None
        value: tuple[int, int] = self._lazy.get("bounds", self._lazy.bounds)
        return value

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
        assert self._lazy is not None
        value: str = self._lazy.get("token", self._lazy.token)
        return value

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every citation the decision relies on, first use first, without repeats."""
        found: dict[Citation, None] = {}
        for applied in self.applied:
            for cite in (
                applied.citation,
                *(
                    lift.exemption.citation or lift.notice.citation
                    for lift in applied.lifted_by
                ),
            ):
                if cite is not None:
                    found[cite] = None
        for caveat in self.caveats:
            if caveat.notice is not None and caveat.notice.citation is not None:
                found[caveat.notice.citation] = None
        for part in self.parts:
            for cite in part.citations:
                found[cite] = None
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
        if self.parts:
            for part in self.parts:
                lines += ["", *part.explain().splitlines()]
            return "\n".join(lines)
        lines.append(f"regime: `{self.regime_id}`")
        if self._as_known_on is not None:
            lines.append(f"as known on {_known(self._as_known_on, self.tz)}")
        if self.applied:
            lines += ["", "Restrictions that apply:"]
            for applied in self.applied:
                lines += self._explain_applied(applied)
        else:
            lines += ["", "No restriction in force applies to this access."]
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

    def _explain_applied(self, applied: AppliedRestriction) -> list[str]:
        rule = applied.restriction
        effect = rule.effect.value.replace("_", " ")
        policy = (
            f"review: {rule.review_policy.value.replace('_', ' ')}"
            if rule.review_policy
            else "review policy not stated"
        )
        title = f" ({applied.notice.title})" if applied.notice.title else ""
        lines = [
            f"  - `{rule.id}`: {effect}, {policy} [{applied.status.value.replace('_', ' ')}]",
            f"      in force since {_date(applied.since)} by notice `{applied.notice.id}`{title}",
            f"      applies because: {_why(rule)}",
        ]
        for lift in applied.lifted_by:
            lines.append(
                f"      lifted by `{lift.exemption.id}` (notice `{lift.notice.id}`): "
                f"{_why(lift.exemption)}"
            )
        if applied.citation is not None:
            lines.append(f"      cites: {applied.citation.text()}")
        return lines

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
                "on": None if self.on is None else self.on.isoformat(),
                "at": None if self._at is None else iso(self._at, self.tz),
                "as_known_on": None
                if self._as_known_on is None
                else _known(self._as_known_on, self.tz),
                "timezone": self.tz,
            },
            "applied": [
                {
                    "restriction": a.id,
                    "effect": a.restriction.effect.value,
                    "review_policy": None
                    if a.restriction.review_policy is None
                    else a.restriction.review_policy.value,
                    "status": a.status.value,
                    "notice": a.notice.id,
                    "since": None if a.since is None else a.since.isoformat(),
                    "compliance": None
                    if a.compliance is None
                    else a.compliance.isoformat(),
                    "lifted_by": [
                        {"exemption": lift.exemption.id, "notice": lift.notice.id}
                        for lift in a.lifted_by
                    ],
                }
                for a in self.applied
            ],
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


def _date(moment: pendulum.DateTime | None) -> str:
    if moment is None:
        return "the beginning"
    if (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0):
        return moment.date().isoformat()
    return moment.isoformat()


@attrs.frozen
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


@attrs.frozen
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
                    show(seg._start, self.tz),
                    show(seg._end, self.tz),
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
        inner = [s._start for s in self.segments if s._start > NEG_INF]
        inner += [s._end for s in self.segments if s._end < POS_INF]
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
            notes = []
            if seg._start <= NEG_INF:
                notes.append("open start")
            if seg._end >= POS_INF:
                notes.append("until further notice")
            note = f" ({', '.join(notes)})" if notes else ""
            start = seg._start if seg._start > NEG_INF else first - pad
            end = seg._end if seg._end < POS_INF else last + pad
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
                    "start": iso(s._start, self.tz),
                    "end": iso(s._end, self.tz),
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


def combined(parts: tuple[Decision, ...]) -> Decision:
    """One decision under several regimes: the most severe verdict, and each part.

    Its validity is the intersection of the parts' intervals, and its replay
    token hashes theirs in order.
    """
    first = parts[0]

    def bounds() -> tuple[int, int]:
        spans = [p._bounds() for p in parts]
        start, end = max(s for s, _ in spans), min(e for _, e in spans)
        if start >= end:
            # whole days in different zones need not overlap: the first
            # regime's span is the one the decision is shown in
            return spans[0]
        return start, end

    def token() -> str:
        joined = "|".join(p.replay_token for p in parts)
        return "v1-multi-" + hashlib.sha256(joined.encode()).hexdigest()[:40]

    policies = [p.review_policy for p in parts if p.review_policy is not None]
    verdict = Verdict.combine(p.verdict for p in parts)
    return Decision(
        verdict=verdict,
        regime_id="+".join(p.regime_id for p in parts),
        access=first.access,
        tz=first.tz,
        at_us=first._at,
        on=first.on,
        as_known_on_us=first._as_known_on,
        applied=tuple(a for p in parts for a in p.applied),
        near_misses=tuple(m for p in parts for m in p.near_misses),
        caveats=tuple(c for p in parts for c in p.caveats),
        missing_facts=tuple(dict.fromkeys(f for p in parts for f in p.missing_facts)),
        review_policy=max(policies, key=lambda p: p.strictness)
        if policies and verdict is Verdict.LICENSE_REQUIRED
        else None,
        parts=parts,
        lazy=_Lazy(bounds, token),
    )
