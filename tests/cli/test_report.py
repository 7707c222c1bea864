"""`aicontrols report`: a regime's page written as HTML and Markdown into a directory."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

import aicontrols
from aicontrols.cli import main

from ..cli_run import run

NAMES = aicontrols.examples.names()


@pytest.mark.parametrize("name", NAMES)
def test_writes_both_pages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """Each bundled regime's HTML and Markdown pages are written, named by the regime's id."""
    regime = aicontrols.examples.load(name)
    result = run(capsys, "report", name, "-o", tmp_path / "pages")
    html_file = tmp_path / "pages" / f"{regime.id}.html"
    md_file = tmp_path / "pages" / f"{regime.id}.md"
    assert (0, f"wrote {html_file}\nwrote {md_file}\n", "") == result
    assert (aicontrols.regime_html(regime), aicontrols.regime_markdown(regime)) == (
        html_file.read_text(encoding="utf-8"),
        md_file.read_text(encoding="utf-8"),
    )


@pytest.mark.parametrize("name", NAMES)
def test_pages_name_every_notice_and_rule_with_its_citation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """Both written pages name every notice and rule, and the source each cites."""
    regime = aicontrols.examples.load(name)
    assert 0 == run(capsys, "report", name, "-o", tmp_path).status
    wanted = [n.id for n in regime.notices]
    wanted += [n.citation.source for n in regime.notices if n.citation]
    for notice in regime.notices:
        for rule in (*notice.adds, *notice.amends):
            cited = rule.citation or notice.citation
            wanted += [rule.id] + ([cited.source] if cited else [])
    page = (tmp_path / f"{regime.id}.html").read_text(encoding="utf-8")
    text = (tmp_path / f"{regime.id}.md").read_text(encoding="utf-8")
    missing = [w for w in wanted if html.escape(w) not in page or w not in text]
    assert [] == missing


def test_a_regime_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A regime file is read as well as a bundled name."""
    path = aicontrols.examples.path("mythos5")
    result = run(capsys, "report", path, "-o", tmp_path)
    assert (0, True) == (result.status, (tmp_path / "us-mythos-letters.html").is_file())


def test_unknown_regime(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A misspelt bundled name exits 2 with a did-you-mean, and writes nothing."""
    result = run(capsys, "report", "mythos6", "-o", tmp_path / "out")
    assert (2, "") == (result.status, result.out)
    assert result.err.startswith(
        "aicontrols report: error: no regime file or bundled example `mythos6` "
        "(did you mean `mythos5`?"
    )
    assert not (tmp_path / "out").exists()


def test_broken_regime_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, broken_file: Path
) -> None:
    """A regime file with problems: each located on its own line, exit 2, nothing written."""
    result = run(capsys, "report", broken_file, "-o", tmp_path / "out")
    lines = result.err.splitlines()
    assert (2, "", True) == (
        result.status,
        result.out,
        len(lines) >= 2 and all(line.startswith(f"{broken_file}:") for line in lines),
    )
    assert not (tmp_path / "out").exists()


def test_directory_under_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A DIR that cannot be made (a file is in its way) exits 2, naming it."""
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    out = tmp_path / "a-file" / "pages"
    result = run(capsys, "report", "mythos5", "-o", out)
    expected = f"aicontrols report: error: cannot make the directory `{out}`: not a directory\n"
    assert (2, "", expected) == result


def test_directory_is_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A DIR that is an existing file exits 2, naming it."""
    out = tmp_path / "a-file"
    out.write_text("", encoding="utf-8")
    result = run(capsys, "report", "mythos5", "-o", out)
    assert (2, "") == (result.status, result.out)
    assert result.err.startswith(
        f"aicontrols report: error: cannot make the directory `{out}`: "
    )


def test_page_path_taken_by_a_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A page that cannot be written (a directory has its name) exits 2, naming the file."""
    (tmp_path / "us-mythos-letters.html").mkdir()
    result = run(capsys, "report", "mythos5", "-o", tmp_path)
    assert (2, "") == (result.status, result.out)
    assert result.err.startswith(
        f"aicontrols report: error: cannot write `{tmp_path / 'us-mythos-letters.html'}`: "
    )


def test_out_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    """Without -o the command is bad usage (exit 2): it never writes where it was not told."""
    with pytest.raises(SystemExit) as exit_:
        main(["report", "mythos5"])
    assert (2, True) == (
        exit_.value.code,
        "the following arguments are required: -o/--out" in capsys.readouterr().err,
    )
