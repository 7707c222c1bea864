"""The engine of one regime: what it compiles once, and the steps of a query.

A regime hands every query to its `Engine`, built once with the regime and
kept beside it: the catalog's lookups, the knowledge states (each distinct
publication instant), the world (country groups and entity lists over time),
rulesets, indexes and compiled shapes, all cached. The steps below are the
engine's internal API: `resolve` an access against the catalog, pick a
knowledge `state`, get the access's `index` and `shape`, and `assess` it at an
instant (or `assess_reference`, the plain interpreter the index must agree
with). Instants are integers (microseconds since the epoch) here and nowhere
in the public API.
"""

from __future__ import annotations

import functools
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

import attrs

from .._access import Access
from .._canonical import fingerprint
from .._entities import Entity
from .._groups import CountryGroup, EntityList
from .._items import ControlledItem, DeploymentMode
from .._notices import Notice
from .._problem import RegimeData
from .._reasons import Caveat, CaveatKind
from .._reference_data import all_country_groups
from .._time import NEG_INF, POS_INF, knowledge_cutoff, query_when, resolve
from .._validate import check_recipient_facts
from ..exceptions import QueryError, UnknownIdError
from .catalog import Catalog
from .context import Context, Parties, World
from .decide import Assessment, assess, decide_reference
from .index import Index, build_index
from .members import MemberTimeline
from .ruleset import Ruleset, build_ruleset
from .shapes import Shape, fact_points

__all__ = ["MAX_ADHOC_INDEXES", "MAX_SHAPES", "Engine", "Resolved", "Source"]

T = TypeVar("T")

MAX_SHAPES = 65_536
"""How many compiled shapes (accesses) an engine keeps; the oldest go first."""
MAX_ADHOC_INDEXES = 1_024
"""How many indexes of ad-hoc items or modes (not in the catalog) it keeps."""


class Source(RegimeData, Protocol):
    """What the engine reads of a regime: what the consistency rules read, and
    the fields that say whose persons are foreign (`Regime` has them all)."""

    @property
    def id(self) -> str: ...
    @property
    def jurisdiction(self) -> str: ...
    @property
    def deemed_export_rule(self) -> Any: ...
    @property
    def territory(self) -> frozenset[str]: ...


class Resolved:
    """An access with its ids looked up in a regime's catalog."""

    __slots__ = (
        "access",
        "attestations",
        "item",
        "location",
        "mode",
        "parties",
        "recipient",
    )

    def __init__(
        self,
        access: Access,
        recipient: Entity,
        item: ControlledItem,
        mode: DeploymentMode,
        parties: Parties = (),
    ) -> None:
        self.access = access
        self.recipient = recipient
        self.item = item
        self.mode = mode
        self.location = access.location
        self.attestations = access.attestations
        self.parties = parties

    def everyone(self) -> tuple[Entity, ...]:
        """The recipient and the other parties to the transaction."""
        if not self.parties:
            return (self.recipient,)
        return (self.recipient, *(entity for _, entity in self.parties))


_STATIC = Entity("static-context")


