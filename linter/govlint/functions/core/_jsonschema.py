"""JSON Schema validation that fails, and words its failures, the way Spectral's does.

Spectral validates with Ajv and words errors with ``@stoplight/better-ajv-errors``. This
module runs ``jsonschema`` instead and rebuilds what Ajv would have reported:

- the same errors: JS regexes for ``pattern``, Ajv's formats, one error per missing
  ``required`` / extra property, branch errors plus the ``anyOf``/``oneOf`` error, ...;
- in Ajv's order (keyword groups: untyped, number, string, array, object), so that with
  ``allErrors: false`` the single error kept is the one Ajv stops at;
- worded by better-ajv-errors (``"foo" property type must be string``,
  ``Object must have required property "id"``, ``Property "x" is not expected to be here``).

``jsonschema`` is imported lazily: it costs more than the rest of the CLI start-up.
"""

from __future__ import annotations

import contextvars
import functools
import ipaddress
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from govlint.findings.model import Path, pointer_from_path
from govlint.functions.core._js import (
    get_path,
    is_number,
    js_number,
    js_same_value_zero,
    js_typeof,
    json_stringify,
)
from govlint.functions.core._regex import JsPattern, JsRegexError, compile_js_source

DIALECTS = ("auto", "draft4", "draft6", "draft7", "draft2019-09", "draft2020-12")
_DRAFT_URI = re.compile(
    r"https?://json-schema\.org/(?:draft-0([467])|draft/(20(?:19-09|20-12)))/(?:hyper-)?schema#?"
)


def detect_dialect(schema: object) -> str | None:
    """The draft named by ``$schema`` (Spectral's ``detectDialect``)."""
    if not isinstance(schema, Mapping):
        return None
    uri = schema.get("$schema")
    if not isinstance(uri, str) or "//json-schema.org/" not in uri:
        return None
    match = _DRAFT_URI.fullmatch(uri)
    if not match:
        return None
    return f"draft{match.group(1) or match.group(2)}"


def _num(value: Any) -> str:
    return js_number(value) if is_number(value) else str(value)


# --- Ajv's formats (ajv-formats "full") -----------------------------------------------------
_DATE = re.compile(r"(\d\d\d\d)-(\d\d)-(\d\d)", re.ASCII)
_TIME = re.compile(r"(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|[+-]\d\d(?::?\d\d)?)?", re.ASCII | re.I)
_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_STRING_FORMATS: dict[str, re.Pattern[str]] = {
    "duration": re.compile(
        r"P(?!$)((\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?|(\d+W)?)", re.ASCII
    ),
    "uri": re.compile(r"[a-z][a-z0-9+\-.]*:[^\s<>\"{}|\\^`]*", re.I | re.ASCII),
    "uri-reference": re.compile(r"[^\s<>\"{}|\\^`]*", re.ASCII),
    "uri-template": re.compile(
        r"(?:[^\x00-\x20\"'<>%\\^`{|}]|%[0-9a-f]{2}|\{[+#./;?&=,!@|]?"
        r"(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?"
        r"(?:,(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?)*\})*",
        re.I | re.ASCII,
    ),
    "url": re.compile(r"(?:https?|ftp)://[^\s/$.?#][^\s]*", re.I | re.ASCII),
    "email": re.compile(
        r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@"
        r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?",
        re.I | re.ASCII,
    ),
    "hostname": re.compile(
        r"(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
        r"(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?",
        re.I | re.ASCII,
    ),
    "ipv4": re.compile(
        r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}"
        r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)",
        re.ASCII,
    ),
    "uuid": re.compile(r"(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}", re.I),
    "json-pointer": re.compile(r"(?:/(?:[^~/]|~0|~1)*)*"),
    "json-pointer-uri-fragment": re.compile(
        r"#(?:/(?:[a-z0-9_\-.!$&'()*+,;:=@]|%[0-9a-f]{2}|~0|~1)*)*", re.I | re.ASCII
    ),
    "relative-json-pointer": re.compile(r"(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~0|~1)*)*)"),
    "byte": re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"),
}


_Z_ANCHOR = re.compile(r"[^\\]\\Z")


def _is_date(text: str) -> bool:
    match = _DATE.fullmatch(text)
    if not match:
        return False
    year, month, day = (int(g) for g in match.groups())
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 1 <= month <= 12 and 1 <= day <= (29 if month == 2 and leap else _DAYS[month])


def _is_time(text: str) -> bool:
    match = _TIME.fullmatch(text)
    if not match:
        return False
    hour, minute, second = int(match.group(1)), int(match.group(2)), float(match.group(3))
    if hour <= 23 and minute <= 59 and second < 60:
        return True
    return hour == 23 and minute == 59 and 60 <= second < 61  # leap second


def _check_format(name: str, value: object) -> bool:
    """Ajv's check for ``name``; unknown formats pass (Spectral silences them)."""
    if is_number(value):
        if name == "int32":
            return float(value).is_integer() and -(2**31) <= value <= 2**31 - 1  # type: ignore[operator]
        if name == "int64":
            return float(value).is_integer() and -(2**63) <= value <= 2**63 - 1  # type: ignore[operator]
        return True
    if not isinstance(value, str):
        return True
    if name == "date":
        return _is_date(value)
    if name == "time":
        return _is_time(value)
    if name == "date-time":
        parts = re.split(r"t|\s", value, maxsplit=1, flags=re.I)
        return len(parts) == 2 and _is_date(parts[0]) and _is_time(parts[1])
    if name == "ipv6":
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            return False
        return True
    if name == "regex":
        # ajv-formats: no ``\Z`` anchor, and ``new RegExp(value)`` (no flags: ``\p{L}`` is
        # a plain ``p`` then) must compile.
        if _Z_ANCHOR.search(value):
            return False
        try:
            compile_js_source(value, "")
        except JsRegexError:
            return False
        return True
    pattern = _STRING_FORMATS.get(name)
    return pattern is None or pattern.fullmatch(value) is not None


