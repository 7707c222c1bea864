"""aicontrols: export-control regimes for AI, as dated and cited data.

Ask whether an access to a model was permitted on a date, why, and when that
changes. Everything public is importable from here; the modules behind it are
private.
"""

from . import (
    examples,
    exceptions,
    screening,
)
from ._access import Access
from ._audit import audit
from ._combine import decide
from ._decision import (
    AppliedRestriction,
    Cause,
    Caveat,
    CaveatKind,
    Decision,
    Lift,
    NearMiss,
    Segment,
    Status,
    Timeline,
    Verdict,
)
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
from ._lint import Finding, Severity, lint
from ._notices import NonEnforcement, Notice, Suspension
from ._regime import ChangeKind, DeemedExportRule, Regime, RuleChange
from ._rules import Citation, Effect, Exemption, Restriction, ReviewPolicy
from ._scopes import (
    EVERYTHING,
    AllOf,
    AnyOf,
    ClassifiedAs,
    ComputeRunsAt,
    DestinationIn,
    DestinationInGroup,
    DevelopedBy,
    EmployedBy,
    EntityIs,
    Everything,
    ForeignPerson,
    ItemIs,
    KindIs,
    ModeIs,
    Not,
    OnList,
    OwnedBy,
    OwnedByListed,
    Scope,
    TrainedWithAtLeast,
    TransfersWeights,
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
from .files import dump_regime, load_regime, loads_regime, regime_schema

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
    "CountryGroup",
    "DeemedExportRule",
    "Effect",
    "EntityList",
    "Exemption",
    "Membership",
    "NonEnforcement",
    "Notice",
    "Regime",
    "Restriction",
    "ReviewPolicy",
    "RuleChange",
    "Suspension",
    # Scopes: who, what and how a rule selects
    "EVERYTHING",
    "AllOf",
    "AnyOf",
    "ClassifiedAs",
    "ComputeRunsAt",
    "DestinationIn",
    "DestinationInGroup",
    "DevelopedBy",
    "EmployedBy",
    "EntityIs",
    "Everything",
    "ForeignPerson",
    "ItemIs",
    "KindIs",
    "ModeIs",
    "Not",
    "OnList",
    "OwnedBy",
    "OwnedByListed",
    "Scope",
    "TrainedWithAtLeast",
    "TransfersWeights",
    "WeightsPublished",
    "WithinRequirement",
    # Questions and answers
    "Access",
    "AppliedRestriction",
    "Caveat",
    "CaveatKind",
    "Cause",
    "Decision",
    "Lift",
    "NearMiss",
    "Segment",
    "Status",
    "Timeline",
    "Verdict",
    "decide",
    "audit",
    # Regime files and static checks
    "Finding",
    "Severity",
    "lint",
    "dump_regime",
    "load_regime",
    "loads_regime",
    "regime_schema",
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
    "examples",
    "exceptions",
    "screening",
    "__version__",
]
