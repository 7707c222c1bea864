"""A regime as one Markdown page: `regime_markdown(regime)`.

The page is built from the public model alone (the regime's fields, its
notices and rules, `Regime.changes()`, each scope's `describe()`), so it says
nothing the regime does not. The docs build a page per bundled regime with
it (`docs/hooks/regime_pages.py`); a report command can reuse it. The pieces
(dates, citations, tables) are in `_report_parts`, the timeline picture
(SVG) in `_report_svg`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._notices import Notice
from ._regime import DeemedExportRule, Regime
from ._report_catalog import catalog_sections, group_sections, is_illustrative_group
from ._report_parts import (
    FIELDS,
    ILLUSTRATIVE,
    KINDS,
    NONE,
    acts,
    citation_text,
    cites_illustrative,
    code,
    codes,
    illustrative_sentences,
    is_illustrative,
    moment,
    published_key,
    restriction_rows,
    rule_kind,
    scope_bullets,
    table,
    when,
)
from ._report_svg import timeline_svg
from ._rules import Exemption, Restriction, Rule
from ._scopes import Everything

__all__ = ["regime_markdown"]

_DEEMED = {
    DeemedExportRule.MOST_RECENT: "to the most recent citizenship or permanent "
    "residency (EAR, 15 CFR 734.13(b))",
    DeemedExportRule.ALL: "to every citizenship and permanent residency held "
    "(ITAR, 22 CFR 120.50(b))",
}


def regime_markdown(regime: Regime) -> str:
    """The regime as one Markdown page, for mkdocs-material or any reader.

    The page holds the regime's id, name, jurisdiction, timezone, description
    and citation; its notices in order of publication with their dates and
    citations; every rule (restriction, exemption, license) with each version,
    its effect and review policy, its citation and its scopes in words;
    suspensions and non-enforcement statements; its country groups and entity
    lists with their dated members; its catalog; and a timeline of its changes
    (an SVG picture of each rule's states, and a table). Whatever the regime marks as
    illustrative (a name, a description, a citation note that says so, and
    the description's own sentences about it) is marked `Illustrative`. The
    first line is the page's only level-1 heading.

    Examples:
        >>> import aicontrols
        >>> page = aicontrols.regime_markdown(aicontrols.examples.load("mythos5"))
        >>> page.splitlines()[0]
        '# US is-informed letters on Mythos 5 and Fable 5 (2026)'
        >>> "`trusted-partners-mythos`" in page, "Illustrative" in page
        (True, True)
    """
    return "\n".join(_Page(regime).lines()).rstrip("\n") + "\n"


class _Page:
    def __init__(self, regime: Regime) -> None:
        self.regime = regime
        tz = regime.timezone
        order = range(len(regime.notices))
        self.notices = [
            regime.notices[i]
            for i in sorted(
                order, key=lambda i: (published_key(regime.notices[i].published, tz), i)
            )
        ]
        self.corrected_by: dict[str, list[str]] = {}
        for notice in self.notices:
            for old in notice.corrects:
                self.corrected_by.setdefault(old, []).append(notice.id)
        self.versions: dict[str, list[tuple[Rule, Notice, str]]] = {}
        for notice in self.notices:
            for rule in notice.adds:
                self.versions.setdefault(rule.id, []).append((rule, notice, "added"))
            for rule in notice.amends:
                self.versions.setdefault(rule.id, []).append((rule, notice, "amended"))
        self.changes = regime.changes()

    def lines(self) -> Iterator[str]:
        regime = self.regime
        yield f"# {regime.name or regime.id}"
        yield ""
        yield (
            "*Generated from the regime's data by `aicontrols.regime_markdown`: "
            "every fact on this page is in the regime.*"
        )
        yield ""
        yield from self.facts()
        yield from self.illustrative()
        if regime.description:
            yield from ("## Description", "", regime.description.strip(), "")
        yield from self.timeline()
        yield from self.notice_sections()
        yield from self.rule_sections()
        yield from self.windows()
        yield from group_sections(regime)
        yield from catalog_sections(regime)

    # ------------------------------------------------------------ header

    def facts(self) -> Iterator[str]:
        regime = self.regime
        rules = [versions[0][0] for versions in self.versions.values()]
        counts = ", ".join(
            _count(sum(isinstance(r, cls) for r in rules), word) for cls, word in KINDS
        )
        rows = [
            ["Id", code(regime.id)],
            ["Name", regime.name or NONE],
            ["Jurisdiction", code(regime.jurisdiction)],
            ["Territory", codes(sorted(regime.territory))],
            ["Timezone", f"{code(regime.timezone)} (a bare date is local midnight)"],
            ["Deemed exports", _DEEMED[regime.deemed_export_rule]],
            ["Citation", citation_text(regime.citation)],
            [
                "Country groups from",
                code(regime.country_groups_from)
                if regime.country_groups_from
                else NONE,
            ],
            ["Notices", _count(len(regime.notices), "notice")],
            ["Rules", counts],
        ]
        yield from table(FIELDS, rows)
        yield ""

    def illustrative(self) -> Iterator[str]:
        said = illustrative_sentences(self.regime.description)
        marked = list(self.marked())
        if not said and not marked:
            return
        yield '!!! warning "Illustrative"'
        yield ""
        if said:
            yield "    The regime says what in it is illustrative, not real:"
            yield ""
            for sentence in said:
                yield f"    > {sentence}"
                yield "    >"
            yield ""
        if marked:
            yield f"    Marked {ILLUSTRATIVE} below: " + "; ".join(marked) + "."
            yield ""

    def marked(self) -> Iterator[str]:
        """The illustrative parts of the regime, by kind, in words."""
        regime = self.regime
        found = {
            "entities": [e.id for e in regime.entities if is_illustrative(e.name)],
            "items": [i.id for i in regime.items if is_illustrative(i.name)],
            "country groups": [
                g.id for g in regime.country_groups if is_illustrative_group(g)
            ],
            "entity lists": [
                g.id for g in regime.entity_lists if is_illustrative_group(g)
            ],
            "notices": [n.id for n in self.notices if _notice_ill(n)],
            "rules": [i for i, v in self.versions.items() if _rule_ill(v[-1][0])],
        }
        for kind, ids in found.items():
            if ids:
                yield f"{kind} {codes(ids)}"

    # ------------------------------------------------------------ changes

    def timeline(self) -> Iterator[str]:
        yield "## Timeline of changes"
        yield ""
        if not self.changes:
            yield "No rule changes."
            yield ""
            return
        yield (
            "Each rule's life: when it was in force and by which notice, awaiting "
            "its compliance date, suspended or not enforced. An arrow at the right "
            "means no end yet. The table below gives every change with its date."
        )
        yield ""
        # full width: mkdocs-material shrinks a figure to its content
        yield '<figure class="aicontrols-timeline-figure" style="width:100%">'
        yield timeline_svg(self.regime)
        yield "</figure>"
        yield ""
        rows = [
            [
                moment(c.at),
                code(c.rule_id),
                c.kind.value.replace("_", " "),
                code(c.notice.id) + (f" ({c.notice.title})" if c.notice.title else ""),
            ]
            for c in self.changes
        ]
        yield from table(["Date", "Rule", "Change", "Notice"], rows)
        yield ""

    # ------------------------------------------------------------ notices

    def notice_sections(self) -> Iterator[str]:
        yield "## Notices"
        yield ""
        yield "In order of publication."
        yield ""
        for notice in self.notices:
            mark = f" {ILLUSTRATIVE}" if _notice_ill(notice) else ""
            title = f": {notice.title}" if notice.title else ""
            yield f"### {code(notice.id)}{title}{mark}"
            yield ""
            rows = [
                ["Published", when(notice.published)],
                ["Effective", when(notice.effective)],
                [
                    "Compliance",
                    when(
                        notice.compliance, open_text="required from the effective date"
                    ),
                ],
                ["Citation", citation_text(notice.citation)],
            ]
            if notice.retroactive:
                rows.append(["Retroactive", "yes: effective before it was published"])
            if notice.corrects:
                rows.append(["Corrects", codes(notice.corrects)])
            if notice.id in self.corrected_by:
                fixes = codes(self.corrected_by[notice.id])
                rows.append(
                    [
                        "Corrected by",
                        f"{fixes}, which replaces it for queries that know of it",
                    ]
                )
            rows += [[act, text] for act, text in acts(notice)]
            yield from table(FIELDS, rows)
            yield ""

    # ------------------------------------------------------------ rules

    def rule_sections(self) -> Iterator[str]:
        yield "## Rules"
        yield ""
        if not self.versions:
            yield "No rules."
            yield ""
        for rule_id, versions in self.versions.items():
            kind = rule_kind(versions[0][0])
            mark = f" {ILLUSTRATIVE}" if any(_rule_ill(v[0]) for v in versions) else ""
            yield f"### {kind.capitalize()} {code(rule_id)}{mark}"
            yield ""
            for rule, notice, how in versions:
                if len(versions) > 1:
                    yield f"#### Version {how} by {code(notice.id)}"
                    yield ""
                yield from self.version(rule, notice, how)

    def version(self, rule: Rule, notice: Notice, how: str) -> Iterator[str]:
        if rule.description:
            yield " ".join(rule.description.split())
            yield ""
        cited = citation_text(rule.citation)
        if rule.citation is None:
            cited = citation_text(notice.citation) + " (the notice's citation)"
        rows = [
            [
                how.capitalize(),
                f"by {self.notice_ref(notice)}, effective {when(notice.effective)}",
            ]
        ]
        if isinstance(rule, Restriction):
            rows += restriction_rows(rule)
        elif isinstance(rule, Exemption):
            rows += [
                ["Lifts", codes(rule.lifts)],
                ["Conditions", codes(rule.conditions)],
            ]
        else:
            rows += [
                ["Authorizes", codes(rule.authorizes)],
                ["Expires", when(rule.expires, open_text="no expiry")],
                ["Conditions", codes(rule.conditions)],
            ]
        rows.append(["Citation", cited])
        yield from table(FIELDS, rows)
        yield ""
        yield "Selects:"
        yield ""
        yield from scope_bullets(rule.items, rule.modes, rule.recipients)
        yield ""
        if isinstance(rule, Restriction):
            for review in rule.conditional_reviews:
                policy = review.policy.value.replace("_", " ")
                conditions = (
                    f" with {codes(review.conditions)} attested"
                    if review.conditions
                    else ""
                )
                about = f" ({review.description})" if review.description else ""
                yield f"Review **{policy}**{conditions}{about}, for:"
                yield ""
                yield from scope_bullets(review.items, review.modes, review.recipients)
                yield ""
                if review.citation:
                    yield f"Cited: {citation_text(review.citation)}"
                    yield ""

    def notice_ref(self, notice: Notice) -> str:
        """A notice's id, saying which notices correct it (and so replace it)."""
        fixes = self.corrected_by.get(notice.id)
        return code(notice.id) + (f" (corrected by {codes(fixes)})" if fixes else "")

    def windows(self) -> Iterator[str]:
        rows = []
        for notice in self.notices:
            for s in notice.suspends:
                start = when(s.start or notice.effective)
                rows.append(
                    [
                        code(s.rule),
                        "suspended",
                        f"{start} to {when(s.end, open_text='further notice')}",
                        self.notice_ref(notice),
                        s.reason or NONE,
                    ]
                )
            for ne in notice.not_enforced:
                start = when(ne.start or notice.effective)
                limited = ""
                if ne.is_scoped:
                    parts = [
                        f"{what}: {scope.describe()}"
                        for what, scope in (
                            ("items", ne.items),
                            ("modes", ne.modes),
                            ("recipients", ne.recipients),
                        )
                        if not isinstance(scope, Everything)
                    ]
                    if ne.conditions:
                        parts.append(f"with {codes(ne.conditions)} attested")
                    limited = " (only for " + "; ".join(parts) + ")"
                rows.append(
                    [
                        code(ne.rule),
                        "not enforced",
                        f"{start} to {when(ne.end, open_text='further notice')}",
                        self.notice_ref(notice),
                        ne.statement + limited,
                    ]
                )
        if not rows:
            return
        yield "## Suspensions and non-enforcement"
        yield ""
        yield (
            "A suspended rule does not apply in its window `[from, to)`; a rule "
            "not enforced still binds, and decisions carry the statement as a caveat."
        )
        yield ""
        yield from table(
            ["Rule", "What", "Window", "Notice", "Reason or statement"], rows
        )
        yield ""


# ---------------------------------------------------------------- helpers


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _notice_ill(notice: Notice) -> bool:
    return is_illustrative(notice.title) or cites_illustrative(notice.citation)


def _rule_ill(rule: Rule) -> bool:
    return is_illustrative(rule.description) or cites_illustrative(rule.citation)
