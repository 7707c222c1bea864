"""Fuzzing the regime loader, the command line and the query API (issue #8).

Whatever a regime file holds, loading it either gives a `Regime` that can be
used (decided against, dumped and loaded back to an equal regime) or raises a
`RegimeFileError` whose every problem is located, `file:line:col: path:
message`, one line each; never another exception, never a hang, never
unbounded memory. Whatever the command line is given, it exits 0, 1 or 2
without a traceback, and a user error is one line on standard error. A query
with any value for its dates is a `Decision` or a `QueryError`.

The oracles (`check_loads`, `check_load`, `check_cli`) are plain functions so
that the atheris harnesses in `fuzz/` share them; the operators that make the
fuzzed regime files are in `tests/fuzz_operators.py`, shared with the
acceptance campaign, `fuzz/campaign.py`. Files that once broke an
oracle live in `tests/regime_files/fuzz/`; see `docs/contributing/fuzzing.md`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
import time
import tracemalloc
import zoneinfo
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aicontrols as ac
from aicontrols.cli import main
from aicontrols.files._yaml import _VISIBLE as VISIBLE

from .budget import PHASES, examples
from .fuzz_operators import (
    BOUNDARY,
    CAMPAIGN_SEED,
    EXAMPLE_NAMES,
    EXAMPLE_TEXTS,
    FORMATS,
    OPERATORS,
    ROOT,
    SCHEMA_KEYS,
    WORDS,
    T,
    campaign_file,
    dump,
    example_data,
    mangle_lines,
    mutate_values,
    source_text,
)

REGRESSIONS = ROOT / "tests" / "regime_files" / "fuzz"

# Regression files that still break an oracle: each waits for a fix in src/,
# and is expected to fail until then (xfail is strict: a fixed one must leave
# this set).
KNOWN_FAILURES: dict[str, str] = {}

# The same for the command lines in tests/regime_files/fuzz/cli/.
KNOWN_CLI_FAILURES: dict[str, str] = {}


def known_bug(problem: Any) -> str | None:
    """Why a problem breaks the oracle in a way already reported, else None.

    The generated tests tolerate these, so that they keep looking for new
    failures; the files in tests/regime_files/fuzz/ check them strictly. Remove
    an entry here (and in KNOWN_FAILURES) once src/ fixes it.
    """
    return None


# A single load (or command) slower than this is a hang. Coverage and tracemalloc
# together slow a load down about thirtyfold: the slowest legitimate input
# known, an alias bomb (refused after 200,000 expanded values), takes 0.6 s
# alone, 3 s traced and up to 20 s traced under coverage on a busy machine.
HANG_SECONDS = 60.0
# The peak memory a single load may allocate (traced by tracemalloc); the alias
# bomb, refused after 200,000 expanded values, peaks at about 45 MB. Tracing
# triples a load's time, so the tests of well-formed generated documents (no
# anchors, no aliases, small) skip it; the mangled and random inputs keep it.
MEMORY_BYTES = 100 * 1024 * 1024

LOCATED = re.compile(r"^(?P<file>.*):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): \S")
ERROR_LINE = re.compile(r"^aicontrols(?: [a-z]+)?: error: \S")
# what PyYAML counts as a line break
BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


# --------------------------------------------------------------------------
# The oracles


@contextlib.contextmanager
def bounded(what: str, *, memory: bool = True) -> Any:
    """Fail if the block takes longer than HANG_SECONDS or peaks above MEMORY_BYTES."""
    tracing = memory and not tracemalloc.is_tracing()
    if tracing:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] if tracing else 0
        if tracing:
            tracemalloc.stop()
    assert elapsed < HANG_SECONDS, f"{what} took {elapsed:.1f} s"
    assert peak < MEMORY_BYTES, f"{what} peaked at {peak / 2**20:.0f} MiB"


def check_file_error(
    error: ac.RegimeFileError, name: str, text: str | None, *, tolerate: bool = True
) -> None:
    """Every problem is located in `name`, and `str(error)` is one line per problem."""
    assert error.problems, "a RegimeFileError without problems"
    if tolerate and any(known_bug(p) for p in error.problems):
        return
    repeated = [p for i, p in enumerate(error.problems) if p in error.problems[:i]]
    assert not repeated, f"problems reported more than once: {repeated}"
    lines = str(error).split("\n")
    assert len(lines) == len(error.problems), (
        f"{len(error.problems)} problems printed on {len(lines)} lines: {str(error)!r}"
    )
    last = len(BREAKS.findall(text)) + 1 if text is not None else None
    for problem, line in zip(error.problems, lines, strict=True):
        assert problem.file == name, problem
        assert isinstance(problem.line, int), problem
        assert isinstance(problem.column, int), problem
        assert problem.line >= 1, problem
        assert problem.column >= 1, problem
        if last is not None:
            assert problem.line <= last, f"{problem} is past the last line, {last}"
        assert isinstance(problem.message, str), problem
        assert problem.message.strip(), problem
        assert isinstance(problem.path, str), problem
        # control characters quoted from the file are shown escaped
        prefix = f"{name}:{problem.line}:{problem.column}: ".translate(VISIBLE)
        assert line.startswith(prefix), line
        if problem.path:
            shown = problem.path.translate(VISIBLE)
            assert line[len(prefix) :].startswith(f"{shown}: "), line
        assert not CONTROL.search(line.replace("\u2028", "").replace("\u2029", "")), (
            line
        )
        assert LOCATED.match(line) or not name, line


def check_regime(regime: ac.Regime) -> None:
    """A regime that loads can be used: decided against, dumped and loaded back."""
    assert isinstance(regime, ac.Regime)
    for format in ("yaml", "json"):
        text = ac.dump_regime(regime, format=format)
        try:
            again = ac.loads_regime(text, name=f"<dumped {format}>")
        except ac.RegimeFileError as error:  # pragma: no cover - a finding
            raise AssertionError(
                f"the dumped {format} does not load back:\n{error}\n{text}"
            ) from None
        assert again == regime, f"the {format} round trip changed the regime"
    person = ac.Entity(
        "fuzz-person", kind="individual", citizenships=[ac.Citizenship("CN")]
    )
    item: ac.ControlledItem | str = (
        regime.items[0].id if regime.items else ac.ControlledItem("fuzz-item")
    )
    recipients: list[ac.Entity | str] = [person]
    if regime.entities:
        recipients.append(regime.entities[0].id)
    for recipient in recipients:
        access = ac.Access(recipient, item, "hosted-api", location="CN")
        assert isinstance(regime.decide(access, on="2026-06-15"), ac.Decision)
    at = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)
    assert isinstance(regime.decide(access, at=at), ac.Decision)
    assert isinstance(regime.history(access), ac.Timeline)
    regime.changes()
    ac.lint(regime)


def check_loads(
    text: str | bytes, name: str = "fuzz.yaml", *, memory: bool = True
) -> str:
    """`loads_regime(text)` has an allowed outcome; returns `"regime"` or `"error"`."""
    with bounded(f"loads_regime({name})", memory=memory):
        try:
            regime = ac.loads_regime(text, name=name)
        except ac.RegimeFileError as error:
            outcome: ac.Regime | ac.RegimeFileError = error
        else:
            outcome = regime
    if isinstance(outcome, ac.RegimeFileError):
        shown = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        check_file_error(outcome, name, shown)
        return "error"
    check_regime(outcome)
    return "regime"


def check_load(path: Path, *, memory: bool = True, tolerate: bool = True) -> str:
    """`load_regime(path)` has an allowed outcome; returns `"regime"` or `"error"`."""
    name = str(path)
    with bounded(f"load_regime({name})", memory=memory):
        try:
            regime = ac.load_regime(path)
        except ac.RegimeFileError as error:
            outcome: ac.Regime | ac.RegimeFileError = error
        else:
            outcome = regime
    if isinstance(outcome, ac.RegimeFileError):
        try:
            text: str | None = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        check_file_error(outcome, name, text, tolerate=tolerate)
        return "error"
    check_regime(outcome)
    return "regime"


def check_cli(argv: Sequence[str], workdir: Path, *, tolerate: bool = True) -> int:
    """`main(argv)`, run in `workdir`, has an allowed outcome; returns its status.

    Standard output is strict UTF-8, as a real one is; standard error replaces
    what it cannot encode, as Python's does.
    """
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace")
    with (
        bounded(f"main({list(argv)!r})", memory=False),
        contextlib.chdir(workdir),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            status = main(list(argv))
        except SystemExit as exit_:  # argparse: usage errors, --help, --version
            status = exit_.code  # type: ignore[assignment]
        except (OSError, csv.Error) as error:
            if not (tolerate and known_cli_bug(error)):
                raise
            return 2
        out.flush()
        err.flush()
    stdout = out_bytes.getvalue().decode("utf-8")
    stderr = err_bytes.getvalue().decode("utf-8")
    assert status in (0, 1, 2), f"exit status {status!r}"
    assert "Traceback" not in stderr, stderr
    # split on newlines only: a form feed in a file name is not a new line
    lines = stderr.removesuffix("\n").split("\n") if stderr else []
    if any(known_bug(_Said(line)) for line in lines):
        return status
    # a value with a line break in it may be quoted back with that break
    breaks = any("\n" in a or "\r" in a for a in argv)
    if status == 2 and lines and not stderr.startswith("usage:"):
        # a user error: one line naming the command, or located file problems
        if ERROR_LINE.match(lines[0]):
            assert breaks or len(lines) == 1, (
                f"an error on {len(lines)} lines: {stderr!r}"
            )
        else:
            # (a regime's key with a line break breaks its problem's line:
            # KNOWN_FAILURES["key-with-line-break.yaml"])
            located = lines[:1] if tolerate else lines
            assert breaks or all(LOCATED.match(line) for line in located), stderr
    if stderr.startswith("usage:"):  # argparse: the usage, then its error line
        assert status == 2, stderr
        assert any(ERROR_LINE.match(line) for line in lines), stderr
    command = next((a for a in argv if not a.startswith("-")), None)
    wants_json = "--json" in argv or (
        command == "history" and "--format" in argv and "json" in argv
    )
    if (
        status in (0, 1)
        and wants_json
        and command in ("check", "history", "changes", "validate", "lint")
        and not {"-h", "--help", "--version", "--"} & set(argv)
        and stdout.strip()
    ):
        data = json.loads(stdout)
        assert isinstance(data, dict), stdout
        assert str(data.get("schema", "")).startswith("aicontrols."), stdout
    return status


def known_cli_bug(error: BaseException) -> str | None:
    """Why the command line raised `error` in a way already reported, else None."""
    return None


class _Said:
    """A line of the command line's standard error, as `known_bug` reads it."""

    def __init__(self, line: str) -> None:
        self.path = ""
        self.message = line


