#!/usr/bin/env python3
"""Browser check of the docs site, in headless Chromium.

Builds the site with ``mkdocs build --strict`` (or takes ``--site DIR``),
serves it with :mod:`http.server` on 127.0.0.1 on a free port, and drives
Debian's Chromium (``/usr/bin/chromium``) through Playwright:

* each page in ``PAGES`` loads, its title and an expected element show;
* every page whose Markdown source has a ```` ```mermaid ```` block (found
  by scanning ``docs/``, added to ``PAGES`` automatically), and every page
  the build generates for a bundled regime (found in the built site), shows
  each of its diagrams rendered as an ``<svg>`` with a real size;
* each bundled regime's page, and its self-contained HTML page (from
  ``aicontrols.regime_html``), at 1280 and 390 px wide: shows every notice id
  and rule id with the source its citation names, draws its SVG timeline
  with every label at least 11 px and no two date ticks overlapping, and
  does not scroll sideways (``check_regime_pages``);
* typing ``SEARCH_QUERY`` into the search box lists at least one result;
* a screenshot of each page (and of each diagram) goes to ``--screenshots``;
* every page, at 1280 px and at 390 px wide, passes the layout checks of
  ``scripts/site_layout.py`` (no sideways scrolling, no raw markup, console
  sessions, previous/next links, chart labels of 11 px or more whose dates do
  not overlap, no private API entries), and the home page and the tutorial
  are kept as screenshots at both widths (``home-1280.png``, ...).

Material for MkDocs renders a diagram by replacing its ``pre.mermaid`` with
a ``div.mermaid`` whose *closed* shadow root holds the SVG, so no selector
from the page can see it: the check reads the DOM through the DevTools
protocol (``DOM.getDocument`` with ``pierce``), which can.

Only loopback is used: the browser's requests to any other host are aborted
and listed. Every step has a timeout, and the whole run has one.

Exit status: 0 when every check passes, 1 when one fails (a line for each),
2 when Chromium or Playwright is missing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import site_layout  # noqa: E402  (from this folder)


@dataclass(frozen=True)
class Page:
    """A page to check. ``source`` is its Markdown file under ``docs/``."""

    name: str
    source: str
    title: str = "aicontrols"  # the page title must contain this
    selector: str = "article h1"  # and this element must be visible
    mermaid: bool = False  # must show at least one rendered diagram


# The pages to check. Any other page whose source has a ```mermaid block is
# added with ``mermaid=True``; a page listed here with such a block is
# checked for its diagrams too, whatever ``mermaid`` says.
PAGES: list[Page] = [
    Page("home", "index.md", selector="article"),
    Page("tutorial", "tutorial.md", mermaid=True),  # the Gantt of a timeline
    Page("api", "reference/api/domain.md", selector='[id="aicontrols.Regime"]'),
]
# The pages the docs build generates, one per bundled regime (and an
# overview, checked like any listed page).
GENERATED = "regimes"
PAGES.append(Page("regimes", f"{GENERATED}/index.md", selector="article table"))
SEARCH_QUERY = "deemed export"
SEARCH_PAGE = "index.md"  # the page the search box is used on

CHROMIUM = "/usr/bin/chromium"
# As on this machine's known-good setup. Playwright adds --headless and a new
# --user-data-dir of its own (a fresh temporary profile for every launch).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
HIDE_HEADER = ".md-header, .md-tabs { visibility: hidden !important; }"
VIEWPORT = {"width": 1280, "height": 900}
STEP_TIMEOUT_S = 20  # any one navigation or wait
BUILD_TIMEOUT_S = 300  # mkdocs build
TOTAL_TIMEOUT_S = 720  # the browser part as a whole (every page at two widths, the regime pages' 16 views)

MERMAID_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*mermaid\b", re.MULTILINE)
MERMAID_PRE = re.compile(r"<pre\b[^>]*\bclass=\"[^\"]*\bmermaid\b")


def url_path(source: str) -> str:
    """The site path of a Markdown source, with directory URLs."""
    stem = source.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def mermaid_sources(docs: Path) -> list[str]:
    """Markdown files under ``docs`` that have a ```mermaid block."""
    return sorted(
        md.relative_to(docs).as_posix()
        for md in docs.rglob("*.md")
        if MERMAID_FENCE.search(md.read_text(encoding="utf-8"))
    )


def generated_sources(site: Path) -> list[str]:
    """The bundled regimes' pages, which the build generates (no file in ``docs/``).

    Each has the timeline of its rules as an inline SVG (no Mermaid), which
    ``check_regime_pages`` checks; the overview has none.
    """
    folder = site / GENERATED
    if not folder.is_dir():
        return []
    return sorted(
        f"{GENERATED}/{page.parent.name}.md" for page in folder.glob("*/index.html")
    )


def pages_to_check(docs: Path, site: Path) -> list[Page]:
    pages = list(PAGES)
    listed = {p.source for p in pages}
    for source in mermaid_sources(docs):
        if source not in listed:
            name = source.removesuffix(".md").replace("/", "-")
            pages.append(Page(name, source, mermaid=True))
    for source in generated_sources(site):
        name = source.removesuffix(".md").replace("/", "-")
        pages.append(Page(name, source))
    return pages


def build_site(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    print("building the site:", " ".join(cmd[2:]), flush=True)
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, timeout=BUILD_TIMEOUT_S)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def find_diagrams(node: dict[str, Any]) -> list[dict[str, Any]]:
    """``div.mermaid`` elements in a pierced DOM tree, each with its SVG."""
    found: list[dict[str, Any]] = []

    def attrs(n: dict[str, Any]) -> dict[str, str]:
        flat = n.get("attributes", [])
        return dict(zip(flat[::2], flat[1::2], strict=True))

    def first_svg(n: dict[str, Any]) -> dict[str, Any] | None:
        for child in n.get("children", []) + n.get("shadowRoots", []):
            if child.get("nodeName", "").lower() == "svg":
                return child
            svg = first_svg(child)
            if svg is not None:
                return svg
        return None

    def walk(n: dict[str, Any]) -> None:
        classes = attrs(n).get("class", "").split()
        if n.get("nodeName") == "DIV" and "mermaid" in classes:
            roots = n.get("shadowRoots", [])
            svg = first_svg(roots[0]) if roots else None
            found.append({"shadow": bool(roots), "svg": svg})
        for child in n.get("children", []) + n.get("shadowRoots", []):
            walk(child)
        if "contentDocument" in n:
            walk(n["contentDocument"])

    walk(node)
    return found


class Checker:
    def __init__(self, browser: Any, base: str, site: Path, shots: Path) -> None:
        self.browser = browser
        self.base = base
        self.site = site
        self.shots = shots
        self.failures: list[str] = []
        self.passes = 0
        self.blocked: set[str] = set()
        self.start = time.monotonic()

    def ok(self, what: str) -> None:
        self.passes += 1
        print(f"[{time.monotonic() - self.start:5.1f}s] PASS {what}", flush=True)

    def fail(self, what: str) -> None:
        self.failures.append(what)
        print(f"[{time.monotonic() - self.start:5.1f}s] FAIL {what}", flush=True)

    def new_page(self) -> tuple[Any, list[str]]:
        context = self.browser.new_context(viewport=VIEWPORT, service_workers="block")
        context.set_default_timeout(STEP_TIMEOUT_S * 1000)
        origin = urlsplit(self.base).netloc

        def route(r: Any) -> None:
            url = urlsplit(r.request.url)
            if url.scheme in ("data", "blob") or url.netloc == origin:
                r.continue_()
            else:
                self.blocked.add(f"{url.scheme}://{url.netloc}")
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page, errors

    def open(self, page: Any, spec: Page) -> bool:
        url = self.base + url_path(spec.source)
        try:
            response = page.goto(url, wait_until="load")
        except Exception as e:
            self.fail(f"{spec.name}: {url} did not load: {e}")
            return False
        if response is None or response.status != 200:
            status = None if response is None else response.status
            self.fail(f"{spec.name}: {url} answered {status}")
            return False
        return True

    def check_page(self, spec: Page) -> None:
        page, errors = self.new_page()
        try:
            if not self.open(page, spec):
                return
            title = page.title()
            if spec.title not in title:
                self.fail(f"{spec.name}: title {title!r} lacks {spec.title!r}")
                return
            try:
                page.locator(spec.selector).first.wait_for(state="visible")
            except Exception:
                self.fail(f"{spec.name}: no visible {spec.selector!r}")
                return
            self.ok(
                f"{spec.name}: {page.url} loads, title {title!r}, shows {spec.selector!r}"
            )
            self.check_mermaid(page, spec)
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(300)  # let layout settle
            page.screenshot(path=str(self.shots / f"{spec.name}.png"))
            page.screenshot(
                path=str(self.shots / f"{spec.name}-full.png"), full_page=True
            )
            if errors:
                self.fail(f"{spec.name}: script errors on the page: {errors}")
        finally:
            page.context.close()

    def check_mermaid(self, page: Any, spec: Page) -> None:
        html = self.site / url_path(spec.source) / "index.html"
        expected = len(MERMAID_PRE.findall(html.read_text(encoding="utf-8")))
        source = ROOT / "docs" / spec.source
        source_has = source.is_file() and bool(
            MERMAID_FENCE.search(source.read_text(encoding="utf-8"))
        )
        if expected == 0:
            if spec.mermaid or source_has:
                self.fail(
                    f"{spec.name}: expected a Mermaid diagram, the built page has none"
                )
            return
        try:
            page.wait_for_function(
                "n => document.querySelectorAll('div.mermaid').length >= n",
                arg=expected,
            )
        except Exception:
            rendered = page.evaluate("document.querySelectorAll('div.mermaid').length")
            why = ""
            if page.evaluate("typeof window.mermaid") == "undefined":
                why = (
                    "; Mermaid is not loaded: is javascripts/mermaid.min.js in "
                    "mkdocs.yml extra_javascript? (Material's fallback, a CDN, "
                    "is not reachable)"
                )
            self.fail(
                f"{spec.name}: {rendered} of {expected} Mermaid diagrams "
                f"rendered within {STEP_TIMEOUT_S}s{why}"
            )
            return
        cdp = page.context.new_cdp_session(page)
        tree = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})
        diagrams = find_diagrams(tree["root"])
        problems, kinds = [], []
        for i, d in enumerate(diagrams, 1):
            svg = d["svg"]
            if svg is None:
                problems.append(
                    f"diagram {i} has no <svg> (shadow root: {d['shadow']})"
                )
                continue
            flat = svg.get("attributes", [])
            kind = dict(zip(flat[::2], flat[1::2], strict=True)).get(
                "aria-roledescription", "?"
            )
            quad = cdp.send("DOM.getBoxModel", {"nodeId": svg["nodeId"]})["model"]
            if kind == "error":
                problems.append(f"diagram {i} is Mermaid's syntax-error picture")
            elif quad["width"] < 50 or quad["height"] < 20:
                problems.append(
                    f"diagram {i} ({kind}) is {quad['width']}x{quad['height']}px"
                )
            kinds.append(f"{kind} {quad['width']}x{quad['height']}px")
        cdp.detach()
        if len(diagrams) != expected:
            problems.append(
                f"{len(diagrams)} rendered diagrams, {expected} in the page"
            )
        if problems:
            self.fail(f"{spec.name}: " + "; ".join(problems))
            return
        self.ok(
            f"{spec.name}: {expected} Mermaid diagram(s) rendered as SVG: {', '.join(kinds)}"
        )
        for i, div in enumerate(page.locator("div.mermaid").all(), 1):
            div.scroll_into_view_if_needed()
            # The sticky header would cover the top of a tall diagram.
            div.screenshot(
                path=str(self.shots / f"{spec.name}-mermaid-{i}.png"), style=HIDE_HEADER
            )

    def check_search(self) -> None:
        spec = Page("search", SEARCH_PAGE)
        page, errors = self.new_page()
        try:
            if not self.open(page, spec):
                return
            box = page.locator("input[data-md-component=search-query]")
            box.click()
            box.press_sequentially(SEARCH_QUERY, delay=40)
            items = page.locator(".md-search-result__item")
            try:
                items.first.wait_for(state="visible")
            except Exception:
                meta = page.locator(".md-search-result__meta").inner_text()
                self.fail(
                    f"search: {SEARCH_QUERY!r} showed no result within {STEP_TIMEOUT_S}s ({meta!r})"
                )
                return
            meta = page.locator(".md-search-result__meta").inner_text()
            titles = [
                t.strip()
                for t in page.locator(
                    ".md-search-result__item > .md-search-result__link h1"
                ).all_inner_texts()
            ]
            self.ok(f"search: {SEARCH_QUERY!r} -> {meta!r}: {titles}")
            page.screenshot(path=str(self.shots / "search.png"))
            if errors:
                self.fail(f"search: script errors on the page: {errors}")
        finally:
            page.context.close()


# ---------------------------------------------------------------- regime pages
# The bundled regimes' pages (issue #20): kept apart from the checks above.

REGIME_WIDTHS = (1280, 390)
MIN_LABEL_PX = 11

# Measures, in the page: the timeline's labels (font size times the SVG's
# scale), pairs of date ticks whose boxes overlap, and sideways scrolling.
MEASURE_JS = """() => {
  const svg = document.querySelector('svg.aicontrols-timeline');
  const page = document.documentElement;
  const out = {sideways: page.scrollWidth - window.innerWidth, svg: null};
  if (!svg) return out;
  const scale = svg.getScreenCTM().a;
  const texts = [...svg.querySelectorAll('text')];
  const sizes = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const ticks = [...svg.querySelectorAll('text.tick')].map(t => t.getBoundingClientRect());
  const overlaps = [];
  for (let i = 1; i < ticks.length; i++)
    if (ticks[i].left < ticks[i - 1].right) overlaps.push(i);
  const box = svg.getBoundingClientRect();
  out.svg = {texts: texts.length, smallest: Math.min(...sizes), ticks: ticks.length,
             overlaps, width: box.width, height: box.height,
             title: !!svg.querySelector('title'), desc: !!svg.querySelector('desc')};
  return out;
}"""


def regime_expectations() -> dict[str, list[str]]:
    """Per bundled regime: its id and what its page must show (every notice id
    and rule id, and the source each one's citation names)."""
    sys.path.insert(0, str(ROOT / "src"))
    import aicontrols

    found = {}
    for name in aicontrols.examples.names():
        regime = aicontrols.examples.load(name)
        wanted = []
        for notice in regime.notices:
            wanted.append(notice.id)
            if notice.citation:
                wanted.append(notice.citation.source)
            for rule in (*notice.adds, *notice.amends):
                cited = rule.citation or notice.citation
                wanted += [rule.id] + ([cited.source] if cited else [])
        found[name] = list(dict.fromkeys(wanted))
    return found


def check_regime_view(
    checker: Checker, page: Any, what: str, wanted: list[str], width: int
) -> None:
    """One regime page, loaded at `width`: its text, its timeline, no sideways scroll."""
    # the page's own text, not its navigation: the docs' article, or the
    # standalone page's main
    text = page.evaluate(
        "(document.querySelector('article') || document.querySelector('main')"
        " || document.body).innerText"
    )
    # inner_text renders a cell's line breaks; compare with whitespace folded
    flat = " ".join(text.split())
    missing = [w for w in wanted if " ".join(w.split()) not in flat]
    m = page.evaluate(MEASURE_JS)
    problems = []
    if missing:
        problems.append(f"does not show {missing}")
    if m["sideways"] > 0:
        problems.append(f"scrolls sideways by {m['sideways']}px")
    svg = m["svg"]
    if svg is None:
        problems.append("has no svg.aicontrols-timeline")
    else:
        if svg["width"] < 50 or svg["height"] < 20 or not svg["texts"]:
            problems.append(f"timeline drawn {svg['width']}x{svg['height']}px")
        if svg["smallest"] < MIN_LABEL_PX:
            problems.append(f"timeline label {svg['smallest']:.1f}px < {MIN_LABEL_PX}")
        if svg["overlaps"] or svg["ticks"] < 2:
            problems.append(
                f"date ticks: {svg['ticks']}, overlapping {svg['overlaps']}"
            )
        if not (svg["title"] and svg["desc"]):
            problems.append("timeline without <title> and <desc>")
    if problems:
        checker.fail(f"{what} at {width}px: " + "; ".join(problems))
        return
    checker.ok(
        f"{what} at {width}px: {len(wanted)} ids and citations shown, timeline "
        f"{svg['width']:.0f}px wide, smallest label {svg['smallest']:.1f}px, "
        f"{svg['ticks']} date ticks apart, no sideways scroll"
    )


def check_regime_pages(checker: Checker) -> None:
    """Each bundled regime's docs page, and its standalone HTML, at both widths."""
    expected = regime_expectations()  # puts this checkout's src/ on the path
    import aicontrols

    for name, wanted in expected.items():
        standalone = aicontrols.regime_html(aicontrols.examples.load(name))
        for width in REGIME_WIDTHS:
            for where in ("site", "html"):
                page, errors = checker.new_page()
                try:
                    page.set_viewport_size({"width": width, "height": 900})
                    what = f"regime {name} ({where})"
                    if where == "site":
                        spec = Page(what, f"{GENERATED}/{name}.md")
                        if not checker.open(page, spec):
                            continue
                    else:
                        # offline: the page must need nothing from anywhere
                        page.set_content(standalone, wait_until="load")
                    check_regime_view(checker, page, what, wanted, width)
                    shot = f"regime-{name}-{where}-{width}.png"
                    page.screenshot(path=str(checker.shots / shot), full_page=True)
                    if errors:
                        checker.fail(f"{what}: script errors on the page: {errors}")
                finally:
                    page.context.close()


def on_timeout(signum: int, frame: types.FrameType | None) -> None:
    print(f"FAIL the browser check took over {TOTAL_TIMEOUT_S}s; stopped", flush=True)
    os._exit(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--site",
        type=Path,
        help="a built site (default: build one to a temporary directory)",
    )
    parser.add_argument(
        "--screenshots",
        type=Path,
        default=Path("site-screenshots"),
        help="where the screenshots go (default: %(default)s)",
    )
    parser.add_argument(
        "--chromium",
        default=CHROMIUM,
        help="the Chromium binary (default: %(default)s)",
    )
    args = parser.parse_args(argv)

    chromium = shutil.which(args.chromium)
    if chromium is None:
        print(
            f"check_site: Chromium not found at {args.chromium}; on Debian: apt-get install -y chromium",
            file=sys.stderr,
        )
        return 2
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print(
            "check_site: the Python package playwright is missing: pip install -e '.[dev]'",
            file=sys.stderr,
        )
        return 2

    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="aicontrols-site-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp)
            try:
                build_site(site)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
                print(f"check_site: FAIL the site does not build: {e}", file=sys.stderr)
                return 1
        site = site.resolve()
        if not (site / "index.html").is_file():
            print(f"check_site: no index.html in {site}", file=sys.stderr)
            return 1
        shots = args.screenshots.resolve()
        shots.mkdir(parents=True, exist_ok=True)
        for old in shots.glob("*.png"):
            old.unlink()

        server = serve(site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"serving {site} at {base}; browser: {chromium}", flush=True)
        signal.signal(signal.SIGALRM, on_timeout)
        signal.alarm(TOTAL_TIMEOUT_S)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=chromium,
                    headless=True,
                    args=CHROMIUM_ARGS,
                    timeout=STEP_TIMEOUT_S * 1000,
                )
                checker = Checker(browser, base, site, shots)
                for spec in pages_to_check(ROOT / "docs", site):
                    checker.check_page(spec)
                checker.check_search()
                check_regime_pages(checker)
                site_layout.check_layouts(checker)
                browser.close()
        finally:
            signal.alarm(0)
            server.shutdown()
            server.server_close()

    if checker.blocked:
        print(
            f"note: blocked requests to other hosts: {', '.join(sorted(checker.blocked))}"
        )
    print(f"screenshots: {shots}")
    took = time.monotonic() - start
    if checker.failures:
        print(
            f"check_site: {len(checker.failures)} of {checker.passes + len(checker.failures)} checks FAILED ({took:.1f}s):"
        )
        for f in checker.failures:
            print(f"  - {f}")
        return 1
    print(f"check_site: all {checker.passes} checks pass ({took:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
