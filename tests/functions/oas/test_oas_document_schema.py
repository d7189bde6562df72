"""``oasDocumentSchema`` (rules oas2-schema / oas3-schema): expected results recorded from
Spectral 6.16.3 on the same documents (``extends: [[spectral:oas, off]]`` with only the rule
on). The rules' message is ``{{error}}.``; the function's own message has no final dot."""

from __future__ import annotations

from typing import Any

from tests.functions.core.support import run

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
