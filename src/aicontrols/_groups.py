"""Named sets that change over time: country groups and entity lists."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ._citation import Citation
from ._time import When
from ._validators import check_id, check_span_or_empty, check_when_field, country

__all__ = ["CountryGroup", "EntityList", "Membership"]


@attrs.frozen
class Membership:
    """One member of a group or list over `[start, end)` (`None`: open bound).

    Membership is valid time. Knowledge time is optional: `published` is when
    the membership became known, and `end_published` when its `end` became
    known (a removal learnt from a later screening-list snapshot, a country
    leaving a group by a later rule). A query with `as_known_on` before
    `published` does not see the membership; one before `end_published` sees
    it without its end. `None` means known all along.

    Examples:
        >>> import datetime
        >>> Membership("KH", end=datetime.date(2026, 2, 9)).member
        'KH'
    """

    member: str = attrs.field()
    start: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    end: When | None = attrs.field(
        default=None, kw_only=True, validator=[check_when_field, check_span_or_empty]
    )
    citation: Citation | None = attrs.field(default=None, kw_only=True, eq=True)
    published: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    end_published: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )


def _memberships(value: Iterable[Membership | str]) -> tuple[Membership, ...]:
    return tuple(m if isinstance(m, Membership) else Membership(m) for m in value)


def _country_memberships(value: Iterable[Membership | str]) -> tuple[Membership, ...]:
    found = _memberships(value)
    return tuple(attrs.evolve(m, member=country(m.member)) for m in found)


@attrs.frozen
class CountryGroup:
    """A named group of countries (e.g. EAR Country Group D:5) that may change.

    Members given as plain codes belong for all time, and are known all
    along. A membership may say when it became known (`published`) and when
    its end did (`end_published`): a query with `as_known_on` before then does
    not see it (or its end), as for entity lists.

    Where the data about the group has gaps, the group says so, and a scope
    that reads a membership in a gap is unknown (`UNDETERMINED`, never a guess):

    - `data_from`: the earliest instant the data supports. Before it, only a
      dated membership whose own `start` is before the instant is known; any
      other country's membership is unknown ("no data before ...").
    - `unknown`: spans in which one country's membership is unknown (a move
      between groups whose date was not found), each a `Membership` whose
      `start` and `end` bound the gap and whose `citation` says why.

    Examples:
        >>> import datetime
        >>> d5 = CountryGroup("D:5", members=["CN", "MO",
        ...     Membership("KH", end=datetime.date(2026, 2, 9))])
        >>> sorted(m.member for m in d5.members)
        ['CN', 'KH', 'MO']
    """

    id: str = attrs.field(validator=check_id)
    name: str | None = attrs.field(default=None, kw_only=True)
    members: tuple[Membership, ...] = attrs.field(
        default=(), kw_only=True, converter=_country_memberships
    )
    citation: Citation | None = attrs.field(default=None, kw_only=True)
    data_from: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    unknown: tuple[Membership, ...] = attrs.field(
        default=(), kw_only=True, converter=_country_memberships
    )


@attrs.frozen
class EntityList:
    """A named list of entity ids (a screening list) whose members may change.

    Attributes:
        id: the list's id, by which `OnList` and `OwnedByListed` scopes name it.
        name: a display name.
        members: dated memberships.
        citation: where the list is published.
        caveat: set on a list whose legal effect aicontrols does not model (a
            Treasury or State list imported from the Consolidated Screening
            List): every decision whose recipient is on the list carries it.

    Examples:
        >>> EntityList("entity-list", members=["cetc-13"]).members[0].member
        'cetc-13'
    """

    id: str = attrs.field(validator=check_id)
    name: str | None = attrs.field(default=None, kw_only=True)
    members: tuple[Membership, ...] = attrs.field(
        default=(), kw_only=True, converter=_memberships
    )
    citation: Citation | None = attrs.field(default=None, kw_only=True)
    caveat: str | None = attrs.field(default=None, kw_only=True)
