"""What a regime compiles and keeps: shapes, their bounded cache, pickling, `verdict()`."""

from __future__ import annotations

import datetime as dt
import gc
import pickle
import threading

import pytest

import aicontrols as ac
from aicontrols._engine import engine as engine_module
from aicontrols._engine.shapes import collector_paused
from aicontrols._regime import engine_of

NY = dt.timezone(dt.timedelta(hours=-4))
AFTER_BOTH = dt.datetime(2026, 6, 29, 12, tzinfo=NY)


def fresh() -> ac.Regime:
    """A mythos5 regime nobody has asked anything yet (`examples.load` shares one)."""
    return ac.load_regime(ac.examples.path("mythos5"))


def person(name: str, country: str = "IN", employer: str | None = None) -> ac.Entity:
    return ac.Entity(
        name,
        kind="individual",
        citizenships=[ac.Citizenship(country)],
        employments=[ac.Employment(employer)] if employer else [],
    )


class TestVerdict:
    @pytest.mark.parametrize(
        ("who", "item", "expected"),
        [
            (person("priya"), "fable-5", ac.Verdict.LICENSE_REQUIRED),
            (person("sam", employer="anthropic"), "mythos-5", ac.Verdict.PERMITTED),
            (ac.Entity("kim", kind="individual"), "fable-5", ac.Verdict.UNDETERMINED),
            ("other-corp", "fable-5", ac.Verdict.PERMITTED),
        ],
    )
    def test_same_as_decide(
        self, who: ac.Entity | str, item: str, expected: ac.Verdict
    ) -> None:
        """`verdict()` gives `decide()`'s verdict, for each kind of recipient."""
        regime = ac.examples.load("mythos5")
        access = ac.Access(who, item, "hosted-api", "US")
        assert expected is regime.verdict(access, at=AFTER_BOTH)
        assert regime.decide(access, at=AFTER_BOTH).verdict is regime.verdict(
            access, at=AFTER_BOTH
        )

    def test_a_day_whose_verdict_changes_takes_the_worst(self) -> None:
        """On 2026-06-12 the letter took effect at local midnight: all day binds."""
        regime = ac.examples.load("mythos5")
        access = ac.Access(person("priya"), "fable-5", "web-app", "US")
        letter = dt.datetime(2026, 6, 12, 12, tzinfo=dt.UTC)
        assert ac.Verdict.LICENSE_REQUIRED is regime.verdict(access, on=letter.date())
        assert ac.Verdict.PERMITTED is regime.verdict(access, on="2026-06-11")
        assert ac.Verdict.PERMITTED is regime.verdict(
            access, on="2026-07-01", as_known_on="2026-06-01"
        )

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            ({}, ac.QueryError, "give exactly one of `on=`"),
            (
                {"on": "2026-06-12", "at": AFTER_BOTH},
                ac.QueryError,
                "give exactly one of `on=`",
            ),
            ({"at": dt.datetime(2026, 6, 12)}, ac.NaiveDateTimeError, "naive"),  # noqa: DTZ001
            ({"on": "June 12"}, ac.QueryError, "expected a date as YYYY-MM-DD"),
        ],
    )
    def test_errors_as_decide(
        self, kwargs: dict[str, object], error: type[Exception], message: str
    ) -> None:
        """`verdict()` refuses bad `on=`/`at=` with the errors `decide()` raises."""
        regime = ac.examples.load("mythos5")
        access = ac.Access("acme-cloud", "mythos-5", "hosted-api")
        with pytest.raises(error, match=message):
            regime.verdict(access, **kwargs)  # type: ignore[arg-type]
        with pytest.raises(error, match=message):
            regime.decide(access, **kwargs)  # type: ignore[arg-type]


