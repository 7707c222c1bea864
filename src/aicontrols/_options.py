"""Options: for one recipient on one day, the verdict of every item, mode and place.

The inverse question of `decide()`: not "is this access permitted?" but "for
this customer today, what is?". `options()` asks `decide()` once per cell, so
every cell is, by construction, the answer `decide()` gives.

The places a regime *knows* are those its rules can tell apart. Two countries
that no rule names, that hold the same memberships (over all time, as every
country group records them) and are both inside or both outside the
territory get the same answer from every rule, so one of them, the first in
alphabetical order, stands for the others (`Option.alike`). The countries a
scope names, the jurisdiction, the recipient's own countries and the
origin stand for themselves; `None` is the location not given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast

import attrs

from ._access import Access
from ._countries import UNIONS, codes
from ._entities import Entity
from ._groups import CountryGroup, Membership
from ._items import ControlledItem, DeploymentMode
from ._outlook import Decider
from ._problem import RegimeData
from ._scopes import Scope
from ._validators import optional_country
from .exceptions import QueryError

if TYPE_CHECKING:
    from ._decision import Decision
    from ._reasons import Verdict

__all__ = ["Option", "Options", "known_locations", "options"]

When = dt.date | dt.datetime | str | None


class Asker(RegimeData, Decider, Protocol):
    """What `options()` reads of a regime (`Regime` has it all)."""

    @property
    def id(self) -> str: ...
    @property
    def jurisdiction(self) -> str: ...
    @property
    def territory(self) -> frozenset[str]: ...
    @property
    def all_country_groups(self) -> tuple[CountryGroup, ...]: ...


@attrs.frozen(kw_only=True)
class Option:
    """One cell of an `Options` table: an item, a mode, a place and its answer.

    Attributes:
        item: the item's id.
        mode: the mode's kebab-case name.
        location: the recipient's location (`None`: not given).
        alike: other countries the regime's rules treat as `location` (for
            the places `options()` chose itself; empty otherwise).
        decision: `decide()`'s answer for this access.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> cell = regime.options("other-corp", on="2026-06-27",
        ...                       items=["fable-5"], modes=["web-app"]).rows[0]
        >>> cell.location, cell.alike[:3], cell.verdict.value
        ('AD', ('AE', 'AF', 'AG'), 'permitted')
    """

    item: str
    mode: str
    location: str | None
    alike: tuple[str, ...] = ()
    decision: Decision

    @property
    def verdict(self) -> Verdict:
        """The decision's verdict."""
        return self.decision.verdict

    @property
    def reason(self) -> str:
        """The decision's reason code (`Decision.reason_code`)."""
        return self.decision.reason_code

    @property
    def access(self) -> Access:
        """The access this cell answers."""
        return self.decision.access

    def to_dict(self) -> dict[str, Any]:
        """The cell as JSON-ready data."""
        return {
            "item": self.item,
            "mode": self.mode,
            "location": self.location,
            "alike": list(self.alike),
            "verdict": self.verdict.value,
            "reason": self.reason,
            "until": _until(self.decision),
        }


