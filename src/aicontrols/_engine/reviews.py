"""Review policies that depend on conditions: the review a binding restriction gets.

A restriction's `ConditionalReview`s replace its `review_policy` for the
accesses they select with every condition attested: the strictest of those,
if several, else the restriction's own. A review whose scopes may select the
access, a fact being unknown, never gives the more favourable policy: if its
policy is stricter it holds (fail closed), if not it is left out, and either
way the decision names the fact. The review policy never changes the verdict.

`assess` (in `decide`) calls `review_of` only for a binding restriction that
has conditional reviews, so a regime without them pays nothing. It hands in
how a recipient scope is read across the access's destinations (the same
readings exemptions get), which this module does not import, to keep the
import graph one-way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from .._reviews import ReviewNearMiss
from .._rules import ConditionalReview, Restriction, ReviewPolicy
from .._scopes import Scope
from .._tri import FALSE, TRUE, UNKNOWN, Tri
from .context import Context

__all__ = ["Quantifier", "Review", "review_of", "selects"]

Quantifier = Callable[[Scope, Context], Tri]
"""How a recipient scope is read across the destinations of an access."""


@attrs.frozen
class Review:
    """The review of one binding restriction: the conditional review that set
    its policy (`None`: the restriction's own), the policy, and what would
    change it."""

    review: ConditionalReview | None
    policy: ReviewPolicy | None
    misses: tuple[ReviewNearMiss, ...] = ()


def selects(
    review: ConditionalReview, ctx: Context, every: Quantifier, some: Quantifier
) -> Tri:
    """Whether a conditional review's scopes select the access.

    `TRUE` when they select it for every destination; `FALSE` when for none;
    `UNKNOWN` otherwise (a fact is unknown, or only some destinations are
    selected): such a review may only make the review stricter.
    """
    static = review.items.match(ctx)
    if static is FALSE:
        return FALSE
    static = Tri(min(static, review.modes.match(ctx)))
    if static is FALSE:
        return FALSE
    if static is TRUE and every(review.recipients, ctx) is TRUE:
        return TRUE
    if some(review.recipients, ctx) is FALSE:
        return FALSE
    return UNKNOWN


def missing(review: ConditionalReview, ctx: Context) -> tuple[str, ...]:
    """The facts that would settle whether the review's scopes select the
    access; none when they select some of its destinations but not all."""
    found: dict[str, None] = {}
    for scope in (review.items, review.modes, review.recipients):
        if scope.match(ctx) is UNKNOWN:
            found.update(dict.fromkeys(scope.missing(ctx)))
    return tuple(found)


_Picked = tuple[int | None, ReviewPolicy | None, bool]


def _outcome(
    rule: Restriction, definite: Sequence[int], possible: Sequence[int]
) -> _Picked:
    """The review from the reviews that select the access (`definite`) and
    those that may (`possible`): its position (`None`: the restriction's own
    policy), its policy, and whether it is a possible one, held as stricter."""
    reviews = rule.conditional_reviews
    chosen: int | None = None
    policy = rule.review_policy
    if definite:
        chosen = max(definite, key=lambda k: reviews[k].policy.strictness)
        policy = reviews[chosen].policy
    if policy is not None and possible:
        top = max(possible, key=lambda k: reviews[k].policy.strictness)
        if reviews[top].policy.strictness > policy.strictness:
            return top, reviews[top].policy, True
    return chosen, policy, False


def review_of(
    rule: Restriction,
    ctx: Context,
    attestations: frozenset[str],
    every: Quantifier,
    some: Quantifier,
) -> Review:
    """The review policy of a binding restriction, and what would change it."""
    reviews = rule.conditional_reviews
    definite: list[int] = []
    possible: list[int] = []
    unattested: list[tuple[int, tuple[str, ...]]] = []
    for k, review in enumerate(reviews):
        selected = selects(review, ctx, every, some)
        if selected is FALSE:
            continue
        absent = tuple(c for c in review.conditions if c not in attestations)
        if selected is TRUE:
            if absent:
                unattested.append((k, absent))
            else:
                definite.append(k)
        elif not absent:
            possible.append(k)
    chosen, policy, assumed = _outcome(rule, definite, possible)
    misses: list[ReviewNearMiss] = []
    # reported: the reviews that give another policy than the one that holds
    for k, absent in unattested:
        if reviews[k].policy is policy:
            continue
        _, would_be, _ = _outcome(rule, [*definite, k], possible)
        misses.append(
            ReviewNearMiss(
                review=reviews[k],
                restriction=rule,
                would_be=would_be,
                missing_conditions=absent,
            )
        )
    for k in possible:
        others = [p for p in possible if p != k]
        if assumed and k == chosen:
            # settled the other way (it does not apply), the review would be
            _, would_be, _ = _outcome(rule, definite, others)
        elif reviews[k].policy is policy:
            continue
        else:
            _, would_be, _ = _outcome(rule, [*definite, k], others)
        misses.append(
            ReviewNearMiss(
                review=reviews[k],
                restriction=rule,
                would_be=would_be,
                missing_facts=missing(reviews[k], ctx),
                assumed=assumed and k == chosen,
            )
        )
    return Review(None if chosen is None else reviews[chosen], policy, tuple(misses))
