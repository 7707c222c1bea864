"""Outlook: for one access, what would change its answer, and when it changes.

Read from the decision itself: the exemptions and licenses that narrowly did
not apply (`Decision.near_misses`), the restrictions that bind, the facts that
are unknown; and from the access's history: the next date its verdict
changes under the acts known. Nothing here invents a rule: a license is
named as "a license for restriction `R`", not as one that exists.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any, Protocol

import attrs
import pendulum

from ._reasons import Cause, Status, Verdict
from ._rules import Effect, License

if TYPE_CHECKING:
    from ._access import Access
    from ._decision import Decision
    from ._timeline import Timeline

__all__ = ["Outlook", "Remedy", "RemedyKind", "outlook"]

When = dt.date | dt.datetime | str | None


class Decider(Protocol):
    """What `outlook()` asks of a regime (`Regime` has it)."""

    def decide(
        self,
        access: Access,
        *,
        on: dt.date | str | None = None,
        at: dt.datetime | str | None = None,
        as_known_on: When = None,
    ) -> Decision: ...

    def history(
        self,
        access: Access,
        *,
        start: When = None,
        end: When = None,
        as_known_on: When = None,
    ) -> Timeline: ...


class RemedyKind(enum.Enum):
    """What kind of change would turn a restriction's answer.

    Examples:
        >>> RemedyKind("attest")
        <RemedyKind.ATTEST: 'attest'>
    """

    ATTEST = "attest"
    """Attest these conditions: the exemption (or license) then lifts the restriction."""
    LICENSE = "license"
    """Obtain a license for the restriction (only for a license requirement)."""
    SCOPE = "scope"
    """An exemption would lift it for an access that differs as it says."""
    FACTS = "facts"
    """The answer is undetermined: these unknown facts would settle it."""


@attrs.frozen(kw_only=True)
class Remedy:
    """One change that would turn the answer for one restriction.

    Attributes:
        kind: what kind of change.
        restriction_id: the restriction it concerns (`None` for `FACTS`).
        exemption_id: the exemption or license that would lift it (`ATTEST`,
            `SCOPE`).
        attestations: for `ATTEST`, the conditions to attest: added to the
            access's `attestations`, the exemption lifts the restriction.
        facts: for `FACTS`, the unknown facts.
        text: the change in words.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> lab = aicontrols.Entity("lab", country="CN")
        >>> access = aicontrols.Access(lab, "fable-5", "hosted-api", "CN")
        >>> remedy = regime.what_would_change(access, on="2026-06-27").remedies[-1]
        >>> remedy.kind.value, remedy.text
        ('license', 'a license for restriction `mythos-fable-foreign-access`')
    """

    kind: RemedyKind
    restriction_id: str | None
    exemption_id: str | None = None
    attestations: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    text: str

    def to_dict(self) -> dict[str, Any]:
        """The remedy as JSON-ready data."""
        return {
            "kind": self.kind.value,
            "restriction": self.restriction_id,
            "exemption": self.exemption_id,
            "attestations": list(self.attestations),
            "facts": list(self.facts),
            "text": self.text,
        }


@attrs.frozen(kw_only=True)
class Outlook:
    """What would change an access's answer, and when the answer next changes.

    Attributes:
        decision: the answer now.
        remedies: the changes that would turn it, restriction by restriction
            (none for a permitted access).
        next_change: when the verdict next changes under the acts known
            (`Decision.valid_until`); `None`: until further notice.
        next_verdict: the verdict from `next_change` on (`None` if none).
        next_cause: what changes it then (`None` if nothing).

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> wei = aicontrols.Entity("wei", kind="individual",
        ...                         citizenships=[aicontrols.Citizenship("CN")])
        >>> access = aicontrols.Access(wei, "fable-5", "hosted-api", "US")
        >>> found = regime.what_would_change(access, on="2026-06-01")
        >>> found.decision.verdict.value, found.next_text()
        ('permitted', 'from 2026-06-12: LICENSE REQUIRED (`mythos-fable-foreign-access` added (`letter-2026-06-12`))')
    """

    decision: Decision
    remedies: tuple[Remedy, ...]
    next_change: pendulum.DateTime | None
    next_verdict: Verdict | None
    next_cause: Cause | None

    @property
    def attestations(self) -> tuple[str, ...]:
        """Every condition the `ATTEST` remedies name, once each, in order."""
        return tuple(dict.fromkeys(a for r in self.remedies for a in r.attestations))

    def next_text(self) -> str:
        """The next change in words: `from 2026-11-10: PROHIBITED (...)`."""
        if self.next_change is None or self.next_verdict is None:
            return "none known (until further notice)"
        when = self.next_change.date().isoformat()
        if self.next_change != self.next_change.start_of("day"):
            when = self.next_change.isoformat()
        cause = "" if self.next_cause is None else f" ({self.next_cause.description})"
        return f"from {when}: {self.next_verdict.label}{cause}"

    def explain(self) -> str:
        """The outlook in plain words, one line per remedy, then the next change."""
        lines = [f"{self.decision.verdict.label}: {self.decision.reason_code}"]
        lines += [f"  - {remedy.text}" for remedy in self.remedies]
        lines.append(f"  next change: {self.next_text()}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The outlook as JSON-ready data."""
        return {
            "verdict": self.decision.verdict.value,
            "reason": self.decision.reason_code,
            "remedies": [r.to_dict() for r in self.remedies],
            "next_change": None
            if self.next_change is None
            else self.next_change.isoformat(),
            "next_verdict": None
            if self.next_verdict is None
            else self.next_verdict.value,
            "next_cause": None
            if self.next_cause is None
            else self.next_cause.description,
        }


