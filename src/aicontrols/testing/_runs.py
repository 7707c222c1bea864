"""Running a whole golden case file: under its regimes, or through a product."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ._answers import DecideFunction
from ._cases import CaseFile, load_cases, resolve_regime

__all__ = ["run_cases"]


def run_cases(
    cases: CaseFile | str | os.PathLike[str],
    *,
    decide: DecideFunction | None = None,
) -> list[Any]:
    """Check every case of a golden case file; fail listing each case that fails.

    Without `decide`, each case is decided under the file's regimes (bundled
    example names, or paths relative to the file's folder: for cases read
    with `loads_cases`, the folder of the name given), as the pytest plugin
    does.

    With `decide`, each case goes through your product instead: the function
    is called as `decide(access, on=..., at=..., as_known_on=...)`, the
    keywords of `Regime.decide` already parsed (`on` a `datetime.date`, `at`
    an aware `datetime.datetime`, one of them `None`; `as_known_on` a date, an
    aware datetime or `None`). It answers with a `Verdict`, a verdict's value,
    a `bool` (a gateway's allow or deny: `True` passes only a case expecting
    `permitted`, `False` any other), or an object with a `verdict` attribute
    such as a `Decision` (on which the case's `citing` is checked too). The
    file's regimes are not loaded.

    Every case runs, even after one fails. An exception other than a failed
    case (the function raises, or answers something that is not a verdict)
    stops the run, with a note naming the case.

    Args:
        cases: a golden case file's path, or cases read with `loads_cases`.
        decide: your product's decision function.

    Returns:
        The answers, in file order: decisions, or what `decide` answered.

    Raises:
        AssertionError: one or more cases fail; the message has, for each,
            `file:line: case ... failed:` and why.
        CaseFileError: the file is malformed (every problem, located).

    Examples:
        >>> import aicontrols
        >>> from aicontrols.testing import loads_cases, run_cases
        >>> cases = loads_cases('''
        ... regime: mythos5
        ... cases:
        ...   - description: a foreign national needs a license for Fable 5
        ...     access: {recipient: priya, item: fable-5, mode: hosted-api,
        ...              location: US, citizenships: [IN]}
        ...     on: 2026-06-27
        ...     expect: license_required
        ... ''')
        >>> def open_gateway(access, *, on, at, as_known_on):
        ...     return True  # serves everyone
        >>> try:
        ...     run_cases(cases, decide=open_gateway)
        ... except AssertionError as error:
        ...     print(error)
        1 of 1 golden cases failed
        <cases>:4: case `a foreign national needs a license for Fable 5` failed: expected LICENSE REQUIRED, `open_gateway` answered permitted (`True`)
        question: `priya` -> `fable-5` via `hosted-api` in US, on 2026-06-27
    """
    __tracebackhide__ = True
    found = cases if isinstance(cases, CaseFile) else load_cases(cases)
    name, base = found.name, Path(found.name).parent
    regimes: Any = None
    if decide is None:
        loaded = [resolve_regime(r, base) for r in found.regimes]
        regimes = loaded[0] if len(loaded) == 1 else loaded
    answers: list[Any] = []
    failures: list[str] = []
    for case in found.cases:
        try:
            if decide is None:
                answers.append(case.check(regimes))
            else:
                answers.append(case.check(decide=decide))
        except AssertionError as error:
            failures.append(
                f"{name}:{case.line}: case `{case.description}` failed: {error}"
            )
        except Exception as error:
            error.add_note(f"{name}:{case.line}: in case `{case.description}`")
            raise
    if failures:
        count = f"{len(failures)} of {len(found.cases)} golden cases failed"
        raise AssertionError(count + "\n" + "\n\n".join(failures))
    return answers