@attrs.frozen(kw_only=True)
class Options:
    """What one recipient may have on one day: a table of `Option`s.

    Iterate it for its cells (item, then mode, then location, in the order
    asked or known); `to_text()` renders it, `to_dicts()` and `to_arrow()`
    give it as data.

    Attributes:
        regime_id: the deciding regime.
        recipient_id: the recipient.
        rows: the cells.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> wei = aicontrols.Entity("wei", kind="individual",
        ...                         citizenships=[aicontrols.Citizenship("CN")])
        >>> table = regime.options(wei, on="2026-06-27", modes=["hosted-api"],
        ...                        locations=["US", None])
        >>> print(table.to_text())
        item      mode        location  verdict           until           reason
        mythos-5  hosted-api  US        LICENSE REQUIRED  further notice  binding:mythos-fable-foreign-access
        mythos-5  hosted-api  unknown   LICENSE REQUIRED  further notice  binding:mythos-fable-foreign-access
        fable-5   hosted-api  US        LICENSE REQUIRED  further notice  binding:mythos-fable-foreign-access
        fable-5   hosted-api  unknown   LICENSE REQUIRED  further notice  binding:mythos-fable-foreign-access
        >>> table.to_dicts()[0]["verdict"]
        'license_required'
    """

    regime_id: str
    recipient_id: str
    rows: tuple[Option, ...]

    def __iter__(self) -> Iterator[Option]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def permitted(self) -> tuple[Option, ...]:
        """The cells whose verdict is `PERMITTED`."""
        return tuple(row for row in self.rows if row.decision.permitted)

    def to_dicts(self) -> list[dict[str, Any]]:
        """The cells as JSON-ready rows (`Option.to_dict`)."""
        return [row.to_dict() for row in self.rows]

    def to_arrow(self) -> Any:
        """The cells as a `pyarrow.Table` (needs the `columnar` extra)."""
        try:
            import pyarrow
        except ImportError:  # pragma: no cover - the extra is installed in the suite
            raise ImportError(
                "Options.to_arrow needs pyarrow: pip install 'aicontrols[columnar]'"
            ) from None
        names = ("item", "mode", "location", "alike", "verdict", "reason", "until")
        rows = self.to_dicts()
        return pyarrow.table({name: [row[name] for row in rows] for name in names})

    def to_text(self) -> str:
        """The table as aligned text, one line per cell."""
        head = ("item", "mode", "location", "verdict", "until", "reason")
        lines = [
            (
                row.item,
                row.mode,
                place(row.location, row.alike),
                row.verdict.label,
                _until(row.decision) or "further notice",
                row.reason,
            )
            for row in self.rows
        ]
        widths = [max(len(r[i]) for r in (head, *lines)) for i in range(5)]
        text = [
            "  ".join([*(c.ljust(w) for c, w in zip(r[:5], widths, strict=True)), r[5]])
            for r in (head, *lines)
        ]
        if any(row.alike for row in self.rows):
            text += [
                "",
                "(+N): the location stands for N other countries the rules treat alike",
            ]
        return "\n".join(line.rstrip() for line in text)


def _until(decision: Decision) -> str | None:
    """When the cell's verdict next changes: a date, an instant, or `None`."""
    end = decision.valid_until
    if end is None:
        return None
    if end == end.start_of("day"):
        return end.date().isoformat()
    return end.isoformat()


def place(location: str | None, alike: Sequence[str]) -> str:
    """A cell's location in words: `US`, `AD (+150)` or `unknown`."""
    name = "unknown" if location is None else location
    return f"{name} (+{len(alike)})" if alike else name


def options(
    regime: Asker,
    recipient: Entity | str,
    *,
    on: dt.date | str | None = None,
    at: dt.datetime | str | None = None,
    as_known_on: When = None,
    items: Iterable[ControlledItem | str] | None = None,
    modes: Iterable[DeploymentMode | str] | None = None,
    locations: Iterable[str | None] | None = None,
    attestations: Iterable[str] = (),
    origin: str | None = None,
) -> Options:
    """The verdict of every item, mode and location for `recipient` (see `Regime.options`)."""
    item_list = list(regime.items if items is None else _given(items, "items"))
    mode_list = list(
        [*DeploymentMode.STANDARD.values(), *regime.modes]
        if modes is None
        else _given(modes, "modes")
    )
    places: list[tuple[str | None, tuple[str, ...]]]
    if locations is None:
        places = known_locations(regime, recipient, origin=origin)
    else:
        given = [_location(code) for code in _given(locations, "locations")]
        places = [(code, ()) for code in dict.fromkeys(given)]
    rows = []
    for item in item_list:
        for mode in mode_list:
            for location, alike in places:
                access = _access(recipient, item, mode, location, attestations, origin)
                decision = regime.decide(access, on=on, at=at, as_known_on=as_known_on)
                rows.append(
                    Option(
                        item=access.item_id,
                        mode=access.mode_name,
                        location=access.location,
                        alike=alike,
                        decision=decision,
                    )
                )
    recipient_id = recipient if isinstance(recipient, str) else recipient.id
    return Options(regime_id=regime.id, recipient_id=recipient_id, rows=tuple(rows))