# --------------------------------------------------------------------------
# What the fuzzers draw from: the operators are in tests/fuzz_operators.py,
# shared with the acceptance campaign (fuzz/campaign.py); here hypothesis picks.

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),
    st.sampled_from(WORDS),
    st.dates().map(str),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.text(max_size=20),
)
keys = st.one_of(st.sampled_from(SCHEMA_KEYS), st.text(max_size=12))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=40,
)
regime_shaped = st.fixed_dictionaries(
    {
        "id": st.one_of(st.sampled_from(["r", "us-x", "a b", ""]), scalars),
        "jurisdiction": st.one_of(st.sampled_from(["US", "CN"]), scalars),
        "timezone": st.one_of(st.sampled_from(["UTC", "America/New_York"]), scalars),
    },
    optional={
        "notices": st.lists(
            st.dictionaries(st.sampled_from(SCHEMA_KEYS), documents, max_size=8),
            max_size=3,
        ),
        "catalog": st.dictionaries(
            st.sampled_from(["entities", "items", "modes", "bogus"]),
            st.lists(
                st.dictionaries(st.sampled_from(SCHEMA_KEYS), documents, max_size=5),
                max_size=3,
            ),
        ),
        "deemed_export_rule": scalars,
        "territory": documents,
        "country_groups": documents,
        "entity_lists": documents,
        "name": scalars,
        "description": scalars,
    },
)


