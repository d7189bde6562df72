"""``oasSchema`` (rule duplicated-entry-in-enum; the validation under ``oasExample``):
expected messages recorded from Spectral 6.16.3."""

from __future__ import annotations

from typing import Any

import pytest
from tests.functions.core.support import run

from govlint.functions.oas.oas_schema import oas_schema

UNIQUE = {"schema": {"type": "array", "uniqueItems": True}}
OAS3 = frozenset({"oas3", "oas3_0"})


def test_duplicated_enum_entry() -> None:
    doc = {"components": {"schemas": {"Size": {"type": "string", "enum": ["S", "M", "L", "M"]}}}}
    given = ("components", "schemas", "Size")
    assert run(oas_schema, doc, UNIQUE, field="enum", given=given, formats=OAS3) == [
        {"path": [*given, "enum"],
         "message": '"enum" property must not have duplicate items (items ## 1 and 3 are '
                    "identical)"}
    ]  # fmt: skip


NULLABLE = {"schema": {"type": "string", "nullable": True}}


@pytest.mark.parametrize("formats", [OAS3, frozenset({"oas2"})])
def test_nullable_lets_null_through_and_is_named_in_type_errors(formats: frozenset[str]) -> None:
    options: dict[str, Any] = NULLABLE
    if "oas2" in formats:
        options = {"schema": {"type": "string", "x-nullable": True}}
    assert run(oas_schema, {"v": None}, options, field="v", formats=formats) == []
    assert run(oas_schema, {"v": 5}, options, field="v", formats=formats) == [
        {"path": ["v"], "message": '"v" property type must be string,null'}
    ]


def test_oas3_0_schemas_are_draft4() -> None:
    # Draft 4: exclusiveMaximum is a boolean modifier of maximum.
    options = {"schema": {"type": "number", "maximum": 2, "exclusiveMaximum": True}}
    assert run(oas_schema, {"v": 2}, options, field="v", formats=OAS3) == [
        {"path": ["v"], "message": '"v" property must be < 2'}
    ]


def test_oas3_1_schemas_are_2020_12() -> None:
    options = {"schema": {"type": "number", "exclusiveMaximum": 2}}
    formats = frozenset({"oas3", "oas3_1"})
    assert run(oas_schema, {"v": 2}, options, field="v", formats=formats) == [
        {"path": ["v"], "message": '"v" property must be < 2'}
    ]
    assert run(oas_schema, {"v": 1}, options, field="v", formats=formats) == []


def test_missing_target() -> None:
    assert run(oas_schema, {}, UNIQUE, field="enum", formats=OAS3) == [
        {"path": [], "message": '"enum" property must exist'}
    ]
