"""Dumping: a regime as plain file data, in a fixed, readable key order.

The other direction of `_convert`: every field a file can hold is written, and
a regime's reference to bundled data (`country_groups_from`) is written as the
reference, never as a copy of the data.
"""

from __future__ import annotations

from typing import Any

from .._entities import Entity
from .._groups import CountryGroup, EntityList, Membership
from .._items import ControlledItem, DeploymentMode
from .._notices import NonEnforcement, Notice, Suspension
from .._regime import Regime
from .._rules import (
    Citation,
    ConditionalReview,
    Effect,
    Exemption,
    License,
    Restriction,
    Rule,
)
from .._scopes import Everything
from ._convert import CONVERTER, MEMBER_WHENS, Raw, show_when, unstructure_scope

__all__ = ["unstructure_regime"]


def _unstructure_rule(rule: Rule) -> Raw:
    out: Raw = {"id": rule.id}
    if rule.description:
        out["description"] = rule.description
    if isinstance(rule, Restriction) and rule.treated_as_listed:
        # its effect and review policy are the listed owners' entries'
        out["treated_as_listed"] = True
        if rule.effect is not Effect.LICENSE_REQUIRED:  # refused, but kept
            out["effect"] = rule.effect.value
        if rule.review_policy is not None:
            out["review_policy"] = rule.review_policy.value
    elif isinstance(rule, Restriction):
        out["effect"] = rule.effect.value
        if rule.review_policy is not None:
            out["review_policy"] = rule.review_policy.value
    elif isinstance(rule, Exemption):
        out["lifts"] = list(rule.lifts)
    else:
        out["authorizes"] = list(rule.authorizes)
    for scope in ("items", "modes", "recipients"):
        value = getattr(rule, scope)
        if not isinstance(value, Everything):
            out[scope] = unstructure_scope(value)
    if isinstance(rule, Restriction) and rule.conditional_reviews:
        out["conditional_reviews"] = [
            _unstructure_review(r) for r in rule.conditional_reviews
        ]
    if isinstance(rule, License) and rule.expires is not None:
        out["expires"] = show_when(rule.expires)
    if isinstance(rule, Exemption | License) and rule.conditions:
        out["conditions"] = list(rule.conditions)
    if isinstance(rule, Restriction | Exemption) and rule.not_tracked:
        out["not_tracked"] = rule.not_tracked
    if rule.citation is not None:
        out["citation"] = CONVERTER.unstructure(rule.citation, Citation)
    return out


def _scoped(value: ConditionalReview | NonEnforcement, out: Raw) -> Raw:
    """`out` with the scopes that select less than everything, and the conditions."""
    for scope in ("items", "modes", "recipients"):
        found = getattr(value, scope)
        if not isinstance(found, Everything):
            out[scope] = unstructure_scope(found)
    if value.conditions:
        out["conditions"] = list(value.conditions)
    return out


def _unstructure_review(review: ConditionalReview) -> Raw:
    out: Raw = {"policy": review.policy.value}
    if review.description:
        out["description"] = review.description
    _scoped(review, out)
    if review.citation is not None:
        out["citation"] = CONVERTER.unstructure(review.citation, Citation)
    return out


def _unstructure_non_enforcement(act: NonEnforcement) -> Raw:
    out: Raw = {"rule": act.rule, "statement": act.statement}
    for name in ("start", "end"):
        when = getattr(act, name)
        if when is not None:
            out[name] = show_when(when)
    return _scoped(act, out)


def _unstructure_rules(rules: tuple[Rule, ...]) -> Raw:
    out: Raw = {}
    restrictions = [_unstructure_rule(r) for r in rules if isinstance(r, Restriction)]
    exemptions = [_unstructure_rule(r) for r in rules if isinstance(r, Exemption)]
    if restrictions:
        out["restrictions"] = restrictions
    licenses = [_unstructure_rule(r) for r in rules if isinstance(r, License)]
    if exemptions:
        out["exemptions"] = exemptions
    if licenses:
        out["licenses"] = licenses
    return out


