"""`aicontrols check`: one access decided on a date; the verdict is the exit status."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import aicontrols

from ..cli_run import run
from .shared import ACCESS, PRIYA, script

JULY_1 = dt.date(2026, 7, 1)
PRIYA_FABLE = (*PRIYA, "--item", "fable-5", "--mode", "hosted-api", "--location", "US")


def eu_regime() -> aicontrols.Regime:
    """A small EU regime prohibiting foreign persons from taking Mythos 5's weights."""
    rule = aicontrols.Restriction(
        "eu-weights",
        effect="prohibited",
        items=aicontrols.ItemIs("mythos-5"),
        modes=aicontrols.TransfersWeights(),
        recipients=aicontrols.ForeignPerson(),
    )
    return aicontrols.Regime(
        "eu-test",
        jurisdiction="FR",
        territory=["AT", "BE", "DE", "FR", "IE", "IT", "NL", "ES"],
        timezone="Europe/Brussels",
        items=[aicontrols.ControlledItem(i) for i in ("mythos-5", "fable-5")],
        entities=[aicontrols.Entity("anthropic", country="US")],
        notices=[
            aicontrols.Notice("eu-1", published=JULY_1, effective=JULY_1, adds=[rule])
        ],
    )


@pytest.fixture
def eu_file(tmp_path: Path) -> Path:
    path = tmp_path / "eu.yaml"
    path.write_text(aicontrols.dump_regime(eu_regime()), encoding="utf-8")
    return path


def test_permitted_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """A permitted access prints PERMITTED, its regime and replay token, exit 0."""
    result = run(
        capsys,
        "check",
        "mythos5",
        "--recipient",
        "other-corp",
        "--item",
        "mythos-5",
        "--mode",
        "hosted-api",
        "--on",
        "2026-06-27",
    )
    assert (0, "") == (result.status, result.err)
    lines = result.out.splitlines()
    expected = "PERMITTED: `other-corp` -> `mythos-5` via `hosted-api`, on 2026-06-27 (America/New_York)"
    assert expected == lines[0]
    assert "regime: `us-mythos-letters`" == lines[1]
    assert lines[-1].startswith("Replay token: v1-")


