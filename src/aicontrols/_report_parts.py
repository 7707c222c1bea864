"""The pieces of a regime's Markdown page: dates, citations, tables, scopes, marks.

`_report` assembles the page from these; each turns one part of the public
model into Markdown that mkdocs-material renders (pipe tables, nested lists,
admonitions). Nothing here reads a file or the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from zoneinfo import ZoneInfo

from ._citation import Citation
from ._groups import Membership
from ._notices import Notice
from ._rules import Exemption, License, Restriction, Rule
from ._scopes import AllOf, AnyOf, Everything, Not, Scope
from ._time import When

__all__ = [
    "FIELDS",
    "ILLUSTRATIVE",
    "KINDS",
    "NONE",
    "acts",
    "citation_text",
    "cites_illustrative",
    "code",
    "codes",
    "illustrative_sentences",
    "is_illustrative",
    "member_lines",
    "moment",
    "published_key",
    "restriction_rows",
    "rule_kind",
    "scope_bullets",
    "scope_lines",
    "table",
    "when",
]

ILLUSTRATIVE = "<mark>Illustrative</mark>"
"""The marker beside every illustrative party, item, list, notice or rule."""
FIELDS = ("Field", "Value")
"""The header of a two-column table of facts."""
NONE = "–"
"""A table cell with nothing to say."""

KINDS = ((Restriction, "restriction"), (Exemption, "exemption"), (License, "license"))
"""The kinds of rule, each with its word."""

_WORD = re.compile(r"\billustrative\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`(])")


def is_illustrative(*texts: str | None) -> bool:
    """Whether any of `texts` (a name, a description, a note) says "illustrative"."""
    return any(text is not None and _WORD.search(text) for text in texts)


def cites_illustrative(citation: Citation | None) -> bool:
    """Whether a citation's title or note says that what it cites is illustrative."""
    return citation is not None and is_illustrative(citation.title, citation.note)


def illustrative_sentences(description: str | None) -> list[str]:
    """The sentences of a regime's description that say what is illustrative."""
    if not description:
        return []
    found: list[str] = []
    for paragraph in re.split(r"\n\s*\n", description):
        flat = " ".join(paragraph.split())
        found += [s for s in _SENTENCE_END.split(flat) if is_illustrative(s)]
    return found


def code(value: str) -> str:
    """An id or code as inline code."""
    return f"`{value}`"


def codes(values: Iterable[str]) -> str:
    """Ids or codes as inline code, comma-separated (`–` for none)."""
    shown = [code(v) for v in values]
    return ", ".join(shown) if shown else NONE


def moment(value: dt.datetime) -> str:
    """An instant in the regime's zone: its date alone at local midnight, else
    to the minute (the second, if it has one) with its offset."""
    if value.time() == dt.time():
        return value.date().isoformat()
    return _instant(value)


