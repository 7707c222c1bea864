"""The JSON Schema of the regime file format.

The loader validates every file against this schema before it reads a value,
so the schema and the loader cannot drift apart; the copy shipped as
`regime.schema.json` is checked against it by the tests.
"""

from __future__ import annotations

from typing import Any

SCHEMA_ID = "https://aicontrols.dev/schemas/regime/1.json"

COUNTRY_FORMAT = "aicontrols-country"
"""The schema's format of a country code: checked against ISO 3166-1 by aicontrols."""
JURISDICTION_FORMAT = "aicontrols-jurisdiction"
"""The schema's format of a jurisdiction: a country code or a union such as `EU`."""
_ID = r"^[A-Za-z0-9][A-Za-z0-9._:/+@-]*$"
_WHEN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:[0-9]{2}))?$"
)

Json = dict[str, Any]

_KIND_NAMES = [
    "individual",
    "company",
    "government_agency",
    "university",
    "nonprofit",
    "international_organization",
]
_KINDS: Json = {"enum": _KIND_NAMES}
_TRANSFER_NAMES = [
    "export",
    "reexport",
    "in_country_transfer",
    "deemed_export",
    "deemed_reexport",
    "domestic",
]
_TRANSFERS: Json = {"enum": _TRANSFER_NAMES}


def _ref(name: str) -> Json:
    return {"$ref": f"#/$defs/{name}"}


def _obj(
    properties: Json, required: tuple[str, ...] = (), description: str = ""
) -> Json:
    schema: Json = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def _list(item: Json, description: str = "", *, min_items: int = 0) -> Json:
    schema: Json = {"type": "array", "items": item}
    if min_items:
        schema["minItems"] = min_items
    if description:
        schema["description"] = description
    return schema


def _ids(description: str) -> Json:
    return {
        "anyOf": [_ref("id"), _list(_ref("id"), min_items=1)],
        "description": description,
    }


_POLICIES = [
    "presumption_of_approval",
    "case_by_case",
    "presumption_of_denial",
    "policy_of_denial",
]

_PARAMETERS = [
    "tpp",
    "performance_density",
    "dram_bandwidth_gbps",
    "training_operations",
]


def _number(description: str) -> Json:
    return {"type": "number", "minimum": 0, "description": description}


def _parameter_test(words: str) -> Json:
    return _obj(
        {
            "name": {"enum": _PARAMETERS},
            "value": {"type": "number", "minimum": 0},
        },
        ("name", "value"),
        f"the item's parameter `name` is {words} `value`",
    )


def _scope(name: str, leaves: Json, words: str) -> Json:
    keys = sorted([*leaves, "all", "any", "not"])
    properties = {
        **leaves,
        "all": _list(_ref(name), f"all of these {words} scopes", min_items=1),
        "any": _list(_ref(name), f"any of these {words} scopes", min_items=1),
        "not": _ref(name),
    }
    return {
        "description": f"`any`, or a mapping with exactly one of: {', '.join(keys)}",
        "anyOf": [
            {"const": "any"},
            {
                "type": "object",
                "properties": properties,
                "additionalProperties": False,
                "minProperties": 1,
                "maxProperties": 1,
            },
        ],
    }


def _rule_fields() -> Json:
    return {
        "id": _ref("id"),
        "description": {"type": "string"},
        "citation": _ref("citation"),
        "items": _ref("item_scope"),
        "modes": _ref("mode_scope"),
        "recipients": _ref("recipient_scope"),
    }


def _rules() -> Json:
    return _obj(
        {
            "restrictions": _list(_ref("restriction")),
            "exemptions": _list(_ref("exemption")),
            "licenses": _list(_ref("license")),
        },
        description="restrictions, exemptions and licenses",
    )


def _dated(name: str, value: Json, required: tuple[str, ...], **more: Json) -> Json:
    return _obj(
        {name: value, "start": _ref("when"), "end": _ref("when"), **more},
        required,
    )


def _member(value: Json, key: str, **more: Json) -> Json:
    *first, last = [f"`{k}`" for k in (key, "start", "end", *more)]
    return {
        "description": f"a {key} or a mapping with {', '.join(first)} and {last}",
        "anyOf": [value, _dated(key, value, (key,), **more)],
    }


