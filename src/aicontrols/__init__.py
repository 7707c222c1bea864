"""aicontrols: export-control regimes for AI, as dated and cited data.

Ask whether an access to a model was permitted on a date, why, and when that
changes. Everything public is importable from here; the modules behind it are
private.
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from . import exceptions
from ._access import Access, Party, PartyRole, Transfer
from ._entities import (
    Citizenship,
    Employment,
    Entity,
    EntityKind,
    Ownership,
    Residency,
)
from ._groups import CountryGroup, EntityList, Membership
from ._items import ComputeLocation, ControlledItem, DeploymentMode
from ._notices import NonEnforcement, Notice, Suspension
from ._regime import DeemedExportRule, Regime
from ._rules import (
    Citation,
    ConditionalReview,
    Effect,
    Exemption,
    License,
    Restriction,
    ReviewPolicy,
)
from ._scopes import (
    EVERYTHING,
    AllOf,
    AnyOf,
    AnyParty,
    ClassificationRecorded,
    ClassifiedAs,
    ComputeRunsAt,
    DestinationIn,
    DestinationInGroup,
    DevelopedBy,
    EmployedBy,
    EntityIs,
    Everything,
    ForeignPerson,
    HeadquarteredIn,
    HeadquarteredInGroup,
    IsReexport,
    ItemIs,
    KindIs,
    LocatedIn,
    LocatedInGroup,
    ModeIs,
    Not,
    OnList,
    OriginIn,
    OriginInGroup,
    OwnedBy,
    OwnedByListed,
    ParameterAtLeast,
    ParameterBelow,
    Scope,
    TrainedWithAtLeast,
    TransferIs,
    TransfersWeights,
    UltimateParentHeadquarteredInGroup,
    WeightsPublished,
    WithinRequirement,
)
from .exceptions import (
    AIControlsError,
    AuditRowError,
    CatalogConflictError,
    InvalidRegimeError,
    NaiveDateTimeError,
    QueryError,
    RegimeError,
    RegimeFileError,
    ScreeningFileError,
    UnknownIdError,
    UnknownReferenceError,
)

if _TYPE_CHECKING:
    from . import ear, examples, screening
    from ._affiliates import OwnerEntry, TreatedAsListed
    from ._audit import audit
    from ._changes import ChangeKind, RuleChange
    from ._combine import decide
    from ._decision import Decision, Segment
    from ._impact import impact
    from ._impact_parts import Impact
    from ._lint import Finding, Severity, lint
    from ._options import Option, Options
    from ._outlook import Outlook, Remedy, RemedyKind
    from ._reasons import (
        AppliedRestriction,
        Cause,
        Caveat,
        CaveatKind,
        Lift,
        NearMiss,
        Status,
        Verdict,
    )
    from ._report import regime_markdown
    from ._report_html import regime_html
    from ._reviews import ReviewNearMiss
    from ._timeline import Timeline
    from .files import dump_regime, load_regime, loads_regime, regime_schema

# Imported on first use. `import aicontrols` loads the model (what a regime is
# built from); the answers load with the engine, on the first regime built, and
# the layers (regime files and their schema, screening lists, audits, the
# linter) when first named, so a program that only decides never loads them.
_LAZY: dict[str, tuple[str, str | None]] = {
    **{
        name: ("._reasons", name)
        for name in (
            "AppliedRestriction",
            "Cause",
            "Caveat",
            "CaveatKind",
            "Lift",
            "NearMiss",
            "Status",
            "Verdict",
        )
    },
    "ReviewNearMiss": ("._reviews", "ReviewNearMiss"),
    "OwnerEntry": ("._affiliates", "OwnerEntry"),
    "TreatedAsListed": ("._affiliates", "TreatedAsListed"),
    "Decision": ("._decision", "Decision"),
    "Segment": ("._decision", "Segment"),
    "Timeline": ("._timeline", "Timeline"),
    "Option": ("._options", "Option"),
    "Options": ("._options", "Options"),
    "Outlook": ("._outlook", "Outlook"),
    "Remedy": ("._outlook", "Remedy"),
    "RemedyKind": ("._outlook", "RemedyKind"),
    "ChangeKind": ("._changes", "ChangeKind"),
    "RuleChange": ("._changes", "RuleChange"),
    "decide": ("._combine", "decide"),
    "Impact": ("._impact_parts", "Impact"),
    "impact": ("._impact", "impact"),
    "Finding": ("._lint", "Finding"),
    "Severity": ("._lint", "Severity"),
    "lint": ("._lint", "lint"),
    "ear": (".ear", None),
    "examples": (".examples", None),
    "screening": (".screening", None),
    "audit": ("._audit", "audit"),
    "dump_regime": (".files", "dump_regime"),
    "load_regime": (".files", "load_regime"),
    "loads_regime": (".files", "loads_regime"),
    "regime_schema": (".files", "regime_schema"),
    "regime_markdown": ("._report", "regime_markdown"),
    "regime_html": ("._report_html", "regime_html"),
}


def __getattr__(name: str) -> _Any:
    """Import a lazily loaded public name on first use (PEP 562)."""
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = _importlib.import_module(module, __name__)
    if attribute is not None:
        value = getattr(value, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the lazily loaded ones included."""
    return sorted({*globals(), *_LAZY})


