"""``length``, ported from Spectral's length.test.ts."""

from __future__ import annotations

import pytest

from govlint.functions.core.length import length

from .support import InvalidOptions, run

VALUES = ["123", 3, [1, 2, 3], {"one": 1, "two": 2, "three": 3}]


@pytest.mark.parametrize("value", VALUES)
def test_greater_than_max(value: object) -> None:
    assert run(length, value, {"max": 2}) == [
        {"message": "The document must be shorter than 2", "path": []}
    ]


@pytest.mark.parametrize("value", VALUES)
def test_smaller_than_min(value: object) -> None:
    assert run(length, value, {"min": 4}) == [
        {"message": "The document must be longer than 4", "path": []}
    ]


@pytest.mark.parametrize("value", VALUES)
def test_within_bounds(value: object) -> None:
    assert run(length, value, {"min": 3, "max": 3}) == []


def test_named_property_and_js_string_length() -> None:
    # "😀" is two UTF-16 code units, as JS counts.
    assert run(length, {"name": "😀"}, {"max": 1.0}, field="name") == [
        {"message": '"name" property must be shorter than 1', "path": ["name"]}
    ]


def test_other_types_are_ignored() -> None:
    assert run(length, True, {"max": 0}) == []
    assert run(length, {}, {"max": 0}, field="missing") == []


@pytest.mark.parametrize("options", [{"min": 2}, {"max": 4}, {"min": 2, "max": 4}])
def test_valid_options(options: dict) -> None:
    assert run(length, "foo", options) == []


EXAMPLES = (
    '"length" function has invalid options specified. Example valid options: '
    '{ "min": 2 }, { "max": 5 }, { "min": 0, "max": 10 }'
)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (None, EXAMPLES),
        (2, EXAMPLES),
        ({"min": 2, "foo": True}, '"length" function does not support "foo" option'),
        (
            {"min": "2"},
            '"length" function and its "min" option accepts only the following types: number',
        ),
        (
            {"max": "2"},
            '"length" function and its "max" option accepts only the following types: number',
        ),
        (
            {"min": "4", "max": "2"},
            '"length" function and its "min" option accepts only the following types: number\n'
            '"length" function and its "max" option accepts only the following types: number',
        ),
        ({}, "must NOT have fewer than 1 properties"),
    ],
)
def test_invalid_options(options: object, message: str) -> None:
    with pytest.raises(InvalidOptions) as raised:
        run(length, "foo", options)
    assert str(raised.value) == message
