"""The import surface: `__all__`, `py.typed`, and the contract names."""

from __future__ import annotations

import importlib.resources
import inspect

import aicontrols
import aicontrols.exceptions

CONTRACT = {
    "Entity", "EntityKind", "Citizenship", "Residency", "Employment", "Ownership",
    "ControlledItem", "DeploymentMode", "Restriction", "Exemption", "Effect",
    "ReviewPolicy", "Notice", "Citation", "Regime", "Access", "Verdict", "Decision",
    "Timeline", "Segment", "AIControlsError", "decide", "examples",
}  # fmt: skip


class TestImportSurface:
    def test_all_is_exactly_the_public_names(self) -> None:
        """`__all__` lists every public name the package defines, and nothing else."""
        public = {
            name
            for name in dir(aicontrols)  # lazily loaded names included
            if not name.startswith("_")
            and (obj := getattr(aicontrols, name)) is not None
            # subpackages imported elsewhere (the CLI) are not re-exported names
            and (
                not inspect.ismodule(obj)
                or name in {"ear", "examples", "exceptions", "screening"}
            )
        } | {"__version__"}
        assert public == set(aicontrols.__all__)
        assert len(aicontrols.__all__) == len(set(aicontrols.__all__))

    def test_contract_names_are_importable(self) -> None:
        """Every name DESIGN.md's contract fixes is importable from `aicontrols`."""
        assert CONTRACT <= set(aicontrols.__all__)

    def test_every_public_name_has_a_docstring(self) -> None:
        """Public classes and functions document themselves."""
        undocumented = [
            name
            for name in aicontrols.__all__
            if (
                inspect.isclass(obj := getattr(aicontrols, name))
                or inspect.isfunction(obj)
            )
            and not inspect.getdoc(obj)
        ]
        assert [] == undocumented

    def test_every_public_name_shows_an_example(self) -> None:
        """Each public class, function and submodule has a doctest example (run by Sybil)."""
        without = [
            name
            for name in aicontrols.__all__
            if name != "__version__"
            and ">>>" not in (inspect.getdoc(getattr(aicontrols, name)) or "")
        ]
        assert [] == without

    def test_every_public_name_is_in_the_api_reference(self) -> None:
        """The API reference pages document each public name."""
        from pathlib import Path

        reference = Path(__file__).parents[1] / "docs" / "reference"
        pages = [reference / "api.md", *sorted((reference / "api").glob("*.md"))]
        text = "".join(page.read_text(encoding="utf-8") for page in pages)
        absent = [
            name
            for name in aicontrols.__all__
            if name not in {"__version__", "exceptions"}
            and f"::: aicontrols.{name}\n" not in text
        ]
        assert [] == absent

    def test_exception_tree(self) -> None:
        """Leaves subclass the stdlib types callers already catch."""
        e = aicontrols.exceptions
        assert issubclass(e.InvalidRegimeError, e.RegimeError)
        assert issubclass(e.InvalidRegimeError, ValueError)
        assert issubclass(e.UnknownReferenceError, LookupError)
        assert issubclass(e.NaiveDateTimeError, e.QueryError)
        assert issubclass(e.QueryError, ValueError)
        assert issubclass(e.UnknownIdError, LookupError)
        assert all(issubclass(getattr(e, n), e.AIControlsError) for n in e.__all__)

    def test_py_typed_is_shipped(self) -> None:
        """The package marks itself as typed."""
        assert importlib.resources.files("aicontrols").joinpath("py.typed").is_file()

    def test_domain_classes_are_frozen(self) -> None:
        """Domain values cannot be changed in place; `attrs.evolve` makes new ones."""
        import attrs
        import pytest

        entity = aicontrols.Entity("a")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            entity.id = "b"  # type: ignore[misc]
        assert "b" == attrs.evolve(entity, id="b").id


class TestCheapImport:
    def test_deciding_needs_no_file_machinery(self) -> None:
        """`import aicontrols` loads neither jsonschema, YAML, the screening lists nor the EAR data."""
        import subprocess
        import sys

        code = (
            "import sys, aicontrols; "
            "print(sorted(m for m in ('jsonschema', 'yaml', 'cattrs', "
            "'aicontrols.files', 'aicontrols.screening', 'aicontrols.examples', "
            "'aicontrols.ear') "
            "if m in sys.modules))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert "[]" == out.strip()

    def test_lazy_names_load_on_first_use(self) -> None:
        """`aicontrols.load_regime` and `aicontrols.examples` work as plain names."""
        from aicontrols import examples, load_regime

        assert examples.load("mythos5") == load_regime(examples.path("mythos5"))
        assert callable(aicontrols.audit)
