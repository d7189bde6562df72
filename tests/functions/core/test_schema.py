"""``schema``, ported from Spectral's schema.test.ts plus Ajv/better-ajv-errors wording."""

from __future__ import annotations

import pytest

from govlint.functions.core.schema import schema

from .support import InvalidOptions, run


def _one(message: str, path: list | None = None) -> list[dict]:
    return [{"message": message, "path": path or []}]


def test_draft4_exclusive_maximum() -> None:
    spec = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "number",
        "maximum": 2,
        "exclusiveMaximum": True,
    }
    assert run(schema, 2, {"schema": spec}) == _one("Number must be < 2")
    assert run(schema, 2, {"schema": spec, "dialect": "auto"}) == _one("Number must be < 2")


def test_draft6() -> None:
    spec = {"$schema": "http://json-schema.org/draft-06/schema#", "type": "string"}
    assert run(schema, 2, {"schema": spec}) == _one("Value type must be string")


@pytest.mark.parametrize(
    ("value", "wanted"), [("", "number"), (0, "string"), (False, "string"), (None, "string")]
)
def test_falsy_values_are_validated(value: object, wanted: str) -> None:
    assert run(schema, value, {"schema": {"type": wanted}}) == _one(f"Value type must be {wanted}")


def test_unknown_format_is_ignored() -> None:
    spec = {"type": "string", "format": "ISO-3166-1 alpha-2"}
    assert run(schema, "some string", {"schema": spec}) == []


ARRAY = {"type": "array", "items": {"type": "string"}, "maxItems": 1}


def test_array_of_wrong_type() -> None:
    assert run(schema, {"foo": "bar"}, {"schema": ARRAY}) == _one("Value type must be array")


def test_array_too_long() -> None:
    assert run(schema, ["1", "2"], {"schema": ARRAY}) == _one(
        "Object must not have more than 1 items"
    )


NESTED = {
    "type": "object",
    "properties": {
        "foo": {
            "type": "object",
            "properties": {"bar": {"type": "string"}},
            "additionalProperties": False,
        }
    },
}


def test_nested_paths() -> None:
    assert run(schema, {"abc": "string", "foo": {"bar": 0}}, {"schema": NESTED}) == _one(
        '"bar" property type must be string', ["foo", "bar"]
    )
    assert run(schema, {"abc": "string", "foo": {"baz": "test"}}, {"schema": NESTED}) == _one(
        'Property "baz" is not expected to be here', ["foo"]
    )


def test_email_format() -> None:
    spec = {"type": "string", "format": "email"}
    assert run(schema, "not an email", {"schema": spec}) == _one('String must match format "email"')
    assert run(schema, "email@example.com", {"schema": spec}) == []


def test_openapi_number_formats() -> None:
    assert run(schema, 123, {"schema": {"type": "number", "format": "int32"}}) == []
    either = {"type": ["string", "number"]}
    assert run(schema, "3", {"schema": {**either, "format": "byte"}}) == _one(
        'String must match format "byte"'
    )
    assert run(schema, 2**40, {"schema": {**either, "format": "int32"}}) == _one(
        'Number must match format "int32"'
    )
    assert run(schema, "MIT3", {"schema": {**either, "format": "byte"}}) == []
    assert run(schema, 2**30, {"schema": {**either, "format": "int32"}}) == []
    assert run(schema, 2**40, {"schema": {**either, "format": "int64"}}) == []


DRAFT7 = "http://json-schema.org/draft-07/schema#"


def test_string_enum() -> None:
    spec = {"$schema": DRAFT7, "type": "string", "enum": ["foo", "bar"]}
    assert run(schema, "baz", {"schema": spec}) == _one(
        'String must be equal to one of the allowed values: "foo", "bar". Did you mean "bar"?'
    )
    assert run(schema, 2, {"schema": spec}) == _one("Value type must be string")
    assert run(schema, "three", {"schema": spec}) == _one(
        'String must be equal to one of the allowed values: "foo", "bar"'
    )


def test_integer_enum() -> None:
    spec = {"$schema": DRAFT7, "type": "integer", "enum": [1, 3, 5, 10, 12]}
    assert run(schema, "baz", {"schema": spec}) == _one("Value type must be integer")
    assert run(schema, 2, {"schema": spec}) == _one(
        "Number must be equal to one of the allowed values: 1, 3, 5, 10, 12"
    )


def test_enum_with_null() -> None:
    spec = {"$schema": DRAFT7, "enum": [1, None]}
    assert run(schema, "baz", {"schema": spec}) == _one(
        "String must be equal to one of the allowed values: 1, null"
    )
    assert run(schema, 2, {"schema": spec}) == _one(
        "Number must be equal to one of the allowed values: 1, null"
    )


