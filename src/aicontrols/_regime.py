"""Regime: rule versions on two time axes, and the query methods.

A regime is built from notices. Knowledge time: each distinct publication
instant opens a new *knowledge state* (the notices published so far, with
corrections applied); `as_known_on` picks one. Valid time: within a knowledge
state, each rule has versions over half-open intervals. Both are compiled
lazily, once, and cached: a regime is immutable and safe to share.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import itertools
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar, cast

import attrs
import pendulum

from ._access import Access
from ._canonical import fingerprint
from ._catalog import Catalog
from ._context import Context, MemberTimeline, World
from ._countries import UNIONS, jurisdiction
from ._decide import Assessment, assess, decide_reference
from ._decision import (
    Cause,
    Caveat,
    CaveatKind,
    Decision,
    Segment,
    Timeline,
    Verdict,
    _Lazy,
)
from ._entities import Entity
from ._groups import CountryGroup, EntityList
from ._index import Index, build_index
from ._items import ControlledItem, DeploymentMode
from ._notices import Notice, Ruleset, build_ruleset
from ._rules import Citation
from ._shapes import Shape, fact_points
from ._time import (
    NEG_INF,
    POS_INF,
    day_or_instant,
    day_span,
    knowledge_cutoff,
    query_date,
    query_instant,
    query_when,
    resolve,
    show,
    to_datetime,
)
from ._validate import check_recipient_facts, validate
from ._validators import check_id, checked_tuple, country
from .exceptions import (
    InvalidRegimeError,
    QueryError,
    UnknownIdError,
)

__all__ = ["ChangeKind", "DeemedExportRule", "Regime", "RuleChange"]

T = TypeVar("T")

MAX_SHAPES = 65_536
"""How many compiled shapes (accesses) a regime keeps; the oldest go first."""
MAX_ADHOC_INDEXES = 1_024
"""How many indexes of ad-hoc items or modes (not in the catalog) a regime keeps."""


class DeemedExportRule(enum.Enum):
    """Which countries a release to a foreign person inside the jurisdiction goes to.

    Examples:
        >>> DeemedExportRule("all")
        <DeemedExportRule.ALL: 'all'>
    """

    MOST_RECENT = "most_recent"
    """EAR, 15 CFR 734.13(b): the most recent citizenship or permanent residency."""
    ALL = "all"
    """ITAR, 22 CFR 120.50(b): every citizenship and permanent residency held."""


class ChangeKind(enum.Enum):
    """What happened to a rule at a change point.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("affiliates-rule-2025")
        >>> sorted({c.kind.value for c in regime.changes()})
        ['added', 'suspended', 'suspension_ended']
    """

    ADDED = "added"
    """The rule came into force."""
    AMENDED = "amended"
    """A new version replaced it."""
    REVOKED = "revoked"
    """It ended."""
    COMPLIANCE_REQUIRED = "compliance_required"
    """Its compliance date came: from now it binds."""
    SUSPENDED = "suspended"
    """A suspension window opened."""
    SUSPENSION_ENDED = "suspension_ended"
    """A suspension window closed."""
    NOT_ENFORCED = "not_enforced"
    """A non-enforcement statement took effect."""
    ENFORCEMENT_RESUMED = "enforcement_resumed"
    """A non-enforcement window closed."""


@attrs.frozen
class RuleChange:
    """One change to one rule, with the notice that made it.

    Attributes:
        at: when the change takes effect, in the regime's zone.
        kind: what happened.
        rule_id: the rule's id.
        notice: the notice whose act it is.

    Examples:
        >>> import aicontrols
        >>> change = aicontrols.examples.load("mythos5").changes()[0]
        >>> change.at.date().isoformat(), change.kind.value, change.rule_id
        ('2026-06-12', 'added', 'mythos-fable-foreign-access')
    """

    at: pendulum.DateTime
    kind: ChangeKind
    rule_id: str
    notice: Notice

    def describe(self) -> str:
        """The change on one line."""
        title = f" ({self.notice.title})" if self.notice.title else ""
        return (
            f"{day_or_instant(self.at)}: `{self.rule_id}` {self.kind.value.replace('_', ' ')} "
            f"by notice `{self.notice.id}`{title}"
        )


def _timezone(_: object, __: object, value: str) -> None:
    try:
        if value.lower() in ("localtime", "local"):  # this machine's zone, not a name
            raise ValueError(value)
        pendulum.timezone(value)
    except Exception:  # pendulum raises several unrelated types for a bad name
        raise InvalidRegimeError(
            f"unknown IANA timezone `{value}`", path="timezone", value=value
        ) from None


class _Resolved:
    """An access with its ids looked up in a regime's catalog."""

    __slots__ = ("access", "attestations", "item", "location", "mode", "recipient")

    def __init__(
        self,
        access: Access,
        recipient: Entity,
        item: ControlledItem,
        mode: DeploymentMode,
    ) -> None:
        self.access = access
        self.recipient = recipient
        self.item = item
        self.mode = mode
        self.location = access.location
        self.attestations = access.attestations


