"""Building a regime: validation with located errors, lookups, fingerprints."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import pytest

import aicontrols as ac

from .builders import D, person, regime, restriction_notice


def notice(nid: str = "n2", **acts: Any) -> ac.Notice:
    return ac.Notice(nid, published=D(2026, 2, 1), effective=D(2026, 2, 1), **acts)


class TestValidation:
    @pytest.mark.parametrize(
        ("build", "error", "message"),
        [
            (
                lambda: regime(restriction_notice(), restriction_notice()),
                ac.InvalidRegimeError,
                "notices[1].id: duplicate notice id `n1`",
            ),
            (
                lambda: regime(restriction_notice(), notice(revokes=["nope"])),
                ac.UnknownReferenceError,
                "notices[1].revokes[0]: unknown rule id `nope`",
            ),
            (
                lambda: regime(
                    restriction_notice(), notice(suspends=[ac.Suspension("nope")])
                ),
                ac.UnknownReferenceError,
                "notices[1].suspends[0].rule: unknown rule id `nope`",
            ),
            (
                lambda: regime(
                    restriction_notice(),
                    notice(adds=[ac.Exemption("x", lifts=["nope"])]),
                ),
                ac.UnknownReferenceError,
                "notices[1].adds[0].lifts[0]: unknown restriction id `nope`",
            ),
            (
                lambda: regime(restriction_notice(), notice(corrects=["nope"])),
                ac.UnknownReferenceError,
                "notices[1].corrects[0]: unknown notice id `nope`",
            ),
            (
                lambda: regime(
                    restriction_notice(
                        rule=ac.Restriction("r", items=ac.ItemIs("ghost"))
                    )
                ),
                ac.UnknownReferenceError,
                "notices[0].adds[0].items: unknown item id `ghost`",
            ),
            (
                lambda: regime(
                    restriction_notice(
                        rule=ac.Restriction(
                            "r", recipients=ac.DestinationInGroup("D:9")
                        )
                    )
                ),
                ac.UnknownReferenceError,
                "notices[0].adds[0].recipients: unknown country group id `D:9`",
            ),
            (
                lambda: regime(
                    restriction_notice(rule=ac.Restriction("r", modes=ac.ModeIs("fax")))
                ),
                ac.UnknownReferenceError,
                "notices[0].adds[0].modes: unknown mode id `fax`",
            ),
            (
                lambda: regime(
                    restriction_notice(),
                    notice(amends=[ac.Exemption("r1", lifts=["r1"])]),
                ),
                ac.InvalidRegimeError,
                "notices[1].amends[0].id: rule `r1` is a restriction elsewhere but a exemption here",
            ),
            (
                lambda: regime(
                    restriction_notice(),
                    notice(
                        adds=[ac.Exemption("x", lifts=["r1"])],
                        not_enforced=[ac.NonEnforcement("x", statement="s")],
                    ),
                ),
                ac.InvalidRegimeError,
                "notices[1].not_enforced[0].rule: only a restriction can be not enforced",
            ),
            (
                lambda: regime(
                    restriction_notice(),
                    notice(
                        suspends=[
                            ac.Suspension("r1", start=D(2026, 3, 1), end=D(2026, 3, 1))
                        ]
                    ),
                ),
                ac.InvalidRegimeError,
                "notices[1].suspends[0].end: end `2026-03-01` is not after the start",
            ),
            (
                lambda: regime(restriction_notice(compliance=D(2026, 1, 1))),
                ac.InvalidRegimeError,
                "notices[0].compliance: compliance `2026-01-01` is before effective `2026-01-10`",
            ),
            (
                lambda: regime(
                    restriction_notice(published=D(2026, 3, 1), corrects=["n0"]),
                    restriction_notice("n0", published=D(2026, 4, 1)),
                ),
                ac.InvalidRegimeError,
                "notices[0].corrects[0]: notice `n1` corrects `n0`, published after it",
            ),
            (
                lambda: regime(
                    ac.Notice(
                        "n",
                        published=D(2026, 1, 1),
                        effective=D(2026, 1, 1),
                        adds=[ac.Restriction("r"), ac.Restriction("r")],
                    )
                ),
                ac.InvalidRegimeError,
                "notices[0].adds[1].id: rule `r` is in this notice's adds twice",
            ),
            (
                lambda: regime(entities=[ac.Entity("a"), ac.Entity("a")]),
                ac.InvalidRegimeError,
                "entities[1].id: duplicate entity id `a`",
            ),
            (
                lambda: regime(timezone="Mars/Olympus"),
                ac.InvalidRegimeError,
                "timezone: unknown IANA timezone `Mars/Olympus`",
            ),
            (
                lambda: regime(modes=[ac.DeploymentMode.HOSTED_API]),
                ac.InvalidRegimeError,
                "modes[0].name: mode `hosted-api` is already a standard mode",
            ),
        ],
    )
    def test_errors_say_where_and_what(
        self, build: Any, error: type, message: str
    ) -> None:
        """Each problem is refused with the path of the value and what is wrong."""
        with pytest.raises(error) as caught:
            build()
        assert str(caught.value).startswith(message)

    def test_unknown_reference_carries_details(self) -> None:
        """The exception's attributes repeat the message's parts."""
        with pytest.raises(ac.UnknownReferenceError) as caught:
            regime(restriction_notice(), notice(revokes=["nope"]))
        assert ("rule", "nope", "notices[1].revokes[0]") == (
            caught.value.kind,
            caught.value.reference,
            caught.value.path,
        )
        assert isinstance(caught.value, LookupError)

    @pytest.mark.parametrize(
        "build",
        [
            lambda: ac.Entity("bad id"),
            lambda: ac.Entity("a", kind="company", citizenships=[ac.Citizenship("US")]),
            lambda: ac.Entity("a", kind="alien"),
            lambda: ac.Citizenship("USA"),
            lambda: ac.Citizenship(1),
            lambda: ac.Citizenship("US", start=D(2020, 1, 1), end=D(2019, 1, 1)),
            lambda: ac.Ownership("p", share=1.5),
            lambda: ac.ControlledItem("m", training_operations=-1),
            lambda: ac.ControlledItem("m", developer=3),
            lambda: ac.DeploymentMode(
                "Hosted API", transfers_weights=False, compute="provider"
            ),
            lambda: ac.Exemption("x", lifts=[]),
            lambda: ac.Citation(" "),
            lambda: ac.Notice("n", published="2026-01-01", effective=D(2026, 1, 1)),
            lambda: ac.Access(3, "m", "hosted-api"),
            lambda: ac.Access("a", 3, "hosted-api"),
            lambda: ac.Access("a", "m", 3),
            lambda: ac.Entity("a", employments="acme"),
            lambda: ac.Regime("r", jurisdiction="US", timezone="UTC", notices=["n"]),
        ],
    )
    def test_bad_values_are_refused_at_construction(self, build: Any) -> None:
        """Domain classes refuse bad values when built, not when queried."""
        with pytest.raises((ValueError, TypeError)):
            build()

    def test_naive_fact_dates_are_refused(self) -> None:
        """A naive datetime in a dated fact is refused: aicontrols never guesses a zone."""
        with pytest.raises(ac.NaiveDateTimeError, match="`start` is a naive datetime"):
            ac.Employment("x", start=dt.datetime(2026, 1, 1))  # noqa: DTZ001


class TestLookups:
    def test_catalog_lookups(self, mythos: ac.Regime) -> None:
        """Ids resolve to catalog objects; unknown ids name what is known."""
        assert "Mythos 5" == mythos.item("mythos-5").name
        assert ac.DeploymentMode.HOSTED_API is mythos.mode("hosted_api")
        assert "letter-2026-06-26" == mythos.notice("letter-2026-06-26").id
        with pytest.raises(
            ac.UnknownIdError, match="unknown entity id `ghost` \\(known: `anthropic`"
        ):
            mythos.entity("ghost")
        with pytest.raises(ac.UnknownIdError, match="unknown item id `gpt`"):
            mythos.decide(ac.Access("anthropic", "gpt", "hosted-api"), on="2026-06-01")
        with pytest.raises(ac.UnknownIdError, match="unknown mode id `fax`"):
            mythos.decide(ac.Access("anthropic", "fable-5", "fax"), on="2026-06-01")
        with pytest.raises(ac.UnknownIdError, match="unknown notice id `x`"):
            mythos.notice("x")
        with pytest.raises(ac.UnknownIdError, match="unknown example id `nope`"):
            ac.examples.load("nope")
        with pytest.raises(ac.QueryError, match="expected an Access"):
            mythos.decide("anthropic", on="2026-06-01")  # type: ignore[arg-type]

    def test_standard_modes(self) -> None:
        """Seven standard modes, each with its properties, found by name."""
        assert 7 == len(ac.DeploymentMode.STANDARD)
        assert ac.DeploymentMode.WEIGHTS_TRANSFER.transfers_weights
        assert ac.DeploymentMode.HOSTED_API.is_remote
        with pytest.raises(KeyError, match="unknown deployment mode `fax`"):
            ac.DeploymentMode.from_name("fax")

    def test_regime_defined_mode(self) -> None:
        """A regime may define its own modes and scope rules by them."""
        batch = ac.DeploymentMode(
            "batch-inference", transfers_weights=False, compute="provider"
        )
        rule = ac.Restriction("r", modes=ac.ModeIs("batch-inference"))
        r = regime(
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
            ),
            modes=[batch],
        )
        assert (
            ac.Verdict.LICENSE_REQUIRED
            == r.decide(
                ac.Access("dev", "model-a", "batch-inference"), on="2026-02-01"
            ).verdict
        )

    def test_mode_object_with_a_standard_name_and_other_facts_is_refused(
        self,
    ) -> None:
        """A mode object named like a standard one but with other properties is
        refused: it is neither read as the standard mode nor as its own."""
        rule = ac.Restriction("r", modes=ac.TransfersWeights())
        r = regime(
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
            )
        )
        odd = ac.DeploymentMode(
            "hosted-api", transfers_weights=True, compute="recipient"
        )
        with pytest.raises(ac.CatalogConflictError, match="`transfers_weights`"):
            r.decide(ac.Access("dev", "model-a", odd), on="2026-02-01")

    def test_ad_hoc_item_is_accepted(self) -> None:
        """An item not in the catalog can be asked about, by object."""
        rule = ac.Restriction("r", items=ac.TrainedWithAtLeast(1e26))
        r = regime(
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
            )
        )
        big = ac.ControlledItem("big", training_operations=2e26)
        assert (
            ac.Verdict.LICENSE_REQUIRED
            == r.decide(ac.Access("dev", big, "hosted-api"), on="2026-02-01").verdict
        )


class TestFingerprint:
    def test_same_content_same_fingerprint(self) -> None:
        """Two regimes with equal content have equal fingerprints and are equal."""
        a, b = regime(restriction_notice()), regime(restriction_notice())
        assert a == b
        assert a.fingerprint == b.fingerprint
        assert (
            a.fingerprint
            != regime(restriction_notice(published=D(2026, 1, 11))).fingerprint
        )

    def test_replay_token_is_the_same_in_another_process(self) -> None:
        """The replay token does not depend on the process's hash seed."""
        code = (
            "import aicontrols as ac;"
            "p=ac.Entity('priya',kind='individual',citizenships=[ac.Citizenship('IN')]);"
            "r=ac.examples.load('mythos5');"
            "print(r.decide(ac.Access(p,'mythos-5','hosted-api','US'),on='2026-06-15').replay_token)"
        )
        tokens = {
            subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=True,
                env={"PYTHONHASHSEED": seed},
            ).stdout.strip()
            for seed in ("1", "2")
        }
        p = person(employer=None)
        local = ac.examples.load("mythos5").decide(
            ac.Access(p, "mythos-5", "hosted-api", "US"), on="2026-06-15"
        )
        assert {local.replay_token} == tokens
