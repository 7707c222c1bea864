"""The pytest plugin, registered through the `pytest11` entry point.

pytest imports this module before coverage or the user's conftest start, so it
imports nothing from aicontrols at module level (that would leave the library's
import-time lines unmeasured) and never imports hypothesis.

- ini option `aicontrols_regime`: a bundled example name or a path relative to
  the rootdir, loaded once per session by the `aicontrols_regime` fixture;
- fixtures `aicontrols_regime`, `regime_loader` and `make_access`;
- every `*.aicases.yaml` (or `.aicases.yml`) file collected becomes one test per
  case, with the case's description as its id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .._regime import Regime
    from ._cases import Case

__all__ = ["AICase", "AICasesFile", "RegimeLoader"]

SUFFIXES = (".aicases.yaml", ".aicases.yml")


class RegimeLoader:
    """Loads regimes by example name or path (relative to `base`), each once."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._cache: dict[tuple[Path, str], Regime] = {}

    def __call__(self, name_or_path: str, *, base: Path | None = None) -> Regime:
        from ._cases import resolve_regime

        where = self.base if base is None else base
        key = (where, str(name_or_path))
        if key not in self._cache:
            self._cache[key] = resolve_regime(name_or_path, where)
        return self._cache[key]


_LOADER = pytest.StashKey[RegimeLoader]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "aicontrols_regime",
        "the regime for the `aicontrols_regime` fixture: a bundled example "
        "name or a path relative to the rootdir",
        default="",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_LOADER] = RegimeLoader(config.rootpath)


@pytest.fixture(scope="session")
def regime_loader(pytestconfig: pytest.Config) -> Callable[..., Regime]:
    """`load(name_or_path)`: a bundled example or a file, loaded once per session."""
    return pytestconfig.stash[_LOADER]


@pytest.fixture(scope="session")
def aicontrols_regime(pytestconfig: pytest.Config) -> Regime:
    """The regime named by the `aicontrols_regime` ini option, loaded once."""
    name = str(pytestconfig.getini("aicontrols_regime")).strip()
    if not name:
        pytest.fail(
            "no regime configured: set `aicontrols_regime` in the pytest "
            "configuration (a bundled example name or a path relative to the "
            "rootdir), or override the `aicontrols_regime` fixture",
            pytrace=False,
        )
    return pytestconfig.stash[_LOADER](name)


@pytest.fixture(scope="session")
def make_access() -> Callable[..., Any]:
    """`aicontrols.testing.make_access`: an `Access` from a few keywords."""
    from ._cases import make_access

    return make_access


def pytest_collect_file(
    file_path: Path, parent: pytest.Collector
) -> pytest.File | None:
    if file_path.name.endswith(SUFFIXES):
        return AICasesFile.from_parent(parent, path=file_path)
    return None


class AICasesFile(pytest.File):
    """A golden case file: one `AICase` per case."""

    def collect(self) -> Iterator[AICase]:
        from ._cases import loads_cases

        try:
            name = str(self.path.relative_to(self.config.rootpath))
        except ValueError:  # pragma: no cover - a file outside the rootdir
            name = str(self.path)
        cases = loads_cases(self.path.read_text(encoding="utf-8"), name)
        for case in cases.cases:
            yield AICase.from_parent(
                self, name=case.description, case=case, regimes=cases.regimes
            )

    def repr_failure(  # type: ignore[override]
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str | Any:
        from ._cases import CaseFileError

        if isinstance(excinfo.value, CaseFileError):
            return f"invalid golden case file:\n{excinfo.value}"
        return super().repr_failure(excinfo)


class AICase(pytest.Item):
    """One golden case: decide it and compare the verdict."""

    def __init__(self, *, case: Case, regimes: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.regimes = regimes

    def runtest(self) -> None:
        loader = self.config.stash[_LOADER]
        regimes = [loader(r, base=self.path.parent) for r in self.regimes]
        self.case.check(regimes[0] if len(regimes) == 1 else regimes)

    def repr_failure(  # type: ignore[override]
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str | Any:
        if isinstance(excinfo.value, AssertionError):
            return (
                f"{self.path.name}:{self.case.line}: case "
                f"`{self.case.description}` failed: {excinfo.value}"
            )
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, f"case: {self.case.description}"
