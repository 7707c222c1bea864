"""A regime as one page: `regime_markdown` (the docs build a page per bundled regime with it), `regime_html`, and their SVG timeline."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import xml.etree.ElementTree as ET

import attrs
import pytest
from hypothesis import given, settings

import aicontrols as ac
from aicontrols.testing.strategies import regimes

from .budget import PHASES, examples

NAMES = ac.examples.names()
MARK = "<mark>Illustrative</mark>"


def _page(name: str) -> str:
    return ac.regime_markdown(ac.examples.load(name))


def _versions(
    regime: ac.Regime,
) -> list[tuple[ac.Restriction | ac.Exemption | ac.License, ac.Notice]]:
    return [
        (rule, notice)
        for notice in regime.notices
        for rule in (*notice.adds, *notice.amends)
    ]


class TestEveryBundledRegime:
    @pytest.mark.parametrize("name", NAMES)
    def test_every_notice(self, name: str) -> None:
        """The page names every notice, with its dates."""
        regime, page = ac.examples.load(name), _page(name)
        missing = [n.id for n in regime.notices if f"### `{n.id}`" not in page]
        assert [] == missing

    @pytest.mark.parametrize("name", NAMES)
    def test_every_rule_and_its_citation(self, name: str) -> None:
        """The page names every rule and the source of its citation (its own, or its notice's)."""
        regime, page = ac.examples.load(name), _page(name)
        missing = [
            (rule.id, cited.source if cited else None)
            for rule, notice in _versions(regime)
            for cited in [rule.citation or notice.citation]
            if f"`{rule.id}`" not in page or cited is None or cited.source not in page
        ]
        assert [] == missing

    @pytest.mark.parametrize("name", NAMES)
    def test_illustrative_parties_and_items_are_marked(self, name: str) -> None:
        """Each entity or item whose name says "illustrative" has the Illustrative marker in its row."""
        regime, page = ac.examples.load(name), _page(name)
        named = [
            e.id
            for e in (*regime.entities, *regime.items)
            if e.name and "illustrative" in e.name.lower()
        ]
        unmarked = [i for i in named if f"| `{i}` {MARK} |" not in page]
        assert [] == unmarked

    @pytest.mark.parametrize("name", NAMES)
    def test_the_regime_says_what_is_illustrative(self, name: str) -> None:
        """The description's sentences about what is illustrative are quoted in the warning."""
        regime, page = ac.examples.load(name), _page(name)
        said = "illustrative" in (regime.description or "").lower()
        assert said == ('!!! warning "Illustrative"' in page)

    @pytest.mark.parametrize("name", NAMES)
    def test_one_title_first(self, name: str) -> None:
        """The page has one level-1 heading, its first line: the regime's name."""
        regime, page = ac.examples.load(name), _page(name)
        titles = [line for line in page.splitlines() if line.startswith("# ")]
        assert [f"# {regime.name or regime.id}"] == titles == page.splitlines()[:1]

    @pytest.mark.parametrize("name", NAMES)
    def test_timeline(self, name: str) -> None:
        """A regime whose rules change has an SVG timeline and a row per change."""
        regime, page = ac.examples.load(name), _page(name)
        changes = regime.changes()
        rows = [
            line
            for line in page.split("## Timeline of changes", 1)[1]
            .split("\n## ", 1)[0]
            .splitlines()
            if re.match(r"\| \d{4}-\d\d-\d\d", line)
        ]
        assert (bool(changes), len(changes)) == (
            '<figure class="aicontrols-timeline-figure" style="width:100%">\n<svg '
            in page,
            len(rows),
        )

    @pytest.mark.parametrize("name", NAMES)
    def test_same_page_twice(self, name: str) -> None:
        """The page is a function of the regime: the same text each time."""
        assert _page(name) == _page(name)


# Every kind of act, on an illustrative regime: nothing in it is real.
EVERYTHING = """\
id: demo
name: Every act (illustrative)
description: |
  Made up to use every act. The party `lab-x` is illustrative.
jurisdiction: US
timezone: America/New_York
modes:
- name: batch-inference
  transfers_weights: false
  compute: provider
country_groups:
- id: group-x
  members:
  - CN
  - country: KH
    end: 2026-02-09
    published: 2026-02-01
entity_lists:
- id: list-y
  caveat: a list whose effect is not modelled
  members: [listed-co]
catalog:
  entities:
  - {id: lab-x, name: Lab X (illustrative), country: US}
  - {id: listed-co, country: CN}
  - id: ana
    kind: individual
    citizenships: [{country: BR}]
    employments: [{employer: lab-x, start: 2025-01-01}]
  items:
  - {id: model-a, classifications: {ECCN: 4E091}, training_operations: 3.0e+26}
notices:
- id: n1
  title: Rule one | with a pipe
  published: 2026-01-10
  effective: 2026-01-15T00:01:00-05:00
  compliance: 2026-03-01
  citation: {source: 99 FR 1, url: "https://example.org/1", reported_by: A Firm}
  adds:
    restrictions:
    - id: r1
      review_policy: case_by_case
      items: {classified: {ECCN: 4E091}}
      recipients: {foreign_person: true}
      conditional_reviews:
      - policy: presumption_of_approval
        conditions: [certified]
        recipients: {destination: [DE]}
    - id: r2
      effect: prohibited
      recipients: {on_list: list-y}
      citation: {source: 99 FR 2}
    exemptions:
    - id: e1
      lifts: [r1]
      recipients: {employed_by: lab-x}
      conditions: [signed]
- id: n2
  published: 2026-04-01
  effective: 2026-04-01
  amends:
    restrictions:
    - id: r1
      review_policy: presumption_of_denial
      recipients: {foreign_person: true}
  adds:
    licenses:
    - id: lic-1
      authorizes: [r1]
      recipients: {entity: ana}
      expires: 2026-12-31
  suspends:
  - {rule: r2, end: 2026-06-01, reason: a pause}
- id: n2b
  published: 2026-04-02
  effective: 2026-04-02
  not_enforced:
  - rule: r1
    statement: not for now
    recipients: {kind: company}
    conditions: [ongoing]
- id: n2b-fix
  published: 2026-04-03
  effective: 2026-04-02
  retroactive: true
  corrects: [n2b]
  not_enforced:
  - {rule: r1, statement: not for now, end: 2026-09-01}
- id: n3
  published: 2026-11-01
  effective: 2027-01-01
  revokes: [r2]
- id: n4
  published: 2026-11-02
  effective: 2026-11-03T00:00:00Z
  revokes: [e1]
"""


@pytest.fixture(scope="module")
def demo() -> str:
    """The page of the every-act regime."""
    return ac.regime_markdown(ac.loads_regime(EVERYTHING, name="demo.yaml"))


class TestEveryAct:
    @pytest.mark.parametrize(
        "shown",
        [
            "#### Version added by `n1`",
            "#### Version amended by `n2`",
            "| Compliance | 2026-03-01 |",
            "| Effective | 2026-01-15T00:01-05:00 |",
            "| Effective | 2026-11-03T00:00+00:00 |",
            "| Retroactive | yes: effective before it was published |",
            "| Corrects | `n2b` |",
            "| Corrected by | `n2b-fix`, which replaces it for queries that know of it |",
            "| Revokes | `r2` |",
            "| Effect | prohibited |",
            "| Citation | 99 FR 2 |",
            "| Lifts | `r1` |",
            "| Conditions | `signed` |",
            "| Authorizes | `r1` |",
            "| Expires | 2026-12-31 |",
            "Review **presumption of approval** with `certified` attested, for:",
            "[99 FR 1](https://example.org/1); reported by A Firm",
            "| `r2` | suspended | 2026-04-01 to 2026-06-01 | `n2` | a pause |",
            "| `r1` | not enforced | 2026-04-02 to further notice | `n2b` (corrected by `n2b-fix`) "
            "| not for now (only for recipients: the recipient is a `company`; with `ongoing` attested) |",
            "| `r1` | not enforced | 2026-04-02 to 2026-09-01 | `n2b-fix` | not for now |",
            "| `KH` | always | 2026-02-09 | 2026-02-01 | all along | – |",
            "Countries for all time (1): `CN`.",
            '!!! note "Legal effect not modelled"',
            "| `lab-x` <mark>Illustrative</mark> | Lab X (illustrative) | company | US | – |",
            "| `ana` | – | individual | – | citizen of BR; employed by `lab-x` (2025-01-01 to still) |",
            "| `model-a` | – | – | ECCN `4E091` | 3e+26 | not published | – |",
            "| `batch-inference` | no | provider | – |",
            "    > The party `lab-x` is illustrative.",
        ],
    )
    def test_shows(self, demo: str, shown: str) -> None:
        """Every kind of act, rule field, member and catalog entry appears on the page."""
        assert shown in demo

    def test_pipes_in_a_cell_are_escaped(self, demo: str) -> None:
        """A pipe inside a cell is escaped, so it does not split the table."""
        assert "`n1` (Rule one \\| with a pipe)" in demo

    def test_notices_in_order_of_publication(self) -> None:
        """Notices are listed in order of publication, whatever the file's order."""
        regime = ac.loads_regime(EVERYTHING, name="demo.yaml")
        shuffled = attrs.evolve(regime, notices=reversed(regime.notices))
        page = ac.regime_markdown(shuffled)
        found = re.findall(r"^### `([^`]+)`", page.split("## Notices", 1)[1], re.M)
        assert ["n1", "n2", "n2b", "n2b-fix", "n3", "n4"] == found[:6]

    def test_chart_bars(self, demo: str) -> None:
        """The picture has a bar per version and state (compliance, suspension, statement), each saying its dates and cause."""
        svg = demo.split(
            '<figure class="aicontrols-timeline-figure" style="width:100%">\n', 1
        )[1]
        bars = re.findall(r"<rect [^>]*><title>([^<]*)</title>", svg.split("</svg>")[0])
        assert [
            "e1: exemption or license in force from 2026-01-15T00:01-05:00 to 2026-11-02T19:00-05:00 (added by n1)",
            "r1: in force, compliance not yet required from 2026-01-15T00:01-05:00 to 2026-03-01 (added by n1)",
            "r1: restriction in force from 2026-03-01 to 2026-04-01 (compliance required by n1)",
            "r1: restriction in force from 2026-04-01 to 2026-04-02 (amended by n2)",
            "r1: binds, but not enforced from 2026-04-02 to 2026-09-01 (not enforced by n2b-fix)",
            "r1: restriction in force from 2026-09-01 with no end yet (enforcement resumed by n2b-fix)",
            "r2: in force, compliance not yet required from 2026-01-15T00:01-05:00 to 2026-03-01 (added by n1)",
            "r2: restriction in force from 2026-03-01 to 2026-04-01 (compliance required by n1)",
            "r2: suspended: does not apply from 2026-04-01 to 2026-06-01 (suspended by n2)",
            "r2: restriction in force from 2026-06-01 to 2027-01-01 (suspension ended by n2)",
            "lic-1: exemption or license in force from 2026-04-01 to 2027-01-01 (added by n2)",
        ] == bars

    def test_no_rules(self) -> None:
        """A regime without notices says so and draws no chart."""
        empty = ac.Regime("empty", jurisdiction="US", timezone="America/New_York")
        page = ac.regime_markdown(empty)
        assert (
            "No rule changes." in page,
            "No rules." in page,
            "<svg" in page,
        ) == (
            True,
            True,
            False,
        )

    def test_group_data_gaps(self) -> None:
        """A group's first day of data and its unknown spans are shown."""
        group = ac.CountryGroup(
            "D:5",
            members=["CN"],
            data_from=dt.date(2020, 1, 1),
            unknown=[
                ac.Membership(
                    "AE",
                    start=dt.date(2026, 7, 1),
                    end=dt.date(2026, 8, 1),
                    citation=ac.Citation("91 FR 43034", note="date not found"),
                )
            ],
        )
        regime = ac.Regime(
            "g", jurisdiction="US", timezone="America/New_York", country_groups=[group]
        )
        page = ac.regime_markdown(regime)
        assert "The data starts on 2020-01-01" in page
        assert (
            "| `AE` | 2026-07-01 | 2026-08-01 | 91 FR 43034; note: date not found |"
            in page
        )


class TestAnyRegime:
    @settings(max_examples=examples(40), deadline=None, phases=PHASES)
    @given(regime=regimes())
    def test_every_notice_and_rule(self, regime: ac.Regime) -> None:
        """Any valid regime has a page naming each of its notices and rules."""
        page = ac.regime_markdown(regime)
        ids = [n.id for n in regime.notices] + [r.id for r, _ in _versions(regime)]
        assert [] == [i for i in ids if f"`{i}`" not in page]


SVG_NS = "{http://www.w3.org/2000/svg}"
# The narrowest column the picture is drawn in: a 390 px phone screen less
# mkdocs-material's 16 px margins on each side.
NARROWEST_PX = 358


def _svg(page: str) -> ET.Element:
    found = re.search(r"<svg .*?</svg>", page, re.S)
    assert found is not None
    return ET.fromstring(found.group(0))


def _html(name: str) -> str:
    return ac.regime_html(ac.examples.load(name))


class TestHtmlPage:
    @pytest.mark.parametrize("name", NAMES)
    def test_every_notice_and_rule_with_its_citation(self, name: str) -> None:
        """The HTML page names every notice and rule and the source each cites."""
        regime, page = ac.examples.load(name), _html(name)
        wanted = [n.id for n in regime.notices]
        wanted += [n.citation.source for n in regime.notices if n.citation]
        for rule, notice in _versions(regime):
            cited = rule.citation or notice.citation
            wanted += [rule.id] + ([cited.source] if cited else [])
        assert [] == [w for w in wanted if html.escape(w) not in page]

    @pytest.mark.parametrize("name", NAMES)
    def test_self_contained(self, name: str) -> None:
        """The page fetches nothing: no script, stylesheet link, image, frame or remote font."""
        page = _html(name).lower()
        found = [
            tag
            for tag in ("<script", "<link", "<img", "<iframe", "@import", "url(http")
            if tag in page
        ]
        assert ([], True) == (found, '<meta name="viewport"' in page)

    def test_markup_in_the_data_is_escaped(self) -> None:
        """Markup in a regime's text is shown as text, never run as HTML."""
        regime = ac.Regime(
            "x",
            name="<script>alert(1)</script>",
            description="a *note* with <b>tags</b>",
            jurisdiction="US",
            timezone="America/New_York",
        )
        page = ac.regime_html(regime)
        assert ("<script" in page, "&lt;script&gt;alert(1)" in page) == (False, True)
        assert "with &lt;b&gt;tags&lt;/b&gt;" in page

    def test_tables_links_and_marks(self, demo: str) -> None:
        """Tables, web links, emphasis and the Illustrative mark become their HTML."""
        page = ac.regime_html(ac.loads_regime(EVERYTHING, name="demo.yaml"))
        for shown in (
            '<td data-label="Field">Revokes</td><td data-label="Value"><code>r2</code></td>',
            '<a href="https://example.org/1">99 FR 1</a>',
            "<code>n1</code> (Rule one | with a pipe)",
            "<code>lab-x</code> <mark>Illustrative</mark>",
            "<strong>presumption of approval</strong>",
            '<div class="admonition warning"><p class="admonition-title">Illustrative</p>',
        ):
            assert shown in page


class TestTimelinePicture:
    @pytest.mark.parametrize("name", NAMES)
    def test_well_formed_with_a_text_alternative(self, name: str) -> None:
        """The picture is well-formed XML, an image labelled by its title and a description naming every rule."""
        regime = ac.examples.load(name)
        svg = _svg(_html(name))
        title, desc = svg.find(f"{SVG_NS}title"), svg.find(f"{SVG_NS}desc")
        assert title is not None
        assert desc is not None
        labels = svg.get("aria-labelledby", "").split()
        rules = {c.rule_id for c in regime.changes()}
        assert (["img"], [title.get("id"), desc.get("id")], []) == (
            [svg.get("role")],
            labels,
            [r for r in rules if f"{r}:" not in (desc.text or "")],
        )

    @pytest.mark.parametrize("name", NAMES)
    def test_text_readable_on_a_phone(self, name: str) -> None:
        """Every label is at least 11 px when the picture is drawn in a 390 px phone's column."""
        svg = _svg(_html(name))
        width = float(svg.get("viewBox", "").split()[2])
        base = float(svg.get("font-size", "0"))
        sizes = [float(t.get("font-size", base)) for t in svg.iter(f"{SVG_NS}text")]
        assert sizes
        assert [] == [s for s in sizes if s * NARROWEST_PX / width < 11]

    @pytest.mark.parametrize("name", NAMES)
    def test_dates_do_not_overlap(self, name: str) -> None:
        """The date ticks are at least two and their labels (0.62 em a character) never overlap."""
        svg = _svg(_html(name))
        base = float(svg.get("font-size", "0"))
        ticks = [
            (float(t.get("x", "0")), len(t.text or "") * base * 0.62)
            for t in svg.iter(f"{SVG_NS}text")
            if t.get("class") == "tick"
        ]
        overlaps = [
            (a, b)
            for a, b in itertools.pairwise(ticks)
            if b[0] - a[0] < (a[1] + b[1]) / 2
        ]
        assert (True, []) == (len(ticks) >= 2, overlaps)

    def test_colours_per_state(self, demo: str) -> None:
        """A restriction in force is red, an exemption or license in force green, a suspension grey."""
        svg = _svg(demo)
        fills = {
            (r.findtext(f"{SVG_NS}title") or "").split(" from ")[0]: r.get("fill")
            for r in svg.iter(f"{SVG_NS}rect")
            if r.find(f"{SVG_NS}title") is not None
        }
        assert {
            "e1: exemption or license in force": "#2e7d32",
            "r2: restriction in force": "#c62828",
            "r2: suspended: does not apply": "#9e9e9e",
        }.items() <= fills.items()
