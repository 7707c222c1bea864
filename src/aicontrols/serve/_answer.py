"""Questions to answers: decide under the loaded regimes, and say so in JSON.

An AuthZEN answer is `{"decision": bool, "context": {...}}`: `decision` is
true only for PERMITTED, and the context carries the verdict, the reason (the
decision's `reason_code`, the `reason` column of `aicontrols.audit`), the
citations, the validity interval, the replay token, the instant and where it
came from, and the regimes' fingerprints. The library's errors (an unknown id
with its did-you-mean, a malformed date) are located in the request body.

Answers are kept and given again by `_kept.Answers`; `answer_head` and
`answer_tail` write an answer in the two parts it keeps apart.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from typing import Any

import aicontrols
from aicontrols import (
    AIControlsError,
    CatalogConflictError,
    Citation,
    Decision,
    Regime,
    UnknownIdError,
)

from ._http import dumps
from ._mapping import (
    Part,
    Problem,
    Question,
    RequestError,
    pointer,
)

__all__ = [
    "answer_head",
    "answer_tail",
    "authzen",
    "decide",
    "error_answer",
    "json_text",
]


def decide(regimes: Sequence[Regime], question: Question) -> Decision:
    """The combined decision of `regimes` (`aicontrols.decide`) on `question`.

    Raises:
        RequestError: the library cannot answer it (an unknown id, a malformed
            date, ...), the problem located in the request body.
    """
    try:
        return aicontrols.decide(
            regimes,
            question.access,
            on=question.on,
            at=question.moment,
            as_known_on=question.as_known_on,
        )
    except AIControlsError as error:
        raise RequestError([_locate(error, question, regimes)]) from None
    except (ValueError, TypeError) as error:  # a value the library refuses
        raise RequestError([Problem(question.where, str(error))]) from None


def authzen(
    decision: Decision, question: Question, reason: str, fingerprints: str
) -> str:
    """The AuthZEN answer, `{"decision": ..., "context": {...}}`, written as
    JSON piece by piece (`fingerprints` and each citation are written once):
    a gateway's answers are written far more often than anything else."""
    return "".join(
        (
            answer_head(decision, reason),
            json_text(decision.replay_token),
            ',"at":',
            json_text(question.at),
            answer_tail(question, fingerprints),
        )
    )


def answer_head(decision: Decision, reason: str) -> str:
    """An AuthZEN answer up to its replay token: what the decision says, the
    same at every instant of the same pieces of time (`Moments`)."""
    citations = ",".join(_citation(c) for c in decision.citations)
    return "".join(
        (
            '{"decision":',
            "true" if decision.permitted else "false",
            ',"context":{"verdict":"',
            decision.verdict.value,
            '","reason":',
            json_text(reason),
            ',"missing_facts":',
            dumps(list(missing)) if (missing := decision.missing_facts) else "[]",
            ',"citations":[',
            citations,
            '],"valid_from":',
            _iso(decision.valid_from),
            ',"valid_until":',
            _iso(decision.valid_until),
            ',"replay_token":',
        )
    )


def answer_tail(question: Question, fingerprints: str) -> str:
    """An AuthZEN answer after its instant: the rest of the question."""
    return "".join(
        (
            ',"on":',
            json_text(question.on),
            ',"as_known_on":',
            json_text(question.as_known_on),
            ',"at_source":',
            json_text(question.at_source),
            ',"fingerprints":',
            fingerprints,
            "}}",
        )
    )


def error_answer(error: RequestError) -> dict[str, Any]:
    """One evaluation of a batch that could not be answered, as AuthZEN
    suggests: a denial whose context holds the error."""
    return {"decision": False, "context": {"error": error.to_dict()}}


_STRING = json.encoder.encode_basestring  # a str as JSON (C), as `dumps` writes it


def json_text(value: str | None) -> str:
    """A string or `None` as JSON."""
    return "null" if value is None else _STRING(value)


def _iso(moment: dt.datetime | None) -> str:
    """An instant as JSON, in its own zone (the regime's)."""
    return "null" if moment is None else _STRING(moment.isoformat())


@functools.lru_cache(maxsize=1024)
def _citation(cite: Citation) -> str:
    """A citation as the Decision JSON writes it, as JSON (once per citation)."""
    return dumps(
        {
            "source": cite.source,
            "title": cite.title,
            "url": cite.url,
            "reported_by": list(cite.reported_by),
            "note": cite.note,
        }
    )


def _locate(
    error: AIControlsError, question: Question, regimes: Sequence[Regime]
) -> Problem:
    """Where in the request the library's error points, and its message."""
    parts = question.parts
    message = str(error)
    if isinstance(error, UnknownIdError | CatalogConflictError):
        value = str(getattr(error, "value", ""))
        lacking = _lacking(error, value, regimes)
        if lacking:
            message = f"regime {lacking}: {message}"
        field = "properties" if isinstance(error, CatalogConflictError) else "id"
        if error.kind == "item":
            return Problem(f"{parts['resource'].pointer}/{field}", message)
        if error.kind == "mode":
            return Problem(f"{parts['action'].pointer}/name", message)
        return Problem(_entity_pointer(value, parts, field), message)
    argument = getattr(error, "argument", None)
    if argument in ("at", "on", "as_known_on"):
        return Problem(f"{parts['context'].pointer}/{argument}", message)
    if message.startswith("give exactly one of"):
        return Problem(parts["context"].pointer, message)
    return Problem(question.where, message)


def _entity_pointer(value: str, parts: dict[str, Part] | Any, field: str) -> str:
    """The recipient's or a party's id (or facts) that names entity `value`,
    else the first place in their facts that holds it (an employer, an owner)."""
    subject, context = parts["subject"], parts["context"]
    if isinstance(subject.value, dict) and subject.value.get("id") == value:
        return f"{subject.pointer}/{field}"
    raw = context.value.get("parties") if isinstance(context.value, dict) else None
    for i, party in enumerate(raw if isinstance(raw, list) else ()):
        if isinstance(party, dict) and party.get("id") == value:
            return f"{context.pointer}/parties/{i}/{field}"
    for base, node in (
        (subject.pointer, subject.value),
        (context.pointer, context.value),
    ):
        found = _find(node, value)
        if found is not None:
            return base + pointer(*found)
    return subject.pointer


def _find(node: Any, value: str) -> tuple[str | int, ...] | None:
    """The path of the first string equal to `value` within `node`."""
    if node == value:
        return ()
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in items:
        found = _find(child, value)
        if found is not None:
            return (key, *found)
    return None


def _lacking(error: AIControlsError, value: str, regimes: Sequence[Regime]) -> str:
    """With several regimes, those that do not know the id (`` `a`, `b` ``);
    empty with one regime, or when none knows it."""
    if len(regimes) < 2 or not isinstance(error, UnknownIdError):
        return ""
    look = {"entity": Regime.entity, "item": Regime.item, "mode": Regime.mode}.get(
        error.kind
    )
    if look is None:
        return ""
    lacking = []
    for regime in regimes:
        try:
            look(regime, value)
        except UnknownIdError:
            lacking.append(f"`{regime.id}`")
    return ", ".join(lacking) if len(lacking) < len(regimes) else ""
