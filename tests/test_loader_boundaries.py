"""The regime-file loader's boundaries: tags, numbers, depth, surrogates, bytes.

Whatever text or bytes it is given, the loader returns a regime or raises a
`RegimeFileError` whose every problem is located (`file:line:column: path:
message`) and quotes the value; nothing else (issue #15, item 8). Each class
reproduces one way it used to fail: a tagged scalar read as another value or
raising `ValueError`, a huge number raising `ValueError` or `OverflowError`,
deep nesting raising `RecursionError`, a lone surrogate crashing whoever
printed it, bytes raising `AttributeError`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import aicontrols as ac
from aicontrols.files import _yaml

from .cli_run import run

# A regime whose one rule needs a license for any foreign person's access.
REGIME = """\
id: demo
jurisdiction: US
timezone: America/New_York
catalog:
  entities:
  - id: lab
    country: US
  items:
  - id: model
    developer: lab
    training_operations: {ops}
notices:
- id: n1
  published: 2026-01-05
  effective: 2026-01-05
  adds:
    restrictions:
    - id: r1
      effect: license_required
      items:
        ids: model
      recipients:
        foreign_person: {foreign}
"""
FOREIGN_PATH = "notices[0].adds.restrictions[0].recipients.foreign_person"
OPS_PATH = "catalog.items[0].training_operations"
MINIMAL = "id: r\njurisdiction: US\ntimezone: America/New_York\n"
PERSON = ac.Entity("wei", kind="individual", citizenships=[ac.Citizenship("CN")])


def regime(*, foreign: str = "true", ops: str = "1.0e+26") -> str:
    return REGIME.format(foreign=foreign, ops=ops)


def problems(text: str | bytes, name: str = "regime.yaml") -> list[str]:
    """The lines of the `RegimeFileError` that loading `text` raises."""
    with pytest.raises(ac.RegimeFileError) as caught:
        ac.loads_regime(text, name=name)
    lines = str(caught.value).split("\n")
    assert len(lines) == len(caught.value.problems)
    return lines


def verdict(loaded: ac.Regime) -> ac.Verdict:
    access = ac.Access(PERSON, "model", "hosted-api")
    return loaded.decide(access, on="2026-06-15").verdict


class TestTaggedScalars:
    @pytest.mark.parametrize("spelling", ["yes", "no", "on", "off", "y", "1", "0"])
    def test_bool_tag_on_a_yaml_1_1_word_is_refused(self, spelling: str) -> None:
        """`!!bool yes` is a located error, never `false` (it once read as false)."""
        shown = f"!!bool {spelling}"
        assert [
            f"regime.yaml:23:25: {FOREIGN_PATH}: "
            f"expected `true` or `false`, got `{shown}`"
        ] == problems(regime(foreign=shown))

    def test_bool_tag_on_an_empty_value_is_refused(self) -> None:
        """`!!bool ''` is refused, quoted so that the empty value shows."""
        assert [
            f'regime.yaml:23:25: {FOREIGN_PATH}: expected `true` or `false`, got `!!bool ""`'
        ] == problems(regime(foreign="!!bool ''"))

    @pytest.mark.parametrize("spelling", ["true", "True", "TRUE"])
    def test_bool_tag_on_a_core_boolean_is_that_boolean(self, spelling: str) -> None:
        """The YAML 1.2 core spellings of true read as true, tagged or not."""
        for foreign in (spelling, f"!!bool {spelling}"):
            loaded = ac.loads_regime(regime(foreign=foreign))
            assert ac.Verdict.LICENSE_REQUIRED == verdict(loaded)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("!!int abc", "expected an integer, got `!!int abc`"),
            ("!!int 1.5", "expected an integer, got `!!int 1.5`"),
            ("!!int 1_000", "expected an integer, got `!!int 1_000`"),
            ("!!int ' 12'", 'expected an integer, got `!!int " 12"`'),
            ("!!float ''", 'expected a number, got `!!float ""`'),
            ("!!float abc", "expected a number, got `!!float abc`"),
            ("!!float 1_0", "expected a number, got `!!float 1_0`"),
            ("!!float 1e400", "expected a finite number, got `1e400`"),
            ("!!null x", "expected null, got `!!null x`"),
        ],
    )
    def test_malformed_tagged_number_is_located(
        self, value: str, expected: str
    ) -> None:
        """A tagged scalar that is not its tag's type is a located problem, not `ValueError`."""
        assert [f"regime.yaml:11:26: {OPS_PATH}: {expected}"] == problems(
            regime(ops=value)
        )

    @pytest.mark.parametrize(
        ("value", "expected"), [("!!int 12", 12), ("!!float 1E26", 1e26)]
    )
    def test_well_formed_tagged_number_is_read(
        self, value: str, expected: float
    ) -> None:
        """A tagged number in its type's core spelling reads as that number."""
        loaded = ac.loads_regime(regime(ops=value))
        assert expected == loaded.items[0].training_operations

    @pytest.mark.parametrize(
        "tag", ["!!binary aGVsbG8=", "!!timestamp 2026-06-12", "!custom x", "!!set {}"]
    )
    def test_other_tags_are_refused(self, tag: str) -> None:
        """Any tag but the core ones is refused where it is."""
        (line,) = problems(MINIMAL + f"name: {tag}\n")
        assert line.startswith("regime.yaml:4:7: name: unsupported YAML tag `"), line

    def test_str_tag_keeps_a_string(self) -> None:
        """`!!str 12` is the string `12`."""
        assert "12" == ac.loads_regime(MINIMAL + "name: !!str 12\n").name


