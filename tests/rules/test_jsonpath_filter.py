"""Filter expressions: the JavaScript subset Spectral rulesets use, never Python ``eval``.

Expectations of ``CASES`` were cross-checked with real JavaScript (jsonpath-plus 10 in
native mode); ``in`` follows nimma (``a in b`` is ``b.includes(a)``), and a filter that
throws in JavaScript (``(5).match(...)``, ``null.b``) is false here instead of an error.
"""

from __future__ import annotations

import builtins
from typing import Any

import pytest

from govlint.rules import jsonpath_filter as jf
from govlint.rules.jsonpath import JsonPathError, Matcher, compile_path
from govlint.rules.jsonpath_js import UNDEFINED

# (filter expression, the value of the member it is tested on, does it hold)
CASES: list[tuple[str, Any, bool]] = [
    # equality
    ("@ === 1", 1, True),
    ("@ === 1", 1.0, True),
    ("@ === 1", "1", False),
    ("@ === 1", True, False),
    ("@ == 1", "1", True),
    ("@ == 1", True, True),
    ("@ == 1", " 01 ", True),
    ("@ == 1", [1], True),
    ("@ == 'a'", ["a"], True),
    ("@ == 0", "", True),
    ("@ == 0", None, False),
    ("@ == null", None, True),
    ("@.missing == null", {}, True),
    ("@.missing === null", {}, False),
    ("@ === null", None, True),
    ("@ != 'a'", "b", True),
    ("@ !== 'a'", "a", False),
    ("@ != 1", "1", False),
    ("@ !== 1", "1", True),
    ("@.a === @.b", {"a": {}, "b": {}}, False),
    ("@.a == @.b", {"a": "x", "b": "x"}, True),
    ("@.a === @.b", {"a": None, "b": None}, True),
    ("@.a === @.b", {}, True),
    ("@ === true", True, True),
    ("@ === false", 0, False),
    ("@ == false", 0, True),
    ("@ == true", "1", True),
    # relational
    ("@ > 1", "2", True),
    ("@ > 1", "abc", False),
    ("@ < 'b'", "a", True),
    ("@ >= 400", "404", True),
    ("@ >= 400", "default", False),
    ("@ < 10", "9", True),
    ("@ < '10'", "9", False),
    ("@ > 0", None, False),
    ("@ >= 0", None, True),
    ("@ < 2", True, True),
    ("@ <= 1.5", 1.5, True),
    ("@.n > 3", {"n": 4}, True),
    ("@.n > 3", {}, False),
    ("@ > 'a'", ["b"], True),
    # logical and truthiness
    ("@.a && @.b", {"a": 1, "b": 0}, False),
    ("@.a || @.b", {"a": 1, "b": 0}, True),
    ("!@.a", {"a": ""}, True),
    ("!(@.a || @.b)", {}, True),
    ("@.a && (@.b || @.c)", {"a": 1, "c": 1}, True),
    ("@", [], True),
    ("@", {}, True),
    ("@", "", False),
    ("@", 0, False),
    ("@", "false", True),
    ("@", 0.0, False),
    ("@", "0", True),
    ("@", None, False),
    ("!!@", 2, True),
    ("@.a && @.a.length", {"a": []}, False),
    ("@.a && @.a.length", {"a": [0]}, True),
    # strings and arrays
    ("@.match(/^a/)", "abc", True),
    ("@.match(/^a/)", "bcd", False),
    ("@.match(/^a/)", 5, False),
    ("@.match(/^A/i)", "abc", True),
    ("@.match('^a')", "abc", True),
    ("@.match(/^a$/)", "a\n", False),
    ("@.match(/^a$/m)", "a\nb", True),
    ("@.match(/^\\d+$/)", "\u0663", False),
    ("@.match(/^\\d+$/)", "42", True),
    ("@.match(/(?<y>\\d{4})-\\k<y>/)", "2024-2024", True),
    ("@.match(/[^]/)", "\n", True),
    ("@.match(/^[a-z]+\\/[a-z]+$/)", "ab/cd", True),
    ("@.match(/a.c/s)", "a\nc", True),
    ("@.match(/a.c/)", "a\nc", False),
    ("@.match(/x/) === null", "abc", True),
    ("@.match(/(b)(c)/)[2] === 'c'", "abc", True),
    ("@.match(/^[A-Z][A-Za-z0-9]*$/)", "UserId", True),
    ("@.match(/^[A-Z][A-Za-z0-9]*$/)", "user_id", False),
    ("@.indexOf('b') === 1", "abc", True),
    ("@.indexOf('b') === 1", ["a", "b"], True),
    ("@.indexOf('z') === -1", "abc", True),
    ("@.indexOf(2) === 1", [1, 2], True),
    ("@.indexOf('2') === -1", [1, 2], True),
    ("@.length === 3", "abc", True),
    ("@.length === 3", [1, 2, 3], True),
    ("@.length === 3", {"length": 3}, True),
    ("@.length === undefined", {}, True),
    ("@.length > 0", 5, False),
    ("@.startsWith('ab')", "abc", True),
    ("@.endsWith('bc')", "abc", True),
    ("@.includes('b')", "abc", True),
    ("@.includes('b')", ["a", "b"], True),
    ("@.includes(1)", ["1"], False),
    ("@.startsWith('x')", ["x"], False),
    ("@.toLowerCase() === 'abc'", "ABC", True),
    ("@.toUpperCase() === 'ABC'", "abc", True),
    ("@.trim() === 'a'", " a \n", True),
    ("@.split('/').length === 3", "a/b/c", True),
    ("@.slice(-2) === 'bc'", "abc", True),
    ("@.substring(1, 2) === 'b'", "abc", True),
    ("@.charAt(0) === 'a'", "abc", True),
    ("@.join('-') === 'a-b'", ["a", "b"], True),
    ("@.lastIndexOf('a') === 2", "aba", True),
    ("@.search(/b/) === 1", "abc", True),
    ("/^a/.test(@)", "abc", True),
    ("/^a/i.test(@)", "Abc", True),
    ("/^a/.test(@)", "bac", False),
    ("@.nosuch()", "abc", False),
    ("@.a.b.c", {"a": None}, False),
    # in
    ("@ in ['a','b']", "a", True),
    ("@ in ['a','b']", "c", False),
    ("'b' in @", ["a", "b"], True),
    ("'b' in @", "abc", True),
    # typeof
    ("typeof @ === 'object'", {}, True),
    ("typeof @ === 'object'", [], True),
    ("typeof @ === 'object'", None, True),
    ("typeof @ === 'object'", "x", False),
    ("typeof @ === 'string'", "x", True),
    ("typeof @ === 'number'", 1.5, True),
    ("typeof @ === 'boolean'", False, True),
    ("typeof @.missing === 'undefined'", {}, True),
    ("typeof @ == 'number' && @ > 3", 4, True),
    # arithmetic
    ("@ + 1 === 3", 2, True),
    ("@ + 1 === '21'", "2", True),
    ("@ * 2 === 6", 3, True),
    ("@ % 2 === 1", 5, True),
    ("@ / 2 === 1.5", 3, True),
    ("-@ === -3", 3, True),
    ("+@ === 3", "3", True),
    ("@ - 1 === 1", "2", True),
    ("@.a + @.b === 'xy'", {"a": "x", "b": "y"}, True),
    ("1 / 0 > 1e308", 0, True),
    ("@ + 'x' === 'nullx'", None, True),
    ("@ + '' === '1,2'", [1, 2], True),
    ("@ + '' === '[object Object]'", {}, True),
    ("@ * 1 === 0.1", "0.1", True),
    ("(@ + 0.2) === 0.30000000000000004", 0.1, True),
    ("@ + '' === '1.5'", 1.5, True),
    ("@ + '' === '2'", 2.0, True),
    # literals
    ("@ === 'it\\'s'", "it's", True),
    ('@ === "\\u0041"', "A", True),
    ("@ === 1e3", 1000, True),
    ("@ === 0x10", 16, True),
    ("@ === .5", 0.5, True),
    ("@ === '\\t'", "\t", True),
    ("@.missing === undefined", {}, True),
    ("@.missing === void 0", {}, True),
    ("@ === '@.x'", "@.x", True),
    ("@ === \"__import__('os').system('false')\"", "x", False),
    # conditional
    ("@.a ? @.b === 1 : @.c === 2", {"a": 1, "b": 1}, True),
    ("@.a ? @.b === 1 : @.c === 2", {"c": 2}, True),
    ("@.a ? @.b === 1 : @.c === 2", {"a": 1, "c": 2}, False),
    # Spectral's own rulesets read .constructor.name; it can never be called
    ("@.enum.constructor.name === 'Array'", {"enum": [1]}, True),
    ("@.enum.constructor.name === 'Array'", {"enum": "x"}, False),
    ("@.constructor.name === 'Object'", {}, True),
    ("@.constructor.name === 'String'", "s", True),
    ("@.constructor.name === 'Number'", 1, True),
    ("@.constructor.constructor.name === 'Function'", {}, True),
    (
        "@.type && @.type.constructor.name === 'Array' && @.type.includes('array')",
        {"type": ["array", "null"]},
        True,
    ),
    (
        "@property !== 'properties' && @ != null && @.enum && @.enum.constructor.name === 'Array'",
        {"enum": ["a"]},
        True,
    ),
    ("@ && @.schema && (@.example !== void 0 || @.examples)", {"schema": {}, "example": 0}, True),
    ("@ && @.schema && (@.example !== void 0 || @.examples)", {"schema": {}}, False),
]


