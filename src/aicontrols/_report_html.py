"""A regime as one self-contained HTML page: `regime_html(regime)`.

The page is `regime_markdown(regime)` turned into HTML by a converter for the
few constructs that page is written in (headings, paragraphs, pipe tables,
nested bullets, admonitions with quotes, the timeline's raw `<figure>`, and
inline code, links, emphasis and the Illustrative mark), so both pages say
the same. Everything else is escaped, never passed through as markup. The
page has its CSS inline and no script, image, font or link to fetch: it
reads offline, at 1280 px and on a 390 px phone, where wide tables scroll
inside their own box and the page never scrolls sideways.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

from ._regime import Regime
from ._report import regime_markdown

__all__ = ["regime_html"]

_CSS = """\
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
  sans-serif; color: #212121; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 16px 3rem; }
h1 { font-size: 1.8rem; line-height: 1.2; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #e0e0e0; }
h1, h2, h3, h4, p, li, td, th { overflow-wrap: break-word; }
code { font: 0.9em/1.4 ui-monospace, "DejaVu Sans Mono", monospace;
  background: #f5f5f5; padding: 0 0.2em; border-radius: 3px; }
.table { overflow-x: auto; max-width: 100%; margin: 1rem 0; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { border: 1px solid #e0e0e0; padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; }
th { background: #fafafa; }
@media (max-width: 40rem) {
  /* a phone: each row a card, each cell under its column's name */
  table, tbody, tr, td { display: block; }
  thead { display: none; }
  tr { border: 1px solid #e0e0e0; margin-bottom: 0.5rem; }
  td { border: none; padding: 0.15rem 0.5rem; }
  td::before { content: attr(data-label) ": "; font-weight: 600; }
}
mark { background: #fff59d; padding: 0 0.2em; }
.admonition { border-left: 4px solid #ef6c00; background: #fff8e1;
  padding: 0.2rem 1rem; margin: 1rem 0; }
.admonition.note { border-color: #1976d2; background: #e3f2fd; }
.admonition-title { font-weight: 600; }
blockquote { margin: 0.5rem 0; padding-left: 1rem; border-left: 3px solid #bdbdbd; }
figure { margin: 1rem 0; }
a { color: #1565c0; }
"""


def regime_html(regime: Regime) -> str:
    """The regime as one self-contained HTML page (inline CSS, no script or
    external resource): the same content as `regime_markdown`, with the
    timeline picture as inline SVG.

    Examples:
        >>> import aicontrols
        >>> page = aicontrols.regime_html(aicontrols.examples.load("mythos5"))
        >>> page.startswith("<!DOCTYPE html>"), "<svg" in page, "<script" in page
        (True, True, False)
    """
    title = regime.name or regime.id
    page = regime_markdown(regime).replace(
        "`aicontrols.regime_markdown`", "`aicontrols.regime_html`", 1
    )
    body = "\n".join(_blocks(page.splitlines()))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>\n{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_ADMONITION = re.compile(r'^!!! (\w+) "(.*)"$')
_BULLET = re.compile(r"^((?:    )*)- (.*)$")
_ROW_SPLIT = re.compile(r"(?<!\\)\|")


def _blocks(lines: list[str]) -> Iterator[str]:
    """The HTML of the page's Markdown, block by block."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif heading := _HEADING.match(line):
            level = len(heading.group(1))
            yield f"<h{level}>{_inline(heading.group(2))}</h{level}>"
            i += 1
        elif line.startswith("<figure"):
            end = lines.index("</figure>", i)
            yield "\n".join(lines[i : end + 1])  # our own markup: the timeline
            i = end + 1
        elif admonition := _ADMONITION.match(line):
            body, i = _take(lines, i + 1, lambda s: s.startswith("    ") or not s)
            kind = _esc(admonition.group(1))
            inner = "\n".join(_blocks([s[4:] for s in body]))
            yield (
                f'<div class="admonition {kind}"><p class="admonition-title">'
                f"{_inline(admonition.group(2))}</p>\n{inner}\n</div>"
            )
        elif line.startswith("> ") or line == ">":
            body, i = _take(lines, i, lambda s: s.startswith(">"))
            text = " ".join(s.lstrip(">").strip() for s in body)
            yield f"<blockquote><p>{_inline(text)}</p></blockquote>"
        elif line.startswith("|"):
            rows, i = _take(lines, i, lambda s: s.startswith("|"))
            yield _table(rows)
        elif _BULLET.match(line):
            items, i = _take(lines, i, lambda s: bool(_BULLET.match(s)))
            yield _list(items)
        else:
            para, i = _take(lines, i, lambda s: bool(s.strip()) and not _special(s))
            yield f"<p>{_inline(' '.join(s.strip() for s in para))}</p>"


def _special(line: str) -> bool:
    return bool(
        _HEADING.match(line)
        or _ADMONITION.match(line)
        or _BULLET.match(line)
        or line.startswith(("|", "<figure", "> "))
    )


def _take(
    lines: list[str], i: int, keep: Callable[[str], bool]
) -> tuple[list[str], int]:
    """The lines from `i` for which `keep` holds (at least one), and where they end."""
    taken = [lines[i]]
    i += 1
    while i < len(lines) and keep(lines[i]):
        taken.append(lines[i])
        i += 1
    while taken and not taken[-1].strip():
        taken.pop()
    return taken, i


def _cells(row: str) -> list[str]:
    inner = row.strip()[1:-1] if row.strip().endswith("|") else row.strip()[1:]
    return [c.strip().replace("\\|", "|") for c in _ROW_SPLIT.split(inner)]


def _table(rows: list[str]) -> str:
    names = _cells(rows[0])
    head = "".join(f"<th>{_inline(c)}</th>" for c in names)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{_esc(name)}">{_inline(c)}</td>'
            for name, c in zip(names, _cells(row), strict=False)
        )
        + "</tr>"
        for row in rows[2:]
    )
    return (
        f'<div class="table"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _list(items: list[str]) -> str:
    """Nested bullets (four spaces a level) as nested `<ul>`s."""
    out: list[str] = []
    depth = -1
    for item in items:
        match = _BULLET.match(item)
        assert match is not None  # INVARIANT: `_blocks` took bullets only
        level = min(len(match.group(1)) // 4, depth + 1)
        if level > depth:
            out.append("<ul><li>")
        else:
            out.append("</li></ul>" * (depth - level) + "</li><li>")
        depth = level
        out.append(_inline(match.group(2)))
    out.append("</li></ul>" * (depth + 1))
    return "".join(out)


_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[([^\]]+)\]\(((?:https?://|\.{0,2}/)?[^)\s]+)\)")
_STRONG = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
_EM = re.compile(r"\*(\S(?:.*?\S)?)\*")
_MARK = html.escape("<mark>Illustrative</mark>")


def _inline(text: str) -> str:
    """Inline Markdown as HTML: code spans kept literal, the rest escaped first."""
    spans: list[str] = []

    def hold(match: re.Match[str]) -> str:
        spans.append(f"<code>{_esc(match.group(1))}</code>")
        return f"\x00{len(spans) - 1}\x00"

    out = _esc(_CODE.sub(hold, text.replace("\x00", "")))
    out = _LINK.sub(_link, out)
    out = _STRONG.sub(r"<strong>\1</strong>", out)
    out = _EM.sub(r"<em>\1</em>", out)
    out = out.replace(_MARK, "<mark>Illustrative</mark>")
    return _HELD.sub(lambda m: spans[int(m.group(1))], out)


_HELD = re.compile("\x00(\\d+)\x00")


def _link(match: re.Match[str]) -> str:
    # The URL is already escaped (quotes included); only web links are live.
    url = match.group(2)
    if not url.startswith(("https://", "http://")):
        return match.group(1)
    return f'<a href="{url}">{match.group(1)}</a>'


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