def _unstructure_notice(notice: Notice) -> Raw:
    out: Raw = {"id": notice.id}
    if notice.title:
        out["title"] = notice.title
    out["published"] = show_when(notice.published)
    out["effective"] = show_when(notice.effective)
    if notice.compliance is not None:
        out["compliance"] = show_when(notice.compliance)
    if notice.retroactive:
        out["retroactive"] = True
    if notice.citation is not None:
        out["citation"] = CONVERTER.unstructure(notice.citation, Citation)
    if notice.corrects:
        out["corrects"] = list(notice.corrects)
    for name in ("adds", "amends"):
        rules = getattr(notice, name)
        if rules:
            out[name] = _unstructure_rules(rules)
    if notice.revokes:
        out["revokes"] = list(notice.revokes)
    if notice.suspends:
        out["suspends"] = [
            CONVERTER.unstructure(s, Suspension) for s in notice.suspends
        ]
    if notice.not_enforced:
        out["not_enforced"] = [
            _unstructure_non_enforcement(s) for s in notice.not_enforced
        ]
    return out


def _members(members: tuple[Membership, ...], key: str) -> list[Any]:
    found: list[Any] = []
    for m in members:
        whens = {k: getattr(m, k) for k in MEMBER_WHENS}
        if all(when is None for when in whens.values()):
            found.append(m.member)
        else:
            dated: Raw = {key: m.member}
            for name, when in whens.items():
                if when is not None:
                    dated[name] = show_when(when)
            found.append(dated)
    return found


def _unstructure_group(group: CountryGroup | EntityList) -> Raw:
    key = "country" if isinstance(group, CountryGroup) else "entity"
    out: Raw = {"id": group.id}
    if group.name:
        out["name"] = group.name
    if group.citation is not None:
        out["citation"] = CONVERTER.unstructure(group.citation, Citation)
    if isinstance(group, EntityList) and group.caveat is not None:
        out["caveat"] = group.caveat
    if isinstance(group, CountryGroup) and group.data_from is not None:
        out["data_from"] = show_when(group.data_from)
    out["members"] = _members(group.members, key)
    if isinstance(group, CountryGroup) and group.unknown:
        out["unknown"] = _members(group.unknown, key)
    return out


def unstructure_regime(regime: Regime) -> Raw:
    """A regime as plain file data, in a fixed, readable key order."""
    out: Raw = {"id": regime.id}
    if regime.name is not None:
        out["name"] = regime.name
    if regime.description is not None:
        out["description"] = regime.description
    out["jurisdiction"] = regime.jurisdiction
    if regime.territory != frozenset((regime.jurisdiction,)):
        out["territory"] = sorted(regime.territory)
    out["timezone"] = regime.timezone
    out["deemed_export_rule"] = regime.deemed_export_rule.value
    if regime.citation is not None:
        out["citation"] = CONVERTER.unstructure(regime.citation, Citation)
    if regime.modes:
        out["modes"] = [CONVERTER.unstructure(m, DeploymentMode) for m in regime.modes]
    if regime.country_groups_from is not None:  # referred to, never copied
        out["country_groups_from"] = regime.country_groups_from
    if regime.country_groups:
        out["country_groups"] = [_unstructure_group(g) for g in regime.country_groups]
    if regime.entity_lists:
        out["entity_lists"] = [_unstructure_group(g) for g in regime.entity_lists]
    catalog: Raw = {}
    if regime.entities:
        catalog["entities"] = [
            CONVERTER.unstructure(e, Entity) for e in regime.entities
        ]
    if regime.items:
        catalog["items"] = [
            CONVERTER.unstructure(i, ControlledItem) for i in regime.items
        ]
    if catalog:
        out["catalog"] = catalog
    out["notices"] = [_unstructure_notice(n) for n in regime.notices]
    return out
