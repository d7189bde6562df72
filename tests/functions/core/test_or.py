"""``or``, ported from Spectral's or.test.ts."""

from __future__ import annotations

import pytest

from govlint.functions.core.or_ import or_

from .support import InvalidOptions, run

INFO = {
    "version": "1.0.0",
    "title": "Swagger Petstore",
    "termsOfService": "http://swagger.io/terms/",
}


def test_none_defined() -> None:
    assert run(or_, INFO, {"properties": ["yada-yada", "whatever"]}) == [
        {"message": 'At least one of "yada-yada" or "whatever" must be defined', "path": []}
    ]


@pytest.mark.parametrize(
    ("data", "properties"),
    [
        (INFO, ["version", "title"]),
        (INFO, ["something", "title"]),
        ({"type": "string", "format": "date"}, ["default", "pattern", "format"]),
        (
            {"type": "string", "default": "2024-05-01", "format": "date"},
            ["default", "pattern", "format"],
        ),
        (
            {"type": "string", "default": "x", "pattern": r"\d{4}", "format": "date"},
            ["default", "pattern", "format"],
        ),
        (INFO, ["version", "title", "termsOfService", "bar", "five"]),
        (INFO, ["title", "foo", "bar", "four"]),
    ],
)
def test_at_least_one_defined(data: dict, properties: list[str]) -> None:
    assert run(or_, data, {"properties": properties}) == []


def test_non_object_is_ignored() -> None:
    assert run(or_, None, {"properties": ["version", "title"]}) == []


def test_none_of_five_defined_is_abbreviated() -> None:
    options = {"properties": ["yada-yada", "foo", "bar", "four", "five"]}
    assert run(or_, INFO, options) == [
        {
            "message": 'At least one of "yada-yada" or "foo" or "bar" or 2 other properties '
            "must be defined",
            "path": [],
        }
    ]


EXAMPLES = (
    '"or" function has invalid options specified. Example valid options: '
    '{ "properties": ["default", "example"] }, '
    '{ "properties": ["title", "summary", "description"] }, etc.'
)
TWO = (
    '"or" requires at least two enumerated "properties", i.e. ["default", "example"], '
    '["title", "summary", "description"], etc.'
)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (None, EXAMPLES),
        (2, EXAMPLES),
        (
            {"properties": ["foo", "bar"], "foo": True},
            '"or" function does not support "foo" option',
        ),
        ({"properties": ["foo", {}]}, TWO),
        ({"properties": []}, TWO),
    ],
)
def test_invalid_options(options: object, message: str) -> None:
    with pytest.raises(InvalidOptions) as raised:
        run(or_, {}, options)
    assert str(raised.value) == message
