"""Static checks of a regime: acts that are valid data but almost surely mistakes.

A regime that builds is consistent: every id it names exists and every window
ends after it starts. `lint` looks further, without any query, for acts that
cannot do what their authors meant: an exemption that is never in force while
a restriction it lifts is, a revocation or amendment of a rule that is not in
force, a suspension outside the rule's life, two notices acting on one rule at
one instant, and scopes that can never match.

The time checks read the rules as known now (every notice, corrections
applied), as a query without `as_known_on` does. The scope checks read every
notice, corrected ones too: a corrected notice still answers queries made with
the knowledge from before its correction.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterator, Sequence

import attrs
import pendulum

from ._engine.ruleset import Act, RuleHistory, Ruleset
from ._groups import Membership
from ._notices import NonEnforcement, Notice, Suspension
from ._regime import Regime, engine_of
from ._rules import License, Restriction, Rule, lifted_ids
from ._scopes import (
    AllOf,
    AnyOf,
    DestinationInGroup,
    Everything,
    HeadquarteredInGroup,
    LocatedInGroup,
    Not,
    OnList,
    OwnedByListed,
    Scope,
    UltimateParentHeadquarteredInGroup,
)
from ._time import (
    POS_INF,
    day_or_instant,
    resolve_end,
    resolve_start,
    show,
    to_datetime,
)

__all__ = ["Finding", "Severity", "lint"]


class Severity(enum.Enum):
    """How sure a finding is to be a mistake.

    Examples:
        >>> Severity("info")
        <Severity.INFO: 'info'>
    """

    WARNING = "warning"
    """The act almost surely does not do what its authors meant."""
    INFO = "info"
    """Worth a look; it may be intended."""


@attrs.frozen
class Finding:
    """One problem `lint` found in a regime.

    Attributes:
        code: a short, stable kebab-case name of the check, e.g.
            `revoke-not-in-force`.
        message: the problem in words.
        path: where in the regime, e.g. `notices[2].revokes[0]`; notice
            positions are those of `Regime.notices` as given.
        witness: an instant that shows the problem, in the regime's zone, or
            `None` where no single instant does.
        notice_id: the notice of the act at `path`.
        rule_id: the rule concerned.
        severity: `WARNING`, or `INFO` for what may be intended.

    Examples:
        >>> import pendulum
        >>> finding = Finding(
        ...     "revoke-not-in-force",
        ...     "revocation of `r1` on 2026-03-01, when it is not in force",
        ...     path="notices[2].revokes[0]",
        ...     witness=pendulum.datetime(2026, 3, 1, tz="America/New_York"),
        ... )
        >>> print(finding)
        notices[2].revokes[0]: revocation of `r1` on 2026-03-01, when it is not in force (witness 2026-03-01)
    """

    code: str
    message: str
    path: str = attrs.field(kw_only=True)
    witness: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    notice_id: str | None = attrs.field(default=None, kw_only=True)
    rule_id: str | None = attrs.field(default=None, kw_only=True)
    severity: Severity = attrs.field(default=Severity.WARNING, kw_only=True)

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}"
        if self.witness is None:
            return text
        return f"{text} (witness {day_or_instant(self.witness)})"


def lint(regime: Regime) -> tuple[Finding, ...]:
    """Check a regime for acts that are valid but almost surely mistakes.

    The checks, by `Finding.code`:

    - `exemption-never-overlaps`: an exemption is never in force while any
      restriction it lifts is (witness: the exemption's start);
    - `revoke-not-in-force`, `amend-not-in-force`: a revocation or amendment
      takes effect when the rule is not in force, before its addition or after
      its revocation (witness: that instant); such an amendment does nothing;
    - `suspension-outside-life`, `non-enforcement-outside-life`: a window that
      never overlaps the rule's time in force (witness: the window's start);
    - `suspension-before-addition`, `non-enforcement-before-addition` (`INFO`):
      a window that overlaps the rule's life but starts before it;
    - `same-instant-acts`: two notices act on one rule (add, amend, revoke, or
      open a suspension or non-enforcement window) at the same instant, so only
      their publication order decides (witness: that instant);
    - `scope-never-matches`: a scope, or a part of one, that no access can
      match: an empty country group or entity list (in `DestinationInGroup`,
      `LocatedInGroup`, `HeadquarteredInGroup`,
      `UltimateParentHeadquarteredInGroup`, `OnList` or `OwnedByListed`), `X` together with `Not(X)`
      in an `AllOf`, the negation of a scope that always matches.

    Args:
        regime: the regime to check.

    Returns:
        The findings, ordered by path, then code.

    Examples:
        >>> import datetime
        >>> import aicontrols
        >>> from aicontrols import ControlledItem, ItemIs, Notice, Restriction
        >>> regime = aicontrols.Regime(
        ...     "demo", jurisdiction="US", timezone="America/New_York",
        ...     items=[ControlledItem("m1")],
        ...     notices=[
        ...         Notice("n1", published=datetime.date(2026, 1, 10),
        ...                effective=datetime.date(2026, 4, 1),
        ...                adds=[Restriction("r1", items=ItemIs("m1"))]),
        ...         Notice("n2", published=datetime.date(2026, 2, 1),
        ...                effective=datetime.date(2026, 3, 1), revokes=["r1"]),
        ...     ],
        ... )
        >>> for finding in lint(regime):
        ...     print(finding)
        notices[1].revokes[0]: revocation of `r1` on 2026-03-01, when it is not in force: it first comes into force on 2026-04-01 (witness 2026-03-01)
        >>> lint(aicontrols.examples.load("mythos5"))
        ()
    """
    engine = engine_of(regime)
    ruleset = engine.ruleset(len(engine.states))
    linter = _Linter(regime, ruleset)
    findings = [
        *linter.exemptions(),
        *linter.not_in_force(),
        *linter.windows(),
        *linter.same_instant(),
        *_scope_findings(regime),
    ]
    return tuple(sorted(findings, key=lambda f: (_path_key(f.path), f.code, f.message)))


def _path_key(path: str) -> tuple[tuple[int, str | int], ...]:
    """`notices[10]` after `notices[2]`: indexes compare as numbers."""
    parts = re.split(r"(\d+)", path)
    return tuple((1, int(p)) if i % 2 else (0, p) for i, p in enumerate(parts))


# ---------------------------------------------------------------- time


_FIELD = {"add": "adds", "amend": "amends", "revoke": "revokes"}
_FIELD |= {"suspend": "suspends", "not-enforce": "not_enforced"}
_NOUN = {"amend": "amendment", "revoke": "revocation"}
_NOUN |= {"suspend": "suspension", "not-enforce": "non-enforcement"}
_DOES = {"add": "adds {}", "amend": "amends {}", "revoke": "revokes {}"}
_DOES |= {"suspend": "suspends {}", "not-enforce": "declares {} not enforced"}
_ACT = {Act.ADD: "add", Act.AMEND: "amend", Act.REVOKE: "revoke"}
_ACT |= {Act.EXPIRE: "expire"}

_Span = tuple[int, int]


@attrs.frozen
class _Act:
    """One act on one rule, located in the regime (instants are ints)."""

    at: int
    order: int
    kind: str
    rule_id: str
    notice: Notice
    path: str
    rule: Rule | None = None
    end: int = POS_INF


class _Linter:
    """The time checks over one ruleset, with every act located."""

    def __init__(self, regime: Regime, ruleset: Ruleset) -> None:
        self.tz = regime.timezone
        positions = {n.id: i for i, n in enumerate(regime.notices)}
        order = {n.id: i for i, n in enumerate(ruleset.notices)}
        seen: Counter[tuple[str, str, str]] = Counter()

        def path(notice: Notice, kind: str, rule_id: str) -> str:
            # the j-th act of a notice on a rule in one field is its j-th entry there
            field = _FIELD[kind]
            key = (notice.id, field, rule_id)
            j, seen[key] = seen[key], seen[key] + 1
            k = [i for i, x in enumerate(_ids(notice, field)) if x == rule_id][j]
            return f"notices[{positions[notice.id]}].{field}[{k}]"

        self.changes: dict[str, list[_Act]] = {}
        self.windows_of: dict[str, list[_Act]] = {}
        self.lives: dict[str, list[_Span]] = {}
        self.versions: dict[str, list[tuple[int, int, Rule]]] = {}
        for rule_id in sorted(ruleset.histories):
            history: RuleHistory = ruleset.histories[rule_id]
            # a license's expiry is no act of a notice: it ends the version
            # it belongs to (read in `_versions`), and is located nowhere
            changes = [
                _Act(
                    c.at,
                    c.order,
                    _ACT[c.act],
                    rule_id,
                    c.notice,
                    "" if c.act is Act.EXPIRE else path(c.notice, _ACT[c.act], rule_id),
                    c.rule,
                )
                for c in history.changes
            ]
            windows = []
            for w in (*history.suspensions, *history.not_enforced):
                kind = "suspend" if isinstance(w.act, Suspension) else "not-enforce"
                at = path(w.notice, kind, rule_id)
                windows.append(
                    _Act(
                        w.start,
                        order[w.notice.id],
                        kind,
                        rule_id,
                        w.notice,
                        at,
                        end=w.end,
                    )
                )
            self.changes[rule_id] = changes
            self.windows_of[rule_id] = windows
            self.versions[rule_id] = _versions(changes)
            self.lives[rule_id] = _merge(self.versions[rule_id])

    # ------------------------------------------------------------ wording

    def when(self, instant: int) -> str:
        return show(instant, self.tz)

    def span(self, start: int, end: int) -> str:
        until = "" if end >= POS_INF else f" to {self.when(end)}"
        return f"from {self.when(start)}{until}"

    def life(self, rule_id: str) -> str:
        spans = self.lives.get(rule_id, [])
        if not spans:
            return "never in force"
        return "in force " + " and ".join(self.span(s, e) for s, e in spans)

    def finding(
        self,
        code: str,
        message: str,
        act: _Act,
        witness: int | None,
        severity: Severity = Severity.WARNING,
    ) -> Finding:
        return Finding(
            code,
            message,
            path=act.path,
            witness=None if witness is None else to_datetime(witness, self.tz),
            notice_id=act.notice.id,
            rule_id=act.rule_id,
            severity=severity,
        )

    # ------------------------------------------------------------ checks

    def exemptions(self) -> Iterator[Finding]:
        """Exemptions never in force while any restriction they lift is."""
        for rule_id, versions in self.versions.items():
            changes = self.changes[rule_id]
            rules = [c.rule for c in changes if c.rule is not None]
            if not rules or isinstance(rules[0], Restriction):
                continue
            if any(
                _overlaps([(s, e)], self.lives.get(lifted, []))
                for s, e, rule in versions
                for lifted in _lifts(rule)
            ):
                continue
            lifted_ids = dict.fromkeys(r for rule in rules for r in _lifts(rule))
            others = "; ".join(f"`{r}` is {self.life(r)}" for r in lifted_ids)
            first = next((c for c in changes if c.kind == "add"), changes[0])
            spans = self.lives[rule_id]
            what = "license" if isinstance(rules[0], License) else "exemption"
            yield self.finding(
                "exemption-never-overlaps",
                f"{what} `{rule_id}` never overlaps in time a restriction it "
                f"lifts: it is {self.life(rule_id)}; {others}",
                first,
                spans[0][0] if spans else None,
            )

    def not_in_force(self) -> Iterator[Finding]:
        """Revocations and amendments that take effect when the rule is not in force."""
        for changes in self.changes.values():
            current = False
            revoked: _Act | None = None
            version: Rule | None = None
            for i, change in enumerate(changes):
                if change.kind == "expire":
                    if current and change.rule is version:
                        current, revoked = False, change
                    continue
                if change.kind != "add" and not current:
                    if revoked is not None and revoked.kind == "expire":
                        why = f"it expired on {self.when(revoked.at)}"
                    elif revoked is not None:
                        why = f"notice `{revoked.notice.id}` revoked it on {self.when(revoked.at)}"
                    else:
                        later = next((c for c in changes[i:] if c.kind == "add"), None)
                        why = (
                            "it is never added"
                            if later is None
                            else f"it first comes into force on {self.when(later.at)}"
                        )
                    yield self.finding(
                        f"{change.kind}-not-in-force",
                        f"{_NOUN[change.kind]} of `{change.rule_id}` on "
                        f"{self.when(change.at)}, when it is not in force: {why}",
                        change,
                        change.at,
                    )
                if change.kind == "revoke":
                    current, revoked = False, change
                elif change.kind == "add" or current:
                    current, version = True, change.rule

    def windows(self) -> Iterator[Finding]:
        """Suspension and non-enforcement windows outside the rule's life."""
        for rule_id, windows in self.windows_of.items():
            life = self.lives[rule_id]
            for window in windows:
                noun = _NOUN[window.kind]
                what = f"{noun} of `{rule_id}` {self.span(window.at, window.end)}"
                if not _overlaps([(window.at, window.end)], life):
                    yield self.finding(
                        f"{noun}-outside-life",
                        f"{what} never overlaps the rule's life: "
                        f"`{rule_id}` is {self.life(rule_id)}",
                        window,
                        window.at,
                    )
                elif window.at < life[0][0]:
                    yield self.finding(
                        f"{noun}-before-addition",
                        f"{what} starts before `{rule_id}` first comes into force, "
                        f"on {self.when(life[0][0])}",
                        window,
                        window.at,
                        Severity.INFO,
                    )

    def same_instant(self) -> Iterator[Finding]:
        """Acts of different notices on one rule at one instant."""
        for rule_id, changes in self.changes.items():
            acts = sorted(
                (
                    *(c for c in changes if c.kind != "expire"),
                    *self.windows_of[rule_id],
                ),
                key=lambda a: (a.at, a.order),
            )
            groups: dict[int, list[_Act]] = {}
            for act in acts:
                groups.setdefault(act.at, []).append(act)
            for at, group in groups.items():
                first = group[0]
                reported = {first.notice.id}
                for act in group[1:]:
                    if act.notice.id in reported:
                        continue
                    reported.add(act.notice.id)
                    does = _DOES[act.kind].format(f"`{rule_id}`")
                    did = _DOES[first.kind].format("it")
                    yield self.finding(
                        "same-instant-acts",
                        f"notice `{act.notice.id}` {does} on {self.when(at)}, the "
                        f"instant at which notice `{first.notice.id}` {did}",
                        act,
                        at,
                    )


