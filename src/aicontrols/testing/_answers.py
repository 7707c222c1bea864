"""Golden cases through a product's own decision function: asking it, judging it.

A downstream suite tests its product, not only the regime: each golden case's
access, day or instant and knowledge date go to the product's function, and
what it answers is held against the case's expected verdict.

The function is called as `decide(access, on=..., at=..., as_known_on=...)`,
the keywords of `Regime.decide`, already parsed: `on` a `datetime.date` or
`None`, `at` an aware `datetime.datetime` or `None` (exactly one is given),
`as_known_on` a date, an aware datetime or `None`. So `regime.decide`, or
`functools.partial(aicontrols.decide, [us, eu])`, is itself such a function.
It answers with a `Verdict`, a verdict's value (`"license_required"`), a
`bool` (a gateway's allow or deny: `True` passes a case that expects
`permitted`, `False` any other), or an object with a `verdict` attribute (a
`Decision`, or the product's own answer). Its `citing` is checked only on a
`Decision`, the one answer that carries citations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from .._access import Access
from .._decision import Decision
from .._reasons import Verdict
from .._time import query_date, query_instant
from ._assertions import cited_notices

__all__ = ["DecideFunction", "ask", "judge", "named"]

DecideFunction = Callable[..., Any]
"""`decide(access, *, on, at, as_known_on)`: a product's decision (see above)."""


def named(decide: DecideFunction) -> str:
    """A function's name for messages: `gateway_decide`, `decide`."""
    return str(getattr(decide, "__name__", None) or type(decide).__name__)


def _instant(value: str | None, name: str) -> dt.datetime | None:
    if value is None:
        return None
    query_instant(value, name)  # refuses a malformed or naive instant, named
    return dt.datetime.fromisoformat(value)


def _known(value: str | None) -> dt.date | dt.datetime | None:
    if value is None:
        return None
    if "T" in value or " " in value.strip():
        return _instant(value, "as_known_on")
    return query_date(value, "as_known_on")


def ask(
    decide: DecideFunction,
    access: Access,
    on: str | None,
    at: str | None,
    as_known_on: str | None,
) -> Any:
    """`decide(access, on=..., at=..., as_known_on=...)`, the case's dates parsed.

    Raises:
        QueryError: a date or instant of the case cannot be read.
    """
    return decide(
        access,
        on=None if on is None else query_date(on, "on"),
        at=_instant(at, "at"),
        as_known_on=_known(as_known_on),
    )


def _verdict(answer: object, name: str) -> Verdict | bool:
    """What an answer says: a verdict, or for a bare `bool`, permitted or not."""
    if isinstance(answer, bool):
        return answer
    value = getattr(answer, "verdict", answer)
    if isinstance(value, Verdict):
        return value
    if isinstance(value, str):
        try:
            return Verdict(value)
        except ValueError:
            pass
    raise TypeError(
        f"`{name}` answered `{answer!r}`: expected a Verdict, a verdict's value, "
        "a bool (True: permitted) or an object with a `verdict` attribute"
    )


def _said(verdict: Verdict | bool) -> str:
    if verdict is True:
        return "permitted (`True`)"
    if verdict is False:
        return "not permitted (`False`)"
    return verdict.label


def _question(access: Access, on: str | None, at: str | None) -> str:
    where = f" in {access.location}" if access.location else ""
    when = f"on {on}" if on is not None else f"at {at}"
    return (
        f"`{access.recipient_id}` -> `{access.item_id}` via `{access.mode_name}`"
        f"{where}, {when}"
    )


def judge(
    answer: object,
    expected: Verdict,
    *,
    decide: DecideFunction,
    access: Access,
    on: str | None,
    at: str | None,
    citing: Iterable[str] = (),
) -> None:
    """Hold a product's answer against a case's expected verdict (and citations).

    Raises:
        AssertionError: the answer disagrees; the message says what was
            expected, what the function answered and to which question, then
            the answer's own explanation if it has one.
        TypeError: the answer is not one a decision function may give.
    """
    __tracebackhide__ = True
    name = named(decide)
    said = _verdict(answer, name)
    agrees = (
        said is (expected is Verdict.PERMITTED)
        if isinstance(said, bool)
        else said is expected
    )
    header = ""
    if not agrees:
        header = f"expected {expected.label}, `{name}` answered {_said(said)}"
    elif isinstance(answer, Decision):
        cited = cited_notices(answer)
        missing = [n for n in citing if n not in cited]
        if missing:
            names = ", ".join(f"`{n}`" for n in missing)
            shown = ", ".join(f"`{n}`" for n in cited) or "none"
            header = f"expected citing notice {names}; `{name}` cites {shown}"
    if not header:
        return
    lines = [header, f"question: {_question(access, on, at)}"]
    explain = getattr(answer, "explain", None)
    if callable(explain):
        lines += ["", str(explain())]
    raise AssertionError("\n".join(lines))
