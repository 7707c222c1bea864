"""Deciding one access at one instant.

`assess` is the part shared by both engines: given the rule versions in force at
`t` (with their suspension, compliance and enforcement state), it works out the
verdict and its reasons. `decide_reference` is the reference interpreter: it
finds the versions in force by reading every rule's history directly. The
compiled index (`index.py`) finds them by binary search; tests check that both
agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import attrs

from .._access import Party
from .._notices import Notice
from .._reasons import (
    AppliedRestriction,
    Caveat,
    CaveatKind,
    Lift,
    NearMiss,
    Reasons,
    Status,
    Verdict,
)
from .._rules import (
    Effect,
    Exemption,
    License,
    Lifter,
    Restriction,
    ReviewPolicy,
    Rule,
    lifted_ids,
)
from .._scopes import AnyParty, DestinationIn, DestinationInGroup, Not, Scope
from .._time import show
from .._tri import FALSE, TRUE, UNKNOWN, Tri
from .affiliates import Treatment, treat
from .context import Context
from .relief import not_enforced_caveats
from .reviews import Review, review_of
from .ruleset import Ruleset, Window

_EFFECT_VERDICT = {
    Effect.LICENSE_REQUIRED: Verdict.LICENSE_REQUIRED,
    Effect.PROHIBITED: Verdict.PROHIBITED,
}


@attrs.frozen
class Entry:
    """A rule version in force over a span, as seen for one item and mode.

    Attributes:
        static: whether the rule's item and mode scopes select the item and mode.
        compliance: the compliance instant, only while it is still ahead.
        suspension: the suspension window in effect, if any.
        not_enforced: the non-enforcement windows in effect.
    """

    rule: Rule
    notice: Notice
    since: int
    static: Tri
    compliance: int | None = None
    suspension: Window | None = None
    not_enforced: tuple[Window, ...] = ()


Assessment = Reasons
"""The verdict and reasons for one access at one instant (the engine's name)."""

PERMITTED_ALWAYS = Assessment(Verdict.PERMITTED)


def static_match(rule: Rule, ctx: Context) -> Tri:
    """Whether a rule's item and mode scopes select the access's item and mode."""
    items = rule.items.match(ctx)
    if items is FALSE:
        return FALSE
    return Tri(min(items, rule.modes.match(ctx)))


@lru_cache(maxsize=4096)
def _reads_destination(scope: Scope) -> bool:
    return any(
        isinstance(leaf, DestinationIn | DestinationInGroup) for leaf in scope.leaves()
    )


@lru_cache(maxsize=4096)
def _party_scopes(scope: Scope) -> tuple[AnyParty, ...]:
    """The `AnyParty` parts of a scope that can make it hold (none under a `Not`)."""
    if isinstance(scope, Not):
        return ()
    own = (scope,) if isinstance(scope, AnyParty) else ()
    return own + tuple(p for kid in scope.children() for p in _party_scopes(kid))


def binding_parties(scope: Scope, ctx: Context) -> tuple[Party, ...]:
    """The parties to the transaction through which `scope` selects the access:
    those its `AnyParty` parts select for certain, without repeats."""
    found = _party_scopes(scope)
    if not found:
        return ()
    return tuple(dict.fromkeys(p for part in found for p in part.parties(ctx)))


def for_some_destination(scope: Scope, ctx: Context) -> Tri:
    """Whether `scope` holds for at least one country the access goes to.

    A restriction applies when any destination is selected: a release to India
    and France is a release to India, so `Not(DestinationIn("FR"))` applies to
    it. An access that exports nothing is read once with no destination.
    """
    return _per_destination(scope, ctx, max)


def for_every_destination(scope: Scope, ctx: Context) -> Tri:
    """Whether `scope` holds for each country the access goes to.

    A restriction applies when any destination is selected (a release to India
    and France is a release to India); an exemption lifts it only when it covers
    every destination, so an exemption for Tier 1 destinations does not lift a
    release that also goes to a Tier 2 country (15 CFR 734.14: a foreign
    national abroad is a deemed reexport to their own country too). Each
    destination is read on its own; an access that exports nothing is read
    once with no destination.
    """
    return _per_destination(scope, ctx, min)


def _per_destination(scope: Scope, ctx: Context, quantifier: Callable[..., Tri]) -> Tri:
    """`scope` read once per destination, combined by `min` (every) or `max` (some)."""
    if not _reads_destination(scope):
        return scope.match(ctx)
    options = ctx.destinations()
    if options is None:
        return scope.match(ctx)
    outcomes = set()
    for option in options:
        targets = [frozenset((country,)) for country in sorted(option)] or [frozenset()]
        outcomes.add(quantifier(scope.match(ctx.focused(target)) for target in targets))
    if len(outcomes) == 1:
        return Tri(outcomes.pop())
    # the facts leave a choice of destinations, and the answer depends on it
    return UNKNOWN


def _failure(rule: Rule, ctx: Context, static: Tri) -> Scope:
    if static is FALSE:
        scope = rule.items if rule.items.match(ctx) is FALSE else rule.modes
        return scope.failure(ctx)
    return rule.recipients.failure(ctx)


def _missing(rule: Rule, ctx: Context) -> list[str]:
    found: list[str] = []
    for scope in (rule.items, rule.modes, rule.recipients):
        found += scope.missing(ctx)
    return found


def assess(
    restrictions: Sequence[Entry],
    exemptions: Mapping[str, Sequence[Entry]],
    ctx: Context,
    attestations: frozenset[str],
) -> Assessment:
    """Decide one access at one instant from the rule versions in force then.

    `restrictions` are the restriction versions in force, in rule-id order;
    `exemptions` maps a restriction id to the exemption versions in force that
    name it.
    """
    if not restrictions:
        return PERMITTED_ALWAYS
    tz = ctx.world.tz
    low = high = Verdict.PERMITTED
    applied: list[AppliedRestriction] = []
    near: list[NearMiss] = []
    caveats: list[Caveat] = []
    missing: list[str] = []
    policies: list[ReviewPolicy] = []
    for entry in restrictions:
        rule = entry.rule
        assert isinstance(rule, Restriction)
        applies = entry.static
        if applies is not FALSE:
            applies = Tri(min(applies, for_some_destination(rule.recipients, ctx)))
        if applies is FALSE:
            continue
        treated: Treatment | None = None
        effect_of = rule.effect
        if rule.treated_as_listed:
            # the listed owners' entries decide whether and how it applies
            treated = treat(rule, restrictions, ctx, for_some_destination)
            applies = Tri(min(applies, treated.applies))
            if applies is FALSE:
                continue
            effect_of = treated.effect
        if entry.suspension is not None:
            window = entry.suspension
            caveats.append(
                Caveat(
                    kind=CaveatKind.SUSPENDED,
                    text=f"`{rule.id}` would apply but is suspended by notice "
                    f"`{window.notice.id}` until {show(window.end, tz)}",
                    rule_id=rule.id,
                    notice=window.notice,
                    act=window.act,
                )
            )
            continue
        review: Review | None = None
        lifted = FALSE
        lifts: list[Lift] = []
        unsure: list[Lifter] = []
        misses: list[NearMiss] = []
        for candidate in exemptions.get(rule.id, ()):
            if candidate.suspension is not None:
                continue
            exemption = candidate.rule
            assert not isinstance(exemption, Restriction)
            matched = candidate.static
            if matched is not FALSE:
                matched = Tri(
                    min(matched, for_every_destination(exemption.recipients, ctx))
                )
            if matched is FALSE:
                misses.append(
                    NearMiss(
                        exemption=exemption,
                        notice=candidate.notice,
                        restriction_id=rule.id,
                        failed=_failure(exemption, ctx, candidate.static),
                    )
                )
                continue
            absent = tuple(c for c in exemption.conditions if c not in attestations)
            if effect_of is Effect.PROHIBITED and isinstance(exemption, License):
                # a license authorizes what needs one; nothing licenses a prohibition
                misses.append(
                    NearMiss(
                        exemption=exemption,
                        notice=candidate.notice,
                        restriction_id=rule.id,
                        prohibited=True,
                    )
                )
            elif absent:
                misses.append(
                    NearMiss(
                        exemption=exemption,
                        notice=candidate.notice,
                        restriction_id=rule.id,
                        missing_conditions=absent,
                    )
                )
            elif matched is TRUE:
                lifts.append(Lift(exemption=exemption, notice=candidate.notice))
                lifted = TRUE
            else:
                lifted = Tri(max(lifted, UNKNOWN))  # a sure lift stays sure
                unsure.append(exemption)
        if lifted is TRUE:
            status = Status.LIFTED
        else:
            near += misses
            if entry.compliance is not None:
                status = Status.COMPLIANCE_NOT_REQUIRED
                caveats.append(
                    Caveat(
                        kind=CaveatKind.COMPLIANCE_NOT_REQUIRED,
                        text=f"`{rule.id}` is in force since {show(entry.since, tz)} "
                        f"but compliance is not required until "
                        f"{show(entry.compliance, tz)}",
                        rule_id=rule.id,
                        notice=entry.notice,
                    )
                )
            else:
                effect = _EFFECT_VERDICT[effect_of]
                certain = applies is TRUE and lifted is FALSE
                if effect.severity > high.severity:
                    high = effect
                if certain:
                    status = Status.BINDING
                    if effect.severity > low.severity:
                        low = effect
                    if rule.conditional_reviews:
                        review = review_of(
                            rule,
                            ctx,
                            attestations,
                            for_every_destination,
                            for_some_destination,
                        )
                        if review.policy is not None:
                            policies.append(review.policy)
                    else:
                        policy = (
                            rule.review_policy if treated is None else treated.policy
                        )
                        if policy is not None:
                            policies.append(policy)
                else:
                    status = Status.POSSIBLE
                    if applies is UNKNOWN:
                        missing += _missing(rule, ctx)
                        if treated is not None:
                            missing += treated.missing
                    for exemption in unsure:
                        missing += _missing(exemption, ctx)
                if entry.not_enforced:
                    caveats += not_enforced_caveats(
                        rule.id,
                        entry.not_enforced,
                        certain,
                        ctx,
                        attestations,
                        for_every_destination,
                    )
        caveats += untracked(rule, entry.notice, lifts)
        applied.append(
            AppliedRestriction(
                restriction=rule,
                notice=entry.notice,
                status=status,
                lifted_by=tuple(lifts),
                since_us=entry.since,
                compliance_us=entry.compliance,
                tz=tz,
                review=None if review is None else review.review,
                review_near_misses=() if review is None else review.misses,
                treated_as_listed=None if treated is None else treated.value,
                parties=binding_parties(rule.recipients, ctx),
            )
        )
    verdict = low if low is high else Verdict.UNDETERMINED
    policy = None
    if verdict is Verdict.LICENSE_REQUIRED and policies:
        policy = max(policies, key=lambda p: p.strictness)
    return Assessment(
        verdict,
        tuple(applied),
        tuple(near),
        tuple(caveats),
        tuple(dict.fromkeys(missing)) if verdict is Verdict.UNDETERMINED else (),
        policy,
    )


def untracked(rule: Restriction, notice: Notice, lifts: list[Lift]) -> list[Caveat]:
    """A caveat for each quantity that the lifts, or else the applied rule, depend
    on and aicontrols does not track (`not_tracked`)."""
    found = [
        Caveat(
            kind=CaveatKind.NOT_TRACKED,
            text=f"`{lift.exemption.id}` lifts `{rule.id}` only within a quantity "
            f"aicontrols does not track: {lift.exemption.not_tracked}",
            rule_id=lift.exemption.id,
            notice=lift.notice,
        )
        for lift in lifts
        if isinstance(lift.exemption, Exemption) and lift.exemption.not_tracked
    ]
    if rule.not_tracked and not lifts:
        found.append(
            Caveat(
                kind=CaveatKind.NOT_TRACKED,
                text=f"`{rule.id}` depends on a quantity aicontrols does not track: "
                f"{rule.not_tracked}",
                rule_id=rule.id,
                notice=notice,
            )
        )
    return found


def entry_at(ruleset: Ruleset, rule_id: str, t: int, ctx: Context) -> Entry | None:
    """The reference reading of one rule at `t`: its version and state, if in force."""
    history = ruleset.histories[rule_id]
    version = history.version_at(t)
    if version is None:
        return None
    compliance = version.compliance
    suspension = next((w for w in history.suspensions if w.start <= t < w.end), None)
    return Entry(
        version.rule,
        version.notice,
        version.since,
        static_match(version.rule, ctx),
        compliance if compliance is not None and t < compliance else None,
        suspension,
        tuple(w for w in history.not_enforced if w.start <= t < w.end),
    )


def decide_reference(
    ruleset: Ruleset, ctx: Context, attestations: frozenset[str]
) -> Assessment:
    """The reference interpreter: read every rule's history at `ctx.t`, then assess."""
    restrictions: list[Entry] = []
    exemptions: dict[str, list[Entry]] = {}
    for rule_id in sorted(ruleset.histories):
        entry = entry_at(ruleset, rule_id, ctx.t, ctx)
        if entry is None:
            continue
        if isinstance(entry.rule, Restriction):
            restrictions.append(entry)
        else:
            for lifted in lifted_ids(entry.rule):
                exemptions.setdefault(lifted, []).append(entry)
    return assess(restrictions, exemptions, ctx, attestations)
