"""Regime files: the broken corpus, the JSON Schema, round trips, safety, YAML 1.2."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import aicontrols as ac
import aicontrols.files
from aicontrols.files import _yaml

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "regime_files" / "broken"
# Broken files are loaded by this path, relative to the repository root, and
# their `.expected` sidecars name them so.
BROKEN_NAME = "tests/regime_files/broken"
MANIFEST: dict[str, dict[str, Any]] = yaml.safe_load(
    (BROKEN / "MANIFEST.yaml").read_text("utf-8")
)
CORPUS = sorted(
    p.name
    for p in BROKEN.iterdir()
    if p.suffix in (".yaml", ".json") and p.name != "MANIFEST.yaml"
)
EXAMPLES = ac.examples.names()


class _Yaml12(yaml.SafeLoader):
    """PyYAML's safe loader reading plain scalars as YAML 1.2 core, like the loader.

    Dates stay strings (so the schema sees what the loader sees), `NO` stays a
    string, `<<` is a plain key; an exponent is a lower-case `e`, so an ECCN
    such as `4E091` stays a string, as the loader reads it.
    """


_Yaml12.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:e[-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
):
    _Yaml12.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(_regexp), list(_first)
    )


def plain(path: Path) -> Any:
    """A file as plain data, read without the loader: JSON by `json`, YAML as 1.2."""
    text = path.read_text("utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.load(text, Loader=_Yaml12)  # a SafeLoader subclass: safe


def plain_or_skip(name: str) -> Any:
    """A broken file as plain data; skips a file that is not plain data."""
    if MANIFEST[name].get("plain", True) is False:
        pytest.skip(f"{name} must not be expanded as plain data")
    try:
        return plain(BROKEN / name)
    except (ValueError, yaml.YAMLError) as error:  # JSON, UTF-8 and YAML errors
        pytest.skip(f"{name} is not plain data: {type(error).__name__}")


def schema_errors(data: Any) -> list[str]:
    """The JSON Schema's error messages for `data`, read on its own."""
    validator = jsonschema.Draft202012Validator(ac.regime_schema())
    return [error.message for error in validator.iter_errors(data)]


def load_error(loader: Any, *args: Any, **kwargs: Any) -> ac.RegimeFileError:
    """The `RegimeFileError` that loading raises."""
    with pytest.raises(ac.RegimeFileError) as caught:
        loader(*args, **kwargs)
    return caught.value


# ---------------------------------------------------------------- the corpus


