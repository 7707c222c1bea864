"""The fuzz operators: how fuzzed regime files are made, for tests and campaigns.

Each operator makes one regime file's text from a `Picker`, the source of its
choices: the hypothesis tests in `tests/test_fuzz.py` pick with hypothesis
(so failures shrink), and the acceptance campaign `fuzz/campaign.py` picks with
a seeded `random.Random` (so its 10,000 files are the same on every run).

Two sets of operators:

- the first ones (issue #8): documents shaped like a regime or of any shape,
  the bundled examples with values replaced, deleted, copied or wrapped, and
  with their lines mangled; random text and random bytes;
- the boundary ones (issue #15): YAML tags (`!!bool yes`, `!!int abc`, ...),
  surrogates (as JSON and YAML escapes, and raw), huge numbers (5,000 digits,
  `1e400`, `-.inf`, `.nan`), deep nesting (600 to 5,000 levels, flow and block
  style, YAML and JSON), and spans that mix a date and an instant (an
  employment, an ownership, a list or group membership, a citizenship), often
  with the end before the start.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml

import aicontrols as ac

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "regime_files" / "broken"
EXAMPLE_NAMES = ac.examples.names()
EXAMPLE_TEXTS = {n: ac.examples.path(n).read_text("utf-8") for n in EXAMPLE_NAMES}
FORMATS = ("yaml", "yaml-flow", "json", "json-ascii")


class Picker(Protocol):
    """Where an operator's choices come from."""

    def choice(self, options: Sequence[T]) -> T: ...

    def integer(self, low: int, high: int) -> int:
        """An integer from `low` to `high`, both included."""
        ...

    def text(self, max_size: int) -> str:
        """Any text (no surrogates) of at most `max_size` characters."""
        ...

    def document(self) -> Any:
        """Plain data of any shape: nested mappings, lists and scalars."""
        ...


# --------------------------------------------------------------------------
# What the operators draw from