def outlook(
    regime: Decider,
    access: Access,
    *,
    on: dt.date | str | None = None,
    at: dt.datetime | str | None = None,
    as_known_on: When = None,
) -> Outlook:
    """What would change `access`'s answer (see `Regime.what_would_change`)."""
    decision = regime.decide(access, on=on, at=at, as_known_on=as_known_on)
    until = decision.valid_until
    verdict: Verdict | None = None
    cause: Cause | None = None
    if until is not None:
        # the segment that `until` opens, with what opened it: a history of
        # the microseconds around it, not of all time
        tick = dt.timedelta(microseconds=1)
        around = regime.history(
            access, start=until - tick, end=until + tick, as_known_on=as_known_on
        )
        for segment in around:
            end = segment.end
            if end is None or end > until:
                verdict, cause = segment.verdict, segment.cause
                break
    return Outlook(
        decision=decision,
        remedies=remedies(decision),
        next_change=until,
        next_verdict=verdict,
        next_cause=cause,
    )


def remedies(decision: Decision) -> tuple[Remedy, ...]:
    """The changes that would turn a decision's answer, restriction by restriction."""
    open_ids = {
        a.id: a
        for a in decision.applied
        if a.status in (Status.BINDING, Status.POSSIBLE)
    }
    found: list[Remedy] = []
    for miss in decision.near_misses:
        if miss.restriction_id not in open_ids or miss.prohibited:
            continue
        what = "license" if isinstance(miss.exemption, License) else "exemption"
        name, rid = miss.exemption.id, miss.restriction_id
        if miss.failed is None and miss.missing_conditions:
            names = ", ".join(f"`{c}`" for c in miss.missing_conditions)
            found.append(
                Remedy(
                    kind=RemedyKind.ATTEST,
                    restriction_id=rid,
                    exemption_id=name,
                    attestations=miss.missing_conditions,
                    text=f"attest {names}: {what} `{name}` then lifts `{rid}`",
                )
            )
        elif miss.failed is not None:
            found.append(
                Remedy(
                    kind=RemedyKind.SCOPE,
                    restriction_id=rid,
                    exemption_id=name,
                    text=f"{what} `{name}` would lift `{rid}`, but it {miss.reason}",
                )
            )
    for applied in open_ids.values():
        if (
            applied.status is Status.BINDING
            and applied.effect is Effect.LICENSE_REQUIRED
        ):
            found.append(
                Remedy(
                    kind=RemedyKind.LICENSE,
                    restriction_id=applied.id,
                    text=f"a license for restriction `{applied.id}`",
                )
            )
    if decision.missing_facts:
        facts = decision.missing_facts
        found.append(
            Remedy(
                kind=RemedyKind.FACTS,
                restriction_id=None,
                facts=facts,
                text="settle the unknown facts: " + "; ".join(facts),
            )
        )
    return tuple(found)
