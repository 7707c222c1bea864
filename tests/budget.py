"""How hard the property tests try: one hypothesis profile per setting.

`AICONTROLS_HYPOTHESIS` picks the profile: `ci` (the default when the `CI`
variable is set: half the examples, so the suite stays within its time
budget), `default` (the counts written in the tests), or `deep` (ten times
as many, for a run before a release:
`AICONTROLS_HYPOTHESIS=deep python -m pytest tests`).

Property tests write `@settings(max_examples=examples(200), ...)`: the count is
scaled by the profile. The profiles are also registered with hypothesis (see
`tests/conftest.py`), so tests without an explicit count follow them too.
"""

from __future__ import annotations

import os

from hypothesis import Phase

SCALES = {"ci": 0.5, "default": 1.0, "deep": 10.0}


def profile() -> str:
    """The profile in force, from the environment."""
    chosen = os.environ.get("AICONTROLS_HYPOTHESIS")
    if chosen is None:
        return "ci" if os.environ.get("CI") else "default"
    if chosen not in SCALES:
        raise ValueError(
            f"AICONTROLS_HYPOTHESIS must be one of {', '.join(SCALES)}, got `{chosen}`"
        )
    return chosen


def examples(count: int) -> int:
    """`count` examples, scaled by the profile (at least 10)."""
    return max(10, round(count * SCALES[profile()]))


# Hypothesis's "explain" phase once crashed while reporting a failure here
# (`assert span1.start <= start` in its shrinker, hypothesis 6.155); the other
# phases generate, shrink and report as usual.
PHASES = tuple(p for p in Phase if p is not Phase.explain)
