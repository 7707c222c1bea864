"""Where the bundled EAR data comes from: dates, addresses, labels, footnotes.

Every fact here is taken from `data/README.md` beside this module (itself
from the reference notes of issue #18); each citation names its source and,
for a secondary one, who reported it. Nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt

from .._citation import Citation

__all__ = [
    "AS_OF",
    "DATA_FROM",
    "GROUP_IDS",
    "PART_738",
    "PART_740",
    "PART_774",
    "SUPP_5",
    "chart_citation",
    "diffusion_rule",
    "group_citation",
    "group_name",
]

AS_OF = dt.date(2026, 9, 24)
"""The eCFR issue date of the bundled tables (fetched by the source on 2026-09-29)."""

DATA_FROM = dt.date(2025, 1, 13)
"""The earliest day the bundled data answers for: the AI Diffusion rule
(90 FR 4544) took effect then, and the sources searched the Federal Register
for changes to these tables from then on. Before it: no data."""

_ECFR = "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C"
PART_738 = f"{_ECFR}/part-738"
PART_740 = f"{_ECFR}/part-740"
PART_774 = f"{_ECFR}/part-774"
SUPP_5 = f"{PART_740}#supplement-no-5-to-part-740"

PARSE = (
    "read through the public parse of eCFR in OSUGIYAMA/EyeWarnYou "
    "(commit 0980eccba249ecd333a2f072acecb0a36de1e36b)"
)
NO_DATA = f"no data before {DATA_FROM.isoformat()}"

GROUP_IDS = (
    "A:1",
    "A:2",
    "A:3",
    "A:4",
    "A:5",
    "A:6",
    "B",
    "D:1",
    "D:2",
    "D:3",
    "D:4",
    "D:5",
    "E:1",
    "E:2",
)
"""The Country Groups of Supp. No. 1 to Part 740, in the order of the tables."""

# The table headings as the source parsed them; A:5 and A:6 have none there.
_LABELS = {
    "A:1": "Wassenaar participating states",
    "A:2": "Missile Technology Control Regime",
    "A:3": "Australia Group",
    "A:4": "Nuclear Suppliers Group",
    "D:1": "National Security",
    "D:2": "Nuclear",
    "D:3": "Chemical & Biological",
    "D:4": "Missile Technology",
    "D:5": "U.S. Arms Embargoed Countries",
    "E:1": "Terrorist supporting countries",
    "E:2": "Unilateral embargo",
}

# The footnotes of the group tables, paraphrased, on the groups they qualify.
_GROUP_FOOTNOTES = {
    "A:1": "footnote 1: the Wassenaar Arrangement participants other than "
    "Malta, Russia and Ukraine",
    "A:2": "footnote 2: the MTCR partners other than Russia",
    "A:4": "footnote 3: the NSG members other than China, Russia and Belarus",
    "D:5": "footnote 1: the destinations the State Department identifies as "
    "under a U.S. arms embargo (22 CFR 126.1); where the lists differ, the "
    "State Department's list controls",
    "E:1": "footnote 1: Treasury (OFAC) separately administers embargoes on "
    "Cuba and Iran; footnote 2: the laws on terrorism-supporting countries "
    "were made inapplicable to Iraq",
    "E:2": "footnote 1: Treasury (OFAC) separately administers embargoes on "
    "Cuba and Iran",
}


def group_name(group: str) -> str:
    """A group's display name, from its table heading where the source has one."""
    label = _LABELS.get(group)
    if label is None:
        return f"Country Group {group}"
    return f"Country Group {group}: {label}"


def group_citation(group: str) -> Citation:
    """Where one Country Group of Supp. No. 1 to Part 740 is published."""
    note = (
        f"eCFR as of {AS_OF.isoformat()}, {PARSE}; memberships are known from "
        f"{DATA_FROM.isoformat()} (the AI Diffusion rule, 90 FR 4544) on: "
        f"{NO_DATA}"
    )
    if group in _GROUP_FOOTNOTES:
        note += f"; {_GROUP_FOOTNOTES[group]}"
    return Citation(
        "15 CFR Part 740, Supp. No. 1",
        title=group_name(group),
        url=PART_740,
        note=note,
    )


def diffusion_rule(note: str | None = None) -> Citation:
    """The AI Diffusion rule, 90 FR 4544, effective 2025-01-13 [S]."""
    return Citation(
        "90 FR 4544",
        title="Framework for Artificial Intelligence Diffusion",
        reported_by=(
            "frtracker.app/fr/2025-00636",
            "bis.gov/advanced-compute-resources",
        ),
        note=note,
    )


CAMBODIA_D5 = Citation(
    "RIN 0694-AK41",
    title="Conforming Change for Cambodia",
    reported_by=(
        "fenwick.com/insights/publications/regulatory-impact-of-arms-embargo-"
        "country-designations",
        "changeflow.com/govping/federal-regulation/fr-2026-03-14-579",
        "theasset.com article 55845",
    ),
    note=(
        "Cambodia was in D:5 from 2021-12-09 (added by 86 FR 70015, as reported "
        "by exportcompliancesolutions.com and ecscreening.com) until 2026-02-03, "
        "when BIS removed it after the State Department lifted the ITAR arms "
        "embargo effective 2025-11-07; Cambodia keeps D:1 [S]. The rule's FR "
        "page citation was not found [?]"
    ),
)

UAE_A5 = Citation(
    "15 CFR Part 740, Supp. No. 1",
    title="Country Group A:5",
    url=PART_740,
    note=(
        f"the UAE is in A:5 in the eCFR of {AS_OF.isoformat()}, with footnote 5: "
        "License Exception STA only for approved UAE entities (§ 740.2(a)(26), "
        "Supp. No. 8 to Part 740). The date it joined A:5 is not confirmed: "
        "Supp. No. 8 cites 91 FR 43038 (July 2026), which may have made the move "
        "[?], so it is not used as law"
    ),
)

UAE_A5_UNKNOWN = Citation(
    "91 FR 43038",
    note="91 FR 43038 [?]: date of the move into A:5 not confirmed",
)

SUPP_5A = Citation(
    "15 CFR Part 740, Supp. No. 5(a)",
    title="Artificial Intelligence Authorization Countries",
    url=SUPP_5,
    note=(
        f"eCFR as of {AS_OF.isoformat()}, {PARSE}; created by the AI Diffusion "
        "rule (90 FR 4544), effective 2025-01-13 [S]: no country was a member "
        "before"
    ),
)


def chart_citation(column: str, title: str, footnotes: str | None) -> Citation:
    """Where one cell of the Commerce Country Chart is published."""
    note = f"eCFR as of {AS_OF.isoformat()}, {PARSE}"
    if footnotes:
        note += f"; {footnotes}"
    return Citation(
        f"15 CFR Part 738, Supp. No. 1, column {column}",
        title=title,
        url=PART_738,
        note=note,
    )
