"""Country groups and entity lists: knowledge dates on their memberships.

A membership may say when it became known (`published`) and when its end
did (`end_published`); `as_known_on` before then does not see it, or its end.
Entity lists had them first; country groups have them too (#17).

The Cambodia example: secondary sources report that BIS removed Cambodia from
D:5 by a rule effective 2026-02-03 (data/ear/country-groups-notes.md [S]
Fenwick); the group here is illustrative (only the members the tests need),
and so is the `fr-joins` membership of group `g`.
"""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

import aicontrols as ac
from aicontrols._canonical import canonical

from .core_regime import assert_index_agrees

D = dt.date
CAMBODIA_LEAVES = D(2026, 2, 3)
FR_JOINS = D(2026, 3, 1)
FR_PUBLISHED = D(2026, 2, 20)


def groups_regime(**more: object) -> ac.Regime:
    """A license requirement for destinations in D:5 or in group `g`, whose
    memberships carry knowledge dates."""
    fields: dict[str, object] = {
        "jurisdiction": "US",
        "timezone": "America/New_York",
        "country_groups": [
            ac.CountryGroup(
                "D:5",
                members=[
                    "CN",
                    ac.Membership(
                        "KH",
                        end=CAMBODIA_LEAVES,
                        end_published=CAMBODIA_LEAVES,
                    ),
                ],
            ),
            ac.CountryGroup(
                "g",
                members=[ac.Membership("FR", start=FR_JOINS, published=FR_PUBLISHED)],
            ),
        ],
        "entities": [ac.Entity("buyer", country="SG")],
        "items": [ac.ControlledItem("chip")],
        "notices": [
            ac.Notice(
                "n1",
                published=D(2025, 1, 1),
                effective=D(2025, 1, 1),
                adds=[
                    ac.Restriction("r1", recipients=ac.DestinationInGroup(["D:5", "g"]))
                ],
            )
        ],
        **more,
    }
    return ac.Regime("groups", **fields)  # type: ignore[arg-type]


REGIME = groups_regime()


def to(country: str) -> ac.Access:
    return ac.Access("buyer", "chip", "on-premises", location=country)


class TestKnowledgeDates:
    @pytest.mark.parametrize(
        ("known", "verdict"),
        [
            (D(2026, 2, 19), ac.Verdict.PERMITTED),
            (D(2026, 2, 20), ac.Verdict.LICENSE_REQUIRED),
            (D(2026, 2, 21), ac.Verdict.LICENSE_REQUIRED),
            (None, ac.Verdict.LICENSE_REQUIRED),
        ],
    )
    def test_a_membership_is_seen_from_its_publication(
        self, known: dt.date | None, verdict: ac.Verdict
    ) -> None:
        """France joining `g` on 2026-03-01, published 2026-02-20: as known the
        day before the publication it is not a member; from it, it is."""
        assert verdict is REGIME.verdict(to("FR"), on=D(2026, 3, 5), as_known_on=known)

    @pytest.mark.parametrize(
        ("known", "verdict"),
        [
            (D(2026, 2, 2), ac.Verdict.LICENSE_REQUIRED),
            (D(2026, 2, 3), ac.Verdict.PERMITTED),
            (D(2026, 2, 4), ac.Verdict.PERMITTED),
        ],
    )
    def test_an_end_is_seen_from_its_publication(
        self, known: dt.date, verdict: ac.Verdict
    ) -> None:
        """Cambodia leaving D:5 on 2026-02-03: as known the day before, a
        shipment there on 2026-02-04 still needed a license."""
        assert verdict is REGIME.verdict(to("KH"), on=D(2026, 2, 4), as_known_on=known)

    def test_valid_time_is_kept_apart(self) -> None:
        """With everything known, France is a member only from 2026-03-01."""
        assert [ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED] == [
            REGIME.verdict(to("FR"), on=day) for day in (D(2026, 2, 28), FR_JOINS)
        ]

    def test_history_as_known(self) -> None:
        """A history as known before the publication has no segment for France
        joining; with everything known, the group change is its cause."""

        def segments(known: dt.date | None) -> list[tuple[str | None, str, str]]:
            timeline = REGIME.history(to("FR"), as_known_on=known)
            return [
                (
                    None if s.start is None else s.start.date().isoformat(),
                    s.verdict.value,
                    s.cause.description,
                )
                for s in timeline
            ]

        assert [(None, "permitted", "the beginning of the record")] == segments(
            D(2026, 2, 19)
        )
        assert [
            (None, "permitted", "the beginning of the record"),
            ("2026-03-01", "license_required", "country group `g` changed"),
        ] == segments(None)

    def test_changes_list_rule_changes_only(self) -> None:
        """`changes()` lists acts on rules, not memberships, as before."""
        assert [] == list(REGIME.changes(since=D(2026, 1, 1)))

    @pytest.mark.parametrize(
        "known", [None, D(2026, 2, 2), D(2026, 2, 3), D(2026, 2, 19), D(2026, 2, 20)]
    )
    def test_the_index_agrees_with_the_interpreter(self, known: dt.date | None) -> None:
        """The compiled index and the interpreter agree before and after each
        publication."""
        assert_index_agrees(REGIME, to("FR"), to("KH"), as_known_on=known)

    def test_a_published_membership_is_accepted(self) -> None:
        """A country group's member takes `published` and `end_published`."""
        member = ac.Membership(
            "KH",
            end=CAMBODIA_LEAVES,
            published=D(2021, 12, 9),
            end_published=CAMBODIA_LEAVES,
        )
        group = ac.CountryGroup("D:5", members=[member])
        assert (D(2021, 12, 9), CAMBODIA_LEAVES) == (
            group.members[0].published,
            group.members[0].end_published,
        )