class TestNumbers:
    def test_five_thousand_digit_integer_is_refused(self) -> None:
        """A 5,000-digit integer is a located problem, not Python's int-str `ValueError`."""
        digits = "9" * 5000
        assert [
            f"regime.yaml:11:26: {OPS_PATH}: a number of 5,000 characters; the limit "
            f"is {_yaml.MAX_NUMBER:,}: `{'9' * 40}...`"
        ] == problems(regime(ops=digits))

    @pytest.mark.parametrize("text", ["1" + "0" * 400, "0x" + "f" * 300])
    def test_integer_too_large_for_a_float_is_refused(self, text: str) -> None:
        """An integer no float can hold is refused (it once raised `OverflowError`)."""
        (line,) = problems(regime(ops=text))
        assert line.startswith(f"regime.yaml:11:26: {OPS_PATH}: a number of "), line

    def test_longest_number_is_read(self) -> None:
        """A number of exactly the limit's length is read."""
        text = "1" + "0" * (_yaml.MAX_NUMBER - 1)
        loaded = ac.loads_regime(regime(ops=text))
        assert 10.0 ** (_yaml.MAX_NUMBER - 1) == loaded.items[0].training_operations

    @pytest.mark.parametrize("text", ["1e400", "-1e400", "-.inf", ".inf", ".nan"])
    def test_infinite_or_not_a_number_is_refused(self, text: str) -> None:
        """`1e400` (read as infinity), `.inf` and `.nan` are refused, quoted."""
        assert [
            f"regime.yaml:11:26: {OPS_PATH}: expected a finite number, got `{text}`"
        ] == problems(regime(ops=text))


