"""``xor``, ported from Spectral's xor.test.ts."""

from __future__ import annotations

import pytest

from govlint.functions.core.xor import xor

from .support import InvalidOptions, run

INFO = {
    "version": "1.0.0",
    "title": "Swagger Petstore",
    "termsOfService": "http://swagger.io/terms/",
}


def test_none_of_two_defined() -> None:
    assert run(xor, INFO, {"properties": ["yada-yada", "whatever"]}) == [
        {"message": 'At least one of "yada-yada" or "whatever" must be defined', "path": []}
    ]


def test_none_of_three_defined() -> None:
    # Spectral's test file still expects the pre-6.11 wording here; its code says this.
    assert run(xor, INFO, {"properties": ["yada-yada", "whatever", "foo"]}) == [
        {
            "message": 'At least one of "yada-yada" or "whatever" or "foo" must be defined',
            "path": [],
        }
    ]


def test_both_defined() -> None:
    assert run(xor, INFO, {"properties": ["version", "title"]}) == [
        {"message": 'Just one of "version" and "title" must be defined', "path": []}
    ]


def test_non_object_is_ignored() -> None:
    assert run(xor, None, {"properties": ["version", "title"]}) == []


def test_exactly_one_defined() -> None:
    assert run(xor, INFO, {"properties": ["something", "title"]}) == []
    assert run(xor, INFO, {"properties": ["title", "foo", "bar", "four"]}) == []


def test_several_of_five_defined() -> None:
    options = {"properties": ["version", "title", "termsOfService", "bar", "five"]}
    assert run(xor, INFO, options) == [
        {
            "message": 'Just one of "version" and "title" and "termsOfService" must be defined',
            "path": [],
        }
    ]


def test_none_of_five_defined_is_abbreviated() -> None:
    options = {"properties": ["yada-yada", "foo", "bar", "four", "five"]}
    assert run(xor, INFO, options) == [
        {
            "message": 'At least one of "yada-yada" or "foo" or "bar" or 2 other properties '
            "must be defined",
            "path": [],
        }
    ]


@pytest.mark.parametrize(
    "options", [{"properties": ["foo", "bar"]}, {"properties": ["a", "b", "c"]}]
)
def test_valid_options(options: dict) -> None:
    assert run(xor, [], options) == []


EXAMPLES = (
    '"xor" function has invalid options specified. Example valid options: '
    '{ "properties": ["country", "street"] }, { "properties": ["one", "two", "three"] }, etc.'
)
TWO = (
    '"xor" requires at least two enumerated "properties", i.e. ["country", "street"], '
    '["one", "two", "three"], etc.'
)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (None, EXAMPLES),
        (2, EXAMPLES),
        (
            {"properties": ["foo", "bar"], "foo": True},
            '"xor" function does not support "foo" option',
        ),
        ({"properties": ["foo", {}]}, TWO),
        ({"properties": []}, TWO),
        ({}, '"xor" function is missing "properties" option'),
    ],
)
def test_invalid_options(options: object, message: str) -> None:
    with pytest.raises(InvalidOptions) as raised:
        run(xor, {}, options)
    assert str(raised.value) == message
