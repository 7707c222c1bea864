"""An atheris (libFuzzer) harness for the regime loader: bytes -> `loads_regime`.

Every input must load into a usable `Regime` (decided against, dumped and
loaded back equal) or raise a `RegimeFileError` whose problems are located,
one line each; anything else is a crash. The oracle is the one the hypothesis
fuzz tests use, `tests/test_fuzz.py`.

atheris is optional and not a dependency of the package (`pip install atheris`).
Build the seed corpus, then run from the repository's root:

    python fuzz/make_corpus.py
    python fuzz/fuzz_loader.py -max_total_time=600 -timeout=30 -rss_limit_mb=2048 fuzz/corpus/loader

A crash leaves its input as `crash-<sha1>` in the current folder: minimise it
with `-minimize_crash=1 -runs=10000 crash-<sha1>` and keep it under
`tests/regime_files/fuzz/`, where `tests/test_fuzz.py` loads it on every run.
The first byte chooses the route: odd, through a file and `load_regime`;
even, `loads_regime` on the bytes themselves (both decode them as UTF-8).
`fuzz/loader.dict` holds the format's keys and the boundary operators' tokens
(tags, surrogate escapes, huge numbers, deep brackets).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports(include=["aicontrols", "yaml"]):
    import aicontrols  # noqa: F401

from tests.test_fuzz import check_load, check_loads  # noqa: E402

SCRATCH = Path(tempfile.mkdtemp(prefix="aicontrols-fuzz-loader-"))


def test_one_input(data: bytes) -> None:
    if data[:1] and data[0] & 1:
        path = SCRATCH / "input.yaml"
        path.write_bytes(data[1:])
        check_load(path, memory=False)
    else:
        check_loads(data[1:], memory=False)


def main() -> None:
    os.environ.setdefault("NO_COLOR", "1")
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