class Engine:
    """A regime compiled for queries: lookups, knowledge states, caches, steps."""

    def __init__(self, regime: Source) -> None:
        tz = self.tz = regime.timezone
        self.source = regime
        self.regime_id = regime.id
        self.catalog = Catalog(
            regime.entities,
            regime.items,
            regime.modes,
            named=(m.member for x in regime.entity_lists for m in x.members),
        )
        self.notices_by_id = {n.id: n for n in regime.notices}
        order = sorted(
            range(len(regime.notices)),
            key=lambda i: (resolve(regime.notices[i].published, tz), i),
        )
        self.notices = [regime.notices[i] for i in order]
        self.published = [resolve(n.published, tz) for n in self.notices]
        # Knowledge states: every notice's publication, and every instant at
        # which a list or group membership (or its end) became known.
        known = set(self.published)
        self.dated_lists = False
        groups = all_country_groups(regime)
        named: tuple[EntityList | CountryGroup, ...] = (*regime.entity_lists, *groups)
        for x in named:
            for m in x.members:
                for when in (m.published, m.end_published):
                    if when is not None:
                        known.add(resolve(when, tz))
                        self.dated_lists = True
        self.states = sorted(known)
        # the state of everything known: the default of every query
        self.latest = len(self.states)
        self.world = World(
            jurisdiction=regime.jurisdiction,
            territory=regime.territory,
            tz=tz,
            deemed_all=regime.deemed_export_rule.value == "all",
            groups={g.id: MemberTimeline.of_group(g, tz) for g in groups},
            lists={x.id: MemberTimeline(x.members, tz) for x in regime.entity_lists},
            caveats={x.id: x.caveat for x in regime.entity_lists if x.caveat},
            aliases={e.id: e.identities for e in regime.entities if e.same_as},
            entities=self.catalog.entities,
        )
        self.entity_lists = regime.entity_lists
        self.country_groups = groups
        self.worlds: dict[int, World] = {}
        self.rulesets: dict[int, Ruleset] = {}
        self.indexes: dict[tuple[int, object, object, frozenset[str]], Index] = {}
        # indexes of ad-hoc items and modes: bounded, the oldest forgotten first
        self.adhoc_indexes: OrderedDict[
            tuple[int, object, object, frozenset[str]], Index
        ] = OrderedDict()
        # by `shape_key`: the access itself under `latest`, else (state, access)
        self.shapes: OrderedDict[object, Shape] = OrderedDict()
        # ad-hoc recipients whose dated facts were checked (by value, bounded)
        self.facts_checked: dict[Entity, None] = {}
        self.lock = threading.Lock()
        # what the layers compute once per regime (the strings an audit needs,
        # a screening name index): kept with the regime, never in a global
        self.derived: dict[str, Any] = {}
        self._fingerprint: str | None = None

    # ------------------------------------------------------------ compiled data

    @property
    def fingerprint(self) -> str:
        """The regime's content hash, computed once."""
        if self._fingerprint is None:
            self._fingerprint = fingerprint(self.source)
        return self._fingerprint

    def notice(self, notice_id: str) -> Notice:
        """The regime's notice with this id."""
        found = self.notices_by_id.get(notice_id)
        if found is None:
            raise UnknownIdError("notice", notice_id, known=tuple(self.notices_by_id))
        return found

    def derive(self, key: str, make: Callable[[], T]) -> T:
        """The value `make()` gives, computed once per regime under `key`."""
        found = self.derived.get(key)
        if found is None:
            found = self.derived.setdefault(key, make())  # setdefault is atomic
        return cast(T, found)

    def ruleset(self, state: int) -> Ruleset:
        """The rules as known in knowledge state `state`."""
        found = self.rulesets.get(state)
        if found is None:
            limit = self.states[state - 1] if state else NEG_INF
            known = [
                n
                for n, p in zip(self.notices, self.published, strict=True)
                if p <= limit
            ]
            found = self.rulesets[state] = build_ruleset(known, self.tz)
        return found

    def world_at(self, state: int) -> World:
        """The world as known in knowledge state `state` (lists and groups may
        differ)."""
        if not self.dated_lists or state == len(self.states):
            return self.world
        found = self.worlds.get(state)
        if found is None:
            limit = self.states[state - 1] if state else NEG_INF
            lists = {
                x.id: MemberTimeline(x.members, self.tz, limit)
                for x in self.entity_lists
            }
            groups = {
                g.id: MemberTimeline.of_group(g, self.tz, limit)
                for g in self.country_groups
            }
            found = self.worlds[state] = self.world.with_lists(lists, groups)
        return found

    # ------------------------------------------------------------ query steps

    def resolve(self, access: Access) -> Resolved:
        """The access with its ids looked up (errors name the id and a near one)."""
        if not isinstance(access, Access):
            raise QueryError(f"expected an Access, got `{access!r}`", argument="access")
        catalog = self.catalog
        return Resolved(
            access,
            catalog.recipient(access.recipient),
            catalog.item_of(access.item),
            catalog.mode_of(access.mode),
            tuple(
                (p.role, catalog.recipient(p.entity, p.role.words))
                for p in access.parties
            )
            if access.parties
            else (),
        )

    def state(self, as_known_on: object) -> tuple[int, int | None]:
        """The knowledge state for `as_known_on`, and its cutoff instant."""
        if as_known_on is None:
            return len(self.states), None
        cutoff = knowledge_cutoff(as_known_on, self.tz)
        return bisect_right(self.states, cutoff), cutoff

    def bound(self, value: object, name: str, default: int) -> int:
        """A span's bound (`start=`, `end=`, `since=`, `until=`) as an instant."""
        if value is None:
            return default
        when = query_when(value, name)
        return when if isinstance(when, int) else resolve(when, self.tz)

    def adhoc(self, resolved: Resolved) -> bool:
        """Whether the access's item or mode is not the catalog's: its index is
        then kept in a bounded cache (`MAX_ADHOC_INDEXES`), never for good."""
        return self._index_parts(resolved)[2]

    def _index_parts(self, resolved: Resolved) -> tuple[object, object, bool]:
        """The item and mode as an index key (ids for the catalog's, else the
        objects themselves), and whether either is ad hoc."""
        item = resolved.item
        key_item: object = item.id if self.catalog.items.get(item.id) is item else item
        mode = resolved.mode
        key_mode: object = (
            mode.name if self.catalog.modes.get(mode.name) == mode else mode
        )
        return key_item, key_mode, key_item is item or key_mode is mode

    def index(self, state: int, resolved: Resolved) -> Index:
        """The compiled index of the access's item and mode in state `state`."""
        item = resolved.item
        key_item, key_mode, adhoc = self._index_parts(resolved)
        ruleset = self.ruleset(state)
        named = ruleset.by_recipient
        who: frozenset[str] = frozenset()
        if named:
            everyone = resolved.everyone()
            ids = (
                listable_all(everyone, self.world)  # the owners' entries are read too
                if ruleset.treats_as_listed
                else {i for entity in everyone for i in entity.identities}
            )
            who = frozenset(r for r in ids if r in named)
        key = (state, key_item, key_mode, who)
        cache = self.adhoc_indexes if adhoc else self.indexes
        index = cache.get(key)
        if index is None:
            ctx = Context(self.world, item, resolved.mode, _STATIC, None, 0)
            index = build_index(ruleset, ctx, who)
            if not adhoc:
                self.indexes[key] = index
            else:
                with self.lock:
                    while len(self.adhoc_indexes) >= MAX_ADHOC_INDEXES:
                        self.adhoc_indexes.popitem(last=False)
                    self.adhoc_indexes[key] = index
        return index

    def context(self, resolved: Resolved, state: int, t: int) -> Context:
        """What a scope reads about the access at instant `t`."""
        return Context(
            self.world_at(state),
            resolved.item,
            resolved.mode,
            resolved.recipient,
            resolved.location,
            t,
            resolved.access.origin,
            resolved.parties,
        )

    def assess(self, resolved: Resolved, state: int, t: int) -> Assessment:
        """The verdict and reasons at `t`, read from the index."""
        return self._assess_in(self.index(state, resolved), resolved, state, t)

    def _assess_in(
        self, index: Index, resolved: Resolved, state: int, t: int
    ) -> Assessment:
        """`assess`, its index (the access's, under `state`) given."""
        slot = index.slot_at(t)
        ctx = self.context(resolved, state, t)
        found = assess(slot.restrictions, slot.exemptions, ctx, resolved.attestations)
        return _listed_caveats(found, ctx)

    def assess_reference(self, resolved: Resolved, state: int, t: int) -> Assessment:
        """The same, by the reference interpreter (no index): for checking."""
        ctx = self.context(resolved, state, t)
        found = decide_reference(self.ruleset(state), ctx, resolved.attestations)
        return _listed_caveats(found, ctx)

    def shape(self, state: int, resolved: Resolved, *, remember: bool = True) -> Shape:
        """The access's compiled shape under knowledge state `state` (cached)."""
        key = self.shape_key(state, resolved.access)
        shape = self.shapes.get(key)
        if shape is not None:
            return shape
        everyone = resolved.everyone()
        checked = self.facts_checked
        for entity in everyone:
            if self.catalog.entities.get(entity.id) is entity or entity in checked:
                continue  # the regime checked its own
            check_recipient_facts(entity, self.tz)
            if len(checked) >= MAX_SHAPES:
                checked.clear()
            checked[entity] = None
        index = self.index(state, resolved)
        world = self.world_at(state)
        facts: set[int] = set()
        for entity in everyone:
            facts |= fact_points(entity, self.tz)
            if index.parents:
                facts |= owner_points(entity, world)
        starts = index.starts  # shared, never changed, when nothing else moves
        lists = _read_lists(index, world)
        if facts or index.groups or lists:
            points = set(index.starts) | facts
            for group in index.groups:
                points.update(world.groups[group].starts)
            if lists:
                # only the memberships of the parties and their owners matter
                who = listable_all(everyone, world)
                for x in lists:
                    points |= world.lists[x].points(who)
            points -= {NEG_INF, POS_INF}
            starts = (NEG_INF, *sorted(points))
        # a catalog item's index is kept for good, so its shapes may hold it;
        # an ad-hoc one's is looked up again, so that the bound on those holds
        assess = (
            functools.partial(self.assess, resolved, state)
            if self.adhoc(resolved)
            else functools.partial(self._assess_in, index, resolved, state)
        )
        shape = Shape(starts, assess)
        if remember:
            self.remember(key, shape)
        return shape

    def shape_key(self, state: int, access: Access) -> object:
        """The key of an access's shape under knowledge state `state`: the access
        itself under everything known (the hot path's key, no tuple to build),
        else `(state, access)`; no access equals a tuple, so they never meet."""
        return access if state == self.latest else (state, access)

    def remember(self, key: object, shape: Shape) -> None:
        """Cache `shape` under `key`, forgetting the oldest beyond `MAX_SHAPES`."""
        with self.lock:
            while len(self.shapes) >= MAX_SHAPES:
                self.shapes.popitem(last=False)
            self.shapes[key] = shape


