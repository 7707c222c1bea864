"""Hypothesis strategies for random valid regimes and the accesses to ask them.

Use them in your own property tests (install `hypothesis`; this module imports
it). Everything is built with the public API and every regime generated is
valid: it loads, round-trips through the file format and decides without
error. For example::

    from hypothesis import given, settings
    from aicontrols.testing.strategies import accesses, instants, regimes
    from hypothesis import strategies as st

    @settings(max_examples=200, deadline=None)
    @given(regime=regimes(), data=st.data())
    def test_decides(regime, data):
        access = data.draw(accesses(regime))
        regime.decide(access, at=data.draw(instants()))

Each regime draws its dates from a small pool inside 2025-2027 (`FIRST_DAY`
to `LAST_DAY`), so that publications, effective dates, windows, dated facts
and group changes collide often; some of them are exact instants (UTC or New
York, at times such as 00:01) instead of bare dates.

The building blocks are public too: `dates()`, `instants()`, `countries()`,
`entities()`, `items()`, `modes()`, `item_scopes()`, `mode_scopes()`,
`recipient_scopes()`, `notices()`, `knowledge()`, and `days_of()` and
`variants()` for tests that compare related queries.
"""

# The composites draw from a few constant, cached strategies (indexes, counts,
# flags) and build the domain objects by hand: creating fresh `st.builds` or
# `st.recursive` strategies on every draw made generation ten times slower.

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

import aicontrols as ac
from aicontrols._time import When, resolve

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "COUNTRIES",
    "accesses",
    "countries",
    "dates",
    "days_of",
    "entities",
    "instants",
    "item_scopes",
    "items",
    "knowledge",
    "mode_scopes",
    "modes",
    "notices",
    "recipient_scopes",
    "regimes",
    "variants",
]

T = TypeVar("T")

FIRST_DAY = dt.date(2025, 1, 1)
LAST_DAY = dt.date(2027, 12, 31)
NEW_YORK = ZoneInfo("America/New_York")
ZONES = (dt.UTC, NEW_YORK)
REGIME_ZONES = ("America/New_York", "UTC", "Europe/Berlin")
TIMES = (
    dt.time(0, 0),
    dt.time(0, 1),
    dt.time(12, 0),
    dt.time(23, 59),
    dt.time(23, 59, 59, 999_999),
)
COUNTRIES = ("US", "CN", "DE", "IN", "FR")
CODES = ("4E091", "3A090", "EAR99")
OPERATIONS = (1e24, 1e25, 1e26)
TRAINED = (None, 1e23, 1e25, 1e27)
SHARES = (None, 0.25, 0.5, 1.0)
CONDITIONS = ("safeguards", "kyc", "audit")
ALIASES = ("Acme Ltd", "ACME", "Acme Co., Ltd.")
REQUIREMENTS = ("any item subject to the EAR", "items in supplement no. 2")
CAVEAT = "on a list whose legal effect is not modelled"
MODE_NAMES = tuple(ac.DeploymentMode.STANDARD)
MODES = tuple(ac.DeploymentMode.STANDARD.values())
LOCATIONS = tuple(ac.ComputeLocation)
ENTITY_KINDS = tuple(ac.EntityKind)
KINDS = (
    ac.EntityKind.INDIVIDUAL,
    ac.EntityKind.INDIVIDUAL,
    ac.EntityKind.INDIVIDUAL,
    ac.EntityKind.COMPANY,
    ac.EntityKind.COMPANY,
    ac.EntityKind.GOVERNMENT_AGENCY,
    ac.EntityKind.UNIVERSITY,
    ac.EntityKind.INTERNATIONAL_ORGANIZATION,
)

_DAYS = st.dates(FIRST_DAY, LAST_DAY)
_POOL = st.lists(_DAYS, min_size=2, max_size=6, unique=True).map(sorted)
_ANY_TIME = st.times().map(lambda t: t.replace(tzinfo=None))


# ---------------------------------------------------------------- drawing helpers


@cache
def _below(n: int) -> st.SearchStrategy[int]:
    return st.integers(0, n - 1)


@cache
def _index_sets(n: int) -> st.SearchStrategy[list[int]]:
    return st.lists(_below(n), min_size=1, max_size=min(3, n), unique=True)


def _count(draw: st.DrawFn, low: int, high: int) -> int:
    return low + draw(_below(high - low + 1))


