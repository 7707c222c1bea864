"""Instants, local days, half-open spans and query arguments at their edges.

Tests of `aicontrols._time`, many written against its surviving mutants (see
docs/contributing/mutation-testing.md). They pin what a user sees of the time
model: the words used for open bounds, the local days of a regime's zone, one
reading of a time argument wherever it is given, and the errors (message,
argument and value) raised for a malformed query.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import aicontrols as ac
from aicontrols import _time

from .builders import NY, D, regime, restriction_notice
from .core_regime import FOREIGN

UTC = dt.UTC
P, LR = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED
MYTHOS = ac.examples.load("mythos5")
MYTHOS_ACCESS = ac.Access("other-corp", "mythos-5", "hosted-api")
NOON = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)


def verdict(r: ac.Regime, day: str, **kw: object) -> ac.Verdict:
    return r.decide(FOREIGN, on=day, **kw).verdict  # type: ignore[arg-type]


class TestInstants:
    def test_micros_counts_days_seconds_and_microseconds(self) -> None:
        """An aware datetime is its microseconds since the epoch, UTC."""
        moment = dt.datetime(1970, 1, 2, 0, 0, 1, 5, tzinfo=UTC)
        assert 86_401_000_005 == _time.micros(moment)
        assert -1 == _time.micros(
            dt.datetime(1969, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)
        )

    def test_a_date_is_its_local_midnight(self) -> None:
        """A bare date in a regime's data is midnight in the regime's zone."""
        midnight = dt.datetime(2026, 1, 10, tzinfo=ZoneInfo(NY))
        assert _time.micros(midnight) == _time.resolve(D(2026, 1, 10), NY)
        aware = dt.datetime(2026, 1, 10, 12, tzinfo=UTC)
        assert _time.micros(aware) == _time.resolve(aware, NY)

    def test_open_bounds_are_the_sentinels(self) -> None:
        """`None` as a start is since ever, as an end until further notice."""
        assert (_time.NEG_INF, _time.POS_INF) == (
            _time.resolve_start(None, NY),
            _time.resolve_end(None, NY),
        )
        day = _time.resolve(D(2026, 1, 10), NY)
        assert (day, day) == (
            _time.resolve_start(D(2026, 1, 10), NY),
            _time.resolve_end(D(2026, 1, 10), NY),
        )

    def test_open_bounds_in_words(self) -> None:
        """People read the sentinels as "the beginning" and "further notice"."""
        assert ("the beginning", "further notice") == (
            _time.show(_time.NEG_INF, NY),
            _time.show(_time.POS_INF, NY),
        )
        assert (None, None) == (
            _time.iso(_time.NEG_INF, NY),
            _time.iso(_time.POS_INF, NY),
        )
        assert _time.to_datetime(_time.NEG_INF, NY) is None
        assert _time.to_datetime(_time.POS_INF, NY) is None

    def test_real_instants_in_words(self) -> None:
        """A local midnight shows as its date; any other instant as ISO with offset."""
        midnight = _time.resolve(D(2026, 1, 10), NY)
        assert "2026-01-10" == _time.show(midnight, NY)
        assert "2026-01-10T00:00:01-05:00" == _time.show(midnight + 1_000_000, NY)
        assert "2026-01-10T00:00:00-05:00" == _time.iso(midnight, NY)
        # midnight in New York is not midnight in UTC
        assert "2026-01-10T05:00:00+00:00" == _time.show(midnight, "UTC")
        assert "1970-01-01" == _time.show(0, "UTC")
        assert D(2026, 1, 9) == _time.local_date(midnight - 1, NY)

    def test_is_midnight(self) -> None:
        """Only the exact local midnight is midnight, not a microsecond either side."""
        midnight = _time.resolve(D(2026, 1, 10), NY)
        assert [True, False, False] == [
            _time.is_midnight(t, NY) for t in (midnight, midnight + 1, midnight - 1)
        ]

    def test_day_span_is_the_local_day(self) -> None:
        """A day is `[its midnight, the next midnight)`, 23 hours on a spring-forward day."""
        start, end = _time.day_span(D(2026, 3, 8), NY)
        assert _time.resolve(D(2026, 3, 8), NY) == start
        assert 23 * 3_600_000_000 == end - start

    def test_an_instant_is_an_exact_int(self) -> None:
        """`at=` becomes whole microseconds, and the decision gives back the same instant."""
        moment = dt.datetime(2026, 6, 12, 9, 30, 0, 123_456, tzinfo=ZoneInfo(NY))
        t = _time.query_instant(moment, "at")
        assert int is type(t)
        assert _time.micros(moment) == t
        d = regime(restriction_notice()).decide(FOREIGN, at=moment)
        assert (moment, 123_456) == (d.at, d.at.microsecond if d.at else None)

    def test_a_sentinel_has_no_date(self) -> None:
        """An open bound has no local date: asking for one fails, inventing none."""
        with pytest.raises(AssertionError, match=r"^a sentinel has no date"):
            _time.local_date(_time.POS_INF, NY)


class TestHalfOpenIntervals:
    def test_effective_day_is_in_and_revocation_day_is_out(self) -> None:
        """A rule holds from its effective date up to, not including, its revocation."""
        revoke = ac.Notice(
            "n2", published=D(2026, 3, 1), effective=D(2026, 3, 1), revokes=["r1"]
        )
        r = regime(restriction_notice(), revoke)
        assert [
            verdict(r, d)
            for d in ("2026-01-09", "2026-01-10", "2026-02-28", "2026-03-01")
        ] == [P, LR, LR, P]

    def test_instant_just_before_midnight(self) -> None:
        """At 23:59:59.999999 local time the day before, the rule is not yet in force."""
        r = regime(restriction_notice())
        before = dt.datetime(2026, 1, 9, 23, 59, 59, 999999, tzinfo=ZoneInfo(NY))
        at = dt.datetime(2026, 1, 10, 0, 0, tzinfo=ZoneInfo(NY))
        assert (
            r.decide(FOREIGN, at=before).verdict,
            r.decide(FOREIGN, at=at).verdict,
        ) == (P, LR)

    def test_midnight_is_local_to_the_regime(self) -> None:
        """A bare date means local midnight: 04:59 UTC is still the day before in New York."""
        r = regime(restriction_notice())
        utc = ZoneInfo("UTC")
        assert (
            r.decide(FOREIGN, at=dt.datetime(2026, 1, 10, 4, 59, tzinfo=utc)).verdict,
            r.decide(FOREIGN, at=dt.datetime(2026, 1, 10, 5, 0, tzinfo=utc)).verdict,
        ) == (P, LR)


class TestInverted:
    def test_open_spans_are_never_inverted(self) -> None:
        """A span open at either end, or both, is not empty."""
        day = D(2026, 1, 10)
        assert [False, False, False] == [
            _time.inverted(start, end, NY)
            for start, end in ((None, day), (day, None), (None, None))
        ]

    def test_empty_and_inverted_spans(self) -> None:
        """`[start, end)` is inverted when its end is not after its start."""
        assert [False, True, True] == [
            _time.inverted(D(2026, 1, 10), end, NY)
            for end in (D(2026, 1, 11), D(2026, 1, 10), D(2026, 1, 9))
        ]

    def test_a_date_against_an_instant_is_read_in_the_zone(self) -> None:
        """A date is its local midnight: 05:00 UTC on 2026-01-10 in New York."""
        day = D(2026, 1, 10)
        before = dt.datetime(2026, 1, 10, 4, 59, tzinfo=UTC)
        midnight = dt.datetime(2026, 1, 10, 5, tzinfo=UTC)
        after = midnight + dt.timedelta(microseconds=1)
        assert [True, True, False] == [
            _time.inverted(day, end, NY) for end in (before, midnight, after)
        ]
        assert [False, True] == [
            _time.inverted(start, day, NY) for start in (before, midnight)
        ]
        assert [False, True] == [
            _time.inverted(day, midnight, zone) for zone in ("Asia/Tokyo", NY)
        ]


class TestCheckWhen:
    def test_naive_datetime(self) -> None:
        """A naive datetime in a regime is refused, naming the field and the fix."""
        naive = dt.datetime(2026, 1, 1)  # noqa: DTZ001
        with pytest.raises(ac.NaiveDateTimeError) as caught:
            _time.check_when(naive, "effective")
        assert (
            "`effective` is a naive datetime `2026-01-01T00:00:00`: give it a "
            "timezone or use a date"
        ) == str(caught.value)
        assert ("effective", naive) == (caught.value.argument, caught.value.value)

    def test_not_a_date(self) -> None:
        """A non-date in a regime's date field is a `TypeError` naming the field."""
        with pytest.raises(TypeError) as caught:
            _time.check_when(5, "effective")
        assert "`effective`: expected a date or an aware datetime, got `5`" == str(
            caught.value
        )

    def test_dates_and_aware_datetimes_pass(self) -> None:
        """Dates and aware datetimes are accepted as a regime's dates."""
        _time.check_when(D(2026, 1, 1), "effective")
        _time.check_when(dt.datetime(2026, 1, 1, tzinfo=UTC), "effective")

    def test_dates_out_of_range(self) -> None:
        """A regime's date must be readable in every zone: 0001-01-02 to 9999-12-30."""
        for inside in (D(1, 1, 2), D(9999, 12, 30)):
            _time.check_when(inside, "effective")
        for outside in (
            D(1, 1, 1),
            D(9999, 12, 31),
            dt.datetime(9999, 12, 31, tzinfo=UTC),
            dt.datetime(1, 1, 1, 12, tzinfo=UTC),
        ):
            with pytest.raises(ValueError, match="out of range") as caught:
                _time.check_when(outside, "effective")
            assert (
                f"`effective`: `{outside.isoformat()}` is out of range: dates from "
                "0001-01-02 to 9999-12-30 can be read in every zone"
            ) == str(caught.value)

    def test_a_tzinfo_without_an_offset_is_naive(self) -> None:
        """A tzinfo whose `utcoffset` is `None` does not make a datetime aware."""

        class Nowhere(dt.tzinfo):
            def utcoffset(self, _: dt.datetime | None) -> None:
                return None

        assert not _time.is_aware(dt.datetime(2026, 1, 1, tzinfo=Nowhere()))
        assert _time.is_aware(dt.datetime(2026, 1, 1, tzinfo=UTC))
        assert not _time.is_aware(dt.datetime(2026, 1, 1))  # noqa: DTZ001