def ancestors(recipient: Entity, world: World) -> list[Entity]:
    """The catalog entities up the recipient's ownership chains, at any time."""
    found: list[Entity] = []
    seen = {recipient.id}
    todo = [o.owner for o in recipient.owners]
    while todo:
        one = todo.pop()
        if one in seen:
            continue
        seen.add(one)
        owner = world.entities.get(one)
        if owner is not None:
            found.append(owner)
            todo.extend(o.owner for o in owner.owners)
    return found


def owner_points(recipient: Entity, world: World) -> set[int]:
    """The instants at which a dated fact of an owner, an owner's owner, and so
    on through the catalog, starts or ends: where an ownership chain, an
    ultimate parent or an owner's entry can change."""
    points: set[int] = set()
    for owner in ancestors(recipient, world):
        points |= fact_points(owner, world.tz)
    return points


def listable(recipient: Entity, world: World) -> set[str]:
    """The ids whose list memberships can change an access's answer: the
    recipient's identities and those of every owner up its ownership chains
    (for `OwnedByListed`), catalog or not."""
    who = set(recipient.identities)
    for link in recipient.owners:
        who |= world.identities(link.owner)
    for owner in ancestors(recipient, world):
        for link in owner.owners:
            who |= world.identities(link.owner)
    return who


