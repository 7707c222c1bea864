"""Kept answers (`aicontrols.serve._answer.Answers`): the same question asked
again is found, however its parsed JSON holds its values."""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

from .shared import require_extras

require_extras()

from aicontrols.serve._batch import parts_of  # noqa: E402
from aicontrols.serve._kept import NO_DEFAULTS, Answers  # noqa: E402
from aicontrols.serve._mapping import RequestError  # noqa: E402
from aicontrols.serve._regimes import Regimes  # noqa: E402

CLOCK = "2026-12-07T00:00:00+00:00"
ASKED: dict[str, Any] = {
    "subject": {
        "id": "priya",
        "properties": {"kind": "individual", "citizenships": [{"country": "IN"}]},
    },
    "resource": {"id": "mythos-5"},
    "action": {"name": "hosted-api"},
    "context": {"location": "US", "at": "2026-06-15T12:00:00Z"},
}


def test_a_question_asked_again_is_found_however_its_values_are_held() -> None:
    """An evaluation equal to one answered, whose strings are also held
    elsewhere (as a parsed batch shares its keys), finds the kept answer."""
    loaded = Regimes(["mythos5"], lambda: CLOCK).current
    answers = Answers()
    answers.begin(loaded, CLOCK)
    first = json.loads(json.dumps(ASKED))
    kept = answers.find(first, NO_DEFAULTS)
    answered = answers.answer(
        lambda: parts_of(first, [None] * 4, 0), loaded, CLOCK, kept=kept
    )
    again: Any = copy.deepcopy(first)
    held = [again["subject"]["id"], again["context"]["location"], again["context"]]
    assert answers.find(again, NO_DEFAULTS)[0] is answered
    assert held  # the values above are held twice while `find` reads them


def test_an_answer_moved_to_a_new_instant_is_written_as_afresh() -> None:
    """Random accesses under the bundled regimes, each asked at one instant
    and then at others: every later answer (its head kept per piece of time,
    with its own instant and token) is byte for byte the answer a server
    that never saw the access writes."""
    from aicontrols.examples import names

    from .shared import random_cases

    loaded = Regimes(list(names()), lambda: CLOCK).current
    seen, fresh = Answers(), Answers()
    cases = [c for c in random_cases(list(loaded.regimes), 200, 21) if "at" in c.when]
    instants = [
        f"2026-{m:02d}-{d:02d}T0{h}:00:00Z"
        for m in (5, 6, 7)
        for d in (1, 12, 15)
        for h in (0, 5)
    ]
    for case in cases:
        for at in instants:
            item = {
                **case.evaluation,
                "context": {**case.evaluation["context"], "at": at},
            }
            texts = []
            for answers in (seen, fresh):
                answers.begin(loaded, CLOCK)
                kept = answers.find(item, NO_DEFAULTS)
                parts = functools.partial(parts_of, item, [None] * 4, 0)
                texts.append(answers.answer(parts, loaded, CLOCK, kept=kept).text)
            fresh = Answers()  # never saw it
            assert texts[0] == texts[1]
    assert len(cases) > 50


def _ask(answers: Answers, item: dict[str, Any]) -> str:
    loaded = Regimes(["mythos5"], lambda: CLOCK).current
    answers.begin(loaded, CLOCK)
    kept = answers.find(item, NO_DEFAULTS)
    make = functools.partial(parts_of, item, [None] * 4, 0)
    try:
        return answers.answer(make, loaded, CLOCK, "/evaluations/0", kept=kept).text
    except RequestError as error:
        return json.dumps(error.to_dict())


def test_an_hour_that_repeats_is_written_with_its_own_offset() -> None:
    """Two validity bounds at the same wall-clock time on either side of the
    fall back (01:30 at -04:00, then at -05:00) are each written with their
    own offset, whichever was answered first."""
    answers = Answers()
    found = []
    for start in ("2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00"):
        citizenships = [{"country": "IN"}, {"country": "US", "start": start}]
        item = {
            "subject": {
                "id": "p",
                "properties": {"kind": "individual", "citizenships": citizenships},
            },
            "resource": {"id": "fable-5"},
            "action": {"name": "hosted-api"},
            "context": {"location": "US", "at": "2026-12-01T00:00:00Z"},
        }
        found.append(json.loads(_ask(answers, item))["context"]["valid_from"])
    assert found == ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00"]


def test_a_blank_instant_is_refused_as_when_first_asked() -> None:
    """An empty or blank `at` gets the request reader's own message, also
    once the same evaluation was answered at a good instant."""
    seen = Answers()
    _ask(seen, ASKED)
    for at in ("", "   "):
        item = {**ASKED, "context": {**ASKED["context"], "at": at}}
        assert _ask(seen, item) == _ask(Answers(), item)
        assert "RFC 3339" in _ask(seen, item)
