"""Regime files: the screening fields (aliases, address countries, `same_as`,
published list memberships, list caveats) and scopes (`owned_by_listed`,
`within_requirement`) load, dump, round-trip and report located errors."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import pytest

import aicontrols as ac
from aicontrols._canonical import canonical

D = dt.date
NEW_YORK_OFFSET = dt.timezone(dt.timedelta(hours=-5))

TEXT = """\
id: screened
jurisdiction: US
timezone: America/New_York
entity_lists:
- id: entity-list
  members:
  - listed-co
  - entity: gone-co
    start: 2024-01-01
    end: 2026-03-01
    published: 2024-01-05
    end_published: 2026-03-04T09:00:00-05:00
- id: sdn
  caveat: on a Treasury list; its legal effect is not modelled
  members:
  - listed-co
catalog:
  entities:
  - id: listed-co
    country: CN
    aliases: [Listed Company Ltd, LC Ltd]
    address_countries: [cn, HK]
  - id: listed-co-hk
    same_as: [listed-co]
  - id: gone-co
  - id: subsidiary
    owners:
    - owner: listed-co
      share: 0.6
notices:
- id: n1
  published: 2026-01-05
  effective: 2026-01-05
  adds:
    restrictions:
    - id: affiliates
      recipients:
        any:
        - owned_by_listed: entity-list
        - owned_by_listed: {lists: [entity-list, sdn], min_share: 0.5}
    - id: unreadable
      items:
        within_requirement: For all items subject to the EAR
      recipients:
        on_list: entity-list
