"""A regime's consistency rules, written once: ids, references, dates, windows.

`problems(regime)` yields every broken rule, each with the path of the
offending value as keys and indexes (`("notices", 1, "effective")`), its
message, the value and the exception it stands for. `validate(regime)` raises
the first, which is what building a `Regime` in Python does; `aicontrols.files`
builds a file's regime piece by piece, runs the same rules over what it built
and reports every problem at its file and line.

What a single value must be (a country code, an id, an `end` after its `start`
when both are dates) is checked by the value's own class when it is built;
these rules relate values to each other.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator

import attrs

from ._entities import Entity, dated_facts
from ._groups import CountryGroup, EntityList, Membership
from ._items import DeploymentMode
from ._notices import NonEnforcement, Notice
from ._problem import Path, Problem, RegimeData
from ._reference_data import all_country_groups, referenced_groups
from ._rules import ConditionalReview, Effect, Exemption, License, Restriction, Rule
from ._scopes import AllOf, AnyOf, AnyParty, Not, OwnedByListed, Scope
from ._time import When, inverted, resolve
from .exceptions import QueryError

__all__ = [
    "Path",
    "Problem",
    "RegimeData",
    "check_recipient_facts",
    "problems",
    "scope_references",
    "validate",
]

_FACTS = ("citizenships", "residencies", "employments", "owners")
_TIMEZONE: Path = ("timezone",)


def _unknown(kind: str, ref: str, path: Path, within: Path = ()) -> Problem:
    return Problem(path, f"unknown {kind} id `{ref}`", ref, kind, within)


def validate(regime: RegimeData) -> None:
    """Raise the first problem of a regime built in Python.

    Raises:
        InvalidRegimeError: a value breaks a rule (a duplicate id, an end
            before its start), with its `path`.
        UnknownReferenceError: a reference to an id nobody defined.
    """
    for problem in problems(regime):
        raise problem.error()


def problems(regime: RegimeData) -> Iterator[Problem]:
    """Every broken rule of `regime`, in the order `validate` meets them."""
    yield from _spans(regime)
    yield from _duplicates(regime)
    for m, mode in enumerate(regime.modes):
        if mode.name in DeploymentMode.STANDARD:
            yield Problem(
                ("modes", m, "name"),
                f"mode `{mode.name}` is already a standard mode",
                mode.name,
            )
    yield from _catalog_references(regime)
    yield from _rules(regime)
    kinds = _kinds(regime.notices)
    notices = {notice.id: n for n, notice in enumerate(regime.notices)}
    for n, notice in enumerate(regime.notices):
        yield from _dates(regime, n, notice)
        yield from _acts(regime, n, notice, kinds, notices)


# ---------------------------------------------------------------- spans


def inverted_fact(entity: Entity, tz: str) -> str | None:
    """The path of the first dated fact of `entity` whose end is not after its
    start in zone `tz` (a date against an instant is read there), or `None`."""
    if entity.citizenships or entity.residencies or entity.employments or entity.owners:
        for path, fact in dated_facts(entity):
            if _mixed(fact.start, fact.end) and inverted(fact.start, fact.end, tz):
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


def _mixed(start: When | None, end: When | None) -> bool:
    """Whether a span is a date against an instant: only a zone orders them (two
    dates, or two instants, their own class has compared)."""
    return (
        start is not None
        and end is not None
        and isinstance(start, dt.datetime) is not isinstance(end, dt.datetime)
    )


def _spans(regime: RegimeData) -> Iterator[Problem]:
    tz = regime.timezone
    for k, entity in enumerate(regime.entities):
        for name in _FACTS:
            for f, fact in enumerate(getattr(entity, name)):
                start, end = fact.start, fact.end
                if start and end and _mixed(start, end) and inverted(start, end, tz):
                    path: Path = ("entities", k, name, f)
                    yield Problem(
                        (*path, "end"),
                        f"`end` ({end.isoformat()}) must be after `start` "
                        f"({start.isoformat()}) in the regime's zone `{tz}`",
                        end,
                        reads=((*path, "start"), _TIMEZONE),
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
                    start
                    and end
                    and _mixed(start, end)
                    and resolve(end, tz) < resolve(start, tz)
                ):
                    path = (field, g, "members", m)
                    yield Problem(
                        (*path, "end"),
                        f"member `{member.member}`: `end` ({end.isoformat()}) must "
                        f"not be before `start` ({start.isoformat()}) in the "
                        f"regime's zone `{tz}`",
                        end,
                        reads=((*path, "start"), _TIMEZONE),
                    )
                yield from _known(member, (field, g, "members", m), tz)


def _known(member: Membership, path: Path, tz: str) -> Iterator[Problem]:
    """A membership's knowledge dates: its end cannot become known without an
    end, nor before the membership itself did."""
    published, end_published = member.published, member.end_published
    if end_published is None:
        return
    if member.end is None:
        yield Problem(
            (*path, "end_published"),
            f"member `{member.member}`: `end_published` without an `end`",
            end_published,
            reads=((*path, "end"),),
        )
    elif published is not None and resolve(end_published, tz) < resolve(published, tz):
        yield Problem(
            (*path, "end_published"),
            f"member `{member.member}`: `end_published` "
            f"({end_published.isoformat()}) must not be before `published` "
            f"({published.isoformat()})",
            end_published,
            reads=((*path, "published"), *_zone(published, end_published)),
        )


# ---------------------------------------------------------------- ids and references


def _duplicates(regime: RegimeData) -> Iterator[Problem]:
    named: tuple[tuple[str, str, Iterable[str]], ...] = (
        ("entities", "entity", (e.id for e in regime.entities)),
        ("items", "item", (i.id for i in regime.items)),
        ("country_groups", "country group", (g.id for g in regime.country_groups)),
        ("entity_lists", "entity list", (x.id for x in regime.entity_lists)),
        ("notices", "notice", (n.id for n in regime.notices)),
    )
    bundled = {g.id for g in referenced_groups(regime.country_groups_from)}
    for position, group in enumerate(regime.country_groups):
        if group.id in bundled:
            yield Problem(
                ("country_groups", position, "id"),
                f"country group `{group.id}` is also a group of the bundled "
                f"`{regime.country_groups_from}` data (`country_groups_from`): "
                "give yours another id",
                group.id,
            )
    for field, what, ids in named:
        seen: set[str] = set()
        for position, value in enumerate(ids):
            if value in seen:
                yield Problem(
                    (field, position, "id"), f"duplicate {what} id `{value}`", value
                )
            seen.add(value)


def _catalog_references(regime: RegimeData) -> Iterator[Problem]:
    """The parties that catalog entities link to (employers, owners, `same_as`):
    a catalog entity, or a member of an entity list (a listed party the catalog
    need not describe). An item's developer, like a list member, may be a party
    the catalog lacks: an item carried into another regime keeps its developer.
    """
    known = {e.id for e in regime.entities}
    known.update(m.member for x in regime.entity_lists for m in x.members)
    for k, entity in enumerate(regime.entities):
        for f, employment in enumerate(entity.employments):
            if employment.employer not in known:
                path: Path = ("entities", k, "employments", f, "employer")
                yield _unknown("entity", employment.employer, path)
        for f, ownership in enumerate(entity.owners):
            if ownership.owner not in known:
                path = ("entities", k, "owners", f, "owner")
                yield _unknown("entity", ownership.owner, path)
        for f, link in enumerate(entity.same_as):
            if link not in known:
                yield _unknown("entity", link, ("entities", k, "same_as", f))


def scope_references(
    scope: Scope, within: Path = ()
) -> Iterator[tuple[Path, str, str]]:
    """Each `(within, kind, id)` that `scope` names, `within` being the way to
    the leaf that names it, in a regime file's words (`all`, `any`, `not`,
    `any_party`)."""
    if isinstance(scope, AllOf | AnyOf):
        key = "all" if isinstance(scope, AllOf) else "any"
        for i, sub in enumerate(scope.scopes):
            yield from scope_references(sub, (*within, key, i))
    elif isinstance(scope, Not):
        yield from scope_references(scope.scope, (*within, "not"))
    elif isinstance(scope, AnyParty):
        yield from scope_references(scope.scope, (*within, "any_party"))
    else:
        for kind, ref in scope.references():
            yield within, kind, ref


def _rules_of(notice: Notice) -> Iterator[tuple[str, int, Rule]]:
    for field, rules in (("adds", notice.adds), ("amends", notice.amends)):
        for r, rule in enumerate(rules):
            yield field, r, rule


def _kinds(notices: Iterable[Notice]) -> dict[str, type[Rule]]:
    """Each rule id's class where it first appears."""
    kinds: dict[str, type[Rule]] = {}
    for notice in notices:
        for _, _, rule in _rules_of(notice):
            kinds.setdefault(rule.id, type(rule))
    return kinds


