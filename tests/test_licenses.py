"""Granted licenses: dated acts that authorize what a restriction makes need one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import aicontrols as ac

from .cli_run import run

D = dt.date
RESTRICTION = "mythos-fable-foreign-access"
PRIYA = ac.Entity("priya", kind="individual", citizenships=[ac.Citizenship("IN")])
RAVI = ac.Entity("ravi", kind="individual", citizenships=[ac.Citizenship("IN")])
JULY_1 = D(2026, 7, 1)
DEC_31 = D(2026, 12, 31)
ONLY_PRIYA = ac.EntityIs("priya")


def grant(
    *,
    notice: str = "grant-1",
    on: dt.date = JULY_1,
    license_id: str = "lic-1",
    authorizes: tuple[str, ...] = (RESTRICTION,),
    recipients: ac.Scope = ONLY_PRIYA,
    expires: dt.date | dt.datetime | None = DEC_31,
    conditions: tuple[str, ...] = (),
) -> ac.Notice:
    """A notice granting one license, effective on `on`."""
    return ac.Notice(
        notice,
        title="License granted",
        published=on,
        effective=on,
        citation=ac.Citation("BIS license D-123456"),
        adds=[
            ac.License(
                license_id,
                authorizes=authorizes,
                recipients=recipients,
                expires=expires,
                conditions=conditions,
            )
        ],
    )


def licensed(*notices: ac.Notice) -> ac.Regime:
    """The bundled Mythos 5 example with `notices` and Priya and Ravi added."""
    base = ac.examples.load("mythos5")
    return base.with_notices(notices or [grant()], entities=[PRIYA, RAVI])


def access(who: str = "priya", **more: object) -> ac.Access:
    return ac.Access(who, "fable-5", "hosted-api", location="US", **more)  # type: ignore[arg-type]


class TestGrant:
    def test_a_license_permits_what_it_authorizes(self) -> None:
        """A valid license lifts the restriction: PERMITTED, and it is named."""
        decision = licensed().decide(access(), on=D(2026, 7, 2))
        assert (ac.Verdict.PERMITTED, ("lic-1",)) == (
            decision.verdict,
            decision.licenses,
        )

    def test_before_the_grant_a_license_is_required(self) -> None:
        """The day before the grant's effective date the restriction binds."""
        decision = licensed().decide(access(), on=D(2026, 6, 30))
        assert (ac.Verdict.LICENSE_REQUIRED, ()) == (
            decision.verdict,
            decision.licenses,
        )

    def test_a_date_expiry_covers_that_whole_day(self) -> None:
        """A license expiring on a date is valid through the end of that local day."""
        regime = licensed()
        verdicts = [
            regime.verdict(access(), on=day) for day in (D(2026, 12, 31), D(2027, 1, 1))
        ]
        assert [ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED] == verdicts

    def test_an_instant_expiry_is_exclusive(self) -> None:
        """A license expiring at an instant no longer authorizes at that instant."""
        end = dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)
        regime = licensed(grant(expires=end))
        before = regime.verdict(access(), at=end - dt.timedelta(microseconds=1))
        assert (ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED) == (
            before,
            regime.verdict(access(), at=end),
        )

    def test_no_expiry(self) -> None:
        """A license without `expires` authorizes until revoked, and says so."""
        decision = licensed(grant(expires=None)).decide(access(), on=D(2030, 1, 1))
        assert (ac.Verdict.PERMITTED, True) == (
            decision.verdict,
            "no expiry" in decision.explain(),
        )

    def test_revocation_ends_the_license(self) -> None:
        """A notice revoking the license makes the restriction bind again."""
        revoke = ac.Notice(
            "revoke-1",
            published=D(2026, 9, 1),
            effective=D(2026, 9, 1),
            revokes=["lic-1"],
        )
        regime = licensed(grant(), revoke)
        assert [ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED] == [
            regime.verdict(access(), on=D(2026, 8, 31)),
            regime.verdict(access(), on=D(2026, 9, 1)),
        ]

    def test_renewal_at_expiry_keeps_the_license(self) -> None:
        """An amendment effective at the expiry extends the license without a gap."""
        renewal = ac.Notice(
            "renewal",
            published=D(2026, 12, 1),
            effective=D(2027, 1, 1),
            amends=[
                ac.License(
                    "lic-1",
                    authorizes=[RESTRICTION],
                    recipients=ac.EntityIs("priya"),
                    expires=D(2027, 12, 31),
                )
            ],
        )
        regime = licensed(grant(), renewal)
        assert [ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED] == [
            regime.verdict(access(), on=D(2027, 1, 1)),
            regime.verdict(access(), on=D(2028, 1, 1)),
        ]

    def test_explain_names_the_license_its_citation_and_validity(self) -> None:
        """`explain()` names the license, its citation and until when it is valid."""
        text = licensed().decide(access(), on=D(2026, 7, 2)).explain()
        assert ["lic-1", "BIS license D-123456", "valid until 2026-12-31"] == [
            part
            for part in ("lic-1", "BIS license D-123456", "valid until 2026-12-31")
            if part in text
        ]


