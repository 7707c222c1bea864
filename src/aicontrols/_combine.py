"""Deciding under several regimes at once (US and EU, say), and one access
at many instants (`Moments`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from ._access import Access
from ._canonical import Tokens
from ._decision import Decision, combined, combined_token
from ._regime import Regime, engine_of
from .exceptions import QueryError

__all__ = ["Moments", "decide"]


def decide(
    regimes: Iterable[Regime],
    access: Access,
    *,
    on: dt.date | str | None = None,
    at: dt.datetime | str | None = None,
    as_known_on: dt.date | dt.datetime | str | None = None,
) -> Decision:
    """Decide one access under several regimes at once (US and EU, say).

    Each regime decides on its own (a date is read in each regime's zone); the
    combined verdict is the most severe (see `Verdict.combine`), and the
    decision keeps each regime's in `parts`. Its validity interval is the
    intersection of the parts' intervals.

    Raises:
        QueryError: no regime given, or a malformed query.

    Examples:
        >>> import aicontrols
        >>> us = aicontrols.examples.load("mythos5")
        >>> access = aicontrols.Access("other-corp", "mythos-5", "hosted-api")
        >>> aicontrols.decide([us], access, on="2026-06-27").verdict
        <Verdict.PERMITTED: 'permitted'>
    """
    if isinstance(regimes, Regime) or not isinstance(regimes, Iterable):
        raise QueryError(
            f"`regimes`: expected a list of regimes, got a `{type(regimes).__name__}` "
            "(for one regime, give `[regime]` or call `regime.decide`)",
            argument="regimes",
            value=regimes,
        )
    regimes = tuple(regimes)
    if not regimes:
        raise QueryError("`regimes`: give at least one regime", argument="regimes")
    for regime in regimes:
        if not isinstance(regime, Regime):
            raise QueryError(
                f"`regimes`: expected Regime objects, got `{regime!r}` (load a "
                "bundled one with `aicontrols.examples.load(name)`)",
                argument="regimes",
                value=regime,
            )
    parts = tuple(
        r.decide(access, on=on, at=at, as_known_on=as_known_on) for r in regimes
    )
    if len(parts) == 1:
        return parts[0]
    return combined(parts)


# ---------------------------------------------------------------- many instants
#
# A regime's engine compiles an access into a shape: the pieces of time over
# which the rules and facts that concern it stay the same. Two instants that
# fall in the same piece under every regime get the same decision but for the
# instant itself and its replay token: the same verdict, reasons, citations,
# missing facts and validity interval (found from the piece). The HTTP
# service's batches ask about the same accesses at ever new instants;
# `Moments` tells them which pieces an instant falls in, and its replay token,
# so that the rest of an answer is written once per piece.


class Moments:
    """`access` under `regimes` (in order), as known on `as_known_on`, at
    any instant.

    Raises:
        AIControlsError: the access or the date cannot be read, as
            `aicontrols.decide` would say.
    """

    __slots__ = ("_shapes", "_tokens")

    def __init__(
        self, regimes: Sequence[Regime], access: Access, as_known_on: object = None
    ) -> None:
        shapes, tokens = [], []
        for regime in regimes:
            engine = engine_of(regime)
            state, known = engine.state(as_known_on)
            shapes.append(engine.shape(state, engine.resolve(access)))
            tokens.append(Tokens(engine.fingerprint, access, None, known))
        self._shapes = tuple(shapes)
        self._tokens = tuple(tokens)

    def pieces(self, t: int) -> tuple[int, ...]:
        """The piece of each regime's shape that holds instant `t` (the
        engine's microseconds since the epoch): equal pieces, equal decisions
        but for the instant and the replay token."""
        shapes = self._shapes
        if len(shapes) == 1:
            return (shapes[0].piece(t),)
        return tuple(shape.piece(t) for shape in shapes)

    def token(self, t: int) -> str:
        """The replay token of the decision at instant `t`: that of
        `aicontrols.decide(regimes, access, at=..., as_known_on=...)`."""
        if len(self._tokens) == 1:
            return self._tokens[0].at(t)
        return combined_token([tokens.at(t) for tokens in self._tokens])
