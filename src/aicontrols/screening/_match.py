"""Screening a name against a regime's lists: candidates with their reasons.

Screening never decides who someone is. It returns the listed parties whose
name or alias shares words with the name asked about, each with a score and
the reasons for it; a person confirms a match (`confirm`), and from then the
customer's decisions read the listing's rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from .._entities import Entity
from .._regime import Regime, engine_of
from .._time import day_span, query_date
from .._validators import country as _country
from ..exceptions import QueryError
from ._rows import normalise

__all__ = ["Candidate", "confirm", "screen"]

COUNTRY_MATCH = 0.1
"""Added to the name score when the country asked about is one of the party's."""
COUNTRY_MISMATCH = 0.2
"""Taken off when the party's countries are known and none is the one asked about."""


@attrs.frozen
class Candidate:
    """A listed party that may be the one screened, with why.

    Attributes:
        entity: the listed party, as the regime's catalog holds it.
        score: from 0 to 1: the name score, adjusted for the country.
        name_score: the Sørensen-Dice overlap of the distinctive words of the
            name asked about and of the party's best-matching name or alias.
        matched: that best-matching name or alias.
        reasons: the score in words, one reason per line.
        lists: the ids of the lists the party is on during the day screened.
    """

    entity: Entity
    score: float
    name_score: float
    matched: str
    reasons: tuple[str, ...]
    lists: tuple[str, ...]

    def explain(self) -> str:
        """The candidate and its reasons, in plain text."""
        head = (
            f"{self.entity.name or self.entity.id} (`{self.entity.id}`), score "
            f"{self.score:.2f}, on {', '.join(f'`{x}`' for x in self.lists)}"
        )
        return "\n".join([head, *(f"  - {r}" for r in self.reasons)])


class _NameIndex:
    """The regime's listed parties by the words of their names and aliases."""

    def __init__(self, regime: Regime) -> None:
        listed = {m.member for x in regime.entity_lists for m in x.members}
        self.entities = {e.id: e for e in regime.entities if e.id in listed}
        self.names: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self.words: dict[str, set[str]] = {}
        for entity in self.entities.values():
            variants = [entity.name or entity.id, *entity.aliases]
            found = [(v, normalise(v)) for v in dict.fromkeys(variants)]
            self.names[entity.id] = found
            for _, words in found:
                for word in words:
                    self.words.setdefault(word, set()).add(entity.id)
        for member in listed - self.entities.keys():  # listed, not in the catalog
            self.entities[member] = Entity(member)
            self.names[member] = [(member, normalise(member))]
            for word in normalise(member):
                self.words.setdefault(word, set()).add(member)


def _index(regime: Regime) -> _NameIndex:
    """The regime's name index, built on first use and kept with the regime."""
    return engine_of(regime).derive("screening-names", lambda: _NameIndex(regime))


def _dice(asked: tuple[str, ...], words: tuple[str, ...]) -> tuple[float, list[str]]:
    common = sorted(set(asked) & set(words))
    if not common:
        return 0.0, []
    return 2 * len(common) / (len(set(asked)) + len(set(words))), common


