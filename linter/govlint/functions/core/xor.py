"""``xor``: exactly one of ``properties`` must be present on an object."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core._js import key_str


def properties_schema(name: str, examples: str) -> dict[str, Any]:
    """Options schema shared by ``xor`` and ``or``: two or more property names."""
    return {
        "type": "object",
        "properties": {
            "properties": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 2,
                "errorMessage": f'"{name}" requires at least two enumerated "properties", '
                f"i.e. {examples}, etc.",
            },
        },
        "additionalProperties": False,
        "required": ["properties"],
    }


SCHEMA = properties_schema("xor", '["country", "street"], ["one", "two", "three"]')
SCHEMA["errorMessage"] = {
    "type": '"xor" function has invalid options specified. Example valid options: '
    '{ "properties": ["country", "street"] }, { "properties": ["one", "two", "three"] }, etc.',
}


def present(target: Mapping[str, Any], properties: list[str]) -> list[str]:
    """The ``properties`` the object has, in the object's key order."""
    return [k for k in map(key_str, target) if k in properties]


def none_defined(properties: list[str]) -> str:
    """Spectral's message when none of ``properties`` is there (long lists abbreviated)."""
    if len(properties) > 4:
        shown = '" or "'.join(properties[:3])
        return (
            f'At least one of "{shown}" or {len(properties) - 3} other properties must be defined'
        )
    shown = '" or "'.join(properties)
    return f'At least one of "{shown}" must be defined'


@rule_function("xor", schema=SCHEMA)
def xor(target: Any, options: Mapping[str, Any], context: FunctionContext) -> list[Result] | None:
    properties = options["properties"]
    if not isinstance(target, Mapping) or len(properties) < 2:
        return None
    found = present(target, properties)
    if not found:
        return [Result(none_defined(properties))]
    if len(found) > 1:
        shown = '" and "'.join(found)
        return [Result(f'Just one of "{shown}" must be defined')]
    return None
