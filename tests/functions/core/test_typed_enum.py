"""``typedEnum``, ported from Spectral's (oas ruleset) typedEnum.test.ts."""

from __future__ import annotations

import pytest

from govlint.functions.core.typed_enum import typed_enum

from .support import InvalidOptions, run


@pytest.mark.parametrize("enum", [1, {"a": 1}, "nope", None])
def test_enum_not_an_array(enum: object) -> None:
    assert run(typed_enum, {"type": "integer", "enum": enum}) == []


def test_empty_enum_and_missing_type() -> None:
    assert run(typed_enum, {"type": "integer", "enum": []}) == []
    assert run(typed_enum, {"enum": [123, 456]}) == []


def test_values_of_the_type() -> None:
    assert run(typed_enum, {"type": "integer", "enum": [123, 456]}) == []


def test_values_not_of_the_type() -> None:
    doc = {"type": "integer", "enum": [123, "a string!", 456, "and another one!"]}
    assert run(typed_enum, doc) == [
        {"message": 'Enum value "a string!" must be "integer".', "path": ["enum", 1]},
        {"message": 'Enum value "and another one!" must be "integer".', "path": ["enum", 3]},
    ]


@pytest.mark.parametrize(
    ("kind", "valid", "invalid", "shown"),
    [
        ("string", ["Hello", "world!"], 12, "12"),
        ("number", [-2147483648, 17.13], "Hello", '"Hello"'),
        ("integer", [-2147483648, 17], 12.3, "12.3"),
        ("boolean", [True, False], 1, "1"),
    ],
)
def test_types(kind: str, valid: list, invalid: object, shown: str) -> None:
    assert run(typed_enum, {"type": kind, "enum": valid}) == []
    assert run(typed_enum, {"type": kind, "enum": [valid[0], invalid]}) == [
        {"message": f'Enum value {shown} must be "{kind}".', "path": ["enum", 1]}
    ]


def test_type_lists_and_nullable() -> None:
    schema = {"type": ["string", "integer"], "enum": ["a", 1, 1.5, None]}
    assert run(typed_enum, schema) == [
        {"message": 'Enum value 1.5 must be "string,integer".', "path": ["enum", 2]},
        {"message": 'Enum value null must be "string,integer".', "path": ["enum", 3]},
    ]
    nullable = {"type": "string", "nullable": True, "enum": ["a", None]}
    assert run(typed_enum, nullable, formats=frozenset({"oas3", "oas3_0"})) == []
    assert run(typed_enum, nullable, formats=frozenset({"oas3", "oas3_1"})) == [
        {"message": 'Enum value null must be "string".', "path": ["enum", 1]}
    ]
    x_nullable = {"type": "string", "x-nullable": True, "enum": [None]}
    assert run(typed_enum, x_nullable, formats=frozenset({"oas2"})) == []


def test_rejects_options() -> None:
    with pytest.raises(InvalidOptions, match="does not accept any options"):
        run(typed_enum, {}, {"a": 1})
