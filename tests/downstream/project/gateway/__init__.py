"""A model gateway that refuses any request aicontrols does not permit."""

from __future__ import annotations

import datetime as dt

import attrs

import aicontrols


@attrs.frozen
class Request:
    """A user asking the gateway for a model on a day."""

    user: str
    model: str
    country: str
    citizenships: tuple[str, ...] = ()
    employer: str | None = None


def to_access(request: Request) -> aicontrols.Access:
    """The request as the access aicontrols decides."""
    user = aicontrols.Entity(
        request.user,
        kind="individual",
        citizenships=[aicontrols.Citizenship(c) for c in request.citizenships],
        employments=[aicontrols.Employment(request.employer)]
        if request.employer
        else [],
    )
    return aicontrols.Access(user, request.model, "hosted-api", request.country)


def allow(request: Request, *, regime: aicontrols.Regime, on: dt.date) -> bool:
    """Serve the request only if it is permitted all day."""
    return regime.decide(to_access(request), on=on).permitted
