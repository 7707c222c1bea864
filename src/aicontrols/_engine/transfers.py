"""The kind of transfer an access is (15 CFR 734.13, 734.14).

`transfer_options` reads an access's origin (the country the item leaves;
`None` for the regime's own territory), its location and its recipient:
whether a foreign person of the jurisdiction and, abroad, of which country.
An unknown fact that decides the kind leaves several kinds possible;
`missing_for_transfer` names those facts. `Context.transfers()`,
`Context.transfer()` and `Context.missing_for_transfer()` call them.
"""

from __future__ import annotations

from typing import Protocol

from .._access import Transfer
from .._entities import Entity
from .._tri import FALSE, TRUE, UNKNOWN, Tri

__all__ = ["missing_for_transfer", "transfer_options"]


class _Territory(Protocol):
    @property
    def territory(self) -> frozenset[str]: ...


class Context(Protocol):
    """What these functions read of an engine `Context` (which imports them)."""

    @property
    def world(self) -> _Territory: ...
    @property
    def location(self) -> str | None: ...
    @property
    def origin(self) -> str | None: ...
    @property
    def recipient(self) -> Entity: ...
    def foreign(self) -> Tri: ...
    def deemed(self) -> tuple[frozenset[str], ...]: ...
    def missing_for_foreign(self) -> tuple[str, ...]: ...


_HOME = frozenset((Transfer.DEEMED_EXPORT, Transfer.DOMESTIC))
_ABROAD = frozenset((Transfer.IN_COUNTRY_TRANSFER, Transfer.DEEMED_REEXPORT))
_FROM_ABROAD = frozenset(Transfer) - {Transfer.EXPORT}


def transfer_options(ctx: Context) -> frozenset[Transfer]:
    """The kinds of transfer the access in `ctx` may be: one when the facts
    settle it, several when an unknown fact (the location, whether the
    recipient is a foreign person, which of its countries counts) leaves a
    choice."""
    location = ctx.location
    territory = ctx.world.territory
    origin = ctx.origin
    from_home = origin is None or origin in territory
    if location is None:
        # anywhere: at home, abroad, and (from abroad) in the origin country
        return _home(ctx) | {Transfer.EXPORT} if from_home else _FROM_ABROAD
    if location in territory:
        return _home(ctx)
    if from_home:
        return frozenset((Transfer.EXPORT,))  # 734.13(a): out of the jurisdiction
    if location != origin:
        return frozenset((Transfer.REEXPORT,))  # 734.14(a): between foreign countries
    # Within one foreign country. 734.14(a): a release there to a foreign person
    # of a third country is a deemed reexport, to that person's country.
    if not ctx.recipient.is_individual:
        # an organisation receives where it is
        return frozenset((Transfer.IN_COUNTRY_TRANSFER,))
    foreign = ctx.foreign()
    if foreign is UNKNOWN:
        return _ABROAD
    if foreign is FALSE:
        return frozenset((Transfer.IN_COUNTRY_TRANSFER,))
    return frozenset(
        Transfer.DEEMED_REEXPORT
        if option - {location}
        else Transfer.IN_COUNTRY_TRANSFER
        for option in ctx.deemed()
    )


def _home(ctx: Context) -> frozenset[Transfer]:
    """734.13(a): a release in the jurisdiction to a foreign person is a deemed
    export, wherever the item came from; to anyone else, it is no export."""
    foreign = ctx.foreign()
    if foreign is UNKNOWN:
        return _HOME
    return frozenset(
        (Transfer.DEEMED_EXPORT if foreign is TRUE else Transfer.DOMESTIC,)
    )


def missing_for_transfer(ctx: Context) -> tuple[str, ...]:
    """The facts that would settle the kind of transfer of the access in `ctx`."""
    found: list[str] = []
    if ctx.location is None:
        found.append("location of the access")
    if ctx.foreign() is UNKNOWN:
        found += ctx.missing_for_foreign()
    elif ctx.location is not None:
        found.append(
            f"which citizenship or residency of `{ctx.recipient.id}` is the most recent"
        )
    return tuple(found)
