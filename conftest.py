"""Run every Python example in the docs, the README and the source docstrings.

Sybil collects, in one pytest run:

- the fenced ```python blocks in `docs/**/*.md` and `README.md`: a block that
  starts with `>>>` is a doctest session whose shown output is checked; any
  other block is run as plain code. `<!-- skip: next -->` skips the next block
  and `<!-- invisible-code-block: python ... -->` runs code the page does not
  show;
- the `>>>` examples in the docstrings of `src/aicontrols/**/*.py`.

Doctests may use the `ELLIPSIS` and `NORMALIZE_WHITESPACE` option flags (both
are on). pytest runs with `-p no:doctest`, so Sybil is the only collector of
doctests. Every document gets a fresh namespace; blocks within one document
share it, in order.
"""

from __future__ import annotations

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

OPTIONS = ELLIPSIS | NORMALIZE_WHITESPACE

markdown = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=OPTIONS), SkipParser()],
    patterns=["docs/*.md", "docs/**/*.md"],
    filenames=["README.md"],
    name="markdown",
)

docstrings = Sybil(
    parsers=[DocTestParser(optionflags=OPTIONS)],
    path="src/aicontrols",
    patterns=["*.py"],
    name="docstrings",
)

pytest_collect_file = (markdown + docstrings).pytest()
