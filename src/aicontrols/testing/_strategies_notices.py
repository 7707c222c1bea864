"""Lists of notices that are valid together.

Notices that add, amend and revoke restrictions, exemptions and granted
licenses (some expiring), suspend them,
decline to enforce them (some statements limited to some accesses) and correct
earlier notices, some retroactively, with dates that collide often; the
public `notices()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import strategies as st

import aicontrols as ac
from aicontrols._time import When, resolve

from ._strategies_draw import (
    CONDITIONS,
    MODE_NAMES,
    draw_chance,
    draw_count,
    draw_pick,
    draw_some,
)
from ._strategies_scopes import (
    StrategyCatalog,
    draw_exemption,
    draw_restriction,
    draw_scopes,
)
from ._strategies_time import draw_days, draw_maybe_when, draw_when


def _window(
    draw: st.DrawFn, pool: Sequence[dt.date], tz: str, effective: When
) -> tuple[When | None, When | None]:
    """A window's start (`None`: the notice's effective date) and a later end."""
    start, end = draw_maybe_when(draw, pool), draw_maybe_when(draw, pool)
    opens = resolve(effective if start is None else start, tz)
    if end is not None and resolve(end, tz) <= opens:
        end = None
    return start, end


def _license(
    draw: st.DrawFn,
    lid: str,
    restrictions: Sequence[str],
    cat: StrategyCatalog,
    pool: Sequence[dt.date],
) -> ac.License:
    """A license of some restrictions, now and then with conditions and an expiry."""
    items, modes, recipients = draw_scopes(draw, cat)
    return ac.License(
        lid,
        authorizes=draw_some(draw, restrictions),
        conditions=draw_some(draw, CONDITIONS) if draw_chance(draw) else [],
        expires=draw_maybe_when(draw, pool),
        items=items,
        modes=modes,
        recipients=recipients,
    )


def _non_enforcement(
    draw: st.DrawFn,
    rule: str,
    cat: StrategyCatalog,
    start: When | None,
    end: When | None,
) -> ac.NonEnforcement:
    """A non-enforcement statement, now and then limited to some accesses."""
    items, modes, recipients = (
        draw_scopes(draw, cat)
        if draw_chance(draw)
        else (ac.EVERYTHING, ac.EVERYTHING, ac.EVERYTHING)
    )
    return ac.NonEnforcement(
        rule,
        statement="will not enforce",
        start=start,
        end=end,
        items=items,
        modes=modes,
        recipients=recipients,
        conditions=draw_some(draw, CONDITIONS) if draw_chance(draw, 3) else [],
    )


def _rank(rule: ac.Restriction | ac.Exemption | ac.License) -> int:
    """Files list restrictions, then exemptions, then licenses."""
    return [ac.Restriction, ac.Exemption, ac.License].index(type(rule))


def draw_notices(
    draw: st.DrawFn, pool: Sequence[dt.date], tz: str, cat: StrategyCatalog
) -> list[ac.Notice]:
    restrictions: list[str] = []
    exemptions: list[str] = []
    licenses: list[str] = []
    notices: list[ac.Notice] = []
    for n in range(draw_count(draw, 1, 6)):
        published = draw_when(draw, pool)
        effective = draw_when(draw, pool)
        retroactive = False
        if resolve(effective, tz) < resolve(published, tz):
            retroactive = draw_chance(draw)
            if not retroactive:
                effective = published
        compliance = draw_maybe_when(draw, pool) if draw_chance(draw) else None
        if compliance is not None and resolve(compliance, tz) < resolve(effective, tz):
            compliance = None
        earlier = [*restrictions, *exemptions, *licenses]

        adds: list[ac.Restriction | ac.Exemption | ac.License] = []
        added: list[str] = []
        for k in range(draw_count(draw, 0 if restrictions else 1, 2)):
            # now and then a notice adds again a restriction id that an earlier
            # notice added (never one it adds itself: files cannot say that)
            reusable = [r for r in restrictions if r in earlier and r not in added]
            reuse = reusable and draw_chance(draw, 5)
            rid = draw_pick(draw, reusable) if reuse else f"r{n}{k}"
            added.append(rid)
            adds.append(draw_restriction(draw, rid, cat))
            if rid not in restrictions:
                restrictions.append(rid)
        for k in range(draw_count(draw, 0, 2)):
            xid = f"x{n}{k}"
            adds.append(draw_exemption(draw, xid, restrictions, cat))
            exemptions.append(xid)
        for k in range(draw_count(draw, 0, 1) if draw_chance(draw) else 0):
            lid = f"l{n}{k}"
            adds.append(_license(draw, lid, restrictions, cat, pool))
            licenses.append(lid)

        amends: list[ac.Restriction | ac.Exemption | ac.License] = []
        amended: set[str] = set()
        for _ in range(draw_count(draw, 0, 2) if earlier else 0):
            rule_id = draw_pick(draw, earlier)
            if rule_id in amended:  # a notice amends a rule at most once
                continue
            amended.add(rule_id)
            if rule_id in restrictions:
                amends.append(draw_restriction(draw, rule_id, cat))
            elif rule_id in licenses:
                amends.append(_license(draw, rule_id, restrictions, cat, pool))
            else:
                amends.append(draw_exemption(draw, rule_id, restrictions, cat))
        # files list amended restrictions, then exemptions, then licenses
        amends.sort(key=_rank)
        known = [*restrictions, *exemptions, *licenses]
        revokes = draw_some(draw, known) if draw_chance(draw, 3) else []
        suspends = []
        if draw_chance(draw, 3):
            start, end = _window(draw, pool, tz, effective)
            suspends.append(ac.Suspension(draw_pick(draw, known), start=start, end=end))
        not_enforced = []
        if draw_chance(draw, 3):
            start, end = _window(draw, pool, tz, effective)
            not_enforced.append(
                _non_enforcement(draw, draw_pick(draw, restrictions), cat, start, end)
            )
        correctable = [
            m.id for m in notices if resolve(m.published, tz) <= resolve(published, tz)
        ]
        corrects = []
        if correctable and draw_chance(draw, 4):
            corrects.append(draw_pick(draw, correctable))
        notices.append(
            ac.Notice(
                f"n{n}",
                published=published,
                effective=effective,
                compliance=compliance,
                retroactive=retroactive,
                adds=adds,
                amends=amends,
                revokes=revokes,
                suspends=suspends,
                not_enforced=not_enforced,
                corrects=corrects,
            )
        )
    return notices


@st.composite
def notices(
    draw: st.DrawFn,
    *,
    items: Sequence[str] = ("i0", "i1", "i2"),
    entities: Sequence[str] = ("e0", "e1"),
    groups: Sequence[str] = (),
    lists: Sequence[str] = (),
    modes: Sequence[str] = MODE_NAMES,
    days: Sequence[dt.date] | None = None,
    timezone: str = "America/New_York",
) -> list[ac.Notice]:
    """Lists of one to six notices, `n0`, `n1`, ..., that are valid together.

    They add, amend and revoke restrictions and exemptions (sometimes adding
    again a restriction id already in use; with `lists`, some are list
    entries, naming parties or a list, and some treated as listed, taking
    the owners' entries), suspend them, decline to enforce
    them and correct earlier notices, some retroactively; their scopes name
    the given catalog ids. Dates come from `days` (default: a small random
    pool), sometimes as exact instants; `timezone` orders dates against them.
    """
    cat = StrategyCatalog(items, entities, groups, lists, modes)
    return draw_notices(draw, draw_days(draw, days), timezone, cat)