"""

# The regime TEXT describes, built in Python.
EXPECTED = ac.Regime(
    "screened",
    jurisdiction="US",
    timezone="America/New_York",
    entity_lists=[
        ac.EntityList(
            "entity-list",
            members=[
                ac.Membership("listed-co"),
                ac.Membership(
                    "gone-co",
                    start=D(2024, 1, 1),
                    end=D(2026, 3, 1),
                    published=D(2024, 1, 5),
                    end_published=dt.datetime(2026, 3, 4, 9, tzinfo=NEW_YORK_OFFSET),
                ),
            ],
        ),
        ac.EntityList(
            "sdn",
            members=["listed-co"],
            caveat="on a Treasury list; its legal effect is not modelled",
        ),
    ],
    entities=[
        ac.Entity(
            "listed-co",
            country="CN",
            aliases=["Listed Company Ltd", "LC Ltd"],
            address_countries=["CN", "HK"],
        ),
        ac.Entity("listed-co-hk", same_as=["listed-co"]),
        ac.Entity("gone-co"),
        ac.Entity("subsidiary", owners=[ac.Ownership("listed-co", share=0.6)]),
    ],
    notices=[
        ac.Notice(
            "n1",
            published=D(2026, 1, 5),
            effective=D(2026, 1, 5),
            adds=[
                ac.Restriction(
                    "affiliates",
                    recipients=ac.AnyOf(
                        [
                            ac.OwnedByListed("entity-list"),
                            ac.OwnedByListed(["entity-list", "sdn"], min_share=0.5),
                        ]
                    ),
                ),
                ac.Restriction(
                    "unreadable",
                    items=ac.WithinRequirement("For all items subject to the EAR"),
                    recipients=ac.OnList("entity-list"),
                ),
            ],
        )
    ],
)


def load_error(text: str, name: str = "screened.yaml") -> ac.RegimeFileError:
    """The `RegimeFileError` that loading `text` raises."""
    with pytest.raises(ac.RegimeFileError) as caught:
        ac.loads_regime(text, name=name)
    return caught.value


def replaced(old: str, new: str) -> str:
    """TEXT with `old`, which it holds exactly once, replaced by `new`."""
    assert 1 == TEXT.count(old), old
    return TEXT.replace(old, new)


# ---------------------------------------------------------------- reading and writing


class TestRoundTrip:
    def test_file_reads_as_the_python_regime(self) -> None:
        """Every new key reads as the field or scope it names."""
        assert EXPECTED == ac.loads_regime(TEXT, name="screened.yaml")

    @pytest.mark.parametrize("format", ["yaml", "json"])
    def test_dump_load_is_equal(self, format: str) -> None:
        """A regime using every new key dumps and loads back equal, YAML and JSON."""
        text = ac.dump_regime(EXPECTED, format=format)
        assert EXPECTED == ac.loads_regime(text, name=f"screened.{format}")

    def test_dump_is_deterministic(self) -> None:
        """Dumping gives the same text again after a reload."""
        text = ac.dump_regime(EXPECTED)
        assert text == ac.dump_regime(ac.loads_regime(text))

    def test_json_dump_passes_the_schema(self) -> None:
        """The JSON Schema alone accepts the dump of every new key."""
        data = json.loads(ac.dump_regime(EXPECTED, format="json"))
        validator = jsonschema.Draft202012Validator(ac.regime_schema())
        assert [] == [e.message for e in validator.iter_errors(data)]

    def test_dump_writes_the_keys(self) -> None:
        """The dump spells the keys as the format documents them."""
        data = json.loads(ac.dump_regime(EXPECTED, format="json"))
        listed, _, _, _ = data["catalog"]["entities"]
        dated = data["entity_lists"][0]["members"][1]
        affiliates, unreadable = data["notices"][0]["adds"]["restrictions"]
        assert (
            {
                "id": "listed-co",
                "country": "CN",
                "aliases": ["Listed Company Ltd", "LC Ltd"],
                "address_countries": ["CN", "HK"],
            },
            {"id": "listed-co-hk", "same_as": ["listed-co"]},
            {
                "entity": "gone-co",
                "start": "2024-01-01",
                "end": "2026-03-01",
                "published": "2024-01-05",
                "end_published": "2026-03-04T09:00:00-05:00",
            },
            "on a Treasury list; its legal effect is not modelled",
            {
                "any": [
                    {"owned_by_listed": "entity-list"},
                    {
                        "owned_by_listed": {
                            "lists": ["entity-list", "sdn"],
                            "min_share": 0.5,
                        }
                    },
                ]
            },
            {"within_requirement": "For all items subject to the EAR"},
        ) == (
            listed,
            data["catalog"]["entities"][1],
            dated,
            data["entity_lists"][1]["caveat"],
            affiliates["recipients"],
            unreadable["items"],
        )

    @pytest.mark.parametrize(
        ("written", "lists", "share"),
        [
            ("entity-list", {"entity-list"}, None),
            ("[entity-list, sdn]", {"entity-list", "sdn"}, None),
            ("{lists: entity-list}", {"entity-list"}, None),
            ("{lists: [sdn], min_share: 1}", {"sdn"}, 1),
        ],
    )
    def test_owned_by_listed_forms(
        self, written: str, lists: set[str], share: float | None
    ) -> None:
        """`owned_by_listed` takes one list id, several, or a mapping, like `owned_by`."""
        text = replaced(
            "        - owned_by_listed: entity-list\n",
            f"        - owned_by_listed: {written}\n",
        )
        scope = ac.loads_regime(text).notice("n1").adds[0].recipients
        assert isinstance(scope, ac.AnyOf)
        assert ac.OwnedByListed(lists, min_share=share) == scope.scopes[0]

    def test_defaults_are_left_out(self) -> None:
        """An entity or a membership without the new fields is written as before."""
        regime = ac.Regime(
            "plain",
            jurisdiction="US",
            timezone="UTC",
            entity_lists=[ac.EntityList("l", members=[ac.Membership("e")])],
            entities=[ac.Entity("e")],
        )
        data = json.loads(ac.dump_regime(regime, format="json"))
        assert (
            [{"id": "e"}],
            [{"id": "l", "members": ["e"]}],
        ) == (data["catalog"]["entities"], data["entity_lists"])


# ---------------------------------------------------------------- located errors


BAD: list[tuple[str, str, str, str]] = [
    (
        "address_countries: [cn, HK]",
        "address_countries: [XYZ]",
        "screened.yaml:22:25: catalog.entities[0].address_countries[0]: "
        "expected an ISO 3166-1 alpha-2 country code, got `XYZ`",
        "address countries",
    ),
    (
        "aliases: [Listed Company Ltd, LC Ltd]",
        "aliases: Listed Company Ltd",
        "screened.yaml:21:14: catalog.entities[0].aliases: "
        'expected a list, got "Listed Company Ltd"',
        "aliases",
    ),
    (
        "aliases: [Listed Company Ltd, LC Ltd]",
        "aliases: [Listed Company Ltd, '']",
        "screened.yaml:21:35: catalog.entities[0].aliases[1]: "
        'expected a non-empty string, got ""',
        "blank alias",
    ),
    (
        "same_as: [listed-co]",
        "same_as: [listed co]",
        # reported once: a value the schema refuses is not also an unknown id
        "screened.yaml:24:15: catalog.entities[1].same_as[0]: "
        "expected an id: letters, digits and `-._:/+@`, starting with a letter "
        'or digit, got "listed co"',
        "same_as id",
    ),
    (
        "published: 2024-01-05",
        "published: 2024-02-30",
        "screened.yaml:11:16: entity_lists[0].members[1].published: "
        'expected a real calendar date or instant, got "2024-02-30"',
        "published date",
    ),
    (
        "end_published: 2026-03-04T09:00:00-05:00",
        "end_published: 2026-03-04T09:00:00",
        "screened.yaml:12:20: entity_lists[0].members[1].end_published: "
        "expected a date (YYYY-MM-DD) or an instant with an offset "
        '(YYYY-MM-DDTHH:MM[:SS]±HH:MM), got "2026-03-04T09:00:00"',
        "end_published without an offset",
    ),
    (
        "caveat: on a Treasury list; its legal effect is not modelled",
        "caveat: ''",
        'screened.yaml:14:11: entity_lists[1].caveat: expected a non-empty string, got ""',
        "blank caveat",
    ),
    (
        "        - owned_by_listed: entity-list\n",
        "        - owned_by_listed: {}\n",
        "screened.yaml:39:28: notices[0].adds.restrictions[0].recipients.any[0]"
        ".owned_by_listed: missing required key `lists`",
        "owned_by_listed without lists",
    ),
    (
        "        - owned_by_listed: entity-list\n",
        "        - owned_by_listed: []\n",
        "screened.yaml:39:28: notices[0].adds.restrictions[0].recipients.any[0]"
        ".owned_by_listed: expected at least 1 entry, got an empty list",
        "owned_by_listed empty",
    ),
    (
        "        - owned_by_listed: entity-list\n",
        "        - owned_by_listed: no-such-list\n",
        "screened.yaml:39:28: notices[0].adds.restrictions[0].recipients.any[0]"
        ".owned_by_listed: unknown entity list id `no-such-list`",
        "unknown list",
    ),
    (
        "{lists: [entity-list, sdn], min_share: 0.5}",
        "{lists: [entity-list, ofac], min_share: 0.5}",
        "screened.yaml:40:50: notices[0].adds.restrictions[0].recipients.any[1]"
        ".owned_by_listed.lists[1]: unknown entity list id `ofac`",
        "unknown list in a mapping",
    ),
    (
        "{lists: [entity-list, sdn], min_share: 0.5}",
        "{lists: [entity-list, sdn], min_share: 1.5}",
        "screened.yaml:40:67: notices[0].adds.restrictions[0].recipients.any[1]"
        ".owned_by_listed.min_share: expected a number <= 1, got 1.5",
        "min_share above 1",
    ),
    (
        "{lists: [entity-list, sdn], min_share: 0.5}",
        "{ids: [entity-list, sdn], min_share: 0.5}",
        "screened.yaml:40:28: notices[0].adds.restrictions[0].recipients.any[1]"
        ".owned_by_listed: missing required key `lists`\n"
        "screened.yaml:40:29: notices[0].adds.restrictions[0].recipients.any[1]"
        ".owned_by_listed.ids: unknown key `ids` (expected one of `lists`, `min_share`)",
        "ids instead of lists",
    ),
    (
        "within_requirement: For all items subject to the EAR",
        'within_requirement: "  "',
        "screened.yaml:43:29: notices[0].adds.restrictions[1].items.within_requirement: "
        'expected the text of a license requirement (not blank), got "  "',
        "blank requirement",
    ),
    (
        "within_requirement: For all items subject to the EAR",
        "within_requirement: [a, b]",
        "screened.yaml:43:29: notices[0].adds.restrictions[1].items.within_requirement: "
        'expected a string, got ["a", "b"]',
        "requirement not a string",
    ),
]


class TestLocatedErrors:
    @pytest.mark.parametrize(
        ("old", "new", "expected"),
        [(old, new, expected) for old, new, expected, _ in BAD],
        ids=[what for *_, what in BAD],
    )
    def test_bad_value(self, old: str, new: str, expected: str) -> None:
        """A bad value of a new key is reported at its file, line, column and path."""
        assert expected.splitlines() == str(load_error(replaced(old, new))).splitlines()

    def test_unknown_same_as_is_an_unknown_entity(self) -> None:
        """An unknown `same_as` id is reported like an unknown employer or owner."""
        text = replaced("same_as: [listed-co]", "same_as: [listed-co, nobody]")
        text = text.replace("    - owner: listed-co\n", "    - owner: no-owner\n")
        assert [
            "screened.yaml:24:26: catalog.entities[1].same_as[1]: unknown entity id `nobody`",
            "screened.yaml:28:14: catalog.entities[3].owners[0].owner: "
            "unknown entity id `no-owner`",
        ] == str(load_error(text)).splitlines()

    def test_a_misspelt_knowledge_key_of_a_group_member(self) -> None:
        """A country group's member has knowledge time too: a misspelt
        `published` is located, with the key meant."""
        text = replaced(
            "entity_lists:\n",
            "country_groups:\n- id: g\n  members:\n"
            "  - country: CN\n    publised: 2026-01-01\nentity_lists:\n",
        )
        assert [
            "screened.yaml:8:5: country_groups[0].members[0].publised: unknown key "
            "`publised` (did you mean `published`?)"
        ] == str(load_error(text)).splitlines()

    def test_caveat_is_for_entity_lists_only(self) -> None:
        """A country group has no `caveat`."""
        text = replaced(
            "entity_lists:\n",
            "country_groups:\n- id: g\n  caveat: not modelled\nentity_lists:\n",
        )
        assert [
            "screened.yaml:6:3: country_groups[0].caveat: unknown key `caveat` "
            "(expected one of `citation`, `data_from`, `id`, `members`, `name`, `unknown`)"
        ] == str(load_error(text)).splitlines()

    def test_every_problem_at_once(self) -> None:
        """Problems in several new keys are all reported, in file order."""
        text = replaced("address_countries: [cn, HK]", "address_countries: [XYZ]")
        text = text.replace("published: 2024-01-05", "published: 2024-02-30")
        text = text.replace(
            "        - owned_by_listed: entity-list\n",
            "        - owned_by_listed: no-such-list\n",
        )
        error = load_error(text)
        assert [
            "entity_lists[0].members[1].published",
            "catalog.entities[0].address_countries[0]",
            "notices[0].adds.restrictions[0].recipients.any[0].owned_by_listed",
        ] == [p.path for p in error.problems]


# ---------------------------------------------------------------- beyond the file


class TestRegimeChecks:
    def test_python_regime_checks_owned_by_listed_lists(self) -> None:
        """A regime built in Python refuses an `OwnedByListed` naming an unknown list."""
        with pytest.raises(ac.UnknownReferenceError, match="no-such-list"):
            ac.Regime(
                "r",
                jurisdiction="US",
                timezone="UTC",
                notices=[
                    ac.Notice(
                        "n",
                        published=D(2026, 1, 1),
                        effective=D(2026, 1, 1),
                        adds=[
                            ac.Restriction(
                                "r1", recipients=ac.OwnedByListed("no-such-list")
                            )
                        ],
                    )
                ],
            )

    def test_lint_finds_owned_by_an_empty_list(self) -> None:
        """`owned_by_listed` naming only an empty list never matches, as `on_list` would not."""
        text = TEXT.replace(
            "- id: sdn\n", "- id: empty\n  members: []\n- id: sdn\n"
        ).replace(
            "        - owned_by_listed: entity-list\n",
            "        - owned_by_listed: empty\n",
        )
        findings = ac.lint(ac.loads_regime(text))
        assert [
            (
                "scope-never-matches",
                "notices[0].adds[0].recipients.scopes[0]",
                "part of the recipients scope of `affiliates` never matches: "
                "entity list `empty` has no members",
            )
        ] == [
            (f.code, f.path, f.message)
            for f in findings
            if f.code == "scope-never-matches"
        ]


class TestDecisions:
    """The keys a file writes mean what the domain classes mean."""

    @staticmethod
    def decide(who: str, on: str, as_known_on: str | None = None) -> ac.Decision:
        regime = ac.loads_regime(TEXT)
        access = ac.Access(who, ac.ControlledItem("m"), "hosted-api", location="CN")
        return regime.decide(access, on=on, as_known_on=as_known_on)

    def test_owned_by_listed_selects_the_subsidiary(self) -> None:
        """`owned_by_listed` selects a party owned by a listed one."""
        assert (
            ac.Verdict.LICENSE_REQUIRED
            == self.decide("subsidiary", "2026-02-01").verdict
        )

    def test_same_as_and_caveat(self) -> None:
        """A party `same_as` a listed one is on the list, and the list's caveat shows."""
        caveats = self.decide("listed-co-hk", "2026-02-01").caveats
        assert [
            (
                ac.CaveatKind.LISTED_NOT_MODELLED,
                "on a Treasury list; its legal effect is not modelled",
            )
        ] == [(c.kind, c.text) for c in caveats]

    def test_end_published(self) -> None:
        """Before `end_published`, a removal is not known yet."""
        assert (ac.Verdict.UNDETERMINED, ac.Verdict.PERMITTED) == (
            self.decide("gone-co", "2026-03-02", as_known_on="2026-03-03").verdict,
            self.decide("gone-co", "2026-03-02").verdict,
        )