class TestShapeCache:
    def test_equal_accesses_share_a_shape(self) -> None:
        """Two equal accesses are compiled once: they share one cached shape."""
        regime = fresh()
        one = ac.Access(person("priya"), "fable-5", "web-app", "US")
        two = ac.Access(person("priya"), "fable-5", "web-app", "US")
        regime.decide(one, at=AFTER_BOTH)
        regime.decide(two, at=AFTER_BOTH)
        assert 1 == len(engine_of(regime).shapes)

    def test_the_cache_is_bounded_and_answers_stay_right(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The shape cache stays within its bound; evicting never changes answers."""
        monkeypatch.setattr(engine_module, "MAX_SHAPES", 3)
        regime = fresh()
        people = [person(f"p{i}", country=("IN" if i % 2 else "US")) for i in range(8)]
        for _ in range(2):
            for i, who in enumerate(people):
                access = ac.Access(who, "fable-5", "web-app", "US")
                expected = (
                    ac.Verdict.LICENSE_REQUIRED if i % 2 else ac.Verdict.PERMITTED
                )
                assert expected is regime.decide(access, at=AFTER_BOTH).verdict
                assert len(engine_of(regime).shapes) <= 3

    def test_ad_hoc_items_of_one_id_and_other_facts_are_two_shapes(self) -> None:
        """A cache keyed by ids alone would answer for the first item's facts."""
        regime = fresh()
        who = person("priya", employer="acme-cloud")
        first, second = (
            ac.Access(
                who,
                ac.ControlledItem("prototype", developer=developer),
                "web-app",
                "US",
            )
            for developer in ("anthropic", "other-corp")
        )
        assert ac.Verdict.PERMITTED is regime.verdict(first, at=AFTER_BOTH)
        assert ac.Verdict.PERMITTED is regime.verdict(second, at=AFTER_BOTH)
        assert 2 == len(engine_of(regime).shapes)

    def test_a_catalog_id_with_other_facts_is_refused(self) -> None:
        """An item object under a catalog id with other facts is never cached."""
        regime = fresh()
        other = ac.Access(
            person("priya"),
            ac.ControlledItem("mythos-5", developer="someone-else"),
            "web-app",
            "US",
        )
        with pytest.raises(ac.CatalogConflictError, match="`developer`"):
            regime.verdict(other, at=AFTER_BOTH)
        assert 0 == len(engine_of(regime).shapes)


class TestCollectorPaused:
    def test_overlapping_pauses_end_with_the_last(self) -> None:
        """The collector stays off until the last of overlapping pauses ends, then is on."""
        assert gc.isenabled()
        first, second = collector_paused(), collector_paused()
        first.__enter__()
        second.__enter__()
        first.__exit__(None, None, None)
        assert not gc.isenabled()  # the second audit is still deciding
        second.__exit__(None, None, None)
        assert gc.isenabled()

    def test_a_user_who_turned_it_off_keeps_it_off(self) -> None:
        """A program that disabled the collector finds it disabled after an audit."""
        gc.disable()
        try:
            with collector_paused():
                pass
            assert not gc.isenabled()
        finally:
            gc.enable()

    def test_threads_leave_it_on(self) -> None:
        """Audits in threads, overlapping at random, leave the collector on."""

        def pause_often() -> None:
            for _ in range(2000):
                with collector_paused():
                    pass

        threads = [threading.Thread(target=pause_often) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert gc.isenabled()


class TestPickling:
    def test_round_trip_decides_alike(self) -> None:
        """A regime pickled and unpickled equals the original and decides alike."""
        regime = ac.examples.load("mythos5")
        access = ac.Access(person("priya"), "fable-5", "web-app", "US")
        before = regime.decide(access, on="2026-06-29").to_dict()
        copy = pickle.loads(pickle.dumps(regime))
        assert regime == copy
        assert before == copy.decide(access, on="2026-06-29").to_dict()

    def test_only_the_data_travels(self) -> None:
        """The caches stay behind: each process compiles its own."""
        regime = fresh()
        empty = len(pickle.dumps(regime))
        for day in range(1, 28):
            regime.decide(
                ac.Access(person(f"p{day}"), "fable-5", "web-app", "US"),
                on=f"2026-06-{day:02}",
            )
        assert empty == len(pickle.dumps(regime))
        assert {} == engine_of(pickle.loads(pickle.dumps(regime))).shapes