def screen(
    regime: Regime,
    name: str,
    country: str | None = None,
    *,
    on: dt.date | str,
    as_known_on: dt.date | str | None = None,
    min_score: float = 0.5,
    limit: int | None = 20,
) -> tuple[Candidate, ...]:
    """The listed parties that may be `name`, best first; never an identity.

    A party is a candidate when it is on one of the regime's entity lists at
    some time during the day `on` (as known on `as_known_on`) and its score
    reaches `min_score`. The score is transparent: the Sørensen-Dice overlap
    of the distinctive words (`normalise`) of `name` and of the party's name or
    best alias, plus 0.1 when `country` is one of the party's countries
    (incorporation, citizenship or address), less 0.2 when the party's
    countries are known and `country` is not among them; kept within [0, 1].

    Args:
        regime: a regime with entity lists, e.g. one from `history_regime`.
        name: the name to screen.
        country: the country the customer is in or from (ISO alpha-2).
        on: the day screened.
        as_known_on: screen the lists as known on this day (default: all).
        min_score: the lowest score returned.
        limit: the most candidates returned (`None`: all).

    Raises:
        QueryError: an empty name, a bad date or country code.

    Examples:
        >>> from aicontrols import examples, screening
        >>> regime = examples.load("affiliates-rule-2025")
        >>> [c.entity.id for c in screening.screen(regime, "Listed Parent", on="2025-06-01")]
        ['listed-parent']
        >>> screening.screen(regime, "Listed Parent", on="2025-03-01")  # before its listing
        ()
    """
    words = normalise(name) if isinstance(name, str) else ()
    if not words:
        raise QueryError(
            f"`name`: nothing to screen in `{name!r}`", argument="name", value=name
        )
    wanted = None
    if country is not None:
        try:
            wanted = _country(country)
        except (TypeError, ValueError) as error:
            raise QueryError(
                f"`country`: {error}", argument="country", value=country
            ) from None
    day = query_date(on, "on")
    engine = engine_of(regime)
    state, _ = engine.state(as_known_on)
    world = engine.world_at(state)
    lo, hi = day_span(day, regime.timezone)
    index = _index(regime)
    ids: set[str] = set()
    for word in set(words):
        ids |= index.words.get(word, set())
    found: list[Candidate] = []
    for entity_id in ids:
        lists = tuple(
            sorted(
                x
                for x, timeline in world.lists.items()
                if any(s < hi and lo < e for s, e in timeline.spans.get(entity_id, ()))
            )
        )
        if not lists:
            continue
        entity = index.entities[entity_id]
        best, matched, common = 0.0, entity.name or entity.id, []
        for variant, variant_words in index.names[entity_id]:
            score, shared = _dice(words, variant_words)
            if score > best:
                best, matched, common = score, variant, shared
        reasons = [
            f"name words {', '.join(common)} shared with {matched!r}: "
            f"name score {best:.2f}"
        ]
        score = best
        if wanted is not None:
            theirs = _countries(entity)
            if wanted in theirs:
                score += COUNTRY_MATCH
                reasons.append(
                    f"country {wanted} is one of the party's: +{COUNTRY_MATCH}"
                )
            elif theirs:
                score -= COUNTRY_MISMATCH
                reasons.append(
                    f"country {wanted} is not among the party's ({', '.join(theirs)}): "
                    f"-{COUNTRY_MISMATCH}"
                )
            else:
                reasons.append("the party's countries are unknown: no adjustment")
        score = round(min(1.0, max(0.0, score)), 4)
        if score >= min_score:
            found.append(Candidate(entity, score, best, matched, tuple(reasons), lists))
    found.sort(key=lambda c: (-c.score, c.entity.id))
    return tuple(found if limit is None else found[:limit])


def _countries(entity: Entity) -> tuple[str, ...]:
    found: Iterable[str] = (
        *((entity.country,) if entity.country else ()),
        *(c.country for c in entity.citizenships),
        *entity.address_countries,
    )
    return tuple(dict.fromkeys(found))


def confirm(customer: Entity | str, match: Candidate | Entity | str) -> Entity:
    """Link a customer to the listed party a person confirmed it to be.

    Returns the customer with the party's id in its `same_as`: rules that name
    the party, and lists that hold it, select the customer too.

    Examples:
        >>> from aicontrols import Entity
        >>> confirm(Entity("cust-42", name="Listed Parent Company"), "listed-parent").same_as
        ('listed-parent',)
    """
    if isinstance(customer, str):
        customer = Entity(customer)
    if isinstance(match, Candidate):
        party = match.entity.id
    elif isinstance(match, Entity):
        party = match.id
    else:
        party = match
    if party == customer.id or party in customer.same_as:
        return customer
    return attrs.evolve(customer, same_as=(*customer.same_as, party))