class DrawPicker:
    """An operator's choices, drawn by hypothesis (so that failures shrink)."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def choice(self, options: Sequence[T]) -> T:
        return self.draw(st.sampled_from(options))

    def integer(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))

    def text(self, max_size: int) -> str:
        return self.draw(st.text(max_size=max_size))

    def document(self) -> Any:
        return self.draw(documents)


@st.composite
def mutated_data(draw: st.DrawFn) -> str:
    """A bundled example, parsed, with a few values replaced, deleted or copied."""
    pick = DrawPicker(draw)
    data = mutate_values(pick, example_data(pick))
    return dump(data, draw(st.sampled_from(["yaml", "yaml-flow", "json"])))


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """A bundled example (or broken file), its text mangled line by line."""
    pick = DrawPicker(draw)
    return mangle_lines(pick, source_text(pick))


@st.composite
def boundary_text(draw: st.DrawFn, operator: str) -> str:
    """A file made by one of the boundary operators, in one of the formats."""
    return BOUNDARY[operator](DrawPicker(draw), draw(st.sampled_from(FORMATS)))


FUZZ_SETTINGS: dict[str, Any] = {
    "deadline": None,  # the oracles time each call themselves
    "phases": PHASES,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


# --------------------------------------------------------------------------
# The loader


@settings(max_examples=examples(30), **FUZZ_SETTINGS)
@given(regime_shaped, st.sampled_from(["yaml", "yaml-flow", "json", "json-ascii"]))
def test_generated_regime_documents(data: Any, format: str) -> None:
    """A generated regime-like YAML or JSON file: a regime or a located error."""
    check_loads(dump(data, format), name=f"generated.{format[:4]}", memory=False)


@settings(max_examples=examples(40), **FUZZ_SETTINGS)
@given(documents, st.sampled_from(["yaml", "json"]))
def test_generated_documents_of_any_shape(data: Any, format: str) -> None:
    """A document of any shape: a usable regime or a located error."""
    check_loads(dump(data, format), memory=False)


@settings(max_examples=examples(30), **FUZZ_SETTINGS)
@given(mutated_data())
def test_examples_with_values_replaced(text: str) -> None:
    """An example with values replaced or deleted: a regime or a located error."""
    check_loads(text, name="mutated.yaml", memory=False)


@settings(max_examples=examples(50), **FUZZ_SETTINGS)
@given(mutated_text())
def test_examples_with_lines_mangled(text: str) -> None:
    """An example with lines mangled: a regime or a located error, never a crash."""
    check_loads(text, name="mangled.yaml")


@settings(max_examples=examples(40), **FUZZ_SETTINGS)
@given(st.text())
def test_random_text(text: str) -> None:
    """Any text as a regime file: a regime or a located error, never a hang."""
    check_loads(text, name="random.yaml")


# The boundary operators (issue #15): tags, surrogates, huge numbers, deep
# nesting, spans mixing a date and an instant. A deep file is large (up to a
# few MB) and most files are refused early, so few examples go a long way.


@pytest.mark.parametrize("operator", sorted(BOUNDARY))
@settings(max_examples=examples(12), **FUZZ_SETTINGS)
@given(data=st.data())
def test_boundary_operators(operator: str, data: st.DataObject) -> None:
    """Tags, surrogates, huge numbers, deep nesting and mixed spans: a regime or a located error."""
    text = data.draw(boundary_text(operator))
    check_loads(text, name=f"{operator}.yaml", memory=False)


@settings(max_examples=examples(10), **FUZZ_SETTINGS)
@given(st.sampled_from(sorted(BOUNDARY)), st.data())
def test_boundary_operators_as_bytes(operator: str, data: st.DataObject) -> None:
    """The same files given as UTF-8 bytes (a raw surrogate as an invalid sequence)."""
    text = data.draw(boundary_text(operator))
    check_loads(text.encode("utf-8", "surrogatepass"), name=f"{operator}.json")


@pytest.mark.parametrize("index", range(len(OPERATORS) * 2))
def test_campaign_files(tmp_path: Path, index: int) -> None:
    """The campaign's first files, each operator in YAML and in JSON, have allowed outcomes."""
    operator, family, content = campaign_file(CAMPAIGN_SEED, index)
    path = tmp_path / f"{operator}.{family}"
    path.write_bytes(content)
    check_load(path, memory=False)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch folder for fuzzed files and the command line's outputs."""
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=examples(30), **FUZZ_SETTINGS)
@given(
    st.one_of(
        st.binary(max_size=300),
        mutated_text().map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from(list(EXAMPLE_TEXTS.values())).map(lambda t: t.encode("utf-16")),
    ),
    st.sampled_from([".yaml", ".json", ".yml", ""]),
)
def test_random_bytes_in_a_file(workdir: Path, content: bytes, suffix: str) -> None:
    """Any bytes in a file of any suffix: a regime or a located error."""
    path = workdir / f"bytes{suffix}"
    path.write_bytes(content)
    check_load(path)


