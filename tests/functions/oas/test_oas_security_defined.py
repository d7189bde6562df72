"""``oasSecurityDefined`` (rules oas2-operation-security-defined,
oas3-operation-security-defined)."""

from __future__ import annotations

import pytest
from tests.functions.core.support import InvalidOptions, run

from govlint.functions.oas.oas_security_defined import oas_security_defined

OAS3 = {
    "components": {"securitySchemes": {
        "oauth": {"type": "oauth2", "flows": {"implicit": {"scopes": {"read": ""}}}},
        "key": {"type": "apiKey"},
    }},
}


def test_openapi_3_schemes_and_scopes() -> None:
    doc = {**OAS3, "security": [{"oauth": ["read", "write"], "key": [], "nope": []}]}
    assert run(oas_security_defined, doc, {"oasVersion": 3}, given=("security", 0)) == [
        {"path": ["security", 0, "oauth", 1], "message": '"write" must be listed among scopes.'},
        {"path": ["security", 0, "nope"], "message": 'API "security" values must match a scheme '
         'defined in the "components.securitySchemes" object.'},
    ]


def test_openapi_2_operation_requirement() -> None:
    doc = {"securityDefinitions": {"o": {"scopes": {"r": ""}}},
           "paths": {"/a": {"get": {"security": [{"o": ["r", "w"]}, {"x": []}]}}}}
    op = ("paths", "/a", "get", "security")
    assert run(oas_security_defined, doc, {"oasVersion": 2}, given=(*op, 0)) == [
        {"path": [*op, 0, "o", 1], "message": '"w" must be listed among scopes.'}
    ]
    assert run(oas_security_defined, doc, {"oasVersion": 2}, given=(*op, 1)) == [
        {"path": [*op, 1, "x"], "message": 'Operation "security" values must match a scheme '
         'defined in the "securityDefinitions" object.'}
    ]


def test_invalid_requirements_are_not_checked() -> None:
    doc = {**OAS3, "security": [{"nope": "read"}]}
    assert run(oas_security_defined, doc, {"oasVersion": 3}, given=("security", 0)) == []


def test_options() -> None:
    with pytest.raises(InvalidOptions):
        run(oas_security_defined, {}, {"oasVersion": 4})