def holds(expr: str, value: Any) -> bool:
    """Does ``$[?(expr)]`` select member ``x`` of ``{"x": value}``?"""
    return bool(Matcher([compile_path(f"$[?({expr})]")]).matches({"x": value}))


@pytest.mark.parametrize(
    ("expr", "value", "expected"), CASES, ids=[f"{c[0]} | {c[1]!r}" for c in CASES]
)
def test_filter_means_what_javascript_means(expr: str, value: Any, expected: bool) -> None:
    assert holds(expr, value) is expected


def test_property_is_the_key_a_string_in_objects_a_number_in_arrays() -> None:
    doc = {"obj": {"a": 1, "b": 2}, "arr": ["p", "q", "r"]}
    assert _paths("$.obj[?(@property === 'b')]", doc) == [("obj", "b")]
    assert _paths("$.arr[?(@property === 1)]", doc) == [("arr", 1)]
    assert _paths("$.arr[?(@property === '1')]", doc) == []
    assert _paths("$.arr[?(@property > 0 && @ !== 'r')]", doc) == [("arr", 1)]
    # nimma runs String methods on the key as a string, even an index
    assert _paths("$.arr[?(@property.startsWith('2'))]", doc) == [("arr", 2)]


def test_parent_parent_property_path_and_root() -> None:
    doc = {
        "kind": "Deployment",
        "spec": {"replicas": 1, "template": {"replicas": 2}},
        "list": [{"id": 1}, {"id": 2}],
    }
    assert _paths("$..[?(@parent.replicas === 1 && @property !== 'replicas')]", doc) == [
        ("spec", "template")
    ]
    assert _paths("$..[?(@parentProperty === 'template')]", doc) == [
        ("spec", "template", "replicas")
    ]
    assert _paths("$..[?(@path === \"$['list'][1]\")]", doc) == [("list", 1)]
    assert _paths("$.list[?(@root.kind === 'Deployment' && @.id > 1)]", doc) == [("list", 1)]
    assert _paths("$[?(@parentProperty === undefined)]", {"a": 1}) == [("a",)]


