"""Typed, composable, serialisable predicates over items, modes and recipients.

A scope is data, never a Python callable: it can be compared, hashed, written to
a regime file and described in words. Scopes answer in three values (`Tri`):
a fact the regime needs but does not have makes a leaf `UNKNOWN`, and the
combinators follow Kleene's logic, so an unknown fact only matters where it
could change the answer.

The protocol and the combinators are in `base`, the scopes that read the item
or the mode in `items`, those that read who the recipient is in `parties`, and
those that read where the recipient is in `places`, those that read
where it or its ultimate parent is headquartered in `headquarters`, those
that read where the item leaves from and the kind of transfer in
`transfers`, and `AnyParty`, which reads every party to the transaction, in
`any_party`; this package re-exports them all.
"""

from __future__ import annotations

from .._tri import Tri
from .any_party import AnyParty
from .base import EVERYTHING, AllOf, AnyOf, Everything, Not, Scope, Target
from .headquarters import (
    HeadquarteredIn,
    HeadquarteredInGroup,
    UltimateParentHeadquarteredInGroup,
)
from .items import (
    ClassificationRecorded,
    ClassifiedAs,
    ComputeRunsAt,
    DevelopedBy,
    ItemIs,
    ModeIs,
    ParameterAtLeast,
    ParameterBelow,
    TrainedWithAtLeast,
    TransfersWeights,
    WeightsPublished,
    WithinRequirement,
)
from .parties import (
    DestinationIn,
    DestinationInGroup,
    EmployedBy,
    EntityIs,
    ForeignPerson,
    KindIs,
    OnList,
    OwnedBy,
    OwnedByListed,
)
from .places import LocatedIn, LocatedInGroup
from .transfers import IsReexport, OriginIn, OriginInGroup, TransferIs

__all__ = [
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
    "Target",
    "TransferIs",
    "TrainedWithAtLeast",
    "TransfersWeights",
    "UltimateParentHeadquarteredInGroup",
    "Tri",
    "WeightsPublished",
    "WithinRequirement",
]