def listable_all(everyone: tuple[Entity, ...], world: World) -> set[str]:
    """`listable` of the recipient and each other party to the transaction."""
    if len(everyone) == 1:
        return listable(everyone[0], world)
    who: set[str] = set()
    for entity in everyone:
        who |= listable(entity, world)
    return who


def _read_lists(index: Index, world: World) -> frozenset[str]:
    """The lists an access's pieces depend on: read by rules, or carrying caveats."""
    if not world.caveats:
        return index.lists
    return index.lists | world.caveats.keys()


def _listed_caveats(found: Assessment, ctx: Context) -> Assessment:
    """`found` with a caveat for each unmodelled list the recipient, or another
    party to the transaction, is on."""
    caveats = ctx.world.caveats
    if not caveats:
        return found
    extra = tuple(
        Caveat(kind=CaveatKind.LISTED_NOT_MODELLED, text=text, list_id=list_id)
        for list_id, text in caveats.items()
        if ctx.on_list(list_id)
    )
    if ctx.parties:
        extra += tuple(
            Caveat(
                kind=CaveatKind.LISTED_NOT_MODELLED,
                text=f"the {role.words} `{entity.id}` is on list `{list_id}`, whose "
                "legal effect aicontrols does not model: check it outside aicontrols",
                list_id=list_id,
            )
            for list_id in caveats
            for role, entity in ctx.parties
            if ctx.on_list(list_id, entity.identities)
        )
    if not extra:
        return found
    return attrs.evolve(found, caveats=(*found.caveats, *extra))
