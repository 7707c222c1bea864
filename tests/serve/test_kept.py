"""Kept answers (`aicontrols.serve._answer.Answers`): the same question asked
again is found, however its parsed JSON holds its values."""

from __future__ import annotations

import copy
import json
from typing import Any

from .shared import require_extras

require_extras()

from aicontrols.serve._answer import NO_DEFAULTS, Answers  # noqa: E402
from aicontrols.serve._batch import parts_of  # noqa: E402
from aicontrols.serve._regimes import Regimes  # noqa: E402

CLOCK = "2026-12-07T00:00:00+00:00"
ASKED = {
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
