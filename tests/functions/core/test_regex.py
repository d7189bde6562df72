"""JS regex translation: what matches must match as it does in Spectral (V8)."""

from __future__ import annotations

import pytest

from govlint.functions.core import JsRegexError, compile_js_regex


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        ("[abc]+", "xxbxx", True),
        ("/^x-/i", "X-Foo", True),
        ("/^x-/", "X-Foo", False),
        ("^abc$", "abc\n", False),  # JS $ is the end of input
        ("/^b$/m", "a\nb\nc", True),
        ("/^b$/m", "a\rb\rc", True),  # JS line terminators include \r
        ("^\\d+$", "١٢", False),  # \d is ASCII in JS
        ("^\\w+$", "é", False),
        ("a.c", "a\nc", False),
        ("/a.c/s", "a\nc", True),
        ("a.c", "a\u2028c", False),
        ("[^]", "\n", True),
        ("a[]", "a", False),
        ("\\Aa", "Aa", True),  # identity escape, not Python's \A
        ("^(?<year>\\d{4})-\\k<year>$", "2020-2020", True),
        ("x{,2}", "x{,2}", True),  # not a quantifier in JS
        ("/^b/y", "ab", False),
        ("\\u00e9", "é", True),
        ("\\uD83D\\uDE00", "😀", True),
        ("\\cJ", "\n", True),
        ("/\\p{L}+/u", "héllo", True),
        ("\\p{L}", "p{L}", True),  # without the u flag, \p is a plain p
        ("[\\d-]+", "1-2", True),
        ("(?i:ab)c", "ABc", True),
    ],
)
def test_matches_like_javascript(pattern: str, value: str, matches: bool) -> None:
    assert (compile_js_regex(pattern).search(value) is not None) is matches


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("/a/invalid", "Invalid flags supplied to RegExp constructor 'invalid'"),
        ("/a/gg", "Invalid flags supplied to RegExp constructor 'gg'"),
        ("(", "Invalid regular expression: /(/: Unterminated group"),
        (")", "Invalid regular expression: /)/: Unmatched ')'"),
        ("a**", "Invalid regular expression: /a**/: Nothing to repeat"),
        ("[b-a]", "Invalid regular expression: /[b-a]/: Range out of order in character class"),
        ("(?<1a>x)", "Invalid regular expression: /(?<1a>x)/: Invalid capture group name"),
        ("(?P<n>a)", "Invalid regular expression: /(?P<n>a)/: Invalid group"),
        ("a++", "Invalid regular expression: /a++/: Nothing to repeat"),
        ("(?>a)", "Invalid regular expression: /(?>a)/: Invalid group"),
        ("[a", "Invalid regular expression: /[a/: Unterminated character class"),
        ("/\\e/u", "Invalid regular expression: /\\e/u: Invalid escape"),
    ],
)
def test_errors_are_worded_like_v8(pattern: str, message: str) -> None:
    with pytest.raises(JsRegexError) as raised:
        compile_js_regex(pattern)
    assert str(raised.value) == message


def test_compiled_once() -> None:
    assert compile_js_regex("/^cached$/i") is compile_js_regex("/^cached$/i")
