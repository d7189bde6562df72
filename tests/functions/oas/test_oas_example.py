"""``oasExample`` (rules oas2/oas3-valid-media-example, oas2/oas3-valid-schema-example):
expected results recorded from Spectral 6.16.3 on the same documents."""

from __future__ import annotations

from typing import Any

from tests.functions.core.support import run

from govlint.functions.oas.oas_example import oas_example

OAS3 = frozenset({"oas3", "oas3_0"})
OAS2 = frozenset({"oas2"})
MEDIA3 = {"schemaField": "schema", "oasVersion": 3, "type": "media"}
SCHEMA3 = {"schemaField": "$", "oasVersion": 3, "type": "schema"}
MEDIA2 = {"schemaField": "schema", "oasVersion": 2, "type": "media"}
SCHEMA2 = {"schemaField": "$", "oasVersion": 2, "type": "schema"}

OP = ("paths", "/a", "post")
DOC3: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "x", "version": "1"},
    "paths": {"/a": {"post": {
        "parameters": [
            {"name": "n", "in": "query", "schema": {"type": "integer"}, "example": "ten"},
            {"name": "m", "in": "query", "schema": {"type": "string", "format": "date"},
             "examples": {"good": {"value": "2024-01-31"}, "bad": {"value": "2024-02-31"},
                          "ext": {"externalValue": "http://x"}, "none": {"summary": "no"}}},
        ],
        "requestBody": {"content": {"application/json": {
            "schema": {"type": "object", "required": ["id", "name"],
                       "properties": {"id": {"type": "integer", "readOnly": True},
                                      "name": {"type": "string"}}},
            "example": {"name": "rex"},
        }}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "object", "required": ["id", "secret"],
                       "properties": {"id": {"type": "integer"},
                                      "secret": {"type": "string", "writeOnly": True},
                                      "tag": {"type": "string", "nullable": True}}},
            "examples": {"one": {"value": {"id": 1, "tag": 5}},
                         "two": {"value": {"id": 2, "tag": None}}},
        }}}},
    }}},
    "components": {"schemas": {
        "Size": {"type": "string", "enum": ["S", "M", "L", "M"], "default": "XL",
                 "example": "S"},
        "Count": {"type": "integer", "minimum": 1, "example": 0},
        "Loose": {"nullable": True, "format": "int32", "example": 3},
        "Node": {"type": "object", "example": {"v": "x"},
                 "properties": {"next": {"$ref": "#/components/schemas/Node"},
                                "v": {"type": "integer"}}},
    }},
}  # fmt: skip


def _media(given: tuple[Any, ...]) -> list[dict[str, Any]]:
    return run(oas_example, DOC3, MEDIA3, given=given, formats=OAS3)


def _schema(name: str) -> list[dict[str, Any]]:
    return run(oas_example, DOC3, SCHEMA3, given=("components", "schemas", name), formats=OAS3)


def test_parameter_example() -> None:
    assert _media((*OP, "parameters", 0)) == [
        {"path": [*OP, "parameters", 0, "example"],
         "message": '"example" property type must be integer'}
    ]  # fmt: skip


def test_named_examples_skip_external_values_and_report_a_missing_value() -> None:
    examples = [*OP, "parameters", 1, "examples"]
    assert _media((*OP, "parameters", 1)) == [
        {"path": [*examples, "bad", "value"],
         "message": '"value" property must match format "date"'},
        {"path": [*examples, "none"], "message": '"none.value" property must exist'},
    ]  # fmt: skip


def test_read_only_properties_are_not_required_in_a_request() -> None:
    assert _media((*OP, "requestBody", "content", "application/json")) == []


def test_write_only_properties_are_not_required_in_a_response_and_nullable_is_worded() -> None:
    media = (*OP, "responses", "200", "content", "application/json")
    assert _media(media) == [
        {"path": [*media, "examples", "one", "value", "tag"],
         "message": '"tag" property type must be string,null'}
    ]  # fmt: skip


