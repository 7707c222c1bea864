"""The constants and drawing helpers every part of `strategies` shares.

The small pools the generated regimes draw from (dates in 2025-2027, a few
countries, codes, shares, times and zones), and the helpers that draw an index,
a count, a choice, a chance or a few distinct values from constant, cached
strategies: creating fresh strategies on every draw made generation ten times
slower.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import TypeVar
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

import aicontrols as ac

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
# item parameters and rule thresholds that meet at the boundaries (3A090's
# TPP 1600 and 4800; 742.6(b)(10)(iii)(A)(1)'s 21,000 TPP and 6,500 GB/s)
ITEM_TPP = (None, 1000, 1600, 4800, 21000)
ITEM_DRAM = (None, 4000, 6500)
THRESHOLDS = {
    "tpp": (1600, 4800, 21000),
    "dram_bandwidth_gbps": (6500,),
    "training_operations": OPERATIONS,
}
SHARES = (None, 0.25, 0.5, 1.0)
CONDITIONS = ("safeguards", "kyc", "audit")
ALIASES = ("Acme Ltd", "ACME", "Acme Co., Ltd.")
REQUIREMENTS = ("any item subject to the EAR", "items in supplement no. 2")
CAVEAT = "on a list whose legal effect is not modelled"
MODE_NAMES = tuple(ac.DeploymentMode.STANDARD)
MODES = tuple(ac.DeploymentMode.STANDARD.values())
LOCATIONS = tuple(ac.ComputeLocation)
ENTITY_KINDS = tuple(ac.EntityKind)
TRANSFERS = tuple(ac.Transfer)
ROLES = tuple(r for r in ac.PartyRole if r is not ac.PartyRole.END_USER)
"""The roles of `Access.parties` (the recipient is the end user)."""
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

DAYS = st.dates(FIRST_DAY, LAST_DAY)
POOL = st.lists(DAYS, min_size=2, max_size=6, unique=True).map(sorted)
ANY_TIME = st.times().map(lambda t: t.replace(tzinfo=None))


@cache
def draw_below(n: int) -> st.SearchStrategy[int]:
    return st.integers(0, n - 1)


@cache
def _index_sets(n: int) -> st.SearchStrategy[list[int]]:
    return st.lists(draw_below(n), min_size=1, max_size=min(3, n), unique=True)


def draw_count(draw: st.DrawFn, low: int, high: int) -> int:
    return low + draw(draw_below(high - low + 1))


def draw_pick(draw: st.DrawFn, values: Sequence[T]) -> T:
    return values[draw(draw_below(len(values)))]


def draw_chance(draw: st.DrawFn, one_in: int = 2) -> bool:
    """True once in `one_in` draws (shrinks towards False)."""
    return draw(draw_below(one_in)) == one_in - 1


def draw_some(draw: st.DrawFn, values: Sequence[T]) -> list[T]:
    """One to three distinct values."""
    return [values[k] for k in draw(_index_sets(len(values)))]
