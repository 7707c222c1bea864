"""Requests to questions: an AuthZEN evaluation, read as an `Access` and a time.

The mapping is fixed, so that clients can rely on it (docs/reference/http.md):
`subject` is the recipient (`id`: a catalog id, or a new id whose facts follow
in `properties`, with a regime file's entity keys), `resource` the item (the
same, with an item's keys), `action.name` the mode, and `context` the rest:
`at` or `on`, `location`, `origin`, `parties`, `attestations`, `as_known_on`.
Facts are read by the regime-file loader's own checks, so a request and a
regime file describe an entity alike. Every problem is located by a JSON
pointer into the request body; an unknown key is refused with a did-you-mean,
never ignored (a misspelt `attestation` would silently drop a fact).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import attrs

from .. import Access, Party
from ..files._recipient import entity_from_data, item_from_data

__all__ = [
    "EVALUATION_KEYS",
    "LaterParts",
    "Part",
    "Problem",
    "Question",
    "RequestError",
    "instant_of",
    "made_parts",
    "pointer",
    "read_question",
    "shown",
    "unknown_keys",
]

EVALUATION_KEYS = ("subject", "resource", "action", "context")
_SUBJECT_KEYS = ("type", "id", "properties")
_ACTION_KEYS = ("name", "properties")
_CONTEXT_KEYS = (
    "at",
    "on",
    "location",
    "origin",
    "parties",
    "attestations",
    "as_known_on",
)
_PARTY_KEYS = ("role", "id", "properties")
SERVER_CLOCK = "server clock"


@attrs.frozen
class Problem:
    """One problem with a request, at a JSON pointer into its body."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer}: {self.message}" if self.pointer else self.message

    def to_dict(self) -> dict[str, str]:
        """The problem as JSON-ready data."""
        return {"pointer": self.pointer, "message": self.message}


class RequestError(Exception):
    """A request that cannot be answered: its located problems and HTTP status."""

    def __init__(self, problems: Sequence[Problem], status: int = 400) -> None:
        self.problems = tuple(problems)
        self.status = status
        super().__init__("; ".join(str(p) for p in self.problems))

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON-ready data: `{"status", "message", "problems"}`."""
        return {
            "status": self.status,
            "message": str(self),
            "problems": [p.to_dict() for p in self.problems],
        }


class Part(NamedTuple):
    """One part of an evaluation (`subject`, ...) and where it is in the body:
    in the evaluation itself, or a batch's default."""

    value: Any
    pointer: str


class Question(NamedTuple):
    """What an evaluation asks, with where each part came from."""

    access: Access
    at: str | None  # as asked, or the server's clock
    on: str | None
    as_known_on: str | None
    at_source: str
    parts: Mapping[str, Part]
    where: str  # the evaluation's pointer: "" or "/evaluations/3"
    moment: dt.datetime | str | None  # `at` as the library is asked it

    def request(self) -> dict[str, Any]:
        """The evaluation as asked, its instant filled in when the server's clock
        gave it: posted again, it asks the same question."""
        found = {k: p.value for k, p in self.parts.items() if p.value is not None}
        if self.at_source == SERVER_CLOCK:
            found["context"] = {**(found.get("context") or {}), "at": self.at}
        return found


def made_parts(
    parts: dict[str, Part] | Callable[[], dict[str, Part]],
) -> dict[str, Part]:
    """An evaluation's parts, made if they are not yet."""
    return parts if isinstance(parts, dict) else parts()


class LaterParts(Mapping[str, Part]):
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


def pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) from its reference tokens."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def shown(value: Any) -> str:
    """A value as a message quotes it: JSON, cut to a readable length."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return f"`{text}`" if len(text) <= 60 else f"`{text[:57]}...`"


def unknown_keys(
    value: Mapping[str, Any], known: Sequence[str], at: str
) -> list[Problem]:
    """A problem for each key of `value` not in `known`, with a did-you-mean."""
    found = []
    for key in value:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1)
        hint = (
            f"did you mean `{close[0]}`?"
            if close
            else "expected one of " + ", ".join(f"`{k}`" for k in known)
        )
        found.append(Problem(f"{at}{pointer(key)}", f"unknown key `{key}` ({hint})"))
    return found


class _Reader:
    """Reads one evaluation's parts, collecting every problem."""

    def __init__(self, parts: Mapping[str, Part]) -> None:
        self.parts = parts
        self.problems: list[Problem] = []

    def fail(self, at: str, message: str) -> None:
        self.problems.append(Problem(at, message))

    def mapping(
        self, value: Any, at: str, keys: Sequence[str], *, required: bool = True
    ) -> dict[str, Any] | None:
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            got = "nothing" if value is None else shown(value)
            self.fail(at, f"expected an object, got {got}")
            return None
        self.problems += unknown_keys(value, keys, at)
        return value

    def text(self, value: Any, at: str, what: str, *, required: bool = True) -> Any:
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            got = "nothing" if value is None else shown(value)
            self.fail(at, f"expected {what}, got {got}")
            return None
        return value

    def facts(self, value: Any, at: str, kind: str) -> Any:
        """A catalog id, or the entity or item that `properties` describe."""
        ident = self.text(value.get("id"), f"{at}/id", "an id (a non-empty string)")
        if "type" in value:  # AuthZEN requires a type; any string is accepted
            self.text(value["type"], f"{at}/type", "a string")
        described = value.get("properties")
        if described is None or described == {}:
            return ident
        if not isinstance(described, dict):
            self.fail(f"{at}/properties", f"expected an object, got {shown(described)}")
            return ident
        if "id" in described:
            self.fail(f"{at}/properties/id", f"the id goes in `{at[1:]}/id`, not here")
            return ident
        if ident is None:
            return ""
        built, problems = _built(ident, json.dumps(described), kind)
        for path, message in problems:
            where = pointer("id") if path == ("id",) else pointer("properties", *path)
            self.fail(at + where, message)
        return built if built is not None else ident

    def country(self, value: Any, at: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(at, f"expected a country code (a string), got {shown(value)}")
            return None
        code, message = _country(value)
        if message:
            self.fail(at, message)
        return code

    def parties(self, value: Any, at: str) -> list[Party]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(at, f"expected a list of parties, got {shown(value)}")
            return []
        found = []
        for i, raw in enumerate(value):
            where = f"{at}/{i}"
            one = self.mapping(raw, where, _PARTY_KEYS)
            if one is None:
                continue
            entity = self.facts(one, where, "entity")
            role = self.text(one.get("role"), f"{where}/role", "a party role")
            if role is None or not entity:
                continue
            if role.strip().replace("-", "_") == "end_user":
                self.fail(
                    f"{where}/role",
                    "the recipient is the end user: give it as `subject`; a "
                    "party is a `purchaser`, `intermediate_consignee` or "
                    "`ultimate_consignee`",
                )
                continue
            try:
                found.append(Party(role, entity))
            except (ValueError, TypeError) as error:
                self.fail(f"{where}/role", str(error).removeprefix("`role`: "))
        return found

    def strings(self, value: Any, at: str) -> frozenset[str]:
        if value is None:
            return frozenset()
        if not isinstance(value, list):
            self.fail(at, f"expected a list of strings, got {shown(value)}")
            return frozenset()
        for i, one in enumerate(value):
            self.text(one, f"{at}/{i}", "a non-empty string")
        return frozenset(v for v in value if isinstance(v, str))

    def instant(self, value: Any, at: str) -> tuple[Any, Any]:
        """The instant as given, and as the library is asked it: parsed if it
        reads as an aware instant, else as given (the library says why not)."""
        text = self.text(
            value, at, "an RFC 3339 instant with its offset", required=False
        )
        if text is None:
            return None, None
        moment, problem = instant_of(text)
        if problem is not None:
            self.fail(at, problem)
        return text, moment


def instant_of(text: str) -> tuple[Any, str | None]:
    """An `at` string as the library is asked it (parsed if it reads as an
    aware instant, else as given: the library says why not), and the problem
    with it, if it has none of its own (a naive instant)."""
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return text, None
    if parsed.tzinfo is None:
        return parsed, (
            f"`{text}` has no UTC offset: an instant needs one, e.g. "
            f"`{parsed.isoformat()}-04:00` or `{parsed.isoformat()}Z` (RFC 3339)"
        )
    return parsed, None


def read_question(parts: Mapping[str, Part], clock: str, where: str = "") -> Question:
    """The question an evaluation asks; `clock` is the server's instant, used
    when the evaluation gives neither `at` nor `on`; `where` is the
    evaluation's pointer in the body.

    Raises:
        RequestError: every problem found, located.
    """
    reader = _Reader(parts)
    subject, resource, action, context = (parts[k] for k in EVALUATION_KEYS)
    raw_subject = reader.mapping(subject.value, subject.pointer, _SUBJECT_KEYS)
    recipient = (
        reader.facts(raw_subject, subject.pointer, "entity") if raw_subject else None
    )
    raw_item = reader.mapping(resource.value, resource.pointer, _SUBJECT_KEYS)
    item = reader.facts(raw_item, resource.pointer, "item") if raw_item else None
    raw_action = reader.mapping(action.value, action.pointer, _ACTION_KEYS)
    mode = None
    if raw_action is not None:
        mode = reader.text(
            raw_action.get("name"), f"{action.pointer}/name", "a mode's name"
        )
        if raw_action.get("properties") not in (None, {}):
            reader.fail(
                f"{action.pointer}/properties",
                "a mode is named, not described: give the name of a mode the "
                "regimes define (e.g. `hosted-api`)",
            )
    at_ = context.pointer
    ctx = reader.mapping(context.value, at_, _CONTEXT_KEYS, required=False) or {}
    at, moment = reader.instant(ctx.get("at"), f"{at_}/at")
    on = reader.text(ctx.get("on"), f"{at_}/on", "a date, YYYY-MM-DD", required=False)
    if ctx.get("at") is not None and ctx.get("on") is not None:
        reader.fail(at_, "give `at` (an instant) or `on` (a day), not both")
    location = reader.country(ctx.get("location"), f"{at_}/location")
    origin = reader.country(ctx.get("origin"), f"{at_}/origin")
    parties = reader.parties(ctx.get("parties"), f"{at_}/parties")
    attested = reader.strings(ctx.get("attestations"), f"{at_}/attestations")
    known = reader.text(
        ctx.get("as_known_on"), f"{at_}/as_known_on", "a date", required=False
    )
    if reader.problems or not recipient or not item or mode is None:
        raise RequestError(reader.problems or [Problem(where, "incomplete evaluation")])
    source = "request"
    if at is None and on is None:
        at, source = clock, SERVER_CLOCK
        moment = dt.datetime.fromisoformat(clock)
    try:
        access = Access(
            recipient, item, mode, location, attested, origin=origin, parties=parties
        )
    except (ValueError, TypeError) as error:  # the checks above should catch all
        raise RequestError([Problem(where, str(error))]) from None
    return Question(access, at, on, known, source, parts, where, moment)


@functools.lru_cache(maxsize=4096)
def _built(
    ident: str, facts: str, kind: str
) -> tuple[Any, tuple[tuple[Any, str], ...]]:
    """An entity or item from its id and facts (JSON), built once: gateways
    describe the same recipients again and again, and building one checks a
    schema."""
    read = entity_from_data if kind == "entity" else item_from_data
    built, problems = read({"id": ident, **json.loads(facts)})
    return built, tuple(problems)


@functools.lru_cache(maxsize=1024)
def _country(value: str) -> tuple[str | None, str | None]:
    """A country code, checked by `Access` itself (with its did-you-mean)."""
    try:
        return Access("-", "-", "-", location=value).location, None
    except ValueError as error:
        return None, str(error)
