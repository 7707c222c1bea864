"""The cattrs converter between regime files' plain data and the domain classes.

Loading and dumping happen here, at the edge: the domain classes never parse.
The converter assumes data the loader has already validated (schema and
semantic checks), so its hooks are plain translations.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .._entities import Citizenship, Employment, Entity, Ownership, Residency
from .._groups import CountryGroup, EntityList, Membership
from .._items import ControlledItem, DeploymentMode, FrozenMap, Parameters
from .._notices import NonEnforcement, Notice, Suspension
from .._regime import Regime
from .._rules import (
    Citation,
    ConditionalReview,
    Rule,
)
from .._scopes import (
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

Raw = dict[str, Any]


def parse_when(text: str) -> dt.date | dt.datetime:
    """A date (`YYYY-MM-DD`) or an instant with an offset; raises ValueError otherwise."""
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("an instant needs an offset")
    return value


def show_when(value: dt.date | dt.datetime) -> str:
    """A date or instant as the file writes it."""
    return value.isoformat()


def _strings(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


# ---------------------------------------------------------------- scopes

_Leaf = Callable[[Any], Scope]

ITEM_LEAVES: dict[str, _Leaf] = {
    "ids": lambda v: ItemIs(_strings(v)),
    "developer": lambda v: DevelopedBy(_strings(v)),
    "classified": lambda v: ClassifiedAs(*next(iter(v.items()))),
    "classification_recorded": lambda v: ClassificationRecorded(v),
    "trained_with_at_least": lambda v: TrainedWithAtLeast(v),
    "parameter_at_least": lambda v: ParameterAtLeast(v["name"], v["value"]),
    "parameter_below": lambda v: ParameterBelow(v["name"], v["value"]),
    "weights_published": lambda v: WeightsPublished(v),
    "within_requirement": lambda v: WithinRequirement(v),
}
MODE_LEAVES: dict[str, _Leaf] = {
    "names": lambda v: ModeIs(_strings(v)),
    "transfers_weights": lambda v: TransfersWeights(v),
    "compute": lambda v: ComputeRunsAt(_strings(v)),
}
RECIPIENT_LEAVES: dict[str, _Leaf] = {
    "foreign_person": lambda v: ForeignPerson(v),
    "destination": lambda v: DestinationIn(_strings(v)),
    "destination_group": lambda v: DestinationInGroup(_strings(v)),
    "located_in": lambda v: LocatedIn(_strings(v)),
    "located_in_group": lambda v: LocatedInGroup(_strings(v)),
    "headquartered_in": lambda v: HeadquarteredIn(_strings(v)),
    "headquartered_in_group": lambda v: HeadquarteredInGroup(_strings(v)),
    "ultimate_parent_headquartered_in_group": lambda v: (
        UltimateParentHeadquarteredInGroup(_strings(v))
    ),
    "origin_in": lambda v: OriginIn(_strings(v)),
    "origin_in_group": lambda v: OriginInGroup(_strings(v)),
    "reexport": lambda v: IsReexport(v),
    "transfer": lambda v: TransferIs(_strings(v)),
    "kind": lambda v: KindIs(_strings(v)),
    "entity": lambda v: EntityIs(_strings(v)),
    "employed_by": lambda v: EmployedBy(_strings(v)),
    "owned_by": lambda v: (
        OwnedBy(_strings(v["ids"]), min_share=v.get("min_share"))
        if isinstance(v, dict)
        else OwnedBy(_strings(v))
    ),
    "on_list": lambda v: OnList(_strings(v)),
    "owned_by_listed": lambda v: (
        OwnedByListed(_strings(v["lists"]), min_share=v.get("min_share"))
        if isinstance(v, dict)
        else OwnedByListed(_strings(v))
    ),
}
LEAVES = {"items": ITEM_LEAVES, "modes": MODE_LEAVES, "recipients": RECIPIENT_LEAVES}


def _sorted(values: frozenset[str]) -> str | list[str]:
    ordered = sorted(values)
    return ordered[0] if len(ordered) == 1 else ordered


def unstructure_scope(scope: Scope) -> Any:
    """The file form of a scope."""
    match scope:
        case Everything():
            return "any"
        case AllOf(scopes=scopes):
            return {"all": [unstructure_scope(s) for s in scopes]}
        case AnyOf(scopes=scopes):
            return {"any": [unstructure_scope(s) for s in scopes]}
        case Not(scope=inner):
            return {"not": unstructure_scope(inner)}
        case ItemIs(ids=ids):
            return {"ids": _sorted(ids)}
        case DevelopedBy(ids=ids):
            return {"developer": _sorted(ids)}
        case ClassifiedAs(scheme=scheme, codes=codes):
            return {"classified": {scheme: _sorted(codes)}}
        case ClassificationRecorded(scheme=scheme):
            return {"classification_recorded": scheme}
        case TrainedWithAtLeast(operations=operations):
            return {"trained_with_at_least": operations}
        case ParameterAtLeast(name=name, value=value):
            return {"parameter_at_least": {"name": name, "value": value}}
        case ParameterBelow(name=name, value=value):
            return {"parameter_below": {"name": name, "value": value}}
        case WeightsPublished(published=published):
            return {"weights_published": published}
        case WithinRequirement(text=text):
            return {"within_requirement": text}
        case ModeIs(names=names):
            return {"names": _sorted(names)}
        case TransfersWeights(transfers=transfers):
            return {"transfers_weights": transfers}
        case ComputeRunsAt(locations=locations):
            return {"compute": _sorted(frozenset(loc.value for loc in locations))}
        case ForeignPerson(foreign=foreign):
            return {"foreign_person": foreign}
        case DestinationIn(countries=countries):
            return {"destination": _sorted(countries)}
        case DestinationInGroup(groups=groups):
            return {"destination_group": _sorted(groups)}
        case LocatedIn(countries=countries):
            return {"located_in": _sorted(countries)}
        case LocatedInGroup(groups=groups):
            return {"located_in_group": _sorted(groups)}
        case HeadquarteredIn(countries=countries):
            return {"headquartered_in": _sorted(countries)}
        case HeadquarteredInGroup(groups=groups):
            return {"headquartered_in_group": _sorted(groups)}
        case UltimateParentHeadquarteredInGroup(groups=groups):
            return {"ultimate_parent_headquartered_in_group": _sorted(groups)}
        case OriginIn(countries=countries):
            return {"origin_in": _sorted(countries)}
        case OriginInGroup(groups=groups):
            return {"origin_in_group": _sorted(groups)}
        case IsReexport(reexport=reexport):
            return {"reexport": reexport}
        case TransferIs(kinds=kinds):
            return {"transfer": _sorted(frozenset(k.value for k in kinds))}
        case AnyParty(scope=inner):
            return {"any_party": unstructure_scope(inner)}
        case KindIs(kinds=kinds):
            return {"kind": _sorted(frozenset(k.value for k in kinds))}
        case EntityIs(ids=ids):
            return {"entity": _sorted(ids)}
        case EmployedBy(ids=ids):
            return {"employed_by": _sorted(ids)}
        case OwnedBy(ids=ids, min_share=None):
            return {"owned_by": _sorted(ids)}
        case OwnedBy(ids=ids, min_share=share):
            return {"owned_by": {"ids": _sorted(ids), "min_share": share}}
        case OnList(lists=lists):
            return {"on_list": _sorted(lists)}
        case OwnedByListed(lists=lists, min_share=None):
            return {"owned_by_listed": _sorted(lists)}
        case OwnedByListed(lists=lists, min_share=share):
            return {"owned_by_listed": {"lists": _sorted(lists), "min_share": share}}
    raise TypeError(f"no file form for scope `{scope!r}`")  # pragma: no cover


# ---------------------------------------------------------------- the converter


def _is_when(kind: Any) -> bool:
    if get_origin(kind) not in (Union, types.UnionType):
        return False
    args = set(get_args(kind)) - {type(None)}
    return args == {dt.date, dt.datetime}


def make_converter() -> cattrs.Converter:
    """The converter for regime files."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=False)
    conv.register_structure_hook_func(
        _is_when, lambda v, _: None if v is None else parse_when(v)
    )
    conv.register_unstructure_hook_func(
        lambda kind: kind in (dt.date, dt.datetime), show_when
    )
    conv.register_structure_hook(FrozenMap, lambda v, _: FrozenMap(v))
    conv.register_unstructure_hook(FrozenMap, dict)
    conv.register_structure_hook(Parameters, lambda v, _: v)  # the item checks it
    conv.register_unstructure_hook(Parameters, dict)
    conv.register_structure_hook(
        frozenset, lambda v, _: frozenset(v)
    )  # pragma: no cover - no frozenset field is read directly
    for cls in (Citation, Citizenship, Residency, Employment, Ownership, Entity,
                ControlledItem, DeploymentMode, Suspension):  # fmt: skip
        conv.register_unstructure_hook(
            cls,
            make_dict_unstructure_fn(
                cls, conv, _cattrs_omit_if_default=True, **_renames(cls)
            ),
        )
    conv.register_unstructure_hook(Scope, unstructure_scope)
    citation = make_dict_structure_fn(Citation, conv)

    def structure_citation(value: Any, _: Any) -> Citation:
        # `reported_by: A Law Firm` is one source: left to cattrs, a string is
        # a sequence and would become its letters
        if isinstance(value, dict) and isinstance(value.get("reported_by"), str):
            value = {**value, "reported_by": [value["reported_by"]]}
        return citation(value, Citation)

    conv.register_structure_hook(Citation, structure_citation)
    conv.register_structure_hook(Membership, _structure_membership)
    conv.register_unstructure_hook(Membership, _unstructure_membership)
    return conv