def test_schema_example_and_default() -> None:
    size = ["components", "schemas", "Size"]
    # Ajv reports the invalid schema once, then validates the next value with it.
    assert _schema("Size") == [
        {"path": [*size, "example"], "message": "schema is invalid: data/enum must NOT have "
         "duplicate items (items ## 1 and 3 are identical)"},
        {"path": [*size, "default"], "message": '"default" property must be equal to one of '
         'the allowed values: "S", "M", "L"'},
    ]  # fmt: skip
    assert _schema("Count") == [
        {"path": ["components", "schemas", "Count", "example"],
         "message": '"example" property must be >= 1'}
    ]  # fmt: skip


def test_nullable_without_type_is_ajvs_compile_error() -> None:
    assert _schema("Loose") == [
        {"path": ["components", "schemas", "Loose", "example"],
         "message": '"nullable" cannot be used without "type"'}
    ]  # fmt: skip


def test_schema_with_a_ref_it_cannot_resolve_is_not_checked() -> None:
    # A resolved document keeps a cycle as {"$ref": ...}: Ajv fails to compile the schema
    # and Spectral drops the error for resolved rules.
    assert _schema("Node") == []


DOC2: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "x", "version": "1"},
    "paths": {"/a": {"get": {
        "parameters": [{"name": "n", "in": "query", "type": "integer", "x-example": "ten",
                        "default": 3}],
        "responses": {"200": {
            "description": "ok",
            "schema": {"type": "object", "required": ["id"],
                       "properties": {"id": {"type": "integer"},
                                      "note": {"type": "string", "x-nullable": True}}},
            "examples": {"application/json": {"note": 4}, "text/plain": {"id": 1}},
        }},
    }}},
    "definitions": {"Pet": {"type": "object", "required": True, "example": {"age": 31},
                            "properties": {"age": {"type": "integer", "maximum": 30}}}},
}  # fmt: skip


def test_oas2_media_examples_by_mime_type() -> None:
    response = ("paths", "/a", "get", "responses", "200")
    assert run(oas_example, DOC2, MEDIA2, given=response, formats=OAS2) == [
        {"path": [*response, "examples", "application/json"],
         "message": '"application/json" property must have required property "id"'}
    ]  # fmt: skip


def test_oas2_x_example_and_boolean_required() -> None:
    param = ("paths", "/a", "get", "parameters", 0)
    assert run(oas_example, DOC2, SCHEMA2, given=param, formats=OAS2) == [
        {"path": [*param, "x-example"], "message": '"x-example" property type must be integer'}
    ]
    pet = ("definitions", "Pet")
    assert run(oas_example, DOC2, SCHEMA2, given=pet, formats=OAS2) == [
        {"path": [*pet, "example", "age"], "message": '"age" property must be <= 30'}
    ]


def test_a_schema_nested_deeper_than_pythons_stack_is_a_finding_not_a_crash(
        tmp_path: Any) -> None:
    """400 levels of properties with a wrong example: jsonschema-rs answers the meta-schema
    check without recursing, jsonschema's walk for the message runs out of stack; that is an
    ``oas3-valid-schema-example`` finding at the schema, not a ``function-error``."""
    import json
    import subprocess
    import sys

    schema: dict[str, Any] = {"type": "integer"}
    example: Any = "x"
    for _ in range(400):
        schema = {"type": "object", "properties": {"p": schema}}
        example = {"p": example}
    schema["example"] = example
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"S": schema}}}
    (tmp_path / "api.json").write_text(json.dumps(spec))
    run = subprocess.run([sys.executable, "-m", "govlint", "lint", "-r", "spectral:oas",
                          "api.json", "--format", "json", "--no-baseline"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    rules = {r["rule"]: r for r in json.loads(run.stdout)["results"]}
    assert "function-error" not in rules, rules.get("function-error")
    assert rules["oas3-valid-schema-example"]["pointer"] == "/components/schemas/S/example"
    assert "Traceback" not in run.stderr
