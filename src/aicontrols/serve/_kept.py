"""Kept answers: what the service said, given again.

A decision is a value of the regimes and the question, so an answer is kept
(`Answers`) and given again: the key is the evaluation's JSON object and its
batch's defaults, for the current second when the server's clock gives the
instant. Gateways ask the same questions again and again (the same users,
models and modes), so most answers are found there; they are dropped
whenever the regimes are reloaded. An evaluation that cannot be answered is
not kept: its error names where it is in its own request.

An evaluation that gives its own `at` is also read once without it (its
`_Template`), and its answer is written once per piece of time its instants
fall in (`aicontrols._combine.Moments`): a new instant in the same pieces
gets that answer's head with its own instant and replay token, byte for
byte what deciding it afresh writes.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from aicontrols import AIControlsError, Decision

from .._combine import Moments
from .._time import query_instant
from ._answer import answer_head, answer_tail, authzen, decide, json_text
from ._http import dumps
from ._mapping import (
    LaterParts,
    Part,
    Problem,
    Question,
    RequestError,
    instant_of,
    made_parts,
    read_question,
)
from ._regimes import Loaded

__all__ = [
    "KEPT",
    "NO_DEFAULTS",
    "Answered",
    "Answers",
    "Defaults",
    "Key",
]

KEPT = 16_384
"""How many answers are kept (the oldest go first)."""


def _serialised(value: Any) -> bytes:
    """A JSON value (dicts, lists, str, numbers, bool, None) as bytes, by
    `marshal` in its format 2: from format 3 on, a string or list that is
    referred to elsewhere too is written otherwise (as a reference), so that
    the same question, asked again while its last asking is kept, gave other
    bytes and was answered afresh."""
    return marshal.dumps(value, 2)


class Answered(NamedTuple):
    """One answer, written as JSON once, and what the endpoints need of it."""

    text: str
    decision: bool
    request: dict[str, Any] | None  # the evaluation as decided, for the log
    source: str  # where the instant came from
    verdict: str
    reason: str
    replay_token: str


class Defaults(NamedTuple):
    """A batch's top-level parts, as the keys of its entries' answers hold them."""

    raw: bytes  # the four parts' values, serialised
    context: Any  # the default `context`, which says whether an entry is timed

    @classmethod
    def of(cls, values: Sequence[Any]) -> Defaults:
        """The defaults of a batch whose top-level parts are `values`, in order."""
        return cls(_serialised(list(values)), values[-1])


NO_DEFAULTS = Defaults.of([None] * 4)
"""A single evaluation's defaults: none."""

Key = tuple[bool, bytes, bytes, str | None]
"""An evaluation's key: the Decision JSON or AuthZEN, its defaults, itself
(less its `at` when its own context gives one), and that `at`."""


def _asked(
    first: Question,
    at: str,
    moment: Any,
    parts: dict[str, Part] | Callable[[], dict[str, Part]],
    where: str,
) -> Question:
    """Question `first` asked again at instant `at` (`moment`, as read) by
    the evaluation at `where` (not `_replace`: five times dearer)."""
    later = parts if isinstance(parts, dict) else LaterParts(parts)
    return Question(
        first.access,
        at,
        first.on,
        first.as_known_on,
        first.at_source,
        later,
        where,
        moment,
    )


class _Head(NamedTuple):
    """An answer up to its replay token, and what the endpoints need of it."""

    text: str
    answered: Answered  # its verdict, reason, ...; text and token left empty


class _Template:
    """An evaluation less its `at`: its question, read once, and the heads of
    its answers by the pieces of time their instants fall in (`Moments`)."""

    __slots__ = ("after", "heads", "moments", "question")

    def __init__(self, question: Question) -> None:
        self.question = question
        self.moments: Moments | None = None  # once an answer is written
        self.heads: dict[tuple[int, ...], _Head] = {}
        self.after = ""  # the answers' text after their instant


