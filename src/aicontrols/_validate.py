"""Checking a regime built in Python: ids, references, dates and windows.

The first problem found is raised, with the path of the offending value
(`notices[1].effective`). Regime files are checked more thoroughly, every
problem at once, by `aicontrols.files` before a regime is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Protocol

from ._entities import Entity, dated_facts
from ._groups import CountryGroup, EntityList
from ._items import ControlledItem, DeploymentMode
from ._notices import NonEnforcement, Notice, Suspension
from ._rules import Exemption, Restriction, Rule
from ._scopes import Scope
from ._time import inverted, resolve
from .exceptions import InvalidRegimeError, QueryError, UnknownReferenceError


class RegimeData(Protocol):
    """What `validate` reads of a regime: its data, never its engine.

    `Regime` has these fields; naming them here, rather than importing
    `Regime`, keeps the validation below the regime in the import graph.
    """

    @property
    def timezone(self) -> str: ...
    @property
    def entities(self) -> tuple[Entity, ...]: ...
    @property
    def items(self) -> tuple[ControlledItem, ...]: ...
    @property
    def modes(self) -> tuple[DeploymentMode, ...]: ...
    @property
    def country_groups(self) -> tuple[CountryGroup, ...]: ...
    @property
    def entity_lists(self) -> tuple[EntityList, ...]: ...
    @property
    def notices(self) -> tuple[Notice, ...]: ...


def _check_unique(ids: Iterable[str], path: str, what: str) -> None:
    seen: set[str] = set()
    for position, value in enumerate(ids):
        if value in seen:
            raise InvalidRegimeError(
                f"duplicate {what} id `{value}`",
                path=f"{path}[{position}].id",
                value=value,
            )
        seen.add(value)


def _scopes(rule: Rule) -> Iterator[tuple[str, Scope]]:
    yield "items", rule.items
    yield "modes", rule.modes
    yield "recipients", rule.recipients


def inverted_fact(entity: Entity, tz: str) -> str | None:
    """The path of the first dated fact of `entity` whose end is not after its
    start in zone `tz` (a date against an instant is read there), or `None`."""
    if entity.citizenships or entity.residencies or entity.employments or entity.owners:
        for path, fact in dated_facts(entity):
            start, end = fact.start, fact.end
            # two dates, or two instants, the fact's own class has compared
            if (
                start is not None
                and end is not None
                and isinstance(start, dt.datetime) is not isinstance(end, dt.datetime)
                and inverted(start, end, tz)
            ):
                return path
    return None


def check_recipient_facts(entity: Entity, tz: str) -> None:
    """Refuse an ad-hoc recipient with an inverted dated fact (`QueryError`)."""
    path = inverted_fact(entity, tz)
    if path is not None:
        raise QueryError(
            f"recipient `{entity.id}`: {path}: `end` is not after `start` "
            f"in the regime's zone `{tz}`",
            argument="recipient",
            value=entity.id,
        )


def _check_spans(regime: RegimeData) -> None:
    tz = regime.timezone
    for k, entity in enumerate(regime.entities):
        path = inverted_fact(entity, tz)
        if path is not None:
            raise InvalidRegimeError(
                f"`end` is not after `start` in the regime's zone `{tz}`",
                path=f"entities[{k}].{path}.end",
                value=entity.id,
            )
    named: tuple[tuple[str, tuple[CountryGroup | EntityList, ...]], ...] = (
        ("country_groups", regime.country_groups),
        ("entity_lists", regime.entity_lists),
    )
    for field, groups in named:
        for g, group in enumerate(groups):
            for m, member in enumerate(group.members):
                start, end = member.start, member.end
                # an empty membership (withdrawn before it started) is allowed
                if (
                    start is not None
                    and end is not None
                    and resolve(end, tz) < resolve(start, tz)
                ):
                    raise InvalidRegimeError(
                        f"member `{member.member}`: `end` is before `start` "
                        f"in the regime's zone `{tz}`",
                        path=f"{field}[{g}].members[{m}].end",
                        value=member.end,
                    )


def validate(regime: RegimeData) -> None:
    """Raise on the first problem in a regime built in Python."""
    tz = regime.timezone
    _check_spans(regime)
    _check_unique((e.id for e in regime.entities), "entities", "entity")
    _check_unique((i.id for i in regime.items), "items", "item")
    _check_unique(
        (g.id for g in regime.country_groups), "country_groups", "country group"
    )
    _check_unique((x.id for x in regime.entity_lists), "entity_lists", "entity list")
    _check_unique((n.id for n in regime.notices), "notices", "notice")
    for position, mode in enumerate(regime.modes):
        if mode.name in DeploymentMode.STANDARD:
            raise InvalidRegimeError(
                f"mode `{mode.name}` is already a standard mode",
                path=f"modes[{position}].name",
                value=mode.name,
            )
    known: dict[str, set[str]] = {
        "entity": {e.id for e in regime.entities},
        "item": {i.id for i in regime.items},
        "mode": {*DeploymentMode.STANDARD, *(m.name for m in regime.modes)},
        "country group": {g.id for g in regime.country_groups},
        "entity list": {x.id for x in regime.entity_lists},
    }
    kinds: dict[str, type] = {}
    added = {rule.id for notice in regime.notices for rule in notice.adds}
    for n, notice in enumerate(regime.notices):
        for field, rules in (("adds", notice.adds), ("amends", notice.amends)):
            seen: set[str] = set()
            for r, rule in enumerate(rules):
                if rule.id in seen:
                    raise InvalidRegimeError(
                        f"rule `{rule.id}` is in this notice's {field} twice",
                        path=f"notices[{n}].{field}[{r}].id",
                        value=rule.id,
                    )
                seen.add(rule.id)
        for r, rule in enumerate(notice.amends):
            if rule.id not in added:
                raise UnknownReferenceError(
                    "rule", rule.id, path=f"notices[{n}].amends[{r}].id"
                )
    for n, notice in enumerate(regime.notices):
        for field, rules in (("adds", notice.adds), ("amends", notice.amends)):
            for r, rule in enumerate(rules):
                path = f"notices[{n}].{field}[{r}]"
                previous = kinds.setdefault(rule.id, type(rule))
                if previous is not type(rule):
                    raise InvalidRegimeError(
                        f"rule `{rule.id}` is a {previous.__name__.lower()} elsewhere "
                        f"but a {type(rule).__name__.lower()} here",
                        path=f"{path}.id",
                        value=rule.id,
                    )
                for name, scope in _scopes(rule):
                    for kind, ref in scope.references():
                        if ref not in known[kind]:
                            raise UnknownReferenceError(
                                kind, ref, path=f"{path}.{name}"
                            )
    notice_ids = {n.id: resolve(n.published, tz) for n in regime.notices}
    for n, notice in enumerate(regime.notices):
        path = f"notices[{n}]"
        published = resolve(notice.published, tz)
        effective = resolve(notice.effective, tz)
        if effective < published and not notice.retroactive:
            raise InvalidRegimeError(
                f"effective `{notice.effective.isoformat()}` is before published "
                f"`{notice.published.isoformat()}`; set `retroactive` if that is intended",
                path=f"{path}.effective",
                value=notice.effective,
            )
        if notice.compliance is not None and resolve(notice.compliance, tz) < effective:
            raise InvalidRegimeError(
                f"compliance `{notice.compliance.isoformat()}` is before effective "
                f"`{notice.effective.isoformat()}`",
                path=f"{path}.compliance",
                value=notice.compliance,
            )
        for r, rule in enumerate((*notice.adds, *notice.amends)):
            if isinstance(rule, Exemption):
                field = "adds" if r < len(notice.adds) else "amends"
                at = r if r < len(notice.adds) else r - len(notice.adds)
                for k, lifted in enumerate(rule.lifts):
                    if kinds.get(lifted) is not Restriction:
                        raise UnknownReferenceError(
                            "restriction",
                            lifted,
                            path=f"{path}.{field}[{at}].lifts[{k}]",
                        )
        for k, rule_id in enumerate(notice.revokes):
            if rule_id not in kinds:
                raise UnknownReferenceError(
                    "rule", rule_id, path=f"{path}.revokes[{k}]"
                )
        windows: list[tuple[str, tuple[Suspension | NonEnforcement, ...]]] = [
            ("suspends", notice.suspends),
            ("not_enforced", notice.not_enforced),
        ]
        for field, acts in windows:
            for k, act in enumerate(acts):
                if act.rule not in kinds:
                    raise UnknownReferenceError(
                        "rule", act.rule, path=f"{path}.{field}[{k}].rule"
                    )
                if field == "not_enforced" and kinds[act.rule] is not Restriction:
                    raise InvalidRegimeError(
                        f"only a restriction can be not enforced; `{act.rule}` is an exemption",
                        path=f"{path}.{field}[{k}].rule",
                        value=act.rule,
                    )
                start = effective if act.start is None else resolve(act.start, tz)
                if act.end is not None and resolve(act.end, tz) <= start:
                    raise InvalidRegimeError(
                        f"end `{act.end.isoformat()}` is not after the start",
                        path=f"{path}.{field}[{k}].end",
                        value=act.end,
                    )
        for k, corrected in enumerate(notice.corrects):
            if corrected not in notice_ids or corrected == notice.id:
                raise UnknownReferenceError(
                    "notice", corrected, path=f"{path}.corrects[{k}]"
                )
            if notice_ids[corrected] > published:
                raise InvalidRegimeError(
                    f"notice `{notice.id}` corrects `{corrected}`, published after it",
                    path=f"{path}.corrects[{k}]",
                    value=corrected,
                )