def _schema_keys() -> list[str]:
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    keys.update(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(ac.regime_schema())
    return sorted(keys)


SCHEMA_KEYS = _schema_keys()
IDS = sorted(
    {
        *(e.id for n in EXAMPLE_NAMES for e in ac.examples.load(n).entities),
        *(i.id for n in EXAMPLE_NAMES for i in ac.examples.load(n).items),
        *(x.id for n in EXAMPLE_NAMES for x in ac.examples.load(n).notices),
        *(g.id for n in EXAMPLE_NAMES for g in ac.examples.load(n).country_groups),
        *(g.id for n in EXAMPLE_NAMES for g in ac.examples.load(n).entity_lists),
    }
)
WORDS = [
    # countries, zones, enums, modes, dates, instants and numbers the format uses
    *("US", "CN", "IN", "NO", "GB", "us", "XX", "USA", "", " "),
    *("America/New_York", "UTC", "Europe/Paris", "Mars/Olympus", "EST5EDT"),
    *("license_required", "prohibited", "permitted", "most_recent", "all"),
    *("company", "individual", "government_agency", "university"),
    *("hosted-api", "web-app", "weights-transfer", "on-premises", "fine-tuning"),
    *("2026-06-12", "2026-02-30", "2026-13-01", "0001-01-01", "9999-12-31"),
    *("2026-06-12T09:30-04:00", "2026-06-12T09:30", "2026-06-12T25:00Z"),
    *("2026-06-12T09:30:00+14:00", "9999-12-31T23:59:59-12:00", "2026-W24"),
    *("1e26", "1E26", "4E091", "-1", "0x10", "0o7", ".inf", ".nan", "1e400"),
    *("null", "~", "true", "false", "yes", "on", "<<", "&a", "*a", "!!str"),
    *IDS,
]

# The boundary operators' raw values, written into a file as they are.
TAGGED = [
    *("!!bool yes", "!!bool no", "!!bool on", "!!bool 1", "!!bool ''", "!!bool y"),
    *("!!bool true", "!!bool False", "!!bool TRUE"),
    *("!!int abc", "!!int 1.5", "!!int ''", "!!int 1_000", "!!int ' 12'", "!!int 12"),
    *("!!int 0x1F", "!!int -0", "!!int +7"),
    *("!!float ''", "!!float abc", "!!float 1_0", "!!float 1E26", "!!float 3"),
    *("!!float .inf", "!!float 1e400", "!!float -.nan"),
    *("!!str 12", "!!str", "!!str yes", '!!str "\\ud800"', "!!null x", "!!null ~"),
    *("!!binary aGVsbG8=", "!!timestamp 2026-06-12", "!!set {a: null}"),
    *("!!omap [a: 1]", "!!pairs [a: 1]", "!!map {}", "!!seq []", "!!seq x"),
    *("!custom x", "!<tag:example.com,2026:x> y", "! 12", "!!python/none ''"),
    *('!!bool "\\ud800"', '!!int "\\U0000DFFF"'),
]
SURROGATES = [
    *('"\\ud800"', '"\\udfff"', '"a\\udbff"', '"\\udc00b"', '"\\ud83d"'),
    *('"\\ude00\\ud83d"', '"\\ud83d\\ude00"', '"\\uD800"', '"\\U0000D800"'),
    *('"\\ud800\\ud800"', '"x\\ud83d\\ude00\\udfff"'),
]
HUGE_NUMBERS = [
    *("9" * 5000, "-" + "9" * 5000, "1" + "0" * 400, "0x" + "f" * 300),
    *("0o" + "7" * 400, "1e400", "-1e400", "1e-400", "-.inf", ".inf", ".nan"),
    *(".NaN", "+.INF", "1" * 101, "1" * 100, "0." + "0" * 200 + "1", "9" * 4301),
    *("1" + "0" * 308, "1" + "0" * 309, "1.8e308", "1.7e308", "1E400"),
]
REPLACEMENTS = [
    *WORDS,
    *("&anchor value", "*anchor", "*undefined", "!!python/object:os.system x"),
    *("!!binary aGVsbG8=", "!custom x", "!!timestamp 2026-06-12", "!!int 3"),
    *("[1, 2", "{a: b}", "|", ">-", "'", '"', "? complex", "- - -", "%YAML 1.1"),
    *("9" * 5000, "2026-06-12 10:00:00", "0.0000001", "1_000", "--- x"),
    "x" * 100_000,
]
SCALAR_LINE = re.compile(r"^(?P<head>\s*(?:- )?[\w$]+: |\s*- )(?P<value>\S.*)$")


def broken_files() -> list[Path]:
    """The broken corpus, but the alias bomb (slow to refuse when traced)."""
    # not the alias bomb: refusing it takes seconds under tracemalloc and
    # coverage, and the "anchor" mangling makes aliases of its own
    return sorted(
        p
        for p in BROKEN.iterdir()
        if p.suffix in (".yaml", ".json")
        and p.name not in ("MANIFEST.yaml", "alias-bomb.yaml")
    )


def dump(data: Any, format: str) -> str:
    """`data` as YAML (block or flow) or JSON (raw Unicode or ASCII escapes)."""
    if format == "json":
        return json.dumps(data, ensure_ascii=False)
    if format == "json-ascii":
        return json.dumps(data, indent=1)
    flow = format == "yaml-flow"
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, width=60)


def example_data(pick: Picker) -> Any:
    """A bundled example as plain data, its dates as strings."""
    data = yaml.safe_load(EXAMPLE_TEXTS[pick.choice(EXAMPLE_NAMES)])
    return json.loads(json.dumps(data, default=str))


def paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path in `node`, the root first."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*path, i))
    return found


# --------------------------------------------------------------------------
# The first operators (issue #8)


def mutate_values(pick: Picker, data: Any) -> Any:
    """A few of `data`'s values replaced, deleted, copied or wrapped."""
    for _ in range(pick.integer(1, 4)):
        found = paths(data)[1:]
        if not found:
            break
        path = pick.choice(found)
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = pick.choice(["replace", "delete", "copy", "wrap"])
        if action == "replace":
            parent[last] = pick.document()
        elif action == "delete":
            del parent[last]
        elif action == "copy":
            other = pick.choice(found)
            source: Any = data
            try:
                for part in other:
                    source = source[part]
            except (KeyError, IndexError, TypeError):
                continue
            parent[last] = json.loads(json.dumps(source))
        else:
            parent[last] = [parent[last]] if pick.integer(0, 1) else {"any": [1]}
    return data