class _Compiled:
    """What a regime computes once: lookups, knowledge states, indexes."""

    def __init__(self, regime: Regime) -> None:
        tz = regime.timezone
        self.catalog = Catalog(
            regime.entities,
            regime.items,
            regime.modes,
            named=(m.member for x in regime.entity_lists for m in x.members),
        )
        self.entities = self.catalog.entities
        self.items = self.catalog.items
        self.modes = self.catalog.modes
        order = sorted(
            range(len(regime.notices)),
            key=lambda i: (resolve(regime.notices[i].published, tz), i),
        )
        self.notices = [regime.notices[i] for i in order]
        self.published = [resolve(n.published, tz) for n in self.notices]
        # Knowledge states: every notice's publication, and every instant at
        # which a list membership (or its end) became known.
        known = set(self.published)
        self.dated_lists = False
        for x in regime.entity_lists:
            for m in x.members:
                for when in (m.published, m.end_published):
                    if when is not None:
                        known.add(resolve(when, tz))
                        self.dated_lists = True
        self.states = sorted(known)
        self.world = World(
            jurisdiction=regime.jurisdiction,
            territory=regime.territory,
            tz=tz,
            deemed_all=regime.deemed_export_rule is DeemedExportRule.ALL,
            groups={g.id: MemberTimeline(g.members, tz) for g in regime.country_groups},
            lists={x.id: MemberTimeline(x.members, tz) for x in regime.entity_lists},
            caveats={x.id: x.caveat for x in regime.entity_lists if x.caveat},
            aliases={e.id: e.identities for e in regime.entities if e.same_as},
        )
        self.entity_lists = regime.entity_lists
        self.worlds: dict[int, World] = {}
        self.rulesets: dict[int, Ruleset] = {}
        self.indexes: dict[tuple[int, object, object, frozenset[str]], Index] = {}
        # indexes of ad-hoc items and modes: bounded, the oldest forgotten first
        self.adhoc_indexes: OrderedDict[
            tuple[int, object, object, frozenset[str]], Index
        ] = OrderedDict()
        self.shapes: OrderedDict[tuple[object, ...], Shape] = OrderedDict()
        self.shapes_lock = threading.Lock()
        # what the layers compute once per regime (the strings an audit needs,
        # a screening name index): kept with the regime, never in a global
        self.derived: dict[str, Any] = {}
        self.fingerprint: str | None = None

    def derive(self, key: str, make: Callable[[], T]) -> T:
        """The value `make()` gives, computed once per regime under `key`."""
        found = self.derived.get(key)
        if found is None:
            found = self.derived.setdefault(key, make())  # setdefault is atomic
        return cast(T, found)

    def ruleset(self, state: int) -> Ruleset:
        found = self.rulesets.get(state)
        if found is None:
            limit = self.states[state - 1] if state else NEG_INF
            known = [
                n
                for n, p in zip(self.notices, self.published, strict=True)
                if p <= limit
            ]
            found = self.rulesets[state] = build_ruleset(known, self.world.tz)
        return found

    def world_at(self, state: int) -> World:
        """The world as known in knowledge state `state` (lists may differ)."""
        if not self.dated_lists or state == len(self.states):
            return self.world
        found = self.worlds.get(state)
        if found is None:
            limit = self.states[state - 1] if state else NEG_INF
            tz = self.world.tz
            lists = {
                x.id: MemberTimeline(x.members, tz, limit) for x in self.entity_lists
            }
            found = self.worlds[state] = self.world.with_lists(lists)
        return found


def _deemed(value: DeemedExportRule | str) -> DeemedExportRule:
    return DeemedExportRule(value)


def _jurisdiction(value: str) -> str:
    try:
        return jurisdiction(value)
    except (TypeError, ValueError) as error:
        raise InvalidRegimeError(str(error), path="jurisdiction", value=value) from None