def _rules(regime: RegimeData) -> Iterator[Problem]:
    """Rule ids within and across notices, and the ids their scopes name."""
    added = {rule.id for notice in regime.notices for rule in notice.adds}
    for n, notice in enumerate(regime.notices):
        seen: dict[str, set[str]] = {"adds": set(), "amends": set()}
        for field, r, rule in _rules_of(notice):
            if rule.id in seen[field]:
                yield Problem(
                    ("notices", n, field, r, "id"),
                    f"rule `{rule.id}` is in this notice's {field} twice",
                    rule.id,
                )
            seen[field].add(rule.id)
        for r, rule in enumerate(notice.amends):
            if rule.id not in added:
                yield _unknown("rule", rule.id, ("notices", n, "amends", r, "id"))
    known: dict[str, set[str]] = {
        "entity": {e.id for e in regime.entities},
        "item": {i.id for i in regime.items},
        "mode": {*DeploymentMode.STANDARD, *(m.name for m in regime.modes)},
        "country group": {g.id for g in all_country_groups(regime)},
        "entity list": {x.id for x in regime.entity_lists},
    }
    kinds: dict[str, type[Rule]] = {}
    for n, notice in enumerate(regime.notices):
        for field, r, rule in _rules_of(notice):
            path: Path = ("notices", n, field, r)
            previous = kinds.setdefault(rule.id, type(rule))
            if previous is not type(rule):
                yield Problem(
                    (*path, "id"),
                    f"rule `{rule.id}` is a {previous.__name__.lower()} elsewhere "
                    f"but a {type(rule).__name__.lower()} here",
                    rule.id,
                )
            yield from _references(rule, path, known)
            if isinstance(rule, Restriction):
                for k, review in enumerate(rule.conditional_reviews):
                    at: Path = (*path, "conditional_reviews", k)
                    yield from _references(review, at, known)
                if rule.treated_as_listed:
                    yield from _treated_as_listed(rule, path)
        for k, act in enumerate(notice.not_enforced):
            yield from _references(act, ("notices", n, "not_enforced", k), known)


