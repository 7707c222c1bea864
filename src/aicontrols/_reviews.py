"""Conditional reviews in answers: what almost changed a review policy, and
how a decision shows the review that set it (text and JSON).

A restriction's `ConditionalReview`s replace its review policy for the
accesses they select with their conditions attested. A decision names the
conditional review that set the policy of each binding restriction, and the
ones that would change it: a review whose conditions were not attested ("with
`x` attested, review would be case by case"), or whose selection depends on a
fact that is unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from ._rules import ConditionalReview, Restriction, ReviewPolicy
from ._scopes import Everything

__all__ = [
    "ReviewNearMiss",
    "review_json",
    "review_label",
    "review_lines",
    "words",
]


def words(policy: ReviewPolicy | None) -> str:
    """A review policy in words: "case by case", or "not stated"."""
    return "not stated" if policy is None else policy.value.replace("_", " ")


def review_label(restriction: Restriction, review: ConditionalReview) -> str:
    """How explanations name a conditional review: by its description, else by
    its place in the restriction's list."""
    if review.description:
        return f"conditional review ({review.description})"
    position = restriction.conditional_reviews.index(review) + 1
    return f"conditional review {position} of `{restriction.id}`"


@attrs.frozen(kw_only=True)
class ReviewNearMiss:
    """A conditional review of a binding restriction that would change its
    review policy, or that set it only because a fact is unknown.

    Attributes:
        review: the conditional review.
        restriction: the restriction version it belongs to.
        would_be: the restriction's review policy with the review's
            conditions attested, or its selection settled: that it selects the
            access, or for an `assumed` review, that it does not.
        missing_conditions: the named conditions not attested (its scopes
            select the access).
        missing_facts: the facts that would settle whether its scopes select
            the access (none when they select some of the access's
            destinations but not all).
        assumed: its scopes may select the access (a fact is unknown) and its
            policy is stricter: it is used until the facts are known.

    Examples:
        >>> import aicontrols as ac
        >>> review = ac.ConditionalReview("case_by_case", conditions=["certified"])
        >>> rule = ac.Restriction("r1", review_policy="presumption_of_denial",
        ...                       conditional_reviews=[review])
        >>> miss = ReviewNearMiss(review=review, restriction=rule,
        ...                       would_be=ac.ReviewPolicy.CASE_BY_CASE,
        ...                       missing_conditions=("certified",))
        >>> miss.reason
        'with `certified` attested, review would be case by case'
    """

    review: ConditionalReview
    restriction: Restriction
    would_be: ReviewPolicy | None
    missing_conditions: tuple[str, ...] = ()
    missing_facts: tuple[str, ...] = ()
    assumed: bool = False

    @property
    def restriction_id(self) -> str:
        """The id of the restriction whose review it concerns."""
        return self.restriction.id

    @property
    def reason(self) -> str:
        """What would change the review, in words."""
        own = self.review.policy
        if self.assumed:
            return (
                f"{self._why()}; its stricter review, {words(own)}, holds "
                f"(else review would be {words(self.would_be)})"
            )
        if self.would_be is own:
            then = f"review would be {words(own)}"
        else:
            then = (
                f"it gives {words(own)} review, but a stricter one would still "
                f"hold: {words(self.would_be)}"
            )
        if self.missing_conditions:
            names = ", ".join(f"`{c}`" for c in self.missing_conditions)
            return f"with {names} attested, {then}"
        return f"{self._why()}; if it applies, {then}"

    def _why(self) -> str:
        if self.missing_facts:
            return f"may apply, but unknown: {'; '.join(self.missing_facts)}"
        return "selects some of the access's destinations, not all"


def _scopes(review: ConditionalReview) -> str:
    scopes = (review.items, review.modes, review.recipients)
    kept = [s.describe() for s in scopes if not isinstance(s, Everything)]
    return "; ".join(kept) if kept else "every access the restriction covers"


def review_lines(
    restriction: Restriction,
    review: ConditionalReview | None,
    misses: Sequence[ReviewNearMiss],
) -> list[str]:
    """An applied restriction's explanation lines about its review."""
    lines: list[str] = []
    if review is not None:
        attested = (
            f"; attested: {', '.join(f'`{c}`' for c in review.conditions)}"
            if review.conditions
            else ""
        )
        held = any(m.assumed and m.review is review for m in misses)
        lines.append(
            f"      review {words(review.policy)} under "
            f"{review_label(restriction, review)}"
            f"{', held while unknown whether it applies' if held else ''}: "
            f"{_scopes(review)}{attested}"
        )
        if review.citation is not None:
            lines.append(f"      review cites: {review.citation.text()}")
    for miss in misses:
        lines.append(
            f"      review near miss, {review_label(restriction, miss.review)}: "
            f"{miss.reason}"
        )
    return lines


def _entry(restriction: Restriction, review: ConditionalReview) -> dict[str, Any]:
    cite = review.citation
    return {
        "index": restriction.conditional_reviews.index(review),
        "policy": review.policy.value,
        "description": review.description,
        "conditions": list(review.conditions),
        "citation": None if cite is None else cite.text(),
    }


def review_json(
    restriction: Restriction,
    review: ConditionalReview | None,
    misses: Sequence[ReviewNearMiss],
) -> dict[str, Any]:
    """An applied restriction's JSON keys about its review: `review` and
    `review_near_misses`."""
    return {
        "review": None if review is None else _entry(restriction, review),
        "review_near_misses": [
            {
                **_entry(restriction, m.review),
                "would_be": None if m.would_be is None else m.would_be.value,
                "missing_conditions": list(m.missing_conditions),
                "missing_facts": list(m.missing_facts),
                "assumed": m.assumed,
                "reason": m.reason,
            }
            for m in misses
        ],
    }