def test_path_less_property() -> None:
    assert run(schema, {"foo": True}, {"schema": {"additionalProperties": False}}) == _one(
        'Property "foo" is not expected to be here'
    )


def test_unresolvable_ref() -> None:
    assert run(schema, {}, {"schema": {"$ref": "#/foo"}}, resolved=False) == _one(
        "can't resolve reference #/foo from id #"
    )
    assert run(schema, {}, {"schema": {"$ref": "#/bar"}}, resolved=True) == []


def test_missing_target() -> None:
    assert run(schema, {}, {"schema": {"type": "string"}}, field="info") == _one(
        '"info" property must exist'
    )


def test_required_and_named_target() -> None:
    doc = {"info": {"title": 1}}
    spec = {"type": "object", "required": ["version"], "properties": {"title": {"type": "string"}}}
    assert run(schema, doc, {"schema": spec, "allErrors": True}, given=("info",)) == [
        {"message": '"info" property must have required property "version"', "path": ["info"]},
        {"message": '"title" property type must be string', "path": ["info", "title"]},
    ]
    assert run(schema, {"a": 1}, {"schema": {"required": ["b", "c"]}}) == _one(
        'Object must have required property "b"'
    )


def test_first_error_is_the_one_ajv_stops_at() -> None:
    # Ajv checks "required" (object group) before "properties", whatever the key order.
    spec = {"properties": {"a": {"type": "string"}}, "required": ["b"]}
    assert run(schema, {"a": 1}, {"schema": spec}) == _one('Object must have required property "b"')
    # A lone type whose keywords are used fails after the untyped keywords (enum).
    spec = {"type": "string", "minLength": 2, "enum": ["ab"]}
    assert run(schema, 5, {"schema": spec}) == _one(
        'Number must be equal to one of the allowed values: "ab"'
    )


def test_array_items_and_limits() -> None:
    spec = {"type": "array", "items": {"type": "string", "maxLength": 2}}
    assert run(schema, ["ok", 3, "long"], {"schema": spec, "allErrors": True}) == [
        {"message": "Item at index 1 must be string", "path": [1]},
        {"message": "Item at index 2 must not have more than 2 characters", "path": [2]},
    ]


def test_any_of_reports_branches_and_the_combinator() -> None:
    spec = {"anyOf": [{"type": "string"}, {"type": "number"}]}
    assert run(schema, True, {"schema": spec}) == [
        {"message": "Value type must be string", "path": []},
        {"message": "Value type must be number", "path": []},
        {
            "message": "Boolean must match a schema in anyOf. None of the schemas matched, "
            "see the other errors reported for this value",
            "path": [],
        },
    ]


def test_one_of_matching_twice() -> None:
    spec = {"oneOf": [{"type": "number"}, {"minimum": 1}]}
    assert run(schema, 5, {"schema": spec}) == _one("Number must match exactly one schema in oneOf")


def test_any_of_with_nested_errors_keeps_the_combinator_at_the_root() -> None:
    # better-ajv-errors only drops an anyOf error whose own path has deeper errors; the
    # combinator error at "" and the errors at "/a" are siblings in its tree.
    spec = {
        "anyOf": [
            {"properties": {"a": {"type": "string"}}},
            {"properties": {"a": {"type": "number"}}},
        ]
    }
    assert run(schema, {"a": True}, {"schema": spec, "allErrors": True}) == [
        {"message": '"a" property type must be string', "path": ["a"]},
        {"message": '"a" property type must be number', "path": ["a"]},
        {
            "message": "Object must match a schema in anyOf. None of the schemas matched, "
            "see the other errors reported for this value",
            "path": [],
        },
    ]


def test_any_of_under_a_property_drops_the_combinator() -> None:
    spec = {
        "properties": {
            "a": {"anyOf": [{"properties": {"b": {"type": "string"}}}, {"required": ["c"]}]}
        }
    }
    assert run(schema, {"a": {"b": 1}}, {"schema": spec}) == [
        {"message": '"b" property type must be string', "path": ["a", "b"]},
    ]


def test_other_keywords() -> None:
    def check(spec: dict, value: object) -> str:
        (result,) = run(schema, value, {"schema": spec})
        return result["message"]

    assert check({"pattern": "^\\d+$"}, "12a") == 'String must match pattern "^\\d+$"'
    assert check({"minimum": 1.5}, 1) == "Number must be >= 1.5"
    assert check({"exclusiveMinimum": 1}, 1) == "Number must be > 1"
    assert check({"multipleOf": 3}, 4) == "Number must be multiple of 3"
    assert check({"const": "x"}, "y") == "String must be equal to constant"
    assert check({"not": {"type": "string"}}, "y") == "String must not be valid"
    assert check({"uniqueItems": True}, [1, 2, 1]) == (
        "Object must not have duplicate items (items ## 0 and 2 are identical)"
    )
    assert check({"minProperties": 2}, {"a": 1}) == "Object must not have fewer than 2 properties"
    assert check({"contains": {"type": "string"}}, [1]) == (
        "Object must contain at least 1 valid item(s)"
    )
    assert check({"dependencies": {"a": ["b"]}}, {"a": 1}) == (
        "Object must have property b when property a is present"
    )
    assert check({"properties": {"a": False}}, {"a": 1}) == '"a" property boolean schema is false'


