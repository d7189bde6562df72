"""The jsonschema-rs shortcut of ``_jsonschema``: its "valid" skips jsonschema's walk, and
anything else (invalid, or a value/schema it refuses) goes the Ajv-worded way unchanged."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from govlint.functions.core import _jsonschema
from govlint.functions.core._jsonschema import SchemaProblem, compile_validator

INVALID_SCHEMAS = [
    ("draft4", {"enum": ["S", "M", "L", "M"]},
     "data/enum must NOT have duplicate items (items ## 1 and 3 are identical)"),
    # 1 and 1.0 are one number to Ajv (and to jsonschema-rs).
    ("draft4", {"enum": [1, 1.0]},
     "data/enum must NOT have duplicate items (items ## 0 and 1 are identical)"),
    ("draft4", {"maxLength": 1.5}, "data/maxLength must be integer"),
    ("draft7", {"type": "strin"}, "data/type must be equal to one of the allowed values, "
     "data/type must be array, data/type must match a schema in anyOf"),
    ("draft2020-12", {"minLength": -1}, "data/minLength must be >= 0"),
    ("draft2020-12", {"properties": {"a": {"required": "a"}}},
     "data/properties/a/required must be array"),
    # Values jsonschema-rs does not take (a YAML int key, a date): jsonschema decides.
    ("draft4", {"properties": {200: {"type": "strin"}}},
     "data/properties/200/type must be equal to one of the allowed values, "
     "data/properties/200/type must be array, data/properties/200/type must match a schema "
     "in anyOf"),
    ("draft4", {"default": datetime.date(2020, 1, 1), "maxItems": -2},
     "data/maxItems must be >= 0"),
]  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_verdicts() -> Iterator[None]:
    _jsonschema._META_VERDICTS.clear()
    yield
    _jsonschema._META_VERDICTS.clear()


def _no_jsonschema_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(dialect: str) -> Any:
        raise AssertionError(f"jsonschema's meta-validator used for {dialect}")

    monkeypatch.setattr(_jsonschema, "_meta_validator", refuse)


@pytest.mark.parametrize("fast", [True, False], ids=["jsonschema-rs", "jsonschema only"])
@pytest.mark.parametrize(("dialect", "schema", "message"), INVALID_SCHEMAS)
def test_an_invalid_schema_keeps_ajvs_message(
    monkeypatch: pytest.MonkeyPatch, fast: bool, dialect: str, schema: Any, message: str
) -> None:
    if not fast:
        monkeypatch.setattr(_jsonschema, "_fast_meta_validator", lambda dialect: None)
    with pytest.raises(SchemaProblem) as raised:
        compile_validator(schema, dialect)
    assert str(raised.value) == f"schema is invalid: {message}"


@pytest.mark.parametrize("dialect", ["draft4", "draft6", "draft7", "draft2019-09",
                                     "draft2020-12"])  # fmt: skip
def test_a_valid_schema_is_judged_by_jsonschema_rs_alone(
    monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    _no_jsonschema_walk(monkeypatch)
    schema = {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "integer", "format": "int64", "minimum": 1},
            "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"},
                     "uniqueItems": True},
            "kind": {"type": "string", "enum": ["a", "b"], "nullable": True, "x-e": {"type": 5}},
        },
        "additionalProperties": False,
    }  # fmt: skip
    compile_validator(schema, dialect)
    assert {(dialect, _key(schema)): ""} == _jsonschema._META_VERDICTS


def _key(schema: Any) -> bytes:
    import orjson

    return orjson.dumps(schema, option=orjson.OPT_NON_STR_KEYS)


def test_non_finite_bounds_are_left_to_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    # jsonschema-rs takes no NaN/Infinity as a number: jsonschema says whether it is valid.
    calls: list[str] = []
    real = _jsonschema._meta_validator

    def counted(dialect: str) -> Any:
        calls.append(dialect)
        return real(dialect)

    monkeypatch.setattr(_jsonschema, "_meta_validator", counted)
    compile_validator({"type": "number", "maximum": float("inf")}, "draft4")
    assert calls == ["draft4"]


# --- why the shortcut is safe on the meta-schemas --------------------------------------------
def _schema_objects(node: Any) -> Iterator[Mapping[str, Any]]:
    yield from _jsonschema.schema_objects(node)


def _meta_schemas() -> list[tuple[str, Any]]:
    from jsonschema_specifications import REGISTRY

    return [
        (uri, REGISTRY.contents(uri))
        for uri in sorted(REGISTRY)
        if "draft-03" not in uri  # no Spectral dialect
    ]


# Strings where JavaScript's and Rust's regexes are known to part ways (Unicode digits and
# letters, line terminators, ``$`` before a final newline, astral characters).
PROBES = ("", "a", "A9", "_a", "1a", "-a", "a-b.c:_d", "a#", "#", "a#b", "##", "a b", "é",
          "\u0663", "a\n", "\na", "a\r", "a\u2028", "😀", "x-", "x-a", "/", "/a", "3.0.1",
          "3.0.\u0663", "3.0.1-\r", "200", "2XX", "\u0661\u0662\u0663")  # fmt: skip


def assert_same_regex_meaning(pattern: str) -> None:
    """``pattern`` matches the same probes in govlint (JS semantics) and jsonschema-rs."""
    import jsonschema_rs

    from govlint.functions.core._regex import compile_js_source

    js = compile_js_source(pattern, "")
    rust = jsonschema_rs.validator_for({"pattern": pattern})
    for probe in PROBES:
        assert js.test(probe) == rust.is_valid(probe), (pattern, probe)


def assert_fast_path_safe(schema: Any) -> None:
    """What makes a jsonschema-rs "valid" a safe verdict for a trusted schema: no keyword
    govlint (Ajv) checks differently from the standard (``nullable``, float ``multipleOf``),
    patterns that mean the same in both, and bounds only beside a numeric ``type`` (which
    refuses NaN/Infinity, numbers jsonschema-rs would let through a bound)."""
    for node in _schema_objects(schema):
        assert not {"multipleOf", "nullable"} & node.keys(), node
        if isinstance(node.get("pattern"), str):
            assert_same_regex_meaning(node["pattern"])
        for pattern in node.get("patternProperties") or ():
            assert_same_regex_meaning(pattern)
        if {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"} & node.keys():
            assert node.get("type") in ("integer", "number"), node


@pytest.mark.parametrize(("uri", "meta"), _meta_schemas())
def test_meta_schemas_use_no_keyword_govlint_checks_its_own_way(uri: str, meta: Any) -> None:
    assert_fast_path_safe(meta)


class _Raising:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def is_valid(self, instance: Any) -> bool:
        raise self.exc


class PanicException(BaseException):
    """Named as pyo3's: a Rust panic surfaces as a BaseException of that name."""


def test_a_rust_error_or_panic_means_the_full_path() -> None:
    assert _jsonschema.fast_is_valid(_Raising(ValueError("Dict key must be str")), {}) is False
    assert _jsonschema.fast_is_valid(_Raising(PanicException("index out of bounds")), {}) is False
    assert _jsonschema.fast_is_valid(None, {}) is False


def test_a_files_time_budget_is_not_swallowed() -> None:
    from govlint.budget import FileTimeout

    with pytest.raises(FileTimeout):
        _jsonschema.fast_is_valid(_Raising(FileTimeout()), {})
    with pytest.raises(KeyboardInterrupt):
        _jsonschema.fast_is_valid(_Raising(KeyboardInterrupt()), {})
