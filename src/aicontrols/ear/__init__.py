"""The EAR's Country Groups and Commerce Country Chart, bundled as dated, cited data.

Model data, not a regime: the tables of the US Export Administration
Regulations that every rule on AI chips and model weights refers to, read
from the eCFR of 2026-09-24 (see `data/README.md` in this folder for the
sources and the known anomalies).

- `country_groups()`: the Country Groups A:1 ... E:2 of Supp. No. 1 to
  15 CFR Part 740, as `CountryGroup` values, and Supp. No. 5(a) to Part 740
  (the AI Authorization destinations) as the group `supp-5a`.
- `country_chart()`: the Commerce Country Chart (Supp. No. 1 to Part 738).
- `license_reasons(eccn, country, on=...)`: which reasons for control need a
  license for an ECCN to a country on a date (General Prohibition 1), for the
  nine AI-relevant ECCNs, saying where the chart alone does not decide.

**No data before 2025-01-13.** Every Supp. No. 1 group has `data_from` of
2025-01-13, the day the AI Diffusion rule (90 FR 4544) took effect: the
sources searched the Federal Register for changes to these tables from then
on. Before it a membership is unknown ("no data before 2025-01-13"), and so
is every chart cell. Known changes are dated and cited: Cambodia was in D:5
from 2021-12-09 to 2026-02-03 [S]; the UAE is in A:5 from 2026-09-24, its
membership before then unknown (the date it joined is not confirmed [?]).
Supp. No. 5(a) did not exist before 2025-01-13, so nobody was a member.

A regime file refers to the groups with one line, `country_groups_from: ear`,
rather than copying them. Not legal advice.

Examples:
    >>> from aicontrols import ear
    >>> d5 = ear.country_group("D:5")
    >>> [(m.member, str(m.start), str(m.end)) for m in d5.members if m.member == "KH"]
    [('KH', '2021-12-09', '2026-02-03')]
    >>> ear.license_reasons("3A090.a", "CN", on="2026-09-24").license_required is None
    True
"""

from __future__ import annotations

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from ._chart import ChartCell, ChartFootnote, ChartRow, CountryChart, country_chart
from ._country_groups import SUPP_5A_ID, country_group, country_groups
from ._sources import AS_OF, DATA_FROM

if _TYPE_CHECKING:
    from ._eccns import known_eccns
    from ._reasons import ChartAnswer, ColumnAnswer, license_reasons

# The chart lookup loads on first use: a program that reads only the groups
# (a regime with `country_groups_from: ear`) does not pay for it.
_LAZY = {
    "ChartAnswer": "._reasons",
    "ColumnAnswer": "._reasons",
    "license_reasons": "._reasons",
    "known_eccns": "._eccns",
}


def __getattr__(name: str) -> _Any:
    """Import a lazily loaded public name on first use (PEP 562)."""
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(_importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the lazily loaded ones included."""
    return sorted({*globals(), *_LAZY})


__all__ = [
    # The data's dates
    "AS_OF",
    "DATA_FROM",
    # Country Groups
    "SUPP_5A_ID",
    "country_group",
    "country_groups",
    # The Commerce Country Chart
    "ChartCell",
    "ChartFootnote",
    "ChartRow",
    "CountryChart",
    "country_chart",
    # General Prohibition 1: ECCN x country x date
    "ChartAnswer",
    "ColumnAnswer",
    "known_eccns",
    "license_reasons",
]
