"""The Country Chart columns of the nine AI-relevant ECCNs, from ai-eccns.md only.

Each entry of the Commerce Control List (Supp. No. 1 to Part 774) names, in
its License Requirements, the chart columns that apply to it, to the whole
entry or to some paragraphs. This table keeps what the reference data says
(eCFR as of 2026-09-24) [P] for 3A001 (its .z paragraphs), 3A090, 4A003 (its
.b, .c, .g and .z paragraphs), 4A090, 4D090, 4E001, 4E091, 5A992.z and 3E001,
and nothing more: a paragraph the data does not name is refused, not guessed.

The RS requirements of the advanced-computing items are rows of § 742.6, not
chart columns; the table keeps where each is, so that an answer can say so.
"""

from __future__ import annotations

import difflib
import re
from typing import NamedTuple

from ..exceptions import QueryError, UnknownIdError

__all__ = ["Column", "Entry", "RsRow", "entry", "known_eccns", "relation"]

WORLDWIDE = "§ 742.6(a)(6)(iii)(A): to or within any destination worldwide"
D_MINUS_A = (
    "§ 742.6(a)(6)(iii)(B): to or within the UAE or D:1, D:4 and D:5, excluding "
    "A:5 and A:6"
)
MACAU_D5 = "§ 742.6(a)(6)(i)(B): to or within Macau or D:5"


class Column(NamedTuple):
    """A chart column an entry names, and which of its paragraphs it covers.

    `paragraphs` empty: the entire entry. `condition`: the column applies by
    what the item is (not by paragraph), so whether it applies is unknown.
    """

    column: str
    paragraphs: tuple[str, ...] = ()
    condition: str | None = None


class RsRow(NamedTuple):
    """An RS requirement in § 742.6 for some paragraphs (empty: the whole entry)."""

    paragraphs: tuple[str, ...]
    where: str


class Entry(NamedTuple):
    """An ECCN of the table: its paragraphs, its chart columns, its § 742.6 rows.

    `whole`: whether the entry itself is in the table (`5A992` is not: only
    its .z paragraphs are).
    """

    eccn: str
    paragraphs: tuple[str, ...]
    columns: tuple[Column, ...]
    rs_rows: tuple[RsRow, ...] = ()
    whole: bool = True


_Z = tuple(f"z.{n}{x}" for n in (1, 2, 3, 4) for x in ("", ".a", ".b"))

_TABLE = (
    Entry(
        "3A001",
        ("z", *_Z),
        (
            Column("NS2"),  # "NS Column 2 for the entire entry"
            Column("MT1", ("z.2",)),
            Column("NP1", ("z.3",)),
            Column("AT1"),
        ),
        (
            RsRow(("z.1.a", "z.2.a", "z.3.a", "z.4.a"), WORLDWIDE),
            RsRow(("z.1.b", "z.2.b", "z.3.b", "z.4.b"), D_MINUS_A),
        ),
    ),
    Entry(
        "3A090",
        ("a", "b", "c"),
        (Column("AT1"),),
        (RsRow(("a",), WORLDWIDE), RsRow(("b",), D_MINUS_A), RsRow(("c",), MACAU_D5)),
    ),
    Entry(
        "4A003",
        ("b", "c", "g", "z", "z.1", "z.1.a", "z.1.b", "z.2", "z.2.a", "z.2.b"),
        (
            Column("NS1", ("b", "c", "z.1")),
            Column("NS2", ("g", "z.2")),
            Column("CC1", condition="fingerprint computers"),
            Column("AT1"),
        ),
        (RsRow(("z.1.a", "z.2.a"), WORLDWIDE), RsRow(("z.1.b", "z.2.b"), D_MINUS_A)),
    ),
    Entry(
        "4A090",
        ("a", "b"),
        (Column("AT1"),),
        (RsRow(("a",), WORLDWIDE), RsRow(("b",), D_MINUS_A)),
    ),
    Entry(
        "4D090",
        ("a", "b"),
        (Column("AT1"),),
        (RsRow(("a",), WORLDWIDE), RsRow(("b",), D_MINUS_A)),
    ),
    Entry(
        "4E001",
        ("b",),
        (
            Column(
                "NS1",
                condition="the entire entry except technology for 4A090 items or "
                "4D090 software",
            ),
            Column("MT1", condition="technology for 4A001.a or 4A101 items"),
            Column("CC1", condition="technology for fingerprint computers"),
            Column("AT1"),
        ),
        (
            RsRow(
                (),
                f"for technology for the '.a' items (4A003.z.1.a, z.2.a, 4A004.z.1, "
                f"4A005.z.1, 4A090.a, 4D090.a), {WORLDWIDE}; for the '.b' items, "
                f"{D_MINUS_A}",
            ),
        ),
    ),
    Entry(
        "4E091",
        (),
        (Column("AT1"),),
        (RsRow((), "§ 742.6(a)(13): to all destinations"),),
    ),
    Entry(
        "5A992",
        ("z", "z.1", "z.2"),
        (Column("AT1", ("z",)),),
        (RsRow(("z.1",), WORLDWIDE), RsRow(("z.2",), D_MINUS_A)),
        whole=False,
    ),
    Entry(
        "3E001",
        (),
        (
            Column("NS1"),
            Column("MT1"),
            Column("NP1"),
            Column(
                "RS2",
                condition="technology for items other than those of its § 742.6 rows",
            ),
            Column("AT1"),
        ),
        (
            RsRow(
                (),
                "§ 742.6(a)(6)(ii): technology for 3A090 items exported from Macau "
                "or a D:5 destination, worldwide; § 742.6(a)(6)(iii): technology "
                "for 3A001.z and 3A090 (except .c), to D:1, D:4 and D:5 excluding "
                f"A:5 and A:6; technology for 3A090.c, {MACAU_D5}",
            ),
        ),
    ),
)

