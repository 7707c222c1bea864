"""Audits under several regimes at once: a column per regime, and the combined one.

Each regime decides every row on its own (`Pieces`). The combined verdict of a
row is that of `aicontrols.decide([...], access, at=...)`: the rows are
numbered by their combination of pieces, one per regime, and each distinct
combination is combined once, by the library's one combining rule
(`combine_reasons`), so the combined reason is the combined decision's
`reason_code`. A row that some regime cannot read is unreadable combined, as
`decide` raises for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ._audit_pieces import UNREADABLE, Codes, Pieces
from ._audit_rows import CellProblem
from ._columns import distinct
from ._reasons import Reasons, combine_reasons
from ._regime import Regime
from .exceptions import QueryError

__all__ = ["combine_pieces", "output_names", "regimes_of"]


def regimes_of(value: object) -> tuple[tuple[Regime, ...], bool]:
    """The regimes an audit decides under, and whether a list of them was given.

    Raises:
        TypeError: `value` is neither a `Regime` nor a list or tuple of them.
        QueryError: an empty list, or two regimes with the same id (their
            columns would have the same name).

    Examples:
        >>> import aicontrols
        >>> from aicontrols._audit_many import regimes_of
        >>> us = aicontrols.examples.load("mythos5")
        >>> [r.id for r in regimes_of([us])[0]], regimes_of(us)[1]
        (['us-mythos-letters'], False)
        >>> regimes_of("mythos5")
        Traceback (most recent call last):
        ...
        TypeError: `regime`: expected a Regime, or a list of them, got a `str` (load a bundled one with `aicontrols.examples.load(name)`)
    """
    if isinstance(value, Regime):
        return (value,), False
    if not isinstance(value, (list, tuple)):
        raise TypeError(
            f"`regime`: expected a Regime, or a list of them, got a "
            f"`{type(value).__name__}` (load a bundled one with "
            "`aicontrols.examples.load(name)`)"
        )
    if not value:
        raise QueryError("`regime`: give at least one regime", argument="regime")
    seen: set[str] = set()
    for i, regime in enumerate(value):
        if not isinstance(regime, Regime):
            raise TypeError(
                f"`regime[{i}]`: expected a Regime, got a `{type(regime).__name__}`"
            )
        if regime.id in seen:
            raise QueryError(
                f"`regime`: the regime `{regime.id}` is given twice (each regime "
                "gets columns named by its id)",
                argument="regime",
                value=regime.id,
            )
        seen.add(regime.id)
    return tuple(value), True


def output_names(regimes: Sequence[Regime], several: bool) -> list[str]:
    """The columns an audit appends: `verdict_<id>` and `reason_<id>` for each
    regime of a list, then `verdict` and `reason`."""
    names = [f"{kind}_{r.id}" for r in regimes for kind in ("verdict", "reason")]
    return [*(names if several else []), "verdict", "reason"]


def combine_pieces(
    parts: Sequence[Pieces], bad_rows: Mapping[int, str], np: Any, pa: Any, pc: Any
) -> tuple[Any, Any, Codes]:
    """Per row, the combined verdict and reason codes, and the reason texts.

    The rows are numbered by their combination of outcomes, one per regime
    (`Pieces.outcome_of_row`), and each distinct combination is combined once.
    """
    rows = len(parts[0].verdicts)
    sizes = [p.outcome_count or 1 for p in parts]
    codes_of_row = [p.outcome_of_row for p in parts]
    ids, first = distinct(codes_of_row, sizes, rows, np, pa, pc)
    codes = Codes()
    verdict_of = np.zeros(len(first), dtype=np.int8)
    reason_of = np.zeros(len(first), dtype=np.int32)
    for combination, row in enumerate(first.tolist()):
        outcomes = [
            p.outcome(int(of_row[row]))
            for p, of_row in zip(parts, codes_of_row, strict=True)
        ]
        failed = [
            (p.regime.id, o)
            for p, o in zip(parts, outcomes, strict=True)
            if isinstance(o, CellProblem)
        ]
        if failed:
            regime, problem = failed[0]
            if len(failed) == len(parts) and len({str(o) for _, o in failed}) == 1:
                code = codes.problem(problem)  # no regime can read the row
            else:
                code = codes.code(
                    f"under `{regime}`: {problem}", problem.column, regime
                )
            verdict_of[combination], reason_of[combination] = UNREADABLE, code
            continue
        reasons = combine_reasons([o for o in outcomes if isinstance(o, Reasons)])
        verdict_of[combination] = reasons.verdict.severity
        reason_of[combination] = codes.code(reasons.code)
    verdicts = verdict_of[ids]
    reasons_ = reason_of[ids]
    for row, message in bad_rows.items():
        verdicts[row] = UNREADABLE
        reasons_[row] = codes.code(message, "at")
    return verdicts, reasons_, codes
