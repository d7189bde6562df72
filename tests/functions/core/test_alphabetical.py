"""``alphabetical``, ported from Spectral's alphabetical.test.ts."""

from __future__ import annotations

import pytest

from govlint.functions.core.alphabetical import alphabetical

from .support import InvalidOptions, run


def test_non_collections_and_single_items_pass() -> None:
    assert run(alphabetical, False) == []
    assert run(alphabetical, ["a"]) == []


def test_unsorted_object_keys() -> None:
    assert run(alphabetical, {"c": 2, "b": "xz"}) == [
        {"message": '"c" must be placed after "b"', "path": ["c"]}
    ]


def test_numeric_keys_keep_document_order() -> None:
    # JS would reorder integer-like keys; Spectral reads them in source order, as we do.
    doc = {"400": {"description": ""}, "200": {"description": ""}}
    assert run(alphabetical, doc) == [
        {"message": '"400" must be placed after "200"', "path": ["400"]}
    ]


def test_yaml_integer_keys_compare_as_strings() -> None:
    assert run(alphabetical, {404: None, 200: None}) == [
        {"message": '"404" must be placed after "200"', "path": [404]}
    ]


def test_unsorted_strings() -> None:
    assert run(alphabetical, ["b", "a"]) == [
        {"message": '"b" must be placed after "a"', "path": [0]}
    ]


def test_sorted_strings() -> None:
    assert run(alphabetical, ["a", "ab"]) == []


def test_unsorted_numbers() -> None:
    assert run(alphabetical, [10, 1]) == [{"message": "10 must be placed after 1", "path": [0]}]


@pytest.mark.parametrize("items", [[{"a": "10"}, {"b": "1"}], [False, "a", None]])
def test_items_of_other_types(items: list) -> None:
    assert run(alphabetical, items) == [
        {"message": "The document must be one of the allowed types: number, string", "path": []}
    ]


def test_keyed_by_unsorted() -> None:
    assert run(alphabetical, [{"a": "10"}, {"a": "1"}], {"keyedBy": "a"}) == [
        {"message": "properties must follow the alphabetical order", "path": []}
    ]


def test_keyed_by_sorted() -> None:
    assert run(alphabetical, [{"a": "1"}, {"a": "2"}, {"a": "2"}], {"keyedBy": "a"}) == []


def test_keyed_by_on_primitives() -> None:
    assert run(alphabetical, [100, 1], {"keyedBy": "a"}) == [
        {"message": "The document must be an object", "path": []}
    ]


def test_locale_order_not_code_point_order() -> None:
    # localeCompare: case-insensitive first, lowercase first on ties, "_" before letters.
    assert run(alphabetical, ["apple", "Banana", "cherry"]) == []
    assert run(alphabetical, ["a", "A", "b"]) == []
    assert run(alphabetical, ["_id", "name"]) == []
    assert run(alphabetical, ["B", "a"]) == [
        {"message": '"B" must be placed after "a"', "path": [0]}
    ]


def test_named_property_in_message() -> None:
    doc = {"tags": [{"name": "b"}, 3]}
    assert run(alphabetical, doc, given=("tags",)) == [
        {"message": '"tags" property must be one of the allowed types: number, string',
         "path": ["tags"]}
    ]  # fmt: skip


@pytest.mark.parametrize("options", [None, {}, {"keyedBy": "bar"}])
def test_valid_options(options: object) -> None:
    assert run(alphabetical, [], options) == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"foo": True}, '"alphabetical" function does not support "foo" option'),
        (
            2,
            '"alphabetical" function has invalid options specified. Example valid options: '
            'null (no options), { "keyedBy": "my-key" }',
        ),
        (
            {"keyedBy": 2},
            '"alphabetical" function and its "keyedBy" option accepts only the following '
            "types: string",
        ),
    ],
)
def test_invalid_options(options: object, message: str) -> None:
    with pytest.raises(InvalidOptions) as raised:
        run(alphabetical, [], options)
    assert str(raised.value) == message
