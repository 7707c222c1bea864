"""What a reader sees, at a desktop and a phone width: the layout part of
``scripts/check_site.py``.

Every page of the built site is opened at 1280x800 and at 390x844, and fails
when:

* the page scrolls sideways (``document.documentElement.scrollWidth`` is
  more than ``innerWidth``);
* its text, outside inline code, shows raw markup: ``<BLANKLINE>``, ``&lt;``,
  ``&gt;``, ```` ``` ````, ``{{`` or ``{%``;
* a doctest example is shown as Python rather than as a console session
  (``pycon``), or a console session scrolls sideways instead of wrapping;
* it has no previous/next link at its foot (the home page: no next link);
* a chart (any ``<svg>`` with text in the page's content, Mermaid's included,
  whose shadow roots are opened for the check) has a label smaller than
  ``MIN_LABEL_PX`` as drawn (font size times the SVG's scale), date labels
  whose boxes overlap, or a label cut off by the chart's edge;
* an API reference page has a private (``_x``) or dunder (``__x__``) entry.

The home page's first copy button must copy the statements of its session
without prompts or output. The home page and the tutorial are kept as
screenshots of the first screen at each width: ``home-1280.png``,
``home-390.png``, ``tutorial-1280.png``, ``tutorial-390.png``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Protocol

WIDTHS = ((1280, 800), (390, 844))
MIN_LABEL_PX = 11.0
RAW_MARKUP = ("<BLANKLINE>", "&lt;", "&gt;", "```", "{{", "{%")
SCREENSHOTS = {"": "home", "tutorial/": "tutorial"}
API_PAGES = "reference/api"
MERMAID_PRE = re.compile(r"<pre\b[^>]*\bclass=\"[^\"]*\bmermaid\b")

# Run before the page's scripts: Material renders each Mermaid diagram into a
# closed shadow root, out of reach of the measurements; open it.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, Object.assign({}, init, { mode: "open" }));
};
"""

MEASURE = r"""
({ minPx, raw, api }) => {
  const found = { raw: [], charts: [], console: [], python: [], api: [] };
  found.scroll = [document.documentElement.scrollWidth, window.innerWidth];
  const article = document.querySelector("article") || document.body;
  // inline code may name markup (the changelog does); blocks may not show it
  const shown = article.cloneNode(true);
  shown.querySelectorAll(":not(pre) > code").forEach((c) => c.remove());
  const text = shown.textContent;
  found.raw = raw.filter((s) => text.includes(s));
  found.prev = !!document.querySelector(".md-footer__link--prev");
  found.next = !!document.querySelector(".md-footer__link--next");

  document.querySelectorAll(".language-pycon code").forEach((code, i) => {
    if (code.scrollWidth > code.clientWidth + 1) {
      found.console.push(`console block ${i + 1}: ${code.scrollWidth}px of text in ${code.clientWidth}px`);
    }
  });
  document.querySelectorAll(".language-python code").forEach((code, i) => {
    if (/^>>> /m.test(code.textContent)) found.python.push(`python block ${i + 1}`);
  });

  const roots = [document];
  document.querySelectorAll(".md-content div.mermaid").forEach((host) => {
    if (host.shadowRoot) roots.push(host.shadowRoot);
  });
  const DATE = /\b\d{4}-\d{2}(-\d{2})?\b|^\d{2}-\d{2}$/;  // a day, a month tick, "11-10"
  let n = 0;
  for (const root of roots) {
    const svgs = root === document ? root.querySelectorAll(".md-content svg") : root.querySelectorAll("svg");
    for (const svg of svgs) {
      if (svg.parentElement && svg.parentElement.closest("svg")) continue;
      const labels = [];
      const add = (el, scaleOf) => {
        const box = el.getBoundingClientRect();
        const label = el.textContent.trim();
        if (!label || box.width === 0 || box.height === 0) return;
        if (getComputedStyle(el).visibility === "hidden") return;
        const ctm = scaleOf.getScreenCTM();
        const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
        labels.push({ label, px: parseFloat(getComputedStyle(el).fontSize) * scale, box });
      };
      svg.querySelectorAll("text").forEach((t) => {
        if (!t.querySelector("tspan")) add(t, t);
      });
      svg.querySelectorAll("tspan").forEach((t) => add(t, t));
      svg.querySelectorAll("foreignObject").forEach((fo) => {
        fo.querySelectorAll("*").forEach((el) => {
          const own = [...el.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
          if (own) add(el, fo);
        });
      });
      if (!labels.length) continue;  // an icon
      n += 1;
      const frame = svg.getBoundingClientRect();
      const small = labels.filter((l) => l.px < minPx);
      const cut = labels.filter((l) => l.box.left < frame.left - 1 || l.box.right > frame.right + 1);
      const dates = labels.filter((l) => DATE.test(l.label));
      const overlaps = [];
      for (let i = 0; i < dates.length; i++) {
        for (let j = i + 1; j < dates.length; j++) {
          const a = dates[i].box, b = dates[j].box;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 1 && h > 1) overlaps.push(`${dates[i].label} / ${dates[j].label}`);
        }
      }
      found.charts.push({
        n,
        labels: labels.length,
        minPx: Math.min(...labels.map((l) => l.px)),
        width: Math.round(frame.width),
        small: small.slice(0, 3).map((l) => `${l.label} (${l.px.toFixed(1)}px)`),
        cut: cut.slice(0, 3).map((l) => l.label),
        overlaps: overlaps.slice(0, 3),
      });
    }
  }
  if (api) {
    document.querySelectorAll("[id^='aicontrols.']").forEach((h) => {
      if (/^H[1-6]$/.test(h.tagName) && h.id.split(".").pop().startsWith("_")) found.api.push(h.id);
    });
  }
  return found;
}
"""


