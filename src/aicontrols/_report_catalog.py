"""The group and catalog sections of a regime's page.

Country groups and entity lists with their dated members (compactly: the
undated members on one line, the dated ones in a table) and the data gaps a
group declares; the catalog's entities, items and deployment modes, each
illustrative one marked.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._entities import Entity
from ._groups import CountryGroup, EntityList
from ._regime import Regime
from ._report_parts import (
    ILLUSTRATIVE,
    NONE,
    citation_text,
    cites_illustrative,
    code,
    codes,
    is_illustrative,
    member_lines,
    table,
    when,
)
from ._time import When

__all__ = ["catalog_sections", "group_sections", "is_illustrative_group"]


def group_sections(regime: Regime) -> Iterator[str]:
    """The regime's country groups and entity lists, with their members."""
    catalog_ill = {e.id for e in regime.entities if is_illustrative(e.name)}
    for title, groups, what in (
        ("Country groups", regime.all_country_groups, "countries"),
        ("Entity lists", regime.entity_lists, "parties"),
    ):
        if not groups:
            continue
        yield f"## {title}"
        yield ""
        for group in groups:
            mark = f" {ILLUSTRATIVE}" if is_illustrative_group(group) else ""
            name = f": {group.name}" if group.name else ""
            yield f"### {code(group.id)}{name}{mark}"
            yield ""
            yield f"Cited: {citation_text(group.citation)}"
            yield ""
            if isinstance(group, EntityList) and group.caveat:
                yield '!!! note "Legal effect not modelled"'
                yield ""
                yield f"    {group.caveat}"
                yield ""
            if isinstance(group, CountryGroup):
                yield from _gaps(group)
            yield from member_lines(group.members, what, illustrative=catalog_ill)


def catalog_sections(regime: Regime) -> Iterator[str]:
    """The regime's catalog: entities, items and declared deployment modes."""
    if not (regime.entities or regime.items or regime.modes):
        return
    yield "## Catalog"
    yield ""
    if regime.entities:
        yield "### Entities"
        yield ""
        yield from table(
            ["Id", "Name", "Kind", "Country", "Facts"],
            (
                [
                    code(e.id)
                    + (f" {ILLUSTRATIVE}" if is_illustrative(e.name) else ""),
                    e.name or NONE,
                    e.kind.value.replace("_", " "),
                    e.country or NONE,
                    _entity_facts(e),
                ]
                for e in regime.entities
            ),
        )
        yield ""
    if regime.items:
        yield "### Items"
        yield ""
        yield from table(
            [
                "Id",
                "Name",
                "Developer",
                "Classifications",
                "Training operations",
                "Weights",
                "Parameters",
            ],
            (
                [
                    code(i.id)
                    + (f" {ILLUSTRATIVE}" if is_illustrative(i.name) else ""),
                    i.name or NONE,
                    code(i.developer) if i.developer else NONE,
                    ", ".join(
                        f"{s} {code(c)}" for s, c in sorted(i.classifications.items())
                    )
                    or NONE,
                    f"{i.training_operations:.3g}"
                    if i.training_operations is not None
                    else NONE,
                    "published" if i.weights_published else "not published",
                    ", ".join(f"{k} {v:g}" for k, v in sorted(i.parameters.items()))
                    or NONE,
                ]
                for i in regime.items
            ),
        )
        yield ""
    if regime.modes:
        yield "### Deployment modes"
        yield ""
        yield from table(
            ["Name", "Transfers the weights", "Model runs at", "Description"],
            (
                [
                    code(m.name),
                    "yes" if m.transfers_weights else "no",
                    m.compute.value.replace("_", " "),
                    m.description or NONE,
                ]
                for m in regime.modes
            ),
        )
        yield ""


def is_illustrative_group(group: CountryGroup | EntityList) -> bool:
    return is_illustrative(group.name) or cites_illustrative(group.citation)


def _gaps(group: CountryGroup) -> Iterator[str]:
    if group.data_from is not None:
        yield (
            f"The data starts on {when(group.data_from)}: before it, a membership "
            "not dated before then is unknown (`UNDETERMINED`)."
        )
        yield ""
    if group.unknown:
        yield "Spans in which a country's membership is unknown:"
        yield ""
        yield from table(
            ["Country", "From", "Until", "Why"],
            (
                [
                    code(m.member),
                    when(m.start, open_text="always"),
                    when(m.end, open_text="still"),
                    citation_text(m.citation),
                ]
                for m in group.unknown
            ),
        )
        yield ""


def _entity_facts(entity: Entity) -> str:
    facts: list[str] = []
    if entity.headquarters:
        facts.append(f"headquarters {entity.headquarters}")
    facts += [
        f"citizen of {c.country}{_span(c.start, c.end)}" for c in entity.citizenships
    ]
    facts += [
        f"permanent resident of {r.country}{_span(r.start, r.end)}"
        for r in entity.residencies
    ]
    facts += [
        f"employed by {code(e.employer)}{_span(e.start, e.end)}"
        for e in entity.employments
    ]
    for o in entity.owners:
        share = f" {o.share:.0%}" if o.share is not None else " (share unknown)"
        facts.append(f"owned{share} by {code(o.owner)}{_span(o.start, o.end)}")
    if entity.same_as:
        facts.append(f"same as {codes(entity.same_as)}")
    if entity.aliases:
        facts.append("also known as " + ", ".join(entity.aliases))
    return "; ".join(facts) or NONE


def _span(start: When | None, end: When | None) -> str:
    if start is None and end is None:
        return ""
    return f" ({when(start, open_text='always')} to {when(end, open_text='still')})"