DEFS: Json = {
    "id": {
        "type": "string",
        "pattern": _ID,
        "description": "an id: letters, digits and `-._:/+@`, starting with a letter or digit",
    },
    "country": {
        "type": "string",
        "pattern": "^[A-Za-z]{2}$",
        "format": COUNTRY_FORMAT,
        "description": "an ISO 3166-1 alpha-2 country code (or `XK`, Kosovo)",
    },
    "jurisdiction": {
        "type": "string",
        "pattern": "^[A-Za-z]{2}$",
        "format": JURISDICTION_FORMAT,
        "description": "an ISO 3166-1 alpha-2 country code, or a union such as `EU`",
    },
    "when": {
        "type": "string",
        "pattern": _WHEN,
        "description": "a date (YYYY-MM-DD) or an instant with an offset "
        "(YYYY-MM-DDTHH:MM[:SS]±HH:MM)",
    },
    "citation": _obj(
        {
            "source": {"type": "string", "minLength": 1},
            "title": {"type": "string"},
            "url": {"type": "string"},
            "reported_by": {
                "anyOf": [{"type": "string"}, _list({"type": "string"})],
                "description": "a source or a list of sources",
            },
            "note": {"type": "string"},
        },
        ("source",),
        "a citation: `source` and optionally `title`, `url`, `reported_by`, `note`",
    ),
    "entity": _obj(
        {
            "id": _ref("id"),
            "name": {"type": "string"},
            "kind": _KINDS,
            "country": _ref("country"),
            "headquarters": _ref("country"),
            "citizenships": _list(_dated("country", _ref("country"), ("country",))),
            "residencies": _list(_dated("country", _ref("country"), ("country",))),
            "employments": _list(_dated("employer", _ref("id"), ("employer",))),
            "owners": _list(
                _dated(
                    "owner",
                    _ref("id"),
                    ("owner",),
                    share={"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                )
            ),
            "aliases": _list(
                {"type": "string", "minLength": 1}, "other names of the party"
            ),
            "address_countries": _list(
                _ref("country"), "countries of the party's known addresses"
            ),
            "same_as": _list(
                _ref("id"), "ids of entities confirmed to be the same party"
            ),
        },
        ("id",),
    ),
    "item": _obj(
        {
            "id": _ref("id"),
            "name": {"type": "string"},
            "developer": _ref("id"),
            "classifications": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "codes by scheme, e.g. `ECCN: 4E091`",
            },
            "training_operations": {"type": "number", "minimum": 0},
            "weights_published": {"type": "boolean"},
            "parameters": _obj(
                {
                    "tpp": _number("total processing performance (ECCN 3A090)"),
                    "performance_density": _number(
                        "TPP per square millimetre of applicable die area (ECCN 3A090)"
                    ),
                    "dram_bandwidth_gbps": _number("total DRAM bandwidth in GB/s"),
                },
                description="technical parameters; training compute goes in "
                "`training_operations`",
            ),
        },
        ("id",),
    ),
    "mode": _obj(
        {
            "name": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "transfers_weights": {"type": "boolean"},
            "compute": {"enum": ["recipient", "provider", "third_party_cloud"]},
            "description": {"type": "string"},
        },
        ("name", "transfers_weights", "compute"),
    ),
    "country_group": _obj(
        {
            "id": _ref("id"),
            "name": {"type": "string"},
            "citation": _ref("citation"),
            "members": _list(
                _member(
                    _ref("country"),
                    "country",
                    published=_ref("when"),
                    end_published=_ref("when"),
                )
            ),
        },
        ("id",),
    ),
    "entity_list": _obj(
        {
            "id": _ref("id"),
            "name": {"type": "string"},
            "citation": _ref("citation"),
            "caveat": {"type": "string", "minLength": 1},
            "members": _list(
                _member(
                    _ref("id"),
                    "entity",
                    published=_ref("when"),
                    end_published=_ref("when"),
                )
            ),
        },
        ("id",),
    ),
    "item_scope": _scope(
        "item_scope",
        {
            "ids": _ids("item ids"),
            "developer": _ids("developer entity ids"),
            "classified": {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": {
                    "anyOf": [
                        {"type": "string"},
                        _list({"type": "string"}, min_items=1),
                    ],
                    "description": "a code or a list of codes",
                },
                "description": "one scheme and its codes, e.g. `{ECCN: [4E091]}`",
            },
            "classification_recorded": {
                "type": "string",
                "description": "a scheme, e.g. `ECCN`: the item records a code under it",
            },
            "trained_with_at_least": {"type": "number", "minimum": 0},
            "parameter_at_least": _parameter_test("at least"),
            "parameter_below": _parameter_test("below (strictly)"),
            "weights_published": {"type": "boolean"},
            "within_requirement": {
                "type": "string",
                "pattern": r"\S",
                "description": "the text of a license requirement (not blank)",
            },
        },
        "item",
    ),
    "mode_scope": _scope(
        "mode_scope",
        {
            "names": {
                "anyOf": [{"type": "string"}, _list({"type": "string"}, min_items=1)],
                "description": "mode names",
            },
            "transfers_weights": {"type": "boolean"},
            "compute": {
                "anyOf": [
                    {"enum": ["recipient", "provider", "third_party_cloud"]},
                    _list(
                        {"enum": ["recipient", "provider", "third_party_cloud"]},
                        min_items=1,
                    ),
                ],
                "description": "`recipient`, `provider` or `third_party_cloud`",
            },
        },
        "mode",
    ),
    "recipient_scope": _scope(
        "recipient_scope",
        {
            "foreign_person": {"type": "boolean"},
            "destination": {
                "anyOf": [_ref("country"), _list(_ref("country"), min_items=1)],
                "description": "country codes",
            },
            "destination_group": _ids("country group ids"),
            "located_in": {
                "anyOf": [_ref("country"), _list(_ref("country"), min_items=1)],
                "description": "country codes where the recipient receives the access",
            },
            "located_in_group": _ids(
                "country group ids; the recipient receives the access in a member"
            ),
            "headquartered_in": {
                "anyOf": [_ref("country"), _list(_ref("country"), min_items=1)],
                "description": "country codes of the recipient's headquarters",
            },
            "headquartered_in_group": _ids(
                "country group ids; the recipient is headquartered in a member"
            ),
            "ultimate_parent_headquartered_in_group": _ids(
                "country group ids; the recipient's ultimate parent (by majority "
                "ownership) is headquartered in a member"
            ),
            "origin_in": {
                "anyOf": [_ref("country"), _list(_ref("country"), min_items=1)],
                "description": "country codes the item leaves (an access without "
                "an origin leaves the jurisdiction)",
            },
            "reexport": {
                "type": "boolean",
                "description": "`true`: reexports and deemed reexports (15 CFR "
                "734.14); `false`: every other access",
            },
            "transfer": {
                "anyOf": [_TRANSFERS, _list(_TRANSFERS, min_items=1)],
                "description": "kinds of transfer: "
                + ", ".join(f"`{k}`" for k in _TRANSFER_NAMES),
            },
            "any_party": {
                **_ref("recipient_scope"),
                "description": "a recipient scope, read for the recipient and for "
                "each other party to the transaction: any one suffices",
            },
            "kind": {
                "anyOf": [_KINDS, _list(_KINDS, min_items=1)],
                "description": "entity kinds: "
                + ", ".join(f"`{k}`" for k in _KIND_NAMES),
            },
            "entity": _ids("entity ids"),
            "employed_by": _ids("employer entity ids"),
            "owned_by": {
                "anyOf": [
                    _ref("id"),
                    _list(_ref("id"), min_items=1),
                    _obj(
                        {
                            "ids": _ids("owner entity ids"),
                            "min_share": {
                                "type": "number",
                                "exclusiveMinimum": 0,
                                "maximum": 1,
                            },
                        },
                        ("ids",),
                    ),
                ],
                "description": "owner ids, or `{ids: [...], min_share: 0.5}`",
            },
            "on_list": _ids("entity list ids"),
            "owned_by_listed": {
                "anyOf": [
                    _ref("id"),
                    _list(_ref("id"), min_items=1),
                    _obj(
                        {
                            "lists": _ids("entity list ids"),
                            "min_share": {
                                "type": "number",
                                "exclusiveMinimum": 0,
                                "maximum": 1,
                            },
                        },
                        ("lists",),
                    ),
                ],
                "description": "entity list ids, or `{lists: [...], min_share: 0.5}`",
            },
        },
        "recipient",
    ),
    "restriction": _obj(
        {
            **_rule_fields(),
            "effect": {"enum": ["license_required", "prohibited"]},
            "review_policy": {"enum": [*_POLICIES, None]},
            "conditional_reviews": _list(
                _ref("conditional_review"),
                "review policies that replace `review_policy` for the accesses "
                "they select, their conditions attested",
            ),
            "treated_as_listed": {
                "type": "boolean",
                "description": "treat the recipient as the listed parties that own "
                "it (one `owned_by_listed` in `recipients`): their entries give the "
                "effect and review policy",
            },
        },
        ("id",),
    ),
    "conditional_review": _obj(
        {
            "policy": {"enum": _POLICIES},
            "conditions": _list({"type": "string", "minLength": 1}),
            "items": _ref("item_scope"),
            "modes": _ref("mode_scope"),
            "recipients": _ref("recipient_scope"),
            "description": {"type": "string"},
            "citation": _ref("citation"),
        },
        ("policy",),
        "a review policy for the accesses its scopes select, when every "
        "condition is attested",
    ),
    "exemption": _obj(
        {
            **_rule_fields(),
            "lifts": _list(_ref("id"), "ids of the restrictions it lifts", min_items=1),
            "conditions": _list({"type": "string", "minLength": 1}),
        },
        ("id", "lifts"),
    ),
    "license": _obj(
        {
            **_rule_fields(),
            "authorizes": _list(
                _ref("id"), "ids of the restrictions it authorizes", min_items=1
            ),
            "expires": _ref("when"),
            "conditions": _list({"type": "string", "minLength": 1}),
        },
        ("id", "authorizes"),
    ),
    "notice": _obj(
        {
            "id": _ref("id"),
            "title": {"type": "string"},
            "citation": _ref("citation"),
            "published": _ref("when"),
            "effective": _ref("when"),
            "compliance": _ref("when"),
            "retroactive": {"type": "boolean"},
            "corrects": _list(_ref("id")),
            "adds": _rules(),
            "amends": _rules(),
            "revokes": _list(_ref("id")),
            "suspends": _list(
                _obj(
                    {
                        "rule": _ref("id"),
                        "start": _ref("when"),
                        "end": _ref("when"),
                        "reason": {"type": "string"},
                    },
                    ("rule",),
                )
            ),
            "not_enforced": _list(
                _obj(
                    {
                        "rule": _ref("id"),
                        "statement": {"type": "string", "minLength": 1},
                        "start": _ref("when"),
                        "end": _ref("when"),
                        "items": _ref("item_scope"),
                        "modes": _ref("mode_scope"),
                        "recipients": _ref("recipient_scope"),
                        "conditions": _list({"type": "string", "minLength": 1}),
                    },
                    ("rule", "statement"),
                )
            ),
        },
        ("id", "published", "effective"),
    ),
}

SCHEMA: Json = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "aicontrols regime",
    "description": "An export-control regime for AI models, built from dated notices.",
    **_obj(
        {
            "id": _ref("id"),
            "name": {"type": "string"},
            "description": {"type": "string"},
            "jurisdiction": _ref("jurisdiction"),
            "territory": _list(_ref("country"), min_items=1),
            "timezone": {"type": "string", "description": "an IANA timezone name"},
            "deemed_export_rule": {"enum": ["most_recent", "all"]},
            "citation": _ref("citation"),
            "modes": _list(_ref("mode")),
            "country_groups": _list(_ref("country_group")),
            "entity_lists": _list(_ref("entity_list")),
            "catalog": _obj(
                {"entities": _list(_ref("entity")), "items": _list(_ref("item"))}
            ),
            "notices": _list(_ref("notice")),
        },
        ("id", "jurisdiction", "timezone"),
    ),
    "$defs": DEFS,
}


def regime_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of regime files, as a fresh dict.

    Examples:
        >>> import aicontrols
        >>> schema = aicontrols.regime_schema()
        >>> schema["required"]
        ['id', 'jurisdiction', 'timezone']
    """
    import copy

    return copy.deepcopy(SCHEMA)
