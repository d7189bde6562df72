"""``typedEnum``: every ``enum`` value of a schema must have the schema's ``type``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core._js import is_number, print_value
from govlint.functions.core._options import no_options


def _data_type(value: Any, integers: bool) -> str:
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if is_number(value):
        return "integer" if integers and float(value).is_integer() else "number"
    if value is None:
        return "null"
    return "array" if isinstance(value, list) else "object"


def _declared_type(schema: Mapping[str, Any], formats: frozenset[str]) -> str | list[str]:
    declared = schema["type"]
    nullable = (schema.get("nullable") is True and "oas3_0" in formats) or (
        schema.get("x-nullable") is True and "oas2" in formats
    )
    if nullable:
        return [*declared, "null"] if isinstance(declared, list) else [declared, "null"]
    return declared


def _applies(target: Any) -> bool:
    if not isinstance(target, Mapping) or not isinstance(target.get("enum"), list):
        return False
    declared = target.get("type")
    if isinstance(declared, list):
        return all(isinstance(t, str) for t in declared)
    return isinstance(declared, str)


@rule_function("typedEnum", schema=no_options("typedEnum"))
def typed_enum(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not _applies(target):
        return None
    formats = context.document.formats if context.document is not None else frozenset()
    declared = _declared_type(target, formats)
    allowed = declared if isinstance(declared, list) else [declared]
    integers = "integer" in allowed
    shown = ",".join(allowed)
    path = tuple(context.path)
    results = [
        Result(f'Enum value {print_value(value)} must be "{shown}".', path=(*path, "enum", index))
        for index, value in enumerate(target["enum"])
        if _data_type(value, integers) not in allowed
    ]
    return results or None
