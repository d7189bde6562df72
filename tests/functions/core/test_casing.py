"""``casing``, ported from Spectral's casing.test.ts."""

from __future__ import annotations

import pytest

from govlint.functions.core.casing import CASING_TYPES, casing

from .support import InvalidOptions, run

# type: (invalid, valid, valid only with digits)
CASES = {
    "flat": (["foo_test", "Foo", "123", "1d", "foo-bar"], ["foo", "foobar"],
             ["foo9bar", "foo24baz", "foo1"]),
    "camel": (["foo_test", "Foo", "1fooBarBaz", "123", "foo-bar"],
              ["foo", "fooBar", "fooBarBaz", "coordinateX"], ["foo1", "foo24Bar", "fooBar0Baz323"]),
    "pascal": (["foo_test", "123", "1fooBarBaz", "fooBarBaz1", "fooBar", "foo1", "foo-bar"],
               ["Foo", "FooBar", "FooBarBaz", "CoordinateZ"], ["Foo1", "FooBarBaz1"]),
    "kebab": (["foo_test", "Foo1", "123", "fooBarBaz1", "fooBar", "foO", "foo-baR", "1foo-bar",
               "foo--bar", "foo-", "-foo"],
              ["foo", "foo-bar", "foo-bar-baz"], ["foo-bar1", "foo1-2bar"]),
    "cobol": (["foo_test", "Foo1", "123", "fooBarBaz1", "FOo", "FOO-BAr", "FOO--BAR", "FOO-",
               "-FOO"],
              ["FOO", "FOO-BAR", "FOO-BAR-BAZ"], ["FOO-BAR1", "FOO2-3BAR1"]),
    "snake": (["Foo1", "123", "fooBarBaz1", "FOo", "FOO-BAR", "foo__bar", "1foo_bar1", "foo_",
               "_foo"],
              ["foo", "foo_bar", "foo_bar_baz"], ["foo_bar1", "foo2_4bar1"]),
    "macro": (["foo_test", "Foo1", "123", "fooBarBaz1", "FOo", "FOO-BAR", "FO__BAR", "1FOO_BAR1",
               "FOO___BAR1", "FOO_", "_FOO"],
              ["FOO", "FOO_BAR", "FOO_BAR_BAZ"], ["FOO_BAR1", "FOO2_4BAR1", "FOO2_4_2"]),
}  # fmt: skip


def _fails(kind: str) -> list[dict]:
    return [{"message": f"must be {kind} case", "path": []}]


def test_non_strings_and_empty_string_are_ignored() -> None:
    assert run(casing, False, {"type": "camel"}) == []
    assert run(casing, 1, {"type": "camel"}) == []
    assert run(casing, "", {"type": "camel"}) == []


@pytest.mark.parametrize("kind", CASING_TYPES)
def test_casing_types(kind: str) -> None:
    invalid, valid, with_digits = CASES[kind]
    for value in invalid:
        assert run(casing, value, {"type": kind}) == _fails(kind), value
    for value in valid + with_digits:
        assert run(casing, value, {"type": kind}) == [], value
    no_digits = {"type": kind, "disallowDigits": True}
    for value in invalid + with_digits:
        assert run(casing, value, no_digits) == _fails(kind), value
    for value in valid:
        assert run(casing, value, no_digits) == [], value


@pytest.mark.parametrize("char", ["/", "*", "-"])
@pytest.mark.parametrize("allow_leading", [True, False])
@pytest.mark.parametrize("disallow_digits", [True, False])
def test_custom_separator(char: str, allow_leading: bool, disallow_digits: bool) -> None:
    options = {
        "type": "flat",
        "disallowDigits": disallow_digits,
        "separator": {"char": char, "allowLeading": allow_leading},
    }
    assert run(casing, f"flat{char}flat", options) == []
    assert run(casing, f"flat{char}Nope", options) == _fails("flat")
    digits = run(casing, f"flat01{char}flat", options)
    assert digits == (_fails("flat") if disallow_digits else [])
    leading = run(casing, f"{char}flat{char}flat", options)
    assert leading == ([] if allow_leading else _fails("flat"))


@pytest.mark.parametrize("kind", CASING_TYPES)
def test_lone_leading_separator(kind: str) -> None:
    options = {
        "type": kind,
        "disallowDigits": True,
        "separator": {"allowLeading": True, "char": "/"},
    }
    assert run(casing, "/", options) == []
    assert run(casing, "//", options) == _fails(kind)


def test_advanced_scenarios() -> None:
    header = {"type": "pascal", "disallowDigits": True, "separator": {"char": "-"}}
    assert run(casing, "X-MyAmazing-Header", header) == []
    path = {
        "type": "camel",
        "disallowDigits": True,
        "separator": {"char": "/", "allowLeading": True},
    }
    assert run(casing, "/path/to/myResource", path) == []


def test_trailing_newline_is_not_end_of_input() -> None:
    assert run(casing, "foo\n", {"type": "flat"}) == _fails("flat")


@pytest.mark.parametrize(
    "options",
    [
        {"type": "cobol"},
        {"type": "macro", "disallowDigits": True},
        {"type": "snake", "disallowDigits": True, "separator": {"char": "a"}},
        {
            "type": "pascal",
            "disallowDigits": False,
            "separator": {"char": "b", "allowLeading": True},
        },
    ],
)
def test_valid_options(options: dict) -> None:
    assert isinstance(run(casing, "foo", options), list)


CHAR = '"casing" function and its "separator.char" option accepts only char, i.e. "I" or "/"'


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"type": "foo"},
            '"casing" function and its "type" option accept the following values: '
            "flat, camel, pascal, kebab, cobol, snake, macro",
        ),
        ({"type": "macro", "foo": True}, '"casing" function does not support "foo" option'),
        (
            {"type": "pascal", "disallowDigits": False, "separator": {}},
            '"casing" function is missing "separator.char" option',
        ),
        (
            {"type": "pascal", "disallowDigits": False, "separator": {"allowLeading": True}},
            '"casing" function is missing "separator.char" option',
        ),
        (
            {"type": "snake", "separator": {"char": "a", "foo": True}},
            '"casing" function does not support "separator.foo" option',
        ),
        ({"type": "pascal", "separator": {"char": "fo"}}, CHAR),
        ({"type": "pascal", "separator": {"char": None}}, CHAR),
        (
            {"type": "camel", "disallowDigits": "yes"},
            '"casing" function and its "disallowDigits" option accepts only the following '
            "types: boolean",
        ),
        (
            None,
            '"casing" function has invalid options specified. Example valid options: '
            '{ "type": "camel" }, { "type": "pascal", "disallowDigits": true }',
        ),
    ],
)
def test_invalid_options(options: object, message: str) -> None:
    with pytest.raises(InvalidOptions) as raised:
        run(casing, "foo", options)
    assert str(raised.value) == message