class TestScope:
    def test_a_license_for_one_recipient_does_not_authorize_another(self) -> None:
        """Priya's license does nothing for Ravi: a near miss names why."""
        decision = licensed().decide(access("ravi"), on=D(2026, 7, 2))
        assert (ac.Verdict.LICENSE_REQUIRED, ["lic-1"]) == (
            decision.verdict,
            [m.exemption.id for m in decision.near_misses if m.exemption.id == "lic-1"],
        )

    def test_missing_condition_is_a_near_miss(self) -> None:
        """A license whose condition is not attested does not lift; it is a near miss."""
        regime = licensed(grant(conditions=("end-use-statement",)))
        without = regime.decide(access(), on=D(2026, 7, 2))
        with_it = regime.decide(
            access(attestations={"end-use-statement"}), on=D(2026, 7, 2)
        )
        assert (
            ac.Verdict.LICENSE_REQUIRED,
            ("end-use-statement",),
            ac.Verdict.PERMITTED,
        ) == (
            without.verdict,
            without.near_misses[0].missing_conditions,
            with_it.verdict,
        )

    def test_a_license_never_lifts_a_prohibition(self) -> None:
        """A PROHIBITED restriction stays PROHIBITED; the license is a near miss saying so."""
        ban = ac.Notice(
            "ban",
            published=D(2026, 6, 1),
            effective=D(2026, 6, 1),
            adds=[
                ac.Restriction(
                    "ban", effect="prohibited", recipients=ac.ForeignPerson()
                )
            ],
        )
        regime = licensed(ban, grant(authorizes=("ban",)))
        decision = regime.decide(access(), on=D(2026, 7, 2))
        assert (ac.Verdict.PROHIBITED, (), True) == (
            decision.verdict,
            decision.licenses,
            any("never lifts a prohibition" in m.reason for m in decision.near_misses),
        )


class TestHistory:
    def test_change_points_at_grant_and_expiry(self) -> None:
        """The history changes at the grant and at the expiry, each with its cause."""
        timeline = licensed().history(access(), start=D(2026, 6, 1))
        assert [
            (
                "license_required",
                "`mythos-fable-foreign-access` added (`letter-2026-06-12`)",
            ),
            ("permitted", "`lic-1` added (`grant-1`)"),
            ("license_required", "`lic-1` expired (`grant-1`)"),
        ] == [(s.verdict.value, s.cause.description) for s in timeline][1:]

    def test_change_point_at_revocation(self) -> None:
        """A revocation before the expiry is the change point; the expiry is not."""
        revoke = ac.Notice(
            "revoke-1",
            published=D(2026, 9, 1),
            effective=D(2026, 9, 1),
            revokes=["lic-1"],
        )
        timeline = licensed(grant(), revoke).history(access(), start=D(2026, 7, 1))
        assert ["start of the requested span", "`lic-1` revoked (`revoke-1`)"] == [
            s.cause.description for s in timeline
        ]

    def test_changes_lists_the_expiry(self) -> None:
        """`changes()` lists the expiry as `ChangeKind.EXPIRED`."""
        kinds = [(c.rule_id, c.kind) for c in licensed().changes(since=D(2026, 7, 1))]
        assert [
            ("lic-1", ac.ChangeKind.ADDED),
            ("lic-1", ac.ChangeKind.EXPIRED),
        ] == kinds


