"""Bundled reference data that a regime refers to by name, instead of copying it.

A regime's `country_groups_from` names a bundled set of country groups
(`ear`: the EAR's Country Groups, Supp. No. 1 to 15 CFR Part 740, and the AI
authorization destinations of its Supp. No. 5(a); see `aicontrols.ear`). Its
scopes name those groups by id as if the regime defined them; the regime's
own groups may not reuse their ids. The data is loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._columns import suggestion
from ._groups import CountryGroup
from .exceptions import InvalidRegimeError

if TYPE_CHECKING:
    from ._problem import RegimeData

__all__ = ["GROUP_SETS", "all_country_groups", "check_groups_from", "referenced_groups"]

GROUP_SETS = ("ear",)
"""The names `country_groups_from` takes."""


def referenced_groups(name: str | None) -> tuple[CountryGroup, ...]:
    """The bundled country groups called `name` (none for `None`)."""
    if name is None:
        return ()
    check_groups_from(None, None, name)
    from .ear import country_groups  # the data, read on first use

    return country_groups()


def all_country_groups(regime: RegimeData) -> tuple[CountryGroup, ...]:
    """The groups a regime's scopes may name: the bundled ones it refers to, then its own."""
    return (*referenced_groups(regime.country_groups_from), *regime.country_groups)


def check_groups_from(_: Any, __: Any, value: object) -> None:
    """`country_groups_from`: `None` or the name of a bundled set of groups."""
    if value is None or value in GROUP_SETS:
        return
    if not isinstance(value, str):
        raise InvalidRegimeError(
            f"expected the name of bundled country groups, got `{value!r}`",
            path="country_groups_from",
            value=value,
        )
    known = ", ".join(f"`{name}`" for name in GROUP_SETS)
    raise InvalidRegimeError(
        f"no bundled country groups are called `{value}`"
        f"{suggestion(value, GROUP_SETS)}; known: {known}",
        path="country_groups_from",
        value=value,
    )
