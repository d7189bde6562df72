"""``oasDocumentSchema`` (rules oas2-schema / oas3-schema): expected results recorded from
Spectral 6.16.3 on the same documents (``extends: [[spectral:oas, off]]`` with only the rule
on). The rules' message is ``{{error}}.``; the function's own message has no final dot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.conftest import run_govlint
from tests.functions.core.support import run
from tests.functions.core.test_jsonschema_fast import assert_fast_path_safe

from govlint.functions.oas.oas_document_schema import oas_document_schema

OAS3: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "x", "version": "1", "foo": "bar"},
    "paths": {
        "/pets/{id}": {
            "get": {
                "parameters": [
                    {"name": "id", "in": "path", "schema": {"type": "string"}},
                    {"name": "q", "in": "nowhere"},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "nullable": "yes",
                                    "discriminator": {},
                                }
                            }
                        },
                    },
                    "abc": {"description": "bad"},
                },
            }
        }
    },
    "components": {"securitySchemes": {"s1": {"type": "htp"}}},
}

OP = ["paths", "/pets/{id}", "get"]
MEDIA = [*OP, "responses", "200", "content", "application/json", "schema"]


def _sorted(results: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((str(r["path"]), r["message"]) for r in results)


def test_oas3_messages_and_paths_are_spectrals() -> None:
    results = run(oas_document_schema, OAS3, None, formats=frozenset({"oas3", "oas3_0"}))
    expected = [
        {"path": ["info", "foo"], "message": 'Property "foo" is not expected to be here'},
        {
            "path": [*OP, "parameters", 0],
            "message": '"0" property must have required property "required"',
        },
        # errorMessage of Spectral's SchemaXORContent replaces the "not" error
        {"path": [*OP, "parameters", 1], "message": '"schema" or "content" must be present'},
        {
            "path": [*OP, "parameters", 1, "in"],
            "message": '"in" property must be equal to one of the allowed values: '
            '"path", "query", "header", "cookie"',
        },
        {"path": [*MEDIA, "nullable"], "message": '"nullable" property must be boolean'},
        {
            "path": [*MEDIA, "discriminator"],
            "message": '"discriminator" property must have required property "propertyName"',
        },
        {
            "path": [*OP, "responses", "abc"],
            "message": 'Property "abc" is not expected to be here',
        },
        {
            "path": ["components", "securitySchemes", "s1", "type"],
            "message": '"type" property must be equal to one of the allowed values: '
            '"apiKey", "http", "oauth2", "openIdConnect". Did you mean "http"?',
        },
    ]
    assert _sorted(results) == _sorted(expected)


OAS2: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "x", "version": "1"},
    "host": "http://example.com",
    "schemes": ["http", "ftp"],
    "paths": {
        "/a": {
            "get": {
                "responses": {
                    "200": {
                        "description": "ok",
                        "schema": {"type": "object", "additionalProperties": 5},
                    }
                }
            }
        }
    },
    "securityDefinitions": {"basic": {"type": "basic", "flow": "x"}},
}

RESPONSE = ["paths", "/a", "get", "responses", "200", "schema"]


def test_oas2_messages_and_paths_are_spectrals() -> None:
    results = run(oas_document_schema, OAS2, None, formats=frozenset({"oas2"}))
    expected = [
        {
            "path": ["host"],
            "message": '"host" property must match pattern "^[^{}/ :\\\\]+(?::\\d+)?$"',
        },
        {
            "path": ["schemes", 1],
            "message": '"1" property must be equal to one of the allowed values: '
            '"http", "https", "ws", "wss". Did you mean "http"?',
        },
        {"path": RESPONSE, "message": '"schema" property must match exactly one schema in oneOf'},
        {
            "path": [*RESPONSE, "type"],
            "message": '"type" property must be equal to one of the allowed values: "file". '
            'Did you mean "file"?',
        },
        {
            "path": [*RESPONSE, "additionalProperties"],
            "message": '"additionalProperties" property must be a valid schema',
        },
        {
            "path": [*RESPONSE, "additionalProperties"],
            "message": 'Property "additionalProperties" is not expected to be here',
        },
        # errorMessage keyed by property name in Spectral's securityDefinitions schema
        {
            "path": ["securityDefinitions", "basic"],
            "message": "Invalid basic authentication security definition",
        },
    ]
    assert _sorted(results) == _sorted(expected)


def test_valid_documents_pass() -> None:
    oas3 = {"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    assert run(oas_document_schema, oas3, None, formats=frozenset({"oas3", "oas3_0"})) == []
    oas2 = {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    assert run(oas_document_schema, oas2, None, formats=frozenset({"oas2"})) == []


def test_oas3_1_document_uses_the_3_1_schema() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "x": 1,
        "paths": {"/a": {"get": {"responses": {"200": {"description": "d", "foo": 1}}}}},
    }
    results = run(oas_document_schema, doc, None, formats=frozenset({"oas3", "oas3_1"}))
    # Spectral's 3.1 schema closes objects with unevaluatedProperties: no property named.
    assert _sorted(results) == _sorted([
        {"path": [], "message": "must not have unevaluated properties"},
        {
            "path": ["paths", "/a", "get", "responses", "200"],
            "message": '"200" property must not have unevaluated properties',
        },
    ])


def test_regex_format_is_ajvs() -> None:
    # ajv-formats compiles "regex" values without the u flag: \p{L} is accepted.
    doc = {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"K": {"type": "string", "pattern": "^[\\p{L}]+$"}}},
    }
    assert run(oas_document_schema, doc, None, formats=frozenset({"oas3", "oas3_0"})) == []
    doc["components"]["schemas"]["K"]["pattern"] = "(("
    assert run(oas_document_schema, doc, None, formats=frozenset({"oas3", "oas3_0"})) == [
        {
            "path": ["components", "schemas", "K", "pattern"],
            "message": '"pattern" property must match format "regex"',
        }
    ]


# --- the jsonschema-rs shortcut (issue 15 Deliver 6) ------------------------------------------
def _schema_files(name: str) -> list[Any]:
    from govlint.functions.oas._schemas import _FILES, _load

    main, extra = _FILES[name]
    return [_load(main), *map(_load, extra)]


@pytest.mark.parametrize("name", ["oas2_0", "oas3_0", "oas3_1", "oas3_2"])
def test_the_oas_schemas_keep_the_shortcut_safe(name: str) -> None:
    """jsonschema-rs's "valid" stands for govlint's only if the schema uses nothing govlint
    checks its own way; its formats are string formats (jsonschema-rs calls govlint's
    format functions on strings only: int32/int64 also bound numbers)."""
    from govlint.functions.core._jsonschema import schema_objects
    from govlint.functions.oas._schemas import fast_document_validator

    for schema in _schema_files(name):
        assert_fast_path_safe(schema)
        formats = {n["format"] for n in schema_objects(schema) if isinstance(n.get("format"), str)}
        # (iri, media-range: unknown to Ajv, so never asserted; jsonschema-rs checks iri,
        # which can only send a document to jsonschema, never let one through)
        assert formats <= {"uri", "uri-reference", "email", "regex", "media-range", "iri"}
    assert fast_document_validator(name) is not None  # builds offline, $refs all found


def test_a_valid_document_is_not_walked_by_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    from govlint.functions.oas import _schemas

    def refuse(name: str) -> Any:
        raise AssertionError(f"jsonschema walked a valid {name} document")

    monkeypatch.setattr(_schemas, "document_validator", refuse)
    test_valid_documents_pass()
    doc = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    assert run(oas_document_schema, doc, None, formats=frozenset({"oas3", "oas3_1"})) == []


def test_a_components_key_outside_the_pattern_is_not_a_schema() -> None:
    # ^[a-zA-Z0-9\.\-_]+$ has no range: "/p" is no schema name, so Ajv never validates it.
    doc = {"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
           "components": {"schemas": {"/p": 1, "p.q-r_s": 1}}}  # fmt: skip
    assert run(oas_document_schema, doc, None, formats=frozenset({"oas3", "oas3_0"})) == [
        {"path": ["components", "schemas", "p.q-r_s"],
         "message": '"p.q-r_s" property must be object'},
    ]  # fmt: skip


def test_yaml_values_jsonschema_rs_refuses_are_still_checked(tmp_path: Path) -> None:
    """Integer keys and dates from YAML: jsonschema-rs refuses them, jsonschema judges."""
    (tmp_path / "ruleset.yaml").write_text(
        "extends: [[spectral:oas, off]]\nrules:\n  oas3-schema: error\n"
    )
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\n"
        "info: {title: t, version: '1', x-released: 2024-01-31}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Pet:\n"
        "      type: object\n"
        "      properties:\n"
        "        1: {type: strin}\n"
    )
    result = run_govlint("lint", "-r", "ruleset.yaml", "api.yaml", "--format", "json",
                         "--no-baseline", cwd=tmp_path)  # fmt: skip
    assert result.code == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert [(r["rule"], r["pointer"], r["message"]) for r in result.json()["results"]] == [
        ("oas3-schema", "/components/schemas/Pet/properties/1/type",
         '"type" property must be equal to one of the allowed values: "array", "boolean", '
         '"integer", "number", "object", "string". Did you mean "string"?.'),
    ]  # fmt: skip
