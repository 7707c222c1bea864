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

# The strategies are built in private modules, one part each: the shared
# constants and drawing helpers (`_strategies_draw`), dates and instants
# (`_strategies_time`), the catalog (`_strategies_facts`), scopes and rules
# (`_strategies_scopes`), notices (`_strategies_notices`), and whole regimes and
# accesses (`_strategies_regimes`). This module is their public face.

from __future__ import annotations

from ._strategies_draw import ALIASES as ALIASES
from ._strategies_draw import CAVEAT as CAVEAT
from ._strategies_draw import CODES as CODES
from ._strategies_draw import CONDITIONS as CONDITIONS
from ._strategies_draw import COUNTRIES, FIRST_DAY, LAST_DAY
from ._strategies_draw import ENTITY_KINDS as ENTITY_KINDS
from ._strategies_draw import KINDS as KINDS
from ._strategies_draw import LOCATIONS as LOCATIONS
from ._strategies_draw import MODE_NAMES as MODE_NAMES
from ._strategies_draw import MODES as MODES
from ._strategies_draw import NEW_YORK as NEW_YORK
from ._strategies_draw import OPERATIONS as OPERATIONS
from ._strategies_draw import REGIME_ZONES as REGIME_ZONES
from ._strategies_draw import REQUIREMENTS as REQUIREMENTS
from ._strategies_draw import SHARES as SHARES
from ._strategies_draw import TIMES as TIMES
from ._strategies_draw import TRAINED as TRAINED
from ._strategies_draw import ZONES as ZONES
from ._strategies_draw import T as T
from ._strategies_facts import countries, entities, items, modes
from ._strategies_notices import notices
from ._strategies_regimes import accesses, regimes, variants
from ._strategies_scopes import item_scopes, mode_scopes, recipient_scopes
from ._strategies_time import dates, days_of, instants, knowledge

__all__ = [
    # the pools the regimes draw from
    "FIRST_DAY",
    "LAST_DAY",
    "COUNTRIES",
    # dates and instants
    "instants",
    "knowledge",
    "days_of",
    "dates",
    # the catalog
    "countries",
    "entities",
    "items",
    "modes",
    # scopes
    "item_scopes",
    "mode_scopes",
    "recipient_scopes",
    # notices
    "notices",
    # whole regimes and the accesses to ask them
    "regimes",
    "accesses",
    "variants",
]
