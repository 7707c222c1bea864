"""What downstream test suites import: assertions, golden cases and boundary days.

Installing aicontrols also registers a pytest plugin (`aicontrols.testing.plugin`)
with the fixtures `aicontrols_regime`, `regime_loader` and `make_access`, and a
collector that turns every `*.aicases.yaml` file into one test per case.
Hypothesis strategies live in `aicontrols.testing.strategies`. Nothing here
reads the clock: every date is an argument.

Examples:
    >>> import aicontrols
    >>> from aicontrols.testing import assert_permitted, make_access
    >>> regime = aicontrols.examples.load("mythos5")
    >>> priya = make_access("priya", item="fable-5", mode="hosted-api",
    ...                     location="US", citizenships=["IN"])
    >>> try:
    ...     assert_permitted(regime, priya, on="2026-06-27")
    ... except AssertionError as error:
    ...     print(str(error).splitlines()[0])
    expected PERMITTED, got LICENSE REQUIRED
"""

from ._assertions import (
    assert_not_permitted,
    assert_permitted,
    assert_verdict,
    cited_notices,
)
from ._boundaries import BoundaryCase, boundary_cases, boundary_params
from ._cases import (
    Case,
    CaseFile,
    CaseFileError,
    load_cases,
    loads_cases,
    make_access,
    resolve_regime,
)
from ._runs import run_cases

__all__ = [
    # Assertions
    "assert_not_permitted",
    "assert_permitted",
    "assert_verdict",
    "cited_notices",
    # Building accesses and finding regimes
    "make_access",
    "resolve_regime",
    # Golden cases
    "Case",
    "CaseFile",
    "CaseFileError",
    "load_cases",
    "loads_cases",
    "run_cases",
    # Boundary days
    "BoundaryCase",
    "boundary_cases",
    "boundary_params",
]
