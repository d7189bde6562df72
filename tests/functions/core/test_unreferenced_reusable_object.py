"""``unreferencedReusableObject``, ported from Spectral's test plus an OpenAPI document."""

from __future__ import annotations

import pytest

from govlint.functions.core.unreferenced_reusable_object import unreferenced_reusable_object

from .support import InvalidOptions, run

ORPHAN = "Potential orphaned reusable object has been detected"


def test_non_object_is_ignored() -> None:
    assert run(unreferenced_reusable_object, "Nope", {"reusableObjectsLocation": "#"}) == []


def test_reports_each_unreferenced_object_at_its_location() -> None:
    doc = {
        "paths": {
            "/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/Ok"}}}},
        },
        "components": {
            "responses": {"Ok": {"schema": {"$ref": "#/components/schemas/Pet"}}},
            "schemas": {
                "Pet": {"properties": {"tag": {"$ref": "#/components/schemas/Tag/properties/x"}}},
                "Tag": {"type": "object"},
                "a/b": {"type": "object"},
                "Used%": {"type": "object"},
                "Self": {"items": {"$ref": "#/components/schemas/Self"}},
            },
        },
        "x-refs": [{"$ref": "#/components/schemas/a~1b"}, {"$ref": "#/components/schemas/Used%25"}],
    }
    options = {"reusableObjectsLocation": "#/components/schemas"}
    results = run(unreferenced_reusable_object, doc, options, given=("components", "schemas"))
    # A $ref into an object's inside does not count as a reference to the object (Spectral).
    assert results == [{"message": ORPHAN, "path": ["components", "schemas", "Tag"]}]


@pytest.mark.parametrize("location", ["#", "#/", "#/~1/d"])
def test_valid_options(location: str) -> None:
    assert run(unreferenced_reusable_object, {}, {"reusableObjectsLocation": location}) == []


EXAMPLES = (
    'Example valid options: { "reusableObjectsLocation": "#/components/schemas" }, '
    '{ "reusableObjectsLocation": "#/$defs" }'
)
POINTER = (
    '"unreferencedReusableObject" and its "reusableObjectsLocation" option support only valid '
    'JSON Pointer fragments, i.e. "#", "#/foo", "#/paths/~1user"'
)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (None, f'"unreferencedReusableObject" function has invalid options specified. {EXAMPLES}'),
        (2, f'"unreferencedReusableObject" function has invalid options specified. {EXAMPLES}'),
        (
            {},
            '"unreferencedReusableObject" function is missing "reusableObjectsLocation" option. '
            + EXAMPLES,
        ),
        (
            {"reusableObjectsLocation": "#", "foo": True},
            '"unreferencedReusableObject" function does not support "foo" option',
        ),
        ({"reusableObjectsLocation": 2}, POINTER),
        ({"reusableObjectsLocation": "foo"}, POINTER),
    ],
)
def test_invalid_options(options: object, message: str) -> None:
    with pytest.raises(InvalidOptions) as raised:
        run(unreferenced_reusable_object, {}, options)
    assert str(raised.value) == message


def test_only_ref_members_count_not_text_that_looks_like_one() -> None:
    doc = {
        "components": {"schemas": {"A": {}, "B": {}, "C": {}, "é\"x": {}}},
        # a key that merely ends in '"$ref' (written '\"$ref' in JSON) is no reference
        'note "$ref': "#/components/schemas/A",
        "description": '{"$ref":"#/components/schemas/B"}',  # JSON inside a string
        7: {"$ref": "#/components/schemas/C"},  # YAML loads some keys as numbers
        "x": [{"$ref": "#/components/schemas/é\"x"}],  # escapes inside the ref itself
    }
    options = {"reusableObjectsLocation": "#/components/schemas"}
    results = run(unreferenced_reusable_object, doc, options, given=("components", "schemas"))
    assert [r["path"][-1] for r in results] == ["A", "B"]


def test_documents_orjson_cannot_serialise_are_walked() -> None:
    doc = {"big": 2**70, "components": {"schemas": {"A": {}, "B": {}}},
           "y": {"$ref": "#/components/schemas/B"}}
    options = {"reusableObjectsLocation": "#/components/schemas"}
    results = run(unreferenced_reusable_object, doc, options, given=("components", "schemas"))
    assert [r["path"][-1] for r in results] == ["A"]