def _error(call: object) -> ac.QueryError:
    assert callable(call)
    with pytest.raises(ac.QueryError) as caught:
        call()
    return caught.value


class TestQueryErrors:
    """A malformed `at=`/`on=`/`as_known_on=` names the argument and the value."""

    def test_the_last_representable_day(self) -> None:
        """`on=` the last day of `date` is refused, pointing to `at=` instead."""
        r = regime(restriction_notice())
        error = _error(lambda: r.decide(FOREIGN, on=dt.date.max))
        assert (
            "`on`: 9999-12-31 is the last representable day; ask with `at=`"
        ) == str(error)
        assert ("on", dt.date.max) == (error.argument, error.value)

    def test_not_an_iso_instant(self) -> None:
        """An `at=` string that is not an ISO 8601 instant is refused, quoting it."""
        r = regime(restriction_notice())
        error = _error(lambda: r.decide(FOREIGN, at="noon"))
        assert "`at`: expected an ISO 8601 instant with an offset, got `noon`" == str(
            error
        )
        assert ("at", "noon") == (error.argument, error.value)

    def test_naive_instant(self) -> None:
        """A naive `at=`, datetime or ISO string without offset, is refused."""
        r = regime(restriction_notice())
        naive = dt.datetime(2026, 1, 1)  # noqa: DTZ001
        error = _error(lambda: r.decide(FOREIGN, at=naive))
        assert isinstance(error, ac.NaiveDateTimeError)
        assert (
            "`at` is a naive datetime `2026-01-01T00:00:00`: give it a timezone, e.g. "
            '`datetime(..., tzinfo=ZoneInfo("America/New_York"))`'
        ) == str(error)
        assert ("at", naive) == (error.argument, error.value)
        # an ISO string without an offset is naive too, and the advice is
        # about the text (a log's cell, a JSON field), not about Python
        error = _error(lambda: r.decide(FOREIGN, at="2026-01-01T12:00"))
        assert isinstance(error, ac.NaiveDateTimeError)
        assert "at" == error.argument
        assert (
            "`at` is a naive datetime `2026-01-01T12:00:00`: write its offset, "
            "e.g. `2026-01-01T12:00:00+00:00` for UTC"
        ) == str(error)

    def test_instants_out_of_range(self) -> None:
        """From 0001-01-02 to 9999-12-30 (UTC), both included, and no further."""
        first = dt.datetime(1, 1, 2, tzinfo=UTC)
        last = dt.datetime(9999, 12, 30, tzinfo=UTC)
        micro = dt.timedelta(microseconds=1)
        assert (_time.micros(first), _time.micros(last)) == (
            _time.query_instant(first, "at"),
            _time.query_instant(last, "at"),
        )
        for outside in (first - micro, last + micro):
            error = _error(lambda o=outside: _time.query_instant(o, "at"))
            assert (
                f"`at`: `{outside.isoformat()}` is out of range: instants from "
                "0001-01-02 to 9999-12-30 (UTC) can be decided"
            ) == str(error)
            assert ("at", outside) == (error.argument, error.value)

    def test_not_an_instant(self) -> None:
        """An `at=` that is neither a datetime nor a string is refused, quoting it."""
        r = regime(restriction_notice())
        error = _error(lambda: r.decide(FOREIGN, at=5))  # type: ignore[arg-type]
        assert "`at`: expected an aware datetime, got `5`" == str(error)
        assert ("at", 5) == (error.argument, error.value)

    def test_not_an_iso_date(self) -> None:
        """An `on=` string that is not YYYY-MM-DD is refused, quoting it."""
        r = regime(restriction_notice())
        error = _error(lambda: r.decide(FOREIGN, on="Jan 10"))
        assert "`on`: expected a date as YYYY-MM-DD, got `Jan 10`" == str(error)
        assert ("on", "Jan 10") == (error.argument, error.value)

    def test_a_datetime_is_not_a_day(self) -> None:
        """A datetime given as `on=` is refused, pointing to `at=` for an instant."""
        r = regime(restriction_notice())
        moment = dt.datetime(2026, 1, 10, tzinfo=UTC)
        error = _error(lambda: r.decide(FOREIGN, on=moment))
        assert (
            "`on`: expected a date, got the datetime `2026-01-10T00:00:00+00:00` "
            "(use `at=` for an instant)"
        ) == str(error)
        assert ("on", moment) == (error.argument, error.value)

    def test_not_a_day(self) -> None:
        """An `on=` that is not a date is refused, quoting it."""
        r = regime(restriction_notice())
        error = _error(lambda: r.decide(FOREIGN, on=5))  # type: ignore[arg-type]
        assert "`on`: expected a date, got `5`" == str(error)
        assert ("on", 5) == (error.argument, error.value)

    def test_as_known_on_names_itself(self) -> None:
        """A bad `as_known_on=` is reported under its own name, not `at` or `on`."""
        r = regime(restriction_notice())
        error = _error(lambda: r.decide(FOREIGN, on="2026-01-10", as_known_on="x"))
        assert "as_known_on" == error.argument
        error = _error(
            lambda: r.decide(FOREIGN, on="2026-01-10", as_known_on="2026-01-10T12:00")
        )
        assert isinstance(error, ac.NaiveDateTimeError)
        assert "as_known_on" == error.argument


