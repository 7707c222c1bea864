"""Answers, kept: the same question under the same regimes, answered once.

A decision is a value of the regimes and the question, so an answer can be
kept and given again: the key is the evaluation's JSON (a batch's defaults
applied) and, when the server's clock gives the instant, that instant (read to
the second). Gateways ask the same questions again and again (the same users,
models and modes), so most answers are found here; the kept answers are
dropped whenever the regimes are reloaded. An evaluation that cannot be
answered is not kept: its error names where it is in its own request.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from ._answer import authzen, decide
from ._mapping import Part, read_question
from ._regimes import Loaded

__all__ = ["KEPT", "Answered", "Answers", "dumps"]

KEPT = 16_384
"""How many answers are kept (the oldest go first)."""


def dumps(data: Any) -> str:
    """Compact JSON, as every answer is written."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class Answered(NamedTuple):
    """One answer, written as JSON once, and what the endpoints need of it."""

    text: str
    decision: bool
    request: dict[str, Any]  # the evaluation as decided, for the log
    source: str  # where the instant came from
    verdict: str
    reason: str
    replay_token: str


class Answers:
    """The answers given under the current regimes, kept up to `size`."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._kept: dict[Any, Answered] = {}
        self._generation = 0

    def answer(
        self,
        parts: dict[str, Part],
        loaded: Loaded,
        clock: str,
        where: str = "",
        *,
        full: bool = False,
    ) -> Answered:
        """The answer to one evaluation: AuthZEN, or the Decision JSON (`full`).

        Raises:
            RequestError: the evaluation cannot be answered.
        """
        if self._generation != loaded.generation:  # reloaded: start afresh
            self._kept.clear()
            self._generation = loaded.generation
        values = [p.value for p in parts.values()]
        context = values[-1]
        timed = isinstance(context, dict) and (
            context.get("at") is not None or context.get("on") is not None
        )
        key = (full, None if timed else clock, json.dumps(values, sort_keys=True))
        found = self._kept.get(key)
        if found is not None:
            return found
        question = read_question(parts, clock, where)
        decision = decide(loaded.regimes, question)
        data = (
            decision.to_dict()
            if full
            else authzen(decision, question, loaded.fingerprints)
        )
        found = self._kept[key] = Answered(
            dumps(data),
            decision.permitted,
            question.request(),
            question.at_source,
            decision.verdict.value,
            decision.reason_code,
            decision.replay_token,
        )
        if len(self._kept) > self.size:
            del self._kept[next(iter(self._kept))]  # the oldest
        return found