def source_text(pick: Picker) -> str:
    """A bundled example's text, or a broken file's."""
    names = [*EXAMPLE_NAMES, *(p.name for p in broken_files())]
    source = pick.choice(names)
    if source in EXAMPLE_TEXTS:
        return EXAMPLE_TEXTS[source]
    return (BROKEN / source).read_bytes().decode("utf-8", "replace")


def mangle_lines(pick: Picker, text: str) -> str:
    """`text` mangled line by line: lines deleted, moved, cut, replaced, anchored."""
    lines = text.split("\n")
    for _ in range(pick.integer(1, 6)):
        if not lines:
            lines = [""]
        i = pick.integer(0, len(lines) - 1)
        op = pick.choice(
            [
                *("delete", "duplicate", "swap", "indent", "dedent", "scalar"),
                *("insert", "truncate", "byte", "anchor"),
            ]
        )
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = pick.integer(0, len(lines) - 1)
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = " " * pick.integer(1, 5) + lines[i]
        elif op == "dedent":
            stripped = lines[i].lstrip()
            lines[i] = stripped[: pick.integer(0, 3)] + stripped[pick.integer(0, 3) :]
        elif op == "scalar":
            match = SCALAR_LINE.match(lines[i])
            value = pick.choice(REPLACEMENTS) if pick.integer(0, 1) else pick.text(30)
            lines[i] = (match["head"] if match else lines[i] + " ") + value
        elif op == "insert":
            lines.insert(i, pick.text(40))
        elif op == "truncate":
            joined = "\n".join(lines)
            lines = joined[: pick.integer(0, len(joined))].split("\n")
        elif op == "byte":
            line = lines[i]
            k = pick.integer(0, len(line))
            char = (
                pick.choice(["\x00", "\t", "\r", "\ufeff", "\u2028"])
                if pick.integer(0, 1)
                else (pick.text(1) or " ")
            )
            lines[i] = line[:k] + char + line[k + 1 :]
        else:  # anchor one value and alias it elsewhere
            match = SCALAR_LINE.match(lines[i])
            j = pick.integer(0, len(lines) - 1)
            other = SCALAR_LINE.match(lines[j])
            if match and other:
                lines[i] = f"{match['head']}&a{i} {match['value']}"
                lines[j] = f"{other['head']}*a{i}"
    return "\n".join(lines)


# --------------------------------------------------------------------------
# The boundary operators (issue #15)

# A string the dumpers write as it is (quoted or not), replaced afterwards by
# raw text that no dumper would write: a tag, an escape, a huge number.
_MARK = "zzraw{}zz"
_MARKED = re.compile(r"""(["']?)zzraw(\d+)zz\1""")


def with_raw(pick: Picker, data: Any, raws: list[str], count: int = 3) -> Any:
    """`data` with up to `count` values (or keys) marked for raw text from `raws`."""
    for _ in range(pick.integer(1, count)):
        found = paths(data)[1:]
        mark = _MARK.format(len(raws))
        if not found:
            return mark
        path = pick.choice(found)
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        if isinstance(parent, dict) and pick.integer(0, 5) == 0:  # a key
            parent[mark] = parent.pop(last)
        else:
            parent[last] = mark
        raws.append("")  # the caller chooses the raw text
    return data


def dump_raw(data: Any, format: str, raws: Sequence[str]) -> str:
    """`data` dumped, each marked value replaced by its raw text."""
    text = dump(data, format)
    return _MARKED.sub(lambda m: raws[int(m.group(2))], text)


def _raw_values(
    pick: Picker, format: str, choose: Callable[[Picker], str], count: int = 3
) -> str:
    data = example_data(pick)
    raws: list[str] = []
    data = with_raw(pick, data, raws, count)
    for i in range(len(raws)):
        raws[i] = choose(pick)
    return dump_raw(data, format, raws)


def tags(pick: Picker, format: str) -> str:
    """An example with values (or keys) tagged: core tags, good and bad; others."""

    def choose(pick: Picker) -> str:
        if pick.integer(0, 3):
            return pick.choice(TAGGED)
        # a core tag on any of the format's words
        tag = pick.choice(["!!bool", "!!int", "!!float", "!!null", "!!str"])
        return f"{tag} {json.dumps(pick.choice(WORDS))}"

    return _raw_values(pick, format, choose)


