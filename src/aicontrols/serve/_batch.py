"""Batches: AuthZEN's evaluations, their defaults, limits and semantics.

A batch's top-level `subject`, `resource`, `action` and `context` are
defaults; an entry's own part replaces a default whole. Each entry is answered
on its own (one that cannot be answered gets an error object in its place);
the whole batch is refused only for a body that is not a batch: unknown keys,
`evaluations` not a list, bad `options`, or more entries than the limit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ._mapping import EVALUATION_KEYS, Part, Problem, RequestError, unknown_keys

__all__ = [
    "BATCH_KEYS",
    "KEYS",
    "MAX_BATCH",
    "MAX_BODY",
    "STOPS",
    "batch_checks",
    "parts_of",
    "refuse",
    "single_parts",
]

BATCH_KEYS = (*EVALUATION_KEYS, "evaluations", "options")
MAX_BODY = 1_048_576
"""The largest request body by default, in bytes (`--max-body`)."""
MAX_BATCH = 1_000
"""The most evaluations in one batch by default (`--max-batch`)."""


def single_parts(body: Any, keys: Sequence[str] = EVALUATION_KEYS) -> dict[str, Part]:
    """The parts of a single evaluation body.

    Raises:
        RequestError: the body is not an object, or has unknown keys.
    """
    if not isinstance(body, dict):
        raise RequestError([Problem("", "expected a JSON object (an evaluation)")])
    problems = unknown_keys(body, keys, "")
    if problems:
        raise RequestError(problems)
    return {k: Part(body.get(k), f"/{k}") for k in EVALUATION_KEYS}


KEYS = frozenset(EVALUATION_KEYS)
STOPS: dict[str, Callable[[bool], bool]] = {  # AuthZEN's evaluations_semantic
    "execute_all": lambda permitted: False,
    "deny_on_first_deny": lambda permitted: not permitted,
    "permit_on_first_permit": lambda permitted: permitted,
}


def parts_of(item: dict[str, Any], defaults: list[Any], i: int) -> dict[str, Part]:
    """A batch entry's parts: its own, or the batch's defaults."""
    return {
        k: Part(item[k], f"/evaluations/{i}/{k}") if k in item else Part(d, f"/{k}")
        for k, d in zip(EVALUATION_KEYS, defaults, strict=True)
    }


def refuse(item: Any, where: str) -> None:
    """Raise the problems of a batch entry that is not an evaluation."""
    if not isinstance(item, dict):
        raise RequestError([Problem(where, "expected an object (an evaluation)")])
    raise RequestError(unknown_keys(item, EVALUATION_KEYS, where))


def batch_checks(body: dict[str, Any], items: Any, max_batch: int) -> str:
    """The batch's evaluation semantic, after its whole-request checks.

    Raises:
        RequestError: 400 for unknown keys, a non-list or a bad option;
            413 for more evaluations than `max_batch` (`--max-batch`).
    """
    problems = unknown_keys(body, BATCH_KEYS, "")
    if not isinstance(items, list):
        problems.append(Problem("/evaluations", "expected a list of evaluations"))
    elif len(items) > max_batch:
        message = (
            f"{len(items):,} evaluations; the limit is {max_batch:,} "
            "(`--max-batch`): split the batch"
        )
        raise RequestError([Problem("/evaluations", message)], 413)
    options = body.get("options") or {}
    semantic = "execute_all"
    if not isinstance(options, dict):
        problems.append(Problem("/options", "expected an object"))
    else:
        problems += unknown_keys(options, ("evaluations_semantic",), "/options")
        semantic = options.get("evaluations_semantic", semantic)
        if not isinstance(semantic, str) or semantic not in STOPS:
            shown = ", ".join(f"`{s}`" for s in STOPS)
            where = "/options/evaluations_semantic"
            problems.append(Problem(where, f"expected one of {shown}"))
    if problems:
        raise RequestError(problems)
    return str(semantic)