class Answers:
    """The answers given under the current regimes, `size` of each kind kept.

    Answers to evaluations that give their time are kept, the oldest dropped
    first; answers at the server's clock are kept for the current second only
    (at the next, every such question is a new one).

    An evaluation's key is its JSON object and its batch's defaults,
    serialised (`_serialised`): equal bytes are equal values, and equal
    values equal bytes. The same question written otherwise (keys in another
    order, a part given where a default would do) is only a miss, answered
    afresh.
    """

    def __init__(self, size: int = KEPT, *, requests: bool = False) -> None:
        self.size = size
        self.requests = requests  # keep each evaluation as decided (for a log)
        self._kept: OrderedDict[Key, Answered] = OrderedDict()
        self._now: dict[Key, Answered] = {}  # at the server's clock, `_clock`
        self._clock = ""
        self._asked: OrderedDict[Key, Question] = OrderedDict()  # at the clock
        self._timeless: OrderedDict[tuple[bytes, bytes], _Template] = OrderedDict()
        self._generation = 0
        self._fingerprints = "{}"

    def begin(self, loaded: Loaded, clock: str) -> None:
        """Answer under `loaded` at `clock` from now on: once per HTTP request.

        The answers kept under other regimes are dropped, and those at the
        server's clock when it was another second.
        """
        if self._generation != loaded.generation:  # reloaded: start afresh
            self._kept.clear()
            self._now.clear()
            self._asked.clear()
            self._timeless.clear()
            self._generation = loaded.generation
            self._fingerprints = dumps(loaded.fingerprints)
        if clock != self._clock:  # a new second: the answers at the last are old
            self._now = {}
            self._clock = clock

    def find(
        self, item: dict[str, Any], defaults: Defaults = NO_DEFAULTS, full: bool = False
    ) -> tuple[Answered | None, Key, bool]:
        """The kept answer to evaluation `item` (after `begin`), its key, and
        whether the evaluation gives its time: the hot path of a batch."""
        key: Key
        context = item.get("context", defaults.context)
        if type(context) is not dict:
            timed = False
        else:
            at = context.get("at")
            timed = at is not None or context.get("on") is not None
            own = "context" in item and "on" not in context
            if own and type(at) is str and at.strip():  # else read as it is
                rest = {k: v for k, v in context.items() if k != "at"}
                key = (full, defaults.raw, _serialised({**item, "context": rest}), at)
                return self._kept.get(key), key, True
        key = (full, defaults.raw, _serialised(item), None)
        return (self._kept if timed else self._now).get(key), key, timed

    def answer(
        self,
        parts: dict[str, Part] | Callable[[], dict[str, Part]],
        loaded: Loaded,
        clock: str,
        where: str = "",
        *,
        full: bool = False,
        kept: tuple[Answered | None, Key, bool] | None = None,
    ) -> Answered:
        """The answer to one evaluation: AuthZEN, or the Decision JSON (`full`).

        `parts` may be a function that makes them, called only when the answer
        is not kept; then `kept` is what `find` said of the evaluation (after
        `begin`).

        Raises:
            RequestError: the evaluation cannot be answered.
        """
        if kept is None:
            assert isinstance(parts, dict)
            self.begin(loaded, clock)
            kept = self.find({k: p.value for k, p in parts.items()}, full=full)
        found, key, timed = kept
        if found is not None:
            return found
        template = None
        if key[3] is not None:  # an `at` of its own
            template = self._timeless.get(key[1:3])
            if template is not None and template.moments is not None and not full:
                moved = self._moved(template, key[3], parts, where)
                if moved is not None:  # not kept: made again as cheaply as found
                    return moved
            question, template = self._timed(parts, clock, where, key, template)
        elif timed:
            question = read_question(made_parts(parts), clock, where)
        else:
            question = self._untimed(made_parts(parts), clock, where, key)
        decision = decide(loaded.regimes, question)
        reason = decision.reason_code
        text = (
            dumps(decision.to_dict())
            if full
            else authzen(decision, question, reason, self._fingerprints)
        )
        if template is not None and not full:
            self._learn(template, question, decision, reason, loaded)
        found = Answered(
            text,
            decision.permitted,
            question.request() if self.requests else None,
            question.at_source,
            decision.verdict.value,
            reason,
            decision.replay_token,
        )
        if timed:
            self._kept[key] = found
            if len(self._kept) > self.size:
                self._kept.popitem(last=False)  # the oldest
        elif len(self._now) < self.size:
            self._now[key] = found
        return found

    def _moved(
        self,
        template: _Template,
        at: str,
        parts: dict[str, Part] | Callable[[], dict[str, Part]],
        where: str,
    ) -> Answered | None:
        """The answer to `template`'s question at instant `at`, if an answer
        was written at an instant in the same pieces of time: that answer's
        head, with this instant and its replay token. `None` otherwise, or
        if the instant cannot be read (`_timed` and `decide` say why)."""
        moments = template.moments
        assert moments is not None
        moment, problem = instant_of(at)
        if problem is not None:
            return None
        try:
            t = query_instant(moment, "at")
        except (AIControlsError, ValueError, TypeError):
            return None
        head = template.heads.get(moments.pieces(t))
        if head is None:
            return None
        token = moments.token(t)
        text = "".join(
            (head.text, json_text(token), ',"at":', json_text(at), template.after)
        )
        first = head.answered
        request = None
        if self.requests:
            asked = _asked(template.question, at, moment, parts, where)
            request = asked.request()
        return Answered(
            text,
            first.decision,
            request,
            first.source,
            first.verdict,
            first.reason,
            token,
        )

    def _learn(
        self,
        template: _Template,
        question: Question,
        decision: Decision,
        reason: str,
        loaded: Loaded,
    ) -> None:
        """Keep the head of an answer just written for `template`, by the
        pieces of time of its instant."""
        if template.moments is None:
            try:
                template.moments = Moments(
                    loaded.regimes, question.access, question.as_known_on
                )
            except AIControlsError:  # `decide` read them: not expected
                return
            template.after = answer_tail(question, self._fingerprints)
        t = query_instant(question.moment, "at")
        template.heads[template.moments.pieces(t)] = _Head(
            answer_head(decision, reason),
            Answered(
                "",
                decision.permitted,
                None,
                question.at_source,
                decision.verdict.value,
                reason,
                "",
            ),
        )

    def _untimed(
        self, parts: dict[str, Part], clock: str, where: str, key: Key
    ) -> Question:
        """The question of an evaluation asked at the server's clock: read
        once (by its key) and asked again at each new instant, the same
        access, only later."""
        asked = self._asked.get(key)
        if asked is not None:
            moment = dt.datetime.fromisoformat(clock)
            return _asked(asked, clock, moment, parts, where)
        question = self._asked[key] = read_question(parts, clock, where)
        if len(self._asked) > self.size:
            self._asked.popitem(last=False)
        return question

    def _timed(
        self,
        parts: dict[str, Part] | Callable[[], dict[str, Part]],
        clock: str,
        where: str,
        key: Key,
        template: _Template | None,
    ) -> tuple[Question, _Template]:
        """The question of an evaluation that gives its own `at` (and not
        `on`), and its template (`template`, if it has one): such a question
        is read once without its instant (the template's key: the evaluation
        less its `at`, and its defaults) and asked again at each new instant,
        as a gateway asks about the same users, models and modes at every
        moment."""
        if template is None:
            question = read_question(made_parts(parts), clock, where)  # its problems
            template = self._timeless[key[1:3]] = _Template(question)
            if len(self._timeless) > self.size:
                self._timeless.popitem(last=False)
            return question, template
        at = key[3]
        assert at is not None
        moment, problem = instant_of(at)
        if problem is not None:  # the rest of it was read without a problem
            pointer = made_parts(parts)["context"].pointer
            raise RequestError([Problem(f"{pointer}/at", problem)])
        return _asked(template.question, at, moment, parts, where), template
