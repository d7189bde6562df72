"""``enumeration``: a primitive target must be one of ``values``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core._js import (
    js_same_value_zero,
    print_value,
    print_value_at,
    target_exists,
)

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "values": {
            "type": "array",
            "items": {"type": ["string", "number", "null", "boolean"]},
            "errorMessage": '"enumeration" and its "values" option support only arrays of '
            'primitive values, i.e. ["Berlin", "London", "Paris"]',
        },
    },
    "required": ["values"],
    "errorMessage": {
        "type": '"enumeration" function has invalid options specified. Example valid options: '
        '{ "values": ["Berlin", "London", "Paris"] }, { "values": [2, 3, 5, 8, 13, 21] }',
    },
}


@rule_function("enumeration", schema=SCHEMA)
def enumeration(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if isinstance(target, (Mapping, list)) or not target_exists(target, context):
        return None
    values = options["values"]
    if any(js_same_value_zero(target, v) for v in values):
        return None
    allowed = ", ".join(print_value(v) for v in values)
    return [Result(f"{print_value_at(target, context)} must be equal to one of the allowed "
                   f"values: {allowed}")]
