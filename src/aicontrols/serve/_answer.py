"""Questions to answers: decide under the loaded regimes, say so in JSON, and
keep what was said.

An AuthZEN answer is `{"decision": bool, "context": {...}}`: `decision` is
true only for PERMITTED, and the context carries the verdict, the reason (the
decision's `reason_code`, the `reason` column of `aicontrols.audit`), the
citations, the validity interval, the replay token, the instant and where it
came from, and the regimes' fingerprints. The library's errors (an unknown id
with its did-you-mean, a malformed date) are located in the request body.

A decision is a value of the regimes and the question, so an answer is kept
(`Answers`) and given again: the key is the evaluation's JSON object and its
batch's defaults, for the current second when the server's clock gives the
instant. Gateways ask the same questions again and again (the same users,
models and modes), so most answers are found there; they are dropped
whenever the regimes are reloaded. An evaluation that cannot be answered is
not kept: its error names where it is in its own request.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import marshal
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import aicontrols
from aicontrols import (
    AIControlsError,
    CatalogConflictError,
    Citation,
    Decision,
    Regime,
    UnknownIdError,
)

from .._combine import Moments
from .._time import query_instant
from ._http import dumps
from ._mapping import (
    Part,
    Problem,
    Question,
    RequestError,
    instant_of,
    pointer,
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
    "authzen",
    "decide",
    "error_answer",
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
            _head(decision, reason),
            _text(decision.replay_token),
            ',"at":',
            _text(question.at),
            _after_at(question, fingerprints),
        )
    )


def _head(decision: Decision, reason: str) -> str:
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
            _text(reason),
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


def _after_at(question: Question, fingerprints: str) -> str:
    """An AuthZEN answer after its instant: the rest of the question."""
    return "".join(
        (
            ',"on":',
            _text(question.on),
            ',"as_known_on":',
            _text(question.as_known_on),
            ',"at_source":',
            _text(question.at_source),
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


def _text(value: str | None) -> str:
    """A string or `None` as JSON."""
    return "null" if value is None else _STRING(value)


def _iso(moment: dt.datetime | None) -> str:
    """An instant as JSON, in its own zone (the regime's)."""
    return "null" if moment is None else _instant(moment, moment.tzinfo)


@functools.lru_cache(maxsize=1024)
def _instant(moment: dt.datetime, zone: dt.tzinfo | None) -> str:
    """`_iso`, written once per instant and zone: the bounds of decisions are
    a regime's few change points. (Aware datetimes of one instant in two
    zones are equal, so the zone is part of the key.)"""
    return _STRING(moment.isoformat())


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


# ---------------------------------------------------------------- kept answers

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


def _made(parts: dict[str, Part] | Callable[[], dict[str, Part]]) -> dict[str, Part]:
    """An evaluation's parts, made if they are not yet."""
    return parts if isinstance(parts, dict) else parts()


class _Later(Mapping[str, Part]):
    """An evaluation's parts, made when first read (to locate an error, or
    for the decision log): most answers never read them."""

    __slots__ = ("_make", "_parts")

    def __init__(self, make: Callable[[], dict[str, Part]]) -> None:
        self._make = make
        self._parts: dict[str, Part] | None = None

    def _made(self) -> dict[str, Part]:
        if self._parts is None:
            self._parts = self._make()
        return self._parts

    def __getitem__(self, name: str) -> Part:
        return self._made()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())


def _asked(
    first: Question,
    at: str,
    moment: Any,
    parts: dict[str, Part] | Callable[[], dict[str, Part]],
    where: str,
) -> Question:
    """Question `first` asked again at instant `at` (`moment`, as read) by
    the evaluation at `where` (not `_replace`: five times dearer)."""
    later = parts if isinstance(parts, dict) else _Later(parts)
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
            if type(at) is str and "on" not in context and "context" in item:
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
            question = read_question(_made(parts), clock, where)
        else:
            question = self._untimed(_made(parts), clock, where, key)
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
        text = "".join((head.text, _text(token), ',"at":', _text(at), template.after))
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
            template.after = _after_at(question, self._fingerprints)
        t = query_instant(question.moment, "at")
        template.heads[template.moments.pieces(t)] = _Head(
            _head(decision, reason),
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
            return asked._replace(at=clock, moment=moment, parts=parts, where=where)
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
            question = read_question(_made(parts), clock, where)  # its problems
            template = self._timeless[key[1:3]] = _Template(question)
            if len(self._timeless) > self.size:
                self._timeless.popitem(last=False)
            return question, template
        at = key[3]
        assert at is not None
        moment, problem = instant_of(at)
        if problem is not None:  # the rest of it was read without a problem
            pointer = _made(parts)["context"].pointer
            raise RequestError([Problem(f"{pointer}/at", problem)])
        return _asked(template.question, at, moment, parts, where), template
