"""The June 2026 US letters on Mythos 5 and Fable 5 (DOMAIN.md section 2, case 11).

On 2026-06-12 an is-informed letter to Anthropic required a license for any
foreign person's access to Mythos 5 and Fable 5, whatever the path, including
Anthropic's own foreign-national staff in the US (a deemed export). On
2026-06-26 a second letter exempted annexed trusted partners, their
foreign-national employees and Anthropic's, for Mythos 5 only.

The letters are not public; their content is as reported by Mayer Brown, the
Harvard Law Review blog and TechPolicy.Press. The annex of trusted partners (about
100 firms and agencies, reported) is not public either: `acme-cloud` and
`us-agency` are illustrative stand-ins, not real annex members. No review
policy for the license requirement has been reported, so none is encoded.
"""

from __future__ import annotations

import datetime as dt

from .._entities import Entity, EntityKind
from .._items import ControlledItem
from .._notices import Notice
from .._regime import Regime
from .._rules import Citation, Effect, Exemption, Restriction
from .._scopes import AnyOf, EmployedBy, EntityIs, ForeignPerson, ItemIs

FIRST_LETTER = Citation(
    "15 CFR 744.22; 50 U.S.C. 4817(b)(1)",
    title="is-informed letter to Anthropic, 2026-06-12",
    reported_by=("Mayer Brown", "Harvard Law Review blog"),
    note="the letter is not public; its content is as reported",
)
SECOND_LETTER = Citation(
    "15 CFR 744.22; 50 U.S.C. 4817(b)(1)",
    title="letter to Anthropic exempting annexed trusted partners, 2026-06-26",
    reported_by=("Mayer Brown", "TechPolicy.Press"),
    note="the annex of trusted partners is not public; the partners here are illustrative",
)


def build() -> Regime:
    """Build the `mythos5` example regime."""
    return Regime(
        "us-mythos-letters",
        name="US is-informed letters on Mythos 5 and Fable 5 (2026)",
        jurisdiction="US",
        timezone="America/New_York",
        deemed_export_rule="most_recent",
        description=__doc__,
        entities=[
            Entity(
                "anthropic", name="Anthropic", kind=EntityKind.COMPANY, country="US"
            ),
            Entity(
                "acme-cloud",
                name="Acme Cloud (illustrative annex member)",
                kind=EntityKind.COMPANY,
                country="US",
            ),
            Entity(
                "us-agency",
                name="A US government agency (illustrative annex member)",
                kind=EntityKind.GOVERNMENT_AGENCY,
                country="US",
            ),
            Entity(
                "other-corp",
                name="Other Corp (not on the annex)",
                kind=EntityKind.COMPANY,
                country="US",
            ),
        ],
        items=[
            ControlledItem("mythos-5", name="Mythos 5", developer="anthropic"),
            ControlledItem("fable-5", name="Fable 5", developer="anthropic"),
        ],
        notices=[
            Notice(
                "letter-2026-06-12",
                title="Is-informed letter to Anthropic on Mythos 5 and Fable 5",
                published=dt.date(2026, 6, 12),
                effective=dt.date(2026, 6, 12),
                citation=FIRST_LETTER,
                adds=[
                    Restriction(
                        "mythos-fable-foreign-access",
                        effect=Effect.LICENSE_REQUIRED,
                        items=ItemIs(["mythos-5", "fable-5"]),
                        recipients=ForeignPerson(),
                        description=(
                            "a license is required for any foreign person's access to "
                            "Mythos 5 or Fable 5, by any path, deemed exports included"
                        ),
                    )
                ],
            ),
            Notice(
                "letter-2026-06-26",
                title="Letter exempting annexed trusted partners, for Mythos 5",
                published=dt.date(2026, 6, 26),
                effective=dt.date(2026, 6, 26),
                citation=SECOND_LETTER,
                adds=[
                    Exemption(
                        "trusted-partners-mythos",
                        lifts=["mythos-fable-foreign-access"],
                        items=ItemIs("mythos-5"),
                        recipients=AnyOf(
                            [
                                EntityIs(["acme-cloud", "us-agency"]),
                                EmployedBy(["acme-cloud", "us-agency", "anthropic"]),
                            ]
                        ),
                        description=(
                            "annexed trusted partners, their foreign-national employees "
                            "and Anthropic's, for Mythos 5 only"
                        ),
                    )
                ],
            ),
        ],
    )
