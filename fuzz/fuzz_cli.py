"""An atheris (libFuzzer) harness for the command line: bytes -> argv -> `main`.

An input is the arguments, separated by NUL bytes, then two NUL bytes, then
the content of the files the arguments may name: `@regime` (a `.yaml` regime
file), `@recipient` (a recipient file), `@jsonl` and `@csv` (access logs),
`@missing` (no such file), `@out` (an output file) and `@dir` (a folder). The
command runs in a scratch folder; a `/` or `\\` in an argument is dropped, so
nothing is read or written outside it. Every run must exit 0, 1 or 2 without
a traceback, a user error on one line; the oracle is the one the hypothesis
fuzz tests use, `tests/test_fuzz.py`.

atheris is optional and not a dependency of the package (`pip install atheris`).
Build the seed corpus, then run from the repository's root:

    python fuzz/make_corpus.py
    python fuzz/fuzz_cli.py -max_total_time=600 -timeout=30 -dict=fuzz/cli.dict fuzz/corpus/cli
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
    import aicontrols.cli  # noqa: F401

from tests.test_fuzz import check_cli  # noqa: E402

SCRATCH = Path(tempfile.mkdtemp(prefix="aicontrols-fuzz-cli-"))
FILES = {
    "@regime": SCRATCH / "regime.yaml",
    "@recipient": SCRATCH / "recipient.yaml",
    "@jsonl": SCRATCH / "log.jsonl",
    "@csv": SCRATCH / "log.csv",
    "@missing": SCRATCH / "missing.yaml",
    "@out": SCRATCH / "out.csv",
    "@dir": SCRATCH / "no-such-dir" / "out.jsonl",
}


def argv_of(data: bytes) -> list[str]:
    """The arguments an input names, its files written."""
    head, _, content = data.partition(b"\x00\x00")
    for key in ("@regime", "@recipient", "@jsonl", "@csv"):
        FILES[key].write_bytes(content)
    argv = []
    for raw in head.split(b"\x00") if head else []:
        token = raw.decode("utf-8", "surrogateescape")
        if token in FILES:
            argv.append(str(FILES[token]))
        else:
            argv.append(token.replace("/", "").replace("\\", ""))
    return argv


def test_one_input(data: bytes) -> None:
    check_cli(argv_of(data), SCRATCH)


def main() -> None:
    os.environ["NO_COLOR"] = "1"
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
