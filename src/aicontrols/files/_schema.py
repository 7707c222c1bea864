"""The JSON Schema of the regime file format.

The loader validates every file against this schema before it reads a value,
so the schema and the loader cannot drift apart; the copy shipped as
`regime.schema.json` is checked against it by the tests.
"""

from __future__ import annotations

from typing import Any

from .._reference_data import GROUP_SETS
from ._schema_parts import (
    ID_PATTERN,
    KINDS,
    POLICIES,
    SCOPE_DEFS,
    WHEN,
    Json,
    dated,
    list_of,
    member,
    number,
    obj,
    ref,
    rule_fields,
    rules,
)

SCHEMA_ID = "https://aicontrols.dev/schemas/regime/1.json"

COUNTRY_FORMAT = "aicontrols-country"
"""The schema's format of a country code: checked against ISO 3166-1 by aicontrols."""
JURISDICTION_FORMAT = "aicontrols-jurisdiction"
"""The schema's format of a jurisdiction: a country code or a union such as `EU`."""
DEFS: Json = {
    "id": {
        "type": "string",
        "pattern": ID_PATTERN,
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
        "pattern": WHEN,
        "description": "a date (YYYY-MM-DD) or an instant with an offset "
        "(YYYY-MM-DDTHH:MM[:SS]±HH:MM)",
    },
    "citation": obj(
        {
            "source": {"type": "string", "minLength": 1},
            "title": {"type": "string"},
            "url": {"type": "string"},
            "reported_by": {
                "anyOf": [{"type": "string"}, list_of({"type": "string"})],
                "description": "a source or a list of sources",
            },
            "note": {"type": "string"},
        },
        ("source",),
        "a citation: `source` and optionally `title`, `url`, `reported_by`, `note`",
    ),
    "entity": obj(
        {
            "id": ref("id"),
            "name": {"type": "string"},
            "kind": KINDS,
            "country": ref("country"),
            "headquarters": ref("country"),
            "citizenships": list_of(dated("country", ref("country"), ("country",))),
            "residencies": list_of(dated("country", ref("country"), ("country",))),
            "employments": list_of(dated("employer", ref("id"), ("employer",))),
            "owners": list_of(
                dated(
                    "owner",
                    ref("id"),
                    ("owner",),
                    share={"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                )
            ),
            "aliases": list_of(
                {"type": "string", "minLength": 1}, "other names of the party"
            ),
            "address_countries": list_of(
                ref("country"), "countries of the party's known addresses"
            ),
            "same_as": list_of(
                ref("id"), "ids of entities confirmed to be the same party"
            ),
        },
        ("id",),
    ),
    "item": obj(
        {
            "id": ref("id"),
            "name": {"type": "string"},
            "developer": ref("id"),
            "classifications": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "codes by scheme, e.g. `ECCN: 4E091`",
            },
            "training_operations": {"type": "number", "minimum": 0},
            "weights_published": {"type": "boolean"},
            "parameters": obj(
                {
                    "tpp": number("total processing performance (ECCN 3A090)"),
                    "performance_density": number(
                        "TPP per square millimetre of applicable die area (ECCN 3A090)"
                    ),
                    "dram_bandwidth_gbps": number("total DRAM bandwidth in GB/s"),
                    "memory_bandwidth_density": number(
                        "GB/s per square millimetre of package or stack area "
                        "(ECCN 3A090.c)"
                    ),
                },
                description="technical parameters; training compute goes in "
                "`training_operations`",
            ),
        },
        ("id",),
    ),
    "mode": obj(
        {
            "name": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "transfers_weights": {"type": "boolean"},
            "compute": {"enum": ["recipient", "provider", "third_party_cloud"]},
            "description": {"type": "string"},
        },
        ("name", "transfers_weights", "compute"),
    ),
    "country_group": obj(
        {
            "id": ref("id"),
            "name": {"type": "string"},
            "citation": ref("citation"),
            "data_from": ref("when"),
            "unknown": list_of(
                member(ref("country"), "country"),
                "spans in which one country's membership is not known",
            ),
            "members": list_of(
                member(
                    ref("country"),
                    "country",
                    published=ref("when"),
                    end_published=ref("when"),
                )
            ),
        },
        ("id",),
    ),
    "entity_list": obj(
        {
            "id": ref("id"),
            "name": {"type": "string"},
            "citation": ref("citation"),
            "caveat": {"type": "string", "minLength": 1},
            "members": list_of(
                member(
                    ref("id"),
                    "entity",
                    published=ref("when"),
                    end_published=ref("when"),
                )
            ),
        },
        ("id",),
    ),
    **SCOPE_DEFS,
    "restriction": obj(
        {
            **rule_fields(),
            "effect": {"enum": ["license_required", "prohibited"]},
            "review_policy": {"enum": [*POLICIES, None]},
            "conditional_reviews": list_of(
                ref("conditional_review"),
                "review policies that replace `review_policy` for the accesses "
                "they select, their conditions attested",
            ),
            "treated_as_listed": {
                "type": "boolean",
                "description": "treat the recipient as the listed parties that own "
                "it (one `owned_by_listed` in `recipients`): their entries give the "
                "effect and review policy",
            },
            "not_tracked": {
                "type": "string",
                "minLength": 1,
                "description": "a quantity or allocation the rule depends on that "
                "aicontrols does not track: decisions carry a `not_tracked` caveat",
            },
        },
        ("id",),
    ),
    "conditional_review": obj(
        {
            "policy": {"enum": POLICIES},
            "conditions": list_of({"type": "string", "minLength": 1}),
            "items": ref("item_scope"),
            "modes": ref("mode_scope"),
            "recipients": ref("recipient_scope"),
            "description": {"type": "string"},
            "citation": ref("citation"),
        },
        ("policy",),
        "a review policy for the accesses its scopes select, when every "
        "condition is attested",
    ),
    "exemption": obj(
        {
            **rule_fields(),
            "lifts": list_of(
                ref("id"), "ids of the restrictions it lifts", min_items=1
            ),
            "conditions": list_of({"type": "string", "minLength": 1}),
            "not_tracked": {
                "type": "string",
                "minLength": 1,
                "description": "a quantity or allocation the rule depends on that "
                "aicontrols does not track: decisions carry a `not_tracked` caveat",
            },
        },
        ("id", "lifts"),
    ),
    "license": obj(
        {
            **rule_fields(),
            "authorizes": list_of(
                ref("id"), "ids of the restrictions it authorizes", min_items=1
            ),
            "expires": ref("when"),
            "conditions": list_of({"type": "string", "minLength": 1}),
        },
        ("id", "authorizes"),
    ),
    "notice": obj(
        {
            "id": ref("id"),
            "title": {"type": "string"},
            "citation": ref("citation"),
            "published": ref("when"),
            "effective": ref("when"),
            "compliance": ref("when"),
            "retroactive": {"type": "boolean"},
            "corrects": list_of(ref("id")),
            "adds": rules(),
            "amends": rules(),
            "revokes": list_of(ref("id")),
            "suspends": list_of(
                obj(
                    {
                        "rule": ref("id"),
                        "start": ref("when"),
                        "end": ref("when"),
                        "reason": {"type": "string"},
                    },
                    ("rule",),
                )
            ),
            "not_enforced": list_of(
                obj(
                    {
                        "rule": ref("id"),
                        "statement": {"type": "string", "minLength": 1},
                        "start": ref("when"),
                        "end": ref("when"),
                        "items": ref("item_scope"),
                        "modes": ref("mode_scope"),
                        "recipients": ref("recipient_scope"),
                        "conditions": list_of({"type": "string", "minLength": 1}),
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
    **obj(
        {
            "id": ref("id"),
            "name": {"type": "string"},
            "description": {"type": "string"},
            "jurisdiction": ref("jurisdiction"),
            "territory": list_of(ref("country"), min_items=1),
            "timezone": {"type": "string", "description": "an IANA timezone name"},
            "deemed_export_rule": {"enum": ["most_recent", "all"]},
            "citation": ref("citation"),
            "modes": list_of(ref("mode")),
            "country_groups_from": {
                "enum": list(GROUP_SETS),
                "description": "bundled country groups the scopes may name by id "
                "(ear: the EAR Country Groups and Supp. No. 5(a) to Part 740)",
            },
            "country_groups": list_of(ref("country_group")),
            "entity_lists": list_of(ref("entity_list")),
            "catalog": obj(
                {"entities": list_of(ref("entity")), "items": list_of(ref("item"))}
            ),
            "notices": list_of(ref("notice")),
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
