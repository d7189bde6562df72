"""JSONPath in Spectral's dialect: path syntax, matching, modifiers, one-walk matcher.

The expected paths of ``CASES`` were cross-checked against nimma 0.7.2 (Spectral's engine)
and jsonpath-plus 10 on this document; where they differ from nimma it is said inline.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

from govlint.rules.jsonpath import JsonPathError, Matcher, compile_path

DOC: dict[str, Any] = {
    "openapi": "3.0.0",
    "info": {
        "title": "T",
        "version": "1",
        "contact": {"name": "n", "email": ""},
        "x-logo": {"url": "u"},
    },
    "servers": [{"url": "https://a"}, {"url": "http://b", "description": "B"}],
    "paths": {
        "/users": {
            "parameters": [{"name": "q", "in": "query"}],
            "get": {
                "operationId": "list",
                "tags": ["a", "b"],
                "description": "D",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 10}},
                    {"$ref": "#/components/parameters/P"},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/U"},
                                }
                            }
                        },
                    },
                    "404": {"description": "nf"},
                    "default": {"description": "err"},
                },
            },
            "post": {
                "operationId": "create",
                "deprecated": True,
                "x-internal": False,
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"name": {"type": "string", "enum": ["a", "b"]}},
                            }
                        }
                    }
                },
                "responses": {"201": {"description": "made"}, "500": {"description": ""}},
            },
        },
        "/users/{id}": {
            "delete": {
                "summary": "del",
                "responses": {
                    "204": {"description": "gone"},
                    "400": {"description": "bad", "x-code": 7},
                },
            },
            "x-ext": "yes",
        },
    },
    "components": {
        "schemas": {
            "U": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "integer", "format": "int64", "example": 3},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "meta": {
                        "type": "object",
                        "properties": {"created": {"type": "string", "format": "date-time"}},
                    },
                },
            },
            "E": {"type": "string", "enum": ["x", "y", "Z"], "description": "an enum"},
            "N": {"nullable": True, "type": "number", "minimum": 0.5},
        },
        "parameters": {"P": {"name": "page", "in": "query", "schema": {"type": "integer"}}},
    },
    "tags": [{"name": "a"}, {"name": "b", "description": "Bee"}],
    "list": [1, "two", "", True, 0, {"k": [1, 2, 3]}, [4, 5]],
}


def paths(expr: str, doc: Any = DOC) -> list[tuple[Any, ...]]:
    return [path for _, path, _ in Matcher([compile_path(expr)]).walk(doc)]


def values(expr: str, doc: Any = DOC) -> list[Any]:
    return [value for _, _, value in Matcher([compile_path(expr)]).walk(doc)]


# (expression, expected paths in document order, or the number of matches)
CASES: list[tuple[str, Any]] = [
    ("$", [()]),
    ("$.info", [("info",)]),
    ("$.info.title", [("info", "title")]),
    ("$.info['x-logo']", [("info", "x-logo")]),
    ('$.info["x-logo"].url', [("info", "x-logo", "url")]),
    ("$.info.x-logo", [("info", "x-logo")]),
    ("$.servers[0]", [("servers", 0)]),
    ("$.servers[1].url", [("servers", 1, "url")]),
    ("$.servers[*].url", [("servers", 0, "url"), ("servers", 1, "url")]),
    ("$.servers.*.url", [("servers", 0, "url"), ("servers", 1, "url")]),
    ("$.servers[-1]", [("servers", 1)]),
    ("$.servers[0,1]", [("servers", 0), ("servers", 1)]),
    ("$.servers[:1]", [("servers", 0)]),
    ("$.servers[1:]", [("servers", 1)]),
    ("$.list[::2]", [("list", 0), ("list", 2), ("list", 4), ("list", 6)]),
    ("$.list[1:5:2]", [("list", 1), ("list", 3)]),
    ("$.list[(@.length-1)]", [("list", 6)]),
    ("$.paths[*]", [("paths", "/users"), ("paths", "/users/{id}")]),
    ("$.paths[*]~", [("paths", "/users"), ("paths", "/users/{id}")]),
    (
        "$.paths[*][*]",
        [
            ("paths", "/users", "parameters"),
            ("paths", "/users", "get"),
            ("paths", "/users", "post"),
            ("paths", "/users/{id}", "delete"),
            ("paths", "/users/{id}", "x-ext"),
        ],
    ),
    ("$.paths[*][get,put,post]", [("paths", "/users", "get"), ("paths", "/users", "post")]),
    (
        "$.paths[*]['get','delete']",
        [("paths", "/users", "get"), ("paths", "/users/{id}", "delete")],
    ),
    ("$.paths['/users'].get", [("paths", "/users", "get")]),
    ("$.paths./users.get", [("paths", "/users", "get")]),
    (
        "$.paths[*][*].responses[*]",
        [
            ("paths", "/users", "get", "responses", "200"),
            ("paths", "/users", "get", "responses", "404"),
            ("paths", "/users", "get", "responses", "default"),
            ("paths", "/users", "post", "responses", "201"),
            ("paths", "/users", "post", "responses", "500"),
            ("paths", "/users/{id}", "delete", "responses", "204"),
            ("paths", "/users/{id}", "delete", "responses", "400"),
        ],
    ),
    (
        "$.paths[*][*].responses[?(@property >= 400)]",
        [
            ("paths", "/users", "get", "responses", "404"),
            ("paths", "/users", "post", "responses", "500"),
            ("paths", "/users/{id}", "delete", "responses", "400"),
        ],
    ),
    (
        "$.paths[*][*].responses[?(@property >= 200 && @property < 300)]",
        [
            ("paths", "/users", "get", "responses", "200"),
            ("paths", "/users", "post", "responses", "201"),
            ("paths", "/users/{id}", "delete", "responses", "204"),
        ],
    ),
    (
        "$.paths[*][*].responses[?(@property == 200)]",
        [("paths", "/users", "get", "responses", "200")],
    ),
    (
        "$.paths[*][*].responses[?(@property === '200')]",
        [("paths", "/users", "get", "responses", "200")],
    ),
    ("$.paths[*][*].responses[?(@property === 200)]", []),
    ("$.paths[*][?(@property === 'get')]", [("paths", "/users", "get")]),
    (
        "$.paths[*][?(@property in ['get','delete'])]",
        [("paths", "/users", "get"), ("paths", "/users/{id}", "delete")],
    ),
    ("$.paths[*][?(@property.startsWith('x-'))]", [("paths", "/users/{id}", "x-ext")]),
    ("$.paths[*][?(@property.match(/^x-/i))]", [("paths", "/users/{id}", "x-ext")]),
    ("$.paths[*][?(@.deprecated)]", [("paths", "/users", "post")]),
    ("$.paths[*][?(@.deprecated === true)]", [("paths", "/users", "post")]),
    (
        "$.paths[*][?(!@.deprecated)]",
        [
            ("paths", "/users", "parameters"),
            ("paths", "/users", "get"),
            ("paths", "/users/{id}", "delete"),
            ("paths", "/users/{id}", "x-ext"),
        ],
    ),
    ("$.paths[*][?(@.deprecated)]^", [("paths", "/users")]),
    ("$.paths[*][?(@.deprecated)]^~", [("paths", "/users")]),
    ("$..description", 11),
    ("$..description^", 11),
    ("$..[description,title]", 12),
    (
        "$..parameters[*]",
        [
            ("paths", "/users", "parameters", 0),
            ("paths", "/users", "get", "parameters", 0),
            ("paths", "/users", "get", "parameters", 1),
            ("components", "parameters", "P"),
        ],
    ),
    (
        "$..parameters[?(@.in === 'query')].name",
        [
            ("paths", "/users", "parameters", 0, "name"),
            ("paths", "/users", "get", "parameters", 0, "name"),
            ("components", "parameters", "P", "name"),
        ],
    ),
    ("$..[?(@.type)]", 13),
    (
        "$..[?(@.type === 'object')]",
        [
            ("paths", "/users", "post", "requestBody", "content", "application/json", "schema"),
            ("components", "schemas", "U"),
            ("components", "schemas", "U", "properties", "meta"),
        ],
    ),
    (
        "$..[?(@.type === 'object')]~",
        [
            ("paths", "/users", "post", "requestBody", "content", "application/json", "schema"),
            ("components", "schemas", "U"),
            ("components", "schemas", "U", "properties", "meta"),
        ],
    ),
    (
        "$..[?(@ && @.enum)]",
        [
            (
                "paths",
                "/users",
                "post",
                "requestBody",
                "content",
                "application/json",
                "schema",
                "properties",
                "name",
            ),
            ("components", "schemas", "E"),
        ],
    ),
    ("$..[?(@.enum && @.enum.length > 2)]", [("components", "schemas", "E")]),
    ("$..[?(@.enum && @.enum.indexOf('x') !== -1)]", [("components", "schemas", "E")]),
    ("$..[?(@.example && @.type)]", [("components", "schemas", "U", "properties", "id")]),
    (
        "$..[?(@property === '$ref')]",
        [
            ("paths", "/users", "get", "parameters", 1, "$ref"),
            (
                "paths",
                "/users",
                "get",
                "responses",
                "200",
                "content",
                "application/json",
                "schema",
                "items",
                "$ref",
            ),
        ],
    ),
    (
        "$..[?(@property === '$ref')]^",
        [
            ("paths", "/users", "get", "parameters", 1),
            (
                "paths",
                "/users",
                "get",
                "responses",
                "200",
                "content",
                "application/json",
                "schema",
                "items",
            ),
        ],
    ),
    (
        "$..$ref",
        [
            ("paths", "/users", "get", "parameters", 1, "$ref"),
            (
                "paths",
                "/users",
                "get",
                "responses",
                "200",
                "content",
                "application/json",
                "schema",
                "items",
                "$ref",
            ),
        ],
    ),
    (
        "$..['$ref']",
        [
            ("paths", "/users", "get", "parameters", 1, "$ref"),
            (
                "paths",
                "/users",
                "get",
                "responses",
                "200",
                "content",
                "application/json",
                "schema",
                "items",
                "$ref",
            ),
        ],
    ),
    ("$..*", 137),
    ("$..", 65),
    ("$..[*]", 137),
    ("$..[0]", 11),
    (
        "$..properties[*]",
        [
            (
                "paths",
                "/users",
                "post",
                "requestBody",
                "content",
                "application/json",
                "schema",
                "properties",
                "name",
            ),
            ("components", "schemas", "U", "properties", "id"),
            ("components", "schemas", "U", "properties", "tags"),
            ("components", "schemas", "U", "properties", "meta"),
            ("components", "schemas", "U", "properties", "meta", "properties", "created"),
        ],
    ),
    (
        "$..properties[*]~",
        [
            (
                "paths",
                "/users",
                "post",
                "requestBody",
                "content",
                "application/json",
                "schema",
                "properties",
                "name",
            ),
            ("components", "schemas", "U", "properties", "id"),
            ("components", "schemas", "U", "properties", "tags"),
            ("components", "schemas", "U", "properties", "meta"),
            ("components", "schemas", "U", "properties", "meta", "properties", "created"),
        ],
    ),
    (
        "$.components.schemas[*]..properties[*]~",
        [
            ("components", "schemas", "U", "properties", "id"),
            ("components", "schemas", "U", "properties", "tags"),
            ("components", "schemas", "U", "properties", "meta"),
            ("components", "schemas", "U", "properties", "meta", "properties", "created"),
        ],
    ),
    (
        "$.components.schemas[*]..properties",
        [
            ("components", "schemas", "U", "properties"),
            ("components", "schemas", "U", "properties", "meta", "properties"),
        ],
    ),
    (
        "$..content..schema",
        [
            ("paths", "/users", "get", "responses", "200", "content", "application/json", "schema"),
            ("paths", "/users", "post", "requestBody", "content", "application/json", "schema"),
        ],
    ),
    (
        "$..schema.type",
        [
            ("paths", "/users", "get", "parameters", 0, "schema", "type"),
            (
                "paths",
                "/users",
                "get",
                "responses",
                "200",
                "content",
                "application/json",
                "schema",
                "type",
            ),
            (
                "paths",
                "/users",
                "post",
                "requestBody",
                "content",
                "application/json",
                "schema",
                "type",
            ),
            ("components", "parameters", "P", "schema", "type"),
        ],
    ),
    ("$..[?(@.type === 'array' && !@.items)]", []),
    (
        "$..[?(@.type === 'array' && @.items)]",
        [
            ("paths", "/users", "get", "responses", "200", "content", "application/json", "schema"),
            ("components", "schemas", "U", "properties", "tags"),
        ],
    ),
    ("$..[?(@.minimum < 1)]", [("components", "schemas", "N")]),
    ("$..[?(@.maximum >= 10)]", [("paths", "/users", "get", "parameters", 0, "schema")]),
    (
        "$..[?(@.format == 'int64' || @.format == 'date-time')]",
        [
            ("components", "schemas", "U", "properties", "id"),
            ("components", "schemas", "U", "properties", "meta", "properties", "created"),
        ],
    ),
    ("$..[?(@ === null)]", []),
    (
        "$..[?(@ === true)]",
        [
            ("paths", "/users", "post", "deprecated"),
            ("components", "schemas", "N", "nullable"),
            ("list", 3),
        ],
    ),
    ("$..[?(@ === 0)]", [("list", 4)]),
    (
        "$..[?(@ == 0)]",
        [
            ("info", "contact", "email"),
            ("paths", "/users", "post", "x-internal"),
            ("paths", "/users", "post", "responses", "500", "description"),
            ("list", 2),
            ("list", 4),
        ],
    ),
    (
        "$..[?(@ == false)]",
        [
            ("info", "contact", "email"),
            ("paths", "/users", "post", "x-internal"),
            ("paths", "/users", "post", "responses", "500", "description"),
            ("list", 2),
            ("list", 4),
        ],
    ),
    (
        "$..[?(@.description && @.description.match(/^[A-Z]/))]",
        [("servers", 1), ("paths", "/users", "get"), ("tags", 1)],
    ),
    ("$..[?(@.description && @.description.match(/^[a-z]/i))]", 10),
    (
        "$..[?(@property.endsWith('Id'))]",
        [("paths", "/users", "get", "operationId"), ("paths", "/users", "post", "operationId")],
    ),
    ("$..[?(@property.includes('ump'))]", []),
    ("$..[?(@ ~= '^http:')]", [("servers", 1, "url")]),
    ("$..[?(@.name && /^p/.test(@.name))]", [("components", "parameters", "P")]),
    (
        "$..[?(@parentProperty === 'properties')]",
        [
            (
                "paths",
                "/users",
                "post",
                "requestBody",
                "content",
                "application/json",
                "schema",
                "properties",
                "name",
            ),
            ("components", "schemas", "U", "properties", "id"),
            ("components", "schemas", "U", "properties", "tags"),
            ("components", "schemas", "U", "properties", "meta"),
            ("components", "schemas", "U", "properties", "meta", "properties", "created"),
        ],
    ),
    (
        "$..[?(@path.includes('parameters') && @.in)]",
        [
            ("paths", "/users", "parameters", 0),
            ("paths", "/users", "get", "parameters", 0),
            ("components", "parameters", "P"),
        ],
    ),
    (
        "$..[?(@root.openapi === '3.0.0' && @.operationId)]",
        [("paths", "/users", "get"), ("paths", "/users", "post")],
    ),
    ("$..[?(@.required && @.required.length)]", [("components", "schemas", "U")]),
    ("$..*@string()", 58),
    ("$..*@number()", 11),
    (
        "$..@boolean()",
        [
            ("paths", "/users", "post", "deprecated"),
            ("paths", "/users", "post", "x-internal"),
            ("components", "schemas", "N", "nullable"),
            ("list", 3),
        ],
    ),
    ("$..@null()", []),
    ("$..@integer()", 10),
    ("$..@array()", 11),
    ("$..@object()", 64),
    ("$..@scalar()", 73),
    ("$.list[?(@ > 1)]", []),
    ("$.list[?(@ == 'two')]", [("list", 1)]),
    ("$.list[?(@property > 3)]", [("list", 4), ("list", 5), ("list", 6)]),
    ("$.list[?(!@)]", [("list", 2), ("list", 4)]),
    ("$..k[1]", [("list", 5, "k", 1)]),
    ("$..k[-1]", [("list", 5, "k", 2)]),
    ("$..k[-2:]", [("list", 5, "k", 1), ("list", 5, "k", 2)]),
    ("$.tags[?(@.name === 'b')].description", [("tags", 1, "description")]),
    ("$.tags[?(@.description)]", [("tags", 1)]),
    ("$.[?(@.type)]", 13),
    ("$.[description]", 11),
    ("$.paths.*[?( @property === 'get' )].responses", [("paths", "/users", "get", "responses")]),
    (
        "$..[?(@.in === 'query' && @.schema)]",
        [("paths", "/users", "get", "parameters", 0), ("components", "parameters", "P")],
    ),
    ("$..[?(@['x-code'] === 7)]", [("paths", "/users/{id}", "delete", "responses", "400")]),
    ("$..[?(@.minimum + 1 > 1.2)]", [("components", "schemas", "N")]),
    ("$..[?(@.description === '')]", [("paths", "/users", "post", "responses", "500")]),
    ("$..[?(@.description !== undefined)]", 11),
    ("$..[?(@.description != null)]", 11),
    ("$..[?(@.description === void 0)]", 126),
    ("$..[?(@property === 0)]", 11),
    ("$..[?(@property == '0')]", 11),
    ("$..[?(@property === 'name' && @ === 'a')]", [("tags", 0, "name")]),
    ("$..[?(-@.minimum < 0)]", [("components", "schemas", "N")]),
]


@pytest.mark.parametrize(("expr", "expected"), CASES, ids=[c[0] for c in CASES])
def test_matches_like_spectral(expr: str, expected: Any) -> None:
    found = paths(expr)
    if isinstance(expected, int):
        assert len(found) == expected
    else:
        assert found == expected


def test_values_are_the_matched_nodes() -> None:
    assert values("$.info.title") == ["T"]
    assert values("$.servers[*].url") == ["https://a", "http://b"]
    assert values("$.list[5].k") == [[1, 2, 3]]
    assert values("$") == [DOC]


def test_tilde_yields_the_key_at_the_member_path() -> None:
    assert values("$.paths[*]~") == ["/users", "/users/{id}"]
    assert values("$.servers[*]~") == [0, 1]
    assert paths("$.paths[*]~") == [("paths", "/users"), ("paths", "/users/{id}")]
    assert values("$.paths[*][?(@.deprecated)]^~") == ["/users"]


def test_caret_yields_each_parent_once() -> None:
    # nimma and jsonpath-plus report /users three times (once per child); we dedupe.
    assert paths("$.paths[*][*]^") == [("paths", "/users"), ("paths", "/users/{id}")]
    assert values("$.paths[*][*]^") == [DOC["paths"]["/users"], DOC["paths"]["/users/{id}"]]
    assert paths("$.paths[*][*].responses[*]^^") == [
        ("paths", "/users", "get"),
        ("paths", "/users", "post"),
        ("paths", "/users/{id}", "delete"),
    ]
    assert values("$.info.contact.name^^^") == [DOC]


def test_trailing_descent_is_every_container_including_the_root() -> None:
    found = paths("$.components..")
    assert found[0] == ("components",)
    assert ("components", "schemas", "U", "required") in found
    assert ("components", "schemas", "U", "type") not in found  # a string
    assert paths("$..")[0] == ()


def test_dot_bracket_descends_like_jsonpath_plus() -> None:
    assert paths("$.[description]") == paths("$..description")
    assert paths("$.[?(@.type)]") == paths("$..[?(@.type)]")


def test_union_order_is_document_order_and_duplicates_collapse() -> None:
    assert paths("$.info[version,title]") == [("info", "title"), ("info", "version")]
    assert paths("$.info[title,title]") == [("info", "title")]
    assert paths("$..[description,description]") == paths("$..description")


def test_bracket_names_and_escapes() -> None:
    doc = {"a b": 1, "it's": 2, 'q"': 3, "a.b": 4, "0": 5, "-1": 6}
    assert paths("$['a b']", doc) == [("a b",)]
    assert paths("$['it\\'s']", doc) == [("it's",)]
    assert paths('$["q\\""]', doc) == [('q"',)]
    assert paths("$['a.b']", doc) == [("a.b",)]
    assert paths("$[ 'a b' , \"a.b\" ]", doc) == [("a b",), ("a.b",)]
    assert paths("$[0]", doc) == [("0",)]  # an index names the member "0" of an object
    assert paths("$['-1']", doc) == [("-1",)]


def test_yaml_non_string_keys_match_as_javascript_strings() -> None:
    doc = {"responses": {200: {"d": 1}, 404: {"d": 2}, "default": {"d": 3}}, True: "on"}
    assert paths("$.responses.200", doc) == [("responses", 200)]
    assert paths("$.responses['200']", doc) == [("responses", 200)]
    assert paths("$.responses[200,404]", doc) == [("responses", 200), ("responses", 404)]
    assert paths("$.responses[?(@property >= 400)]", doc) == [("responses", 404)]
    assert paths("$.responses[?(@property === '200')]", doc) == [("responses", 200)]
    assert values("$.responses[*]~", doc) == [200, 404, "default"]
    assert paths("$.true", doc) == [(True,)]
    # 1, 1.0 and true are one dict key in Python but three names in JavaScript
    mixed = {"a": {1: "one"}, "b": {True: "yes"}}
    assert paths("$[*]['1']", mixed) == [("a", 1)]
    assert paths("$[*]['true']", mixed) == [("b", True)]
    assert paths("$[*][1,true]", mixed) == [("a", 1), ("b", True)]
    assert paths("$..[?(@property === 'true')]", mixed) == [("b", True)]


def test_array_indexes_and_slices() -> None:
    doc = {"a": [10, 11, 12, 13, 14]}
    assert values("$.a[0]", doc) == [10]
    assert values("$.a.1", doc) == [11]
    assert values("$.a[9]", doc) == []
    assert values("$.a[-1]", doc) == [14]
    assert values("$.a[-2]", doc) == [13]
    assert values("$.a[0,-1]", doc) == [10, 14]
    assert values("$.a[1:3]", doc) == [11, 12]
    assert values("$.a[:2]", doc) == [10, 11]
    assert values("$.a[-2:]", doc) == [13, 14]
    assert values("$.a[::2]", doc) == [10, 12, 14]
    assert values("$.a[( @.length - 2 )]", doc) == [13, 14]
    assert values("$.a[*]", {"a": {"x": 1}}) == [1]  # wildcards take objects too
    assert values("$.a[1:3]", {"a": {"1": 1, "2": 2}}) == []  # slices only take arrays


def test_type_selector_after_a_step_narrows_it() -> None:
    assert paths("$.info.*@string()") == [("info", "title"), ("info", "version")]
    assert paths("$.list[*]@array()") == [("list", 6)]
    assert paths("$.list[*]@integer()") == [("list", 0), ("list", 4)]


def test_filter_that_throws_is_false_not_an_error() -> None:
    doc = {"a": None, "b": {"x": 1}, "c": {"x": "s"}, "d": [None, {"x": None}]}
    # nimma/jsonpath-plus abort the whole query on null.x; Spectral users expect false.
    assert paths("$..[?(@.x === 1)]", doc) == [("b",)]
    assert paths("$..[?(@.x.match(/s/))]", doc) == [("c",)]
    assert paths("$..[?(@.x.y.z)]", doc) == []
    assert paths("$..[?(@.x.startsWith('s'))]", doc) == [("c",)]


def test_scalar_and_empty_documents() -> None:
    assert paths("$", "text") == [()]
    assert paths("$.a", "text") == []
    assert paths("$..*", 3) == []
    assert paths("$[*]", []) == []
    assert paths("$..a", None) == []


# --- invalid expressions -----------------------------------------------------------

INVALID: list[tuple[Any, str, int]] = [
    ("", "must start with '$'", 0),
    ("info.title", "must start with '$'", 0),
    ("$info x", "expected '.', '..', '[', '^', '~' or the end, found 'x'", 6),
    ("$.a^.b[", "unclosed '['", 6),
    ("$[", "unclosed '['", 1),
    ("$.a[*", "unclosed '['", 3),
    ("$['a", "unterminated string literal", 2),
    ("$[a b]", "expected ',' or ']'", 4),
    ("$[]", "expected a member name, index or '*'", 2),
    ("$.a~.b", "nothing may follow '~'", 4),
    ("$.a^b", "only '^' or '~' may follow '^'", 4),
    ("$~", "need a step before them", 1),
    ("$[1:2:0]", "slice step cannot be 0", 2),
    ("$[0,1:2]", "slice cannot be part of a union", 4),
    ("$[(@.foo)]", "script expressions other than (@.length-N) are not supported", 2),
    ("$..@foo()", "unknown shorthand '@foo'", 3),
    ("$..@@schema()", "custom '@@' shorthands are not supported", 3),
    ("$.a[?(@.x ==)]", "expected an expression after '=='", 10),
    ("$[?(@.x", "expected ')' but found end of input", 7),
    ("$[?(@.x)", "unclosed '['", 1),
    ("$[?()]", "unexpected ')'", 4),
    ("$[?(@.a = 1)]", "expected ')' but found '='", 8),
    ("$[?(@.a & 1)]", "bitwise '&' (did you mean '&&'?) is not supported", 8),
    ("$[?(@.a.)]", "expected a property name after '.'", 8),
    ("$[?(1abc)]", "invalid number", 4),
    ('$[?("abc)]', "unterminated string literal", 4),
    ("$[?(@.a.match(/x/q))]", "Invalid flags supplied to RegExp constructor 'q'", 14),
    ("$[?(@.a.match(/(/))]", "Invalid regular expression: /(/: Unterminated group", 14),
    ("$[?(@.a.match(/x))]", "unterminated regular expression literal", 14),
    ("$[?(@foo)]", "unknown '@foo'", 4),
    ("$[?(Array.isArray(@))]", "'Array' is not defined", 4),
    ("$[?(eval('1'))]", "'eval' is not defined", 4),
    (12, "must be a string", 0),
]


@pytest.mark.parametrize(("expr", "reason", "position"), INVALID, ids=[str(c[0]) for c in INVALID])
def test_invalid_expressions_say_what_and_where(expr: Any, reason: str, position: int) -> None:
    with pytest.raises(JsonPathError) as info:
        compile_path(expr)
    assert reason in str(info.value)
    assert info.value.position == position
    assert f"at position {position}" in str(info.value)
    assert isinstance(info.value, ValueError)


# --- the one-walk matcher ---------------------------------------------------------------

ALL_EXPRESSIONS = [expr for expr, _ in CASES]


def test_many_queries_in_one_walk_match_each_alone() -> None:
    queries = [compile_path(expr) for expr in ALL_EXPRESSIONS]
    together: dict[int, list[tuple[Any, Any]]] = {i: [] for i in range(len(queries))}
    for index, path, value in Matcher(queries).walk(DOC):
        together[index].append((path, value))
    for index, query in enumerate(queries):
        alone = [(path, value) for _, path, value in Matcher([query]).walk(DOC)]
        assert together[index] == alone, query.expression


def test_each_query_path_pair_is_reported_once() -> None:
    queries = [compile_path(expr) for expr in ALL_EXPRESSIONS]
    pairs = [(index, path) for index, path, _ in Matcher(queries).walk(DOC)]
    assert len(pairs) == len(set(pairs))
    # overlapping descents do not double-report either
    assert paths("$..properties..type") == sorted(
        set(paths("$..properties..type")), key=paths("$..properties..type").index
    )


def test_matcher_is_reusable_across_documents() -> None:
    queries = [compile_path(expr) for expr in ALL_EXPRESSIONS]
    matcher = Matcher(queries)
    other = {"info": {"title": "Other"}, "paths": {"/x": {"get": {"responses": {"500": {}}}}}}
    first = list(matcher.walk(DOC))
    on_other = list(matcher.walk(other))
    assert list(matcher.walk(DOC)) == first
    assert on_other == list(Matcher(queries).walk(other))


def test_walk_order_is_deterministic_document_order() -> None:
    queries = [compile_path(e) for e in ("$..description", "$.info.title", "$..title")]
    found = [(index, path) for index, path, _ in Matcher(queries).walk(DOC)]
    assert found[:3] == [
        (1, ("info", "title")),
        (2, ("info", "title")),
        (0, ("servers", 1, "description")),
    ]
    assert found == [(index, path) for index, path, _ in Matcher(queries).walk(DOC)]


def test_no_queries_and_unmatched_queries() -> None:
    assert list(Matcher([]).walk(DOC)) == []
    assert list(Matcher([compile_path("$.nope.deeper")]).walk(DOC)) == []


def _visited_containers(expr: str, doc: Any) -> list[Any]:
    """Every container the walk entered (the matcher's recursive ``visit`` frames)."""
    seen: list[Any] = []

    def profiler(frame: Any, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code.co_name == "visit":
            seen.append(frame.f_locals["node"])

    sys.setprofile(profiler)
    try:
        list(Matcher([compile_path(expr)]).walk(doc))
    finally:
        sys.setprofile(None)
    return seen


def test_walk_prunes_subtrees_no_query_can_match_in() -> None:
    doc = {
        "info": {"title": "T", "contact": {"name": "x"}},
        "paths": {f"/p{i}": {"get": {"responses": {"200": {}}}} for i in range(50)},
    }
    visited = _visited_containers("$.info.title", doc)
    assert visited == [doc, doc["info"]]
    assert all(node is not doc["paths"] for node in visited)
    visited = _visited_containers("$.paths[*].get", doc)
    assert len(visited) == 2 + 50  # root, paths, each path item; never the operations
    # a descent query has to look everywhere: the counter does see that
    assert len(_visited_containers("$..title", doc)) > 150


def test_self_referencing_documents_terminate() -> None:
    loop: list[Any] = []
    loop.append(loop)
    doc = {"a": loop, "b": {"x": 1}}
    assert paths("$..x", doc) == [("b", "x")]
    cyclic: dict[str, Any] = {"name": "n"}
    cyclic["self"] = cyclic  # what yaml.safe_load makes of `&a {name: n, self: *a}`
    assert paths("$..name", {"root": cyclic}) == [("root", "name")]
    assert paths("$..self", {"root": cyclic}) == [("root", "self")]
    shared = {"name": "s"}  # an alias used twice is not a cycle: both places match
    assert paths("$..name", {"a": shared, "b": shared}) == [("a", "name"), ("b", "name")]


def test_very_deep_documents_do_not_overflow_the_stack() -> None:
    doc: Any = {"leaf": 1}
    for _ in range(5000):
        doc = {"n": doc}
    found = paths("$..leaf", doc)
    assert found == []  # past MAX_DEPTH the walk stops instead of raising
    assert paths("$.n.n.n", doc) == [("n", "n", "n")]
