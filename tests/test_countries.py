"""Country codes: the ISO 3166-1 table, read from pycountry's database file."""

from __future__ import annotations

import subprocess
import sys

import pycountry
import pytest

from aicontrols import _countries
from aicontrols._countries import _entries, _table


class TestTable:
    def test_the_table_is_pycountrys(self) -> None:
        """The codes, names and alpha-3 codes read from the file are pycountry's own, plus `XK`."""
        by_name: dict[str, str] = {}
        for entry in pycountry.countries:
            by_name[entry.alpha_3.lower()] = entry.alpha_2
            for attribute in ("name", "official_name", "common_name"):
                name = getattr(entry, attribute, None)
                if name:
                    by_name[name.lower()] = entry.alpha_2
        by_name["kosovo"] = "XK"
        alpha2 = frozenset({c.alpha_2 for c in pycountry.countries} | {"XK"})
        assert (alpha2, by_name) == _table()

    def test_reading_the_table_does_not_import_pycountry(self) -> None:
        """A first country check reads the table without pycountry's costly `__init__`."""
        code = (
            "import sys, aicontrols; aicontrols.Entity('x', country='KH'); "
            "print('pycountry' in sys.modules)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert "False" == out.strip()

    def test_without_the_file_the_entries_come_from_pycountry(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If pycountry's file cannot be found, its entries are read through pycountry, the same."""
        from_file = _entries()
        monkeypatch.setattr(_countries.importlib.util, "find_spec", lambda name: None)
        fields = ("alpha_2", "alpha_3", "name", "official_name", "common_name")
        assert [{f: e[f] for f in fields if e.get(f)} for e in from_file] == _entries()