def surrogates(pick: Picker, format: str) -> str:
    """An example with lone surrogates (and pairs): escaped, in values or keys, or raw."""
    if pick.integer(0, 4) == 0:  # raw, in the text itself
        text = dump(example_data(pick), format)
        k = pick.integer(0, len(text))
        char = chr(pick.integer(0xD800, 0xDFFF))
        return text[:k] + char + text[k:]
    if pick.integer(0, 1):  # through the dumpers, which escape them
        data = example_data(pick)
        found = [p for p in paths(data)[1:] if isinstance(_at(data, p), str)]
        for _ in range(pick.integer(1, 3)):
            if not found:
                break
            path = pick.choice(found)
            parent = _at(data, path[:-1])
            value = parent[path[-1]]
            k = pick.integer(0, len(value))
            char = chr(pick.integer(0xD800, 0xDFFF))
            parent[path[-1]] = value[:k] + char + value[k:]
        return dump(data, pick.choice(["json-ascii", "json", "yaml", "yaml-flow"]))
    return _raw_values(pick, format, lambda p: p.choice(SURROGATES))


def huge_numbers(pick: Picker, format: str) -> str:
    """An example with numbers no regime needs: 5,000 digits, `1e400`, `.nan`."""

    def choose(pick: Picker) -> str:
        if pick.integer(0, 3):
            return pick.choice(HUGE_NUMBERS)
        sign = pick.choice(["", "-", "+"])
        return sign + "9" * pick.integer(90, 6000)

    return _raw_values(pick, format, choose, count=2)


def deep_flow(pick: Picker, json_style: bool) -> str:
    """Lists or mappings nested 600 to 5,000 deep, in flow style (JSON or YAML)."""
    depth = pick.integer(600, 5000)
    kind = pick.choice(["list", "map", "mixed"])
    opens, closes = [], []
    for i in range(depth):
        as_map = kind == "map" or (kind == "mixed" and i % 2)
        if as_map:
            opens.append('{"a": ' if json_style else "{a: ")
            closes.append("}")
        else:
            opens.append("[")
            closes.append("]")
    inner = pick.choice(["1", '"x"', "null", *([""] if kind == "list" else [])])
    return "".join(opens) + inner + "".join(reversed(closes))


def deep_block(pick: Picker, indent: str = "") -> str:
    """YAML nested 600 to 5,000 deep in block style: `- - - x` or indented keys."""
    if pick.integer(0, 1):
        depth = pick.integer(600, 5000)
        return indent + "- " * depth + "x\n"
    depth = pick.integer(600, 1200)  # each level one space deeper than the last
    step = " "
    return "".join(f"{indent}{step * i}k:\n" for i in range(depth)) + (
        f"{indent}{step * depth}x\n"
    )


def deep_json_lines(pick: Picker) -> str:
    """JSON nested 600 to 2,000 deep, one bracket a line, indented."""
    depth = pick.integer(600, 2000)
    head = "".join(f"{' ' * i}[\n" for i in range(depth))
    tail = "".join(f"{' ' * i}]\n" for i in reversed(range(depth)))
    return head + tail


def deep_nesting(pick: Picker, format: str) -> str:
    """An example (or nothing else) with a value nested 600 to 5,000 deep."""
    json_style = format.startswith("json")
    where = pick.choice(["value", "top", "appended"])
    if where == "top":
        if json_style:
            return (
                deep_json_lines(pick) if pick.integer(0, 1) else deep_flow(pick, True)
            )
        return deep_block(pick) if pick.integer(0, 1) else deep_flow(pick, False)
    if where == "appended" and not json_style:
        text = dump(example_data(pick), "yaml")
        return text + "description:\n" + deep_block(pick, indent="  ")
    return _raw_values(pick, format, lambda p: deep_flow(p, json_style), count=1)