class TestBrokenCorpus:
    @pytest.mark.parametrize("name", CORPUS)
    def test_expected_lines(self, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Each broken file gives exactly the lines of its `.expected` sidecar."""
        monkeypatch.chdir(ROOT)
        expected = (BROKEN / name).with_suffix(".expected").read_text("utf-8")
        error = load_error(ac.load_regime, f"{BROKEN_NAME}/{name}")
        assert expected.splitlines() == str(error).splitlines()

    @pytest.mark.parametrize("name", CORPUS)
    def test_problems_are_the_lines(
        self, name: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Each problem names the file as given, and prints as one line of the error."""
        monkeypatch.chdir(ROOT)
        error = load_error(ac.load_regime, f"{BROKEN_NAME}/{name}")
        assert str(error).splitlines() == [str(p) for p in error.problems]
        assert [(f"{BROKEN_NAME}/{name}", True)] * len(error.problems) == [
            (p.file, p.line >= 1 and p.column >= 1) for p in error.problems
        ]

    def test_corpus_is_complete(self) -> None:
        """At least 30 broken files, each with a sidecar and a manifest entry."""
        sidecars = sorted(
            p.with_suffix(".yaml").name
            if (BROKEN / p.with_suffix(".yaml").name).exists()
            else p.with_suffix(".json").name
            for p in BROKEN.glob("*.expected")
        )
        assert (CORPUS, CORPUS) == (sidecars, sorted(MANIFEST))
        assert len(CORPUS) >= 30

    def test_manifest_entries(self) -> None:
        """Every manifest entry says what is wrong and whether the schema catches it."""
        assert [] == [
            name
            for name, entry in MANIFEST.items()
            if not isinstance(entry.get("mistake"), str)
            or not isinstance(entry.get("schema"), bool)
            or set(entry) - {"mistake", "schema", "plain"}
        ]

    def test_several_problems_at_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file with mistakes of several kinds reports them all, in file order."""
        monkeypatch.chdir(ROOT)
        error = load_error(ac.load_regime, f"{BROKEN_NAME}/all-at-once.yaml")
        assert [
            "catalog.entities[0].country",
            "notices[0]",
            "notices[0].publised",
            "notices[0].adds.restrictions[0].items.ids",
        ] == [p.path for p in error.problems]
        assert sorted(error.problems, key=lambda p: (p.line, p.column)) == list(
            error.problems
        )


# ---------------------------------------------------------------- the JSON Schema


class TestSchema:
    def test_schema_is_draft_2020_12(self) -> None:
        """The schema is itself a valid draft 2020-12 JSON Schema."""
        schema = ac.regime_schema()
        jsonschema.Draft202012Validator.check_schema(schema)
        assert "https://json-schema.org/draft/2020-12/schema" == schema["$schema"]

    @pytest.mark.parametrize(
        "name", [n for n in CORPUS if MANIFEST[n]["schema"] is True]
    )
    def test_rejects_what_the_manifest_says(self, name: str) -> None:
        """The schema alone rejects every broken file the manifest marks `schema: true`."""
        assert [] != schema_errors(plain_or_skip(name))

    @pytest.mark.parametrize(
        "name", [n for n in CORPUS if MANIFEST[n]["schema"] is False]
    )
    def test_accepts_what_only_the_loader_catches(self, name: str) -> None:
        """The schema alone accepts every file marked `schema: false`: the manifest is exact."""
        assert [] == schema_errors(plain_or_skip(name))

    @pytest.mark.parametrize("name", EXAMPLES)
    def test_accepts_every_example(self, name: str) -> None:
        """The schema accepts every bundled example."""
        assert [] == schema_errors(plain(ac.examples.path(name)))

    def test_shipped_file_is_the_schema(self) -> None:
        """The shipped `regime.schema.json` is exactly `regime_schema()`: it cannot drift."""
        shipped = json.loads(aicontrols.files.schema_path().read_text("utf-8"))
        assert ac.regime_schema() == shipped

    @pytest.mark.parametrize("name", EXAMPLES)
    def test_examples_name_the_schema(self, name: str) -> None:
        """Each bundled file's first line points editors at the shipped schema."""
        path = ac.examples.path(name)
        first = path.read_text("utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match is not None, first
        target = (path.parent / match.group(1)).resolve()
        assert aicontrols.files.schema_path().resolve() == target

    def test_regime_schema_is_fresh(self) -> None:
        """`regime_schema()` returns a fresh dict: changing it changes no later one."""
        schema = ac.regime_schema()
        schema["required"].append("nonsense")
        assert ["id", "jurisdiction", "timezone"] == ac.regime_schema()["required"]


# ---------------------------------------------------------------- round trips


class TestRoundTrip:
    @pytest.mark.parametrize("name", EXAMPLES)
    def test_load_dump_load(self, name: str) -> None:
        """Every bundled example loads, and dumping then loading gives it back."""
        regime = ac.load_regime(ac.examples.path(name))
        assert regime == ac.loads_regime(ac.dump_regime(regime))

    @pytest.mark.parametrize("name", EXAMPLES)
    def test_dump_is_deterministic(self, name: str) -> None:
        """Dumping gives the same text twice, and again after a reload."""
        regime = ac.load_regime(ac.examples.path(name))
        text = ac.dump_regime(regime)
        assert (text, text) == (
            ac.dump_regime(regime),
            ac.dump_regime(ac.loads_regime(text)),
        )

    @pytest.mark.parametrize("name", EXAMPLES)
    def test_json_dump_loads(self, name: str) -> None:
        """A JSON dump is valid JSON, passes the schema, and loads to the same regime."""
        regime = ac.load_regime(ac.examples.path(name))
        text = ac.dump_regime(regime, format="json")
        assert [] == schema_errors(json.loads(text))
        assert regime == ac.loads_regime(text, name=f"{name}.json")

    def test_json_file_loads(self, tmp_path: Path) -> None:
        """A `.json` file on disk loads like its YAML twin."""
        regime = ac.examples.load("mythos5")
        path = tmp_path / "mythos5.json"
        path.write_text(ac.dump_regime(regime, format="json"), encoding="utf-8")
        assert regime == ac.load_regime(path)

    def test_schema_line(self) -> None:
        """`schema=` puts the editor line first, and the text still loads."""
        regime = ac.examples.load("mythos5")
        text = ac.dump_regime(regime, schema="./regime.schema.json")
        first = text.splitlines()[0]
        assert "# yaml-language-server: $schema=./regime.schema.json" == first
        assert regime == ac.loads_regime(text)

    def test_unknown_format(self) -> None:
        """Only `yaml` and `json` are formats."""
        with pytest.raises(ValueError, match="expected `yaml` or `json`"):
            ac.dump_regime(ac.examples.load("mythos5"), format="toml")


# ---------------------------------------------------------------- safety


class TestSafety:
    def test_alias_bomb_is_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A "billion laughs" file is refused by the alias budget, before any expansion."""
        monkeypatch.chdir(ROOT)
        error = load_error(ac.load_regime, f"{BROKEN_NAME}/alias-bomb.yaml")
        assert [
            f"refused: more than {_yaml.MAX_NODES:,} values once aliases are expanded"
        ] == [p.message for p in error.problems]

    def test_oversized_text_is_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Text over the size limit is refused, saying its size and the limit."""
        monkeypatch.setattr(_yaml, "MAX_BYTES", 64)
        text = "id: demo-us\njurisdiction: US\ntimezone: America/New_York\n" * 2
        error = load_error(ac.loads_regime, text, name="big.yaml")
        assert [f"big.yaml:1:1: file is {len(text):,} bytes; the limit is 64"] == (
            str(error).splitlines()
        )

    def test_oversized_file_is_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file over the size limit is refused, saying its size and the limit."""
        monkeypatch.setattr(_yaml, "MAX_BYTES", 1_000)
        # `load_regime` checks the size before reading, with the same limit
        monkeypatch.setattr(aicontrols.files, "MAX_BYTES", 1_000, raising=False)
        path = tmp_path / "big.yaml"
        text = "id: demo-us\njurisdiction: US\ntimezone: America/New_York\n"
        text += "# padding\n" * 200
        path.write_text(text, encoding="utf-8")
        error = load_error(ac.load_regime, path)
        assert [f"{path}:1:1: file is {len(text):,} bytes; the limit is 1,000"] == (
            str(error).splitlines()
        )

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file gives a `RegimeFileError` naming it."""
        path = tmp_path / "nowhere.yaml"
        error = load_error(ac.load_regime, path)
        assert [f"{path}:1:1: cannot read the file: No such file or directory"] == (
            str(error).splitlines()
        )
        assert [str(path)] == [p.file for p in error.problems]

    def test_tags_never_run(self, tmp_path: Path) -> None:
        """A `!!python/...` tag is refused and its command never runs."""
        witness = tmp_path / "pwned"
        text = (
            "id: demo-us\njurisdiction: US\ntimezone: America/New_York\n"
            f"name: !!python/object/apply:os.system ['touch {witness}']\n"
        )
        error = load_error(ac.loads_regime, text, name="tag.yaml")
        assert [
            "tag.yaml:4:7: name: unsupported YAML tag "
            "`tag:yaml.org,2002:python/object/apply:os.system`"
        ] == str(error).splitlines()
        assert not witness.exists()

    def test_error_is_a_value_error(self) -> None:
        """`RegimeFileError` is a `ValueError` and an aicontrols error."""
        error = load_error(ac.loads_regime, "id: x\n", name="x.yaml")
        assert isinstance(error, ValueError)
        assert isinstance(error, ac.RegimeError)


# ---------------------------------------------------------------- YAML 1.2


HEADER = "id: demo\njurisdiction: US\ntimezone: America/New_York\n"


class TestYaml12Scalars:
    def test_norway_stays_a_string(self) -> None:
        """`NO` is Norway, not `false`; `yes` and `off` stay strings too."""
        regime = ac.loads_regime(
            "id: demo-no\nname: yes\njurisdiction: NO\nterritory: [NO, SE]\n"
            "timezone: Europe/Oslo\ndescription: off\n"
        )
        assert ("NO", frozenset({"NO", "SE"}), "yes", "off") == (
            regime.jurisdiction,
            regime.territory,
            regime.name,
            regime.description,
        )

    def test_exponent_is_a_number(self) -> None:
        """`1e26` is the number 10^26, in a catalog item and in a scope."""
        regime = ac.loads_regime(
            HEADER + "catalog:\n  items:\n  - id: model-a\n"
            "    training_operations: 1e26\n"
            "notices:\n- id: n1\n  published: 2026-01-10\n  effective: 2026-01-10\n"
            "  adds:\n    restrictions:\n    - id: big\n"
            "      items:\n        trained_with_at_least: 1e26\n"
        )
        assert 1e26 == regime.item("model-a").training_operations
        assert ac.TrainedWithAtLeast(1e26) == regime.notice("n1").adds[0].items

    def test_date_is_a_date(self) -> None:
        """`2026-06-12` is a calendar date; an instant with an offset is aware."""
        regime = ac.loads_regime(
            HEADER + "notices:\n- id: n1\n  published: 2026-06-12\n"
            "  effective: 2026-06-12T09:30:00+02:00\n"
        )
        notice = regime.notice("n1")
        assert (dt.date(2026, 6, 12), dt.date) == (
            notice.published,
            type(notice.published),
        )
        assert dt.datetime(2026, 6, 12, 7, 30, tzinfo=dt.UTC) == notice.effective

    def test_eccn_stays_a_string(self) -> None:
        """An ECCN written bare, `4E091`, is read as the string it is."""
        regime = ac.loads_regime(
            HEADER + "catalog:\n  items:\n  - id: model-a\n"
            "    classifications: {ECCN: 4E091}\n"
        )
        assert {"ECCN": "4E091"} == dict(regime.item("model-a").classifications)

    def test_quoted_scalars_stay_strings(self) -> None:
        """Quoted `"1e26"` and `"true"` stay strings."""
        regime = ac.loads_regime(
            HEADER.replace("id: demo", 'id: "2026"')
            + "catalog:\n  entities:\n  - id: \"1e26\"\n    name: 'true'\n"
        )
        assert ("2026", "true") == (regime.id, regime.entity("1e26").name)

    def test_json_reads_like_yaml(self) -> None:
        """JSON text gives the same regime as the YAML it mirrors."""
        yaml_text = HEADER + "territory: [US, PR]\n"
        json_text = json.dumps(
            {
                "id": "demo",
                "jurisdiction": "US",
                "timezone": "America/New_York",
                "territory": ["US", "PR"],
            }
        )
        assert ac.loads_regime(yaml_text) == ac.loads_regime(json_text, name="d.json")


# ---------------------------------------------------------------- dates


class TestDates:
    def test_utc_instant_after_local_midnight(self) -> None:
        """An instant on the previous UTC day but after local midnight is not before the date.

        2026-01-09T23:30Z is 00:30 on 2026-01-10 in Brussels: effective after
        published, compliance after effective; the file is valid.
        """
        regime = ac.loads_regime(
            "id: demo-eu\njurisdiction: BE\ntimezone: Europe/Brussels\n"
            "notices:\n- id: n1\n  published: 2026-01-10\n"
            "  effective: 2026-01-09T23:30:00Z\n"
            "- id: n2\n  published: 2026-02-01\n  effective: 2026-02-01\n"
            "  compliance: 2026-01-31T23:30:00Z\n"
        )
        assert ["n1", "n2"] == [n.id for n in regime.notices]

    def test_retroactive_allows_effective_before_published(self) -> None:
        """With `retroactive: true`, `effective` may be before `published`."""
        regime = ac.loads_regime(
            HEADER + "notices:\n- id: n1\n  published: 2026-01-10\n"
            "  effective: 2026-01-01\n  retroactive: true\n"
        )
        assert regime.notice("n1").retroactive


class TestCitations:
    @pytest.mark.parametrize(
        "where",
        [
            "citation:\n  source: s\n  reported_by: A Law Firm\n",
            "notices:\n- id: n1\n  published: 2026-01-10\n  effective: 2026-01-10\n"
            "  citation: {source: s, reported_by: A Law Firm}\n",
        ],
        ids=["regime", "notice"],
    )
    def test_one_reported_by_is_one_source(self, where: str) -> None:
        """A `reported_by` written as one string is one secondary source, not its letters."""
        regime = ac.loads_regime(HEADER + where)
        cited = regime.citation or regime.notice("n1").citation
        assert cited is not None
        assert ("A Law Firm",) == cited.reported_by

    def test_bundled_examples_name_whole_sources(self) -> None:
        """No bundled citation's secondary sources are single characters."""
        short = [
            (name, c.reported_by)
            for name in ac.examples.names()
            for c in _citations(ac.examples.load(name))
            if any(len(r) == 1 for r in c.reported_by)
        ]
        assert [] == short


def _citations(regime: ac.Regime) -> list[ac.Citation]:
    found = [regime.citation]
    found += [g.citation for g in (*regime.country_groups, *regime.entity_lists)]
    for notice in regime.notices:
        found += [notice.citation, *(r.citation for r in notice.adds + notice.amends)]
    return [c for c in found if c is not None]


# ---------------------------------------------------------------- every feature


FULL = """\
# yaml-language-server: $schema=regime.schema.json
id: full-us
name: Every feature of the regime file format (illustrative)
description: |
  Illustrative: made up to use every key of the format once.

  Nothing here models a real law.
jurisdiction: US
territory: [US, PR, GU]
timezone: America/New_York
deemed_export_rule: all
citation:
  source: 15 CFR parts 730-774
  title: Export Administration Regulations
  url: https://example.org/ear
  reported_by: [A Law Firm, A Blog]
  note: illustrative
modes:
- name: batch-inference
  transfers_weights: false
  compute: provider
  description: the provider runs the recipient's jobs offline
- name: edge-device
  transfers_weights: true
  compute: recipient
country_groups:
- id: D:5
  name: Country Group D:5 (illustrative)
  citation:
    source: Supp. 1 to Part 740
  members:
  - CN
  - country: NO
    start: 2026-01-01
  - country: KH
    end: 2026-02-09
  - country: VE
    start: 2025-01-01T00:00:00-05:00
    end: 2027-01-01
- id: allies
  members: [GB, JP, NO]
entity_lists:
- id: entity-list
  name: An illustrative entity list
  citation:
    source: Supp. 4 to Part 744
    reported_by: A Law Firm
  members:
  - listed-co
  - entity: delisted-co
    start: 2024-01-01
    end: 2026-03-01
catalog:
  entities:
  - id: devco
    name: DevCo
    country: US
  - id: listed-co
    country: CN
  - id: delisted-co
    name: "NO"
    kind: company
    country: CN
  - id: devco-sg
    name: DevCo Singapore
    kind: company
    country: SG
    owners:
    - owner: devco
      share: 0.6
      start: 2025-01-01
    - owner: listed-co
      share: 0.1
      end: 2024-12-31T23:59:59+08:00
  - id: ana
    name: Ana
    kind: individual
    citizenships:
    - country: BR
    - country: PT
      start: 2024-05-01
    residencies:
    - country: US
      start: 2026-09-01
      end: 2027-09-01
    employments:
    - employer: devco-sg
      start: 2023-02-01
    - employer: devco
      start: 2020-01-01
      end: 2023-01-31
  - id: uni
    kind: university
    country: DE
  - id: agency
    kind: government_agency
    country: US
  - id: ngo
    kind: nonprofit
    country: FR
  - id: un
    kind: international_organization
  items:
  - id: model-a
    name: Model A
    developer: devco
    classifications:
      ECCN: "4E091"
      USML: XI(d)
    training_operations: 3.0e+26
  - id: model-b
    name: "1e26"
    developer: devco
    classifications:
      ECCN: EAR99
    training_operations: 0
    weights_published: true
  - id: chip-x
    classifications: {ECCN: 3A090.a}
notices:
- id: rule-1
  title: Controls on the weights of large models
  published: 2026-01-10
  effective: 2026-02-01
  compliance: 2026-03-01T00:00:00-05:00
  citation:
    source: 99 FR 1000
    url: https://example.org/99-fr-1000
  adds:
    restrictions:
    - id: large-weights
      description: a license for the weights of large unpublished models
      effect: license_required
      review_policy: presumption_of_denial
      items:
        all:
        - trained_with_at_least: 1.0e+26
        - weights_published: false
        - any:
          - classified: {ECCN: ["4E091", EAR99]}
          - developer: devco
          - ids: [model-a, model-b]
      modes:
        any:
        - transfers_weights: true
        - names: [batch-inference, hosted-api]
        - compute: [provider, third_party_cloud]
      recipients:
        all:
        - foreign_person: true
        - not:
            destination_group: allies
        - not:
            kind: [university, international_organization]
    - id: listed-parties
      effect: prohibited
      review_policy: policy_of_denial
      items: any
      modes: any
      recipients:
        any:
        - on_list: entity-list
        - owned_by:
            ids: [listed-co]
            min_share: 0.5
        - owned_by: listed-co
        - entity: [delisted-co]
      citation:
        source: 15 CFR 744.11
    - id: group-d5
      effect: license_required
      review_policy: null
      items:
        ids: chip-x
      modes:
        compute: recipient
      recipients:
        any:
        - destination: [CN, MO]
        - destination_group: [D:5]
        - employed_by: devco-sg
        - kind: government_agency
    exemptions:
    - id: own-subsidiaries
      description: DevCo's own subsidiaries
      lifts: [large-weights]
      recipients:
        owned_by:
          ids: devco
          min_share: 0.5
      conditions: [end-use-certificate, no-reexport]
      citation:
        source: 99 FR 1000, section 4
- id: rule-2
  title: Case-by-case review
  published: 2026-04-01
  effective: 2026-04-15T00:01:00-04:00
  amends:
    restrictions:
    - id: large-weights
      effect: license_required
      review_policy: case_by_case
      items:
        trained_with_at_least: 1.0e+26
      recipients:
        foreign_person: true
    exemptions:
    - id: own-subsidiaries
      lifts: [large-weights, group-d5]
      recipients:
        employed_by: [devco, devco-sg]
- id: statement-1
  published: 2026-05-01
  effective: 2026-05-01
  suspends:
  - rule: listed-parties
    end: 2026-11-01
    reason: suspended for six months
  - rule: own-subsidiaries
    start: 2026-05-02
    end: 2026-05-03T12:00:00Z
  not_enforced:
  - rule: large-weights
    statement: the agency will not enforce the weights rule for now
    start: 2026-05-01
    end: 2026-12-31
- id: statement-1-fix
  title: Correction of statement-1
  published: 2026-05-03
  effective: 2026-05-01
  retroactive: true
  corrects: [statement-1]
  suspends:
  - rule: listed-parties
    end: 2026-10-01
    reason: suspended until October
- id: rule-3
  published: 2026-12-01
  effective: 2027-01-01
  revokes: [listed-parties, group-d5]
"""


@pytest.fixture
def full(tmp_path: Path) -> ac.Regime:
    """The every-feature regime, loaded from a file."""
    path = tmp_path / "full.yaml"
    path.write_text(FULL, encoding="utf-8")
    return ac.load_regime(path)


class TestEveryFeature:
    def test_loads(self, full: ac.Regime) -> None:
        """The file with every feature of the format loads, with its parts."""
        assert (
            "full-us",
            frozenset({"US", "PR", "GU"}),
            ["batch-inference", "edge-device"],
            ["D:5", "allies"],
            ["entity-list"],
            9,
            ["model-a", "model-b", "chip-x"],
            ["rule-1", "rule-2", "statement-1", "statement-1-fix", "rule-3"],
        ) == (
            full.id,
            full.territory,
            [m.name for m in full.modes],
            [g.id for g in full.country_groups],
            [x.id for x in full.entity_lists],
            len(full.entities),
            [i.id for i in full.items],
            [n.id for n in full.notices],
        )

    def test_dated_values(self, full: ac.Regime) -> None:
        """Dated members, facts and shares read as written."""
        d5 = full.country_groups[0]
        assert [
            ("CN", None, None),
            ("NO", dt.date(2026, 1, 1), None),
            ("KH", None, dt.date(2026, 2, 9)),
            (
                "VE",
                dt.datetime(2025, 1, 1, 5, tzinfo=dt.UTC),
                dt.date(2027, 1, 1),
            ),
        ] == [(m.member, m.start, m.end) for m in d5.members]
        sg = full.entity("devco-sg")
        assert [("devco", 0.6), ("listed-co", 0.1)] == [
            (o.owner, o.share) for o in sg.owners
        ]
        ana = full.entity("ana")
        assert (["BR", "PT"], ["devco-sg", "devco"]) == (
            [c.country for c in ana.citizenships],
            [e.employer for e in ana.employments],
        )

    def test_tricky_strings(self, full: ac.Regime) -> None:
        """Strings YAML could take for something else come back as strings."""
        assert ("NO", "1e26", "4E091", "3A090.a") == (
            full.entity("delisted-co").name,
            full.item("model-b").name,
            full.item("model-a").classifications["ECCN"],
            full.item("chip-x").classifications["ECCN"],
        )

    def test_acts(self, full: ac.Regime) -> None:
        """Adds, amends, revokes, suspends, non-enforcement, corrections, retroactivity."""
        fix = full.notice("statement-1-fix")
        assert (
            ["large-weights", "listed-parties", "group-d5", "own-subsidiaries"],
            ["large-weights", "own-subsidiaries"],
            ("listed-parties", "group-d5"),
            ["listed-parties", "own-subsidiaries"],
            ["large-weights"],
            (("statement-1",), True),
        ) == (
            [r.id for r in full.notice("rule-1").adds],
            [r.id for r in full.notice("rule-2").amends],
            tuple(full.notice("rule-3").revokes),
            [s.rule for s in full.notice("statement-1").suspends],
            [x.rule for x in full.notice("statement-1").not_enforced],
            (tuple(fix.corrects), fix.retroactive),
        )

    def test_round_trip(self, full: ac.Regime) -> None:
        """Load -> dump -> load gives an equal regime, in YAML and in JSON."""
        assert (full, full) == (
            ac.loads_regime(ac.dump_regime(full)),
            ac.loads_regime(ac.dump_regime(full, format="json"), name="full.json"),
        )

    def test_dump_is_deterministic(self, full: ac.Regime) -> None:
        """The dump is the same text twice, and again after a reload."""
        text = ac.dump_regime(full)
        assert (text, text) == (
            ac.dump_regime(full),
            ac.dump_regime(ac.loads_regime(text)),
        )

    def test_schema_accepts_it(self) -> None:
        """The schema alone accepts the every-feature file."""
        assert [] == schema_errors(yaml.load(FULL, Loader=_Yaml12))