def test_if_then_reports_the_branch_error_then_the_if() -> None:
    spec = {"if": {"minimum": 5}, "then": {"multipleOf": 5}}
    assert [r["message"] for r in run(schema, 7, {"schema": spec, "allErrors": True})] == [
        "Number must be multiple of 5",
        'Number must match "then" schema',
    ]


def test_js_regex_in_schema_pattern() -> None:
    spec = {"type": "object", "patternProperties": {"^x-(?<name>\\w+)$": {"type": "string"}}}
    assert run(schema, {"x-a": 1}, {"schema": spec}) == _one(
        '"x-a" property type must be string', ["x-a"]
    )


def test_invalid_schema_is_reported_not_raised() -> None:
    (result,) = run(schema, 1, {"schema": {"type": "strin"}})
    assert result["message"].startswith("schema is invalid: data/type ")


def test_draft2020_prefix_items() -> None:
    spec = {"prefixItems": [{"type": "string"}], "items": False}
    opts = {"schema": spec, "dialect": "draft2020-12"}
    assert run(schema, ["a", "b"], opts) == _one("Object must not have more than 1 items")


@pytest.mark.parametrize(
    "options",
    [
        {"schema": {"type": "object"}},
        {"schema": {"type": "string"}, "dialect": "auto"},
        {"schema": {"type": "string"}, "allErrors": True},
        {"schema": {"type": "string"}, "dialect": "draft2019-09", "allErrors": False},
    ],
)
def test_valid_options(options: dict) -> None:
    assert isinstance(run(schema, "", options), list)


ALL_ERRORS = (
    '"schema" function and its "allErrors" option accepts only the following types: boolean'
)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            2,
            '"schema" function has invalid options specified. Example valid options: '
            '{ "schema": { /* any JSON Schema can be defined here */ } , '
            '{ "schema": { "type": "object" }, "dialect": "auto" }',
        ),
        (
            {"schema": {"type": "object"}, "foo": True},
            '"schema" function does not support "foo" option',
        ),
        (
            {"schema": {"type": "object"}, "oasVersion": 1},
            '"schema" function does not support "oasVersion" option',
        ),
        (
            {"schema": {"type": "object"}, "dialect": "foo"},
            '"schema" function and its "dialect" option accepts only the following values: '
            '"auto", "draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"',
        ),
        (
            {"schema": {"type": "object"}, "allErrors": None},
            ALL_ERRORS,
        ),
        (
            {"schema": None, "allErrors": None},
            '"schema" function and its "schema" option accepts only the following types: object\n'
            + ALL_ERRORS,
        ),
    ],
)
def test_invalid_options(options: object, message: str) -> None:
    with pytest.raises(InvalidOptions) as raised:
        run(schema, [], options)
    assert str(raised.value) == message


def test_integer_type_is_checked_before_other_keywords() -> None:
    spec = {"minimum": 6, "enum": [1], "type": "integer"}
    assert run(schema, "5", {"schema": spec}) == _one("Value type must be integer")


def test_error_message_replaces_errors_with_all_errors() -> None:
    spec = {
        "additionalProperties": False,
        "required": ["q", "r"],
        "properties": {"a": {"type": "integer", "errorMessage": "a must be int, got ${0}"}},
        "errorMessage": {"required": {"q": "need q"}, "additionalProperties": "no extras"},
    }
    results = run(schema, {"a": "b", "c": 1}, {"schema": spec, "allErrors": True})
    assert sorted((r["message"], tuple(r["path"])) for r in results) == [
        ('Object must have required property "r"', ()),
        ('a must be int, got "b"', ("a",)),
        ("need q", ()),
        ("no extras", ()),
    ]


def test_error_message_string_keeps_inner_messages() -> None:
    spec = {
        "properties": {"a": {"type": "integer", "errorMessage": "a must be int"}},
        "minProperties": 3,
        "errorMessage": {"properties": {"a": "ignored: a has its own"}, "_": "too small"},
    }
    results = run(schema, {"a": "b"}, {"schema": spec, "allErrors": True})
    assert sorted(r["message"] for r in results) == ["a must be int", "too small"]


def test_error_message_is_ignored_without_all_errors() -> None:
    spec = {"type": "integer", "errorMessage": "custom"}
    assert run(schema, "x", {"schema": spec}) == _one("Value type must be integer")
