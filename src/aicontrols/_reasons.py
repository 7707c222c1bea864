"""Reasons: the verdicts, and what a decision says about why.

The values a decision is made of: its `Verdict`, the restrictions that
applied (`AppliedRestriction`, with the exemptions that `Lift`ed them), the
`NearMiss`es, the `Caveat`s and a timeline segment's `Cause`. All are
keyword-only, frozen values.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pendulum

from ._access import Party
from ._affiliates import TreatedAsListed
from ._notices import NonEnforcement, Notice, Suspension
from ._reviews import ReviewNearMiss, review_json
from ._rules import (
    Citation,
    ConditionalReview,
    Effect,
    Exemption,
    License,
    Restriction,
    ReviewPolicy,
)
from ._scopes import Scope
from ._time import to_datetime

__all__ = [
    "AppliedRestriction",
    "Caveat",
    "CaveatKind",
    "Cause",
    "Lift",
    "NearMiss",
    "Reasons",
    "Status",
    "Verdict",
    "combine_reasons",
    "reason_code",
]


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


@attrs.frozen(kw_only=True)
class Lift:
    """An exemption that lifted a restriction, with the notice that made it.

    Attributes:
        exemption: the exemption (or license) version that lifted it.
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

    exemption: Exemption | License
    notice: Notice

    @property
    def is_license(self) -> bool:
        """Whether a granted license, not an exemption, lifted it."""
        return isinstance(self.exemption, License)


@attrs.frozen(kw_only=True)
class AppliedRestriction:
    """A restriction that applies to the access, and how it stands.

    Attributes:
        restriction: the restriction version in force.
        notice: the notice that made that version.
        status: binding, lifted, compliance not yet required, or possible.
        lifted_by: the exemptions that lifted it.
        tz: the regime's zone, for `since` and `compliance`.
        review: for a binding restriction, the conditional review that set
            its review policy (`None`: the restriction's own `review_policy`).
        review_near_misses: for a binding restriction, the conditional
            reviews that would change its review policy, or that set it only
            because a fact is unknown.
        treated_as_listed: for a restriction that treats the recipient as its
            listed owners (`Restriction.treated_as_listed`): the owners, their
            share and the entries taken; `None` otherwise.
        parties: for a restriction that applies through `AnyParty`, the
            parties to the transaction that its scope selects (the recipient
            as the end user first); empty otherwise.

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
    review: ConditionalReview | None = None
    review_near_misses: tuple[ReviewNearMiss, ...] = ()
    treated_as_listed: TreatedAsListed | None = None
    parties: tuple[Party, ...] = ()

    @property
    def id(self) -> str:
        """The restriction's id."""
        return self.restriction.id

    @property
    def effect(self) -> Effect:
        """What it does: the restriction's effect, or, treated as listed, the
        strictest of the owners' entries."""
        treated = self.treated_as_listed
        return self.restriction.effect if treated is None else treated.effect

    @property
    def review_policy(self) -> ReviewPolicy | None:
        """Its review policy: the conditional `review`'s that set it; else, treated
        as listed, the strictest of the owners' entries; else the restriction's
        own (`None` if not stated)."""
        if self.review is not None:
            return self.review.policy
        treated = self.treated_as_listed
        return (
            self.restriction.review_policy if treated is None else treated.review_policy
        )

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

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Its citation, its conditional review's, then those of the owners'
        entries it took, if any."""
        treated = self.treated_as_listed
        found = [
            self.citation,
            None if self.review is None else self.review.citation,
            *(() if treated is None else (e.citation for e in treated.entries)),
        ]
        return tuple(dict.fromkeys(c for c in found if c is not None))

    def to_dict(self) -> dict[str, Any]:
        """The `applied[]` object of the Decision JSON."""
        policy = self.review_policy
        return {
            "restriction": self.id,
            "effect": self.effect.value,
            "review_policy": None if policy is None else policy.value,
            **review_json(self.restriction, self.review, self.review_near_misses),
            "status": self.status.value,
            "notice": self.notice.id,
            "since": None if self.since is None else self.since.isoformat(),
            "compliance": None
            if self.compliance is None
            else self.compliance.isoformat(),
            "lifted_by": [
                {"exemption": lift.exemption.id, "notice": lift.notice.id}
                for lift in self.lifted_by
            ],
            "treated_as_listed": None
            if self.treated_as_listed is None
            else self.treated_as_listed.to_dict(),
            "parties": [party.to_dict() for party in self.parties],
        }


@attrs.frozen(kw_only=True)
class NearMiss:
    """An exemption or license that was considered for a restriction but did
    not lift it.

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

    exemption: Exemption | License
    notice: Notice
    restriction_id: str
    failed: Scope | None = None
    """The first scope that did not select the access, if a scope failed."""
    missing_conditions: tuple[str, ...] = ()
    """Named conditions that were not attested, if the scopes held."""
    prohibited: bool = False
    """A license that selects the access, but the restriction is `PROHIBITED`."""

    @property
    def reason(self) -> str:
        """The failed condition or predicate, in words."""
        if self.prohibited:
            return (
                f"is a license, and `{self.restriction_id}` is prohibited: "
                "a license never lifts a prohibition"
            )
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
    NOT_ENFORCED_UNKNOWN = "not_enforced_unknown"
    """A non-enforcement statement limited to some accesses may cover this
    one, but a fact it reads is unknown: no relief is assumed."""
    SUSPENDED = "suspended"
    """A rule would apply but is suspended."""
    CHANGES_DURING_DAY = "changes_during_day"
    """The verdict changes during the queried day."""
    LISTED_NOT_MODELLED = "listed_not_modelled"
    """The recipient is on a list whose legal effect aicontrols does not model."""
    NOT_TRACKED = "not_tracked"
    """A rule that applies, or an exemption that lifts one, depends on a
    quantity or allocation aicontrols does not track (`not_tracked`)."""