# Pairs of bounds that mix a date and an instant; most are inverted or empty
# in America/New_York (the examples' zone): a date starts at local midnight.
SPAN_PAIRS = [
    ("2026-06-12", "2026-06-11T23:00:00-04:00"),  # ends an hour before it starts
    ("2026-06-12", "2026-06-12T03:00:00+14:00"),  # 2026-06-11 13:00 UTC
    ("2026-06-12", "2026-06-12T00:00:00-04:00"),  # empty
    ("2026-06-12T09:30:00-04:00", "2026-06-12"),  # the date began before it
    ("2026-06-12T09:30:00Z", "2026-06-12"),
    ("2026-06-12", "2026-06-12T00:00:01-04:00"),  # one second long
    ("2026-06-12T23:59:59-04:00", "2026-06-13"),  # one second long
    ("2026-06-12", "2026-06-13T00:00:00+14:00"),  # 2026-06-12 10:00 UTC: after
]


def mixed_span(pick: Picker) -> tuple[str, str]:
    """A `start` and an `end`, one a date and the other an instant, often inverted."""
    if pick.integer(0, 2):
        return pick.choice(SPAN_PAIRS)
    day = dt.date(2026, 6, 12) + dt.timedelta(days=pick.integer(-400, 400))
    offset = dt.timedelta(minutes=15 * pick.integer(-12 * 4, 14 * 4))
    local_midnight = dt.datetime.combine(day, dt.time(), dt.timezone(offset))
    instant = local_midnight + dt.timedelta(minutes=pick.integer(-36 * 60, 36 * 60))
    pair = (day.isoformat(), instant.isoformat())
    return pair if pick.integer(0, 1) else (pair[1], pair[0])


def mixed_spans(pick: Picker, format: str) -> str:
    """An example whose employments, ownerships, memberships mix dates and instants."""
    data = example_data(pick)
    catalog = data.setdefault("catalog", {})
    entities = catalog.setdefault("entities", [])
    ids = [e["id"] for e in entities if isinstance(e, dict) and "id" in e] or ["x"]
    for _ in range(pick.integer(1, 3)):
        start, end = mixed_span(pick)
        span = {"start": start, "end": end}
        if pick.integer(0, 4) == 0:
            span = {"end": end, "start": start}  # the order in the file
        where = pick.choice(
            ["employment", "ownership", "list", "group", "citizenship", "residency"]
        )
        if where in ("employment", "citizenship", "residency"):
            person = {"id": f"fuzz-person-{len(entities)}", "kind": "individual"}
            if where == "employment":
                person["employments"] = [{"employer": pick.choice(ids), **span}]
            else:
                field = "citizenships" if where == "citizenship" else "residencies"
                person[field] = [{"country": pick.choice(["CN", "IN", "US"]), **span}]
            entities.append(person)
        elif where == "ownership":
            owned = {"id": f"fuzz-owned-{len(entities)}", "country": "SG"}
            owned["owners"] = [{"owner": pick.choice(ids), "share": 0.6, **span}]
            entities.append(owned)
        elif where == "list":
            lists = data.setdefault("entity_lists", [])
            lists.append(
                {
                    "id": f"fuzz-list-{len(lists)}",
                    "members": [{"entity": pick.choice(ids), **span}],
                }
            )
        else:
            groups = data.setdefault("country_groups", [])
            groups.append(
                {
                    "id": f"fuzz-group-{len(groups)}",
                    "members": [{"country": pick.choice(["CN", "IN"]), **span}],
                }
            )
    return dump(data, format)


def _at(data: Any, path: Sequence[Any]) -> Any:
    for part in path:
        data = data[part]
    return data


BOUNDARY: dict[str, Callable[[Picker, str], str]] = {
    "tags": tags,
    "surrogates": surrogates,
    "huge-numbers": huge_numbers,
    "deep-nesting": deep_nesting,
    "mixed-spans": mixed_spans,
}


# --------------------------------------------------------------------------
# A picker for campaigns: a seeded `random.Random`

_CHARS = [
    *(chr(c) for c in range(0x20, 0x7F)),
    *("\t", "\n", "\r", "\x00", "\x07", "\x7f", "\x85", "\xa0", "\ufeff"),
    *("\u2028", "\u2029", "é", "ü", "ß", "中", "\U0001f600", "\u200b", "`"),
]