def test_unreadable_paths(workdir: Path) -> None:
    """A missing file, a folder and `/dev/null` are refused as regime files."""
    for path in (workdir / "missing.yaml", workdir, Path("/dev/null")):
        assert "error" == check_load(path)


def test_path_with_a_nul_byte() -> None:
    """A path with a NUL byte is a `RegimeFileError`, not a `ValueError`."""
    with pytest.raises(ac.RegimeFileError):
        ac.load_regime("regime\x00.yaml")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_endless_device_is_refused() -> None:
    """Run in a child process whose address space is capped at 1 GiB."""
    code = (
        "import resource, aicontrols\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"
        "try:\n"
        "    aicontrols.load_regime('/dev/zero')\n"
        "except aicontrols.RegimeFileError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (0, "") == (done.returncode, done.stderr), done.stderr[-500:]
    assert LOCATED.match(done.stdout), done.stdout


def _regression_files() -> list[Path]:
    if not REGRESSIONS.is_dir():  # pragma: no cover - the folder is in the repo
        return []
    return sorted(p for p in REGRESSIONS.iterdir() if p.is_file())


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(
            p,
            id=p.name,
            marks=[pytest.mark.xfail(reason=KNOWN_FAILURES[p.name])]
            if p.name in KNOWN_FAILURES
            else [],
        )
        for p in _regression_files()
    ],
)
def test_regression_files(path: Path) -> None:
    """Each input a fuzzer once broke the loader with now has an allowed outcome."""
    check_load(path, tolerate=False)


