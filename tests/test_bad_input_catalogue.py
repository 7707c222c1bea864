"""The bad-input catalogue (docs/explanation/bad-input.md), row by row.

Each row of the page's tables names a case by its id; `CASES` maps each id to a
function that gives that input to aicontrols, in a fresh temporary directory,
and returns what the user gets: the outcome (an exception's class name,
`exit N` for the command line, or a plain word for an input that is accepted)
and the text shown (the exception's message, or everything the command line
printed). The page must show that outcome first, and every other text it shows
in backticks must appear in that text. Every row has a case and every case a
row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import aicontrols as ac
from aicontrols import screening
from aicontrols.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "explanation" / "bad-input.md"
BROKEN = ROOT / "tests" / "regime_files" / "broken"

Outcome = tuple[str, str]
"""What the user gets: the outcome, and the text shown with it."""

CASES: dict[str, Callable[[], Outcome]] = {}


def case(name: str) -> Callable[[Callable[[], Outcome]], Callable[[], Outcome]]:
    """Register a case under the id its row shows."""

    def register(function: Callable[[], Outcome]) -> Callable[[], Outcome]:
        assert name not in CASES, f"case `{name}` registered twice"
        CASES[name] = function
        return function

    return register


# ------------------------------------------------------------------- helpers

MYTHOS = ac.examples.load("mythos5")
ACCESS = ac.Access("acme-cloud", "mythos-5", "hosted-api")
UTC_NOON = dt.datetime(2026, 6, 15, 16, tzinfo=dt.UTC)
MINIMAL = "id: r\njurisdiction: US\ntimezone: America/New_York\n"
WHO = ("--recipient", "acme-cloud", "--item", "mythos-5", "--mode", "hosted-api")
ON = ("--on", "2026-06-15")
HEADER = "recipient,item,mode,at\n"
GOOD_ROW = "acme-cloud,mythos-5,hosted-api,2026-06-15T12:00:00-04:00\n"
CSL_HEADER = "source,name,addresses,start_date,end_date\n"
EL = "Entity List (EL) - Bureau of Industry and Security"
DPL = "Denied Persons List (DPL) - Bureau of Industry and Security"
CSL_GOOD = f'{EL},Northwind Photonics Co.,"1 Road, Wuhan, CN",2023-03-01,\n'
BAD_DATE = f"{EL},Fabrikam Computing Ltd.,,2023-02-30,\n"
BAD_SOURCE = "Made-up List (XL),Tailspin Robotics,,2023-02-01,\n"


def raised(action: Callable[[], object]) -> Outcome:
    """The class name and message of what `action` raises."""
    try:
        action()
    except Exception as error:
        return type(error).__name__, str(error)
    pytest.fail("expected an exception, got none")


def cli(*argv: str) -> Outcome:
    """`aicontrols ARGV`: `exit N` and everything printed, never a traceback."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(argv))
        except SystemExit as done:  # argparse's own usage errors
            status = int(done.code or 0)
    assert "Traceback" not in err.getvalue()
    return f"exit {status}", out.getvalue() + err.getvalue()


def write(name: str, text: str | bytes) -> str:
    """A file in the current (temporary) directory; returns its name."""
    path = Path(name)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return name


def broken(name: str) -> Outcome:
    """Load a file of the broken corpus, copied here under its own name."""
    shutil.copyfile(BROKEN / name, name)
    return raised(lambda: ac.load_regime(name))


def loads(text: str) -> Outcome:
    """Load regime text written to `regime.yaml`."""
    write("regime.yaml", text)
    return raised(lambda: ac.load_regime("regime.yaml"))


def log(**columns: object) -> object:
    """A one-row access log as a pyarrow table, with columns replaced or added."""
    pa = pytest.importorskip("pyarrow")

    base: dict[str, object] = {
        "recipient": ["acme-cloud"],
        "item": ["mythos-5"],
        "mode": ["hosted-api"],
        "at": pa.array([UTC_NOON]),
    }
    base.update(columns)
    return pa.table({k: v for k, v in base.items() if v is not None})


def audit(table: object, **options: object) -> Outcome:
    return raised(lambda: ac.audit(MYTHOS, table, **options))  # type: ignore[arg-type]


# ----------------------------------------------------- regime files: reading


@case("file-missing")
def _() -> Outcome:
    return raised(lambda: ac.load_regime("missing.yaml"))


@case("file-not-utf8")
def _() -> Outcome:
    return broken("not-utf8.yaml")


@case("file-bom")
def _() -> Outcome:
    write("regime.yaml", b"\xef\xbb\xbf" + MINIMAL.encode())
    return "loads", ac.load_regime("regime.yaml").id


@case("file-too-large")
def _() -> Outcome:
    write("big.yaml", MINIMAL + "#" * (8 * 1024 * 1024))
    return raised(lambda: ac.load_regime("big.yaml"))


