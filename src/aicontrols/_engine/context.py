"""What scopes read: the item, the mode and the recipient's facts at one instant.

`World` is the part of a regime that scopes consult (jurisdiction, deemed-export
rule, country groups and lists over time), compiled once per regime. `Context`
is one access at one instant; it reads the recipient's dated facts lazily, only
when a scope asks.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping

from .._access import PartyRole, Transfer
from .._entities import Entity, EntityKind
from .._items import ControlledItem, DeploymentMode
from .._time import When, resolve_end, resolve_start
from .._tri import FALSE, TRUE, UNKNOWN, Tri
from .members import MemberTimeline
from .ownership import Holding, holding
from .transfers import missing_for_transfer, transfer_options


def valid_at(start: When | None, end: When | None, t: int, tz: str) -> bool:
    """Whether `t` lies in the half-open `[start, end)` read in zone `tz`."""
    return resolve_start(start, tz) <= t < resolve_end(end, tz)


class World:
    """The regime-wide facts that scopes consult, compiled once."""

    __slots__ = (
        "aliases",
        "caveats",
        "deemed_all",
        "entities",
        "groups",
        "jurisdiction",
        "lists",
        "territory",
        "tz",
    )

    def __init__(
        self,
        *,
        jurisdiction: str,
        territory: frozenset[str],
        tz: str,
        deemed_all: bool,
        groups: dict[str, MemberTimeline],
        lists: dict[str, MemberTimeline],
        caveats: dict[str, str] | None = None,
        aliases: dict[str, frozenset[str]] | None = None,
        entities: Mapping[str, Entity] | None = None,
    ) -> None:
        self.jurisdiction = jurisdiction
        self.territory = territory
        self.tz = tz
        self.deemed_all = deemed_all
        self.groups = groups
        self.lists = lists
        # lists whose legal effect is not modelled: list id -> caveat text
        self.caveats = caveats or {}
        # catalog entity id -> its identities (itself and its `same_as`)
        self.aliases = aliases or {}
        # the catalog's entities by id, which ownership chains are followed through
        self.entities: Mapping[str, Entity] = entities or {}

    def with_lists(
        self,
        lists: dict[str, MemberTimeline],
        groups: dict[str, MemberTimeline] | None = None,
    ) -> World:
        """This world with the lists (and the country groups, if given) as
        known at another knowledge cutoff."""
        return World(
            jurisdiction=self.jurisdiction,
            territory=self.territory,
            tz=self.tz,
            deemed_all=self.deemed_all,
            groups=self.groups if groups is None else groups,
            lists=lists,
            caveats=self.caveats,
            aliases=self.aliases,
            entities=self.entities,
        )

    def identities(self, entity_id: str) -> frozenset[str]:
        """A catalog entity's id and its confirmed `same_as` ids."""
        return self.aliases.get(entity_id) or frozenset((entity_id,))


MAJORITY = 0.5
"""An owner holding more than this share of an entity is its majority owner."""

_Dated = tuple[str, int]  # (country, start instant) of a fact valid at t


Parties = tuple[tuple[PartyRole, Entity], ...]
"""The other parties to a transaction, resolved: each role with its entity."""


