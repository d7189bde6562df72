"""``or``: at least one of ``properties`` must be present on an object."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core.xor import none_defined, present, properties_schema

SCHEMA = properties_schema("or", '["default", "example"], ["title", "summary", "description"]')
SCHEMA["errorMessage"] = {
    "type": '"or" function has invalid options specified. Example valid options: '
    '{ "properties": ["default", "example"] }, '
    '{ "properties": ["title", "summary", "description"] }, etc.',
}


@rule_function("or", schema=SCHEMA)
def or_(target: Any, options: Mapping[str, Any], context: FunctionContext) -> list[Result] | None:
    properties = options["properties"]
    if (type(target) is not dict and not isinstance(target, Mapping)) or len(properties) < 2:
        return None
    if present(target, properties):
        return None
    return [Result(none_defined(properties))]