def _lifts(rule: Rule) -> tuple[str, ...]:
    return () if isinstance(rule, Restriction) else lifted_ids(rule)


def _ids(notice: Notice, field: str) -> list[str]:
    """The rule ids of the entries of one field of a notice, in order."""
    if field in ("adds", "amends"):
        rules: tuple[Rule, ...] = getattr(notice, field)
        return [rule.id for rule in rules]
    if field == "revokes":
        return list(notice.revokes)
    windows: tuple[Suspension | NonEnforcement, ...] = getattr(notice, field)
    return [window.rule for window in windows]


def _versions(changes: Sequence[_Act]) -> list[tuple[int, int, Rule]]:
    """The versions in force over time, read as `RuleHistory.version_at` does."""
    segments: list[tuple[int, int, Rule]] = []
    current: Rule | None = None
    since = 0
    i = 0
    while i < len(changes):
        t, before = changes[i].at, current
        while i < len(changes) and changes[i].at == t:
            change = changes[i]
            if change.kind == "expire":
                if current is change.rule:
                    current = None
            elif change.kind == "revoke":
                current = None
            elif change.kind == "add" or current is not None:
                current = change.rule
            i += 1
        if current is before:
            continue
        if before is not None:
            segments.append((since, t, before))
        since = t
    if current is not None:
        segments.append((since, POS_INF, current))
    return segments