# --------------------------------------------------------------------------
# The command line

COMMANDS = ["check", "history", "changes", "validate", "lint", "schema", "audit"]
OPTIONS = [
    *("--recipient", "--recipient-file", "--citizenship", "--residency"),
    *("--employer", "--item", "--mode", "--location", "--attest", "--on", "--at"),
    *("--as-known-on", "--start", "--end", "--format", "--json", "--since"),
    *("--until", "--log", "--out", "--help", "-h", "--version", "--", "-"),
]
CLI_WORDS = [
    *EXAMPLE_NAMES,
    *("table", "mermaid", "json", "priya", "ghost", "\udcff", "é", "-x", "--on="),
    *WORDS,
]


def _cli_text() -> st.SearchStrategy[str]:
    # a real argv never holds a NUL byte (execve cannot pass one)
    return st.text(st.characters(exclude_characters="\x00"), max_size=20)


@st.composite
def argvs(draw: st.DrawFn, workdir: Path) -> list[str]:
    """A command line over the real subcommands and options, with fuzzed values."""
    files = _cli_files(draw, workdir)
    value = st.one_of(
        st.sampled_from(CLI_WORDS),
        st.sampled_from(files),
        st.dates().map(str),
        st.datetimes().map(lambda d: d.isoformat()),
        st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
        _cli_text(),
    )
    argv: list[str] = []
    if draw(st.integers(0, 9)):
        argv.append(draw(st.sampled_from(COMMANDS)))
    argv += draw(st.lists(st.one_of(st.sampled_from(EXAMPLE_NAMES), value), max_size=2))
    for _ in range(draw(st.integers(0, 10))):
        argv.append(draw(st.sampled_from(OPTIONS)))
        if draw(st.integers(0, 5)):  # now and then a missing value
            argv.append(draw(value))
    if draw(st.integers(0, 4)) == 0:
        argv = draw(st.permutations(argv))
    return argv