_KNOWN_FORMATS = (
    "date", "time", "date-time", "duration", "uri", "uri-reference", "uri-template", "url",
    "email", "hostname", "ipv4", "ipv6", "regex", "uuid", "json-pointer",
    "json-pointer-uri-fragment", "relative-json-pointer", "byte", "int32", "int64", "float",
    "double", "password", "binary",
)  # fmt: skip


@functools.cache
def format_checker() -> Any:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name in _KNOWN_FORMATS:
        checker.checks(name)(functools.partial(_check_format, name))
    return checker


# --- keywords re-implemented to behave (and carry parameters) like Ajv's --------------------
def _error(message: str, context: Sequence[Any] = (), **params: Any) -> Any:
    from jsonschema.exceptions import ValidationError

    err = ValidationError(message, context=context)
    err.ajv_params = params  # type: ignore[attr-defined]
    return err


def _schema_regex(pattern: str) -> JsPattern:
    # Ajv compiles schema patterns as ``new RegExp(pattern)`` (Spectral: unicodeRegExp false).
    return compile_js_source(pattern, "")


def _required(validator: Any, required: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if validator.is_type(instance, "object"):
        for prop in required:
            if prop not in instance:
                yield _error(f"must have required property '{prop}'", missingProperty=prop)


def _extra_properties(instance: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    properties = schema.get("properties", {})
    patterns = [_schema_regex(p) for p in schema.get("patternProperties", {})]
    return [
        key
        for key in instance
        if key not in properties
        and not (isinstance(key, str) and any(p.test(key) for p in patterns))
    ]


def _additional_properties(validator: Any, extra: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    extras = _extra_properties(instance, schema)
    if validator.is_type(extra, "object"):
        for key in extras:
            yield from validator.descend(instance[key], extra, path=key)
    elif extra is False:
        for key in extras:
            yield _error("must NOT have additional properties", additionalProperty=key)


def _pattern_properties(validator: Any, patterns: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        regex = _schema_regex(pattern)
        for key, value in instance.items():
            if isinstance(key, str) and regex.test(key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _pattern(validator: Any, pattern: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if validator.is_type(instance, "string") and not _schema_regex(pattern).test(instance):
        yield _error(f'must match pattern "{pattern}"', pattern=pattern)


def _missing_dependencies(prop: str, deps: list[str], instance: Any) -> Iterator[Any]:
    word = "property" if len(deps) == 1 else "properties"
    listed = ", ".join(deps)
    for dep in deps:
        if dep not in instance:
            yield _error(
                f"must have {word} {listed} when property {prop} is present",
                property=prop,
                missingProperty=dep,
            )


def _dependencies(validator: Any, dependencies: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for prop, dependency in dependencies.items():
        if prop not in instance:
            continue
        if validator.is_type(dependency, "array"):
            yield from _missing_dependencies(prop, dependency, instance)
        else:
            yield from validator.descend(instance, dependency, schema_path=prop)


def _dependent_required(
    validator: Any, dependencies: Any, instance: Any, schema: Any
) -> Iterator[Any]:
    if validator.is_type(instance, "object"):
        for prop, deps in dependencies.items():
            if prop in instance:
                yield from _missing_dependencies(prop, deps, instance)


def _if(validator: Any, if_schema: Any, instance: Any, schema: Any) -> Iterator[Any]:
    branch = "then" if validator.evolve(schema=if_schema).is_valid(instance) else "else"
    if branch in schema:
        errors = list(validator.descend(instance, schema[branch], schema_path=branch))
        if errors:
            yield _error(f'must match "{branch}" schema', errors, failingKeyword=branch)


def _property_names(validator: Any, names: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if validator.is_type(instance, "object"):
        for key in instance:
            errors = list(validator.descend(instance=key, schema=names))
            if errors:
                yield _error("property name must be valid", errors, propertyName=key)


@functools.cache
def validator_class(dialect: str) -> Any:
    """A jsonschema validator class for a Spectral dialect name, with Ajv's behaviour."""
    from jsonschema import (
        Draft4Validator,
        Draft7Validator,
        Draft201909Validator,
        Draft202012Validator,
        validators,
    )

    base = {
        "draft4": Draft4Validator,
        "draft2019-09": Draft201909Validator,
        "draft2020-12": Draft202012Validator,
    }.get(dialect, Draft7Validator)
    keywords: dict[str, Any] = {
        "required": _required,
        "additionalProperties": _additional_properties,
        "patternProperties": _pattern_properties,
        "pattern": _pattern,
        "type": _type,
    }
    if base is not Draft4Validator:
        keywords.update({"if": _if, "propertyNames": _property_names})
    if base in (Draft4Validator, Draft7Validator):
        keywords["dependencies"] = _dependencies
    else:
        keywords["dependentRequired"] = _dependent_required
    # Ajv (like JS) cannot tell 1.0 from 1: integer accepts integral floats in every draft.
    cls = validators.extend(base, keywords, type_checker=Draft7Validator.TYPE_CHECKER)
    cls.descend = _descend_with_false_schemas(cls.descend)
    return cls


def _descend_with_false_schemas(descend: Any) -> Any:
    """jsonschema forgets the path of an error raised by a ``false`` subschema; keep it."""
    from jsonschema.exceptions import ValidationError

    def wrapper(
        self: Any,
        instance: Any,
        schema: Any,
        path: Any = None,
        schema_path: Any = None,
        resolver: Any = None,
    ) -> Iterator[Any]:
        if schema is False:
            yield ValidationError(
                "boolean schema is false",
                validator=None,
                validator_value=None,
                instance=instance,
                schema=schema,
                path=() if path is None else (path,),
                schema_path=() if schema_path is None else (schema_path,),
            )
            return
        yield from descend(self, instance, schema, path, schema_path, resolver)

    return wrapper


# --- Ajv's keyword order --------------------------------------------------------------------
_UNTYPED = {"$ref": 0, "$dynamicRef": 0, "$recursiveRef": 0, "const": 1, "enum": 2, "not": 3,
            "anyOf": 4, "oneOf": 5, "allOf": 6, "if": 7, "then": 7, "else": 7}  # fmt: skip
_GROUPS: tuple[tuple[str, ...], ...] = (
    ("maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf", "format"),
    ("maxLength", "minLength", "pattern", "format"),
    ("maxItems", "minItems", "uniqueItems", "additionalItems", "prefixItems", "items",
     "contains", "minContains", "maxContains"),
    ("maxProperties", "minProperties", "required", "dependentRequired", "propertyNames",
     "additionalProperties", "dependencies", "dependentSchemas", "properties",
     "patternProperties"),
    ("unevaluatedProperties", "unevaluatedItems"),
)  # fmt: skip
# Ajv defers the check of a lone type to its keyword group only for these (not integer).
_TYPE_GROUP = {"number": 1, "string": 2, "array": 3, "object": 4}
_KEYED = frozenset(
    {"properties", "patternProperties", "definitions", "$defs", "dependencies",
     "dependentSchemas"}
)  # fmt: skip
_LISTED = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
_SUBSCHEMA = frozenset(
    {"items", "additionalItems", "additionalProperties", "not", "contains", "propertyNames",
     "if", "then", "else", "unevaluatedProperties", "unevaluatedItems"}
)  # fmt: skip
Key = tuple[tuple[int, int], ...]


def _priority(node: Mapping[str, Any], keyword: str | None, instance: Any) -> tuple[int, int]:
    if keyword == "type":
        types = node.get("type")
        types = [types] if isinstance(types, str) else list(types or ())
        group = _TYPE_GROUP.get(types[0]) if len(types) == 1 else None
        # A lone type whose keyword group is used fails inside that group (after the
        # untyped keywords); any other type check runs first.
        if group is not None and any(k in node for k in _GROUPS[group - 1]):
            return (group, -1)
        return (-1, 0)
    if keyword in _UNTYPED:
        return (0, _UNTYPED[keyword])
    if keyword == "format":
        return (2, 3) if isinstance(instance, str) else (1, 5)
    for group, names in enumerate(_GROUPS, start=1):
        if keyword in names:
            return (group, names.index(keyword))
    return (0, 99)


_CONSUMING = frozenset(
    {"properties", "patternProperties", "additionalProperties", "items", "prefixItems",
     "additionalItems", "unevaluatedProperties", "unevaluatedItems"}
)  # fmt: skip
# Keywords that visit several instance members under one schema: Ajv goes through them in
# the instance's order, as jsonschema does, so the first error seen for a member ranks it.
_BY_MEMBER = frozenset(
    {"patternProperties", "additionalProperties", "items", "additionalItems",
     "unevaluatedProperties", "unevaluatedItems"}
)  # fmt: skip


def order_key(
    start: Any,
    segments: Sequence[Any],
    err: Any,
    steps: Sequence[Any] = (),
    seen: dict[Any, int] | None = None,
    rank: int = 0,
) -> Key:
    """Where Ajv would raise ``err``: its keyword path, each step ranked in Ajv's order.

    ``steps`` is the error's instance path (relative to ``start``); ``seen``/``rank`` order
    the members of an array or map the way they were visited.
    """
    key: list[tuple[int, int]] = []
    node = start
    remaining = list(steps)
    taken: list[Any] = []
    i = 0
    while i < len(segments) and isinstance(node, Mapping):
        seg = segments[i]
        if seg not in node:
            if "$ref" in node:
                key.append(_priority(node, "$ref", err.instance))
            return tuple(key)
        key.append(_priority(node, seg, err.instance))
        child = node[seg]
        listed = False
        if seg in _KEYED and i + 1 < len(segments) and isinstance(child, Mapping):
            sub = segments[i + 1]
            key.append((list(child).index(sub) if sub in child else 0, 0))
            node, i = child.get(sub), i + 2
        elif seg in _LISTED and i + 1 < len(segments) and isinstance(child, list):
            index = segments[i + 1]
            key.append((index if isinstance(index, int) else 0, 0))
            ok = isinstance(index, int) and 0 <= index < len(child)
            node, i, listed = (child[index] if ok else None), i + 2, True
        elif seg in _SUBSCHEMA:
            node, i = child, i + 1
        else:
            return tuple(key)
        if seg in _CONSUMING and remaining:
            taken.append(remaining.pop(0))
            if seg in _BY_MEMBER and not listed:
                member = (tuple(segments[:i]), tuple(taken))
                key.append((rank if seen is None else seen.setdefault(member, rank), 0))
    if isinstance(node, Mapping) and err.validator in ("if", "$ref", "$dynamicRef"):
        key.append(_priority(node, err.validator, err.instance))
    return tuple(key)


def rank_errors(errors: Sequence[Any], start: Any, skip: int = 0) -> list[Any]:
    """jsonschema errors in the order Ajv raises them."""
    seen: dict[Any, int] = {}
    keys = [
        order_key(start, list(e.relative_schema_path)[skip:], e, list(e.relative_path), seen, n)
        for n, e in enumerate(errors)
    ]
    order = sorted(range(len(errors)), key=keys.__getitem__)
    return [errors[n] for n in order]


# --- jsonschema errors -> Ajv errors --------------------------------------------------------
@dataclass(slots=True)
class AjvError:
    """One error as Ajv reports it: keyword, instance path (real keys), message, params."""

    keyword: str
    path: Path
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    # The schema objects applied on the way, outermost first, each with the instance path
    # it applied to: where an ``errorMessage`` (ajv-errors) can take the error over.
    chain: tuple[tuple[Any, Path], ...] = ()
    # The schema object holding the failed keyword (Spectral's oasSchema reads its
    # ``nullable``); not part of equality.
    schema: Any = field(default=None, compare=False, repr=False)

    @property
    def pointer(self) -> str:
        return pointer_from_path(self.path)


def _js_equal(a: Any, b: Any) -> bool:
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_js_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_js_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (Mapping, list)) or isinstance(b, (Mapping, list)):
        return False
    return js_same_value_zero(a, b)


def _duplicate_message(items: list[Any], schema: Mapping[str, Any]) -> str:
    item_schema = schema.get("items")
    types = item_schema.get("type", ()) if isinstance(item_schema, Mapping) else ()
    types = [types] if isinstance(types, str) else list(types)
    if types and not any(t in ("object", "array") for t in types):
        seen: dict[tuple[str, Any], int] = {}
        for i in range(len(items) - 1, -1, -1):
            item = items[i]
            if isinstance(item, (Mapping, list)):
                continue
            marker = (js_typeof(item), None if item is None else item)
            if marker in seen:
                return (
                    f"must NOT have duplicate items (items ## {seen[marker]} and {i} are identical)"
                )
            seen[marker] = i
    for i in range(len(items) - 1, 0, -1):
        for j in range(i - 1, -1, -1):
            if _js_equal(items[i], items[j]):
                return f"must NOT have duplicate items (items ## {j} and {i} are identical)"
    return "must NOT have duplicate items"


_COUNTED = {"minLength": ("fewer", "characters"), "maxLength": ("more", "characters"),
            "minItems": ("fewer", "items"), "maxItems": ("more", "items"),
            "minProperties": ("fewer", "properties"),
            "maxProperties": ("more", "properties")}  # fmt: skip


def ajv_message(err: Any) -> tuple[str, str, dict[str, Any]]:
    """Ajv's (keyword, message, params) for one jsonschema error."""
    keyword, value, schema = err.validator, err.validator_value, err.schema
    params = getattr(err, "ajv_params", None)
    if params is not None:
        return keyword, err.message, params
    if keyword is None:
        return "false schema", "boolean schema is false", {}
    if keyword == "type":
        shown = ",".join(value) if isinstance(value, list) else value
        return keyword, f"must be {shown}", {"type": value}
    if keyword == "enum":
        return keyword, "must be equal to one of the allowed values", {"allowedValues": value}
    if keyword == "const":
        return keyword, "must be equal to constant", {"allowedValue": value}
    if keyword in _COUNTED:
        more, unit = _COUNTED[keyword]
        return keyword, f"must NOT have {more} than {_num(value)} {unit}", {"limit": value}
    if keyword in ("minimum", "maximum"):
        exclusive = schema.get(f"exclusive{keyword.capitalize()}") is True  # draft 4
        op = (">" if exclusive else ">=") if keyword == "minimum" else ("<" if exclusive else "<=")
        return keyword, f"must be {op} {_num(value)}", {"comparison": op, "limit": value}
    if keyword in ("exclusiveMinimum", "exclusiveMaximum"):
        op = ">" if keyword == "exclusiveMinimum" else "<"
        return keyword, f"must be {op} {_num(value)}", {"comparison": op, "limit": value}
    if keyword == "multipleOf":
        return keyword, f"must be multiple of {_num(value)}", {"multipleOf": value}
    if keyword == "format":
        return keyword, f'must match format "{value}"', {"format": value}
    if keyword == "uniqueItems":
        return keyword, _duplicate_message(err.instance, schema), {}
    if keyword == "not":
        return keyword, "must NOT be valid", {}
    if keyword in ("contains", "minContains", "maxContains"):
        low, high = schema.get("minContains", 1), schema.get("maxContains")
        bound = f" and no more than {_num(high)}" if high is not None else ""
        return "contains", f"must contain at least {_num(low)}{bound} valid item(s)", {}
    if keyword == "additionalItems" or (keyword == "items" and value is False):
        fixed = schema.get("items" if keyword == "additionalItems" else "prefixItems", [])
        count = len(fixed) if isinstance(fixed, list) else 0
        return keyword, f"must NOT have more than {count} items", {"limit": count}
    if keyword == "unevaluatedProperties":
        return keyword, "must NOT have unevaluated properties", {}
    if keyword == "unevaluatedItems":
        return keyword, "must NOT have unevaluated items", {}
    return keyword, err.message, {}


def _select(errors: Sequence[Any], start: Any, skip: int, all_errors: bool) -> list[Any]:
    ranked = rank_errors(errors, start, skip)
    return ranked if all_errors else ranked[:1]


Chain = tuple[tuple[Any, Path], ...]
# Looks a ``$ref`` up in the schema being validated (set by :func:`validate`), so that the
# schema objects an error went through can be followed across references.
_RESOLVE: contextvars.ContextVar[Callable[[str], Any] | None] = contextvars.ContextVar(
    "resolve", default=None
)


def _walk(chain: Chain, segments: Sequence[Any], instance_steps: Sequence[Any]) -> Chain:
    """Extend ``chain`` with the schema objects ``segments`` enter (and their instance paths)."""
    node, path = chain[-1]
    out = list(chain)
    steps = list(instance_steps)
    resolve = _RESOLVE.get()
    i = 0
    while i < len(segments) and isinstance(node, Mapping):
        keyword = segments[i]
        if keyword not in node and isinstance(node.get("$ref"), str) and resolve is not None:
            # jsonschema leaves "$ref" out of schema paths: continue in the referenced schema.
            node = resolve(node["$ref"])
            if isinstance(node, Mapping):
                out.append((node, path))
            continue
        child = node.get(keyword)
        if keyword in _KEYED and i + 1 < len(segments) and isinstance(child, Mapping):
            child, i = child.get(segments[i + 1]), i + 2
        elif keyword in _LISTED and i + 1 < len(segments) and isinstance(child, list):
            index = segments[i + 1]
            ok = isinstance(index, int) and 0 <= index < len(child)
            child, i = (child[index] if ok else None), i + 2
        elif keyword in _SUBSCHEMA:
            i += 1
        else:
            break
        if keyword in _CONSUMING and steps:
            path = (*path, steps.pop(0))
        node = child
        if isinstance(node, Mapping):
            out.append((node, path))
    return tuple(out)


def convert(err: Any, all_errors: bool, chain: Chain = (), skip: int = 0) -> list[AjvError]:
    """Ajv's errors for one jsonschema error (combinators: branch errors first).

    ``chain`` ends with the schema object ``err.relative_schema_path[skip:]`` starts from.
    """
    path = tuple(err.absolute_path)
    keyword = err.validator
    if chain:
        chain = _walk(chain, list(err.relative_schema_path)[skip:], list(err.relative_path))
    if keyword in ("anyOf", "oneOf"):
        out: list[AjvError] = []
        branches: dict[int, list[Any]] = {}
        for sub in err.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        for index in sorted(branches):
            branch = err.validator_value[index]
            sub_chain = (*chain, (branch, path)) if chain and isinstance(branch, Mapping) else ()
            for sub in _select(branches[index], branch, 1, all_errors):
                out.extend(convert(sub, all_errors, sub_chain or chain, 1))
        passing = None if err.context else "several"
        text = (
            "must match a schema in anyOf"
            if keyword == "anyOf"
            else ("must match exactly one schema in oneOf")
        )
        out.append(AjvError(keyword, path, text, {"passingSchemas": passing}, chain))
        return out
    out = []
    if keyword in ("if", "propertyNames") and err.context:
        start = err.schema if keyword == "if" else err.validator_value
        sub_chain = chain
        if chain and keyword == "propertyNames" and isinstance(start, Mapping):
            sub_chain = (*chain, (start, path))
        for sub in _select(err.context, start, 0, all_errors):
            out.extend(convert(sub, all_errors, sub_chain))
    name, message, params = ajv_message(err)
    out.append(AjvError(name, path, message, params, chain, err.schema))
    return out


# --- ajv-errors: ``errorMessage`` in the user's schema (only with allErrors, as in Spectral) -
_TEMPLATE = re.compile(r"\$\{([^}]*)\}")


def _fill(template: str, data: Any, at: Path) -> str:
    """ajv-errors templates: ``${/abs/pointer}``, ``${0}`` (this value), ``${1/sibling}``."""

    def value(match: re.Match[str]) -> str:
        from govlint.findings.model import path_from_pointer

        ref = match.group(1)
        if ref.startswith("/"):
            found = get_path(data, path_from_pointer(ref))
        else:
            up, _, rest = ref.partition("/")
            if up.endswith("#") and up[:-1].isdigit() and not rest:
                base = at[: len(at) - int(up[:-1])]
                return str(base[-1]) if base else ""
            if not up.isdigit() or int(up) > len(at):
                return ""
            base = at[: len(at) - int(up)]
            found = get_path(data, (*base, *path_from_pointer("/" + rest)) if rest else base)
        return _json(found)

    return _TEMPLATE.sub(value, template)


def _taken(error: AjvError, node: Any, at: Path) -> bool:
    return error.keyword != "errorMessage" and any(n is node and p == at for n, p in error.chain)


def apply_error_messages(errors: list[AjvError], data: Any) -> list[AjvError]:
    """Replace errors by the ``errorMessage`` of the schema they fail in (innermost first)."""
    places: dict[tuple[int, Path], tuple[Any, Path, int]] = {}
    for error in errors:
        for depth, (node, at) in enumerate(error.chain):
            if "errorMessage" in node:
                places.setdefault((id(node), at), (node, at, depth))
    for node, at, _depth in sorted(places.values(), key=lambda p: -p[2]):
        errors = _apply_one(errors, node, at, data)
    return errors


def _apply_one(errors: list[AjvError], node: Any, at: Path, data: Any) -> list[AjvError]:
    spec = node["errorMessage"]
    mine = [e for e in errors if _taken(e, node, at)]
    if not mine:
        return errors
    replaced: list[AjvError] = []
    added: list[AjvError] = []

    def replace(victims: list[AjvError], template: Any, where: Path = at) -> None:
        if victims and isinstance(template, str):
            replaced.extend(victims)
            added.append(AjvError("errorMessage", where, _fill(template, data, where), {}, ()))

    if isinstance(spec, str):
        replace(mine, spec)
    elif isinstance(spec, Mapping):
        direct = [e for e in mine if e.chain[-1][0] is node and e.chain[-1][1] == at]
        for keyword, template in spec.items():
            if keyword in ("properties", "items", "_"):
                continue
            hits = [e for e in direct if e.keyword == keyword]
            if isinstance(template, Mapping):
                for name, text in template.items():
                    replace([e for e in hits if e.params.get("missingProperty") == name], text)
            else:
                replace(hits, template)
        for child_key in ("properties", "items"):
            children = spec.get(child_key)
            pairs = (
                children.items() if isinstance(children, Mapping)
                else enumerate(children) if isinstance(children, list) else ()
            )  # fmt: skip
            for key, text in pairs:
                inside = [
                    e for e in mine if e not in replaced and e.path[: len(at) + 1] == (*at, key)
                ]
                replace(inside, text, (*at, key))
        replace([e for e in mine if e not in replaced], spec.get("_"))
    kept = [e for e in errors if not any(e is r for r in replaced)]
    return kept + added


class SchemaProblem(Exception):
    """The schema itself cannot be used (invalid, unresolvable $ref, bad regex)."""

    def __init__(self, message: str, *, unresolved_ref: bool = False) -> None:
        super().__init__(message)
        self.unresolved_ref = unresolved_ref


def compile_validator(schema: Mapping[str, Any], dialect: str, meta: bool = True) -> Any:
    """A validator for ``schema``; :class:`SchemaProblem` when the schema is invalid.

    ``meta=False`` skips the meta-schema check, as Ajv does for a schema object it has
    already been asked to compile (it caches the object before checking it).
    """
    if dialect == "auto":
        dialect = detect_dialect(schema) or "draft7"
    cls = validator_class(dialect)
    invalid = _meta_problems(cls, dialect, schema) if meta else None
    if invalid:
        raise SchemaProblem(invalid)
    for node in schema_objects(schema):
        problem = nullable_problem(node)
        if problem:
            raise SchemaProblem(problem)
    from govlint.functions.core._regex import no_retrieval_registry

    # Never fetch: a $ref to http:// or file:// is unresolvable (docs/security.md).
    return cls(schema, format_checker=format_checker(), registry=no_retrieval_registry())


# Meta-schema verdicts by schema content: a resolved document holds many equal copies of a
# schema (every $ref to it, readOnly/writeOnly-relaxed variants), and the meta-schema check
# costs far more than serialising the schema to recognise it.
_META_VERDICTS: dict[tuple[str, bytes], str] = {}


def _meta_problems(cls: Any, dialect: str, schema: Mapping[str, Any]) -> str:
    """'' when ``schema`` is valid against its dialect's meta-schema, else the message."""
    import orjson

    try:
        key: tuple[str, bytes] | None = (dialect, orjson.dumps(
            schema, option=orjson.OPT_NON_STR_KEYS))
    except (TypeError, orjson.JSONEncodeError):
        key = None
    if key is not None and key in _META_VERDICTS:
        return _META_VERDICTS[key]
    if fast_is_valid(_fast_meta_validator(dialect), schema):
        problems = []
    else:
        problems = [e for err in _meta_validator(dialect).iter_errors(schema)
                    for e in convert(err, True)]
    verdict = ""
    if problems:
        listed = ", ".join(f"data{e.pointer} {e.message}" for e in problems)
        verdict = f"schema is invalid: {listed}"
    if key is not None:
        if len(_META_VERDICTS) > 50_000:
            _META_VERDICTS.clear()
        _META_VERDICTS[key] = verdict
    return verdict


@functools.cache
def _meta_validator(dialect: str) -> Any:
    """The (Ajv-behaving) validator of ``dialect``'s meta-schema, built once."""
    cls = validator_class(dialect)
    return cls(cls.META_SCHEMA)


@functools.cache
def _fast_meta_validator(dialect: str) -> Any:
    """A jsonschema-rs validator of the same meta-schema (formats not asserted, as in
    :func:`_meta_validator`), or None when jsonschema-rs cannot be used.

    Safe as a "valid" shortcut: the meta-schemas apply no keyword govlint words or checks
    differently from the standard (no ``pattern``, ``patternProperties``, ``multipleOf``,
    ``nullable``; every bound comes with a numeric ``type``: tests/functions/core check it),
    and jsonschema-rs is at least as strict on what differs (``1.0`` is no integer in
    draft 4, non-finite numbers are no numbers, non-string keys are refused).
    """
    return fast_validator(validator_class(dialect).META_SCHEMA)


@functools.cache
def _format_functions() -> dict[str, Callable[[Any], bool]]:
    return {name: functools.partial(_check_format, name) for name in _KNOWN_FORMATS}


# jsonschema-rs's validator per govlint dialect: the draft :func:`validator_class` takes.
_FAST_CLASSES = {"draft4": "Draft4Validator", "draft2019-09": "Draft201909Validator",
                 "draft2020-12": "Draft202012Validator"}  # fmt: skip


def fast_validator(
    schema: Mapping[str, Any],
    registry: Sequence[tuple[str, Mapping[str, Any]]] = (),
    formats: bool = False,
    dialect: str | None = None,
) -> Any:
    """A jsonschema-rs validator for ``schema`` (None if it cannot be built).

    ``formats``: assert Ajv's formats through :func:`_check_format` (jsonschema-rs only
    calls them on strings, so only for schemas whose formats are string formats).
    ``dialect``: the draft govlint validates with (default: the schema's ``$schema``).
    Offline: a ``$ref`` outside ``schema`` and ``registry`` fails the build, never fetched.
    """
    try:
        import jsonschema_rs

        options: dict[str, Any] = {"validate_formats": formats, "offline": True}
        if formats:
            options["formats"] = _format_functions()
        if registry:
            options["registry"] = jsonschema_rs.Registry(list(registry))
        if dialect is None:
            return jsonschema_rs.validator_for(schema, **options)
        cls = getattr(jsonschema_rs, _FAST_CLASSES.get(dialect, "Draft7Validator"))
        return cls(schema, **options)
    except Exception:  # not installed, a draft or regex it refuses
        return None
    except BaseException as exc:
        if _rust_panic(exc):
            return None
        raise  # ^C, a file's time budget (FileTimeout)


def fast_is_valid(validator: Any, instance: Any) -> bool:
    """Whether jsonschema-rs says ``instance`` is valid; False when it cannot tell (no
    validator, a value it does not take such as a non-string key or a date): the caller
    then takes the full path, which words the errors."""
    if validator is None:
        return False
    try:
        return bool(validator.is_valid(instance))
    except Exception:
        return False
    except BaseException as exc:
        if _rust_panic(exc):
            return False
        raise  # ^C, a file's time budget (FileTimeout)


def _rust_panic(exc: BaseException) -> bool:
    """pyo3's PanicException (a BaseException, like govlint's FileTimeout, which must pass)."""
    return type(exc).__name__ == "PanicException"


# Where govlint (Ajv, JavaScript) and jsonschema-rs can part ways in the lenient direction:
# JS regexes (``\\p{L}`` is "p{L}" without the u flag, UTF-16 code units), float
# ``multipleOf`` (Ajv: 0.07 is no multiple of 0.01), a base URI or draft of its own, and
# ``$ref`` (it may lead where :func:`schema_objects` does not look).
_NOT_FAST = frozenset(
    {"pattern", "patternProperties", "multipleOf", "$schema", "$id", "id", "$ref",
     "$dynamicRef", "$recursiveRef"}
)  # fmt: skip
# Ajv's int32/int64 formats also bound numbers; jsonschema-rs calls formats on strings only.
_INT_FORMATS = {"int32": 2**31, "int64": 2**63}


def fast_user_validator(schema: Any, dialect: str) -> Any:
    """A jsonschema-rs validator whose "valid" is :func:`validate`'s for a user's schema, or
    None when ``schema`` uses a keyword where the two could differ (``_NOT_FAST``), holds
    NaN/Infinity, or cannot be built (then the full path decides).

    Where jsonschema-rs is stricter (``nullable`` letting null through, ``1.0`` as a
    draft 4 integer, formats it knows and Ajv does not) it only sends the value to the
    full path. int32/int64 become an equivalent ``anyOf`` bound in its copy.
    """
    if not isinstance(schema, Mapping):
        return None
    if dialect == "auto":
        dialect = detect_dialect(schema) or "draft7"
    nodes = list(schema_objects(schema))
    if any(_NOT_FAST & node.keys() for node in nodes) or has_non_finite(schema):
        return None
    import orjson

    try:
        # A resolved document holds many equal copies of a schema: one build per content.
        key: tuple[str, bytes] | None = (dialect, orjson.dumps(schema))
    except (TypeError, orjson.JSONEncodeError):  # e.g. a YAML int key: no shortcut anyway
        key = None
    if key is not None and key in _FAST_BY_CONTENT:
        return _FAST_BY_CONTENT[key]
    try:
        validator = _build_user_validator(schema, nodes, dialect)
    except RecursionError:  # nested too deep to copy: the full path decides
        validator = None
    if key is not None:
        if len(_FAST_BY_CONTENT) > 20_000:
            _FAST_BY_CONTENT.clear()
        _FAST_BY_CONTENT[key] = validator
    return validator


_FAST_BY_CONTENT: dict[tuple[str, bytes], Any] = {}


def _build_user_validator(schema: Any, nodes: list[Mapping[str, Any]], dialect: str) -> Any:
    bounded = [n for n in nodes if _int_format(n) is not None]
    if any(not isinstance(n.get("allOf", []), list) for n in bounded):
        return None
    if bounded:
        schema = _json_copy(schema)
        for node in list(schema_objects(schema)):
            limit = _int_format(node)
            if limit is not None and isinstance(node, dict):
                bound = {"type": "integer", "minimum": -limit, "maximum": limit - 1}
                guard = {"anyOf": [{"not": {"type": "number"}}, bound]}
                node["allOf"] = [*node.get("allOf", ()), guard]
    return fast_validator(schema, formats=True, dialect=dialect)


def _int_format(node: Mapping[str, Any]) -> int | None:
    name = node.get("format")
    return _INT_FORMATS.get(name) if isinstance(name, str) else None


def _json_copy(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {k: _json_copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_json_copy(v) for v in node]
    return node


def has_non_finite(value: Any) -> bool:
    """NaN or an infinity in a value (YAML ``.nan``/``.inf``): jsonschema-rs ignores bounds
    on them where Ajv/jsonschema report, so such values take the full path."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                return True
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


# Keywords whose value is a schema, a list of schemas or a map of schemas.
_ONE_SCHEMA = frozenset(
    {"additionalItems", "items", "contains", "additionalProperties", "propertyNames", "not",
     "if", "then", "else", "unevaluatedItems", "unevaluatedProperties"}
)  # fmt: skip
_SCHEMA_LIST = frozenset({"items", "allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAP = frozenset(
    {"$defs", "definitions", "properties", "patternProperties", "dependencies",
     "dependentSchemas"}
)  # fmt: skip


def schema_objects(schema: Any) -> Iterator[Mapping[str, Any]]:
    """Every schema object of ``schema`` (those Ajv compiles: not values of unknown keywords)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if not isinstance(node, Mapping):
            continue
        yield node
        for keyword, value in node.items():
            if keyword in _ONE_SCHEMA and isinstance(value, Mapping):
                stack.append(value)
            elif keyword in _SCHEMA_LIST and isinstance(value, list):
                stack.extend(value)
            elif keyword in _SCHEMA_MAP and isinstance(value, Mapping):
                stack.extend(value.values())


def nullable_problem(node: Mapping[str, Any]) -> str | None:
    """Ajv's compile error for OpenAPI's ``nullable`` (which Ajv supports in every draft)."""
    if "nullable" not in node:
        return None
    types = node.get("type")
    types = [types] if isinstance(types, str) else list(types) if isinstance(types, list) else []
    if "null" in types:
        return "type: null contradicts nullable: false" if node["nullable"] is False else None
    if not types:
        return '"nullable" cannot be used without "type"'
    return None


def _type(validator: Any, types: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """``type``, with Ajv's ``nullable: true`` letting null through."""
    if instance is None and schema.get("nullable") is True:
        return
    names = [types] if isinstance(types, str) else types
    if not any(validator.is_type(instance, t) for t in names):
        from jsonschema.exceptions import ValidationError

        yield ValidationError(f"{instance!r} is not of type {types!r}")


def _resolver_for(validator: Any) -> Callable[[str], Any]:
    """``$ref`` -> schema object, from the root's base URI (None when it cannot be found)."""
    cache: dict[str, Any] = {}

    def resolve(ref: str) -> Any:
        if ref not in cache:
            try:
                cache[ref] = validator._resolver.lookup(ref).contents
            except Exception:  # an unresolvable ref only ends the walk
                cache[ref] = None
        return cache[ref]

    return resolve


def validate(validator: Any, instance: Any, all_errors: bool) -> list[AjvError]:
    """Ajv's errors for ``instance``: all of them, or what Ajv reports when it stops early."""
    from referencing.exceptions import PointerToNowhere, Unresolvable

    try:
        errors = list(validator.iter_errors(instance))
    except Unresolvable as exc:
        ref = getattr(exc, "ref", None) or str(exc)
        cause = getattr(exc, "_wrapped", exc)
        if isinstance(cause, PointerToNowhere) and not ref.startswith("#"):
            ref = f"#{ref}"  # referencing keeps only the fragment of a local ref
        schema = validator.schema if isinstance(validator.schema, Mapping) else {}
        base = schema.get("$id") or "#"
        raise SchemaProblem(
            f"can't resolve reference {ref} from id {base}", unresolved_ref=True
        ) from None
    except JsRegexError as exc:
        raise SchemaProblem(str(exc)) from None
    root = validator.schema
    chain: Chain = ((root, ()),) if all_errors and isinstance(root, Mapping) else ()
    out: list[AjvError] = []
    token = _RESOLVE.set(_resolver_for(validator) if chain else None)
    try:
        for err in _select(errors, root, 0, all_errors):
            out.extend(convert(err, all_errors, chain))
    finally:
        _RESOLVE.reset(token)
    if chain:
        out = apply_error_messages(out, instance)
    return out


# --- @stoplight/better-ajv-errors -----------------------------------------------------------
_POINTER_PIECES = re.compile(r"/[\w$_-]+(?:/\d+)?", re.ASCII)


@dataclass(slots=True)
class _Node:
    errors: list[AjvError] = field(default_factory=list)
    children: dict[str, _Node] = field(default_factory=dict)


def _leven(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _clean(message: str) -> str:
    return message.replace("'", '"').replace("NOT", "not")


class _Printer:
    """Words errors as better-ajv-errors does, relative to the validated value."""

    def __init__(self, data: Any, prop_path: Path) -> None:
        self.data = data
        self.prop_path = prop_path

    def prop_name(self, pointer: str) -> str | None:
        index = pointer.rfind("/")
        if index != -1:
            return pointer[index + 1 :]
        if not self.prop_path:
            return None
        return str(self.prop_path[-1])

    def pretty(self, error: AjvError) -> str:
        name = self.prop_name(error.pointer)
        if name is None:
            return js_typeof(get_path(self.data, error.path)).capitalize()
        return f'"{name}" property'

    def enum(self, error: AjvError, allowed: list[Any]) -> str:
        shown = ", ".join(f'"{v}"' if isinstance(v, str) else _json(v) for v in allowed)
        text = f"{self.pretty(error)} {error.message}: {shown}"
        current = get_path(self.data, error.path)
        candidates = [v for v in allowed if isinstance(v, str)]
        if isinstance(current, str) and candidates:
            best = min(candidates, key=lambda v: _leven(v, current))
            if len(allowed) == 1 or _leven(best, current) < len(best):
                text += f'. Did you mean "{best}"?'
        return text

    def word(self, error: AjvError) -> str:
        if error.keyword == "additionalProperties":
            return f'Property "{error.params.get("additionalProperty")}" is not expected to be here'
        if error.keyword == "type":
            name = self.prop_name(error.pointer)
            if name is None:
                return f"Value type {error.message}"
            return f'"{name}" property type {error.message}'
        if error.keyword == "errorMessage":
            return error.message
        return f"{self.pretty(error)} {_clean(error.message)}"


def _json(value: Any) -> str:
    import json

    if isinstance(value, (Mapping, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return json_stringify(value)


def _filter(node: _Node, parent: _Node | None, key: str | None) -> None:
    if node.children and any(e.keyword == "anyOf" for e in node.errors):
        node.errors = []
    if (
        parent is not None
        and node.errors
        and all(e.keyword == "enum" for e in node.errors)
        and len(parent.children) > 1
    ):
        del parent.children[key]  # type: ignore[arg-type]
    for child_key, child in list(node.children.items()):
        _filter(child, node, child_key)


def _unique(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if isinstance(value, (Mapping, list)):
            if not any(value is v for v in out):
                out.append(value)
        elif not any(js_same_value_zero(value, v) and (value is None) == (v is None) for v in out):
            out.append(value)
    return out


def _words(node: _Node, printer: _Printer) -> list[tuple[str, AjvError]]:
    if node.errors and all(e.keyword == "enum" for e in node.errors):
        allowed = _unique([v for e in node.errors for v in e.params.get("allowedValues", [])])
        return [(printer.enum(node.errors[0], allowed), node.errors[0])]
    out = [(printer.word(e), e) for e in node.errors]
    for child in node.children.values():
        out.extend(_words(child, printer))
    return out


def _describe_array_item(message: str, pointer: str) -> str:
    index = pointer.split("/")[-1]
    if not index.isdigit() or not index.isascii():
        return message
    for prefix in (f'"{index}" property type', f'"{index}" property'):
        if message.startswith(prefix):
            return f"Item at index {index}{message[len(prefix) :]}"
    return message


def describe(errors: list[AjvError], data: Any, prop_path: Path) -> list[tuple[str, Path]]:
    """Spectral's messages and (relative) paths for Ajv errors on ``data`` at ``prop_path``."""
    root = _Node()
    for error in errors:
        pointer = error.pointer
        # Spectral drops errors whose path has no plain segment; govlint keeps them at the root.
        pieces = _POINTER_PIECES.findall(pointer) if pointer else [""]
        node = root
        for piece in pieces or [""]:
            node = node.children.setdefault(piece, _Node())
        node.errors.append(error)
    _filter(root, None, None)
    unmatched = {
        e.pointer: e.keyword
        for e in errors
        if e.keyword in ("anyOf", "oneOf") and not isinstance(e.params.get("passingSchemas"), str)
    }
    out: list[tuple[str, Path]] = []
    for message, error in _words(root, _Printer(data, prop_path)):
        text = _describe_array_item(message, error.pointer)
        combinator = unmatched.get(error.pointer)
        if combinator is not None and text.endswith(f" in {combinator}"):
            text += ". None of the schemas matched, see the other errors reported for this value"
        out.append((text, error.path))
    return out
