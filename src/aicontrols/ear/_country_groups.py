"""The Country Groups of Supp. No. 1 to Part 740, and Supp. No. 5(a), as dated data.

Read from `data/country-groups.csv` (eCFR as of 2026-09-24) on first use.
Every Supp. No. 1 group has `data_from = 2025-01-13`; the memberships whose
changes are known carry their dates and citations:

- Cambodia (`KH`) was in D:5 from 2021-12-09 (86 FR 70015 [S]) until
  2026-02-03 ("Conforming Change for Cambodia", RIN 0694-AK41 [S]); the table
  of 2026-09-24 rightly lacks it.
- The UAE (`AE`) is in A:5 on 2026-09-24; when it joined is not confirmed
  (91 FR 43038 [?]), so its A:5 membership is unknown until then.

Supp. No. 5(a) to Part 740 (the AI Authorization destinations) is a group
`supp-5a` whose 19 members joined on 2025-01-13, when 90 FR 4544 created it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections import defaultdict

from .._groups import CountryGroup, Membership
from ..exceptions import UnknownIdError
from ._sources import (
    AS_OF,
    CAMBODIA_D5,
    DATA_FROM,
    GROUP_IDS,
    SUPP_5A,
    UAE_A5,
    UAE_A5_UNKNOWN,
    diffusion_rule,
    group_citation,
    group_name,
)
from ._tables import read_table

__all__ = ["SUPP_5A_ID", "country_group", "country_groups"]

SUPP_5A_ID = "supp-5a"

# Supp. No. 5(a) to Part 740 as of 2026-09-24 (ai-eccns.md) [P]
_SUPP_5A_MEMBERS = (
    "AU",
    "BE",
    "CA",
    "DK",
    "FI",
    "FR",
    "DE",
    "IE",
    "IT",
    "JP",
    "NL",
    "NZ",
    "NO",
    "KR",
    "ES",
    "SE",
    "TW",
    "GB",
    "US",
)

_CAMBODIA_JOINS_D5 = dt.date(2021, 12, 9)  # 86 FR 70015 [S]
_CAMBODIA_LEAVES_D5 = dt.date(2026, 2, 3)  # RIN 0694-AK41, effective [S]


def _members_on_as_of() -> dict[str, list[str]]:
    """Each group's members in the table of 2026-09-24, in the table's order."""
    members: dict[str, list[str]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for line, (code, group) in read_table("country-groups.csv", ("country", "group")):
        if group not in GROUP_IDS or (code, group) in seen:
            raise RuntimeError(
                f"data/country-groups.csv:{line}: unexpected row `{code},{group}`"
            )
        seen.add((code, group))
        members[group].append(code)
    return members


def _dated(
    group: str, codes: list[str]
) -> tuple[list[Membership | str], list[Membership]]:
    """A group's memberships and unknown spans: plain codes, bar the known changes."""
    members: list[Membership | str] = []
    unknown: list[Membership] = []
    for code in codes:
        if (group, code) == ("A:5", "AE"):
            members.append(Membership("AE", start=AS_OF, citation=UAE_A5))
            unknown.append(Membership("AE", end=AS_OF, citation=UAE_A5_UNKNOWN))
        else:
            members.append(code)
    if group == "A:5" and not unknown:
        raise RuntimeError("data/country-groups.csv: the UAE is no longer in A:5")
    if group == "D:5":
        if "KH" in codes:
            raise RuntimeError("data/country-groups.csv: Cambodia is in D:5 again")
        members.append(
            Membership(
                "KH",
                start=_CAMBODIA_JOINS_D5,
                end=_CAMBODIA_LEAVES_D5,
                citation=CAMBODIA_D5,
            )
        )
    return members, unknown


@functools.cache
def country_groups() -> tuple[CountryGroup, ...]:
    """The Country Groups A:1 to E:2 of Supp. No. 1 to Part 740, and `supp-5a`.

    Loaded from the bundled table (eCFR as of 2026-09-24) on the first call,
    then the same tuple each time. Each Supp. No. 1 group has `data_from` of
    2025-01-13 (no data before); Cambodia's years in D:5 and the UAE's
    unconfirmed move into A:5 are dated memberships and unknown spans.

    Examples:
        >>> from aicontrols import ear
        >>> [group.id for group in ear.country_groups()][:7]
        ['A:1', 'A:2', 'A:3', 'A:4', 'A:5', 'A:6', 'B']
        >>> ear.country_group("D:5").data_from
        datetime.date(2025, 1, 13)
    """
    table = _members_on_as_of()
    groups = []
    for group in GROUP_IDS:
        members, unknown = _dated(group, table[group])
        groups.append(
            CountryGroup(
                group,
                name=group_name(group),
                members=members,
                citation=group_citation(group),
                data_from=DATA_FROM,
                unknown=unknown,
            )
        )
    created = diffusion_rule("created Supp. No. 5 to Part 740, effective 2025-01-13")
    groups.append(
        CountryGroup(
            SUPP_5A_ID,
            name="Supp. No. 5(a) to Part 740 (AI authorization destinations)",
            members=[
                Membership(code, start=DATA_FROM, citation=created)
                for code in _SUPP_5A_MEMBERS
            ],
            citation=SUPP_5A,
        )
    )
    return tuple(groups)


def country_group(group_id: str) -> CountryGroup:
    """The bundled group with id `group_id` (`"D:5"`, `"supp-5a"`).

    Raises:
        UnknownIdError: no bundled group has that id; the error names the one
            probably meant (`D5` → `D:5`).

    Examples:
        >>> from aicontrols import ear
        >>> ear.country_group("E:1").name
        'Country Group E:1: Terrorist supporting countries'
        >>> ear.country_group("d5")
        Traceback (most recent call last):
        ...
        aicontrols.exceptions.UnknownIdError: unknown country group id `d5` (did you mean `D:5`? ...)
    """
    groups = {group.id: group for group in country_groups()}
    found = groups.get(group_id) if isinstance(group_id, str) else None
    if found is not None:
        return found
    text = str(group_id)
    folded = {key.replace(":", "").lower(): key for key in groups}
    hint = folded.get(text.replace(":", "").replace(" ", "").strip().lower())
    if hint is None:
        close = difflib.get_close_matches(text, list(groups), n=1, cutoff=0.6)
        hint = close[0] if close else None
    raise UnknownIdError("country group", text, known=tuple(groups), hint=hint)
