"""JavaScript patterns on RE2 (linear time) when RE2 keeps their meaning, else on the
bounded backtracking engine: the answers are V8's either way (issue 15 item 5)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from govlint.functions.core._linear import LinearRegex, to_re2
from govlint.functions.core._regex import BoundedRegex, JsRegexError, compile_js_source
from govlint.rules.jsonpath_js import compile_js_regex as filter_regex

# [source, flags, [[input, new RegExp(source, flags).test(input)], ...]]: recorded with
# Node 20.20.2 (V8) from cases.json, a fresh RegExp per input:
#   node -e "const c=require('./cases.json'); console.log(JSON.stringify(c.map(([s, f, xs]) =>
#     [s, f, xs.map(x => [x, new RegExp(s, f).test(x)])])))" > v8.json
V8 = json.loads((Path(__file__).resolve().parents[2] / "data" / "js-regex" / "v8.json")
                .read_text())
# Constructs RE2 cannot run with JS's meaning: the backtracking engine keeps them.
BACKTRACKING = {("^x$", "m"), ("(a)\\1", ""), ("^(?!internal)", ""), ("^\\cJ$", ""),
                ("^\\8$", ""), ("^\\1(a)$", ""), ("^(a)?b\\1$", ""), ("^(a\\1)$", ""),
                ("^\\12$", ""), ("^[\\1\\8]+$", ""), ("^\\18$", ""), ("^(a)\\10$", ""),
                ("^\\uD83D\\uDE00$", ""), ("^\\uD83D", ""), ("^\\uD83D\\uDE00$", "u")} | {
                (s, f) for s, f, _ in V8 if "\\p{" in s.lower() or "(?=" in s}


@pytest.mark.parametrize(("source", "flags", "cases"), V8, ids=[f"/{s}/{f}" for s, f, _ in V8])
def test_same_answers_as_v8(source: str, flags: str, cases: list[list[object]]) -> None:
    compiled = compile_js_source(source, flags)
    expected = BoundedRegex if (source, flags) in BACKTRACKING else LinearRegex
    assert type(compiled) is expected
    assert [[text, compiled.test(text)] for text, _ in cases] == cases
    # search() agrees with test(), and the JSONPath filters use the same helper
    assert [compiled.search(c) is not None for c, _ in cases] == [w for _, w in cases]
    assert filter_regex(source, flags) is compiled


KEBAB = "^(/|[a-z0-9-.]+|{[a-zA-Z0-9_]+})+$"  # APIs You Won't Hate, apiaddicts


def test_backtracking_idiom_answers_in_linear_time() -> None:
    regex = compile_js_source(KEBAB, "")
    trap = "/" + "a" * 5000 + "!"  # exponential for a backtracking engine (V8 included)
    start = time.perf_counter()
    assert regex.test(trap) is False
    assert regex.test("/repos/{owner}/{repo}/actions-runs") is True
    assert time.perf_counter() - start < 0.5


def test_groups_and_match_objects_as_before() -> None:
    regex = compile_js_source("^(?<major>[0-9]+)\\.([0-9]+)", "")
    match = regex.search("12.34.5")
    assert (match.group(0), match.groups(), match.group("major")) == ("12.34", ("12", "34"), "12")
    assert regex.groupindex == {"major": 1} and regex.groups == 2
    assert [m.group(0) for m in compile_js_source("a.", "").finditer("banana")] == ["an", "an"]
    assert compile_js_source("a", "").split("banana") == ["b", "n", "n", ""]


def test_a_string_re2_cannot_read_goes_to_the_backtracking_engine() -> None:
    regex = compile_js_source("^a.b$", "")
    assert regex.test("a\ud800b") is True  # a lone surrogate: no UTF-8 form
    assert regex.search("a\ud800b") is not None


def test_translation_spells_js_sets() -> None:
    assert to_re2("^a$", "") == "^a\\z"  # $ is the end of input, never before a newline
    assert to_re2("^[a-z]$", "i") == "^[a-zA-Z]\\z"  # V8's /i: no U+017F for s
    assert to_re2("^[a-z]$", "iu") == "(?i)^[a-z]\\z"  # /iu: Unicode simple folding
    assert to_re2("^\\u00e9$", "i") is None  # a non-ASCII letter under /i: V8's own rules


def test_lint_with_the_kebab_idiom_on_a_trap_path(govlint, tmp_path: Path) -> None:
    trap = "/" + "a" * 40 + "!"
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {trap: {}, "/users/{id}": {}}}
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    (tmp_path / "ruleset.yaml").write_text(
        "rules:\n  paths-kebab-case:\n    given: $.paths[*]~\n    then:\n"
        f"      function: pattern\n      functionOptions:\n        match: '{KEBAB}'\n")
    start = time.perf_counter()
    run = govlint("lint", "spec.json", "-r", "ruleset.yaml", "-f", "json", cwd=tmp_path)
    elapsed = time.perf_counter() - start
    assert [(r["rule"], r["pointer"]) for r in run.json()["results"]] == [
        ("paths-kebab-case", "/paths/~1" + "a" * 40 + "!")]
    assert elapsed < 20  # the process start; `re` would backtrack for hours


# V8's refusals with the u flag of what Annex B accepts without it (messages from Node 20).
@pytest.mark.parametrize(("source", "reason"), [
    ("[\\w-.]", "Invalid character class"), ("[a-\\d]", "Invalid character class"),
    ("\\8", "Invalid escape"), ("\\2(a)", "Invalid escape"), ("[\\1]", "Invalid class escape")])
def test_annex_b_forms_are_errors_with_the_u_flag(source: str, reason: str) -> None:
    with pytest.raises(JsRegexError, match=re.escape(f"/{source}/u: {reason}")):
        compile_js_source(source, "u")


def test_class_escape_dash_pattern_is_a_valid_schema_pattern(govlint, tmp_path: Path) -> None:
    """``^(?:[\\w-./:]+)$`` is valid for V8 (Annex B): no oas3-schema "format regex" error."""
    (tmp_path / "spec.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n"
        "  schemas:\n    Url:\n      type: string\n      pattern: '^(?:[\\w-./:]+)$'\n"
        "    Bad:\n      type: string\n      pattern: '^[z-a]$'\n")
    (tmp_path / "ruleset.yaml").write_text("extends: ['spectral:oas']\n")
    run = govlint("lint", "spec.yaml", "-r", "ruleset.yaml", "-f", "json", cwd=tmp_path)
    schema = [r["pointer"] for r in run.json()["results"] if r["rule"] == "oas3-schema"]
    assert schema == ["/components/schemas/Bad/pattern"]


def test_without_u_astral_characters_are_two_code_units(govlint, tmp_path: Path) -> None:
    """``/^.$/`` (no u flag) does not match "😀" in V8 (one character, two UTF-16 units):
    notMatch passes, match fails; ``/^..$/`` matches it; found texts stay characters."""
    (tmp_path / "spec.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: \"😀\"}\npaths: {}\n", encoding="utf-8")
    (tmp_path / "ruleset.yaml").write_text(
        "rules:\n  one-char:\n    given: $.info.version\n    then:\n      function: pattern\n"
        "      functionOptions: {match: '^.$'}\n"
        "  two-units:\n    given: $.info.version\n    then:\n      function: pattern\n"
        "      functionOptions: {notMatch: '^..$'}\n"
        "  one-char-u:\n    given: $.info.version\n    then:\n      function: pattern\n"
        "      functionOptions: {notMatch: '/^.$/u'}\n", encoding="utf-8")
    run = govlint("lint", "spec.yaml", "-r", "ruleset.yaml", "-f", "json", cwd=tmp_path)
    assert sorted(r["rule"] for r in run.json()["results"]) == [
        "one-char", "one-char-u", "two-units"]
    regex = compile_js_source("(.)b", "")
    match = regex.search("😀b")  # JS: "\ude00b" at index 1 (the low surrogate and b)
    assert (match.group(0), match.start()) == ("\ude00b", 1)
    assert [m.group(0) for m in compile_js_source("[^x]+", "").finditer("x😀x")] == ["😀"]
    assert compile_js_source("x", "").split("a😀xb") == ["a😀", "b"]


@pytest.mark.parametrize(("source", "flags", "reason"), [
    ("\\p{lu}", "u", "Invalid property name"), ("\\p{Greek}", "u", "Invalid property name"),
    ("\\p{Script=Nope}", "u", "Invalid property name"),
    ("\\P{Lu}", "iu", "not supported by govlint")])
def test_property_escapes_v8_refuses_or_govlint_cannot_express(source: str, flags: str,
                                                              reason: str) -> None:
    with pytest.raises(JsRegexError, match=re.escape(reason)):
        compile_js_source(source, flags)
