"""JS value semantics behind Spectral's messages and comparisons."""

from __future__ import annotations

import math

import pytest

from govlint.functions.core._js import (
    js_number,
    js_to_number,
    locale_compare,
    print_path_dot,
    print_value,
    property_var,
)


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (1.0, "1"),
        (2.5, "2.5"),
        (1e21, "1e+21"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        (123456789012345680000.0, "123456789012345680000"),
        (-0.0, "0"),
    ],
)
def test_numbers_print_like_js(value: float, printed: str) -> None:
    assert js_number(value) == printed


def test_print_value() -> None:
    assert print_value('a"b') == '"a\\"b"'
    assert print_value(None) == "null"
    assert print_value(True) == "true"
    assert print_value([1]) == "Array[]"
    assert print_value({"a": 1}) == "Object{}"
    assert print_value() == "undefined"


@pytest.mark.parametrize(
    ("text", "number"),
    [("12", 12.0), (" 12 ", 12.0), ("", 0.0), ("0x10", 16.0), ("1e3", 1000.0), (".5", 0.5)],
)
def test_js_to_number(text: str, number: float) -> None:
    assert js_to_number(text) == number


@pytest.mark.parametrize("text", ["abc", "1_000", "12px", "0x", "--1"])
def test_js_to_number_nan(text: str) -> None:
    assert math.isnan(js_to_number(text))


@pytest.mark.parametrize(
    ("a", "b", "order"),
    [
        ("a", "b", -1),
        ("a", "A", -1),
        ("A", "b", -1),
        ("_", "a", -1),
        ("-", "_", 1),
        ("10", "2", -1),
        ("é", "f", -1),
        ("e", "é", -1),
        ("same", "same", 0),
    ],
)
def test_locale_compare(a: str, b: str, order: int) -> None:
    assert locale_compare(a, b) == order


def test_print_path_dot() -> None:
    assert print_path_dot(["paths", "/a b", "get", 0, "200", ""]) == "paths['/a b'].get[0][200]['']"


def test_property_var_for_missing_paths() -> None:
    data = {"info": {"x": 1}}
    assert property_var(data, ("info", "x")) == "x"
    assert property_var(data, ("info", "contact")) == "info.contact"
    assert property_var(data, ("info", "contact", "email")) == "info.contact.email"
    assert property_var(data, ("servers", "url")) == "url"
    assert property_var(data, ()) == ""