def _cli_files(draw: st.DrawFn, workdir: Path) -> list[str]:
    """Fuzzed regime, recipient and log files in `workdir`; their paths and others."""
    regime = workdir / "cli-regime.yaml"
    regime.write_text(draw(st.one_of(mutated_text(), mutated_data())), "utf-8")
    recipient = workdir / "cli-recipient.yaml"
    recipient.write_text(
        draw(
            st.one_of(
                st.sampled_from(
                    [
                        "id: wei\nkind: individual\ncitizenships:\n- country: CN\n",
                        "id: wei\nkind: individual\nemployments:\n"
                        "- employer: acme-cloud\n  start: 2025-02-30\n",
                    ]
                ),
                st.dictionaries(keys, documents, max_size=5).map(
                    lambda d: dump(d, "yaml")
                ),
                st.text(max_size=60),
            )
        ),
        "utf-8",
    )
    row = st.fixed_dictionaries(
        {},
        optional={
            k: st.one_of(st.sampled_from(CLI_WORDS), scalars)
            for k in (
                *("recipient", "citizenships", "residencies", "employers"),
                *("item", "mode", "location", "at", "attestations"),
            )
        },
    )
    rows = draw(st.lists(row, max_size=4))
    jsonl = workdir / "cli-log.jsonl"
    jsonl.write_text(
        "".join(json.dumps(r, default=str) + "\n" for r in rows)
        + draw(st.sampled_from(["", "[1]\n", "{bad\n", "\ufeff{}\n"])),
        "utf-8",
    )
    csv_log = workdir / "cli-log.csv"
    header = draw(st.permutations(["recipient", "item", "mode", "at", "location"]))
    csv_log.write_text(
        ",".join(header)
        + "\n"
        + "".join(
            ",".join(str(r.get(k, "")).replace(",", ";") for k in header) + "\n"
            for r in rows
        )
        + draw(st.sampled_from(["", "a,b,c,d,e,f,g\n", '"unclosed\n'])),
        "utf-8",
        errors="replace",  # a lone surrogate from CLI_WORDS
    )
    raw = workdir / "cli-raw.csv"
    raw.write_bytes(draw(st.binary(max_size=60)))
    return [
        str(p)
        for p in (
            regime,
            recipient,
            jsonl,
            csv_log,
            raw,
            workdir / "missing.yaml",
            workdir / "out.csv",
            workdir / "out.jsonl",
            workdir / "no-such-dir" / "out.csv",
            workdir,
        )
    ]


@settings(max_examples=examples(40), **FUZZ_SETTINGS)
@given(st.data())
def test_cli_generated_arguments(workdir: Path, data: st.DataObject) -> None:
    """Any command line of real subcommands and options exits 0, 1 or 2."""
    check_cli(data.draw(argvs(workdir)), workdir)


@settings(max_examples=examples(30), **FUZZ_SETTINGS)
@given(st.lists(st.one_of(st.sampled_from(COMMANDS + OPTIONS), _cli_text())))
def test_cli_random_arguments(workdir: Path, argv: list[str]) -> None:
    """Random words as arguments: the CLI exits 0, 1 or 2, without a traceback."""
    check_cli(argv, workdir)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "mythos5", "--recipient", "other-corp", "--item", "mythos-5",
         "--mode", "hosted-api", "--on", "2026-06-27", "--json"],
        ["check", "mythos5", "--recipient", "other-corp", "--item", "mythos-5",
         "--mode", "hosted-api", "--on", "2026-06-31"],
        ["history", "mythos5", "--recipient", "acme-cloud", "--item", "fable-5",
         "--mode", "web-app", "--format", "json"],
        ["changes", "mythos5", "--since", "2026-06-01", "--until", "2026-07-01", "--json"],
        ["validate", "mythos5.yaml"],
        ["audit", "mythos5", "--log", "missing.csv"],
        ["check"],
        [],
    ],
)  # fmt: skip
def test_cli_oracle_accepts_known_outcomes(workdir: Path, argv: list[str]) -> None:
    """The oracle itself: ordinary runs, good and bad, pass it."""
    assert check_cli(argv, workdir) in (0, 1, 2)