class TestWithNotices:
    def test_original_untouched(self) -> None:
        """`with_notices` returns a new regime; the bundled one still requires a license."""
        base = ac.examples.load("mythos5")
        fingerprint = base.fingerprint
        base.with_notices([grant()], entities=[PRIYA])
        priya = ac.Access(PRIYA, "fable-5", "hosted-api", location="US")
        assert (fingerprint, ac.Verdict.LICENSE_REQUIRED) == (
            base.fingerprint,
            base.verdict(priya, on=D(2026, 7, 2)),
        )

    def test_unknown_restriction_is_refused_with_a_hint(self) -> None:
        """A license naming an unknown restriction is an UnknownReferenceError with did-you-mean."""
        with pytest.raises(ac.UnknownReferenceError) as caught:
            licensed(grant(authorizes=("mythos-fable-foreign-acess",)))
        assert "did you mean `mythos-fable-foreign-access`?" in str(caught.value)

    def test_naming_an_exemption_is_refused(self) -> None:
        """A license must name restrictions, not exemptions."""
        with pytest.raises(ac.UnknownReferenceError) as caught:
            licensed(grant(authorizes=("trusted-partners-mythos",)))
        assert "is an exemption, not a restriction" in str(caught.value)

    def test_duplicate_notice_is_refused(self) -> None:
        """Adding a notice whose id is already used is an error."""
        with pytest.raises(ac.InvalidRegimeError):
            licensed(grant(notice="letter-2026-06-12"))

    def test_not_enforcing_a_license_is_refused(self) -> None:
        """Only a restriction can be not enforced: naming a license says so."""
        statement = ac.Notice(
            "stmt",
            published=D(2026, 8, 1),
            effective=D(2026, 8, 1),
            not_enforced=[ac.NonEnforcement("lic-1", statement="s")],
        )
        with pytest.raises(ac.InvalidRegimeError) as caught:
            licensed(grant(), statement)
        assert "`lic-1` is a license" in str(caught.value)


YAML = """\
id: demo
jurisdiction: US
timezone: America/New_York
catalog:
  entities:
    - {id: acme, kind: company, country: CN}
  items:
    - {id: model-x}
notices:
  - id: rule
    published: 2026-06-01
    effective: 2026-06-01
    adds:
      restrictions:
        - {id: r1, effect: license_required, recipients: {foreign_person: true}}
  - id: grant
    published: 2026-07-01
    effective: 2026-07-01
    adds:
      licenses:
        - id: lic-1
          authorizes: [r1]
          recipients: {entity: [acme]}
          expires: 2026-12-31
"""


class TestFiles:
    def test_yaml_licenses_load(self) -> None:
        """`adds: licenses:` in a regime file builds a `License`."""
        regime = ac.loads_regime(YAML)
        assert (ac.License, D(2026, 12, 31)) == (
            type(regime.notices[1].adds[0]),
            regime.notices[1].adds[0].expires,  # type: ignore[union-attr]
        )

    def test_round_trip(self) -> None:
        """Dumping and loading a regime with a license gives it back, and the text is stable."""
        regime = ac.loads_regime(YAML)
        text = ac.dump_regime(regime)
        assert (regime, text) == (
            ac.loads_regime(text),
            ac.dump_regime(ac.loads_regime(text)),
        )

    def test_misspelt_key_is_located_with_a_hint(self, tmp_path: Path) -> None:
        """A misspelt license key is reported at its line with did-you-mean."""
        path = tmp_path / "bad.yaml"
        path.write_text(YAML.replace("expires:", "expire:"), encoding="utf-8")
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.load_regime(path)
        assert [
            f"{path}:24:11: notices[1].adds.licenses[0].expire: unknown key `expire` "
            "(did you mean `expires`?)"
        ] == [str(p) for p in caught.value.problems]

    def test_unknown_restriction_is_located(self, tmp_path: Path) -> None:
        """An unknown id in `authorizes` is reported at its line with did-you-mean."""
        path = tmp_path / "bad.yaml"
        path.write_text(
            YAML.replace("authorizes: [r1]", "authorizes: [r11]"), encoding="utf-8"
        )
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.load_regime(path)
        assert [
            f"{path}:22:24: notices[1].adds.licenses[0].authorizes[0]: "
            "unknown restriction id `r11` (did you mean `r1`?)"
        ] == [str(p) for p in caught.value.problems]

    def test_regimes_without_licenses_keep_their_fingerprint(self) -> None:
        """Adding licenses to the model leaves the bundled example's fingerprint as it was."""
        # the value recorded before licenses existed (git 1c91b3f)
        assert FINGERPRINT == ac.examples.load("mythos5").fingerprint

    def test_cli_check_json_shows_licenses(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`aicontrols check --json` on a file with a license prints `licenses`."""
        path = tmp_path / "demo.yaml"
        path.write_text(YAML, encoding="utf-8")
        result = run(
            capsys,
            "check",
            path,
            "--recipient",
            "acme",
            "--item",
            "model-x",
            "--mode",
            "hosted-api",
            "--location",
            "CN",
            "--on",
            "2026-07-02",
            "--json",
        )
        data = json.loads(result.out)
        assert (0, "permitted", ["lic-1"]) == (
            result.status,
            data["verdict"],
            data["licenses"],
        )


FINGERPRINT = "ff5640ddf973e3532489347678ce6a4d16f5344df71bbd46ea73088cd859c6b5"
