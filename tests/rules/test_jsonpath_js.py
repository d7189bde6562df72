"""JavaScript value semantics and regex translation used by JSONPath filters."""

from __future__ import annotations

import math
from typing import Any

import pytest

from govlint.rules.jsonpath_js import (
    UNDEFINED,
    RegexError,
    compare,
    compile_js_regex,
    loose_equals,
    path_string,
    strict_equals,
    to_number,
    to_string,
    truthy,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1, "1"),
        (1.0, "1"),
        (1.5, "1.5"),
        (-0.0, "0"),
        (1e21, "1e+21"),
        (1.5e-7, "1.5e-7"),
        (math.inf, "Infinity"),
        (math.nan, "NaN"),
        (True, "true"),
        (None, "null"),
        (UNDEFINED, "undefined"),
        ([1, None, "a"], "1,,a"),
        ({}, "[object Object]"),
    ],
)
def test_to_string(value: Any, text: str) -> None:
    assert to_string(value) == text


@pytest.mark.parametrize(
    ("text", "number"),
    [("", 0), ("  42 ", 42), ("0x1f", 31), ("1e3", 1000), ("1.5", 1.5), ("Infinity", math.inf)],
)
def test_to_number_of_strings(text: str, number: float) -> None:
    assert to_number(text) == number


@pytest.mark.parametrize("text", ["abc", "1a", "--1", "1 2"])
def test_to_number_of_non_numeric_strings_is_nan(text: str) -> None:
    assert math.isnan(to_number(text))


def test_equality() -> None:
    assert strict_equals(1, 1.0)
    assert not strict_equals(1, True)
    assert not strict_equals(math.nan, math.nan)
    assert not strict_equals([1], [1])
    assert loose_equals(None, UNDEFINED)
    assert not loose_equals(None, 0)
    assert loose_equals("1", 1)
    assert loose_equals(True, "1")
    assert loose_equals([1, 2], "1,2")


def test_relational_comparison() -> None:
    assert compare("a", "b", "<")
    assert not compare("9", "10", "<")  # two strings compare as text
    assert compare("9", 10, "<")  # otherwise as numbers
    assert not compare("x", 1, "<") and not compare("x", 1, ">=")  # NaN
    assert compare(None, 0, ">=")


def test_truthiness() -> None:
    assert [truthy(v) for v in ([], {}, "0", "false", -1)] == [True] * 5
    assert [truthy(v) for v in ("", 0, 0.0, math.nan, None, UNDEFINED, False)] == [False] * 7


@pytest.mark.parametrize(
    ("pattern", "flags", "subject", "matches"),
    [
        ("^a$", "", "a\n", False),  # JS '$' is the very end without the m flag
        ("^a$", "m", "a\nb", True),
        ("^\\d+$", "", "\u0663", False),  # JS \d is ASCII
        ("[\\d.]+", "", "1.5", True),
        ("[^]", "", "\n", True),
        ("(?<y>\\d{4})-\\k<y>", "", "2024-2024", True),
        ("(?<=a)b", "", "ab", True),
        ("a\\/b", "", "a/b", True),
        ("\\u{1F600}", "u", "\U0001f600", True),
        ("ABC", "i", "abc", True),
        ("a.c", "s", "a\nc", True),
        ("[]", "", "x", False),
        ("[]a]", "", "a]", False),  # "[]" is an empty class in JS
    ],
)
def test_js_regex_translation(pattern: str, flags: str, subject: str, matches: bool) -> None:
    assert (compile_js_regex(pattern, flags).search(subject) is not None) is matches


@pytest.mark.parametrize(("pattern", "flags"), [("(", ""), ("a", "x"), ("a", "ii")])
def test_invalid_js_regex(pattern: str, flags: str) -> None:
    with pytest.raises(RegexError):
        compile_js_regex(pattern, flags)


def test_path_string_is_jsonpath_plus_style() -> None:
    assert path_string(["paths", "/a", 0]) == "$['paths']['/a'][0]"
    assert path_string([]) == "$"
