"""The schema function's shortcut never claims valid what the full validator rejects."""

from __future__ import annotations

from typing import Any

import pytest

from govlint.functions.core._jsonschema import compile_validator, validate
from govlint.functions.core.schema import quick_valid

SCHEMAS: list[dict[str, Any]] = [
    {"type": "array", "minItems": 1},
    {"type": "array", "minItems": 1, "items": {"type": "string"}},
    {"type": "array", "maxItems": 1, "items": {"type": "object"}},
    {"type": ["string", "null"]},
    {"type": "integer"},
    {"type": "number"},
    {"type": "boolean"},
    {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
    {"type": "object", "properties": {"a": {"enum": ["x", "y"]}}, "additionalProperties": False},
    {"minProperties": 1, "maxProperties": 2},
    {"enum": ["GET", "POST"]},
    {"title": "annotations only", "description": "anything goes"},
    {"type": "string", "minLength": 2, "maxLength": 3},
    {"type": "number", "minimum": 1, "maximum": 1.5},
    {"minimum": 0, "exclusiveMinimum": 5},
    {"type": "string", "pattern": "^G"},
    {"type": "string", "format": "date"},
]
INSTANCES: list[Any] = [
    [], ["a"], ["a", "b"], [1], [{}], {}, {"name": "n"}, {"name": 1}, {"a": "x"},
    {"a": "z"}, {"a": "x", "b": 1}, "GET", "get", None, True, 1, 1.0, 1.5, 0, "", {"x": 1},
    "é€😀", "2026-11-21", "not a date", 2, -1,
]


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: str(s)[:50])
def test_shortcut_agrees_with_the_validator(schema: dict[str, Any]) -> None:
    validator = compile_validator(schema, "draft7")
    for instance in INSTANCES:
        valid = not validate(validator, instance, False)
        if quick_valid(schema, instance):
            assert valid, (schema, instance)


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: str(s)[:50])
def test_python_shortcut_agrees_with_python_jsonschema(schema: dict[str, Any]) -> None:
    # governance's examplesValid validates with python-jsonschema, no format checker
    import jsonschema

    for cls in (jsonschema.Draft4Validator, jsonschema.Draft202012Validator):
        validator = cls(schema)
        for instance in INSTANCES:
            if quick_valid(schema, instance, python=True):
                assert validator.is_valid(instance), (cls.__name__, schema, instance)


def test_shortcut_decides_the_common_cases() -> None:
    # the point of it: passing targets of plain schemas skip jsonschema altogether
    assert quick_valid({"type": "array", "minItems": 1}, [{"name": "pets"}])
    assert quick_valid({"type": "object", "required": ["a"]}, {"a": 1})
    assert not quick_valid({"type": "array", "minItems": 1}, [])
    assert not quick_valid({"type": "integer"}, True)


@pytest.mark.parametrize(("schema", "instance"), [
    ({"type": "array", "minItems": -1}, ["a"]),  # invalid schema: the validator words it
    ({"type": "arrayy"}, ["a"]),
    ({"pattern": "^a"}, "abc"),  # Ajv's regex dialect: the validator decides
    ({"format": "date"}, "2026-11-21"),  # Ajv asserts formats
    ({"items": [{"type": "string"}]}, ["a"]),
    ({"properties": {"a": True}}, {"a": 1}),
    ({"$ref": "#/definitions/x"}, {}),
])
def test_shortcut_defers_what_it_does_not_understand(schema: dict[str, Any],
                                                     instance: Any) -> None:
    assert not quick_valid(schema, instance)
