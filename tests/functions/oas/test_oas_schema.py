"""``oasSchema`` (rule duplicated-entry-in-enum; the validation under ``oasExample``):
expected messages recorded from Spectral 6.16.3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.conftest import run_govlint
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


# --- the jsonschema-rs shortcut (issue 15 Deliver 6): its "valid" skips jsonschema's walk -----
# Values where jsonschema-rs and govlint (Ajv) part ways: each is still reported as before.
PARTING = [
    ({"type": "integer", "format": "int32"}, 2**40, [], 'Number must match format "int32"'),
    ({"type": "number", "format": "int64"}, 1.5, [], 'Number must match format "int64"'),
    ({"type": "object", "properties": {"n": {"type": "integer", "format": "int32",
                                             "minimum": 0, "allOf": [{"maximum": 2**40}]}}},
     {"n": 2**31}, ["n"], '"n" property must match format "int32"'),
    ({"type": "number", "multipleOf": 0.01}, 0.07, [], "Number must be multiple of 0.01"),
    # without the u flag \p is "p": "abc" does not match (Unicode property to Rust)
    ({"type": "string", "pattern": "^\\p{L}+$"}, "abc", [],
     'String must match pattern "^\\p{L}+$"'),
    # jsonschema-rs lets Infinity through bounds and null match an enum of NaN
    ({"maximum": 5}, float("inf"), [], "Number must be <= 5"),
    ({"enum": [float("nan")]}, None, [], "Object must be equal to one of the allowed values: null"),
    ({"type": "array", "items": {"type": "string", "format": "date"}}, ["2024-02-31"], [0],
     'Item at index 0 must match format "date"'),
    ({"type": "object", "properties": {"a": {"$ref": "#/definitions/A"}},
      "definitions": {"A": {"type": "string", "maxLength": 2}}}, {"a": "abc"}, ["a"],
     '"a" property must not have more than 2 characters'),
    ({"enum": [1]}, True, [], "Boolean must be equal to one of the allowed values: 1"),
]  # fmt: skip


@pytest.mark.parametrize("fast", [True, False], ids=["jsonschema-rs", "jsonschema only"])
@pytest.mark.parametrize(("schema", "value", "path", "message"), PARTING)
def test_values_jsonschema_rs_judges_otherwise_are_reported_as_before(
    monkeypatch: pytest.MonkeyPatch, fast: bool, schema: Any, value: Any, path: list[Any],
    message: str,
) -> None:
    from govlint.functions.core import _jsonschema
    from govlint.functions.oas import oas_schema as module

    monkeypatch.setattr(module, "_fast", {})
    if not fast:
        monkeypatch.setattr(_jsonschema, "fast_user_validator", lambda schema, dialect: None)
    results = run(oas_schema, value, {"schema": schema}, formats=OAS3)
    assert results == [{"path": path, "message": message}]


def test_nullable_null_is_valid_though_jsonschema_rs_refuses_it() -> None:
    assert run(oas_schema, None, NULLABLE, formats=OAS3) == []


def test_a_valid_value_is_judged_by_jsonschema_rs_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from govlint.functions.core import _jsonschema

    def refuse(*args: Any) -> Any:
        raise AssertionError("jsonschema walked a valid value")

    monkeypatch.setattr(_jsonschema, "validate", refuse)
    schema = {"type": "object", "required": ["id"], "additionalProperties": False,
              "properties": {"id": {"type": "integer", "format": "int64"},
                             "at": {"type": "string", "format": "date-time"},
                             "tags": {"type": "array", "uniqueItems": True,
                                      "items": {"enum": ["a", "b"]}}}}  # fmt: skip
    value = {"id": 2**62, "at": "2024-01-31T10:00:00Z", "tags": ["a", "b"]}
    assert run(oas_schema, value, {"schema": schema}, formats=OAS3) == []


def test_a_schema_jsonschema_rs_refuses_falls_back() -> None:
    from govlint.functions.core._jsonschema import fast_user_validator

    # YAML integer keys: jsonschema-rs takes no such schema; jsonschema decides.
    schema = {"type": "object", "properties": {1: {"type": "integer"}}}
    assert fast_user_validator(schema, "draft4") is None
    assert run(oas_schema, {1: "x"}, {"schema": schema}, formats=OAS3) == [
        {"path": [1], "message": "Item at index 1 must be integer"}
    ]


def test_yaml_examples_jsonschema_rs_refuses_are_reported_by_the_cli(tmp_path: Path) -> None:
    (tmp_path / "ruleset.yaml").write_text(
        "extends: [[spectral:oas, off]]\nrules:\n  oas3-valid-schema-example: error\n"
    )
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\n"
        "info: {title: t, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Keyed:\n"
        "      type: object\n"
        "      properties:\n"
        "        1: {type: integer}\n"
        "      example: {1: x}\n"
        "    Ratio:\n"
        "      type: number\n"
        "      maximum: 1\n"
        "      example: .inf\n"
        "    When:\n"
        "      type: string\n"
        "      format: date\n"
        "      example: 2024-02-30\n"
    )
    result = run_govlint("lint", "-r", "ruleset.yaml", "api.yaml", "--format", "json",
                         "--no-baseline", cwd=tmp_path)  # fmt: skip
    assert result.code == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert [(r["pointer"], r["message"]) for r in result.json()["results"]] == [
        ("/components/schemas/Keyed/example/1", "Item at index 1 must be integer"),
        ("/components/schemas/Ratio/example", '"example" property must be <= 1'),
        ("/components/schemas/When/example", '"example" property must match format "date"'),
    ]


def test_validators_kept_per_schema_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each cached validator keeps its schema object alive: a run over many specs must not
    keep them all (the caches start afresh past their limit) and answers stay the same."""
    from govlint.functions.oas import oas_schema

    monkeypatch.setattr(oas_schema, "_CACHE_LIMIT", 5)
    monkeypatch.setattr(oas_schema, "_compiled", {})
    monkeypatch.setattr(oas_schema, "_fast", {})
    schemas = [{"type": "integer", "maximum": n} for n in range(12)]
    for n, schema in enumerate(schemas):
        assert not isinstance(oas_schema.compiled(schema, "draft4"), Exception)
        assert oas_schema.fast_valid(schema, "draft4", n)
        assert not oas_schema.fast_valid(schema, "draft4", n + 1)
        assert len(oas_schema._compiled) <= 5 and len(oas_schema._fast) <= 5