def _renames(cls: type) -> dict[str, Any]:
    if cls is DeploymentMode:
        # equality ignores the description, but a file keeps it
        return {"description": override(omit_if_default=True)}
    return {}


MEMBER_WHENS = ("start", "end", "published", "end_published")


def _structure_membership(raw: Any, _: Any) -> Membership:
    if isinstance(raw, str):
        return Membership(raw)
    key = "country" if "country" in raw else "entity"

    def when(name: str) -> dt.date | dt.datetime | None:
        value = raw.get(name)
        return None if value is None else parse_when(value)

    return Membership(
        raw[key],
        start=when("start"),
        end=when("end"),
        published=when("published"),
        end_published=when("end_published"),
    )


def _unstructure_membership(m: Membership) -> Any:
    return m.member


CONVERTER = make_converter()


# ---------------------------------------------------------------- pieces
#
# A regime file is built piece by piece (`_build`): each function below builds
# one piece from its file fields, the pieces inside it already built, so that
# a piece its class refuses is reported without hiding the others.

_WHENS = ("published", "effective", "compliance")


def _citation(fields: Raw) -> Citation | None:
    raw = fields.get("citation")
    return None if raw is None else CONVERTER.structure(raw, Citation)


def structure_rule(fields: Raw, cls: type[Rule]) -> Rule:
    """A rule from its fields, its `items`, `modes` and `recipients` scopes built."""
    names = ("id", "items", "modes", "recipients", "description", "effect",
             "review_policy", "lifts", "authorizes", "conditions",
             "conditional_reviews", "treated_as_listed", "not_tracked")  # fmt: skip
    out: Raw = {name: fields[name] for name in names if name in fields}
    if fields.get("expires") is not None:
        out["expires"] = parse_when(fields["expires"])
    return cls(**out, citation=_citation(fields))