class TestQueryArguments:
    def test_naive_datetime_is_rejected(self) -> None:
        """A datetime without a timezone is an error naming the argument."""
        r = regime(restriction_notice())
        with pytest.raises(ac.NaiveDateTimeError, match="`at` is a naive datetime"):
            r.decide(FOREIGN, at=dt.datetime(2026, 1, 10, 12))  # noqa: DTZ001
        with pytest.raises(ac.NaiveDateTimeError):
            r.decide(FOREIGN, at="2026-01-10T12:00:00")

    def test_iso_strings_are_accepted(self) -> None:
        """`on=` takes YYYY-MM-DD and `at=` an ISO instant with its offset."""
        r = regime(restriction_notice())
        assert (
            r.decide(FOREIGN, on="2026-01-10").verdict,
            r.decide(FOREIGN, at="2026-01-10T00:00:00-05:00").verdict,
        ) == (LR, LR)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({}, "exactly one of"),
            ({"on": "2026-01-10", "at": "2026-01-10T00:00:00+00:00"}, "exactly one of"),
            (
                {"on": "2026-13-01"},
                "`on`: expected a date as YYYY-MM-DD, got `2026-13-01`",
            ),
            ({"on": dt.datetime(2026, 1, 1, tzinfo=ZoneInfo(NY))}, "use `at=`"),
            ({"on": 20260101}, "`on`: expected a date"),
            ({"on": "2026-01-10", "as_known_on": "yesterday"}, "`as_known_on`"),
        ],
    )
    def test_malformed_queries(self, kwargs: dict[str, object], message: str) -> None:
        """A malformed question is a `QueryError` whose message names the bad value."""
        with pytest.raises(
            ac.QueryError, match=message.replace("(", r"\(").replace("`", "`")
        ):
            regime(restriction_notice()).decide(FOREIGN, **kwargs)  # type: ignore[arg-type]

    def test_the_last_representable_day(self) -> None:
        """9999-12-31 as a day is a clear query error; as knowledge it means everything."""
        r = regime(restriction_notice())
        with pytest.raises(ac.QueryError, match="last representable day"):
            r.decide(FOREIGN, on="9999-12-31")
        assert LR == verdict(r, "2026-06-01", as_known_on="9999-12-31")

    def test_as_known_on_an_instant(self) -> None:
        """`as_known_on` may be an instant: acts published after it are unknown."""
        at_noon = dt.datetime(2026, 1, 10, 12, tzinfo=ZoneInfo(NY))
        r = regime(restriction_notice(published=at_noon, effective=D(2026, 1, 11)))
        assert (
            verdict(r, "2026-01-12", as_known_on=at_noon - dt.timedelta(seconds=1)),
            verdict(r, "2026-01-12", as_known_on=at_noon),
        ) == (P, LR)


