"""``pattern``, ported from Spectral's pattern.test.ts."""

from __future__ import annotations

import pytest

from govlint.functions.core.pattern import pattern

from .support import InvalidOptions, run


def test_match_without_slashes() -> None:
    assert run(pattern, "abc", {"match": "[abc]+"}) == []


def test_match_with_slashes_and_flags() -> None:
    assert run(pattern, "abc", {"match": "/[abc]+/"}) == []
    assert run(pattern, "aBc", {"match": "/[abc]+/im"}) == []


def test_global_flag_is_harmless_when_cached() -> None:
    for _ in range(3):
        assert run(pattern, "abc", {"match": "/[abc]+/gi"}) == []


def test_not_match_with_flags() -> None:
    assert run(pattern, "def", {"notMatch": "/[abc]+/i"}) == []


def test_match_and_not_match() -> None:
    assert run(pattern, "def", {"match": "[def]+", "notMatch": "[abc]+"}) == []


def test_messages() -> None:
    assert run(pattern, "abc", {"match": "^\\d+$", "notMatch": "b"}) == [
        {"message": '"abc" must match the pattern "^\\\\d+$"', "path": []},
        {"message": '"abc" must not match the pattern "b"', "path": []},
    ]


def test_non_strings_are_ignored() -> None:
    assert run(pattern, 12, {"match": "^x"}) == []
    assert run(pattern, {}, {"match": "^x"}, field="missing") == []


def test_js_end_anchor_does_not_accept_a_trailing_newline() -> None:
    assert run(pattern, "abc\n", {"match": "^abc$"}) == [
        {"message": '"abc\\n" must match the pattern "^abc$"', "path": []}
    ]


@pytest.mark.parametrize(
    "options", [{"match": "foo"}, {"notMatch": "foo"}, {"match": "foo", "notMatch": "bar"}]
)
def test_valid_options(options: dict) -> None:
    assert isinstance(run(pattern, "def", options), list)


EXAMPLES = (
    '"pattern" function has invalid options specified. Example valid options: '
    '{ "match": "^Stoplight" }, { "notMatch": "Swagger" }, '
    '{ "match": "Stoplight", "notMatch": "Swagger" }'
)
MATCH = '"pattern" function and its "match" option must be string or RegExp instance'
NOT_MATCH = '"pattern" function and its "notMatch" option must be string or RegExp instance'


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (None, EXAMPLES),
        ({}, EXAMPLES),
        ({"foo": True}, '"pattern" function does not support "foo" option'),
        ({"match": 2}, MATCH),
        ({"notMatch": None}, NOT_MATCH),
        ({"match": 4, "notMatch": 10}, f"{MATCH}\n{NOT_MATCH}"),
        (
            {"match": "/[abc]+/invalid"},
            '"pattern" function and its "match" option: '
            "Invalid flags supplied to RegExp constructor 'invalid'",
        ),
        (
            {"notMatch": "(unclosed"},
            '"pattern" function and its "notMatch" option: Invalid regular expression: '
            "/(unclosed/: Unterminated group",
        ),
    ],
)
def test_invalid_options(options: object, message: str) -> None:
    with pytest.raises(InvalidOptions) as raised:
        run(pattern, "abc", options)
    assert str(raised.value) == message


def test_unchecked_bad_regex_is_a_govlint_error_naming_the_rule() -> None:
    from types import SimpleNamespace

    from govlint.documents.model import Workspace
    from govlint.errors import GovlintError
    from govlint.functions.api import FunctionContext

    context = FunctionContext(
        document=None,
        path=(),
        given_path=(),
        rule=SimpleNamespace(name="version-pattern"),
        workspace=Workspace([]),
    )
    with pytest.raises(GovlintError, match=r"^rule 'version-pattern': pattern: Invalid regular"):
        pattern("abc", {"match": "("}, context)