def _instant(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def when(value: When | None, *, open_text: str = NONE) -> str:
    """A date or an instant as the regime gives it (an instant with its own
    offset, whatever its wall time); `open_text` for none."""
    if value is None:
        return open_text
    if isinstance(value, dt.datetime):
        return _instant(value)
    return value.isoformat()


def published_key(value: When, timezone: str) -> dt.datetime:
    """An aware instant to sort by: a bare date is local midnight in `timezone`."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(), tzinfo=ZoneInfo(timezone))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or NONE


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A pipe table, its cells on one line each with pipes escaped."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def citation_text(citation: Citation | None) -> str:
    """A citation on one line: source (linked), title, secondary sources, note."""
    if citation is None:
        return NONE
    text = citation.source
    if citation.url:
        text = f"[{text}]({citation.url})"
    if citation.title:
        text += f", *{citation.title}*"
    if citation.reported_by:
        text += "; reported by " + ", ".join(citation.reported_by)
    if citation.note:
        text += f"; note: {citation.note}"
    return text


def scope_lines(scope: Scope, everything: str, depth: int = 0) -> list[str]:
    """A scope as nested bullets: each leaf in its own words (`describe()`).

    `everything` is the words for a scope that selects everything ("any item").
    """
    pad = "    " * depth
    if isinstance(scope, Everything):
        return [f"{pad}- {everything}"]
    if isinstance(scope, AllOf | AnyOf):
        head = "all of:" if isinstance(scope, AllOf) else "any of:"
        lines = [f"{pad}- {head}"]
        for kid in scope.children():
            lines += scope_lines(kid, everything, depth + 1)
        return lines
    if isinstance(scope, Not) and scope.scope.children():
        return [f"{pad}- not:", *scope_lines(scope.scope, everything, depth + 1)]
    return [f"{pad}- {scope.describe()}"]


def member_lines(
    members: Sequence[Membership],
    what: str,
    *,
    illustrative: Collection[str] = frozenset(),
) -> list[str]:
    """A group's or list's members, compactly: the undated ones on one line,
    the dated ones (valid or knowledge time) in a table."""
    plain = [m for m in members if _undated(m)]
    dated = [m for m in members if not _undated(m)]
    lines: list[str] = []
    if plain:
        shown = ", ".join(
            code(m.member) + (f" {ILLUSTRATIVE}" if m.member in illustrative else "")
            for m in plain
        )
        lines += [f"{what.capitalize()} for all time ({len(plain)}): {shown}.", ""]
    if dated:
        lines += [f"Dated {what} ({len(dated)}), each over `[from, until)`:", ""]
        lines += table(
            ["Member", "From", "Until", "Known from", "End known from", "Citation"],
            (
                [
                    code(m.member)
                    + (f" {ILLUSTRATIVE}" if m.member in illustrative else ""),
                    when(m.start, open_text="always"),
                    when(m.end, open_text="still"),
                    when(m.published, open_text="all along"),
                    when(
                        m.end_published,
                        open_text=NONE if m.end is None else "all along",
                    ),
                    citation_text(m.citation),
                ]
                for m in dated
            ),
        )
        lines.append("")
    if not members:
        lines += [f"No {what}.", ""]
    return lines


def _undated(m: Membership) -> bool:
    return m.citation is None and all(
        when is None for when in (m.start, m.end, m.published, m.end_published)
    )


def acts(notice: Notice) -> Iterator[tuple[str, str]]:
    """What a notice does, one row per kind of act."""
    for act, rules in (("Adds", notice.adds), ("Amends", notice.amends)):
        for cls, word in KINDS:
            ids = [r.id for r in rules if isinstance(r, cls)]
            if ids:
                yield f"{act} {word}s", codes(ids)
    if notice.revokes:
        yield "Revokes", codes(notice.revokes)
    if notice.suspends:
        yield "Suspends", codes(s.rule for s in notice.suspends)
    if notice.not_enforced:
        yield "Not enforced", codes(n.rule for n in notice.not_enforced)


def restriction_rows(rule: Restriction) -> list[list[str]]:
    """A restriction's effect and review policy, as table rows."""
    if rule.treated_as_listed:
        return [
            [
                "Treated as listed",
                "yes: effect and review policy from the listed owners' own entries",
            ]
        ]
    policy = (
        rule.review_policy.value.replace("_", " ")
        if rule.review_policy
        else "not stated"
    )
    rows = [["Effect", rule.effect.value.replace("_", " ")], ["Review policy", policy]]
    if rule.conditional_reviews:
        rows.append(["Conditional reviews", f"{len(rule.conditional_reviews)}, below"])
    return rows


def scope_bullets(items: Scope, modes: Scope, recipients: Scope) -> Iterator[str]:
    """What a rule (or review, or statement) selects: items, modes and recipients."""
    for label, scope, everything in (
        ("Items", items, "any item"),
        ("Modes", modes, "any mode"),
        ("Recipients", recipients, "any recipient"),
    ):
        yield f"- **{label}:**"
        yield from scope_lines(scope, everything, depth=1)


def rule_kind(rule: Rule) -> str:
    """`restriction`, `exemption` or `license`."""
    return next(word for cls, word in KINDS if isinstance(rule, cls))
