"""What a decision says of a restriction that treats the recipient as listed.

The affiliates rule (90 FR 47201) treats an entity owned 50 percent or more,
directly or indirectly, individually or in the aggregate, by listed parties as
listed: it takes its owners' own entries (their items and review policies).
`TreatedAsListed` records, for one applied restriction, the listed owners, the
share they hold and the entries taken (`OwnerEntry`); its renderings feed
`Decision.explain()` and `Decision.to_dict()`.
"""

from __future__ import annotations

from typing import Any

import attrs

from ._notices import Notice
from ._rules import Citation, Effect, Restriction, ReviewPolicy

__all__ = ["OwnerEntry", "TreatedAsListed", "percent"]


def percent(share: float) -> str:
    """A share in words: `0.6` is `60%`, `1/3` is `33.33%`."""
    return f"{share * 100:.4g}%"


def _policy_words(policy: ReviewPolicy | None) -> str:
    return (
        "review policy not stated"
        if policy is None
        else f"review: {policy.value.replace('_', ' ')}"
    )


@attrs.frozen(kw_only=True)
class OwnerEntry:
    """A listed owner's entry that a restriction treated as listed takes.

    Attributes:
        owner: the listed owner's entity id.
        restriction: the entry (a restriction version in force that names the
            owner, or its list, and applies to the access read with the owner
            as the recipient).
        notice: the notice that made that version.
        certain: `False` when whether it applies depends on an unknown fact.

    Examples:
        >>> import aicontrols as ac
        >>> regime = ac.examples.load("affiliates-rule-2025")
        >>> access = ac.Access("sg-subsidiary", "example-model", "hosted-api")
        >>> applied = regime.decide(access, on="2025-10-15").applied[0]
        >>> entry = applied.treated_as_listed.entries[0]
        >>> entry.owner, entry.restriction.id, entry.notice.id
        ('listed-parent', 'listed-parent-entry', 'illustrative-listing')
    """

    owner: str
    restriction: Restriction
    notice: Notice
    certain: bool = True

    @property
    def citation(self) -> Citation | None:
        """The entry's own citation, else its notice's."""
        return self.restriction.citation or self.notice.citation


@attrs.frozen(kw_only=True)
class TreatedAsListed:
    """How a restriction treated the recipient as its listed owners.

    Attributes:
        owners: the listed owners some ownership chain reaches, sorted.
        lists: the entity lists the rule reads.
        share_at_least: the share the listed owners hold together, directly
            or indirectly, at least (unknown shares read as none).
        share_at_most: the same, at most (equal to `share_at_least` when every
            share on the way is known).
        entries: the owners' entries that apply (the strictest decides).
        effect: the strictest effect of the entries.
        review_policy: the strictest review policy of the entries, if any.

    Examples:
        >>> import aicontrols as ac
        >>> regime = ac.examples.load("affiliates-rule-2025")
        >>> access = ac.Access("sg-subsidiary", "example-model", "hosted-api")
        >>> treated = regime.decide(access, on="2025-10-15").applied[0].treated_as_listed
        >>> treated.owners, treated.share_at_least, treated.review_policy.value
        (('listed-parent',), 0.6, 'presumption_of_denial')
    """

    owners: tuple[str, ...]
    lists: tuple[str, ...]
    share_at_least: float
    share_at_most: float
    entries: tuple[OwnerEntry, ...]
    effect: Effect
    review_policy: ReviewPolicy | None

    @property
    def share(self) -> str:
        """The aggregate share in words: `60%`, or `between 40% and 100%`."""
        low, high = percent(self.share_at_least), percent(self.share_at_most)
        return low if low == high else f"between {low} and {high}"

    def lines(self) -> list[str]:
        """The explanation's lines (indented as `Decision.explain()` shows them)."""
        owners = ", ".join(f"`{o}`" for o in self.owners)
        lists = ", ".join(f"`{x}`" for x in self.lists)
        together = " and in aggregate" if len(self.owners) > 1 else ""
        out = [
            f"      treated as listed: owned {self.share}, directly or "
            f"indirectly{together}, by {owners} (on list {lists})"
        ]
        for entry in self.entries:
            rule = entry.restriction
            maybe = "" if entry.certain else " (may apply: a fact is unknown)"
            out.append(
                f"      takes the entry of `{entry.owner}`: `{rule.id}` (notice "
                f"`{entry.notice.id}`), {rule.effect.value.replace('_', ' ')}, "
                f"{_policy_words(rule.review_policy)}{maybe}"
            )
            if entry.citation is not None:
                out.append(f"      entry cites: {entry.citation.text()}")
        return out

    def to_dict(self) -> dict[str, Any]:
        """The `treated_as_listed` object of the Decision JSON."""
        return {
            "owners": list(self.owners),
            "lists": list(self.lists),
            "share_at_least": round(self.share_at_least, 9),
            "share_at_most": round(self.share_at_most, 9),
            "effect": self.effect.value,
            "review_policy": None
            if self.review_policy is None
            else self.review_policy.value,
            "entries": [
                {
                    "owner": e.owner,
                    "restriction": e.restriction.id,
                    "notice": e.notice.id,
                    "effect": e.restriction.effect.value,
                    "review_policy": None
                    if e.restriction.review_policy is None
                    else e.restriction.review_policy.value,
                    "certain": e.certain,
                }
                for e in self.entries
            ],
        }