def _given(values: object, argument: str) -> list[Any]:
    """A list given for `argument`, refused if it is a bare string."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise QueryError(
            f"`{argument}`: expected a list, got `{values!r}`",
            argument=argument,
            value=values,
        )
    return list(values)


def _location(value: object) -> str | None:
    """One of the given `locations`: a country code or `None`."""
    try:
        return optional_country(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        raise QueryError(
            f"`locations`: {error}", argument="locations", value=value
        ) from None


def _access(
    recipient: Entity | str,
    item: ControlledItem | str,
    mode: DeploymentMode | str,
    location: str | None,
    attestations: Iterable[str],
    origin: str | None,
) -> Access:
    """The access of one cell; a malformed part is a `QueryError` naming it."""
    try:
        return Access(
            recipient, item, mode, location, frozenset(attestations), origin=origin
        )
    except (TypeError, ValueError) as error:
        raise QueryError(str(error), value=(item, mode, location)) from None


def known_locations(
    regime: Asker, recipient: Entity | str, *, origin: str | None = None
) -> list[tuple[str | None, tuple[str, ...]]]:
    """The places the regime's rules tell apart, each with the countries it stands for.

    Sorted by code, with `None` (the location not given) last.
    """
    own = _recipient_countries(regime, recipient)
    named = named_countries(regime.notices) | own
    if regime.jurisdiction not in UNIONS:
        named.add(regime.jurisdiction)
    if origin is not None:
        named.add(origin.strip().upper())
    signatures = _signatures(regime.all_country_groups)
    classes: dict[object, list[str]] = {}
    for code in sorted(codes()):
        key: object = (
            code
            if code in named
            else (code in regime.territory, signatures.get(code, ()))
        )
        classes.setdefault(key, []).append(code)
    found: list[tuple[str | None, tuple[str, ...]]] = [
        (members[0], tuple(members[1:])) for members in classes.values()
    ]
    found.sort(key=lambda pair: pair[0] or "")
    return [*found, (None, ())]


def named_countries(notices: Iterable[object]) -> set[str]:
    """Every country a scope in these acts names (`countries` of its leaves)."""
    found: set[str] = set()
    seen: set[int] = set()
    stack: list[object] = list(notices)
    while stack:
        value = stack.pop()
        if isinstance(value, tuple | list | frozenset | set):
            stack.extend(value)
        elif attrs.has(type(value)) and id(value) not in seen:
            seen.add(id(value))
            if isinstance(value, Scope):
                countries = getattr(value, "countries", None)
                if isinstance(countries, frozenset):
                    found.update(countries)
            kind = cast("type[attrs.AttrsInstance]", type(value))
            stack.extend(getattr(value, f.name) for f in attrs.fields(kind))
    return found


def _recipient_countries(regime: Asker, recipient: Entity | str) -> set[str]:
    """The countries of the recipient's own facts (where it may be at home)."""
    if isinstance(recipient, str):
        entity = next((e for e in regime.entities if e.id == recipient), None)
    else:
        entity = recipient
    if entity is None:
        return set()
    return {
        *(c for c in (entity.country, entity.headquarters) if c),
        *entity.address_countries,
        *(c.country for c in entity.citizenships),
        *(r.country for r in entity.residencies),
    }


def _signatures(groups: Sequence[CountryGroup]) -> dict[str, tuple[object, ...]]:
    """Each country's memberships in every group, as a comparable value."""
    found: dict[str, list[list[str]]] = {}
    for number, group in enumerate(groups):
        for kind, spans in (("in", group.members), ("unknown", group.unknown)):
            for membership in spans:
                lists = found.setdefault(membership.member, [[] for _ in groups])
                lists[number].append(f"{kind}:{_span(membership)}")
    return {
        code: tuple(tuple(sorted(s)) for s in lists) for code, lists in found.items()
    }


def _span(membership: Membership) -> str:
    """A membership's dates (valid and known), without its citation."""
    m = membership
    return repr((m.start, m.end, m.published, m.end_published))