@pytest.mark.parametrize(
    ("shorthand", "expected"),
    [
        ("@string()", ["s"]),
        ("@number()", ["i", "f"]),
        ("@integer()", ["i"]),
        ("@boolean()", ["b"]),
        ("@null()", ["n"]),
        ("@array()", ["a"]),
        ("@object()", ["a", "o"]),
        ("@scalar()", ["s", "i", "f", "b", "n"]),
    ],
)
def test_type_shorthands(shorthand: str, expected: list[str]) -> None:
    doc = {"s": "x", "i": 1, "f": 1.5, "b": True, "n": None, "a": [], "o": {}}
    assert [p[0] for p in _paths(f"$[?({shorthand})]", doc)] == expected
    assert [p[0] for p in _paths(f"$.{shorthand}", doc)] == expected


def test_whitespace_and_nesting() -> None:
    assert holds("  @.a   ===  1  ", {"a": 1})
    assert holds("((( @.a === 1 )))", {"a": 1})
    assert holds("@.a === 1 && (@.b === 2 || (@.c === 3 && !@.d))", {"a": 1, "c": 3})
    assert holds("@['a-b'] === 1 && @[\"c d\"].e === 2", {"a-b": 1, "c d": {"e": 2}})
    assert holds("@.list[1] === 'y' && @.list['0'] === 'x'", {"list": ["x", "y"]})


def test_precedence_is_javascripts() -> None:
    assert holds("@.a === 1 || @.b === 2 && @.c === 3", {"a": 1})
    assert not holds("(@.a === 1 || @.b === 2) && @.c === 3", {"a": 1})
    assert holds("1 + 2 * 3 === 7", 0)
    assert holds("!@.a === false", {"a": 1})  # (!@.a) === false
    assert holds("@.n - 1 - 1 === 0", {"n": 2})  # left-associative


