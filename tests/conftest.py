"""Fixtures shared by the tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import settings

import aicontrols as ac

from .budget import SCALES, profile

for _name, _scale in SCALES.items():
    settings.register_profile(_name, max_examples=max(10, round(100 * _scale)))
settings.load_profile(profile())


@pytest.fixture(scope="session")
def mythos() -> ac.Regime:
    """The bundled June 2026 example."""
    return ac.examples.load("mythos5")


@pytest.fixture
def verdict_on(mythos: ac.Regime) -> Callable[..., ac.Verdict]:
    """Verdict of an access under the example on a date."""

    def decide(
        recipient: ac.Entity | str, item: str, day: str, **kw: Any
    ) -> ac.Verdict:
        access = ac.Access(recipient, item, kw.pop("mode", "hosted-api"), location="US")
        return mythos.decide(access, on=day, **kw).verdict

    return decide