def _references(
    scoped: Rule | ConditionalReview | NonEnforcement,
    path: Path,
    known: dict[str, set[str]],
) -> Iterator[Problem]:
    """The ids that the `items`, `modes` and `recipients` scopes of a rule,
    conditional review or non-enforcement statement name and nobody defined."""
    for name in ("items", "modes", "recipients"):
        scope: Scope = getattr(scoped, name)
        for within, kind, ref in scope_references(scope):
            if ref not in known[kind]:
                yield _unknown(kind, ref, (*path, name), within)


def _owned_by_listed(scope: Scope, negated: bool = False) -> Iterator[bool]:
    """For each `OwnedByListed` leaf of `scope`: whether it is inside a `not`."""
    if isinstance(scope, OwnedByListed):
        yield negated
    for kid in scope.children():
        yield from _owned_by_listed(kid, negated or isinstance(scope, Not))


def _treated_as_listed(rule: Restriction, path: Path) -> Iterator[Problem]:
    """A restriction treated as listed takes its owners' entries: it reads one
    `OwnedByListed` (not negated), and states no policy or effect of its own."""
    leaves = list(_owned_by_listed(rule.recipients))
    if leaves.count(False) != 1:
        found = "none" if not leaves.count(False) else str(leaves.count(False))
        yield Problem(
            (*path, "recipients"),
            f"restriction `{rule.id}` is treated as listed: its recipients scope "
            f"must read exactly one `owned_by_listed` (`OwnedByListed`) outside any "
            f"`not` (found {found})",
            rule.id,
        )
    if rule.review_policy is not None:
        yield Problem(
            (*path, "review_policy"),
            f"restriction `{rule.id}` is treated as listed: its review policy is "
            "that of the listed owners' entries; remove `review_policy`",
            rule.review_policy.value,
        )
    if rule.conditional_reviews:
        yield Problem(
            (*path, "conditional_reviews"),
            f"restriction `{rule.id}` is treated as listed: its review policy is "
            "that of the listed owners' entries; remove `conditional_reviews`",
            rule.id,
        )
    if rule.effect is not Effect.LICENSE_REQUIRED:
        yield Problem(
            (*path, "effect"),
            f"restriction `{rule.id}` is treated as listed: its effect is that of "
            "the listed owners' entries; remove `effect`",
            rule.effect.value,
        )


# ---------------------------------------------------------------- notices


def _zone(*values: When | None) -> tuple[Path, ...]:
    """The zone, among the values a comparison reads, when only it orders them."""
    given = [v for v in values if v is not None]
    mixed = len({isinstance(v, dt.datetime) for v in given}) > 1
    return (_TIMEZONE,) if mixed else ()