class TestDepth:
    LIMIT = f"refused: nested deeper than {_yaml.MAX_DEPTH} levels"

    @pytest.mark.parametrize("depth", [600, 5_000, 100_000])
    def test_deep_flow_yaml_is_refused(self, depth: int) -> None:
        """Deep `[[[...]]]` is refused at the first level too deep, not `RecursionError`."""
        text = MINIMAL + "name: " + "[" * depth + "]" * depth + "\n"
        assert [f"regime.yaml:4:{7 + _yaml.MAX_DEPTH}: {self.LIMIT}"] == problems(text)

    @pytest.mark.parametrize("depth", [600, 5_000])
    def test_deep_block_sequence_is_refused(self, depth: int) -> None:
        """Deep block style (`- - - x`) is refused where it passes the limit."""
        text = MINIMAL + "name:\n" + "- " * depth + "x\n"
        column = 2 * _yaml.MAX_DEPTH + 1
        assert [f"regime.yaml:5:{column}: {self.LIMIT}"] == problems(text)

    def test_deep_block_mapping_is_refused(self) -> None:
        """Deep indented mappings are refused where they pass the limit."""
        text = (
            MINIMAL + "".join(f"{' ' * i}k:\n" for i in range(600)) + " " * 600 + "x\n"
        )
        line, column = 5 + _yaml.MAX_DEPTH, 2 + _yaml.MAX_DEPTH
        assert [f"regime.yaml:{line}:{column}: {self.LIMIT}"] == problems(text)

    @pytest.mark.parametrize("depth", [600, 5_000, 100_000])
    def test_deep_json_is_refused(self, depth: int) -> None:
        """Deeply nested JSON is refused like YAML, located."""
        text = '{"id": "r", "name": ' + "[" * depth + "]" * depth + "}"
        assert [f"regime.json:1:{21 + _yaml.MAX_DEPTH}: {self.LIMIT}"] == problems(
            text, "regime.json"
        )

    def test_depth_is_checked_before_python_recursion_runs_out(self) -> None:
        """The limit is reached long before Python's stack: refused under a low recursion limit."""
        text = MINIMAL + "name: " + "[" * 1_000 + "]" * 1_000 + "\n"
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(400)
        try:
            lines = problems(text)
        finally:
            sys.setrecursionlimit(old)
        assert [f"regime.yaml:4:{7 + _yaml.MAX_DEPTH}: {self.LIMIT}"] == lines

    def test_nesting_at_the_limit_is_read(self) -> None:
        """Lists nested exactly to the limit are read; one more level is refused."""
        depth = _yaml.MAX_DEPTH  # the root is level 0, `territory`'s lists 1 to 64
        text = MINIMAL + "territory: " + "[" * depth + "]" * depth + "\n"
        assert not any(self.LIMIT in line for line in problems(text))
        deeper = MINIMAL + "territory: " + "[" * (depth + 1) + "]" * (depth + 1)
        assert [f"regime.yaml:4:{12 + depth}: {self.LIMIT}"] == problems(deeper)


