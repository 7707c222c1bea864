"""From dated CSL snapshots to a regime: entities, lists and cited notices.

Each snapshot says who is listed on the day it was taken. Read in order, they
give the history: a party that appears is listed (from its `start_date`), a
row that changes is amended, a party that disappears is removed on the day of
the snapshot that no longer shows it. Every act is a `Notice` with its
knowledge time, so `as_known_on` answers "what did the list say on that day".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from .._entities import Citizenship, Entity, EntityKind
from .._groups import EntityList, Membership
from .._notices import Notice
from .._regime import Regime
from .._rules import Citation, Effect, Exemption, Restriction, ReviewPolicy, Rule
from .._scopes import (
    EVERYTHING,
    AnyParty,
    ClassifiedAs,
    EntityIs,
    Not,
    Scope,
    WithinRequirement,
)
from ._listing import SOURCES, Listing, ListSource, Snapshot

__all__ = [
    "UVL_STATEMENT",
    "history_regime",
    "license_items",
    "review_policy",
]

UVL_STATEMENT = "uvl-statement"
"""The attestation that lifts an Unverified List restriction: the party's UVL
statement, obtained before the export (15 CFR 744.15(b))."""

_LIST_CITATIONS = {
    "EL": Citation("15 CFR Part 744, Supp. 4", title="Entity List"),
    "DPL": Citation("15 CFR 764.3(a)(2)", title="Denied Persons List (denial orders)"),
    "UVL": Citation("15 CFR 744.15", title="Unverified List (Supp. 6 to Part 744)"),
    "MEU": Citation(
        "15 CFR 744.21", title="Military End User List (Supp. 7 to Part 744)"
    ),
}


# ---------------------------------------------------------------- parsing texts

_SEE_NOTE = re.compile(r"\(\s*see\b.*\)\s*\.?\s*$", re.IGNORECASE | re.DOTALL)
_ALL_ITEMS = re.compile(
    r"^\s*for\s+all\s+items\s+subject\s+to\s+the\s+ear\s*[.,;]?\s*$", re.IGNORECASE
)
_NOT_EAR99 = re.compile(
    r"^\s*for\s+all\s+items\s+subject\s+to\s+the\s+ear\s+"
    r"(?:having\s+a\s+classification\s+)?other\s+than\s+ear99\s*[.,;]?\s*$",
    re.IGNORECASE,
)


def license_items(requirement: str | None) -> Scope:
    """The items an entry's License Requirement covers, as an item scope.

    "For all items subject to the EAR" (with or without a "(See ...)" note) is
    every item; "... other than EAR99" and "... having a classification other
    than EAR99" are every item not classified ECCN `EAR99` (an item with no
    ECCN is unknown; an item recorded as `EAR99` is never selected). Any other
    text is `WithinRequirement`: unknown for every item, so decisions it
    concerns are `UNDETERMINED` (fail closed) until the regime says more.
    A missing requirement reads as every item (the Entity List's default).

    Examples:
        >>> license_items("For all items subject to the EAR.  (See §744.11 of the EAR)")
        Everything()
        >>> license_items("For all items subject to the EAR. (See §§ 734.9(g),3 746.8(a)(3), "
        ...               "and 744.21(b) of the EAR)")
        Everything()
        >>> license_items("For all items subject to the EAR other than EAR99.")
        Not(scope=ClassifiedAs(scheme='ECCN', codes=frozenset({'EAR99'})))
        >>> license_items("For any item subject to the EAR listed in supplement no. 2 to part 744.")
        WithinRequirement(text='For any item subject to the EAR listed in supplement no. 2 to part 744.')
    """
    if requirement is None:
        return EVERYTHING
    core = _SEE_NOTE.sub("", requirement)  # a trailing "(See §744.11 ...)" note
    if _ALL_ITEMS.match(core):
        return EVERYTHING
    if _NOT_EAR99.match(core):
        return Not(ClassifiedAs("ECCN", "EAR99"))
    return WithinRequirement(requirement)


_POLICIES = (
    (
        re.compile(r"presumption\s+of\s+denial", re.I),
        ReviewPolicy.PRESUMPTION_OF_DENIAL,
    ),
    (re.compile(r"policy\s+of\s+denial", re.I), ReviewPolicy.POLICY_OF_DENIAL),
    (re.compile(r"case[\s-]+by[\s-]+case", re.I), ReviewPolicy.CASE_BY_CASE),
    (
        re.compile(r"presumption\s+of\s+approval", re.I),
        ReviewPolicy.PRESUMPTION_OF_APPROVAL,
    ),
)


def review_policy(text: str | None) -> ReviewPolicy | None:
    """The strictest review policy an entry's License Review Policy text names.

    Entries may name several policies for different items ("Case-by-case
    review for ECCNs ...; presumption of denial for all other items"). Which
    one covers a model is not settled by the text, so the strictest named is
    taken (fail closed); the full text stays in the restriction's
    description. A text that names no policy ("See §744.3(d) of this part")
    gives `None`.

    Examples:
        >>> review_policy("Presumption of denial.")
        <ReviewPolicy.PRESUMPTION_OF_DENIAL: 'presumption_of_denial'>
        >>> review_policy("Policy of denial for all items subject to the EAR apart from "
        ...               "food and medicine designated as EAR99, which will be reviewed "
        ...               "on a case-by-case basis.")
        <ReviewPolicy.POLICY_OF_DENIAL: 'policy_of_denial'>
        >>> review_policy("Case-by-case review for ECCNs 1A004 and 1A995; "
        ...               "presumption of denial for all other items.")
        <ReviewPolicy.PRESUMPTION_OF_DENIAL: 'presumption_of_denial'>
        >>> review_policy("See §744.3(d) of this part") is None
        True
    """
    if not text:
        return None
    found = [policy for rx, policy in _POLICIES if rx.search(text)]
    return max(found, key=lambda p: p.strictness) if found else None


# ---------------------------------------------------------------- ids


def _slug(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", name.casefold())
    return "-".join(words)[:48].strip("-") or "party"


class _Ids:
    """Entity ids, stable for a key, unique in the regime."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.by_key: dict[str, str] = {}
        self.used = set(taken)

    def get(self, listing: Listing) -> str:
        found = self.by_key.get(listing.key)
        if found is None:
            found = f"{listing.source.lower()}-{_slug(listing.name)}"
            if found in self.used:
                digest = hashlib.sha1(listing.key.encode()).hexdigest()[:8]
                found = f"{found}-{digest}"
            self.used.add(found)
            self.by_key[listing.key] = found
        return found


# ---------------------------------------------------------------- the acts


@attrs.define
class _Episode:
    """One spell of a party on one list, built while reading the snapshots."""

    entity: str
    versions: list[tuple[dt.date, Listing]]
    known: dt.date
    removed: dt.date | None = None


def _known(listing: Listing, first: dt.date, previous: dt.date | None) -> dt.date:
    """When a listing became known: its start date, unless an earlier snapshot
    (taken on or after that date) did not show it; then the snapshot's date."""
    if listing.start is None:
        return first
    if previous is not None and listing.start <= previous:
        return first
    return min(listing.start, first)


def _valid_from(listing: Listing, known: dt.date) -> dt.date:
    return listing.start if listing.start is not None else known


def _citation(listing: Listing) -> Citation:
    source = SOURCES[listing.source]
    notices = "; ".join(listing.federal_register_notices)
    return Citation(
        notices or f"{source.name} ({source.agency}), Consolidated Screening List",
        title=f"{source.name} entry: {listing.name}",
        url=listing.source_list_url,
    )


def _rules(listing: Listing, entity: str, spell: int = 1) -> tuple[Rule, ...]:
    """The rules one listing makes, by its list (none for an unmodelled list).

    A party listed again after a removal gets new rule ids (`/listing-2`), so
    that the acts of one spell never undo those of another.
    """
    rid = f"{entity}/listing" if spell == 1 else f"{entity}/listing-{spell}"
    # 15 CFR 744.11, 748.5: the requirement binds whenever the listed party is
    # a party to the transaction (purchaser, consignee or end user)
    who = AnyParty(EntityIs(entity))
    cite = _citation(listing)
    code = listing.source
    if code in ("EL", "MEU"):
        requirement = listing.license_requirement or "(not stated)"
        policy = listing.license_policy or "(not stated)"
        return (
            Restriction(
                rid,
                effect=Effect.LICENSE_REQUIRED,
                review_policy=review_policy(listing.license_policy),
                items=license_items(listing.license_requirement),
                recipients=who,
                citation=cite,
                description=(
                    f"{listing.name} is on the {SOURCES[code].name}: license requirement "
                    f"{requirement!r}; license review policy {policy!r}"
                ),
            ),
        )
    if code == "DPL":
        order = " (standard order)" if listing.standard_order else ""
        return (
            Restriction(
                rid,
                effect=Effect.PROHIBITED,
                recipients=who,
                citation=cite,
                description=(
                    f"{listing.name} is on the Denied Persons List{order}: its export "
                    "privileges are denied"
                ),
            ),
        )
    if code == "UVL":
        return (
            Restriction(
                rid,
                effect=Effect.PROHIBITED,
                recipients=who,
                citation=Citation(
                    "15 CFR 744.15(b)",
                    title=f"Unverified List entry: {listing.name}",
                    url=listing.source_list_url,
                ),
                description=(
                    f"{listing.name} is on the Unverified List: no export may proceed "
                    "before the party's UVL statement is obtained"
                ),
            ),
            Exemption(
                rid.replace("/listing", "/uvl-statement"),
                lifts=[rid],
                recipients=who,
                conditions=[UVL_STATEMENT],
                citation=Citation("15 CFR 744.15(b)", title="UVL statement"),
                description="the party's UVL statement has been obtained",
            ),
        )
    return ()


def _entity(entity: str, versions: Sequence[Listing]) -> Entity:
    latest = versions[-1]
    names = [n for v in versions for n in (v.name, *v.alt_names)]
    aliases = tuple(dict.fromkeys(n for n in names if n != latest.name))
    countries = tuple(dict.fromkeys(c for v in versions for c in v.address_countries))
    if (latest.kind or "").casefold() == "individual":
        return Entity(
            entity,
            name=latest.name,
            kind=EntityKind.INDIVIDUAL,
            citizenships=[Citizenship(c) for c in latest.nationalities],
            aliases=aliases,
            address_countries=countries,
        )
    # An organisation's country is where it is incorporated, which the CSL does
    # not give: it is read from its addresses when they all name one country.
    return Entity(
        entity,
        name=latest.name,
        country=countries[0] if len(countries) == 1 else None,
        aliases=aliases,
        address_countries=countries,
    )


def history_regime(
    snapshots: Sequence[Snapshot],
    *,
    base: Regime | None = None,
    id: str | None = None,
    name: str | None = None,
) -> Regime:
    """The regime that a sequence of dated CSL snapshots describes.

    Per party, an entity and a membership of its list; per act, a cited notice:

    - a listing: the Entity List and Military End User List require a license
      for the entry's items (review policy from the entry); the Denied Persons
      List prohibits, until its `end_date`; the Unverified List prohibits until
      the party's UVL statement is attested (`uvl-statement`); the other lists
      only caveat the decision. These rules select the listed party as any
      party to the transaction (`AnyParty`: the recipient, or a purchaser or
      consignee in `Access.parties`; 15 CFR 744.11, 748.5).
    - an amendment: a changed row, from the day of the snapshot showing it.
    - a removal: a party missing from a later snapshot, from that day (a
      snapshot with malformed rows removes nobody).

    Args:
        snapshots: CSL snapshots, each taken on a different day.
        base: a regime to add the listings to (its lists of the same ids gain
            the members; its entities, items and notices are kept), e.g. the
            Mythos 5 letters or the affiliates rule. Without one, a US regime
            (zone `America/New_York`) of the listings alone.
        id: the new regime's id (default: the base's, or `us-csl`).
        name: the new regime's name.

    Returns:
        The regime: the base's, with the lists, entities and notices added.

    Raises:
        ValueError: two snapshots taken on the same day, none, or an empty
            snapshot after one with rows (a truncated download).
    """
    ordered = sorted(snapshots, key=lambda s: s.taken)
    if not ordered:
        raise ValueError("`snapshots`: give at least one CSL snapshot")
    days = [s.taken for s in ordered]
    if len(set(days)) != len(days):
        twice = sorted({d for d in days if days.count(d) > 1})
        raise ValueError(f"`snapshots`: two snapshots taken on {twice[0]}")
    ids = _Ids(e.id for e in base.entities) if base is not None else _Ids(())
    current: dict[str, _Episode] = {}
    episodes: list[_Episode] = []
    previous: dt.date | None = None
    for snapshot in ordered:
        day = snapshot.taken
        if current and not snapshot.listings:
            raise ValueError(
                f"`snapshots`: {snapshot.file} (taken {day}) has no rows; it would "
                "remove every listed party: a truncated download?"
            )
        shown = {x.key for x in snapshot.listings}
        fresh = [x for x in snapshot.listings if x.key not in current]
        gone = [k for k in current if k not in shown]
        # a row whose addresses changed: the one party of that name that vanished
        by_name: dict[str, list[str]] = {}
        for key in gone:
            by_name.setdefault(key.split("|", 1)[0], []).append(key)
        moved = {}
        for listing in fresh:
            olds = by_name.get(listing.name_key, [])
            if len(olds) == 1 and "|" in olds[0]:
                moved[listing.key] = olds[0]
        claims = Counter(moved.values())
        for key, old in list(moved.items()):
            if claims[old] > 1:  # two rows claim one vanished party: neither
                del moved[key]
            else:
                current[key] = current.pop(old)
                ids.by_key[key] = ids.by_key[old]
        for listing in snapshot.listings:
            episode = current.get(listing.key)
            if episode is None:
                episode = _Episode(
                    ids.get(listing), [(day, listing)], _known(listing, day, previous)
                )
                current[listing.key] = episode
                episodes.append(episode)
            elif episode.versions[-1][1].content() != listing.content():
                episode.versions.append((day, listing))
        if not snapshot.problems:
            # a snapshot with malformed rows removes nobody: a bad row may be
            # a listed party's (fail closed: a later clean snapshot removes)
            for key in [k for k in current if k not in shown]:
                current.pop(key).removed = day
        previous = day
    return _assemble(episodes, ordered, base=base, id=id, name=name)


def _assemble(
    episodes: list[_Episode],
    snapshots: Sequence[Snapshot],
    *,
    base: Regime | None,
    id: str | None,
    name: str | None,
) -> Regime:
    notices: list[Notice] = []
    members: dict[str, list[Membership]] = {s.list_id: [] for s in SOURCES.values()}
    versions_of: dict[str, list[Listing]] = {}
    notice_ids: set[str] = set()

    def notice_id(wanted: str) -> str:
        found, n = wanted, 1
        while found in notice_ids:
            n += 1
            found = f"{wanted}-{n}"
        notice_ids.add(found)
        return found

    spells: dict[str, int] = {}
    for episode in episodes:
        entity = episode.entity
        spell = spells[entity] = spells.get(entity, 0) + 1
        first = episode.versions[0][1]
        source: ListSource = SOURCES[first.source]
        versions_of.setdefault(entity, []).extend(v for _, v in episode.versions)
        start = _valid_from(first, episode.known)
        rules = _rules(first, entity, spell)
        listed = notice_id(f"{entity}/listed-{start.isoformat()}")
        notices.append(
            Notice(
                listed,
                title=f"{source.name}: {first.name} listed",
                published=episode.known,
                effective=start,
                retroactive=episode.known > start,
                citation=_citation(first),
                adds=rules,
            )
        )
        end = first.end
        end_known: dt.date | None = None
        for day, listing in episode.versions[1:]:
            if listing.end != end:
                end, end_known = listing.end, day
            if rules:
                # an amendment of a listing not yet in force takes effect with it
                notices.append(
                    Notice(
                        notice_id(f"{entity}/amended-{day.isoformat()}"),
                        title=f"{source.name}: {listing.name} amended",
                        published=day,
                        effective=max(day, start),
                        citation=_citation(listing),
                        amends=_rules(listing, entity, spell),
                    )
                )
        # The spell ends at the earlier of its end date (a denial order's
        # expiry) and its removal; a spell removed before its start never
        # applies (it ends where it starts).
        stop: dt.date | None = None
        removed = False
        if end is not None:
            stop = end
        if episode.removed is not None and (stop is None or episode.removed <= stop):
            stop, removed, end_known = episode.removed, True, episode.removed
        if stop is not None and stop < start:
            stop = start
        if rules and stop is not None:
            # an expiry is known with the row that gave the end date
            published = episode.removed if removed else (end_known or episode.known)
            assert published is not None
            notices.append(
                Notice(
                    notice_id(
                        f"{entity}/removed-{published}"
                        if removed
                        else f"{entity}/expires-{stop}"
                    ),
                    title=f"{source.name}: {first.name} "
                    + ("no longer listed" if removed else "denial order expires"),
                    published=published,
                    effective=stop,
                    retroactive=published > stop,
                    citation=_citation(episode.versions[-1][1])
                    if not removed
                    else Citation(
                        f"Consolidated Screening List snapshot of {published}",
                        title=f"{first.name} absent from the {source.name}",
                    ),
                    revokes=[r.id for r in rules],
                )
            )
        members[source.list_id].append(
            Membership(
                entity,
                start=start,
                end=stop,
                published=episode.known,
                end_published=end_known if stop is not None else None,
            )
        )
    entities = tuple(_entity(e, v) for e, v in versions_of.items())
    return _merge(base, entities, members, notices, snapshots, id=id, name=name)


def _merge(
    base: Regime | None,
    entities: tuple[Entity, ...],
    members: dict[str, list[Membership]],
    notices: list[Notice],
    snapshots: Sequence[Snapshot],
    *,
    id: str | None,
    name: str | None,
) -> Regime:
    days = ", ".join(str(s.taken) for s in snapshots)
    lists: list[EntityList] = list(base.entity_lists) if base is not None else []
    index = {x.id: i for i, x in enumerate(lists)}
    for source in SOURCES.values():
        found = members[source.list_id]
        if source.list_id in index:
            i = index[source.list_id]
            lists[i] = attrs.evolve(lists[i], members=(*lists[i].members, *found))
            continue
        if not found:
            continue
        caveat = None
        if not source.modelled:
            caveat = (
                f"the recipient is on the {source.name} ({source.agency}, CSL source "
                f"{source.code}); aicontrols does not model this list's legal effect: "
                "check it outside aicontrols"
            )
        lists.append(
            EntityList(
                source.list_id,
                name=f"{source.name} ({source.agency}), from the Consolidated Screening List",
                members=found,
                citation=_LIST_CITATIONS.get(source.code)
                or Citation(
                    f"{source.name} ({source.agency}), Consolidated Screening List"
                ),
                caveat=caveat,
            )
        )
    description = (
        f"Imported from Consolidated Screening List snapshots taken on {days}."
    )
    if base is None:
        return Regime(
            id or "us-csl",
            name=name or "US Consolidated Screening List (imported snapshots)",
            jurisdiction="US",
            timezone="America/New_York",
            deemed_export_rule="most_recent",
            entity_lists=lists,
            entities=entities,
            notices=notices,
            citation=Citation(
                "Consolidated Screening List",
                title="International Trade Administration, Consolidated Screening List",
            ),
            description=description,
        )
    return attrs.evolve(
        base,
        id=id or base.id,
        name=name or base.name,
        entity_lists=lists,
        entities=(*base.entities, *entities),
        notices=(*base.notices, *notices),
        description=((base.description or "").rstrip() + "\n\n" + description).strip(),
    )
