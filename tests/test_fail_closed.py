"""The standing fail-open table: boundary inputs that must never give PERMITTED.

Each probe gives one boundary input to aicontrols (through Python, the command
line, a regime file or an audit) and returns what came back: a verdict, or the
name of the exception that refused it. A probe passes when the answer is not
`permitted` and nothing but a refusal aicontrols documents was raised: an
`AIControlsError`, a constructor's `ValueError` or `TypeError` (a malformed
value), or a non-zero exit status of the command line without a traceback.
The inputs are those of issue 15 (each answered PERMITTED once), and more of
their kind; docs/explanation/bad-input.md shows what the user gets for each.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import pickle
from collections.abc import Callable
from pathlib import Path
from re import escape as re_escape
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aicontrols as ac
from aicontrols.cli import main
from aicontrols.testing.strategies import (
    accesses,
    days_of,
    instants,
    regimes,
    variants,
)

from .budget import examples

D = dt.date
UTC = dt.UTC
MYTHOS = ac.examples.load("mythos5")
AFFILIATES = ac.examples.load("affiliates-rule-2025")
DIFFUSION = ac.examples.load("ai-diffusion-2025")

Outcome = str
"""A verdict's value (`permitted`, ...), `refused: ErrorName` or `exit N`."""

PROBES: dict[str, Callable[[], Outcome]] = {}


def probe(name: str) -> Callable[[Callable[[], Outcome]], Callable[[], Outcome]]:
    def register(function: Callable[[], Outcome]) -> Callable[[], Outcome]:
        assert name not in PROBES, name
        PROBES[name] = function
        return function

    return register


def outcome(action: Callable[[], ac.Decision | ac.Verdict]) -> Outcome:
    """The verdict `action` gives, or `refused: ...` for a documented refusal."""
    try:
        found = action()
    except (ac.AIControlsError, ValueError, TypeError) as error:
        return f"refused: {type(error).__name__}"
    verdict = found if isinstance(found, ac.Verdict) else found.verdict
    return verdict.value


def indian(**more: object) -> ac.Entity:
    return ac.Entity(
        "priya", kind="individual", citizenships=[ac.Citizenship("IN")], **more
    )  # type: ignore[arg-type]


def mythos(recipient: object, item: object = "mythos-5", **access: object) -> Outcome:
    """Decide on 2026-06-30 (both letters in force) under the June 2026 letters."""
    return outcome(
        lambda: MYTHOS.decide(
            ac.Access(recipient, item, "hosted-api", **access),  # type: ignore[arg-type]
            on="2026-06-30",
        )
    )


def affiliates(recipient: object) -> Outcome:
    """Decide on 2025-10-15, while the affiliates rule was in force."""
    return outcome(
        lambda: AFFILIATES.decide(
            ac.Access(recipient, "example-model", "weights-transfer", location="SG"),  # type: ignore[arg-type]
            on="2025-10-15",
        )
    )


def frontier(**facts: object) -> Outcome:
    """An ad-hoc frontier model sent to China under the AI Diffusion rule."""
    chinese = ac.Entity("li", kind="individual", citizenships=[ac.Citizenship("CN")])
    return outcome(
        lambda: DIFFUSION.decide(
            ac.Access(
                chinese,
                ac.ControlledItem("new-model", **facts),  # type: ignore[arg-type]
                "weights-transfer",
                location="CN",
            ),
            on="2025-06-01",
        )
    )