class TestFingerprint:
    @pytest.mark.parametrize(
        "value",
        [
            ac.Entity("e"),
            ac.Membership("e", start=D(2026, 1, 1)),
            ac.EntityList("l", members=["e"]),
        ],
        ids=["entity", "membership", "entity list"],
    )
    def test_unused_fields_leave_the_rendering_as_it_was(self, value: Any) -> None:
        """Without the new fields, the canonical rendering (and so every replay
        token issued before they existed) is unchanged."""
        rendering = canonical(value)
        new = {"aliases", "address_countries", "same_as", "published"}
        new |= {"end_published", "caveat"}
        assert set() == new & set(rendering)

    @pytest.mark.parametrize(
        ("plain", "screened"),
        [
            (ac.Entity("e"), ac.Entity("e", aliases=["E Ltd"])),
            (ac.Entity("e"), ac.Entity("e", address_countries=["CN"])),
            (ac.Entity("e"), ac.Entity("e", same_as=["f"])),
            (ac.Membership("e"), ac.Membership("e", published=D(2026, 1, 1))),
            (ac.Membership("e"), ac.Membership("e", end_published=D(2026, 1, 1))),
            (ac.EntityList("l"), ac.EntityList("l", caveat="not modelled")),
        ],
    )
    def test_used_fields_change_the_fingerprint(
        self, plain: object, screened: object
    ) -> None:
        """Each new field, once set, is part of the content hash."""
        assert canonical(plain) != canonical(screened)

    def test_regime_fingerprint_follows_the_fields(self) -> None:
        """Two regimes that differ only in a list's caveat have different fingerprints."""
        other = ac.loads_regime(TEXT.replace("its legal effect", "its effect"))
        assert EXPECTED.fingerprint != other.fingerprint