@case("file-empty")
def _() -> Outcome:
    return broken("empty.yaml")


@case("file-two-documents")
def _() -> Outcome:
    return broken("two-documents.yaml")


@case("file-malformed-yaml")
def _() -> Outcome:
    return broken("malformed.yaml")


@case("file-tab-indent")
def _() -> Outcome:
    return loads(MINIMAL + "notices:\n\t- id: n1\n")


@case("file-yaml-tag")
def _() -> Outcome:
    return broken("yaml-tag.yaml")


@case("file-duplicate-key")
def _() -> Outcome:
    return broken("duplicate-yaml-key.yaml")


@case("file-alias-bomb")
def _() -> Outcome:
    return broken("alias-bomb.yaml")


@case("file-yaml-1.2-scalars")
def _() -> Outcome:
    regime = ac.loads_regime(MINIMAL.replace("US", "NO"))
    return "loads", f"jurisdiction: {regime.jurisdiction}"


# a license for any foreign person's access to one item (issue #15, item 8)
RULE = (
    MINIMAL
    + """\
catalog:
  items:
  - id: model
    training_operations: {ops}
notices:
- id: n1
  published: 2026-01-05
  effective: 2026-01-05
  adds:
    restrictions:
    - id: r1
      effect: license_required
      items:
        ids: model
      recipients:
        foreign_person: {foreign}
"""
)


def rule(*, ops: str = "1e26", foreign: str = "true") -> str:
    return RULE.format(ops=ops, foreign=foreign)


@case("file-bool-tag")
def _() -> Outcome:
    return loads(rule(foreign="!!bool yes"))


@case("file-int-tag")
def _() -> Outcome:
    return loads(rule(ops="!!int 1.5"))


@case("file-float-tag")
def _() -> Outcome:
    return loads(rule(ops="!!float ''"))


@case("file-huge-number")
def _() -> Outcome:
    return loads(rule(ops="9" * 5000))


@case("file-infinite-number")
def _() -> Outcome:
    return loads(rule(ops="1e400"))


@case("file-deep-nesting")
def _() -> Outcome:
    return loads(MINIMAL + "description: " + "[" * 5000 + "]" * 5000 + "\n")