__version__ = "0.1.0.dev0"

__all__ = [
    # Who: entities and their dated facts
    "Citizenship",
    "Employment",
    "Entity",
    "EntityKind",
    "Ownership",
    "Residency",
    # What and how: items and deployment modes
    "ComputeLocation",
    "ControlledItem",
    "DeploymentMode",
    # Rules, notices and the regime
    "ChangeKind",
    "Citation",
    "ConditionalReview",
    "CountryGroup",
    "DeemedExportRule",
    "Effect",
    "EntityList",
    "Exemption",
    "License",
    "Membership",
    "NonEnforcement",
    "Notice",
    "Regime",
    "Restriction",
    "ReviewPolicy",
    "RuleChange",
    "Suspension",
    # Scopes: who, what, how and where a rule selects
    "EVERYTHING",
    "AllOf",
    "AnyOf",
    "AnyParty",
    "ClassificationRecorded",
    "ClassifiedAs",
    "ComputeRunsAt",
    "DestinationIn",
    "DestinationInGroup",
    "DevelopedBy",
    "EmployedBy",
    "EntityIs",
    "Everything",
    "ForeignPerson",
    "HeadquarteredIn",
    "HeadquarteredInGroup",
    "IsReexport",
    "ItemIs",
    "KindIs",
    "LocatedIn",
    "LocatedInGroup",
    "ModeIs",
    "Not",
    "OnList",
    "OriginIn",
    "OriginInGroup",
    "OwnedBy",
    "OwnedByListed",
    "ParameterAtLeast",
    "ParameterBelow",
    "Scope",
    "TrainedWithAtLeast",
    "TransferIs",
    "TransfersWeights",
    "UltimateParentHeadquarteredInGroup",
    "WeightsPublished",
    "WithinRequirement",
    # Questions and answers
    "Access",
    "Party",
    "PartyRole",
    "Transfer",
    "AppliedRestriction",
    "Caveat",
    "CaveatKind",
    "Cause",
    "Decision",
    "Lift",
    "NearMiss",
    "ReviewNearMiss",
    "OwnerEntry",
    "Segment",
    "Status",
    "Timeline",
    "TreatedAsListed",
    "Verdict",
    "decide",
    "audit",
    # What is allowed, and what would change it
    "Option",
    "Options",
    "Outlook",
    "Remedy",
    "RemedyKind",
    # The impact of a draft or new notice
    "Impact",
    "impact",
    # Regime files, static checks and pages
    "Finding",
    "Severity",
    "lint",
    "dump_regime",
    "load_regime",
    "loads_regime",
    "regime_schema",
    "regime_markdown",
    "regime_html",
    # Errors
    "AIControlsError",
    "AuditRowError",
    "CatalogConflictError",
    "InvalidRegimeError",
    "NaiveDateTimeError",
    "QueryError",
    "RegimeError",
    "RegimeFileError",
    "ScreeningFileError",
    "UnknownIdError",
    "UnknownReferenceError",
    # Submodules
    "ear",
    "examples",
    "exceptions",
    "screening",
    "__version__",
]
