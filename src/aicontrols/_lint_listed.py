"""A static check of restrictions treated as listed: can any entry ever apply?

A restriction with `treated_as_listed` takes the listed owners' own entries:
restrictions whose recipients scope names a listed party (`EntityIs`) or the
list (`OnList`). If no restriction of the regime does either, for any list the
restriction reads, it can never apply. `lint` reports it as
`treated-as-listed-without-entries`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypedDict

from ._problem import RegimeData
from ._rules import Restriction
from ._scopes import EntityIs, OnList, OwnedByListed

__all__ = ["CODE", "orphans"]

CODE = "treated-as-listed-without-entries"


class Where(TypedDict):
    """Where a finding is: a `Finding`'s keywords."""

    path: str
    notice_id: str
    rule_id: str


def _named(regime: RegimeData) -> tuple[set[str], set[str]]:
    """The entity ids and list ids that restrictions not treated as listed name."""
    entities: set[str] = set()
    lists: set[str] = set()
    for notice in regime.notices:
        for rule in (*notice.adds, *notice.amends):
            if not isinstance(rule, Restriction) or rule.treated_as_listed:
                continue
            for leaf in rule.recipients.leaves():
                if isinstance(leaf, EntityIs):
                    entities |= leaf.ids
                elif isinstance(leaf, OnList):
                    lists |= leaf.lists
    return entities, lists


def orphans(regime: RegimeData) -> Iterator[tuple[str, Where]]:
    """Each restriction treated as listed that no entry can feed: its message,
    and its `path`, `notice_id` and `rule_id` (a `Finding`'s keywords)."""
    named: tuple[set[str], set[str]] | None = None
    members = {x.id: {m.member for m in x.members} for x in regime.entity_lists}
    identities = [e.identities for e in regime.entities]
    for n, notice in enumerate(regime.notices):
        for field, rules in (("adds", notice.adds), ("amends", notice.amends)):
            for r, rule in enumerate(rules):
                if not isinstance(rule, Restriction) or not rule.treated_as_listed:
                    continue
                if named is None:
                    named = _named(regime)
                entities, lists = named
                read: set[str] = set()
                for leaf in rule.recipients.leaves():
                    if isinstance(leaf, OwnedByListed):
                        read |= leaf.lists
                parties = {m for x in read for m in members.get(x, ())}
                for ids in identities:  # a catalog entity confirmed as a member
                    if not parties.isdisjoint(ids):
                        parties |= ids
                if read & lists or parties & entities:
                    continue
                shown = ", ".join(f"`{x}`" for x in sorted(read))
                yield (
                    f"`{rule.id}` is treated as listed, but no restriction names "
                    f"list {shown} or a party on it: no entry can apply, so it "
                    "never applies",
                    Where(
                        path=f"notices[{n}].{field}[{r}]",
                        notice_id=notice.id,
                        rule_id=rule.id,
                    ),
                )