class TestSurrogates:
    def test_json_escape_of_a_lone_surrogate_is_refused(self) -> None:
        """A JSON `\\ud800` escape is a located problem that prints as UTF-8."""
        text = (
            '{"id": "r", "jurisdiction": "US", "timezone": "UTC", "name": "a\\ud800"}'
        )
        lines = problems(text, "regime.json")
        assert [
            "regime.json:1:62: name: the text has a lone surrogate U+D800, "
            'which is not a character: `"a\\ud800"`'
        ] == lines
        "\n".join(lines).encode("utf-8")  # printable

    def test_lone_surrogate_in_a_key_is_refused(self) -> None:
        """A key with a lone surrogate escape is refused at the key."""
        text = '{"id": "r", "jurisdiction": "US", "timezone": "UTC", "\\udfff": 1}'
        assert [
            "regime.json:1:54: the text has a lone surrogate U+DFFF, "
            'which is not a character: `"\\udfff"`'
        ] == problems(text, "regime.json")

    def test_yaml_escape_of_a_lone_surrogate_is_refused(self) -> None:
        """A YAML `\\U0000D800` escape is refused like JSON's."""
        (line,) = problems(MINIMAL + 'name: "\\U0000D800"\n')
        assert line.startswith(
            "regime.yaml:4:7: name: the text has a lone surrogate U+D800"
        ), line

    def test_json_surrogate_pair_is_one_character(self) -> None:
        """A JSON surrogate pair (`\\ud83d\\ude00`, as `json.dumps` writes it) is 😀."""
        text = json.dumps(
            {"id": "r", "jurisdiction": "US", "timezone": "UTC", "name": "\U0001f600"}
        )
        assert "\\ud83d\\ude00" in text
        assert "\U0001f600" == ac.loads_regime(text, name="regime.json").name

    def test_raw_surrogate_in_str_is_refused(self) -> None:
        """A `str` holding a lone surrogate is refused where it is, not `UnicodeEncodeError`."""
        assert [
            "regime.yaml:4:9: the text has a lone surrogate U+D800, which is not a character"
        ] == problems(MINIMAL + "name: ab\ud800\n")

    def test_validate_and_lint_print_the_problem(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`validate` and `lint` report a lone surrogate escape, exit 1 (they once crashed)."""
        path = tmp_path / "regime.json"
        path.write_text('{"id": "r", "jurisdiction": "US", "timezone": "UTC", '
                        '"name": "\\ud800"}', "utf-8")  # fmt: skip
        for command in ("validate", "lint"):
            result = run(capsys, command, path)
            assert 1 == result.status
            assert (
                f"{path}:1:62: name: the text has a lone surrogate U+D800" in result.out
            )
            result.out.encode("utf-8")
            json_result = run(capsys, command, path, "--json")
            assert 1 == json_result.status
            json.loads(json_result.out)

    def test_file_name_with_an_undecodable_byte_prints(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`validate` prints a file name holding an undecodable byte as an escape."""
        name = str(tmp_path / "regime\udcff.yaml")  # how Python names byte 0xFF
        try:
            Path(name).write_text("id: x\n", "utf-8")
        except (UnicodeEncodeError, OSError):  # pragma: no cover - a UTF-16 file system
            pytest.skip("the file system cannot name that file")
        result = run(capsys, "validate", name)
        assert 1 == result.status
        assert (
            "regime\\udcff.yaml:1:1: missing required key `jurisdiction`" in result.out
        )
        result.out.encode("utf-8")
        assert 1 == run(capsys, "validate", name, "--json").status


class TestLoadsInput:
    def test_bytes_are_read_as_utf8(self) -> None:
        """`loads_regime(bytes)` reads UTF-8, as a file is read (it once raised `AttributeError`)."""
        loaded = ac.loads_regime(
            MINIMAL.replace("id: r", "id: r\nname: Zürich").encode()
        )
        assert "Zürich" == loaded.name

    def test_bytes_with_a_byte_order_mark_are_read(self) -> None:
        """A UTF-8 byte order mark is skipped, as in a file."""
        assert "r" == ac.loads_regime(b"\xef\xbb\xbf" + MINIMAL.encode()).id

    def test_undecodable_bytes_are_located(self) -> None:
        """A byte that is not UTF-8 is reported at its line and column."""
        data = (MINIMAL + "name: Z\xfcrich\n").encode("latin-1")
        assert [
            f"regime.yaml:4:8: not UTF-8 text: byte {len(MINIMAL) + 7} is invalid"
        ] == problems(data)

    def test_undecodable_file_is_located(self, tmp_path: Path) -> None:
        """`load_regime` locates an undecodable byte the same way."""
        path = tmp_path / "regime.yaml"
        path.write_bytes((MINIMAL + "name: Z\xfcrich\n").encode("latin-1"))
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.load_regime(path)
        assert [f"{path}:4:8: not UTF-8 text: byte {len(MINIMAL) + 7} is invalid"] == (
            str(caught.value).split("\n")
        )

    @pytest.mark.parametrize("text", [None, 12, Path("regime.yaml"), ["id: r"]])
    def test_other_types_are_a_query_error(self, text: object) -> None:
        """Anything but `str` or `bytes` is a `QueryError` naming the argument."""
        with pytest.raises(ac.QueryError) as caught:
            ac.loads_regime(text)  # type: ignore[arg-type]
        assert "text" == caught.value.argument
        assert str(caught.value).startswith("`text`: expected the regime's text")