def _pick(draw: st.DrawFn, values: Sequence[T]) -> T:
    return values[draw(_below(len(values)))]


def _chance(draw: st.DrawFn, one_in: int = 2) -> bool:
    """True once in `one_in` draws (shrinks towards False)."""
    return draw(_below(one_in)) == one_in - 1


def _some(draw: st.DrawFn, values: Sequence[T]) -> list[T]:
    """One to three distinct values."""
    return [values[k] for k in draw(_index_sets(len(values)))]


# ---------------------------------------------------------------- time


def _moment(day: dt.date, time: dt.time, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime(
        day.year,
        day.month,
        day.day,
        time.hour,
        time.minute,
        time.second,
        time.microsecond,
        tzinfo=zone,
    )


def _when(draw: st.DrawFn, pool: Sequence[dt.date]) -> When:
    """A bare date from the pool, or an exact instant on one of its days."""
    day = _pick(draw, pool)
    if not _chance(draw, 3):
        return day
    return _moment(day, _pick(draw, TIMES[1:]), _pick(draw, ZONES))


def _maybe_when(draw: st.DrawFn, pool: Sequence[dt.date]) -> When | None:
    return _when(draw, pool) if _chance(draw) else None


def _span(
    draw: st.DrawFn, pool: Sequence[dt.date], tz: str
) -> tuple[When | None, When | None]:
    """A half-open validity `[start, end)` with either bound possibly open."""
    start, end = _maybe_when(draw, pool), _maybe_when(draw, pool)
    if start is not None and end is not None:
        first, last = sorted((start, end), key=lambda w: resolve(w, tz))
        if resolve(first, tz) == resolve(last, tz):
            return first, None
        return first, last
    return start, end


@st.composite
def instants(draw: st.DrawFn, days: Sequence[dt.date] | None = None) -> dt.datetime:
    """Aware instants (UTC or New York), often at or just after a midnight.

    With `days`, mostly on those days or the day before or after them.
    """
    if days and not _chance(draw, 4):
        day = _pick(draw, days) + dt.timedelta(days=_count(draw, -1, 1))
    else:
        day = draw(_DAYS)
    time = draw(_ANY_TIME) if _chance(draw, 4) else _pick(draw, TIMES)
    return _moment(day, time, _pick(draw, ZONES))


@st.composite
def knowledge(
    draw: st.DrawFn, days: Sequence[dt.date] | None = None
) -> dt.date | dt.datetime | None:
    """An `as_known_on`: `None` (everything), a date, or now and then an instant."""
    choice = draw(_below(4))
    if choice == 0:
        return None
    if choice == 3:
        return draw(instants(days))
    day = _pick(draw, days) if days else draw(_DAYS)
    return day + dt.timedelta(days=_count(draw, -1, 1))


def days_of(regime: ac.Regime) -> list[dt.date]:
    """Every day that a date or instant of the regime falls on."""
    found: set[dt.date] = set()

    def add(*whens: When | None) -> None:
        for when in whens:
            if isinstance(when, dt.datetime):
                found.add(when.date())
            elif when is not None:
                found.add(when)

    for notice in regime.notices:
        add(notice.published, notice.effective, notice.compliance)
        windows: list[ac.Suspension | ac.NonEnforcement] = [
            *notice.suspends,
            *notice.not_enforced,
        ]
        for act in windows:
            add(act.start, act.end)
    for entity in regime.entities:
        facts: list[ac.Citizenship | ac.Residency | ac.Employment | ac.Ownership] = [
            *entity.citizenships,
            *entity.residencies,
            *entity.employments,
            *entity.owners,
        ]
        for fact in facts:
            add(fact.start, fact.end)
    members: list[ac.Membership] = []
    for group in regime.country_groups:
        members += group.members
    for listing in regime.entity_lists:
        members += listing.members
    for member in members:
        add(member.start, member.end, member.published, member.end_published)
    return sorted(found)


# ---------------------------------------------------------------- catalog


def _entity(
    draw: st.DrawFn, eid: str, ids: Sequence[str], pool: Sequence[dt.date], tz: str
) -> ac.Entity:
    kind = _pick(draw, KINDS)
    fields: dict[str, Any] = {}
    if kind is ac.EntityKind.INDIVIDUAL:
        # no citizenship at all leaves the citizenship unknown
        fields["citizenships"] = [
            ac.Citizenship(_pick(draw, COUNTRIES), start=s, end=e)
            for s, e in (_span(draw, pool, tz) for _ in range(_count(draw, 0, 2)))
        ]
        fields["residencies"] = [
            ac.Residency(_pick(draw, COUNTRIES), start=s, end=e)
            for s, e in (_span(draw, pool, tz) for _ in range(_count(draw, 0, 1)))
        ]
    elif _chance(draw, 4):
        fields["country"] = None  # unknown incorporation
    else:
        fields["country"] = _pick(draw, COUNTRIES)
    fields["employments"] = [
        ac.Employment(_pick(draw, ids), start=s, end=e)
        for s, e in (_span(draw, pool, tz) for _ in range(_count(draw, 0, 2)))
    ]
    fields["owners"] = [
        ac.Ownership(_pick(draw, ids), share=_pick(draw, SHARES), start=s, end=e)
        for s, e in (_span(draw, pool, tz) for _ in range(_count(draw, 0, 2)))
    ]
    # screening facts, now and then: other names, address countries, and
    # other entities confirmed to be the same party
    if _chance(draw, 4):
        fields["aliases"] = _some(draw, ALIASES)
    if _chance(draw, 4):
        fields["address_countries"] = _some(draw, COUNTRIES)
    others = [i for i in ids if i != eid]
    if others and _chance(draw, 4):
        fields["same_as"] = [_pick(draw, others)]
    return ac.Entity(eid, kind=kind, **fields)


_UNKNOWN_IF_EMPTY = ("country", "citizenships")


def _consistent(visitor: ac.Entity, regime: ac.Regime) -> ac.Entity:
    """`visitor` with the facts of the catalog entities it is linked to by
    `same_as` wherever its own would contradict them."""
    for link in visitor.same_as:
        linked = regime.entity(link)
        changes: dict[str, Any] = {"kind": linked.kind}
        if not linked.is_individual:
            changes.update(citizenships=(), residencies=())
        for name in ("country", "citizenships", "residencies", "employments", "owners"):
            mine, theirs = getattr(visitor, name), getattr(linked, name)
            # an unrecorded country or citizenship contradicts nothing; the
            # residencies, employments and owners the catalog records must be
            # carried as they are
            if theirs and mine != theirs and (mine or name not in _UNKNOWN_IF_EMPTY):
                changes[name] = theirs
        if linked.is_individual:
            changes["country"] = None
        visitor = attrs.evolve(visitor, **changes)
    return visitor


def _item(draw: st.DrawFn, iid: str, entity_ids: Sequence[str]) -> ac.ControlledItem:
    return ac.ControlledItem(
        iid,
        developer=_pick(draw, entity_ids) if entity_ids and _chance(draw, 4) else None,
        classifications={"ECCN": _pick(draw, CODES)} if _chance(draw) else {},
        training_operations=_pick(draw, TRAINED),
        weights_published=_chance(draw),
    )


def _mode(draw: st.DrawFn, name: str) -> ac.DeploymentMode:
    return ac.DeploymentMode(
        name, transfers_weights=_chance(draw), compute=_pick(draw, LOCATIONS)
    )


def _memberships(
    draw: st.DrawFn,
    members: Sequence[str],
    pool: Sequence[dt.date],
    tz: str,
    *,
    known: bool = False,
) -> list[ac.Membership]:
    """One to three dated memberships; with `known`, some published (an entity
    list's knowledge time: when the membership, and its end, became known)."""
    found = []
    for _ in range(_count(draw, 1, 3)):
        start, end = _span(draw, pool, tz)
        published = _when(draw, pool) if known and _chance(draw, 3) else None
        end_published = (
            _when(draw, pool) if known and end is not None and _chance(draw) else None
        )
        found.append(
            ac.Membership(
                _pick(draw, members),
                start=start,
                end=end,
                published=published,
                end_published=end_published,
            )
        )
    return found


# ---------------------------------------------------------------- scopes


class _Catalog:
    """The ids a regime defines, which its scopes may name."""

    def __init__(
        self,
        items: Sequence[str],
        entities: Sequence[str],
        groups: Sequence[str],
        lists: Sequence[str],
        modes: Sequence[str],
    ) -> None:
        self.items = items
        self.modes = modes
        self.entities = entities
        self.groups = groups
        self.lists = lists


def _item_leaf(draw: st.DrawFn, cat: _Catalog) -> ac.Scope:
    choice = draw(_below(6))
    if choice == 0:
        return ac.ItemIs(_some(draw, cat.items))
    if choice == 1:
        return ac.DevelopedBy(_some(draw, cat.entities))
    if choice == 2:
        return ac.ClassifiedAs("ECCN", _some(draw, CODES))
    if choice == 3:
        return ac.TrainedWithAtLeast(_pick(draw, OPERATIONS))
    if choice == 5:
        return ac.WithinRequirement(_pick(draw, REQUIREMENTS))
    return ac.WeightsPublished(_chance(draw))


def _mode_leaf(draw: st.DrawFn, cat: _Catalog) -> ac.Scope:
    choice = draw(_below(3))
    if choice == 0:
        return ac.ModeIs(_some(draw, cat.modes))
    if choice == 1:
        return ac.TransfersWeights(_chance(draw))
    return ac.ComputeRunsAt(_some(draw, LOCATIONS))


def _recipient_leaf(draw: st.DrawFn, cat: _Catalog) -> ac.Scope:
    choice = draw(_below(9))
    if choice == 1:
        return ac.DestinationIn(_some(draw, COUNTRIES))
    if choice == 2:
        return ac.KindIs(_some(draw, ENTITY_KINDS))
    if choice == 3:
        return ac.EntityIs(_some(draw, cat.entities))
    if choice == 4:
        return ac.EmployedBy(_some(draw, cat.entities))
    if choice == 5:
        return ac.OwnedBy(_some(draw, cat.entities), min_share=_pick(draw, SHARES[:3]))
    if choice == 6 and cat.groups:
        return ac.DestinationInGroup(_some(draw, cat.groups))
    if choice == 7 and cat.lists:
        return ac.OnList(_some(draw, cat.lists))
    if choice == 8 and cat.lists:
        share = _pick(draw, SHARES[:3])
        return ac.OwnedByListed(_some(draw, cat.lists), min_share=share)
    return ac.ForeignPerson(not _chance(draw, 4))


_Leaf = Callable[[st.DrawFn, _Catalog], ac.Scope]


def _scope(draw: st.DrawFn, leaf: _Leaf, cat: _Catalog, depth: int = 2) -> ac.Scope:
    """A leaf, or leaves combined with all/any/not, at most `depth` deep."""
    choice = draw(_below(4)) if depth else 0
    if choice == 0:
        return leaf(draw, cat)
    if choice == 3:
        return ac.Not(_scope(draw, leaf, cat, depth - 1))
    kids = [_scope(draw, leaf, cat, depth - 1) for _ in range(_count(draw, 1, 3))]
    return ac.AllOf(kids) if choice == 1 else ac.AnyOf(kids)


def _scopes(draw: st.DrawFn, cat: _Catalog) -> tuple[ac.Scope, ac.Scope, ac.Scope]:
    """The items, modes and recipients scopes of one rule (often everything)."""
    leaves: tuple[_Leaf, _Leaf, _Leaf] = (_item_leaf, _mode_leaf, _recipient_leaf)
    found = [
        _scope(draw, leaf, cat) if _chance(draw) else ac.EVERYTHING for leaf in leaves
    ]
    return found[0], found[1], found[2]


def _restriction(draw: st.DrawFn, rid: str, cat: _Catalog) -> ac.Restriction:
    effect = _pick(draw, tuple(ac.Effect))
    review_policy = _pick(draw, (None, *ac.ReviewPolicy))
    items, modes, recipients = _scopes(draw, cat)
    return ac.Restriction(
        rid,
        effect=effect,
        review_policy=review_policy,
        items=items,
        modes=modes,
        recipients=recipients,
    )


def _exemption(
    draw: st.DrawFn, xid: str, restrictions: Sequence[str], cat: _Catalog
) -> ac.Exemption:
    lifts = _some(draw, restrictions)
    conditions = _some(draw, CONDITIONS) if _chance(draw) else []
    items, modes, recipients = _scopes(draw, cat)
    return ac.Exemption(
        xid,
        lifts=lifts,
        conditions=conditions,
        items=items,
        modes=modes,
        recipients=recipients,
    )


# ---------------------------------------------------------------- notices


def _window(
    draw: st.DrawFn, pool: Sequence[dt.date], tz: str, effective: When
) -> tuple[When | None, When | None]:
    """A window's start (`None`: the notice's effective date) and a later end."""
    start, end = _maybe_when(draw, pool), _maybe_when(draw, pool)
    opens = resolve(effective if start is None else start, tz)
    if end is not None and resolve(end, tz) <= opens:
        end = None
    return start, end


def _notices(
    draw: st.DrawFn, pool: Sequence[dt.date], tz: str, cat: _Catalog
) -> list[ac.Notice]:
    restrictions: list[str] = []
    exemptions: list[str] = []
    notices: list[ac.Notice] = []
    for n in range(_count(draw, 1, 6)):
        published = _when(draw, pool)
        effective = _when(draw, pool)
        retroactive = False
        if resolve(effective, tz) < resolve(published, tz):
            retroactive = _chance(draw)
            if not retroactive:
                effective = published
        compliance = _maybe_when(draw, pool) if _chance(draw) else None
        if compliance is not None and resolve(compliance, tz) < resolve(effective, tz):
            compliance = None
        earlier = [*restrictions, *exemptions]

        adds: list[ac.Restriction | ac.Exemption] = []
        added: list[str] = []
        for k in range(_count(draw, 0 if restrictions else 1, 2)):
            # now and then a notice adds again a restriction id that an earlier
            # notice added (never one it adds itself: files cannot say that)
            reusable = [r for r in restrictions if r in earlier and r not in added]
            reuse = reusable and _chance(draw, 5)
            rid = _pick(draw, reusable) if reuse else f"r{n}{k}"
            added.append(rid)
            adds.append(_restriction(draw, rid, cat))
            if rid not in restrictions:
                restrictions.append(rid)
        for k in range(_count(draw, 0, 2)):
            xid = f"x{n}{k}"
            adds.append(_exemption(draw, xid, restrictions, cat))
            exemptions.append(xid)

        amends: list[ac.Restriction | ac.Exemption] = []
        amended: set[str] = set()
        for _ in range(_count(draw, 0, 2) if earlier else 0):
            rule_id = _pick(draw, earlier)
            if rule_id in amended:  # a notice amends a rule at most once
                continue
            amended.add(rule_id)
            if rule_id in restrictions:
                amends.append(_restriction(draw, rule_id, cat))
            else:
                amends.append(_exemption(draw, rule_id, restrictions, cat))
        # files list amended restrictions before exemptions: keep that order
        amends.sort(key=lambda rule: isinstance(rule, ac.Exemption))
        known = [*restrictions, *exemptions]
        revokes = _some(draw, known) if _chance(draw, 3) else []
        suspends = []
        if _chance(draw, 3):
            start, end = _window(draw, pool, tz, effective)
            suspends.append(ac.Suspension(_pick(draw, known), start=start, end=end))
        not_enforced = []
        if _chance(draw, 3):
            start, end = _window(draw, pool, tz, effective)
            not_enforced.append(
                ac.NonEnforcement(
                    _pick(draw, restrictions),
                    statement="will not enforce",
                    start=start,
                    end=end,
                )
            )
        correctable = [
            m.id for m in notices if resolve(m.published, tz) <= resolve(published, tz)
        ]
        corrects = []
        if correctable and _chance(draw, 4):
            corrects.append(_pick(draw, correctable))
        notices.append(
            ac.Notice(
                f"n{n}",
                published=published,
                effective=effective,
                compliance=compliance,
                retroactive=retroactive,
                adds=adds,
                amends=amends,
                revokes=revokes,
                suspends=suspends,
                not_enforced=not_enforced,
                corrects=corrects,
            )
        )
    return notices


# ---------------------------------------------------------------- public parts


def dates() -> st.SearchStrategy[dt.date]:
    """Calendar dates from `FIRST_DAY` to `LAST_DAY` (2025 to 2027)."""
    return _DAYS


def countries() -> st.SearchStrategy[str]:
    """Country codes from the few that the generated regimes use (`COUNTRIES`)."""
    return st.sampled_from(COUNTRIES)


def _days(draw: st.DrawFn, days: Sequence[dt.date] | None) -> Sequence[dt.date]:
    return days if days else draw(_POOL)


@st.composite
def entities(
    draw: st.DrawFn,
    entity_id: str = "e0",
    *,
    others: Sequence[str] = (),
    days: Sequence[dt.date] | None = None,
    timezone: str = "America/New_York",
) -> ac.Entity:
    """Entities of every kind, with dated facts.

    Individuals get zero to two citizenships and up to one residency (none
    leaves the fact unknown); organisations an incorporation country or
    `None`. Employments and ownerships name `others` (or the entity itself
    when `others` is empty). Fact spans are half-open `[start, end)`, either
    bound possibly open, drawn from `days` (default: a small random pool) and
    sometimes exact instants; `timezone` orders dates against instants. Now
    and then an entity has aliases, address countries, and a `same_as` naming
    one of `others`.
    """
    ids = list(others) or [entity_id]
    return _entity(draw, entity_id, ids, _days(draw, days), timezone)


@st.composite
def items(
    draw: st.DrawFn, item_id: str = "i0", *, developers: Sequence[str] = ()
) -> ac.ControlledItem:
    """Controlled items: maybe a developer from `developers`, an ECCN,
    training compute and published weights."""
    return _item(draw, item_id, developers)


@st.composite
def modes(draw: st.DrawFn, name: str | None = None) -> ac.DeploymentMode:
    """Deployment modes named `name` (default `on-device` or `kiosk`), with
    random weight transfer and compute location."""
    return _mode(
        draw, name if name is not None else _pick(draw, ("on-device", "kiosk"))
    )


@st.composite
def item_scopes(
    draw: st.DrawFn,
    items: Sequence[str] = ("i0", "i1", "i2"),
    *,
    developers: Sequence[str] = ("e0", "e1"),
) -> ac.Scope:
    """Item scopes naming `items` and `developers`, nested up to two deep in
    `AllOf`, `AnyOf` and `Not`."""
    cat = _Catalog(items, developers, (), (), MODE_NAMES)
    return _scope(draw, _item_leaf, cat)


@st.composite
def mode_scopes(draw: st.DrawFn, modes: Sequence[str] = MODE_NAMES) -> ac.Scope:
    """Mode scopes naming `modes` (default: the standard ones), nested up to two
    deep in `AllOf`, `AnyOf` and `Not`."""
    cat = _Catalog((), (), (), (), modes)
    return _scope(draw, _mode_leaf, cat)


@st.composite
def recipient_scopes(
    draw: st.DrawFn,
    entities: Sequence[str] = ("e0", "e1"),
    *,
    groups: Sequence[str] = (),
    lists: Sequence[str] = (),
) -> ac.Scope:
    """Recipient scopes naming `entities`, country `groups` and entity `lists`,
    nested up to two deep in `AllOf`, `AnyOf` and `Not`."""
    cat = _Catalog((), entities, groups, lists, MODE_NAMES)
    return _scope(draw, _recipient_leaf, cat)


@st.composite
def notices(
    draw: st.DrawFn,
    *,
    items: Sequence[str] = ("i0", "i1", "i2"),
    entities: Sequence[str] = ("e0", "e1"),
    groups: Sequence[str] = (),
    lists: Sequence[str] = (),
    modes: Sequence[str] = MODE_NAMES,
    days: Sequence[dt.date] | None = None,
    timezone: str = "America/New_York",
) -> list[ac.Notice]:
    """Lists of one to six notices, `n0`, `n1`, ..., that are valid together.

    They add, amend and revoke restrictions and exemptions (sometimes adding
    again a restriction id already in use), suspend them, decline to enforce
    them and correct earlier notices, some retroactively; their scopes name
    the given catalog ids. Dates come from `days` (default: a small random
    pool), sometimes as exact instants; `timezone` orders dates against them.
    """
    cat = _Catalog(items, entities, groups, lists, modes)
    return _notices(draw, _days(draw, days), timezone, cat)


# ---------------------------------------------------------------- regimes


@st.composite
def regimes(draw: st.DrawFn) -> ac.Regime:
    """A random valid regime: a small catalog, groups, lists and 1-6 notices.

    Entity list memberships sometimes say when they, or their ends, became
    known (`published`, `end_published`), and a list sometimes carries a
    caveat (its legal effect not modelled).
    """
    tz = _pick(draw, REGIME_ZONES)
    pool = draw(_POOL)
    jurisdiction = _pick(draw, ("US", "US", "DE"))
    territory = ["DE", "FR"] if jurisdiction == "DE" and _chance(draw) else None
    entity_ids = [f"e{k}" for k in range(_count(draw, 4, 8))]
    entities = [_entity(draw, eid, entity_ids, pool, tz) for eid in entity_ids]
    item_ids = [f"i{k}" for k in range(_count(draw, 3, 5))]
    items = [_item(draw, iid, entity_ids) for iid in item_ids]
    groups = [
        ac.CountryGroup(f"g{k}", members=_memberships(draw, COUNTRIES, pool, tz))
        for k in range(_count(draw, 0, 2))
    ]
    lists = [
        ac.EntityList(
            f"l{k}",
            members=_memberships(draw, entity_ids, pool, tz, known=True),
            caveat=CAVEAT if _chance(draw, 4) else None,
        )
        for k in range(_count(draw, 0, 1))
    ]
    modes = [_mode(draw, "on-device") for _ in range(_count(draw, 0, 1))]
    cat = _Catalog(
        item_ids,
        entity_ids,
        [g.id for g in groups],
        [x.id for x in lists],
        [*MODE_NAMES, *(m.name for m in modes)],
    )
    return ac.Regime(
        "random",
        jurisdiction=jurisdiction,
        timezone=tz,
        territory=territory,
        deemed_export_rule=_pick(draw, tuple(ac.DeemedExportRule)),
        country_groups=groups,
        entity_lists=lists,
        entities=entities,
        items=items,
        modes=modes,
        notices=_notices(draw, pool, tz, cat),
    )


@st.composite
def accesses(draw: st.DrawFn, regime: ac.Regime) -> ac.Access:
    """An access to ask `regime` about.

    The recipient, item and mode are mostly the regime's own (as objects or by
    id or name); now and then an ad-hoc object that the regime does not define
    (the recipient `visitor`, the item `prototype`, the mode `kiosk`). An
    ad-hoc recipient linked by `same_as` to a catalog entity never contradicts
    that entity's facts (the regime would refuse it). Every access drawn is one
    the regime answers.
    """
    ids = [e.id for e in regime.entities]
    choice = draw(_below(3))
    recipient: ac.Entity | str
    if choice == 0:
        recipient = _pick(draw, ids)
    elif choice == 1:
        recipient = _pick(draw, regime.entities)
    else:
        pool = days_of(regime) or [FIRST_DAY]
        visitor = _entity(draw, "visitor", ids, pool, regime.timezone)
        recipient = _consistent(visitor, regime)
    defined = _pick(draw, regime.items)
    item: ac.ControlledItem | str = defined
    if _chance(draw, 8):
        item = _item(draw, "prototype", ids)
    elif _chance(draw):
        item = defined.id
    known = [*MODES, *regime.modes]
    standard = _pick(draw, known)
    mode: ac.DeploymentMode | str = standard
    if _chance(draw, 8):
        mode = _mode(draw, "kiosk")
    elif _chance(draw):
        mode = standard.name
    location = _pick(draw, (None, regime.jurisdiction, *COUNTRIES))
    attestations = _some(draw, CONDITIONS) if _chance(draw) else []
    return ac.Access(
        recipient, item, mode, location=location, attestations=attestations
    )


@st.composite
def variants(draw: st.DrawFn, regime: ac.Regime, access: ac.Access) -> ac.Access:
    """`access` with one part changed: its mode, item, recipient or location.

    The mode or item is often replaced by an ad-hoc one (`kiosk`, `prototype`)
    with other properties than an earlier ad-hoc one of that name, which a
    cache keyed by names must tell apart.
    """
    choice = draw(_below(6))
    if choice == 0:
        return attrs.evolve(access, mode=_mode(draw, "kiosk"))
    if choice == 1:
        entity_ids = [e.id for e in regime.entities]
        return attrs.evolve(access, item=_item(draw, "prototype", entity_ids))
    other = draw(accesses(regime))
    if choice == 2:
        return attrs.evolve(access, mode=other.mode)
    if choice == 3:
        return attrs.evolve(access, item=other.item)
    if choice == 4:
        return attrs.evolve(access, recipient=other.recipient)
    return attrs.evolve(
        access, location=other.location, attestations=other.attestations
    )