@case("file-deep-json")
def _() -> Outcome:
    write("regime.json", '{"id": "r", "name": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return raised(lambda: ac.load_regime("regime.json"))


JSON_NAME = '{"id": "r", "jurisdiction": "US", "timezone": "UTC", "name": "%s"}'


@case("file-lone-surrogate")
def _() -> Outcome:
    write("regime.json", JSON_NAME % "Acme \\ud800")
    return raised(lambda: ac.load_regime("regime.json"))


@case("file-surrogate-pair")
def _() -> Outcome:
    write("regime.json", JSON_NAME % "Acme \\ud83d\\ude00")
    return "loads", f"name: {ac.load_regime('regime.json').name}"


@case("file-validate-lone-surrogate")
def _() -> Outcome:
    write("regime.json", JSON_NAME % "Acme \\ud800")
    return cli("validate", "regime.json")


@case("loads-lone-surrogate")
def _() -> Outcome:
    return raised(lambda: ac.loads_regime(MINIMAL + "name: Acme \ud800\n"))


@case("loads-bytes")
def _() -> Outcome:
    regime = ac.loads_regime((MINIMAL + "name: Zürich AG\n").encode())
    return "loads", f"name: {regime.name}"


@case("loads-bytes-not-utf8")
def _() -> Outcome:
    return raised(
        lambda: ac.loads_regime((MINIMAL + "name: Zürich AG\n").encode("latin-1"))
    )


@case("loads-not-text")
def _() -> Outcome:
    return raised(lambda: ac.loads_regime(Path("regime.yaml")))  # type: ignore[arg-type]


# ------------------------------------------------ regime files: the schema


@case("schema-missing-key")
def _() -> Outcome:
    return broken("missing-required.yaml")


@case("schema-unknown-key")
def _() -> Outcome:
    return broken("unknown-key-typo.yaml")


@case("schema-wrong-type")
def _() -> Outcome:
    return broken("wrong-type.yaml")


@case("schema-not-one-of")
def _() -> Outcome:
    return broken("bad-enum-effect.yaml")


@case("schema-country-code")
def _() -> Outcome:
    return broken("bad-country-code.yaml")


@case("schema-many-problems")
def _() -> Outcome:
    return broken("all-at-once.yaml")


# ------------------------------------------- regime files: what they mean


@case("file-bad-date")
def _() -> Outcome:
    return broken("bad-date-february-30.yaml")


@case("file-naive-instant")
def _() -> Outcome:
    return broken("naive-instant.yaml")


@case("file-bad-timezone")
def _() -> Outcome:
    return broken("bad-timezone.yaml")


@case("file-duplicate-id")
def _() -> Outcome:
    return broken("duplicate-notice-id.yaml")


@case("file-unknown-reference")
def _() -> Outcome:
    return broken("unknown-rule-revokes.yaml")


@case("file-end-before-start")
def _() -> Outcome:
    return broken("end-before-start-suspension.yaml")


@case("file-effective-before-published")
def _() -> Outcome:
    return broken("effective-before-published.yaml")


@case("file-country-not-iso")
def _() -> Outcome:
    return broken("unreal-country-code.yaml")


@case("file-union-without-territory")
def _() -> Outcome:
    return broken("union-without-territory.yaml")


@case("file-mixed-span")
def _() -> Outcome:
    return broken("end-before-start-mixed.yaml")


@case("file-classification-case")
def _() -> Outcome:
    return loads(
        MINIMAL + "catalog:\n  items:\n  - {id: m, classifications: {ECCN: '4e091'}}\n"
    )


@case("file-localtime")
def _() -> Outcome:
    return loads(MINIMAL.replace("America/New_York", "localtime"))


# --------------------------------------------------- screening-list snapshots


def csl(rows: str) -> Outcome:
    """Read `csl.csv`: the CSL header, a good row, then `rows` (from line 3)."""
    write("csl.csv", CSL_HEADER + CSL_GOOD + rows)
    return raised(lambda: screening.read_csl("csl.csv", taken="2026-01-05"))


def snapshot(name: str, rows: str, taken: str) -> screening.Snapshot:
    """A snapshot read from the file `name`: the CSL header, then `rows`."""
    write(name, CSL_HEADER + rows)
    return screening.read_csl(name, taken=taken)


@case("csl-missing-file")
def _() -> Outcome:
    return raised(lambda: screening.read_csl("missing.csv", taken="2026-01-05"))


@case("csl-not-a-csl-file")
def _() -> Outcome:
    write("csl.csv", "id,company\n1,Northwind Photonics Co.\n")
    return raised(lambda: screening.read_csl("csl.csv", taken="2026-01-05"))


@case("csl-json-page")
def _() -> Outcome:
    page = {"total": 3, "results": [{"source": EL, "name": "Northwind Photonics Co."}]}
    write("csl.json", json.dumps(page))
    return raised(lambda: screening.read_csl("csl.json", taken="2026-01-05"))


@case("csl-field-count")
def _() -> Outcome:
    more = csl(f"{EL},Fabrikam Computing Ltd.,,2023-02-01,,extra\n")
    fewer = csl(f"{EL},Fabrikam Computing Ltd.,,2023-02-01\n")
    assert more[0] == fewer[0]
    return more[0], f"{more[1]}\n{fewer[1]}"


@case("csl-stray-quote")
def _() -> Outcome:
    return csl(
        f'{EL},"Fabrikam Computing Ltd.,,2023-02-01,\n'
        f'{EL},Tailspin Robotics",,2023-02-01,\n'
    )


@case("csl-bad-date")
def _() -> Outcome:
    return csl(BAD_DATE)


@case("csl-unknown-source")
def _() -> Outcome:
    return csl(BAD_SOURCE)


@case("csl-missing-name")
def _() -> Outcome:
    return csl(f"{EL},,,2023-02-01,\n")


@case("csl-end-before-start")
def _() -> Outcome:
    return csl(f"{DPL},Fabrikam Freight LLC,,2024-05-01,2024-04-01\n")


@case("csl-truncated")
def _() -> Outcome:
    return csl(f"{EL},Fabrikam Computing Ltd.,,2023-02-01,")  # cut after its last comma


@case("csl-skip-bad-rows")
def _() -> Outcome:
    write("csl.csv", CSL_HEADER + CSL_GOOD + BAD_DATE)
    found = screening.read_csl("csl.csv", taken="2026-01-05", skip_bad_rows=True)
    return "returns", (
        f"listings: {', '.join(x.name for x in found.listings)}\n"
        f"problems: {', '.join(str(p) for p in found.problems)}"
    )


@case("csl-empty-snapshot")
def _() -> Outcome:
    january = snapshot("january.csv", CSL_GOOD, taken="2026-01-05")
    february = snapshot("february.csv", "", taken="2026-02-05")
    return raised(lambda: screening.history_regime([january, february]))


@case("csl-same-day")
def _() -> Outcome:
    one = snapshot("one.csv", CSL_GOOD, taken="2026-01-05")
    two = snapshot("two.csv", CSL_GOOD, taken="2026-01-05")
    return raised(lambda: screening.history_regime([one, two]))


@case("screen-empty-name")
def _() -> Outcome:
    regime = screening.history_regime(
        [snapshot("csl.csv", CSL_GOOD, taken="2026-01-05")]
    )
    return raised(lambda: screening.screen(regime, " ,. ", on="2026-01-10"))


@case("csl-cli-bad-rows")
def _() -> Outcome:
    write("bad.csv", CSL_HEADER + CSL_GOOD + BAD_DATE + BAD_SOURCE)
    outcome = cli("import-csl", "bad.csv@2026-01-05")
    assert "id: us-csl" not in outcome[1]  # nothing written
    return outcome


@case("csl-cli-no-date")
def _() -> Outcome:
    write("bad.csv", CSL_HEADER + CSL_GOOD + BAD_DATE)
    return cli("import-csl", "bad.csv")


# ------------------------------------------------------------ Python queries


@case("query-no-date")
def _() -> Outcome:
    both = raised(
        lambda: MYTHOS.decide(ACCESS, on="2026-06-15", at="2026-06-15T12:00-04:00")
    )
    neither = raised(lambda: MYTHOS.decide(ACCESS))
    assert both == neither
    return neither


@case("query-bad-date")
def _() -> Outcome:
    return raised(lambda: MYTHOS.decide(ACCESS, on="2026-02-30"))


@case("query-naive-datetime")
def _() -> Outcome:
    return raised(lambda: MYTHOS.decide(ACCESS, at=dt.datetime(2026, 6, 15, 9, 30)))  # noqa: DTZ001


@case("query-instant-without-offset")
def _() -> Outcome:
    return raised(lambda: MYTHOS.decide(ACCESS, at="2026-06-15T09:30"))


@case("query-bad-instant")
def _() -> Outcome:
    return raised(lambda: MYTHOS.decide(ACCESS, at="yesterday"))


@case("query-unknown-id")
def _() -> Outcome:
    access = ac.Access("acme-cloud", "mythos-6", "hosted-api")
    return raised(lambda: MYTHOS.decide(access, on="2026-06-15"))


@case("query-empty-span")
def _() -> Outcome:
    return raised(lambda: MYTHOS.history(ACCESS, start="2026-07-01", end="2026-06-01"))


@case("query-no-regime")
def _() -> Outcome:
    return raised(lambda: ac.decide([], ACCESS, on="2026-06-15"))


@case("query-unknown-example")
def _() -> Outcome:
    return raised(lambda: ac.examples.load("mythos6"))


@case("query-unknown-fact")
def _() -> Outcome:
    priya = ac.Entity("priya", kind="individual")  # no citizenship recorded
    access = ac.Access(priya, "mythos-5", "hosted-api", location="US")
    decision = MYTHOS.decide(access, on="2026-06-15")
    return decision.verdict.name, decision.explain()


@case("access-country-code")
def _() -> Outcome:
    return raised(lambda: ac.Access("acme-cloud", "mythos-5", "hosted-api", "USA"))


@case("entity-bad-id")
def _() -> Outcome:
    return raised(lambda: ac.Entity("Priya Patel", kind="individual"))


@case("fact-naive-datetime")
def _() -> Outcome:
    return raised(lambda: ac.Citizenship("PT", start=dt.datetime(2024, 5, 1)))  # noqa: DTZ001


@case("regime-bad-timezone")
def _() -> Outcome:
    return raised(lambda: ac.Regime("r", jurisdiction="US", timezone="US/New York"))


@case("regime-unknown-reference")
def _() -> Outcome:
    notice = ac.Notice(
        "n1",
        published=dt.date(2026, 1, 10),
        effective=dt.date(2026, 1, 10),
        adds=[ac.Restriction("r1", items=ac.ItemIs("mythos-5"))],
    )
    return raised(
        lambda: ac.Regime(
            "r", jurisdiction="US", timezone="America/New_York", notices=[notice]
        )
    )


def priya(**facts: object) -> ac.Entity:
    """An Indian national, with more facts."""
    return ac.Entity(
        "priya", kind="individual", citizenships=[ac.Citizenship("IN")], **facts
    )  # type: ignore[arg-type]


def asked(
    recipient: object, item: object = "mythos-5", mode: object = "hosted-api"
) -> Outcome:
    """What `MYTHOS.decide` raises for this recipient, item and mode."""
    access = ac.Access(recipient, item, mode)  # type: ignore[arg-type]
    return raised(lambda: MYTHOS.decide(access, on="2026-06-15"))


@case("query-lookalike-item")
def _() -> Outcome:
    return asked(priya(), ac.ControlledItem("mythos5"))


@case("query-lookalike-employer")
def _() -> Outcome:
    return asked(priya(employments=[ac.Employment("Acme-Cloud")]))


@case("query-catalog-conflict")
def _() -> Outcome:
    return asked(ac.Entity("acme-cloud", country="CN"))


@case("query-same-as-conflict")
def _() -> Outcome:
    return asked(ac.Entity("cust-7", country="CN", same_as=["acme-cloud"]))


@case("query-same-as-drops-owners")
def _() -> Outcome:
    affiliates = ac.examples.load("affiliates-rule-2025")
    cust = ac.Entity("cust-7", country="SG", same_as=["sg-subsidiary"])
    access = ac.Access(cust, "example-model", "weights-transfer", location="SG")
    return raised(lambda: affiliates.decide(access, on="2025-10-15"))


@case("query-mode-conflict")
def _() -> Outcome:
    odd = ac.DeploymentMode("hosted-api", transfers_weights=True, compute="recipient")
    return asked(priya(), mode=odd)


@case("query-mixed-span")
def _() -> Outcome:
    job = ac.Employment(
        "anthropic",
        start=dt.date(2026, 6, 20),
        end=dt.datetime(2026, 6, 20, 3, tzinfo=dt.UTC),
    )
    return asked(priya(employments=[job]))


@case("query-one-regime")
def _() -> Outcome:
    return raised(lambda: ac.decide(MYTHOS, ACCESS, on="2026-06-15"))  # type: ignore[arg-type]


@case("item-not-a-bool")
def _() -> Outcome:
    return raised(lambda: ac.ControlledItem("m", weights_published=0))  # type: ignore[arg-type]


@case("item-not-finite")
def _() -> Outcome:
    return raised(lambda: ac.ControlledItem("m", training_operations=float("nan")))


@case("item-eccn-case")
def _() -> Outcome:
    return raised(lambda: ac.ControlledItem("m", classifications={"ECCN": "4e091"}))


@case("country-not-iso")
def _() -> Outcome:
    return raised(lambda: ac.Citizenship("UK"))


@case("country-union")
def _() -> Outcome:
    return raised(lambda: ac.Access("acme-cloud", "mythos-5", "hosted-api", "EU"))


@case("country-folded")
def _() -> Outcome:
    return raised(lambda: ac.Citizenship("uſ"))


@case("regime-union-without-territory")
def _() -> Outcome:
    return raised(lambda: ac.Regime("r", jurisdiction="EU", timezone="Europe/Brussels"))


@case("regime-mixed-span")
def _() -> Outcome:
    member = ac.Membership(
        "x",
        start=dt.date(2026, 6, 20),
        end=dt.datetime(2026, 6, 20, 3, tzinfo=dt.UTC),
    )
    return raised(
        lambda: ac.Regime(
            "r",
            jurisdiction="US",
            timezone="America/New_York",
            entity_lists=[ac.EntityList("l", members=[member])],
        )
    )


# -------------------------------------------------------------- command line


@case("cli-no-command")
def _() -> Outcome:
    return cli()


@case("cli-unknown-command")
def _() -> Outcome:
    return cli("decide", "mythos5")


@case("cli-missing-argument")
def _() -> Outcome:
    return cli("check", "mythos5", "--recipient", "acme-cloud", *ON)


@case("cli-unknown-regime")
def _() -> Outcome:
    return cli("check", "mythos6", *WHO, *ON)


@case("cli-regime-file-problems")
def _() -> Outcome:
    write("us.yaml", MINIMAL.replace("US", "USA"))
    return cli("check", "us.yaml", *WHO, *ON)


@case("cli-bad-date")
def _() -> Outcome:
    return cli("check", "mythos5", *WHO, "--on", "2026-13-01")


@case("cli-unknown-id")
def _() -> Outcome:
    return cli(
        "check", "mythos5", "--recipient", "acme-cloud", "--item", "mythos-6",
        "--mode", "hosted-api", *ON,
    )  # fmt: skip


@case("cli-bad-location")
def _() -> Outcome:
    return cli("check", "mythos5", *WHO, "--location", "USA", *ON)


@case("cli-bad-recipient")
def _() -> Outcome:
    return cli(
        "check", "mythos5", "--recipient", "priya", "--citizenship", "IND",
        "--item", "mythos-5", "--mode", "hosted-api", *ON,
    )  # fmt: skip


@case("cli-recipient-file-problems")
def _() -> Outcome:
    write("priya.yaml", "id: priya\nkind: individual\ncitizenships: [IN]\nage: 31\n")
    return cli(
        "check", "mythos5", "--recipient-file", "priya.yaml",
        "--item", "mythos-5", "--mode", "hosted-api", *ON,
    )  # fmt: skip


@case("cli-validate-problems")
def _() -> Outcome:
    shutil.copyfile(BROKEN / "unknown-key-typo.yaml", "unknown-key-typo.yaml")
    return cli("validate", "unknown-key-typo.yaml")


@case("cli-validate-unreadable")
def _() -> Outcome:
    return cli("validate", "missing.yaml")


@case("cli-catalog-conflict")
def _() -> Outcome:
    return cli("check", "mythos5", *WHO, "--citizenship", "CN", "--location", "CN", *ON)


@case("cli-country-folded")
def _() -> Outcome:
    return cli(
        "check", "mythos5", "--recipient", "kim", "--citizenship", "uſ",
        "--item", "mythos-5", "--mode", "hosted-api", *ON,
    )  # fmt: skip


# ------------------------------------------------------ access logs: the CLI


@case("log-extension")
def _() -> Outcome:
    write("access.txt", HEADER + GOOD_ROW)
    return cli("audit", "mythos5", "--log", "access.txt")


@case("log-missing")
def _() -> Outcome:
    return cli("audit", "mythos5", "--log", "access.csv")


@case("log-empty")
def _() -> Outcome:
    write("access.csv", "")
    return cli("audit", "mythos5", "--log", "access.csv")


@case("log-missing-column")
def _() -> Outcome:
    write("access.csv", "recipient,item,when\nacme-cloud,mythos-5,2026-06-15\n")
    return cli("audit", "mythos5", "--log", "access.csv")


@case("log-not-utf8")
def _() -> Outcome:
    write("access.csv", HEADER.encode() + b"caf\xe9,mythos-5,hosted-api,x\n")
    return cli("audit", "mythos5", "--log", "access.csv")


@case("log-parquet-column")
def _() -> Outcome:
    pa = pytest.importorskip("pyarrow", reason="Parquet logs need pyarrow")
    pq = pytest.importorskip("pyarrow.parquet", reason="Parquet logs need pyarrow")
    table = pa.table({"recipient": ["acme-cloud"], "item": [5], "mode": ["hosted-api"],
                      "at": [GOOD_ROW.split(",")[-1].strip()]})  # fmt: skip
    pq.write_table(table, "access.parquet")
    return cli("audit", "mythos5", "--log", "access.parquet")


@case("log-parquet-per-row")
def _() -> Outcome:
    write("access.parquet", b"")  # refused before it is read
    return cli("audit", "mythos5", "--log", "access.parquet", "--per-row")


@case("audit-regime-twice")
def _() -> Outcome:
    write("access.csv", HEADER + GOOD_ROW)
    return cli("audit", "mythos5", "--regime", "mythos5", "--log", "access.csv")


@case("audit-no-regime")
def _() -> Outcome:
    write("access.csv", HEADER + GOOD_ROW)
    return cli("audit", "--log", "access.csv")


def audit_csv(row: str, header: str = HEADER) -> Outcome:
    """Audit a CSV log of a good row then `row` (on line 3)."""
    write("access.csv", header + GOOD_ROW + row + "\n")
    return cli("audit", "mythos5", "--log", "access.csv")


def audit_jsonl(row: object) -> Outcome:
    """Audit a JSON Lines log of a good row then `row` (on line 2)."""
    good = {
        "recipient": "acme-cloud",
        "item": "mythos-5",
        "mode": "hosted-api",
        "at": "2026-06-15T12:00:00-04:00",
    }
    text = row if isinstance(row, str) else json.dumps(row)
    write("access.jsonl", json.dumps(good) + "\n" + text + "\n")
    return cli("audit", "mythos5", "--log", "access.jsonl")


@case("row-instant-without-offset")
def _() -> Outcome:
    return audit_csv("acme-cloud,mythos-5,hosted-api,2026-06-15T12:00:00")


@case("row-bad-instant")
def _() -> Outcome:
    return audit_csv("acme-cloud,mythos-5,hosted-api,noon")


@case("row-missing-cell")
def _() -> Outcome:
    return audit_csv(",mythos-5,hosted-api,2026-06-15T12:00:00-04:00")


@case("row-unknown-id")
def _() -> Outcome:
    return audit_csv("acme-cloud,mythos-6,hosted-api,2026-06-15T12:00:00-04:00")


@case("row-catalog-conflict")
def _() -> Outcome:
    header = "recipient,citizenships,item,mode,at\n"
    good = "acme-cloud,,mythos-5,hosted-api,2026-06-15T12:00:00-04:00\n"
    write(
        "access.csv",
        header + good + "acme-cloud,CN,mythos-5,hosted-api,2026-06-15T12:00:00-04:00\n",
    )
    return cli("audit", "mythos5", "--log", "access.csv")


@case("row-bad-fact")
def _() -> Outcome:
    header = "recipient,citizenships,item,mode,at\n"
    good = "acme-cloud,,mythos-5,hosted-api,2026-06-15T12:00:00-04:00\n"
    write(
        "access.csv",
        header + good + "priya,IND,mythos-5,hosted-api,2026-06-15T12:00:00-04:00\n",
    )
    return cli("audit", "mythos5", "--log", "access.csv")


@case("row-bad-location")
def _() -> Outcome:
    header = "recipient,item,mode,location,at\n"
    good = "acme-cloud,mythos-5,hosted-api,US,2026-06-15T12:00:00-04:00\n"
    write("access.csv", header + good + "acme-cloud,mythos-5,hosted-api,USA,2026-06-15T12:00:00-04:00\n")  # fmt: skip
    return cli("audit", "mythos5", "--log", "access.csv")


@case("row-not-json")
def _() -> Outcome:
    return audit_jsonl("{'recipient': 'acme-cloud'}")


@case("row-bad-list")
def _() -> Outcome:
    return audit_jsonl(
        {"recipient": "priya", "citizenships": "IN", "residencies": [1],
         "item": "mythos-5", "mode": "hosted-api", "at": "2026-06-15T12:00:00-04:00"}
    )  # fmt: skip


# issue #15, item 7: every column and key is read, or the log or row refused
FACTS = "recipient,citizenships,employers,item,mode,location,at\n"
PRIYA_ROW = "priya,IN,anthropic,mythos-5,hosted-api,US,2026-06-15T12:00:00-04:00\n"


@case("log-unknown-column")
def _() -> Outcome:
    write("access.csv", FACTS.replace("employers", "employer") + PRIYA_ROW)
    return cli("audit", "mythos5", "--log", "access.csv")


@case("log-duplicate-column")
def _() -> Outcome:
    header = "recipient,citizenships,citizenships,item,mode,location,at\n"
    write("access.csv", header + "priya,IN,,mythos-5,hosted-api,US,2026-06-15T12:00:00-04:00\n")  # fmt: skip
    return cli("audit", "mythos5", "--log", "access.csv")


@case("log-truncated")
def _() -> Outcome:
    header = "recipient,item,mode,at,attestations\n"
    good = "acme-cloud,mythos-5,hosted-api,2026-06-15T12:00:00-04:00,\n"
    write("access.csv", header + good + good.rstrip("\n"))  # cut after its last comma
    return cli("audit", "mythos5", "--log", "access.csv")


@case("row-short")
def _() -> Outcome:
    return audit_csv("acme-cloud,mythos-5,hosted-api")


@case("row-duplicate-key")
def _() -> Outcome:
    return audit_jsonl(
        '{"recipient": "priya", "citizenships": ["IN"], "citizenships": [], '
        '"item": "mythos-5", "mode": "hosted-api", "at": "2026-06-15T12:00:00-04:00"}'
    )


@case("row-unknown-key")
def _() -> Outcome:
    return audit_jsonl(
        {"recipient": "priya", "citizenships": ["IN"], "employer": ["anthropic"],
         "item": "mythos-5", "mode": "hosted-api", "at": "2026-06-15T12:00:00-04:00"}
    )  # fmt: skip


@case("row-deep-nesting")
def _() -> Outcome:
    return audit_jsonl("[" * 100_000 + "]" * 100_000)


@case("row-individual-without-facts")
def _() -> Outcome:
    write("access.csv", FACTS + PRIYA_ROW + "new-hire,,,mythos-5,hosted-api,US,2026-06-15T12:00:00-04:00\n")  # fmt: skip
    return cli("audit", "mythos5", "--log", "access.csv")


@case("row-bad-kind")
def _() -> Outcome:
    header = "recipient,kind,item,mode,at\n"
    good = "acme-cloud,,mythos-5,hosted-api,2026-06-15T12:00:00-04:00\n"
    write("access.csv", header + good + "walk-in,Individual,mythos-5,hosted-api,2026-06-15T12:00:00-04:00\n")  # fmt: skip
    return cli("audit", "mythos5", "--log", "access.csv")


# -------------------------------------------------- access logs: the columns


@case("columns-not-a-table")
def _() -> Outcome:
    return audit([{"recipient": "acme-cloud", "item": "mythos-5"}])


@case("columns-missing")
def _() -> Outcome:
    return audit(log(mode=None, at=None))


@case("columns-clash")
def _() -> Outcome:
    return audit(log(verdict=["permitted"]))


@case("columns-naive-timestamps")
def _() -> Outcome:
    pa = pytest.importorskip("pyarrow")

    return audit(log(at=pa.array([dt.datetime(2026, 6, 15, 12)])))  # noqa: DTZ001


@case("columns-wrong-type")
def _() -> Outcome:
    return audit(log(recipient=[42]))


@case("columns-missing-cell")
def _() -> Outcome:
    return audit(log(recipient=["acme-cloud", None], item=["mythos-5"] * 2,
                     mode=["hosted-api"] * 2, at=[UTC_NOON] * 2))  # fmt: skip


@case("columns-instant-without-offset")
def _() -> Outcome:
    return audit(log(at=["2026-06-15T12:00:00"]))


@case("columns-unknown-id")
def _() -> Outcome:
    return audit(log(item=["mythos-6"]))


@case("columns-bad-location")
def _() -> Outcome:
    return audit(log(location=["USA"]))


@case("columns-bad-fact")
def _() -> Outcome:
    return audit(log(recipient=["priya"], citizenships=["IN;IND"]))


@case("columns-bad-classification")
def _() -> Outcome:
    return audit(log(item=["my-model"], classifications=["4E091"]))


@case("columns-bad-parameter")
def _() -> Outcome:
    return audit(log(item=["my-chip"], tpp=["fast"]))


@case("columns-item-contradicts-catalog")
def _() -> Outcome:
    return audit(log(weights_published=[True]))


@case("columns-not-a-regime")
def _() -> Outcome:
    return raised(lambda: ac.audit("mythos5", log()))  # type: ignore[arg-type]


@case("columns-regime-twice")
def _() -> Outcome:
    return raised(lambda: ac.audit([MYTHOS, MYTHOS], log()))


@case("columns-mark")
def _() -> Outcome:
    result = ac.audit(
        MYTHOS,
        log(item=["mythos-5", "mythos-6"], recipient=["acme-cloud"] * 2,
            mode=["hosted-api"] * 2, at=[UTC_NOON] * 2),
        errors="mark",
    )  # fmt: skip
    rows = zip(
        result.column("verdict").to_pylist(),
        result.column("reason").to_pylist(),
        strict=True,
    )
    return "returns", "\n".join(f"{verdict}: {reason}" for verdict, reason in rows)


@case("columns-unknown")
def _() -> Outcome:
    return audit(log(recipient=["sam"], citizenships=["IN"], employer=["anthropic"]))


@case("columns-duplicate")
def _() -> Outcome:
    pa = pytest.importorskip("pyarrow")
    return audit(log().append_column("item", pa.array(["fable-5"])))  # type: ignore[attr-defined]


@case("columns-lazy-frame")
def _() -> Outcome:
    pl = pytest.importorskip("polars")
    return audit(pl.from_arrow(log()).lazy())  # type: ignore[union-attr]


@case("columns-individual-without-facts")
def _() -> Outcome:
    result = ac.audit(MYTHOS, log(recipient=["new-hire"], citizenships=[None]))
    verdict, reason = (result.column(n)[0].as_py() for n in ("verdict", "reason"))  # type: ignore[attr-defined]
    return "returns", f"{verdict}: {reason}"


@case("file-control-character")
def _() -> Outcome:
    return loads(MINIMAL + "name: a\x07b\n")


@case("query-out-of-range")
def _() -> Outcome:
    return raised(lambda: MYTHOS.decide(ACCESS, at="9999-12-31T23:59:59-05:00"))


@case("query-not-a-regime")
def _() -> Outcome:
    return raised(lambda: ac.decide(["mythos5"], ACCESS, on="2026-06-15"))  # type: ignore[list-item]


@case("columns-mixed-types")
def _() -> Outcome:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"recipient": ["acme-cloud", 5], "item": ["mythos-5"] * 2,
         "mode": ["hosted-api"] * 2, "at": [UTC_NOON] * 2}
    )  # fmt: skip
    return audit(frame)