# --- safety ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expr",
    [
        "$[?(__import__('os').system('touch /tmp/govlint-pwned'))]",
        "$[?(@.constructor.constructor('return process')())]",
        "$[?(globals())]",
        "$[?(open('/etc/passwd'))]",
        "$[?(this.x)]",
        "$[?(@.x = 1)]",
        "$[?(Object.keys(@).length)]",
        "$[?(function() { return 1 })]",
        "$[?(@.a; @.b)]",
        "$[?(`template`)]",
    ],
)
def test_code_in_a_filter_is_rejected_at_compile_time(expr: str) -> None:
    with pytest.raises(JsonPathError):
        compile_path(expr)


def test_filters_never_call_python_eval_exec_or_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("eval/exec/compile called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    monkeypatch.setattr(builtins, "compile", forbidden)
    for expr, value, expected in CASES:
        assert holds(expr, value) is expected, expr
    assert not holds("@ === \"__import__('os').system('false')\"", "x")
    assert holds("@.a === \"__import__('os')\"", {"a": "__import__('os')"})


def test_python_attributes_are_not_reachable() -> None:
    # a member access looks up document keys, never Python attributes
    assert not holds("@.__class__", {})
    assert not holds("@.__class__.__name__ === 'dict'", {})
    assert not holds("@.keys", {"a": 1})
    assert not holds("@.upper() === 'A'", "a")
    assert not holds("@.constructor('return 1')", {})  # a constructor is never callable
    assert holds("@.__class__ === 'x'", {"__class__": "x"})


# --- the static analysis the walk relies on ---------------------------------------------

PROBES: list[Any] = [
    None,
    0,
    1,
    "",
    "abc",
    True,
    [],
    [1, "a"],
    {},
    {"a": 1},
    {"a": None, "b": 0},
    {"type": "object", "enum": ["x"], "n": 4, "a": 1, "b": 1, "c": 2, "list": ["x", "y"]},
    {"length": 3, "missing": None},
]


@pytest.mark.parametrize("expr", sorted({c[0] for c in CASES}))
def test_required_keys_never_change_the_answer(expr: str) -> None:
    """The walk skips a filter for members that lack what ``required_keys`` names: that
    must only ever skip members the filter rejects."""
    node, _ = jf.parse_filter(f"({expr})", 0)
    needs_object, clauses = jf.required_keys(node)
    run = jf.compile_filter(node)
    for probe in PROBES + [v for e, v, _ in CASES if e == expr]:
        if run(probe, "x", {"x": probe}, _Walk(probe)):
            assert not needs_object or type(probe) is dict, (expr, probe)
            assert all(any(k in probe for k in clause) for clause in clauses), (expr, probe)
            if (value := jf.required_value(node)) is not None:
                member = probe.get(value[0])
                assert member == value[1] or not (value[2] or type(member) is str)


@pytest.mark.parametrize(
    "expr",
    [
        "@property === 'a'",
        "@property > 2",
        "@property.match(/^x-/)",
        "@property in ['a', 'b']",
        "typeof @property === 'number'",
    ],
)
def test_key_only_filters_ignore_the_value(expr: str) -> None:
    node, _ = jf.parse_filter(f"({expr})", 0)
    assert jf.is_key_only(node)
    run = jf.compile_filter(node)
    for key, parent in (("a", {}), ("x-y", {}), (3, []), ("5", {})):
        answers = {run(value, key, parent, _Walk(None)) for value in PROBES}
        assert len(answers) == 1, (expr, key)


@pytest.mark.parametrize(
    "expr", ["@.a", "@property === @.a", "/a/.test(@)", "@parent.a", "@string()"]
)
def test_filters_reading_the_value_are_not_key_only(expr: str) -> None:
    node, _ = jf.parse_filter(f"({expr})", 0)
    assert not jf.is_key_only(node)


class _Walk:
    def __init__(self, root: Any) -> None:
        self.root = root
        self.path: list[Any] = []


def _paths(expr: str, doc: Any) -> list[tuple[Any, ...]]:
    return [path for _, path, _ in Matcher([compile_path(expr)]).walk(doc)]


def test_undefined_is_not_null() -> None:
    assert UNDEFINED is not None
    assert not UNDEFINED
    assert holds("@.a === undefined && @.b === null", {"b": None})


@pytest.mark.parametrize(
    "expr",
    [
        "$[?(" + " && ".join(["@.a"] * 3000) + ")]",
        "$[?(@" + ".a" * 5000 + ")]",
        "$[?(" + "(" * 3000 + "@" + ")" * 3000 + ")]",
        "$[?(" + "!" * 3000 + "@)]",
        "$[?(" + "[" * 3000 + "]" * 3000 + ")]",
    ],
)
def test_absurdly_nested_filters_are_an_error_not_a_crash(expr: str) -> None:
    with pytest.raises(JsonPathError, match="nested too deeply"):
        compile_path(expr)