@attrs.frozen(kw_only=True)
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


@attrs.frozen(kw_only=True)
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


@attrs.frozen
class Reasons:
    """The verdict and the reasons for it, for one access at one instant (or
    one day): what the engine assesses, and what a decision carries."""

    verdict: Verdict
    applied: tuple[AppliedRestriction, ...] = ()
    near_misses: tuple[NearMiss, ...] = ()
    caveats: tuple[Caveat, ...] = ()
    missing_facts: tuple[str, ...] = ()
    review_policy: ReviewPolicy | None = None

    @functools.cached_property
    def code(self) -> str:
        """The reason code (`reason_code`), computed once: the engine keeps
        one `Reasons` per piece of an access's time, asked again and again."""
        return reason_code(self.verdict, self.applied, self.caveats)

    @functools.cached_property
    def citations(self) -> tuple[Citation, ...]:
        """Every citation the reasons rely on, first use first, without
        repeats (see `Decision.citations`), computed once."""
        found: dict[Citation, None] = {}
        for applied in self.applied:
            for cite in (
                *applied.citations,
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
        return tuple(found)


def combine_reasons(parts: Sequence[Reasons]) -> Reasons:
    """The reasons under several regimes at once: the one combining rule.

    The most severe verdict (`Verdict.combine`); every part's applicable
    restrictions, near misses and caveats, in order; the missing facts once
    each; for a license, the strictest review policy. `aicontrols.decide` and
    the audit under several regimes both combine with it.
    """
    policies = [p.review_policy for p in parts if p.review_policy is not None]
    verdict = Verdict.combine(p.verdict for p in parts)
    return Reasons(
        verdict=verdict,
        applied=tuple(a for p in parts for a in p.applied),
        near_misses=tuple(m for p in parts for m in p.near_misses),
        caveats=tuple(c for p in parts for c in p.caveats),
        missing_facts=tuple(dict.fromkeys(f for p in parts for f in p.missing_facts)),
        review_policy=max(policies, key=lambda p: p.strictness)
        if policies and verdict is Verdict.LICENSE_REQUIRED
        else None,
    )


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