def _cli_regressions() -> list[Path]:
    folder = REGRESSIONS / "cli"
    if not folder.is_dir():  # pragma: no cover - the folder is in the repo
        return []
    return sorted(folder.glob("*.json"))


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(
            p,
            id=p.name,
            marks=[pytest.mark.xfail(reason=KNOWN_CLI_FAILURES[p.name])]
            if p.name in KNOWN_CLI_FAILURES
            else [],
        )
        for p in _cli_regressions()
    ],
)
def test_cli_regressions(workdir: Path, path: Path) -> None:
    """Each command line a fuzzer once broke the CLI with now has an allowed outcome."""
    spec = json.loads(path.read_text("utf-8"))
    # files the command line names, each as pieces of text and their repeat counts
    for name, pieces in spec.get("files", {}).items():
        (workdir / name).write_text("".join(t * n for t, n in pieces), "utf-8")
    check_cli(spec["argv"], workdir, tolerate=False)


# --------------------------------------------------------------------------
# The query API

ZONES = st.one_of(
    st.just(dt.UTC),
    st.timezones(),
    st.builds(lambda m: dt.timezone(dt.timedelta(minutes=m)), st.integers(-1439, 1439)),
    st.just(zoneinfo.ZoneInfo("America/New_York")),
)
WHEN = st.one_of(
    st.none(),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=ZONES),
    st.sampled_from(
        [
            dt.date.min,
            dt.date.max,
            dt.datetime.min.replace(tzinfo=dt.UTC),
            dt.datetime.max.replace(tzinfo=dt.UTC),
            dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=-23))),
            dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=23))),
        ]
    ),
    st.dates().map(str),
    st.datetimes(timezones=ZONES).map(lambda d: d.isoformat()),
    st.sampled_from(WORDS),
    st.text(max_size=25),
    st.integers(),
    st.floats(),
    st.builds(object),
    st.lists(st.integers(), max_size=2),
    st.just(dt.time(12)),
    st.just(dt.timedelta(days=1)),
)


@st.composite
def accesses(draw: st.DrawFn, name: str) -> ac.Access:
    """An access over the ids of the bundled regime `name`, with now and then a
    fuzzed one. The strategy takes the name, not the regime: hypothesis shows a
    strategy's arguments when a draw raises, and a regime's repr is long."""
    regime = ac.examples.load(name)
    recipient = draw(
        st.one_of(
            st.sampled_from([e.id for e in regime.entities] or ["x"]),
            st.builds(
                lambda c: ac.Entity(
                    "fuzz", kind="individual", citizenships=[ac.Citizenship(c)]
                ),
                st.sampled_from(["CN", "IN", "US", "FR"]),
            ),
            st.text(max_size=10),
        )
    )
    item = draw(
        st.one_of(
            st.sampled_from([i.id for i in regime.items] or ["x"]), st.text(max_size=10)
        )
    )
    mode = draw(st.sampled_from(["hosted-api", "web-app", "weights-transfer", "x"]))
    location = draw(st.one_of(st.none(), st.sampled_from(["US", "CN", "zz", "USA"])))
    return ac.Access(recipient, item, mode, location)


@settings(max_examples=examples(80), **FUZZ_SETTINGS)
@given(st.sampled_from(EXAMPLE_NAMES), st.data(), WHEN, WHEN, WHEN)
def test_decide_with_fuzzed_arguments(
    name: str, data: st.DataObject, on: Any, at: Any, known: Any
) -> None:
    """Queries with any value for their dates answer or raise a `QueryError`."""
    regime = ac.examples.load(name)
    try:
        access = data.draw(accesses(name))
    except (ValueError, TypeError):
        return  # Access refuses a malformed id or country at once
    calls = [
        lambda: regime.decide(access, on=on, at=at, as_known_on=known),
        lambda: regime.decide(access, on=on, as_known_on=known),
        lambda: regime.decide(access, at=at),
        lambda: regime.history(access, start=on, end=at, as_known_on=known),
        lambda: regime.changes(on, at, as_known_on=known),
    ]
    for call in calls:
        with bounded("a query", memory=False):
            try:
                result = call()
            except ac.QueryError:
                continue
        assert isinstance(result, ac.Decision | ac.Timeline | tuple)