def cli(*argv: str) -> Outcome:
    """`aicontrols ARGV`: `exit N`, never a traceback."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(argv))
        except SystemExit as done:
            status = int(done.code or 0)
    assert "Traceback" not in err.getvalue(), err.getvalue()
    return "permitted" if status == 0 else f"exit {status}"


def check(*more: str) -> Outcome:
    return cli(
        "check",
        "mythos5",
        "--item",
        "mythos-5",
        "--mode",
        "hosted-api",
        "--on",
        "2026-06-30",
        *more,
    )


MINIMAL = "id: r\njurisdiction: US\ntimezone: America/New_York\n"


def loads(text: str) -> Outcome:
    """Load regime text; a regime that loads answers `permitted` (it is accepted)."""
    try:
        ac.loads_regime(text)
    except ac.AIControlsError as error:
        return f"refused: {type(error).__name__}"
    return "permitted"


# An illustrative regime whose rules read the facts the probes get wrong: a
# classification, a developer, an employer and a destination.
PROBE = ac.Regime(
    "probe",
    jurisdiction="US",
    timezone="America/New_York",
    entities=[
        ac.Entity("lab-x", country="US"),
        ac.Entity("other-lab", country="US"),
        ac.Entity("huawei-x", country="CN"),
    ],
    items=[ac.ControlledItem("open-model", developer="other-lab",
                             classifications={"ECCN": "EAR99"})],
    notices=[
        ac.Notice(
            "n",
            published=D(2026, 1, 1),
            effective=D(2026, 1, 1),
            adds=[
                ac.Restriction("eccn", items=ac.ClassifiedAs("ECCN", "4E091")),
                ac.Restriction("lab", items=ac.DevelopedBy("lab-x")),
                ac.Restriction(
                    "employer",
                    effect=ac.Effect.PROHIBITED,
                    recipients=ac.EmployedBy("huawei-x"),
                ),
                ac.Restriction("china", recipients=ac.DestinationIn(["CN"])),
            ],
        )
    ],
)  # fmt: skip


def probed(make: Callable[[], ac.Access]) -> Outcome:
    """Decide the access `make` builds under `PROBE` on 2026-02-01."""
    return outcome(lambda: PROBE.decide(make(), on="2026-02-01"))


def american(**more: object) -> ac.Entity:
    return ac.Entity(
        "sam", kind="individual", citizenships=[ac.Citizenship("US")], **more
    )  # type: ignore[arg-type]


# ------------------------------------------------ 1. one query poisons another

for _value in (0, 1, None, "false", "no", "true"):

    @probe(f"item-weights-published-{_value!r}")
    def _weights(value: object = _value) -> Outcome:
        return frontier(training_operations=3e26, weights_published=value)


for _ops in (math.nan, math.inf, -1, "3e26", True):

    @probe(f"item-training-operations-{_ops!r}")
    def _operations(value: object = _ops) -> Outcome:
        return frontier(training_operations=value)


for _transfers in (1, 0, "yes", None):

    @probe(f"mode-transfers-weights-{_transfers!r}")
    def _transfers_weights(value: object = _transfers) -> Outcome:
        return outcome(
            lambda: ac.DeploymentMode(
                "weights-transfer",
                transfers_weights=value,  # type: ignore[arg-type]
                compute="recipient",
            )
        )


@probe("mode-standard-name-other-facts")
def _standard_mode() -> Outcome:
    odd = ac.DeploymentMode("hosted-api", transfers_weights=True, compute="recipient")
    return outcome(
        lambda: MYTHOS.decide(ac.Access(indian(), "mythos-5", odd), on="2026-06-30")
    )


@probe("scope-flag-not-a-bool")
def _scope_flag() -> Outcome:
    return outcome(lambda: ac.ForeignPerson(1))  # type: ignore[arg-type,return-value]


# ------------------------------------------------ 3. lookalike catalog ids

for _id in ("mythos5", "Mythos-5", "MYTHOS-5", "mythos_5", "fable5", " mythos-5"):

    @probe(f"item-object-lookalike-{_id}")
    def _lookalike_item(item_id: str = _id) -> Outcome:
        return mythos(indian(), outcome_item(item_id))


def outcome_item(item_id: str) -> object:
    try:
        return ac.ControlledItem(item_id)
    except ValueError:
        return item_id  # an id the class refuses: the string form is tried


@probe("item-string-lookalike")
def _string_item() -> Outcome:
    return mythos(indian(), "mythos5")


for _developer_id in ("Lab-X", "lab_x", "LabX"):

    @probe(f"item-developer-lookalike-{_developer_id}")
    def _developer(developer: str = _developer_id) -> Outcome:
        return probed(
            lambda: ac.Access(
                american(),
                ac.ControlledItem("m", developer=developer,
                                  classifications={"ECCN": "EAR99"}),
                "hosted-api",
                location="US",
            )
        )  # fmt: skip


for _employer in ("Huawei-X", "huawei_x", "huaweix"):

    @probe(f"employer-lookalike-{_employer}")
    def _employer_lookalike(employer: str = _employer) -> Outcome:
        return probed(
            lambda: ac.Access(
                american(employments=[ac.Employment(employer)]),
                "open-model",
                "hosted-api",
                location="US",
            )
        )


@probe("same-as-lookalike")
def _same_as_lookalike() -> Outcome:
    return affiliates(ac.Entity("new-sub", country="SG", same_as=["listed_parent"]))


@probe("owner-lookalike")
def _owner_lookalike() -> Outcome:
    owned = ac.Entity(
        "new-sub", country="SG", owners=[ac.Ownership("listed_parent", share=0.6)]
    )
    return affiliates(owned)


# ------------------------------------------------ 4. catalog ids with other facts


@probe("catalog-entity-drops-its-owners")
def _drops_owners() -> Outcome:
    return affiliates(ac.Entity("sg-subsidiary", country="SG"))


@probe("catalog-entity-as-a-chinese-individual")
def _partner_individual() -> Outcome:
    who = ac.Entity(
        "acme-cloud", kind="individual", citizenships=[ac.Citizenship("CN")]
    )
    return mythos(who, location="CN")


@probe("catalog-item-other-facts")
def _item_other_facts() -> Outcome:
    return mythos(indian(), ac.ControlledItem("mythos-5", developer="other-corp"))


@probe("same-as-contradicts-the-catalog")
def _same_as_contradicts() -> Outcome:
    return mythos(ac.Entity("x", country="CN", same_as=["acme-cloud"]), location="CN")


@probe("cli-catalog-id-with-other-facts")
def _cli_partner() -> Outcome:
    return check("--recipient", "acme-cloud", "--citizenship", "CN", "--location", "CN")


# ------------------------------------------------ 5. codes checked for shape only

for _code in ("ZZ", "XX", "EU", "UK", "QQ", "uſ", "U S", "Germany", "DEU"):

    @probe(f"location-{_code}")
    def _location(code: str = _code) -> Outcome:
        return probed(
            lambda: ac.Access(
                ac.Entity("buyer", country="US"), "open-model", "hosted-api",
                location=code,
            )
        )  # fmt: skip

    @probe(f"citizenship-{_code}")
    def _citizenship(code: str = _code) -> Outcome:
        return probed(
            lambda: ac.Access(
                ac.Entity("kim", kind="individual",
                          citizenships=[ac.Citizenship(code)]),
                "open-model",
                "hosted-api",
                location="US",
            )
        )  # fmt: skip

    @probe(f"cli-location-{_code}")
    def _cli_location(code: str = _code) -> Outcome:
        return check("--recipient", "other-corp", "--location", code)

    @probe(f"cli-citizenship-{_code}")
    def _cli_citizenship(code: str = _code) -> Outcome:
        return check("--recipient", "kim", "--citizenship", code, "--location", "US")


for _eccn in ("4e091", "4E091 ", "", " 4E091", "4E 091"):

    @probe(f"classification-{_eccn!r}")
    def _classification(code: str = _eccn) -> Outcome:
        return probed(
            lambda: ac.Access(
                american(),
                ac.ControlledItem("m", developer="other-lab",
                                  classifications={"ECCN": code}),
                "hosted-api",
                location="US",
            )
        )  # fmt: skip


@probe("jurisdiction-ZZ")
def _jurisdiction_zz() -> Outcome:
    return outcome(
        lambda: ac.Regime("r", jurisdiction="ZZ", timezone="UTC")  # type: ignore[arg-type,return-value]
    )


@probe("jurisdiction-union-without-territory")
def _union() -> Outcome:
    return outcome(
        lambda: ac.Regime("r", jurisdiction="EU", timezone="Europe/Brussels")  # type: ignore[arg-type,return-value]
    )


@probe("file-group-member-UK")
def _file_uk() -> Outcome:
    return loads(MINIMAL + "country_groups:\n- id: g\n  members: [UK]\n")


@probe("file-jurisdiction-ZZ")
def _file_zz() -> Outcome:
    return loads(MINIMAL.replace("US", "ZZ"))


# ------------------------------------------------ 6. inverted mixed spans

_DAY = D(2026, 6, 20)
_EARLIER = dt.datetime(2026, 6, 20, 3, tzinfo=UTC)  # 23:00 the day before, New York
_LATE_JANUARY = dt.datetime(2026, 1, 20, 3, tzinfo=UTC)  # 22:00 on 2026-01-19


@probe("employment-date-to-earlier-instant")
def _employment_span() -> Outcome:
    job = ac.Employment("huawei-x", start=D(2026, 1, 20), end=_LATE_JANUARY)
    return probed(
        lambda: ac.Access(
            american(employments=[job]), "open-model", "hosted-api", location="US"
        )
    )


@probe("citizenship-date-to-earlier-instant")
def _citizenship_span() -> Outcome:
    held = ac.Citizenship("US", start=_DAY, end=_EARLIER)
    who = ac.Entity("kim", kind="individual", citizenships=[held])
    return mythos(who, location="US")


@probe("ownership-date-to-earlier-instant")
def _ownership_span() -> Outcome:
    link = ac.Ownership("listed-parent", share=0.6, start=_DAY, end=_EARLIER)
    return affiliates(ac.Entity("new-sub", country="SG", owners=[link]))


@probe("regime-membership-date-to-earlier-instant")
def _membership_span() -> Outcome:
    listed = ac.EntityList("l", members=[ac.Membership("x", start=_DAY, end=_EARLIER)])
    return outcome(
        lambda: ac.Regime(  # type: ignore[return-value]
            "r", jurisdiction="US", timezone="America/New_York", entity_lists=[listed]
        )
    )


@probe("file-employment-date-to-earlier-instant")
def _file_span() -> Outcome:
    return loads(
        MINIMAL + "catalog:\n  entities:\n  - id: e\n  - id: p\n    kind: individual\n"
        "    employments:\n    - employer: e\n      start: 2026-06-20\n"
        "      end: 2026-06-20T03:00:00Z\n"
    )


# ------------------------------------------------ 9. other exceptions


@probe("decide-a-regime-not-a-list")
def _decide_regime() -> Outcome:
    access = ac.Access(indian(), "mythos-5", "hosted-api", location="US")
    try:  # a query refuses with an AIControlsError, never a bare TypeError
        ac.decide(MYTHOS, access, on="2026-06-30")  # type: ignore[arg-type]
    except ac.AIControlsError as error:
        return f"refused: {type(error).__name__}"
    return "permitted"


# ------------------------------------------------ the table


@pytest.mark.parametrize("name", sorted(PROBES))
def test_never_permitted(name: str) -> None:
    """A boundary input is refused or decided, never PERMITTED, never a crash."""
    assert "permitted" != PROBES[name]()


# ------------------------------------------------ one query never changes another


def fresh(name: str) -> ac.Regime:
    return ac.load_regime(ac.examples.path(name))


class TestNoPoisoning:
    def test_a_refused_item_leaves_the_regime_as_it_was(self) -> None:
        """A refused query leaves later answers as a fresh regime gives them."""
        used = ac.examples.load("ai-diffusion-2025")
        assert frontier(training_operations=3e26, weights_published=0).startswith(
            "refused"
        )
        chinese = ac.Entity(
            "li", kind="individual", citizenships=[ac.Citizenship("CN")]
        )
        item = ac.ControlledItem("new-model", training_operations=3e26)
        access = ac.Access(chinese, item, "weights-transfer", location="CN")
        assert (
            fresh("ai-diffusion-2025").decide(access, on="2025-06-01").verdict
            == used.decide(access, on="2025-06-01").verdict
            == ac.Verdict.LICENSE_REQUIRED
        )

    def test_ad_hoc_items_equal_in_value_share_answers(self) -> None:
        """Two ad-hoc items of equal facts get one answer; other facts, their own."""
        regime = fresh("ai-diffusion-2025")
        chinese = ac.Entity(
            "li", kind="individual", citizenships=[ac.Citizenship("CN")]
        )
        verdicts = [
            regime.decide(
                ac.Access(
                    chinese,
                    ac.ControlledItem("new-model", training_operations=ops),
                    "weights-transfer",
                    location="CN",
                ),
                on="2025-06-01",
            ).verdict
            for ops in (3e26, 1e20, 3e26)
        ]
        assert [
            ac.Verdict.LICENSE_REQUIRED,
            ac.Verdict.PERMITTED,
            ac.Verdict.LICENSE_REQUIRED,
        ] == verdicts


# ------------------------------------------------ same_as: the mutant that survived


def test_entity_is_selects_a_recipient_through_same_as() -> None:
    """A rule naming a party selects a customer confirmed to be that party."""
    regime = ac.Regime(
        "r",
        jurisdiction="US",
        timezone="UTC",
        entities=[ac.Entity("listed", country="CN")],
        items=[ac.ControlledItem("m")],
        notices=[
            ac.Notice(
                "n",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                adds=[
                    ac.Restriction(
                        "r",
                        effect="prohibited",
                        recipients=ac.EntityIs(["listed"]),
                    )
                ],
            )
        ],
    )
    customer = ac.Entity("cust-42", country="CN")
    linked = ac.screening.confirm(customer, "listed")
    verdicts = [
        regime.decide(ac.Access(who, "m", "hosted-api"), on="2026-02-01").verdict
        for who in (customer, linked)
    ]
    assert [ac.Verdict.PERMITTED, ac.Verdict.PROHIBITED] == verdicts


def test_ids_may_be_e_mail_addresses() -> None:
    """Gateways use e-mail addresses as user ids: `@` is allowed, compared exactly."""
    who = ac.Entity(
        "priya@example.com", kind="individual", citizenships=[ac.Citizenship("IN")]
    )
    assert "license_required" == mythos(who, location="US")


def test_kosovo_is_a_country() -> None:
    """`XK` (Kosovo), used by US lists, is accepted as a country code."""
    assert "XK" == ac.Citizenship("xk").country


def test_eu_regime_takes_its_members_as_territory() -> None:
    """A union jurisdiction with its member countries: a German is not foreign."""
    eu = ac.Regime(
        "eu",
        jurisdiction="EU",
        territory=["DE", "FR"],
        timezone="Europe/Brussels",
        items=[ac.ControlledItem("m")],
        notices=[
            ac.Notice(
                "n",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                adds=[ac.Restriction("r", recipients=ac.ForeignPerson())],
            )
        ],
    )
    german = ac.Entity("g", kind="individual", citizenships=[ac.Citizenship("DE")])
    assert ac.Verdict.PERMITTED is eu.verdict(
        ac.Access(german, "m", "hosted-api", location="US"), on="2026-02-01"
    )


class TestFreshAndUsed:
    @settings(
        max_examples=examples(80),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(regime=regimes(), data=st.data())
    def test_every_query_twice(self, regime: ac.Regime, data: st.DataObject) -> None:
        """Each query, asked twice of a used regime, answers as a fresh regime does."""
        days = days_of(regime) or [dt.date(2026, 1, 1)]
        queries = [
            (
                data.draw(
                    st.one_of(
                        accesses(regime),
                        accesses(regime).flatmap(lambda a: variants(regime, a)),
                    )
                ),
                data.draw(instants(days)),
            )
            for _ in range(data.draw(st.integers(1, 8), label="queries"))
        ]
        for _ in range(2):
            for access, at in queries:
                first = regime.decide(access, at=at)
                clean = pickle.loads(pickle.dumps(regime))  # new, empty caches
                assert clean.decide(access, at=at).to_dict() == first.to_dict()
                assert clean.verdict(access, at=at) is regime.verdict(access, at=at)


class TestTypedFacts:
    @pytest.mark.parametrize(
        ("classifications", "message"),
        [
            ({"": "4E091"}, "expected a classification scheme"),
            ({"eccn": "4E091"}, "expected the scheme `ECCN`, got `eccn`"),
            ({"ECCN": "4e091"}, "did you mean `4E091`?"),
            ({"ECCN": "3a090.A"}, "got `3a090.A` (did you mean `3A090.a`?)"),
            ({"ECCN": "4E091 "}, "expected a code without spaces"),
            ({"ECCN": 4091}, "expected a code without spaces"),
        ],
    )
    def test_classification_codes_are_exact(
        self, classifications: dict[str, object], message: str
    ) -> None:
        """A classification that would match nothing is refused, with a hint."""
        with pytest.raises(ValueError, match=re_escape(message)):
            ac.ControlledItem("m", classifications=classifications)  # type: ignore[arg-type]

    def test_classifications_must_be_a_mapping(self) -> None:
        """A list of codes is not a mapping of scheme to code."""
        with pytest.raises(TypeError, match="expected a mapping"):
            ac.ControlledItem("m", classifications=["4E091"])  # type: ignore[arg-type]

    def test_real_codes_pass(self) -> None:
        """The codes of the law, and a subparagraph, are accepted as written."""
        for code in ("4E091", "3A090.a", "EAR99", "0Y521", "5A992.z"):
            assert (
                code
                == ac.ControlledItem(
                    "m", classifications={"ECCN": code}
                ).classifications["ECCN"]
            )

    def test_a_catalog_object_may_differ_in_its_name_only(self) -> None:
        """An object equal to its catalog entry but for the display name is that entry."""
        renamed = ac.ControlledItem("mythos-5", name="M5", developer="anthropic")
        decided = MYTHOS.decide(
            ac.Access(indian(), renamed, "hosted-api"), on="2026-06-30"
        )
        assert ac.Verdict.LICENSE_REQUIRED is decided.verdict

    def test_a_mode_name_that_is_not_a_string(self) -> None:
        """A mode given as neither a name nor a mode is refused, not looked up."""
        with pytest.raises(ac.UnknownIdError, match="unknown mode id"):
            MYTHOS.mode(7)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("given", "meant"),
        [
            (" de ", "DE"),
            ("Germany", "DE"),
            ("deu", "DE"),
            ("EL", "GR"),
            ("Kosovo", "XK"),
        ],
    )
    def test_country_suggestions(self, given: str, meant: str) -> None:
        """A country written another way gets the code it probably means."""
        from aicontrols._countries import suggest

        assert meant == suggest(given)


# ------------------------------------------------ found by a review of the change


@probe("file-classification-lower-case")
def _file_classification() -> Outcome:
    return loads(
        MINIMAL + "catalog:\n  items:\n  - {id: m, classifications: {ECCN: 4e091}}\n"
    )


@probe("same-as-drops-the-listed-owner")
def _same_as_owner() -> Outcome:
    return affiliates(ac.Entity("cust-7", country="SG", same_as=["sg-subsidiary"]))


@probe("huge-integer-training-operations")
def _huge_operations() -> Outcome:
    return frontier(training_operations=10**5000)


@probe("columnar-null-inside-a-list-cell")
def _null_in_list() -> Outcome:
    pa = pytest.importorskip("pyarrow")
    log = pa.table(
        {
            "recipient": ["acme-cloud"],
            "citizenships": pa.array([[None, "CN"]], pa.list_(pa.string())),
            "item": ["mythos-5"],
            "mode": ["hosted-api"],
            "location": ["US"],
            "at": ["2026-06-30T12:00:00Z"],
        }
    )
    return str(ac.audit(MYTHOS, log, errors="mark")["verdict"][0])


@probe("columnar-seconds-out-of-range")
def _seconds_overflow() -> Outcome:
    pa = pytest.importorskip("pyarrow")
    log = pa.table(
        {
            "recipient": ["priya"],
            "citizenships": ["IN"],
            "item": ["fable-5"],
            "mode": ["hosted-api"],
            "location": ["US"],
            "at": pa.array([10**13], pa.timestamp("s", tz="UTC")),
        }
    )
    return str(ac.audit(MYTHOS, log, errors="mark")["verdict"][0])


@probe("columnar-facts-in-the-pandas-index")
def _pandas_index() -> Outcome:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "recipient": ["acme-cloud"],
            "citizenships": ["CN"],
            "item": ["mythos-5"],
            "mode": ["hosted-api"],
            "at": pd.to_datetime(["2026-06-30T12:00Z"]),
        }
    ).set_index("citizenships")
    try:
        return str(ac.audit(MYTHOS, frame)["verdict"].iloc[0])
    except ac.AIControlsError as error:
        return f"refused: {type(error).__name__}"


@probe("audit-a-name-not-a-regime")
def _audit_name() -> Outcome:
    pa = pytest.importorskip("pyarrow")
    log = pa.table(
        {"recipient": ["acme-cloud"], "item": ["mythos-5"], "mode": ["hosted-api"],
         "at": ["2026-06-30T12:00:00Z"]}
    )  # fmt: skip
    try:
        ac.audit("mythos5", log)  # type: ignore[arg-type]
    except ac.AIControlsError as error:
        return f"refused: {type(error).__name__}"
    return "permitted"


def test_a_list_member_outside_the_catalog_is_itself() -> None:
    """An entity-list member the catalog lacks is decided by its own id, not refused."""
    regime = ac.Regime(
        "r",
        jurisdiction="US",
        timezone="UTC",
        items=[ac.ControlledItem("m")],
        entity_lists=[ac.EntityList("l", members=["huawei"])],
        notices=[
            ac.Notice(
                "n",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                adds=[ac.Restriction("r", recipients=ac.OnList("l"))],
            )
        ],
    )
    huawei = ac.Entity("huawei", country="CN")
    assert ac.Verdict.LICENSE_REQUIRED is regime.verdict(
        ac.Access(huawei, "m", "hosted-api"), on="2026-02-01"
    )


def test_a_jsonl_row_with_a_huge_number_or_a_surrogate_is_unreadable(
    tmp_path: Path,
) -> None:
    """A JSON Lines row Python cannot hold or print is unreadable, never a crash."""
    good = '{"recipient":"acme-cloud","item":"mythos-5","mode":"hosted-api","at":"2026-06-30T12:00:00Z"}\n'
    big = good.replace('"at"', '"kind":' + "1" * 5000 + ',"at"')
    lone = good.replace("acme-cloud", "acme\\ud800cloud")
    log = tmp_path / "access.jsonl"
    log.write_text(good + big + lone, encoding="utf-8")
    out = tmp_path / "out.csv"
    assert "exit 1" == cli("audit", "mythos5", "--log", str(log), "--out", str(out))
    verdicts = [line.split(",")[6] for line in out.read_text("utf-8").splitlines()[1:]]
    assert ["permitted", "unreadable", "unreadable"] == verdicts


def test_a_csl_address_country_that_is_not_iso_is_located() -> None:
    """A CSL row whose address ends in `UK` is a located problem, not a crash."""
    text = (
        "source,name,addresses,start_date\n"
        '"Entity List (EL) - Bureau of Industry and Security",Foo Co.,'
        '"1 Road, London, UK",2024-01-01\n'
    )
    with pytest.raises(ac.ScreeningFileError, match="did you mean `GB`"):
        ac.screening.read_csl("x.csv", text=text, taken="2026-01-05")


class TestAmbiguousLocalTimes:
    """A wall time a clock change repeats or skips is not one instant."""

    NY = ZoneInfo("America/New_York")

    @pytest.mark.parametrize(
        "moment",
        [
            dt.datetime(2026, 11, 1, 1, 30, tzinfo=NY, fold=0),
            dt.datetime(2026, 11, 1, 1, 30, tzinfo=NY, fold=1),
            dt.datetime(2026, 3, 8, 2, 30, tzinfo=NY),
        ],
        ids=["repeated-first", "repeated-second", "skipped"],
    )
    def test_an_ambiguous_fact_date_is_refused(self, moment: dt.datetime) -> None:
        """A dated fact at an ambiguous local time is refused, never read as either."""
        with pytest.raises(
            ValueError, match="is not one instant in `America/New_York`"
        ):
            ac.Citizenship("US", start=moment)
