"""``enumeration``, ported from Spectral's enumeration.test.ts."""

from __future__ import annotations

import pytest

from govlint.functions.core.enumeration import enumeration

from .support import InvalidOptions, run


def test_allowed_value() -> None:
    assert run(enumeration, "x", {"values": ["x", "y", "z"]}) == []


def test_value_not_allowed() -> None:
    assert run(enumeration, "x", {"values": ["y", "z"]}) == [
        {"message": '"x" must be equal to one of the allowed values: "y", "z"', "path": []}
    ]


def test_non_primitive_is_ignored() -> None:
    assert run(enumeration, {}, {"values": ["test"]}) == []


def test_missing_field_is_ignored_but_null_is_checked() -> None:
    assert run(enumeration, {}, {"values": [1]}, field="a") == []
    assert run(enumeration, {"a": None}, {"values": [1, 2.5]}, field="a") == [
        {"message": "null must be equal to one of the allowed values: 1, 2.5", "path": ["a"]}
    ]


def test_js_equality() -> None:
    assert run(enumeration, 1.0, {"values": [1]}) == []
    assert run(enumeration, True, {"values": [1]}) == [
        {"message": "true must be equal to one of the allowed values: 1", "path": []}
    ]


def test_valid_options() -> None:
    assert run(enumeration, "foo", {"values": ["foo", 2]}) == []


EXAMPLES = (
    '"enumeration" function has invalid options specified. Example valid options: '
    '{ "values": ["Berlin", "London", "Paris"] }, { "values": [2, 3, 5, 8, 13, 21] }'
)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"values": ["foo", 2], "foo": True},
            '"enumeration" function does not support "foo" option',
        ),
        (
            {"values": [{}]},
            '"enumeration" and its "values" option support only arrays of primitive values, '
            'i.e. ["Berlin", "London", "Paris"]',
        ),
        (None, EXAMPLES),
        (2, EXAMPLES),
    ],
)
def test_invalid_options(options: object, message: str) -> None:
    with pytest.raises(InvalidOptions) as raised:
        run(enumeration, "foo", options)
    assert str(raised.value) == message