class TestConsistency:
    @pytest.mark.parametrize("kind", ["country_groups", "entity_lists"])
    def test_an_end_known_before_the_membership(self, kind: str) -> None:
        """An end that became known before the membership did is refused, in a
        country group as in an entity list."""
        member = ac.Membership(
            "KH" if kind == "country_groups" else "party",
            end=D(2026, 3, 1),
            published=D(2026, 2, 1),
            end_published=D(2026, 1, 1),
        )
        cls = ac.CountryGroup if kind == "country_groups" else ac.EntityList
        with pytest.raises(ac.InvalidRegimeError) as caught:
            ac.Regime(
                "bad",
                jurisdiction="US",
                timezone="UTC",
                **{kind: [cls("g", members=[member])]},  # type: ignore[arg-type]
            )
        assert (
            f"{kind}[0].members[0].end_published",
            "`end_published` (2026-01-01) must not be before `published` (2026-02-01)",
        ) == (caught.value.path, caught.value.message.split(": ", 1)[1])

    def test_an_end_published_without_an_end(self) -> None:
        """`end_published` without an `end` is refused: no end became known."""
        member = ac.Membership("KH", end_published=D(2026, 1, 1))
        with pytest.raises(ac.InvalidRegimeError, match="without an `end`"):
            ac.Regime(
                "bad",
                jurisdiction="US",
                timezone="UTC",
                country_groups=[ac.CountryGroup("g", members=[member])],
            )

    def test_an_end_published_with_the_membership(self) -> None:
        """An end published together with the membership is fine."""
        member = ac.Membership(
            "KH",
            end=D(2026, 3, 1),
            published=D(2026, 2, 1),
            end_published=D(2026, 2, 1),
        )
        groups = [ac.CountryGroup("g", members=[member])]
        regime = ac.Regime(
            "ok", jurisdiction="US", timezone="UTC", country_groups=groups
        )
        assert member == regime.country_groups[0].members[0]


TEXT = """\
id: groups
jurisdiction: US
timezone: America/New_York
country_groups:
- id: D:5
  members:
  - CN
  - country: KH
    end: 2026-02-03
    end_published: 2026-02-03
- id: g
  members:
  - country: FR
    start: 2026-03-01
    published: 2026-02-20
notices: []
"""


class TestFiles:
    def test_load(self) -> None:
        """`published` and `end_published` on a group member mean what
        `Membership` means."""
        regime = ac.loads_regime(TEXT)
        assert REGIME.country_groups == regime.country_groups

    def test_round_trip(self) -> None:
        """Dumping and loading again gives an equal regime, in YAML and JSON."""
        for format in ("yaml", "json"):
            assert REGIME == ac.loads_regime(ac.dump_regime(REGIME, format=format))

    def test_the_schema_accepts_them(self) -> None:
        """The JSON Schema accepts knowledge dates on a group's members."""
        data = json.loads(ac.dump_regime(REGIME, format="json"))
        validator = jsonschema.Draft202012Validator(ac.regime_schema())
        assert [] == list(validator.iter_errors(data))

    def test_an_inconsistent_end_is_located(self) -> None:
        """An end published before the membership is located in the file."""
        text = TEXT.replace(
            "    published: 2026-02-20\n",
            "    published: 2026-02-20\n    end: 2026-06-01\n"
            "    end_published: 2026-02-01\n",
        )
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="groups.yaml")
        assert [
            "groups.yaml:17:20: country_groups[1].members[0].end_published: member "
            "`FR`: `end_published` (2026-02-01) must not be before `published` "
            "(2026-02-20)"
        ] == str(caught.value).splitlines()


class TestFingerprint:
    def test_groups_without_knowledge_dates_render_as_before(self) -> None:
        """A group whose members have no knowledge dates renders as before
        they existed: fingerprints and replay tokens are unchanged."""
        group = ac.CountryGroup(
            "D:5", members=["CN", ac.Membership("KH", end=CAMBODIA_LEAVES)]
        )
        rendered = json.dumps(canonical(group))
        assert ("published" in rendered, "end_published" in rendered) == (
            False,
            False,
        )

    def test_knowledge_dates_change_the_fingerprint(self) -> None:
        """A group member's publication date is part of the content hash."""
        plain = groups_regime(
            country_groups=[
                ac.CountryGroup("D:5", members=["CN"]),
                ac.CountryGroup("g"),
            ]
        )
        dated = groups_regime(
            country_groups=[
                ac.CountryGroup(
                    "D:5", members=[ac.Membership("CN", published=D(2021, 1, 1))]
                ),
                ac.CountryGroup("g"),
            ]
        )
        assert plain.fingerprint != dated.fingerprint