class Context:
    """One access at one instant, as scopes see it.

    `origin` is the country the item leaves (`None`: the regime's territory)
    and `parties` the other parties to the transaction; `AnyParty` reads each
    party through `for_party`.
    """

    __slots__ = (
        "_dest",
        "_dest_read",
        "_foreign",
        "_held",
        "_nat",
        "_transfer",
        "item",
        "location",
        "mode",
        "origin",
        "parties",
        "recipient",
        "t",
        "world",
    )

    def __init__(
        self,
        world: World,
        item: ControlledItem,
        mode: DeploymentMode,
        recipient: Entity,
        location: str | None,
        t: int,
        origin: str | None = None,
        parties: Parties = (),
    ) -> None:
        self.world = world
        self.item = item
        self.mode = mode
        self.recipient = recipient
        self.location = location
        self.t = t
        self.origin = origin
        self.parties = parties
        self._nat: tuple[list[_Dated], list[_Dated]] | None = None
        self._foreign: Tri | None = None
        self._dest: tuple[frozenset[str], ...] | None = None
        self._dest_read = False
        self._held: dict[Hashable, Holding] | None = None
        self._transfer: frozenset[Transfer] | None = None

    # ------------------------------------------------------------ recipient facts

    def nationality(self) -> tuple[list[_Dated], list[_Dated]]:
        """Citizenships and permanent residencies valid at `t`, with their starts."""
        if self._nat is None:
            tz, t = self.world.tz, self.t
            cits = [
                (c.country, resolve_start(c.start, tz))
                for c in self.recipient.citizenships
                if valid_at(c.start, c.end, t, tz)
            ]
            res = [
                (r.country, resolve_start(r.start, tz))
                for r in self.recipient.residencies
                if valid_at(r.start, r.end, t, tz)
            ]
            self._nat = (cits, res)
        return self._nat

    def employers(self) -> frozenset[str]:
        """Ids of the recipient's employers at `t`."""
        tz, t = self.world.tz, self.t
        return frozenset(
            e.employer
            for e in self.recipient.employments
            if valid_at(e.start, e.end, t, tz)
        )

    def holding(self, key: Hashable, selects: Callable[[str], bool]) -> Holding:
        """How much of the recipient the owners that `selects` hold at `t`,
        directly or indirectly (see `ownership`); computed once per `key`."""
        held = self._held
        if held is None:
            held = self._held = {}
        found = held.get(key)
        if found is None:
            tz, t = self.world.tz, self.t
            found = held[key] = holding(
                self.world.entities,
                self.recipient,
                lambda o: valid_at(o.start, o.end, t, tz),
                selects,
            )
        return found

    def ultimate_parent(self) -> tuple[Entity | None, tuple[str, ...]]:
        """The recipient's ultimate parent at `t`, or `None` and the missing fact.

        From the recipient, follow the majority owner (an owner holding more
        than `MAJORITY`, by the `owners` links valid at `t`) through the
        regime's catalog to the first organisation with no majority owner; an
        individual holding the majority ends the chain at the organisation it
        owns. Unknown, and so `None` (fail closed), when on the path a link of
        unknown share could be the majority (no known share exceeds half), a
        majority owner is not in the catalog, or majority owners form a cycle.
        """
        tz, t = self.world.tz, self.t
        current = self.recipient
        seen = {current.id}
        while True:
            majority: str | None = None
            unknown_share = False
            for link in current.owners:
                if not valid_at(link.start, link.end, t, tz):
                    continue
                if link.share is None:
                    unknown_share = True
                elif link.share > MAJORITY:
                    majority = link.owner
            if majority is None:
                if unknown_share:
                    return None, (f"ownership shares in `{current.id}`",)
                return current, ()
            parent = self.world.entities.get(majority)
            if parent is None:
                return None, (
                    f"the regime's record of `{majority}`, owner of `{current.id}`",
                )
            if parent.is_individual:
                return current, ()
            if parent.id in seen:
                return None, (
                    f"the ultimate parent of `{self.recipient.id}` "
                    f"(majority ownership loops back to `{parent.id}`)",
                )
            seen.add(parent.id)
            current = parent

    def in_group(self, group_id: str, country: str) -> Tri:
        """Whether `country` is in a country group at `t`; unknown in a gap of its data."""
        timeline = self.world.groups[group_id]
        if not timeline.known(country, self.t):
            return UNKNOWN
        return TRUE if country in timeline.at(self.t) else FALSE

    def in_groups(self, group_ids: Iterable[str], country: str) -> Tri:
        """Whether `country` is in one of the groups at `t` (Kleene's or)."""
        found = FALSE
        for group_id in group_ids:
            one = self.in_group(group_id, country)
            if one is TRUE:
                return TRUE
            if one is UNKNOWN:
                found = UNKNOWN
        return found

    def group_gaps(
        self, group_ids: Iterable[str], countries: Iterable[str]
    ) -> tuple[str, ...]:
        """The memberships of `countries` in the groups that the data leaves unknown at `t`."""
        t = self.t
        found = []
        for group_id in sorted(group_ids):
            timeline = self.world.groups[group_id]
            if timeline.gaps is None:
                continue
            for country in sorted(set(countries)):
                if not timeline.known(country, t):
                    found.append(timeline.gaps.why(country, t))
        return tuple(found)

    def on_list(self, list_id: str, ids: Iterable[str] | None = None) -> bool:
        """Whether the recipient (or one of `ids`) is on an entity list at `t`."""
        who = self.recipient.identities if ids is None else ids
        return self.world.lists[list_id].has(who, self.t)

    # ------------------------------------------------------------ derived facts

    def foreign(self) -> Tri:
        """Whether the recipient is a foreign person of the jurisdiction at `t`.

        50 U.S.C. 4801(5): not a citizen, lawful permanent resident or protected
        individual; an organisation not incorporated in the jurisdiction.
        """
        if self._foreign is None:
            self._foreign = self._read_foreign()
        return self._foreign

    def _read_foreign(self) -> Tri:
        entity, territory = self.recipient, self.world.territory
        if entity.kind is EntityKind.INTERNATIONAL_ORGANIZATION:
            return TRUE
        if entity.kind is not EntityKind.INDIVIDUAL:
            if entity.country is None:
                return UNKNOWN
            return FALSE if entity.country in territory else TRUE
        cits, res = self.nationality()
        if any(c in territory for c, _ in cits) or any(r in territory for r, _ in res):
            return FALSE
        return TRUE if cits else UNKNOWN

    def focused(self, destinations: frozenset[str]) -> Context:
        """This context with its destinations settled to `destinations`.

        Used to read an exemption once per destination: an exemption lifts a
        release only if it covers every country the release goes to.
        """
        other = Context(
            self.world,
            self.item,
            self.mode,
            self.recipient,
            self.location,
            self.t,
            self.origin,
            self.parties,
        )
        other._nat = self._nat
        other._foreign = self._foreign
        other._dest = (destinations,)
        other._dest_read = True
        other._transfer = self._transfer
        return other

    def for_party(self, party: Entity) -> Context:
        """This access read with `party` as its recipient: the same item, mode,
        location, origin and instant (`AnyParty` reads each party so)."""
        return Context(
            self.world, self.item, self.mode, party, self.location, self.t, self.origin
        )

    def transfers(self) -> frozenset[Transfer]:
        """The kinds of transfer the access may be (one when the facts settle it)."""
        if self._transfer is None:
            self._transfer = transfer_options(self)
        return self._transfer

    def transfer(self) -> Transfer | None:
        """The kind of transfer the access is (734.13, 734.14), `None` if unknown."""
        found = self.transfers()
        return next(iter(found)) if len(found) == 1 else None

    def destinations(self) -> tuple[frozenset[str], ...] | None:
        """The possible sets of destination countries, or `None` if unknown.

        One set when the facts settle it; several when they leave a choice (two
        citizenships acquired on the same day under the most-recent rule), in
        which case a scope is true only if it holds for every choice.
        """
        if not self._dest_read:
            self._dest = self._read_destinations()
            self._dest_read = True
        return self._dest

    def deemed(self) -> tuple[frozenset[str], ...]:
        """The possible sets of countries a release to this foreign individual
        goes to, by the regime's deemed-export rule (several: a choice)."""
        cits, res = self.nationality()
        facts = cits + res
        if self.world.deemed_all:
            # 22 CFR 120.50(b): every country in which the person "has held or
            # holds citizenship or holds permanent residency"
            tz, t = self.world.tz, self.t
            held = {
                c.country
                for c in self.recipient.citizenships
                if resolve_start(c.start, tz) <= t
            }
            return (frozenset(held | {r for r, _ in res}),)
        # 15 CFR 734.13(b): the most recent citizenship or permanent residency
        latest = max(start for _, start in facts)
        return tuple(
            sorted({frozenset((c,)) for c, s in facts if s == latest}, key=sorted)
        )

    def _read_destinations(self) -> tuple[frozenset[str], ...] | None:
        location, territory = self.location, self.world.territory
        entity = self.recipient
        if location is None:
            return None
        inside = location in territory
        if not entity.is_individual and not inside:
            # an organisation abroad receives where it is, wherever incorporated
            return (frozenset((location,)),)
        foreign = self.foreign()
        if foreign is UNKNOWN:
            return None
        if not entity.is_individual:
            if inside and foreign is TRUE:
                if entity.country is None:  # an international organisation
                    return None
                return (frozenset((entity.country,)),)
            return (frozenset() if inside else frozenset((location,)),)
        if foreign is FALSE:
            return (frozenset() if inside else frozenset((location,)),)
        # A release to a foreign person: a deemed export inside the territory, a
        # deemed reexport abroad (734.14), to the person's countries too.
        here = frozenset() if inside else frozenset((location,))
        return tuple(here | option for option in self.deemed())

    # ------------------------------------------------------------ missing facts

    def missing_for_foreign(self) -> tuple[str, ...]:
        """The facts that would settle whether the recipient is a foreign person."""
        entity = self.recipient
        if entity.is_individual:
            return (f"citizenship of `{entity.id}`",)
        return (f"country of incorporation of `{entity.id}`",)

    def missing_for_transfer(self) -> tuple[str, ...]:
        """The facts that would settle the kind of transfer."""
        return missing_for_transfer(self)

    def missing_for_destination(self) -> tuple[str, ...]:
        """The facts that would settle the destination."""
        if self.location is None:
            return ("location of the access",)
        if self.foreign() is UNKNOWN:
            return self.missing_for_foreign()
        if not self.recipient.is_individual:
            return (f"country of `{self.recipient.id}`",)
        return (
            f"which citizenship or residency of `{self.recipient.id}` is the most recent",
        )