@case("columns-categorical")
def _() -> Outcome:
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame(
        {"recipient": ["acme-cloud"], "item": ["mythos-5"],
         "mode": ["hosted-api"], "at": [UTC_NOON]}
    ).with_columns(pl.col("item").cast(pl.Categorical))  # fmt: skip
    result = ac.audit(MYTHOS, frame)
    return "returns", f"{result['verdict'][0]}: {result['reason'][0]}"


# --------------------------------------------------------------- the page


def code_spans(text: str) -> list[str]:
    """The contents of the inline code spans in `text`, as Markdown reads them."""
    spans: list[str] = []
    i = 0
    while i < len(text):
        if text[i] != "`":
            i += 1
            continue
        n = len(text[i:]) - len(text[i:].lstrip("`"))
        start = end = i + n
        while True:
            end = text.find("`" * n, end)
            assert end >= 0, f"an unclosed code span in: {text}"
            run = len(text[end:]) - len(text[end:].lstrip("`"))
            if run == n:
                break
            end += run
        # padding spaces are stripped, as Python-Markdown (and so the site) does
        spans.append(text[start:end].strip())
        i = end + n
    return spans


def rows() -> dict[str, tuple[str, list[str]]]:
    """Each row of the page's tables: its id -> (outcome, texts shown)."""
    found: dict[str, tuple[str, list[str]]] = {}
    for line in PAGE.read_text("utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if cells[0] == "Case" or set(cells[0]) <= set("-: "):
            continue
        assert 3 == len(cells), f"a row needs 3 cells: {line}"
        (name,) = code_spans(cells[0])
        assert name not in found, f"row `{name}` shown twice"
        outcome, *texts = code_spans(cells[2].replace("\\|", "|"))
        found[name] = (outcome, texts)
    return found


ROWS = rows()


def test_every_row_has_a_case_and_every_case_a_row() -> None:
    """The bad-input page and `CASES` list the same cases, none missing either side."""
    assert [] == sorted(set(ROWS) - set(CASES)), "rows without a case"
    assert [] == sorted(set(CASES) - set(ROWS)), "cases without a row"


@pytest.mark.parametrize("name", sorted(ROWS))
def test_row_shows_what_the_user_gets(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each row of the bad-input page shows the outcome and text the user gets."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    shown_outcome, shown_texts = ROWS[name]
    outcome, text = CASES[name]()
    assert shown_outcome == outcome, text
    for shown in shown_texts:
        assert shown in text, f"`{shown}` is not in what {name} gives:\n{text}"