def _dates(regime: RegimeData, n: int, notice: Notice) -> Iterator[Problem]:
    tz = regime.timezone
    path: Path = ("notices", n)
    published = resolve(notice.published, tz)
    effective = resolve(notice.effective, tz)
    if effective < published and not notice.retroactive:
        yield Problem(
            (*path, "effective"),
            f"effective `{notice.effective.isoformat()}` is before published "
            f"`{notice.published.isoformat()}`; set `retroactive` if that is intended",
            notice.effective,
            reads=(
                (*path, "published"),
                (*path, "retroactive"),
                *_zone(notice.published, notice.effective),
            ),
        )
    if notice.compliance is not None and resolve(notice.compliance, tz) < effective:
        yield Problem(
            (*path, "compliance"),
            f"compliance `{notice.compliance.isoformat()}` is before effective "
            f"`{notice.effective.isoformat()}`",
            notice.compliance,
            reads=((*path, "effective"), *_zone(notice.compliance, notice.effective)),
        )


def _not_restriction(ref: str, path: Path, kinds: dict[str, type[Rule]]) -> Problem:
    """An exemption or license names `ref`, which is not a restriction: an
    unknown id (with the closest restriction id), or another kind of rule."""
    problem = _unknown("restriction", ref, path)
    if ref in kinds:
        what = kinds[ref].__name__.lower()
        hint = f"`{ref}` is {'an' if what == 'exemption' else 'a'} {what}, not a restriction"
    else:
        ids = [rule_id for rule_id, kind in kinds.items() if kind is Restriction]
        close = difflib.get_close_matches(ref, ids, n=1)
        if not close:
            return problem
        hint = f"did you mean `{close[0]}`?"
    return attrs.evolve(problem, message=f"{problem.message} ({hint})", hint=hint)


def _acts(
    regime: RegimeData,
    n: int,
    notice: Notice,
    kinds: dict[str, type[Rule]],
    notices: dict[str, int],
) -> Iterator[Problem]:
    tz = regime.timezone
    path: Path = ("notices", n)
    for field, r, rule in _rules_of(notice):
        if isinstance(rule, Exemption | License):
            key = "lifts" if isinstance(rule, Exemption) else "authorizes"
            named = rule.lifts if isinstance(rule, Exemption) else rule.authorizes
            for k, lifted in enumerate(named):
                if kinds.get(lifted) is not Restriction:
                    at: Path = (*path, field, r, key, k)
                    yield _not_restriction(lifted, at, kinds)
    for k, rule_id in enumerate(notice.revokes):
        if rule_id not in kinds:
            yield _unknown("rule", rule_id, (*path, "revokes", k))
    for field in ("suspends", "not_enforced"):
        for k, act in enumerate(getattr(notice, field)):
            where: Path = (*path, field, k)
            if act.rule not in kinds:
                yield _unknown("rule", act.rule, (*where, "rule"))
            elif field == "not_enforced" and kinds[act.rule] is not Restriction:
                what = kinds[act.rule].__name__.lower()
                yield Problem(
                    (*where, "rule"),
                    f"only a restriction can be not enforced; `{act.rule}` is an {what}"
                    if what == "exemption"
                    else f"only a restriction can be not enforced; `{act.rule}` is a {what}",
                    act.rule,
                )
            start = notice.effective if act.start is None else act.start
            if act.end is not None and resolve(act.end, tz) <= resolve(start, tz):
                since = "" if act.start is not None else " (the notice's `effective`)"
                yield Problem(
                    (*where, "end"),
                    f"end `{act.end.isoformat()}` is not after the start "
                    f"`{start.isoformat()}`{since}",
                    act.end,
                    reads=(
                        (*where, "start"),
                        *(((*path, "effective"),) if act.start is None else ()),
                        *_zone(start, act.end),
                    ),
                )
    for k, corrected in enumerate(notice.corrects):
        where = (*path, "corrects", k)
        if corrected == notice.id:
            yield Problem(where, "a notice cannot correct itself", corrected)
            continue
        if corrected not in notices:
            yield _unknown("notice", corrected, where)
            continue
        m = notices[corrected]
        other = regime.notices[m].published
        if resolve(other, tz) > resolve(notice.published, tz):
            yield Problem(
                where,
                f"notice `{notice.id}` corrects `{corrected}`, published after it",
                corrected,
                reads=(
                    (*path, "published"),
                    ("notices", m, "published"),
                    *_zone(other, notice.published),
                ),
            )
