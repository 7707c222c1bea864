"""A log's `at` strings are read as `decide` reads them, whatever the other rows hold."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aicontrols as ac
from aicontrols import _instants
from aicontrols._instants import arrow_instants, instants
from aicontrols._time import query_instant

from .budget import examples

SHAPES = [
    "2026-09-20T14:00:28+00:00",
    "2026-09-20T14:00:28.5Z",
    "2026-09-20 14:00:28.123456-05:00",
    "2026-09-20T14Z",
    "2026-09-20T14:00+0530",
    "2026-09-20T14:00:28+01",
    "2026-09-20T14:00:28.123456789Z",  # nanoseconds: Arrow to the ns, then floored
    "2026-09-20T14:00:28.1234567+01:00",
    "1969-12-31T23:59:59.0000009Z",  # before 1970: the floor is the cut digits
    "1500-01-01T00:00:00.123456789Z",  # out of Arrow's nanoseconds: Python reads it
    "2300-01-01T00:00:00.1234567Z",
    "2026-09-20T14:00:28.1234567891Z",  # ten digits
    "20260920T140028Z",  # Python reads the basic format, Arrow does not
    "2026-09-20t14:00:28Z",
    "2026-09-20T14:00:28,5Z",
    "2026-09-20T14:00:28",  # naive: neither
    "2026-02-30T00:00:00Z",  # Feb 30 has the strict shape: neither
    "0001-01-01T00:00:00Z",  # Arrow reads it, Python calls it out of range
    "9999-12-31T23:59:59Z",
    "2026-09-20",
    "soon",
    "",
    None,
]


def python_reads(value: str | None) -> int | None:
    """What `decide` makes of the string: its microseconds, or None."""
    if value is None:
        return None
    try:
        return query_instant(value, "at")
    except ac.QueryError:
        return None


def read(values: list[str | None]) -> tuple[list[int], dict[int, str]]:
    micros, problems = instants(pa.chunked_array([values], pa.string()), np, pa, pc)
    return micros.tolist(), problems


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.sampled_from(SHAPES), max_size=40), st.integers(1, 9))
def test_each_string_is_read_as_decide_reads_it(
    values: list[str | None], size: int
) -> None:
    """Every `at` string gives decide's instant, or a problem where decide refuses
    it, however the column is sliced and whatever its other rows hold."""
    with mock.patch.object(_instants, "SLICE", size):
        micros, problems = read(values)
    for row, value in enumerate(values):
        expected = python_reads(value)
        if expected is None:
            assert row in problems, value
        else:
            assert row not in problems, value
            assert micros[row] == expected, value
        alone_micros, alone_problems = read([value])
        assert (row in problems) == (0 in alone_problems), value
        assert problems.get(row) == alone_problems.get(0), value
        if row not in problems:
            assert micros[row] == alone_micros[0], value


def test_problems_are_worded_as_before() -> None:
    """A missing, a naive and an out-of-range instant each say what is wrong."""
    _, problems = read(["2026-09-20T14:00:28", None, "0001-01-01T00:00:00Z"])
    assert problems == {
        0: "`at`: expected an ISO 8601 instant with an offset, "
        "got `2026-09-20T14:00:28`",
        1: "`at`: missing",
        2: "`at`: out of range: instants from 0001-01-02 to 9999-12-30 (UTC) "
        "can be decided",
    }


def test_a_bad_row_leaves_the_other_slices_to_arrow() -> None:
    """Arrow reads every slice but the one holding a bad string, and there every
    string of the strict shape: Python reads only what Arrow cannot."""
    good = ["2026-09-20T14:00:28Z"] * 10_000
    values: list[str | None] = [*good[:5000], "20260920T140028Z", *good[5000:]]
    keep, moments = arrow_instants(pa.array(values, pa.string()), np, pa, pc)
    assert keep is not None
    assert (~keep).nonzero()[0].tolist() == [5000]
    assert len(moments) == 10_000


@pytest.mark.parametrize("value", ["2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z"])
def test_a_string_of_the_shape_arrow_refuses_is_read_by_python(value: str) -> None:
    """A string of the strict shape that is no date (Feb 30) costs its slice no
    more than itself: the others are still read by Arrow."""
    values = ["2026-09-20T14:00:28Z", value, "2026-09-21T00:00:00+02:00"]
    keep, _ = arrow_instants(pa.array(values, pa.string()), np, pa, pc)
    assert keep is not None
    assert keep.tolist() == [True, False, True]
