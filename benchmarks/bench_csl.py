"""Importing Consolidated Screening List snapshots: 100,000 generated rows.

Run from the repository root::

    python benchmarks/bench_csl.py                 # 100,000 rows per snapshot
    python benchmarks/bench_csl.py --rows 20000    # smaller
    python benchmarks/bench_csl.py --quick         # 20,000 rows (what CI runs)

Generates two CSV snapshots in the current CSL layout a month apart (a fixed
seed; 40% Entity List rows with Federal Register citations and review
policies, the rest spread over the other 12 sources; the second drops 1% of
the parties, changes 1% and adds 1%), then times: reading each snapshot,
building the history regime on top of `mythos5`, the first decision about a
listed party (which compiles the regime), a warm decision, and screening a
name. It checks the answers (the listed party needs a license, a removed one
does not from the second snapshot) and exits 1 if they are wrong. Durations
come only from `time.perf_counter`; the wall clock is never read for a date.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
import time

from aicontrols import Access, Verdict, examples, screening

HEADER = [
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
]
SOURCES = {
    "EL": "Entity List (EL) - Bureau of Industry and Security",
    "DPL": "Denied Persons List (DPL) - Bureau of Industry and Security",
    "UVL": "Unverified List (UVL) - Bureau of Industry and Security",
    "MEU": "Military End User (MEU) List - Bureau of Industry and Security",
    "SDN": "Specially Designated Nationals (SDN) - Treasury Department",
    "SSI": "Sectoral Sanctions Identifications List (SSI) - Treasury Department",
    "DTC": "ITAR Debarred (DTC) - State Department",
    "ISN": "Nonproliferation Sanctions (ISN) - State Department",
}
WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "northern",
    "eastern",
    "united",
    "global",
    "pacific",
    "precision",
    "micro",
    "systems",
    "photonics",
    "aerospace",
    "logistics",
    "trading",
    "machinery",
    "electronics",
    "research",
    "institute",
    "shipping",
    "holdings",
    "industrial",
    "technology",
    "dynamics",
]
POLICIES = ("Presumption of denial.", "Case-by-case.", "Policy of denial.")


def rows(n: int, rng: random.Random) -> list[dict[str, str]]:
    found = []
    codes = (
        ["EL"] * 8 + ["DPL", "UVL", "MEU", "SDN", "SSI", "DTC", "ISN"] * 2 + ["SDN"] * 6
    )
    for i in range(n):
        code = rng.choice(codes)
        name = " ".join(rng.sample(WORDS, 3)).title() + f" {i} Co., Ltd."
        start = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(7000))
        row = {
            "_id": f"id{i}",
            "source": SOURCES[code],
            "name": name,
            "addresses": f"{rng.randrange(999)} Road, City, {rng.choice(['CN', 'RU', 'IR', 'HK', 'AE'])}",
            "alt_names": " ".join(rng.sample(WORDS, 2)).title() + f" {i}",
        }
        if code in ("EL", "MEU", "DPL"):
            row["federal_register_notice"] = (
                f"{rng.randrange(70, 91)} FR {rng.randrange(99999)}"
            )
            row["start_date"] = start.isoformat()
        if code == "EL":
            row["license_requirement"] = (
                "For all items subject to the EAR. (See §744.11 of the EAR)"
            )
            row["license_policy"] = rng.choice(POLICIES)
        if code == "DPL":
            row["end_date"] = (start + dt.timedelta(days=3650)).isoformat()
        if code in ("SDN", "SSI"):
            row["entity_number"] = str(100000 + i)
            row["type"] = "Entity"
        found.append(row)
    return found


def text(found: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, restval="")
    writer.writeheader()
    writer.writerows(found)
    return out.getvalue()


def timed(what: str, call, results: list[tuple[str, float]]):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = call()
    results.append((what, time.perf_counter() - start))
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="20,000 rows")
    args = parser.parse_args(argv)
    n = 20_000 if args.quick else args.rows
    rng = random.Random(20261127)
    first = rows(n, rng)
    el = [r for r in first if r["source"] == SOURCES["EL"]]
    kept, removed = el[0], el[1]
    second = [dict(r) for r in first if r is not removed and rng.random() > 0.01]
    second = [r for r in second if r["name"] != kept["name"]] + [kept]
    for r in rng.sample(second, len(second) // 100):
        r["alt_names"] += "; Renamed Example"
    second += rows(n // 100, random.Random(7))
    texts = (text(first), text(second))
    results: list[tuple[str, float]] = []
    one = timed(
        f"read snapshot 1 ({n:,} rows)",
        lambda: screening.read_csl("s1.csv", text=texts[0], taken="2026-01-05"),
        results,
    )
    two = timed(
        f"read snapshot 2 ({len(second):,} rows)",
        lambda: screening.read_csl("s2.csv", text=texts[1], taken="2026-02-05"),
        results,
    )
    base = examples.load("mythos5")
    regime = timed(
        "history regime of both, on mythos5",
        lambda: screening.history_regime([one, two], base=base),
        results,
    )
    ids = {e.name: e.id for e in regime.entities}
    ask = Access(ids[kept["name"]], "mythos-5", "weights-transfer")
    cold = timed(
        "first decision (compiles)",
        lambda: regime.decide(ask, on="2026-03-01"),
        results,
    )
    timed(
        "second decision, same party",
        lambda: regime.decide(ask, on="2026-03-02"),
        results,
    )
    gone = Access(ids[removed["name"]], "mythos-5", "weights-transfer")
    gone_after = timed(
        "decision about a removed party",
        lambda: regime.decide(gone, on="2026-03-01"),
        results,
    )
    found = timed(
        "screen one name",
        lambda: screening.screen(regime, kept["name"], on="2026-03-01"),
        results,
    )
    timed(
        "screen again (index built)",
        lambda: screening.screen(regime, removed["name"], on="2026-01-10"),
        results,
    )
    print(
        f"CSL import benchmark: {n:,} generated rows per snapshot, Python {sys.version.split()[0]}"
    )
    print(f"{len(regime.notices):,} notices, {len(regime.entities):,} entities")
    for what, seconds in results:
        print(f"  {what:<42} {seconds:9.3f} s")
    ok = (
        cold.verdict is Verdict.LICENSE_REQUIRED
        and gone_after.verdict is Verdict.PERMITTED
        and found
        and found[0].entity.id == ids[kept["name"]]
    )
    print("answers: " + ("as expected" if ok else "WRONG"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
