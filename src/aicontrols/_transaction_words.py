"""A decision's transaction in words and data: origin, transfer kind, parties.

What `Decision.explain()` and `Decision.to_dict()` say about where the item
leaves from, the kind of transfer the access is (`Transfer`) and the parties
to the transaction, kept apart from `_decision` so that each stays small.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._access import Access, Party, PartyRole, Transfer
from ._reasons import AppliedRestriction, Status, Verdict
from ._rules import ReviewPolicy

__all__ = [
    "applied_parties",
    "parties_data",
    "policy_lines",
    "query_fields",
    "transaction_lines",
    "transfer_words",
]


def transfer_words(
    transfer: Transfer | None, origin: str | None, location: str | None
) -> str:
    """The access's kind of transfer in words: "a reexport from SG to CN".

    Examples:
        >>> transfer_words(Transfer.REEXPORT, "SG", "CN")
        'a reexport from SG to CN'
        >>> transfer_words(Transfer.EXPORT, None, "FR")
        'an export to FR'
        >>> transfer_words(None, "SG", None)
        'unknown kind of transfer, from SG (the location is unknown)'
    """
    source = "" if origin is None else f" from {origin}"
    if transfer is None:
        where = "" if location is not None else " (the location is unknown)"
        return f"unknown kind of transfer{',' if source else ''}{source}{where}"
    if transfer in (Transfer.EXPORT, Transfer.REEXPORT):
        return f"{transfer.words}{source} to {location}"
    if transfer is Transfer.IN_COUNTRY_TRANSFER:
        return f"{transfer.words} in {location}"
    if transfer is Transfer.DEEMED_EXPORT:
        return f"{transfer.words}: a release in {location} to a foreign person"
    if transfer is Transfer.DEEMED_REEXPORT:
        return (
            f"{transfer.words}: a release in {location} to a foreign person of "
            "another country"
        )
    shipped = "" if origin is None else f" (from {origin})"
    return f"{transfer.words}: received in {location}{shipped} by one who is not a foreign person"


def transaction_lines(
    access: Access, transfer: Transfer | None, regime_id: str
) -> list[str]:
    """The explanation's lines under its head: the transaction, for an access
    that names an origin or other parties (the head says enough otherwise),
    then the regime."""
    lines = []
    if access.origin is not None or access.parties:
        where = transfer_words(transfer, access.origin, access.location)
        lines.append(f"transfer: {where}")
    if access.parties:
        named = ", ".join(f"`{p.entity_id}` ({p.role.words})" for p in access.parties)
        lines.append(f"parties: `{access.recipient_id}` (end user), {named}")
    return [*lines, f"regime: `{regime_id}`"]


def parties_data(parties: Sequence[Party]) -> list[dict[str, str]]:
    """Parties as JSON-ready data: `[{"role": ..., "entity": ...}]`."""
    return [p.to_dict() for p in parties]


def query_fields(access: Access, transfer: Transfer | None) -> dict[str, Any]:
    """The query's `origin`, `transfer` and `parties` keys of the Decision JSON."""
    return {
        "origin": access.origin,
        "transfer": None if transfer is None else transfer.value,
        "parties": parties_data(access.parties),
    }


def applied_parties(applied: AppliedRestriction) -> list[str]:
    """The explanation's line naming the parties a restriction applies through
    (none when that is the recipient alone: the head line names it)."""
    if all(p.role is PartyRole.END_USER for p in applied.parties):
        return []
    named = ", ".join(f"`{p.entity_id}` ({p.role.words})" for p in applied.parties)
    many = "parties" if len(applied.parties) > 1 else "party"
    return [f"      applies through the {many} {named}"]


def policy_lines(
    verdict: Verdict,
    applied: Sequence[AppliedRestriction],
    policy: ReviewPolicy | None,
) -> list[str]:
    """For a license required under several binding review policies, the one
    the application is reviewed under: the strictest."""
    stated = [
        a
        for a in applied
        if a.status is Status.BINDING and a.restriction.review_policy is not None
    ]
    if verdict is not Verdict.LICENSE_REQUIRED or policy is None or len(stated) < 2:
        return []
    return [
        "",
        f"Review policy for the license: {policy.value.replace('_', ' ')}, the "
        "strictest of the binding restrictions' policies (one application is "
        "reviewed under all of them: BIS, Entity List page)",
    ]