class Checker(Protocol):
    browser: Any
    base: str
    site: Path
    shots: Path

    def ok(self, what: str) -> None: ...
    def fail(self, what: str) -> None: ...


def site_pages(site: Path) -> list[str]:
    """The URL path of every page of the built site (``""`` is the home page)."""
    return sorted(
        "" if page.parent == site else page.parent.relative_to(site).as_posix() + "/"
        for page in site.rglob("index.html")
    )


def check_layouts(checker: Checker) -> None:
    """Every page, at each width in ``WIDTHS``."""
    pages = site_pages(checker.site)
    for width, height in WIDTHS:
        context = checker.browser.new_context(
            viewport={"width": width, "height": height}, service_workers="block"
        )
        context.set_default_timeout(20_000)
        context.add_init_script(OPEN_SHADOW_ROOTS)
        context.route("**/*", functools.partial(_loopback_only, checker.base))
        page = context.new_page()
        charts = 0
        try:
            for path in pages:
                charts += check_one(checker, page, path, width, height)
            if width == WIDTHS[0][0]:
                check_copy(checker, context)
        finally:
            context.close()
        checker.ok(f"layout at {width}px: {len(pages)} pages, {charts} charts measured")


def _loopback_only(base: str, route: Any) -> None:
    """Requests to the site go through; any other host is refused."""
    if route.request.url.startswith((base, "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def check_one(checker: Checker, page: Any, path: str, width: int, height: int) -> int:
    """One page at one width; returns how many charts it has."""
    where = f"{path or '/'} at {width}px"
    page.goto(checker.base + path, wait_until="load")
    html = (checker.site / path / "index.html").read_text(encoding="utf-8")
    diagrams = len(MERMAID_PRE.findall(html))
    if diagrams:
        try:
            page.wait_for_function(
                "n => document.querySelectorAll('div.mermaid').length >= n",
                arg=diagrams,
            )
        except Exception:
            checker.fail(f"{where}: {diagrams} Mermaid diagram(s) did not render")
            return 0
    page.wait_for_timeout(150)  # fonts and layout settle
    found = page.evaluate(
        MEASURE,
        {
            "minPx": MIN_LABEL_PX,
            "raw": list(RAW_MARKUP),
            "api": path.startswith(API_PAGES),
        },
    )
    problems = []
    scroll, inner = found["scroll"]
    if scroll > inner:
        problems.append(f"scrolls sideways ({scroll}px wide in {inner}px)")
    if found["raw"]:
        problems.append(f"shows raw markup {found['raw']}")
    problems += [f"{c} scrolls sideways" for c in found["console"]]
    problems += [f"{p} is a doctest shown as Python" for p in found["python"]]
    if path and not found["prev"]:
        problems.append("no previous-page link at its foot")
    if not path and not found["next"]:
        problems.append("no next-page link at its foot")
    for chart in found["charts"]:
        name = f"chart {chart['n']}"
        if chart["small"]:
            problems.append(
                f"{name}: labels under {MIN_LABEL_PX:g}px: {chart['small']}"
            )
        if chart["overlaps"]:
            problems.append(f"{name}: date labels overlap: {chart['overlaps']}")
        if chart["cut"]:
            problems.append(f"{name}: labels cut off at its edge: {chart['cut']}")
    if found["api"]:
        problems.append(f"private or dunder entries: {found['api'][:5]}")
    if problems:
        checker.fail(f"{where}: " + "; ".join(problems))
    elif found["charts"]:
        sizes = ", ".join(
            f"{c['labels']} labels >= {c['minPx']:.1f}px in {c['width']}px"
            for c in found["charts"]
        )
        checker.ok(f"{where}: charts readable ({sizes})")
    if path in SCREENSHOTS:
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(checker.shots / f"{SCREENSHOTS[path]}-{width}.png"))
    return len(found["charts"])


def check_copy(checker: Checker, context: Any) -> None:
    """The home page's first console session copies its statements, no prompts or output."""
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(checker.base, wait_until="load")
    block = page.locator(".language-pycon").first
    try:
        block.scroll_into_view_if_needed()
        code = block.locator("code").inner_text()
        block.hover()
        # Material's copy button names the code it copies
        block.locator("button[data-clipboard-target]").click()
        page.wait_for_timeout(200)
        copied = page.evaluate("navigator.clipboard.readText()")
    except Exception as e:
        checker.fail(
            f"copy button: no console session with a copy button on the home page ({e})"
        )
        return
    finally:
        page.close()
    expected = "\n".join(
        line[4:] for line in code.splitlines() if line.startswith((">>> ", "... "))
    )
    if copied.strip() != expected.strip():
        checker.fail(f"copy button: copied {copied!r}, expected {expected!r}")
    else:
        checker.ok(
            f"copy button: the home page's session copies {len(expected.splitlines())} lines of code, no prompts or output"
        )
