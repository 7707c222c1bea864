"""Rules: restrictions, the exemptions that lift them, and their citations."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from ._citation import Citation
from ._scopes import EVERYTHING, Scope, Target
from ._time import When, resolve
from ._validators import (
    check_bool,
    check_id,
    check_text,
    check_when_field,
    checked_tuple,
    string_tuple,
)

__all__ = [
    "Citation",
    "ConditionalReview",
    "Effect",
    "Exemption",
    "License",
    "ReviewPolicy",
    "Restriction",
    "check_target",
    "expiry",
    "lifted_ids",
]


class Effect(enum.Enum):
    """What a binding restriction does to an access.

    Examples:
        >>> Effect("prohibited")
        <Effect.PROHIBITED: 'prohibited'>
    """

    LICENSE_REQUIRED = "license_required"
    """The access needs a license."""
    PROHIBITED = "prohibited"
    """The access is forbidden; no license is available."""


class ReviewPolicy(enum.Enum):
    """How a license application is reviewed, from most to least favourable.

    Examples:
        >>> ReviewPolicy.POLICY_OF_DENIAL.strictness > ReviewPolicy.CASE_BY_CASE.strictness
        True
    """

    PRESUMPTION_OF_APPROVAL = "presumption_of_approval"
    CASE_BY_CASE = "case_by_case"
    PRESUMPTION_OF_DENIAL = "presumption_of_denial"
    POLICY_OF_DENIAL = "policy_of_denial"

    @property
    def strictness(self) -> int:
        """Rank by strictness; BIS reviews under the strictest applicable policy."""
        return _STRICTNESS[self]


_STRICTNESS = {policy: rank for rank, policy in enumerate(ReviewPolicy)}


def check_target(target: Target) -> Callable[[Any, Any, Any], None]:
    def check(_: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, Scope):
            raise TypeError(f"`{attribute.name}`: expected a Scope, got `{value!r}`")
        wrong = value.targets() - {target}
        if wrong:
            names = ", ".join(sorted(t.value for t in wrong))
            raise ValueError(
                f"`{attribute.name}` may only select by {target.value}, "
                f"but it also reads the {names}"
            )

    return check


def _policy(value: ReviewPolicy | str | None) -> ReviewPolicy | None:
    return None if value is None else ReviewPolicy(value)


@attrs.frozen
class ConditionalReview:
    """A review policy that replaces a restriction's own for some accesses.

    When the restriction binds, the review policy is that of the conditional
    reviews whose scopes select the access and whose named conditions are all
    attested (`Access.attestations`), the strictest if several; otherwise the
    restriction's `review_policy`. A review whose scopes may select the access,
    but a fact they read is unknown, never gives the more favourable policy.
    The review policy never changes the verdict.

    Args:
        policy: the review policy it gives.
        conditions: named conditions the access must attest (a certification,
            say).
        items: which items it covers (default: every item the restriction
            covers).
        modes: which deployment modes (default: every mode).
        recipients: which recipients (default: everyone).
        description: a line in words for explanations.
        citation: where the policy is stated; the restriction's otherwise.

    Examples:
        >>> from aicontrols import ParameterBelow, AllOf
        >>> review = ConditionalReview(
        ...     "case_by_case",
        ...     conditions=["exporter-certifications"],
        ...     items=AllOf([ParameterBelow("tpp", 21_000),
        ...                  ParameterBelow("dram_bandwidth_gbps", 6_500)]),
        ...     description="chips under the thresholds, with certifications",
        ... )
        >>> review.policy, review.conditions
        (<ReviewPolicy.CASE_BY_CASE: 'case_by_case'>, ('exporter-certifications',))
    """

    policy: ReviewPolicy = attrs.field(converter=ReviewPolicy)
    conditions: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=string_tuple
    )
    items: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.ITEM)
    )
    modes: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.MODE)
    )
    recipients: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.RECIPIENT)
    )
    description: str | None = attrs.field(default=None, kw_only=True)
    citation: Citation | None = attrs.field(default=None, kw_only=True)


def _reviews(value: Iterable[ConditionalReview]) -> tuple[ConditionalReview, ...]:
    return checked_tuple(value, ConditionalReview, "conditional_reviews")


@attrs.frozen
class Restriction:
    """A rule that makes an access need a license, or forbids it.

    A restriction *applies* to an access when its `items`, `modes` and
    `recipients` scopes all select it.

    Args:
        id: stable across versions: an amendment reuses it.
        effect: `LICENSE_REQUIRED` or `PROHIBITED`.
        review_policy: how a license application is reviewed, `None` if not stated.
        conditional_reviews: review policies that replace `review_policy`
            for the accesses they select, when their conditions are attested
            (see `ConditionalReview`).
        items: which items it covers (default: every item).
        modes: which deployment modes (default: every mode).
        recipients: which recipients (default: everyone).
        citation: the rule's own citation; its notice's citation otherwise.
        description: a line in words for explanations.
        not_tracked: a quantity or allocation the rule depends on that
            aicontrols does not track (a per-country allocation): while the
            restriction applies and nothing lifts it, the decision carries a
            `not_tracked` caveat quoting it.
        treated_as_listed: the rule treats the recipient as the listed parties
            that own it (the affiliates rule, 90 FR 47201): its `recipients`
            scope holds one `OwnedByListed`, and its effect and review policy
            are those of the owners' own entries in force (restrictions naming
            the owner, or its list, that apply to the access read with the owner
            as the recipient), the strictest if several; where no entry
            applies, neither does the rule. It states no `review_policy`.

    Examples:
        >>> from aicontrols import ItemIs, ForeignPerson, OwnedByListed
        >>> rule = Restriction("r1", items=ItemIs("mythos-5"), recipients=ForeignPerson())
        >>> rule.effect
        <Effect.LICENSE_REQUIRED: 'license_required'>
        >>> affiliates = Restriction("affiliates", treated_as_listed=True,
        ...     recipients=OwnedByListed("entity-list", min_share=0.5))
        >>> affiliates.treated_as_listed, affiliates.review_policy
        (True, None)
    """

    id: str = attrs.field(validator=check_id)
    effect: Effect = attrs.field(
        default=Effect.LICENSE_REQUIRED, kw_only=True, converter=Effect
    )
    review_policy: ReviewPolicy | None = attrs.field(
        default=None, kw_only=True, converter=_policy
    )
    items: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.ITEM)
    )
    modes: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.MODE)
    )
    recipients: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.RECIPIENT)
    )
    citation: Citation | None = attrs.field(default=None, kw_only=True)
    description: str | None = attrs.field(default=None, kw_only=True)
    conditional_reviews: tuple[ConditionalReview, ...] = attrs.field(
        default=(), kw_only=True, converter=_reviews
    )
    treated_as_listed: bool = attrs.field(
        default=False, kw_only=True, validator=check_bool
    )
    not_tracked: str | None = attrs.field(
        default=None, kw_only=True, validator=check_text
    )


@attrs.frozen
class Exemption:
    """A rule that lifts named restrictions for the accesses it selects.

    An exemption lifts a restriction that it names in `lifts` when it is in
    force, its scopes select the access, and every named condition is attested
    on the access (`Access.attestations`); a missing attestation is a failed
    condition, reported as a near miss.

    `not_tracked` names a quantity the exemption is limited to that aicontrols
    does not track (an annual cap): when the exemption lifts a restriction,
    the decision carries a `not_tracked` caveat quoting it, never a silent pass.

    Examples:
        >>> from aicontrols import EmployedBy
        >>> Exemption("partners", lifts=["r1"], recipients=EmployedBy("acme-cloud")).lifts
        ('r1',)
    """

    id: str = attrs.field(validator=check_id)
    lifts: tuple[str, ...] = attrs.field(kw_only=True, converter=string_tuple)
    items: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.ITEM)
    )
    modes: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.MODE)
    )
    recipients: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.RECIPIENT)
    )
    conditions: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=string_tuple
    )
    citation: Citation | None = attrs.field(default=None, kw_only=True)
    description: str | None = attrs.field(default=None, kw_only=True)
    not_tracked: str | None = attrs.field(
        default=None, kw_only=True, validator=check_text
    )

    @lifts.validator
    def _check_lifts(self, _: object, value: tuple[str, ...]) -> None:
        if not value:
            raise ValueError(
                f"exemption `{self.id}` must lift at least one restriction"
            )


@attrs.frozen
class License:
    """A license granted to you: it authorizes the accesses it selects.

    A license is a dated act like any rule: a notice adds, amends or revokes
    it. While it is valid, from its notice's effective date to the end of
    `expires`, it lifts each restriction named in `authorizes` whose effect is
    `LICENSE_REQUIRED`, for the accesses its scopes select, when every named
    condition is attested. It never lifts a `PROHIBITED` restriction: that is
    reported as a near miss.

    Args:
        id: the license's id (its number, say).
        authorizes: ids of the restrictions it authorizes (at least one).
        items: which items it covers (default: every item).
        modes: which deployment modes (default: every mode).
        recipients: which recipients (default: everyone).
        expires: a date (valid through the end of that local day) or an
            instant (exclusive); `None` for no expiry.
        conditions: named conditions the access must attest.
        citation: the license's own citation; its notice's otherwise.
        description: a line in words for explanations.

    Examples:
        >>> import datetime
        >>> from aicontrols import EntityIs
        >>> grant = License("lic-1", authorizes=["r1"], recipients=EntityIs("acme-cloud"),
        ...                 expires=datetime.date(2027, 6, 30))
        >>> grant.authorizes, grant.expires.isoformat()
        (('r1',), '2027-06-30')
    """

    id: str = attrs.field(validator=check_id)
    authorizes: tuple[str, ...] = attrs.field(kw_only=True, converter=string_tuple)
    items: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.ITEM)
    )
    modes: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.MODE)
    )
    recipients: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.RECIPIENT)
    )
    expires: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    conditions: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=string_tuple
    )
    citation: Citation | None = attrs.field(default=None, kw_only=True)
    description: str | None = attrs.field(default=None, kw_only=True)

    @authorizes.validator
    def _check_authorizes(self, _: object, value: tuple[str, ...]) -> None:
        if not value:
            raise ValueError(
                f"license `{self.id}` must authorize at least one restriction"
            )


Rule = Restriction | Exemption | License
Lifter = Exemption | License
"""A rule that lifts restrictions: an exemption, or a license."""


def lifted_ids(rule: Lifter) -> tuple[str, ...]:
    """The restriction ids a lifter names: an exemption's `lifts`, a license's
    `authorizes`."""
    return rule.lifts if isinstance(rule, Exemption) else rule.authorizes


def expiry(license: License, tz: str) -> int | None:
    """The instant a license stops being valid, `None` if it never expires.

    A date means through the end of that local day: the license expires at
    the next local midnight. An instant is exclusive.
    """
    expires = license.expires
    if expires is None:
        return None
    if isinstance(expires, dt.datetime):
        return resolve(expires, tz)
    return resolve(expires + dt.timedelta(days=1), tz)
