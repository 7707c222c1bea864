"""Entities and their dated facts: citizenship, residency, employment, ownership.

Facts that change over time carry their own half-open validity `[start, end)`;
`None` is an open bound. A fact is read at the query instant.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

import attrs

from ._time import When
from ._validators import (
    check_id,
    check_span,
    check_when_field,
    checked_tuple,
    country,
    finite_number,
    optional_country,
    string_tuple,
)

__all__ = [
    "Citizenship",
    "dated_facts",
    "Employment",
    "Entity",
    "EntityKind",
    "Ownership",
    "Residency",
]


class EntityKind(enum.Enum):
    """What kind of party an entity is.

    Examples:
        >>> EntityKind("government_agency")
        <EntityKind.GOVERNMENT_AGENCY: 'government_agency'>
    """

    INDIVIDUAL = "individual"
    COMPANY = "company"
    GOVERNMENT_AGENCY = "government_agency"
    UNIVERSITY = "university"
    NONPROFIT = "nonprofit"
    INTERNATIONAL_ORGANIZATION = "international_organization"


def _entity_id(value: Entity | str) -> str:
    if not isinstance(value, Entity):
        return value
    if value.same_as:
        # only the id is kept: the link would be lost without a word
        raise ValueError(
            f"`{value.id}` is linked to {', '.join(f'`{x}`' for x in value.same_as)} "
            "(`same_as`): give the linked id, or put the entity in the regime's "
            "catalog and give its id"
        )
    return value.id


@attrs.frozen
class Citizenship:
    """Citizenship of a country (ISO 3166-1 alpha-2), over `[start, end)`.

    Attributes:
        country: the ISO 3166-1 alpha-2 code, upper-cased.
        start: when it was acquired (a date or an aware instant); `None`: always.
        end: when it was given up, exclusive; `None`: still held.

    Examples:
        >>> Citizenship("de")
        Citizenship(country='DE', start=None, end=None)
    """

    country: str = attrs.field(converter=country)
    start: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    end: When | None = attrs.field(
        default=None, kw_only=True, validator=[check_when_field, check_span]
    )


@attrs.frozen
class Residency:
    """Lawful permanent residency in a country, over `[start, end)`.

    Attributes:
        country: the ISO 3166-1 alpha-2 code, upper-cased.
        start: when it was granted; `None`: always.
        end: when it ended, exclusive; `None`: still held.

    Examples:
        >>> import datetime
        >>> Residency("US", start=datetime.date(2019, 3, 1)).country
        'US'
    """

    country: str = attrs.field(converter=country)
    start: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    end: When | None = attrs.field(
        default=None, kw_only=True, validator=[check_when_field, check_span]
    )


@attrs.frozen
class Employment:
    """Employment by an organisation (an `Entity` or its id), over `[start, end)`.

    Attributes:
        employer: the employer's entity id (an `Entity` given is stored by id).
        start: when the employment started; `None`: always.
        end: when it ended, exclusive; `None`: still employed.

    Examples:
        >>> Employment("anthropic").employer
        'anthropic'
    """

    employer: str = attrs.field(converter=_entity_id, validator=check_id)
    start: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    end: When | None = attrs.field(
        default=None, kw_only=True, validator=[check_when_field, check_span]
    )


@attrs.frozen
class Ownership:
    """A direct ownership link to an owner (an `Entity` or its id), over `[start, end)`.

    Attributes:
        owner: the owner's entity id (an `Entity` given is stored by id).
        share: the owned fraction in (0, 1], or `None` when unknown.
        start: when the ownership started; `None`: always.
        end: when it ended, exclusive; `None`: still owned.

    Examples:
        >>> Ownership("parent-co", share=0.6).share
        0.6
    """

    owner: str = attrs.field(converter=_entity_id, validator=check_id)
    share: float | None = attrs.field(default=None, kw_only=True)
    start: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    end: When | None = attrs.field(
        default=None, kw_only=True, validator=[check_when_field, check_span]
    )

    @share.validator
    def _check_share(self, _: object, value: float | None) -> None:
        if value is None:
            return
        finite_number(value, "share")
        if not 0 < value <= 1:
            raise ValueError(f"`share` must be in (0, 1], got `{value}`")


def _kind(value: EntityKind | str) -> EntityKind:
    return value if isinstance(value, EntityKind) else EntityKind(value)


def _citizenships(value: Iterable[Citizenship]) -> tuple[Citizenship, ...]:
    return checked_tuple(value, Citizenship, "citizenships")


def _residencies(value: Iterable[Residency]) -> tuple[Residency, ...]:
    return checked_tuple(value, Residency, "residencies")


def _employments(value: Iterable[Employment]) -> tuple[Employment, ...]:
    return checked_tuple(value, Employment, "employments")


def _countries(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(country(c) for c in string_tuple(value)))


def _ids(value: Iterable[Entity | str]) -> tuple[str, ...]:
    ids = tuple(dict.fromkeys(_entity_id(v) for v in string_tuple(value)))  # type: ignore[arg-type]
    for one in ids:
        check_id(None, _SAME_AS, one)
    return ids


class _Named:
    name = "same_as"


_SAME_AS = _Named()


def _owners(value: Iterable[Ownership]) -> tuple[Ownership, ...]:
    return checked_tuple(value, Ownership, "owners")


@attrs.frozen(cache_hash=True)
class Entity:
    """A party: an organisation or an individual.

    Individuals carry citizenships and lawful permanent residencies. An
    individual with no citizenship recorded has an *unknown* citizenship: where
    it matters, the verdict is `UNDETERMINED`. An empty `residencies` means the
    individual holds no permanent residency. Organisations carry the `country`
    they are incorporated in; everyone may carry employments and owners.

    Attributes:
        id: the entity's id, by which a regime's catalog and rules name it.
        name: a display name.
        kind: an `EntityKind` (or its value, e.g. `"individual"`).
        country: for an organisation, where it is incorporated; `None` if unknown.
        headquarters: for an organisation, the country of its headquarters (ISO
            3166-1 alpha-2), which may differ from `country`; `None` if unknown.
            Read by `HeadquarteredIn`, `HeadquarteredInGroup` and
            `UltimateParentHeadquarteredInGroup`.
        citizenships: an individual's dated citizenships.
        residencies: an individual's dated lawful permanent residencies.
        employments: dated employments.
        owners: dated direct ownership links.
        aliases: other names the party is known by (screening matches them).
        address_countries: countries of the party's known addresses (ISO
            3166-1 alpha-2), as a screening list gives them; unlike `country`,
            they say nothing about incorporation.
        same_as: ids of entities confirmed to be this same party (a screening
            match the user confirmed): rules that name one of them, or lists
            that hold one of them, select this entity too.

    Examples:
        >>> import datetime
        >>> priya = Entity(
        ...     "priya",
        ...     kind=EntityKind.INDIVIDUAL,
        ...     citizenships=[Citizenship("IN")],
        ...     employments=[Employment("anthropic", start=datetime.date(2024, 2, 1))],
        ... )
        >>> priya.kind.value, priya.citizenships[0].country
        ('individual', 'IN')
    """

    id: str = attrs.field(validator=check_id)
    name: str | None = attrs.field(default=None, kw_only=True)
    kind: EntityKind = attrs.field(
        default=EntityKind.COMPANY, kw_only=True, converter=_kind
    )
    country: str | None = attrs.field(
        default=None, kw_only=True, converter=optional_country
    )
    headquarters: str | None = attrs.field(
        default=None, kw_only=True, converter=optional_country
    )
    citizenships: tuple[Citizenship, ...] = attrs.field(
        default=(), kw_only=True, converter=_citizenships
    )
    residencies: tuple[Residency, ...] = attrs.field(
        default=(), kw_only=True, converter=_residencies
    )
    employments: tuple[Employment, ...] = attrs.field(
        default=(), kw_only=True, converter=_employments
    )
    owners: tuple[Ownership, ...] = attrs.field(
        default=(), kw_only=True, converter=_owners
    )
    aliases: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=string_tuple
    )
    address_countries: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_countries
    )
    same_as: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_ids)

    def __attrs_post_init__(self) -> None:
        if self.kind is not EntityKind.INDIVIDUAL and (
            self.citizenships or self.residencies
        ):
            raise ValueError(
                f"entity `{self.id}` is a {self.kind.value}: only individuals have "
                "citizenships and residencies (use `country` for an organisation)"
            )
        if self.kind is EntityKind.INDIVIDUAL and self.headquarters is not None:
            raise ValueError(
                f"entity `{self.id}` is an individual: only organisations have "
                "`headquarters`"
            )

    @property
    def identities(self) -> frozenset[str]:
        """This entity's id and the ids it is confirmed to be the same party as."""
        if not self.same_as:
            return frozenset((self.id,))
        return frozenset((self.id, *self.same_as))

    @property
    def is_individual(self) -> bool:
        """Whether this entity is a natural person."""
        return self.kind is EntityKind.INDIVIDUAL


def dated_facts(
    entity: Entity,
) -> Iterator[tuple[str, Citizenship | Residency | Employment | Ownership]]:
    """Each dated fact of `entity` with its path (`employments[0]`)."""
    for name in ("citizenships", "residencies", "employments", "owners"):
        for position, fact in enumerate(getattr(entity, name)):
            yield f"{name}[{position}]", fact