_BY_ECCN = {e.eccn: e for e in _TABLE}
_SHAPE = re.compile(r"([0-9][A-EY][0-9]{3})((?:\.[a-z0-9]+)*)")


def known_eccns() -> tuple[str, ...]:
    """Every ECCN, with or without a paragraph, that the table answers for."""
    found: list[str] = []
    for e in _TABLE:
        if e.whole:
            found.append(e.eccn)
        found.extend(f"{e.eccn}.{p}" for p in e.paragraphs)
    return tuple(found)


def entry(eccn: object) -> tuple[Entry, str]:
    """The table's entry for `eccn` and the paragraph given (`""`: the whole entry).

    Raises:
        QueryError: `eccn` is not a string.
        UnknownIdError: not an ECCN of the table; names the one probably meant.
    """
    if not isinstance(eccn, str):
        raise QueryError(
            f"`eccn`: expected an ECCN such as `3A090.a`, got `{eccn!r}`",
            argument="eccn",
            value=eccn,
        )
    shape = _SHAPE.fullmatch(eccn)
    if shape is not None:
        head, tail = shape.group(1), shape.group(2).removeprefix(".")
        found = _BY_ECCN.get(head)
        if found is not None and (
            tail in found.paragraphs or (found.whole and not tail)
        ):
            return found, tail
    known = known_eccns()
    head, dot, tail = eccn.strip().partition(".")
    guess = head.upper() + dot + tail.lower()
    hint = guess if guess in known and guess != eccn else None
    if hint is None:
        close = difflib.get_close_matches(eccn, known, n=1, cutoff=0.75)
        hint = close[0] if close else None
    raise UnknownIdError(
        "ECCN",
        eccn,
        hint=hint,
        note="the bundled table covers the paragraphs of 3A001.z, 3A090, 4A003 "
        "(.b, .c, .g, .z), 4A090, 4D090, 4E001, 4E091, 5A992.z and 3E001 that "
        "its reference data names",
    )


def relation(given: str, paragraph: str) -> bool | None:
    """Whether the `given` paragraph lies in `paragraph` (`""` is the whole entry).

    `True`: it does (it is the paragraph, or inside it); `None`: the given one
    is broader (it holds `paragraph` and more); `False`: they are apart.
    """
    g = given.split(".") if given else []
    p = paragraph.split(".") if paragraph else []
    if g[: len(p)] == p:
        return True
    if p[: len(g)] == g:
        return None
    return False