def structure_review(fields: Raw) -> ConditionalReview:
    """A restriction's conditional review from its fields, its scopes built."""
    names = ("items", "modes", "recipients", "description", "conditions")
    out: Raw = {name: fields[name] for name in names if name in fields}
    return ConditionalReview(fields["policy"], **out, citation=_citation(fields))


def structure_non_enforcement(fields: Raw) -> NonEnforcement:
    """A non-enforcement statement from its fields, its scopes built."""
    names = ("statement", "items", "modes", "recipients", "conditions")
    out: Raw = {name: fields[name] for name in names if name in fields}
    for name in ("start", "end"):
        if name in fields:
            out[name] = parse_when(fields[name])
    return NonEnforcement(fields["rule"], **out)


def structure_notice(fields: Raw) -> Notice:
    """A notice from its fields, its rules and windows built (`adds` and
    `amends` are lists of rules, restrictions first)."""
    when = {k: parse_when(fields[k]) for k in _WHENS if k in fields}
    return Notice(
        fields["id"],
        title=fields.get("title"),
        citation=_citation(fields),
        adds=fields.get("adds", ()),
        amends=fields.get("amends", ()),
        revokes=fields.get("revokes", ()),
        suspends=fields.get("suspends", ()),
        not_enforced=fields.get("not_enforced", ()),
        corrects=fields.get("corrects", ()),
        retroactive=fields.get("retroactive", False),
        **when,
    )


def structure_member(raw: Any) -> Membership:
    """A member of a country group or entity list: a plain value, or a mapping."""
    return _structure_membership(raw, None)


def structure_group(fields: Raw, cls: type[CountryGroup] | type[EntityList]) -> Any:
    """A country group or entity list from its fields, its members built."""
    more: Raw = {}
    if "caveat" in fields:  # only an entity list has one
        more["caveat"] = fields["caveat"]
    if fields.get("data_from") is not None:  # only a country group has these
        more["data_from"] = parse_when(fields["data_from"])
    if "unknown" in fields:
        more["unknown"] = fields["unknown"]
    return cls(
        fields["id"],
        name=fields.get("name"),
        citation=_citation(fields),
        members=fields.get("members", ()),
        **more,
    )


def structure_entity(fields: Raw) -> Entity:
    """An entity from its fields, its dated facts built."""
    return Entity(**fields)


def structure_header(fields: Raw) -> Regime:
    """A regime with the file's header and nothing else: its own checks run."""
    return Regime(
        fields["id"],
        name=fields.get("name"),
        description=fields.get("description"),
        jurisdiction=fields["jurisdiction"],
        territory=fields.get("territory"),
        timezone=fields["timezone"],
        deemed_export_rule=fields.get("deemed_export_rule", "most_recent"),
        citation=_citation(fields),
        country_groups_from=fields.get("country_groups_from"),
    )


__all__ = [
    "CONVERTER",
    "LEAVES",
    "RECIPIENT_LEAVES",
    "parse_when",
    "structure_entity",
    "structure_group",
    "structure_header",
    "structure_member",
    "structure_non_enforcement",
    "structure_notice",
    "structure_review",
    "structure_rule",
    "MEMBER_WHENS",
    "show_when",
    "unstructure_scope",
]
_ = attrs  # attrs classes are what the converter reads