def _territory(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(country(c) for c in value)


def _groups(value: Iterable[CountryGroup]) -> tuple[CountryGroup, ...]:
    return checked_tuple(value, CountryGroup, "country_groups")


def _lists(value: Iterable[EntityList]) -> tuple[EntityList, ...]:
    return checked_tuple(value, EntityList, "entity_lists")


def _entities(value: Iterable[Entity]) -> tuple[Entity, ...]:
    return checked_tuple(value, Entity, "entities")


def _items(value: Iterable[ControlledItem]) -> tuple[ControlledItem, ...]:
    return checked_tuple(value, ControlledItem, "items")


def _modes(value: Iterable[DeploymentMode]) -> tuple[DeploymentMode, ...]:
    return checked_tuple(value, DeploymentMode, "modes")


def _notices(value: Iterable[Notice]) -> tuple[Notice, ...]:
    return checked_tuple(value, Notice, "notices")


@attrs.frozen
class Regime:
    """An export-control regime: a jurisdiction's rules, built from dated notices.

    Args:
        id: the regime's id.
        name: a human name.
        jurisdiction: the ISO country code whose persons are not foreign.
        timezone: the IANA zone in which bare dates are read (local midnight).
        deemed_export_rule: `most_recent` (EAR) or `all` (ITAR).
        territory: the countries that count as inside (default: the jurisdiction;
            an EU regime lists the member states).
        country_groups: named country groups, which may change over time.
        entity_lists: named lists of entity ids, which may change over time.
        entities: the catalog's entities, referable by id.
        items: the catalog's items, referable by id.
        modes: deployment modes beyond the standard ones.
        notices: the dated acts that make the rules.
        citation: where the regime as a whole comes from.
        description: what it models, and what it leaves out.

    Raises:
        InvalidRegimeError: a duplicate id, a bad zone, an effective date before
            publication without `retroactive`, a window that ends before it starts.
        UnknownReferenceError: an act or scope names an id nobody defined.

    Examples:
        >>> import datetime
        >>> import aicontrols as ac
        >>> regime = ac.Regime(
        ...     "demo",
        ...     jurisdiction="US",
        ...     timezone="America/New_York",
        ...     items=[ac.ControlledItem("model-x")],
        ...     notices=[ac.Notice(
        ...         "n1",
        ...         published=datetime.date(2026, 1, 5),
        ...         effective=datetime.date(2026, 1, 5),
        ...         adds=[ac.Restriction("r1", recipients=ac.ForeignPerson())],
        ...     )],
        ... )
        >>> who = ac.Entity("kim", kind="individual", citizenships=[ac.Citizenship("KR")])
        >>> regime.decide(ac.Access(who, "model-x", "hosted-api"), on="2026-01-05").verdict
        <Verdict.LICENSE_REQUIRED: 'license_required'>
    """

    id: str = attrs.field(validator=check_id)
    name: str | None = attrs.field(default=None, kw_only=True)
    jurisdiction: str = attrs.field(kw_only=True, converter=_jurisdiction)
    timezone: str = attrs.field(kw_only=True, validator=_timezone)
    deemed_export_rule: DeemedExportRule = attrs.field(
        default=DeemedExportRule.MOST_RECENT, kw_only=True, converter=_deemed
    )
    territory: frozenset[str] = attrs.field(
        default=None, kw_only=True, converter=_territory
    )
    country_groups: tuple[CountryGroup, ...] = attrs.field(
        default=(), kw_only=True, converter=_groups
    )
    entity_lists: tuple[EntityList, ...] = attrs.field(
        default=(), kw_only=True, converter=_lists
    )
    entities: tuple[Entity, ...] = attrs.field(
        default=(), kw_only=True, converter=_entities
    )
    items: tuple[ControlledItem, ...] = attrs.field(
        default=(), kw_only=True, converter=_items
    )
    modes: tuple[DeploymentMode, ...] = attrs.field(
        default=(), kw_only=True, converter=_modes
    )
    notices: tuple[Notice, ...] = attrs.field(
        default=(), kw_only=True, converter=_notices
    )
    citation: Citation | None = attrs.field(default=None, kw_only=True)
    description: str | None = attrs.field(default=None, kw_only=True)
    _compiled: _Compiled = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if self.territory is None:
            if self.jurisdiction in UNIONS:
                raise InvalidRegimeError(
                    f"the jurisdiction `{self.jurisdiction}` is a union "
                    f"({UNIONS[self.jurisdiction]}): give its member countries as "
                    "`territory`",
                    path="territory",
                    value=None,
                )
            object.__setattr__(self, "territory", frozenset((self.jurisdiction,)))
        validate(self)
        object.__setattr__(self, "_compiled", _Compiled(self))

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the regime's data only: each process compiles its own caches."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(Regime) if f.init}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_compiled", _Compiled(self))

    # ------------------------------------------------------------ lookups

    def entity(self, entity_id: str) -> Entity:
        """The catalog entity with this id.

        Raises:
            UnknownIdError: the catalog has no such entity.
        """
        return self._compiled.catalog.entity(entity_id)

    def item(self, item_id: str) -> ControlledItem:
        """The catalog item with this id.

        Raises:
            UnknownIdError: the catalog has no such item.
        """
        return self._compiled.catalog.item(item_id)

    def mode(self, name: str) -> DeploymentMode:
        """The standard or regime-defined deployment mode called `name`.

        Raises:
            UnknownIdError: no such mode.
        """
        return self._compiled.catalog.mode(name)

    def notice(self, notice_id: str) -> Notice:
        """The notice with this id.

        Raises:
            UnknownIdError: the regime has no such notice.
        """
        for notice in self.notices:
            if notice.id == notice_id:
                return notice
        raise UnknownIdError(
            "notice", notice_id, known=tuple(n.id for n in self.notices)
        )

    @property
    def fingerprint(self) -> str:
        """A SHA-256 content hash of the regime, equal in every process."""
        compiled = self._compiled
        if compiled.fingerprint is None:
            compiled.fingerprint = fingerprint(self)
        return compiled.fingerprint

    # ------------------------------------------------------------ queries

    def decide(
        self,
        access: Access,
        *,
        on: dt.date | str | None = None,
        at: dt.datetime | str | None = None,
        as_known_on: dt.date | dt.datetime | str | None = None,
    ) -> Decision:
        """Decide one access at an instant (`at=`) or over a whole local day (`on=`).

        Args:
            access: who, what, how and where.
            on: a calendar date, read as the whole day in the regime's zone:
                permitted only if permitted all day.
            at: an aware instant.
            as_known_on: use only the notices published on or before this date
                (or instant); default: everything.

        Returns:
            The decision, with its reasons.

        Raises:
            QueryError: neither or both of `on` and `at`, or a malformed value.
            NaiveDateTimeError: `at` (or `as_known_on`) has no timezone.
            UnknownIdError: the access names an id the catalog lacks.

        Examples:
            >>> import aicontrols
            >>> regime = aicontrols.examples.load("mythos5")
            >>> access = aicontrols.Access("acme-cloud", "mythos-5", "hosted-api")
            >>> regime.decide(access, on="2026-06-27").verdict
            <Verdict.PERMITTED: 'permitted'>
        """
        resolved, state, known = self._question(access, on, at, as_known_on)
        if at is not None:
            t = query_instant(at, "at")
            return self._decision(resolved, state, known, t, at=t, on=None)
        day = query_date(on, "on")
        start, end = day_span(day, self.timezone)
        shape = self._shape(state, resolved)
        edges = [start, *shape.inside(start, end), end]
        parts = [(a, b, shape.at(a)) for a, b in itertools.pairwise(edges)]
        pieces: list[tuple[int, int, Assessment]] = []
        for a, b, assessment in parts:
            if pieces and pieces[-1][2].verdict is assessment.verdict:
                pieces[-1] = (pieces[-1][0], b, _gather(pieces[-1][2], assessment))
            else:
                pieces.append((a, b, assessment))
        if len(pieces) == 1:
            return self._make(
                resolved, state, known, pieces[0][2], start, at=None, on=day
            )
        return self._split_day(resolved, state, known, day, pieces)

    def verdict(
        self,
        access: Access,
        *,
        on: dt.date | str | None = None,
        at: dt.datetime | str | None = None,
        as_known_on: dt.date | dt.datetime | str | None = None,
    ) -> Verdict:
        """Only the verdict of `decide()`, without building the decision's reasons.

        For a gateway's hot path: the same answer as `decide(...).verdict`,
        with the same arguments and errors, and no explanation objects.

        Examples:
            >>> import aicontrols
            >>> regime = aicontrols.examples.load("mythos5")
            >>> access = aicontrols.Access("other-corp", "mythos-5", "hosted-api")
            >>> regime.verdict(access, at="2026-06-27T12:00:00-04:00")
            <Verdict.PERMITTED: 'permitted'>
        """
        resolved, state, _ = self._question(access, on, at, as_known_on)
        shape = self._shape(state, resolved)
        if at is not None:
            return shape.at(query_instant(at, "at")).verdict
        start, end = day_span(query_date(on, "on"), self.timezone)
        return Verdict.combine(a.verdict for _, _, a in shape.between(start, end))

    def history(
        self,
        access: Access,
        *,
        start: dt.date | dt.datetime | str | None = None,
        end: dt.date | dt.datetime | str | None = None,
        as_known_on: dt.date | dt.datetime | str | None = None,
    ) -> Timeline:
        """The access's verdict over time, as maximal segments of constant verdict.

        Args:
            access: who, what, how and where.
            start: the span's start (a date is its local midnight); `None`: ever.
            end: the span's end, exclusive; `None`: until further notice.
            as_known_on: use only notices published on or before this date.

        Returns:
            A `Timeline` whose segments say what opened them.

        Examples:
            >>> import aicontrols
            >>> regime = aicontrols.examples.load("mythos5")
            >>> access = aicontrols.Access("other-corp", "fable-5", "weights-transfer")
            >>> [seg.verdict.value for seg in regime.history(access)]
            ['permitted']
        """
        resolved = self._resolve(access)
        state, _ = self._state(as_known_on)
        lo = self._bound(start, "start", NEG_INF)
        hi = self._bound(end, "end", POS_INF)
        if hi <= lo:
            raise QueryError("`end` must be after `start`", argument="end", value=end)
        index = self._index(state, resolved)
        segments = []
        for seg_start, seg_end, assessment in self._shape(state, resolved).between(
            lo, hi
        ):
            decision = self._make(
                resolved,
                state,
                None,
                assessment,
                seg_start,
                at=seg_start,
                on=None,
                bounds=(seg_start, seg_end),
            )
            segments.append(
                Segment(
                    start_us=seg_start,
                    end_us=seg_end,
                    tz=self.timezone,
                    verdict=assessment.verdict,
                    decision=decision,
                    cause=self._cause(index, resolved, seg_start, lo, state),
                )
            )
        return Timeline(access, self.timezone, tuple(segments))

    def changes(
        self,
        since: dt.date | dt.datetime | str | None = None,
        until: dt.date | dt.datetime | str | None = None,
        *,
        as_known_on: dt.date | dt.datetime | str | None = None,
    ) -> tuple[RuleChange, ...]:
        """The rule changes that take effect in `[since, until)`, with their notices.

        Examples:
            >>> import aicontrols
            >>> regime = aicontrols.examples.load("mythos5")
            >>> for change in regime.changes("2026-06-01", "2026-07-01"):
            ...     print(change.describe())
            2026-06-12: `mythos-fable-foreign-access` added by notice `letter-2026-06-12` (Is-informed letter to Anthropic on Mythos 5 and Fable 5)
            2026-06-26: `trusted-partners-mythos` added by notice `letter-2026-06-26` (Letter exempting annexed trusted partners, for Mythos 5)
        """
        state, _ = self._state(as_known_on)
        lo = self._bound(since, "since", NEG_INF)
        hi = self._bound(until, "until", POS_INF)
        if hi <= lo:
            raise QueryError(
                "`until` must be after `since`", argument="until", value=until
            )
        ruleset = self._compiled.ruleset(state)
        found: list[tuple[int, int, RuleChange]] = []

        def add(
            at: int, order: int, kind: ChangeKind, rule_id: str, notice: Notice
        ) -> None:
            if lo <= at < hi:
                moment = to_datetime(at, self.timezone)
                assert moment is not None
                found.append((at, order, RuleChange(moment, kind, rule_id, notice)))

        kinds = {
            "added": ChangeKind.ADDED,
            "amended": ChangeKind.AMENDED,
            "revoked": ChangeKind.REVOKED,
        }
        for history in ruleset.histories.values():
            for c in history.changes:
                add(c.at, c.order, kinds[c.act.value], c.rule_id, c.notice)
                if c.compliance is not None:
                    add(
                        c.compliance,
                        c.order,
                        ChangeKind.COMPLIANCE_REQUIRED,
                        c.rule_id,
                        c.notice,
                    )
            for w in history.suspensions:
                add(w.start, 0, ChangeKind.SUSPENDED, history.rule_id, w.notice)
                add(w.end, 0, ChangeKind.SUSPENSION_ENDED, history.rule_id, w.notice)
            for w in history.not_enforced:
                add(w.start, 0, ChangeKind.NOT_ENFORCED, history.rule_id, w.notice)
                add(w.end, 0, ChangeKind.ENFORCEMENT_RESUMED, history.rule_id, w.notice)
        found.sort(key=lambda x: (x[0], x[1], x[2].rule_id, x[2].kind.value))
        return tuple(change for _, _, change in found)

    # ------------------------------------------------------------ internals

    def _question(
        self, access: Access, on: object, at: object, as_known_on: object
    ) -> tuple[_Resolved, int, int | None]:
        """What `decide()` and `verdict()` check first: the access, the knowledge
        state, and that exactly one of `on=` and `at=` is given."""
        resolved = self._resolve(access)
        state, known = self._state(as_known_on)
        if (on is None) == (at is None):
            raise QueryError("give exactly one of `on=` (a date) or `at=` (an instant)")
        return resolved, state, known

    def _resolve(self, access: Access) -> _Resolved:
        if not isinstance(access, Access):
            raise QueryError(f"expected an Access, got `{access!r}`", argument="access")
        catalog = self._compiled.catalog
        return _Resolved(
            access,
            catalog.recipient(access.recipient),
            catalog.item_of(access.item),
            catalog.mode_of(access.mode),
        )

    def _state(self, as_known_on: object) -> tuple[int, int | None]:
        states = self._compiled.states
        if as_known_on is None:
            return len(states), None
        cutoff = knowledge_cutoff(as_known_on, self.timezone)
        return bisect_right(states, cutoff), cutoff

    def _bound(self, value: object, name: str, default: int) -> int:
        if value is None:
            return default
        when = query_when(value, name)
        return when if isinstance(when, int) else resolve(when, self.timezone)

    def _index(self, state: int, resolved: _Resolved) -> Index:
        item = resolved.item
        key_item: object = (
            item.id if self._compiled.items.get(item.id) is item else item
        )
        mode = resolved.mode
        key_mode: object = (
            mode.name if self._compiled.modes.get(mode.name) == mode else mode
        )
        ruleset = self._compiled.ruleset(state)
        named = ruleset.by_recipient
        who = (
            frozenset(r for r in resolved.recipient.identities if r in named)
            if named
            else frozenset()
        )
        key = (state, key_item, key_mode, who)
        compiled = self._compiled
        adhoc = key_item is item or key_mode is mode
        cache = compiled.adhoc_indexes if adhoc else compiled.indexes
        index = cache.get(key)
        if index is None:
            ctx = Context(compiled.world, item, resolved.mode, _STATIC, None, 0)
            index = build_index(ruleset, ctx, who)
            if not adhoc:
                compiled.indexes[key] = index
            else:
                with compiled.shapes_lock:
                    while len(compiled.adhoc_indexes) >= MAX_ADHOC_INDEXES:
                        compiled.adhoc_indexes.popitem(last=False)
                    compiled.adhoc_indexes[key] = index
        return index

    def _assess(self, resolved: _Resolved, state: int, t: int) -> Assessment:
        slot = self._index(state, resolved).slot_at(t)
        ctx = Context(
            self._compiled.world_at(state),
            resolved.item,
            resolved.mode,
            resolved.recipient,
            resolved.location,
            t,
        )
        found = assess(slot.restrictions, slot.exemptions, ctx, resolved.attestations)
        return _listed_caveats(found, ctx)

    def _assess_reference(self, resolved: _Resolved, state: int, t: int) -> Assessment:
        ctx = Context(
            self._compiled.world_at(state),
            resolved.item,
            resolved.mode,
            resolved.recipient,
            resolved.location,
            t,
        )
        found = decide_reference(
            self._compiled.ruleset(state), ctx, resolved.attestations
        )
        return _listed_caveats(found, ctx)

    def _shape(
        self, state: int, resolved: _Resolved, *, remember: bool = True
    ) -> Shape:
        """The access's compiled shape under knowledge state `state` (cached)."""
        compiled = self._compiled
        key = (state, resolved.access)
        shape = compiled.shapes.get(key)
        if shape is not None:
            return shape
        recipient = resolved.recipient
        if compiled.entities.get(recipient.id) is not recipient:
            check_recipient_facts(
                recipient, self.timezone
            )  # the regime checked its own
        index = self._index(state, resolved)
        world = compiled.world_at(state)
        facts = fact_points(recipient, self.timezone)
        starts = index.starts  # shared, never changed, when nothing else moves
        lists = _read_lists(index, world)
        if facts or index.groups or lists:
            points = set(index.starts) | facts
            for group in index.groups:
                points.update(world.groups[group].starts)
            if lists:
                # only the memberships of the recipient and its owners matter
                who = _listable(resolved.recipient, world)
                for x in lists:
                    points |= world.lists[x].points(who)
            points -= {NEG_INF, POS_INF}
            starts = (NEG_INF, *sorted(points))
        shape = Shape(starts, functools.partial(self._assess, resolved, state))
        if remember:
            self._remember(key, shape)
        return shape

    def _remember(self, key: tuple[object, ...], shape: Shape) -> None:
        """Cache `shape` under `key`, forgetting the oldest beyond `MAX_SHAPES`."""
        compiled = self._compiled
        with compiled.shapes_lock:
            while len(compiled.shapes) >= MAX_SHAPES:
                compiled.shapes.popitem(last=False)
            compiled.shapes[key] = shape

    def _make(
        self,
        resolved: _Resolved,
        state: int,
        known: int | None,
        assessment: Assessment,
        t: int,
        *,
        at: int | None,
        on: dt.date | None,
        bounds: tuple[int, int] | None = None,
        segments: tuple[Segment, ...] = (),
    ) -> Decision:
        span_end = t + 1 if on is None else day_span(on, self.timezone)[1]

        def make_bounds() -> tuple[int, int]:
            if bounds is not None:
                return bounds
            return self._shape(state, resolved).extent(t, span_end)

        def make_token() -> str:
            return _token(self.fingerprint, resolved.access, on, at, known)

        return Decision(
            verdict=assessment.verdict,
            regime_id=self.id,
            access=resolved.access,
            tz=self.timezone,
            at_us=at,
            on=on,
            as_known_on_us=known,
            applied=assessment.applied,
            near_misses=assessment.near_misses,
            caveats=assessment.caveats,
            missing_facts=assessment.missing_facts,
            review_policy=assessment.review_policy,
            segments=segments,
            lazy=_Lazy(make_bounds, make_token),
        )

    def _decision(
        self,
        resolved: _Resolved,
        state: int,
        known: int | None,
        t: int,
        *,
        at: int | None,
        on: dt.date | None,
    ) -> Decision:
        assessment = self._shape(state, resolved).at(t)
        return self._make(resolved, state, known, assessment, t, at=at, on=on)

    def _split_day(
        self,
        resolved: _Resolved,
        state: int,
        known: int | None,
        day: dt.date,
        pieces: list[tuple[int, int, Assessment]],
    ) -> Decision:
        from ._decision import Caveat, CaveatKind

        index = self._index(state, resolved)
        segments = tuple(
            Segment(
                start_us=start,
                end_us=end,
                tz=self.timezone,
                verdict=assessment.verdict,
                decision=self._make(
                    resolved,
                    state,
                    known,
                    assessment,
                    start,
                    at=start,
                    on=None,
                    bounds=(start, end),
                ),
                cause=self._cause(index, resolved, start, pieces[0][0], state),
            )
            for start, end, assessment in pieces
        )
        verdict = Verdict.combine(s.verdict for s in segments)
        worst = next(a for _, _, a in pieces if a.verdict is verdict)
        changes = ", ".join(
            f"{show(s._start, self.timezone)} ({s.verdict.label})" for s in segments[1:]
        )
        caveat = Caveat(
            CaveatKind.CHANGES_DURING_DAY,
            f"the verdict changes during {day.isoformat()}: at {changes}",
        )
        assessment = attrs.evolve(
            worst, verdict=verdict, caveats=(*worst.caveats, caveat)
        )
        start, end = day_span(day, self.timezone)
        return self._make(
            resolved,
            state,
            known,
            assessment,
            start,
            at=None,
            on=day,
            bounds=(start, end),
            segments=segments,
        )

    def _cause(
        self, index: Index, resolved: _Resolved, t: int, lo: int, state: int
    ) -> Cause:
        if t == lo:
            return Cause(
                "start",
                "start of the requested span"
                if lo > NEG_INF
                else "the beginning of the record",
            )
        acts = index.causes_at(t)
        words = [w for _, _, w in acts]
        notice_ids = list(dict.fromkeys(nid for nid, _, _ in acts))
        facts = _fact_changes(resolved.recipient, t, self.timezone)
        words += facts
        world = self._compiled.world_at(state)
        who = _listable(resolved.recipient, world)
        groups = [
            f"country group `{g}` changed"
            for g, timeline in world.groups.items()
            if t in timeline.starts
        ] + [
            f"list `{x}` changed"
            for x, timeline in world.lists.items()
            if t in timeline.points(who)
        ]
        words += groups
        notices = tuple(self.notice(nid) for nid in notice_ids)
        if notices:
            kind = "notice"
            text = (
                "; ".join(words) + " (" + ", ".join(f"`{n}`" for n in notice_ids) + ")"
            )
        elif facts:
            kind, text = "fact", "; ".join(words)
        else:
            kind, text = "group", "; ".join(words)
        return Cause(kind, text, notices)


_STATIC = Entity("static-context")


def _listable(recipient: Entity, world: World) -> set[str]:
    """The ids whose list memberships can change an access's answer: the
    recipient's identities and those of its owners (for `OwnedByListed`)."""
    who = set(recipient.identities)
    for owner in recipient.owners:
        who |= world.identities(owner.owner)
    return who


def _read_lists(index: Index, world: World) -> frozenset[str]:
    """The lists an access's pieces depend on: read by rules, or carrying caveats."""
    if not world.caveats:
        return index.lists
    return index.lists | world.caveats.keys()


def _listed_caveats(found: Assessment, ctx: Context) -> Assessment:
    """`found` with a caveat for each unmodelled list the recipient is on."""
    caveats = ctx.world.caveats
    if not caveats:
        return found
    extra = tuple(
        Caveat(CaveatKind.LISTED_NOT_MODELLED, text, list_id=list_id)
        for list_id, text in caveats.items()
        if ctx.on_list(list_id)
    )
    if not extra:
        return found
    return attrs.evolve(found, caveats=(*found.caveats, *extra))


def _gather(first: Assessment, second: Assessment) -> Assessment:
    """The reasons of two parts of one day with the same verdict, without repeats."""

    def union(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(dict.fromkeys((*a, *b)))

    policies = [p for p in (first.review_policy, second.review_policy) if p is not None]
    return Assessment(
        first.verdict,
        union(first.applied, second.applied),
        union(first.near_misses, second.near_misses),
        union(first.caveats, second.caveats),
        union(first.missing_facts, second.missing_facts),
        max(policies, key=lambda p: p.strictness) if policies else None,
    )


def _fact_changes(entity: Entity, t: int, tz: str) -> list[str]:
    found: list[str] = []
    labels: list[tuple[str, Iterable[Any]]] = [
        ("citizenship of", entity.citizenships),
        ("permanent residency in", entity.residencies),
    ]
    for label, facts in labels:
        for fact in facts:
            if fact.start is not None and resolve(fact.start, tz) == t:
                found.append(f"`{entity.id}` gained {label} `{fact.country}`")
            if fact.end is not None and resolve(fact.end, tz) == t:
                found.append(f"`{entity.id}` lost {label} `{fact.country}`")
    for job in entity.employments:
        if job.start is not None and resolve(job.start, tz) == t:
            found.append(f"employment of `{entity.id}` by `{job.employer}` started")
        if job.end is not None and resolve(job.end, tz) == t:
            found.append(f"employment of `{entity.id}` by `{job.employer}` ended")
    for link in entity.owners:
        if link.start is not None and resolve(link.start, tz) == t:
            found.append(f"ownership of `{entity.id}` by `{link.owner}` started")
        if link.end is not None and resolve(link.end, tz) == t:
            found.append(f"ownership of `{entity.id}` by `{link.owner}` ended")
    return found


@lru_cache(maxsize=4096)
def _access_digest(access: Access) -> str:
    """The canonical hash of an access (cached: gateways ask about the same ones)."""
    return fingerprint(access)


def _token(
    regime_fingerprint: str,
    access: Access,
    on: dt.date | None,
    at: int | None,
    known: int | None,
) -> str:
    day = None if on is None else on.isoformat()
    query = f"{regime_fingerprint}|{_access_digest(access)}|{day}|{at}|{known}"
    digest = hashlib.sha256(query.encode()).hexdigest()
    return f"v1-{regime_fingerprint[:16]}-{digest[:24]}"