def test_not_permitted_exits_1_with_reasons_and_citations(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A license requirement exits 1 and names the restriction, notice and citation."""
    result = run(capsys, "check", "mythos5", *PRIYA_FABLE, "--on", "2026-06-27")
    assert (1, "") == (result.status, result.err)
    assert result.out.startswith("LICENSE REQUIRED: `priya` -> `fable-5`")
    for text in (
        "`mythos-fable-foreign-access`: license required",
        "by notice `letter-2026-06-12`",
        "cites: 15 CFR 744.22; 50 U.S.C. 4817(b)(1)",
        "`trusted-partners-mythos` (notice `letter-2026-06-26`)",
    ):
        assert text in result.out


@pytest.mark.parametrize(
    ("item", "status", "verdict"),
    [("mythos-5", 0, "permitted"), ("fable-5", 1, "license_required")],
)
def test_json(
    capsys: pytest.CaptureFixture[str], item: str, status: int, verdict: str
) -> None:
    """`--json` prints the decision's stable JSON; the exit status follows the verdict."""
    result = run(
        capsys,
        "check",
        "mythos5",
        *PRIYA,
        "--item",
        item,
        "--mode",
        "hosted-api",
        "--location",
        "US",
        "--on",
        "2026-06-27",
        "--json",
    )
    data = json.loads(result.out)
    assert (status, "aicontrols.decision/1", verdict, status == 0) == (
        result.status,
        data["schema"],
        data["verdict"],
        data["permitted"],
    )
    assert {"recipient": "priya", "item": item, "on": "2026-06-27"}.items() <= (
        data["query"].items()
    )


def test_inline_recipient_matches_the_python_api(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--citizenship`/`--employer` describe the same individual the API would get."""
    person = aicontrols.Entity(
        "priya",
        kind="individual",
        citizenships=[aicontrols.Citizenship("IN")],
        employments=[aicontrols.Employment("anthropic")],
    )
    expected = aicontrols.examples.load("mythos5").decide(
        aicontrols.Access(person, "mythos-5", "hosted-api", "US"), on="2026-06-15"
    )
    result = run(
        capsys,
        "check",
        "mythos5",
        *PRIYA,
        "--item",
        "mythos-5",
        "--mode",
        "hosted-api",
        "--location",
        "US",
        "--on",
        "2026-06-15",
        "--json",
    )
    assert (1, expected.to_dict()) == (result.status, json.loads(result.out))


def test_recipient_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`--recipient-file` reads a YAML entity: an Acme employee is exempt for Mythos 5."""
    person = tmp_path / "person.yaml"
    person.write_text(
        "id: wei\nkind: individual\ncitizenships:\n- country: CN\n"
        "employments:\n- employer: acme-cloud\n  start: 2025-01-01\n",
        encoding="utf-8",
    )
    common = (
        "check",
        "mythos5",
        "--recipient-file",
        person,
        "--mode",
        "hosted-api",
        "--location",
        "US",
        "--at",
        "2026-06-27T10:00-04:00",
    )
    mythos = run(capsys, *common, "--item", "mythos-5")
    fable = run(capsys, *common, "--item", "fable-5")
    assert (0, 1) == (mythos.status, fable.status)
    assert mythos.out.startswith("PERMITTED: `wei` -> `mythos-5`")
    assert "lifted by `trusted-partners-mythos`" in mythos.out


def test_recipient_file_and_inline_facts_are_refused_together(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A recipient is described in a file or inline, never both: exit 2."""
    person = tmp_path / "person.yaml"
    person.write_text("id: wei\nkind: individual\n", encoding="utf-8")
    result = run(
        capsys,
        "check",
        "mythos5",
        "--recipient-file",
        person,
        "--citizenship",
        "CN",
        "--item",
        "mythos-5",
        "--mode",
        "hosted-api",
        "--on",
        "2026-06-27",
    )
    assert (2, "") == (result.status, result.out)
    assert "not both" in result.err


def test_broken_recipient_file_reports_each_problem_located(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A bad recipient file: every problem on its own file:line:col line, exit 2."""
    person = tmp_path / "person.yaml"
    person.write_text("id: x\nkind: alien\ncitizenships: 5\n", encoding="utf-8")
    result = run(
        capsys,
        "check",
        "mythos5",
        "--recipient-file",
        person,
        "--item",
        "mythos-5",
        "--mode",
        "hosted-api",
        "--on",
        "2026-06-27",
    )
    lines = result.err.splitlines()
    assert (2, "", 2) == (result.status, result.out, len(lines))
    assert all(line.startswith(f"{person}:") for line in lines)
    assert f"{person}:2:7: kind: expected one of" in lines[0]
    assert f"{person}:3:15: citizenships: expected a list, got 5" == lines[1]


def test_two_regimes_combine_most_severe_wins(
    capsys: pytest.CaptureFixture[str], eu_file: Path
) -> None:
    """US permits the employee, the EU prohibits the weights: prohibited, exit 1."""
    argv = (
        "check",
        "mythos5",
        eu_file,
        *PRIYA,
        "--item",
        "mythos-5",
        "--mode",
        "weights-transfer",
        "--location",
        "US",
        "--on",
        "2026-07-02",
    )
    text = run(capsys, *argv)
    data = json.loads(run(capsys, *argv, "--json").out)
    assert (1, "prohibited") == (text.status, data["verdict"])
    assert text.out.startswith("PROHIBITED: ")
    assert "regime: `eu-test`" in text.out
    assert "us-mythos-letters+eu-test" == data["regime"]
    assert ["permitted", "prohibited"] == [p["verdict"] for p in data["parts"]]


def test_attest_and_as_known_on(capsys: pytest.CaptureFixture[str]) -> None:
    """Known on 2026-06-20, the 06-26 exemption is unknown: a license is required."""
    argv = (
        "check",
        "mythos5",
        *PRIYA,
        "--item",
        "mythos-5",
        "--mode",
        "hosted-api",
        "--location",
        "US",
        "--on",
        "2026-06-27",
        "--attest",
        "nda",
        "--json",
    )
    now = json.loads(run(capsys, *argv).out)
    then = json.loads(run(capsys, *argv, "--as-known-on", "2026-06-20").out)
    assert ("permitted", "license_required") == (now["verdict"], then["verdict"])
    assert (["nda"], "2026-06-20") == (
        then["query"]["attestations"],
        then["query"]["as_known_on"],
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("mythos5", *ACCESS, "--on", "2026-13-01"),
            "`--on`: expected a date as YYYY-MM-DD, got `2026-13-01`",
        ),
        (
            ("mythos5", *ACCESS, "--at", "2026-06-15T12:00:00"),
            "`at` is a naive datetime `2026-06-15T12:00:00`",
        ),
        (
            ("mythos5", *ACCESS, "--at", "noon"),
            "`--at`: expected an ISO 8601 instant with an offset, got `noon`",
        ),
        (
            (
                "mythos5",
                *ACCESS,
                "--on",
                "2026-06-15",
                "--as-known-on",
                "2026-02-30",
            ),
            "`--as-known-on`: expected a date as YYYY-MM-DD, got `2026-02-30`",
        ),
        (
            (
                "mythos5",
                "--recipient",
                "ghost",
                "--item",
                "mythos-5",
                "--mode",
                "hosted-api",
                "--on",
                "2026-06-15",
            ),
            "unknown entity id `ghost` (known: `anthropic`, `acme-cloud`, `us-agency`, `other-corp`)",
        ),
        (
            (
                "mythos5",
                "--recipient",
                "other-corp",
                "--item",
                "gpt-9",
                "--mode",
                "hosted-api",
                "--on",
                "2026-06-15",
            ),
            "unknown item id `gpt-9` (known: `mythos-5`, `fable-5`)",
        ),
        (
            (
                "mythos5",
                "--recipient",
                "other-corp",
                "--item",
                "mythos-5",
                "--mode",
                "teleport",
                "--on",
                "2026-06-15",
            ),
            "unknown mode id `teleport`",
        ),
        (
            ("nosuchname", *ACCESS, "--on", "2026-06-15"),
            "no regime file or bundled example `nosuchname`",
        ),
        (
            (
                "mythos5",
                "--recipient",
                "x",
                "--citizenship",
                "ZZZ",
                "--item",
                "mythos-5",
                "--mode",
                "hosted-api",
                "--on",
                "2026-06-15",
            ),
            "bad recipient: expected an ISO 3166-1 alpha-2 country code, got `ZZZ`",
        ),
    ],
    ids=[
        "date",
        "naive-at",
        "bad-at",
        "as-known-on",
        "entity",
        "item",
        "mode",
        "regime-name",
        "citizenship",
    ],
)
def test_one_line_error_naming_the_value(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    """A user error: exit 2, nothing on stdout, one stderr line naming the bad value."""
    result = run(capsys, "check", *argv)
    assert (2, "", 1) == (result.status, result.out, len(result.err.splitlines()))
    assert result.err.startswith(f"aicontrols check: error: {message}")


def test_check_permitted_exits_0_not_permitted_exits_1() -> None:
    """The process exit status is the verdict's: 0 permitted, 1 license required."""
    common = (
        *PRIYA,
        "--mode",
        "hosted-api",
        "--location",
        "US",
        "--on",
        "2026-06-27",
    )
    permitted = script("check", "mythos5", *common, "--item", "mythos-5")
    required = script("check", "mythos5", *common, "--item", "fable-5", "--json")
    assert (0, 1) == (permitted.returncode, required.returncode)
    assert "license_required" == json.loads(required.stdout)["verdict"]
    assert ("", "") == (permitted.stderr, required.stderr)


def parties_regime(tmp_path: Path) -> Path:
    """A regime file whose Entity List entry binds any party (744.11, 748.5)."""
    rule = aicontrols.Restriction(
        "denied-co/listing",
        effect="license_required",
        review_policy="policy_of_denial",
        recipients=aicontrols.AnyParty(aicontrols.EntityIs("denied-co")),
    )
    regime = aicontrols.Regime(
        "parties",
        jurisdiction="US",
        timezone="America/New_York",
        items=[aicontrols.ControlledItem("chip")],
        entities=[
            aicontrols.Entity("buyer", country="DE"),
            aicontrols.Entity("denied-co", country="CN"),  # illustrative
        ],
        notices=[
            aicontrols.Notice(
                "n", published=dt.date(2026, 1, 1), effective=dt.date(2026, 1, 1),
                adds=[rule, aicontrols.Restriction("r", recipients=aicontrols.IsReexport())],
            )
        ],
    )  # fmt: skip
    path = tmp_path / "parties.yaml"
    path.write_text(aicontrols.dump_regime(regime), encoding="utf-8")
    return path


def test_origin_and_party_in_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`--origin` and `--party ROLE=ID` reach the decision and its JSON."""
    result = run(
        capsys, "check", parties_regime(tmp_path), "--recipient", "buyer",
        "--item", "chip", "--mode", "weights-transfer", "--location", "CN",
        "--origin", "sg", "--party", "intermediate_consignee=denied-co",
        "--on", "2026-06-01", "--json",
    )  # fmt: skip
    data = json.loads(result.out)
    assert (1, "license_required", "policy_of_denial") == (
        result.status,
        data["verdict"],
        data["review_policy"],
    )
    assert ("SG", "reexport") == (data["query"]["origin"], data["query"]["transfer"])
    assert [{"role": "intermediate_consignee", "entity": "denied-co"}] == data["query"][
        "parties"
    ]
    assert {
        "denied-co/listing": [
            {"role": "intermediate_consignee", "entity": "denied-co"}
        ],
        "r": [],
    } == {a["restriction"]: a["parties"] for a in data["applied"]}


def test_origin_and_party_in_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The text names the transfer and each party with its role."""
    result = run(
        capsys, "check", parties_regime(tmp_path), "--recipient", "buyer",
        "--item", "chip", "--mode", "weights-transfer", "--location", "CN",
        "--origin", "SG", "--party", "purchaser=denied-co", "--on", "2026-06-01",
    )  # fmt: skip
    lines = result.out.splitlines()
    assert [
        "transfer: a reexport from SG to CN",
        "parties: `buyer` (end user), `denied-co` (purchaser)",
    ] == lines[1:3]
    assert "      applies through the party `denied-co` (purchaser)" in lines


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            ("--origin", "Singapore"),
            "`--origin`: expected an ISO 3166-1 alpha-2 country code, got "
            "`Singapore` (did you mean `SG`?)",
        ),
        (
            ("--party", "denied-co"),
            "`--party denied-co`: expected ROLE=ID, e.g. `purchaser=acme-cloud` "
            "(roles: purchaser, intermediate_consignee, ultimate_consignee)",
        ),
        (
            ("--party", "buyer=denied-co"),
            "`--party buyer=denied-co`: `role`: unknown party role `buyer` (known: "
            "`purchaser`, `intermediate_consignee`, `ultimate_consignee`, `end_user`)",
        ),
        (
            ("--party", "purchasr=denied-co"),
            "`--party purchasr=denied-co`: `role`: unknown party role `purchasr` "
            "(did you mean `purchaser`?)",
        ),
        (
            ("--party", "end_user=denied-co"),
            "`--party end_user=denied-co`: the recipient is the end user: give it as "
            "--recipient",
        ),
        (
            ("--party", "purchaser=denied-c0"),
            "unknown entity id `denied-c0` (did you mean `denied-co`?",
        ),
    ],
    ids=[
        "origin",
        "no-role",
        "unknown-role",
        "misspelt-role",
        "end-user",
        "unknown-id",
    ],
)
def test_bad_origin_or_party(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    option: tuple[str, str],
    message: str,
) -> None:
    """A bad `--origin` or `--party`: exit 2, one line naming the option and value."""
    result = run(
        capsys, "check", parties_regime(tmp_path), "--recipient", "buyer",
        "--item", "chip", "--mode", "weights-transfer", *option, "--on", "2026-06-01",
    )  # fmt: skip
    assert (2, "", 1) == (result.status, result.out, len(result.err.splitlines()))
    assert result.err.startswith(f"aicontrols check: error: {message}")