def _merge(versions: list[tuple[int, int, Rule]]) -> list[_Span]:
    spans: list[_Span] = []
    for start, end, _ in versions:
        if spans and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _overlaps(first: list[_Span], second: list[_Span]) -> bool:
    return any(a < d and c < b for a, b in first for c, d in second)


# ---------------------------------------------------------------- scopes


def _emptiness(members: tuple[Membership, ...], tz: str) -> str | None:
    """Why a group or list never has a member, or `None` if it may have one."""
    if not members:
        return "has no members"
    if all(resolve_start(m.start, tz) >= resolve_end(m.end, tz) for m in members):
        return "has no members at any time (every membership ends when it starts or before)"
    return None


def _named_sets(scope: Scope) -> tuple[str, frozenset[str]] | None:
    """The kind and ids of the country groups or entity lists a leaf reads."""
    if isinstance(
        scope,
        DestinationInGroup
        | LocatedInGroup
        | HeadquarteredInGroup
        | UltimateParentHeadquarteredInGroup,
    ):
        return "country group", scope.groups
    if isinstance(scope, OnList | OwnedByListed):
        return "entity list", scope.lists
    return None


class _Scopes:
    """Which scopes can never match, or always match, in one regime."""

    def __init__(self, regime: Regime) -> None:
        tz = regime.timezone
        self.empty: dict[tuple[str, str], str] = {}
        for kind, named in (
            ("country group", regime.country_groups),
            ("entity list", regime.entity_lists),
        ):
            for group in named:
                why = _emptiness(group.members, tz)
                if why is not None:
                    self.empty[kind, group.id] = f"{kind} `{group.id}` {why}"

    def never(self, scope: Scope) -> list[str] | None:
        """The reasons `scope` can never match, or `None` if it may."""
        named = _named_sets(scope)
        if named is not None:
            kind, ids = named
            reasons = [self.empty.get((kind, i)) for i in sorted(ids)]
            return None if None in reasons else [r for r in reasons if r]
        if isinstance(scope, Not):
            if self.always(scope.scope):
                return [
                    f"it negates a scope that always matches ({scope.scope.describe()})"
                ]
            return None
        if isinstance(scope, AllOf):
            found = [
                f"it requires both ({kid.describe()}) and its negation"
                for kid in scope.scopes
                if Not(kid) in scope.scopes
            ]
            for kid in scope.scopes:
                found += self.never(kid) or []
            return found or None
        if isinstance(scope, AnyOf):
            kids = [self.never(kid) for kid in scope.scopes]
            if any(k is None for k in kids):
                return None
            return [r for k in kids for r in k or []]
        inner = scope.children()  # `AnyParty(x)`: never if `x` never, for anyone
        return self.never(inner[0]) if len(inner) == 1 else None

    def always(self, scope: Scope) -> bool:
        """Whether `scope` matches every access."""
        if isinstance(scope, Everything):
            return True
        if isinstance(scope, Not):
            return self.never(scope.scope) is not None
        if isinstance(scope, AllOf):
            return all(self.always(kid) for kid in scope.scopes)
        if isinstance(scope, AnyOf):
            return any(
                self.always(kid) or Not(kid) in scope.scopes for kid in scope.scopes
            )
        inner = scope.children()  # `AnyParty(x)`: always if `x` always
        return len(inner) == 1 and self.always(inner[0])

    def dead(self, scope: Scope, path: str) -> Iterator[tuple[str, list[str]]]:
        """The largest parts of `scope` that never match, with their paths."""
        reasons = self.never(scope)
        if reasons is not None:
            yield path, reasons
        elif isinstance(scope, AllOf | AnyOf):
            for k, kid in enumerate(scope.scopes):
                yield from self.dead(kid, f"{path}.scopes[{k}]")
        elif len(scope.children()) == 1:  # `Not` and `AnyParty`
            yield from self.dead(scope.children()[0], f"{path}.scope")


def _scope_findings(regime: Regime) -> Iterator[Finding]:
    scopes = _Scopes(regime)
    for n, notice in enumerate(regime.notices):
        for field, rules in (("adds", notice.adds), ("amends", notice.amends)):
            for r, rule in enumerate(rules):
                kind = type(rule).__name__.lower()
                for name in ("items", "modes", "recipients"):
                    top = f"notices[{n}].{field}[{r}].{name}"
                    for path, reasons in scopes.dead(getattr(rule, name), top):
                        what = (
                            f"the {name} scope of `{rule.id}` never matches, so the "
                            f"{kind} never applies"
                            if path == top
                            else f"part of the {name} scope of `{rule.id}` never matches"
                        )
                        yield Finding(
                            "scope-never-matches",
                            f"{what}: {'; '.join(reasons)}",
                            path=path,
                            notice_id=notice.id,
                            rule_id=rule.id,
                        )
