"""Notices, suspensions and non-enforcements: the dated acts, as values.

Tests of `aicontrols._notices`, written against its surviving mutants (see
docs/contributing/mutation-testing.md). What the acts do to a regime's rules
is tested with the rule histories, in `tests/engine/test_ruleset.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import aicontrols as ac

from .builders import D


class TestNoticeRuleIds:
    def test_in_the_order_of_the_acts_each_once(self) -> None:
        """`rule_ids()` names each rule a notice touches once, in the acts' order; it is deprecated."""
        n = ac.Notice(
            "n",
            published=D(2026, 1, 1),
            effective=D(2026, 1, 1),
            adds=[ac.Restriction("a"), ac.Exemption("x", lifts=["a"])],
            amends=[ac.Restriction("b")],
            revokes=["c", "a"],
            suspends=[ac.Suspension("d"), ac.Suspension("b")],
            not_enforced=[ac.NonEnforcement("e", statement="s")],
        )
        with pytest.warns(DeprecationWarning, match="rule_ids") as caught:
            ids = n.rule_ids()
        assert [
            "Notice.rule_ids() is deprecated and will be removed in 0.2: read the "
            "notice's acts (`adds`, `amends`, `revokes`, `suspends`, `not_enforced`)"
        ] == [str(w.message) for w in caught]
        # the warning names the caller's line, not one inside aicontrols
        package = Path(ac.__file__).parent
        assert [] == [w.filename for w in caught if package in Path(w.filename).parents]
        assert ("a", "x", "b", "c", "d", "e") == ids


class TestNoticeErrors:
    def test_acts_of_the_wrong_type(self) -> None:
        """A notice's acts of the wrong type are a `TypeError` naming the field."""

        def notice_with(**acts: object) -> ac.Notice:
            return ac.Notice(
                "n",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                **acts,  # type: ignore[arg-type]
            )

        for acts, message in (
            ({"adds": ["r"]}, "`rules`: unexpected element `'r'`"),
            ({"amends": "r"}, "`rules`: expected a sequence, got the string `'r'`"),
            ({"suspends": ["r"]}, "`suspends`: unexpected element `'r'`"),
            ({"not_enforced": ["r"]}, "`not_enforced`: unexpected element `'r'`"),
        ):
            with pytest.raises(TypeError) as caught:
                notice_with(**acts)
            assert message == str(caught.value)