class TestOneReading:
    """One reading of a time argument: `start=`, `end=` and `as_known_on=` agree."""

    @pytest.mark.parametrize(
        "text",
        ["2026-06-15T12:00:00+00:00", "2026-06-15 12:00:00+00:00", "2026-06-15T12:00Z"],
    )
    def test_an_instant_string_is_an_instant_everywhere(self, text: str) -> None:
        """A string with a time (a `T` or a space) is the instant it writes, for every argument."""
        history = MYTHOS.history(MYTHOS_ACCESS, start=text, end="2026-07-01")
        assert NOON == history[0].start
        by_text = MYTHOS.decide(MYTHOS_ACCESS, on="2026-06-20", as_known_on=text)
        by_instant = MYTHOS.decide(MYTHOS_ACCESS, on="2026-06-20", as_known_on=NOON)
        assert by_instant.to_dict() == by_text.to_dict()

    def test_a_date_string_is_a_day_everywhere(self) -> None:
        """A `YYYY-MM-DD` string is a date for `start=` and for `as_known_on=` alike."""
        history = MYTHOS.history(MYTHOS_ACCESS, start="2026-06-15", end="2026-07-01")
        start = history[0].start
        assert (dt.date(2026, 6, 15), 0) == (start.date(), start.hour)
        by_text = MYTHOS.decide(
            MYTHOS_ACCESS, on="2026-06-20", as_known_on="2026-06-12"
        )
        by_date = MYTHOS.decide(
            MYTHOS_ACCESS, on="2026-06-20", as_known_on=dt.date(2026, 6, 12)
        )
        assert by_date.to_dict() == by_text.to_dict()

    def test_a_malformed_time_is_refused_alike(self) -> None:
        """A time without an offset is refused by every argument, never guessed."""
        for call in (
            lambda: MYTHOS.history(MYTHOS_ACCESS, start="2026-06-15 12:00"),
            lambda: MYTHOS.decide(
                MYTHOS_ACCESS, on="2026-06-20", as_known_on="2026-06-15 12:00"
            ),
        ):
            with pytest.raises(ac.NaiveDateTimeError):
                call()


