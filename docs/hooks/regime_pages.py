"""MkDocs hook: a page per bundled regime, generated from its data at build time.

`mkdocs.yml` names this file under `hooks:` and holds one placeholder in its
nav, `- Bundled regimes: regimes/index.md`. The hook replaces it with a
section: an overview of every regime in `aicontrols.examples.names()`, then a
page per regime, its Markdown from `aicontrols.regime_markdown(regime)`. No
regime is named here, so a new bundled regime gets its page without an edit.
The pages exist only in the build (`File.generated`); nothing is written to
`docs/`.

The hook imports aicontrols from this checkout's `src/`, as mkdocstrings
reads it (`paths: [src]`), so the pages always show the regimes being built.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

SRC = Path(__file__).resolve().parents[2] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

import aicontrols  # noqa: E402  (after `src` is on the path)

SECTION = "Bundled regimes"
FOLDER = "regimes"
INDEX = f"{FOLDER}/index.md"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Expand the nav placeholder into the section, one entry per regime."""
    nav: list[Any] = config.nav or []
    for i, entry in enumerate(nav):
        if isinstance(entry, dict) and entry.get(SECTION) == INDEX:
            nav[i] = {
                SECTION: [
                    {"Overview": INDEX},
                    *(
                        {name: f"{FOLDER}/{name}.md"}
                        for name in aicontrols.examples.names()
                    ),
                ]
            }
            return config
    raise PluginError(
        f"regime_pages: mkdocs.yml nav needs the entry `{SECTION}: {INDEX}`"
    )


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the overview and a generated page per bundled regime."""
    names = aicontrols.examples.names()
    files.append(File.generated(config, INDEX, content=index_markdown(names)))
    for name in names:
        files.append(
            File.generated(config, f"{FOLDER}/{name}.md", content=regime_page(name))
        )
    return files


def regime_page(name: str) -> str:
    """The page of the bundled regime `name`: its report, with how to load it."""
    title, _, rest = aicontrols.regime_markdown(
        aicontrols.examples.load(name)
    ).partition("\n")
    load = (
        f'Load it with `aicontrols.examples.load("{name}")`, or name it `{name}` '
        "on the command line."
    )
    return f"{title}\n\n{load}\n{rest}"


def index_markdown(names: tuple[str, ...]) -> str:
    """The overview: each bundled regime with its id, name and description."""
    lines = [
        f"# {SECTION}",
        "",
        "aicontrols ships these regimes as cited regime files. Each page below is "
        "generated from the regime's data when the site is built "
        "(`aicontrols.regime_markdown`), so it shows exactly what the regime "
        "encodes: its notices, rules, dates, citations and a timeline of its "
        "changes. Facts the regime marks as illustrative are marked "
        "<mark>Illustrative</mark>. Not legal advice.",
        "",
        "| Example | Regime id | Name | Notices | Rules |",
        "|---|---|---|---|---|",
    ]
    regimes = {name: aicontrols.examples.load(name) for name in names}
    for name, regime in regimes.items():
        rules = {r.id for n in regime.notices for r in (*n.adds, *n.amends)}
        title = (regime.name or "–").replace("|", "\\|")
        lines.append(
            f"| [`{name}`]({name}.md) | `{regime.id}` | {title} "
            f"| {len(regime.notices)} | {len(rules)} |"
        )
    lines.append("")
    for name, regime in regimes.items():
        lines += [f"## [{regime.name or regime.id}]({name}.md)", ""]
        lines += [f"`{name}`, regime id `{regime.id}`.", ""]
        if regime.description:
            lines += [regime.description.strip(), ""]
    return "\n".join(lines)