class RandomPicker:
    """Choices from a seeded `random.Random`: the same seed, the same files."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def text(self, max_size: int) -> str:
        size = self.rng.randint(0, max_size)
        out = []
        for _ in range(size):
            if self.rng.random() < 0.8:
                out.append(self.choice(_CHARS))
            else:  # any character but a surrogate
                code = self.rng.choice([0x7FF, 0xFFFF, 0x10FFFF])
                char = self.rng.randint(0, code)
                out.append(chr(char if not 0xD800 <= char <= 0xDFFF else 0xFFFD))
        return "".join(out)

    def scalar(self) -> Any:
        kind = self.rng.randrange(9)
        if kind == 0:
            return None
        if kind == 1:
            return self.rng.random() < 0.5
        if kind == 2:
            return self.rng.randint(-(2**70), 2**70)
        if kind == 3:
            return self.rng.randint(-(10**400), 10**400)
        if kind == 4:
            return self.choice([0.0, -0.0, 1e26, 1e-300, 3.5, float("inf"), 1e308])
        if kind == 5:
            days = dt.timedelta(days=self.rng.randint(-700_000, 700_000))
            return (dt.date(2026, 6, 12) + days).isoformat()
        if kind == 6:
            return self.text(20)
        return self.choice(WORDS)

    def document(self, depth: int = 0) -> Any:
        kind = self.rng.randrange(4) if depth < 4 else 0
        if kind <= 1:
            return self.scalar()
        size = self.rng.randint(0, 4)
        if kind == 2:
            return [self.document(depth + 1) for _ in range(size)]
        keys = [
            self.choice(SCHEMA_KEYS) if self.rng.random() < 0.7 else self.text(12)
            for _ in range(size)
        ]
        return {k: self.document(depth + 1) for k in keys}


# --------------------------------------------------------------------------
# The campaign's operators: the first set as the tests have it, and the
# boundary set; each makes one file's content in a family of formats


def regime_shaped(pick: Picker) -> Any:
    """A document with a regime's required keys (often good) and some others."""
    data: dict[str, Any] = {}
    for key, usual in (
        ("id", ["r", "us-x", "a b", ""]),
        ("jurisdiction", ["US", "CN"]),
        ("timezone", ["UTC", "America/New_York"]),
    ):
        data[key] = pick.choice(usual) if pick.integer(0, 3) else pick.document()
    for key in ("notices", "catalog", "territory", "country_groups", "name"):
        if pick.integer(0, 3) == 0:
            data[key] = pick.document()
    if "notices" in data and pick.integer(0, 1):
        data["notices"] = [
            {pick.choice(SCHEMA_KEYS): pick.document() for _ in range(4)}
            for _ in range(pick.integer(0, 3))
        ]
    return data


def _lines_mangled(pick: Picker, format: str) -> str:
    if format.startswith("json"):
        return mangle_lines(pick, dump(example_data(pick), "json-ascii"))
    return mangle_lines(pick, source_text(pick))


def _random_bytes(pick: Picker, format: str) -> bytes:
    return bytes(pick.integer(0, 255) for _ in range(pick.integer(0, 300)))


FIRST: dict[str, Callable[[Picker, str], str | bytes]] = {
    "regime-shaped": lambda pick, format: dump(regime_shaped(pick), format),
    "any-shape": lambda pick, format: dump(pick.document(), format),
    "values-replaced": lambda pick, format: dump(
        mutate_values(pick, example_data(pick)), format
    ),
    "lines-mangled": _lines_mangled,
    "random-text": lambda pick, format: pick.text(300),
    "random-bytes": _random_bytes,
}
OPERATORS: dict[str, Callable[[Picker, str], str | bytes]] = {**FIRST, **BOUNDARY}


CAMPAIGN_SEED = 15  # the acceptance campaign's default seed


def campaign_file(seed: int, index: int) -> tuple[str, str, bytes]:
    """File `index` of campaign `seed`: its operator, its suffix and its bytes.

    Files alternate between YAML (block or flow) and JSON (raw or ASCII),
    so that half are each; operators take turns, each with a YAML file and
    then a JSON one. A raw
    surrogate in the text is written as UTF-8 would write it if it could
    (`surrogatepass`), which no UTF-8 reader accepts.
    """
    names = list(OPERATORS)
    operator = names[(index // 2) % len(names)]
    family = ("yaml", "json")[index % 2]
    pick = RandomPicker(random.Random(f"{seed}:{index}"))
    format = pick.choice([f for f in FORMATS if f.startswith(family)])
    content = OPERATORS[operator](pick, format)
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    return operator, family, content