class TestKnowledgeCutoff:
    def test_a_date_knows_all_of_its_local_day(self) -> None:
        """`as_known_on=` a date counts what was published up to the end of that day."""
        next_midnight = _time.resolve(D(2026, 1, 11), NY)
        assert next_midnight - 1 == _time.knowledge_cutoff("2026-01-10", NY)
        assert next_midnight - 1 == _time.knowledge_cutoff(D(2026, 1, 10), NY)

    def test_an_instant_knows_up_to_itself(self) -> None:
        """`as_known_on=` an instant, in any ISO form, knows up to that instant."""
        moment = dt.datetime(2026, 1, 10, 12, tzinfo=UTC)
        expected = _time.micros(moment)
        assert expected == _time.knowledge_cutoff(moment, NY)
        assert expected == _time.knowledge_cutoff("2026-01-10T12:00:00+00:00", NY)
        assert expected == _time.knowledge_cutoff("2026-01-10 12:00:00+00:00", NY)

    def test_the_last_day_knows_everything(self) -> None:
        """`as_known_on=` the last representable day knows every notice."""
        assert _time.POS_INF == _time.knowledge_cutoff(dt.date.max, NY)

    def test_published_late_in_the_day_is_known_that_day(self) -> None:
        """A notice published at 23:00 is known `as_known_on` its date, not the day before."""
        late = dt.datetime(2026, 1, 10, 23, tzinfo=ZoneInfo(NY))
        r = regime(
            restriction_notice(
                published=late, effective=D(2026, 1, 5), retroactive=True
            )
        )
        assert (ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED) == (
            r.decide(FOREIGN, on="2026-01-20", as_known_on="2026-01-09").verdict,
            r.decide(FOREIGN, on="2026-01-20", as_known_on="2026-01-10").verdict,
        )
