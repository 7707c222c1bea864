"""The pieces of the regime file's JSON Schema: its building helpers and scopes.

`_schema` assembles the whole schema from these; they live apart to keep each
module short. Everything here is internal to `aicontrols.files`.
"""

from __future__ import annotations

from typing import Any

from .._items import PARAMETERS as ITEM_PARAMETERS

Json = dict[str, Any]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/+@-]*$"
WHEN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:[0-9]{2}))?$"
)


KIND_NAMES = [
    "individual",
    "company",
    "government_agency",
    "university",
    "nonprofit",
    "international_organization",
]
KINDS: Json = {"enum": KIND_NAMES}
TRANSFER_NAMES = [
    "export",
    "reexport",
    "in_country_transfer",
    "deemed_export",
    "deemed_reexport",
    "domestic",
]
TRANSFERS: Json = {"enum": TRANSFER_NAMES}


def ref(name: str) -> Json:
    return {"$ref": f"#/$defs/{name}"}


def obj(
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


def list_of(item: Json, description: str = "", *, min_items: int = 0) -> Json:
    schema: Json = {"type": "array", "items": item}
    if min_items:
        schema["minItems"] = min_items
    if description:
        schema["description"] = description
    return schema


def ids(description: str) -> Json:
    return {
        "anyOf": [ref("id"), list_of(ref("id"), min_items=1)],
        "description": description,
    }


POLICIES = [
    "presumption_of_approval",
    "case_by_case",
    "presumption_of_denial",
    "policy_of_denial",
]

# The names a parameter scope reads: the item parameters and
# `training_operations`, from the one list the loader checks items against.
PARAMETERS = list(ITEM_PARAMETERS)


def number(description: str) -> Json:
    return {"type": "number", "minimum": 0, "description": description}


def parameter_test(words: str) -> Json:
    return obj(
        {
            "name": {"enum": PARAMETERS},
            "value": {"type": "number", "minimum": 0},
        },
        ("name", "value"),
        f"the item's parameter `name` is {words} `value`",
    )


def scope_def(name: str, leaves: Json, words: str) -> Json:
    keys = sorted([*leaves, "all", "any", "not"])
    properties = {
        **leaves,
        "all": list_of(ref(name), f"all of these {words} scopes", min_items=1),
        "any": list_of(ref(name), f"any of these {words} scopes", min_items=1),
        "not": ref(name),
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


def rule_fields() -> Json:
    return {
        "id": ref("id"),
        "description": {"type": "string"},
        "citation": ref("citation"),
        "items": ref("item_scope"),
        "modes": ref("mode_scope"),
        "recipients": ref("recipient_scope"),
    }


def rules() -> Json:
    return obj(
        {
            "restrictions": list_of(ref("restriction")),
            "exemptions": list_of(ref("exemption")),
            "licenses": list_of(ref("license")),
        },
        description="restrictions, exemptions and licenses",
    )


def dated(name: str, value: Json, required: tuple[str, ...], **more: Json) -> Json:
    return obj(
        {name: value, "start": ref("when"), "end": ref("when"), **more},
        required,
    )


def member(value: Json, key: str, **more: Json) -> Json:
    *first, last = [f"`{k}`" for k in (key, "start", "end", *more)]
    return {
        "description": f"a {key} or a mapping with {', '.join(first)} and {last}",
        "anyOf": [value, dated(key, value, (key,), **more)],
    }


SCOPE_DEFS: Json = {
    "item_scope": scope_def(
        "item_scope",
        {
            "ids": ids("item ids"),
            "developer": ids("developer entity ids"),
            "classified": {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": {
                    "anyOf": [
                        {"type": "string"},
                        list_of({"type": "string"}, min_items=1),
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
            "parameter_at_least": parameter_test("at least"),
            "parameter_below": parameter_test("below (strictly)"),
            "weights_published": {"type": "boolean"},
            "within_requirement": {
                "type": "string",
                "pattern": r"\S",
                "description": "the text of a license requirement (not blank)",
            },
        },
        "item",
    ),
    "mode_scope": scope_def(
        "mode_scope",
        {
            "names": {
                "anyOf": [{"type": "string"}, list_of({"type": "string"}, min_items=1)],
                "description": "mode names",
            },
            "transfers_weights": {"type": "boolean"},
            "compute": {
                "anyOf": [
                    {"enum": ["recipient", "provider", "third_party_cloud"]},
                    list_of(
                        {"enum": ["recipient", "provider", "third_party_cloud"]},
                        min_items=1,
                    ),
                ],
                "description": "`recipient`, `provider` or `third_party_cloud`",
            },
        },
        "mode",
    ),
    "recipient_scope": scope_def(
        "recipient_scope",
        {
            "foreign_person": {"type": "boolean"},
            "destination": {
                "anyOf": [ref("country"), list_of(ref("country"), min_items=1)],
                "description": "country codes",
            },
            "destination_group": ids("country group ids"),
            "located_in": {
                "anyOf": [ref("country"), list_of(ref("country"), min_items=1)],
                "description": "country codes where the recipient receives the access",
            },
            "located_in_group": ids(
                "country group ids; the recipient receives the access in a member"
            ),
            "headquartered_in": {
                "anyOf": [ref("country"), list_of(ref("country"), min_items=1)],
                "description": "country codes of the recipient's headquarters",
            },
            "headquartered_in_group": ids(
                "country group ids; the recipient is headquartered in a member"
            ),
            "ultimate_parent_headquartered_in_group": ids(
                "country group ids; the recipient's ultimate parent (by majority "
                "ownership) is headquartered in a member"
            ),
            "origin_in": {
                "anyOf": [ref("country"), list_of(ref("country"), min_items=1)],
                "description": "country codes the item leaves (an access without "
                "an origin leaves the jurisdiction)",
            },
            "origin_in_group": ids(
                "country group ids; the item leaves a member (an access without "
                "an origin leaves the jurisdiction)"
            ),
            "reexport": {
                "type": "boolean",
                "description": "`true`: reexports and deemed reexports (15 CFR "
                "734.14); `false`: every other access",
            },
            "transfer": {
                "anyOf": [TRANSFERS, list_of(TRANSFERS, min_items=1)],
                "description": "kinds of transfer: "
                + ", ".join(f"`{k}`" for k in TRANSFER_NAMES),
            },
            "any_party": {
                **ref("recipient_scope"),
                "description": "a recipient scope, read for the recipient and for "
                "each other party to the transaction: any one suffices",
            },
            "kind": {
                "anyOf": [KINDS, list_of(KINDS, min_items=1)],
                "description": "entity kinds: "
                + ", ".join(f"`{k}`" for k in KIND_NAMES),
            },
            "entity": ids("entity ids"),
            "employed_by": ids("employer entity ids"),
            "owned_by": {
                "anyOf": [
                    ref("id"),
                    list_of(ref("id"), min_items=1),
                    obj(
                        {
                            "ids": ids("owner entity ids"),
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
            "on_list": ids("entity list ids"),
            "owned_by_listed": {
                "anyOf": [
                    ref("id"),
                    list_of(ref("id"), min_items=1),
                    obj(
                        {
                            "lists": ids("entity list ids"),
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
}
