"""``schema``: the target must validate against a JSON Schema (Spectral's messages and paths)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core._js import document_root, print_property, target_exists

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "schema": {"type": "object"},
        "dialect": {
            "enum": ["auto", "draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"],
            "default": "auto",
        },
        "allErrors": {"type": "boolean", "default": False},
        "prepareResults": {},
    },
    "required": ["schema"],
    "errorMessage": {
        "type": '"schema" function has invalid options specified. Example valid options: '
        '{ "schema": { /* any JSON Schema can be defined here */ } , '
        '{ "schema": { "type": "object" }, "dialect": "auto" }',
    },
}

# Compiled validators, per schema object and dialect: options live as long as the ruleset,
# and compiling (meta-validation included) costs far more than validating.
_compiled: dict[tuple[int, str], tuple[Any, Any]] = {}


def _validator(schema: Mapping[str, Any], dialect: str) -> Any:
    """The validator, or the :class:`SchemaProblem` compiling raised (cached either way)."""
    from govlint.functions.core._jsonschema import SchemaProblem, compile_validator

    key = (id(schema), dialect)
    hit = _compiled.get(key)
    if hit is None or hit[0] is not schema:
        try:
            compiled: Any = compile_validator(schema, dialect)
        except SchemaProblem as problem:
            compiled = problem
        hit = (schema, compiled)
        _compiled[key] = hit
    return hit[1]


@rule_function("schema", schema=SCHEMA)
def schema(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    from govlint.functions.core._jsonschema import SchemaProblem, describe, validate

    path = tuple(context.path)
    if not target_exists(target, context):
        prefix = print_property(document_root(context), path)
        return [Result(f"{prefix}must exist")]
    if quick_valid(options["schema"], target):
        return None  # most targets pass: no need to import jsonschema (~70 ms) for them
    validator = _validator(options["schema"], options.get("dialect", "auto"))
    try:
        if isinstance(validator, SchemaProblem):
            raise validator
        errors = validate(validator, target, options.get("allErrors", False) is True)
    except SchemaProblem as problem:
        if problem.unresolved_ref and getattr(context.rule, "resolved", True) is not False:
            return None  # Spectral ignores $refs left in a resolved document's schemas
        return [Result(str(problem))]
    if not errors:
        return None
    results: dict[tuple[str, tuple[Any, ...]], Result] = {}
    for message, sub in describe(errors, target, path):
        # Spectral drops duplicate results (two missing dependencies read the same).
        full = (*path, *sub)
        results.setdefault((message, full), Result(message, path=full))
    return list(results.values())


# The keywords quick_valid understands; a schema using any other takes the full path.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default",
                          "examples", "deprecated", "readOnly", "writeOnly"})
_TYPES: dict[str, Any] = {
    "array": lambda v: type(v) is list,
    "object": lambda v: type(v) is dict,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
    "number": lambda v: type(v) in (int, float),
    "integer": lambda v: type(v) is int or (type(v) is float and v.is_integer()),
}


def _count(value: Any) -> bool:
    return type(value) is int and value >= 0


def quick_valid(schema: Any, instance: Any, depth: int = 0, *, python: bool = False) -> bool:
    """True when ``instance`` certainly satisfies ``schema``, decided without jsonschema for
    a few plain keywords (type, min/maxItems, items, required, properties, enum of strings,
    additionalProperties: false). False means "not known": the full validator decides and
    words the errors, so a finding never comes from this shortcut.

    ``python``: the caller validates with python-jsonschema and no format checker, so
    ``pattern`` means Python's ``re.search`` and ``format`` is an annotation (Ajv, which
    the ``schema`` function follows, differs on both: then they take the full path)."""
    if type(schema) is not dict or depth > 16:
        return False
    for keyword, arg in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        if keyword == "type":
            names = arg if type(arg) is list else [arg]
            if not names or not all(type(n) is str and n in _TYPES for n in names):
                return False
            if not any(_TYPES[n](instance) for n in names):
                return False
            if python and type(instance) is float and "integer" in names and \
                    "number" not in names:
                return False  # python-jsonschema's draft 4 has no integral floats
        elif keyword in ("minItems", "maxItems", "minProperties", "maxProperties"):
            if not _count(arg):
                return False
            container = list if keyword.endswith("Items") else dict
            if type(instance) is container and (
                    len(instance) < arg if keyword.startswith("min") else len(instance) > arg):
                return False
        elif keyword == "items":
            if type(arg) is not dict:
                return False
            if type(instance) is list and not all(quick_valid(arg, v, depth + 1, python=python)
                                                  for v in instance):
                return False
        elif keyword == "required":
            if type(arg) is not list or not all(type(n) is str for n in arg):
                return False
            if type(instance) is dict and not all(n in instance for n in arg):
                return False
        elif keyword == "properties":
            if type(arg) is not dict:
                return False
            if type(instance) is dict and not all(
                    quick_valid(sub, instance[name], depth + 1, python=python)
                    for name, sub in arg.items() if name in instance):
                return False
        elif keyword == "additionalProperties":
            if arg is not False or "patternProperties" in schema:
                return False
            allowed = schema.get("properties", {})
            if type(instance) is dict and any(k not in allowed for k in instance):
                return False
        elif keyword in ("minLength", "maxLength"):
            if not _count(arg):
                return False  # code points, as both Ajv and python-jsonschema count
            if type(instance) is str and (len(instance) < arg if keyword == "minLength"
                                          else len(instance) > arg):
                return False
        elif keyword in ("minimum", "maximum"):
            if type(arg) not in (int, float) or "exclusiveMinimum" in schema or \
                    "exclusiveMaximum" in schema:
                return False  # exclusive* differ between drafts: the validator decides
            if type(instance) in (int, float) and (instance < arg if keyword == "minimum"
                                                   else instance > arg):
                return False
        elif keyword == "pattern" and python:
            if type(arg) is not str:
                return False
            try:
                if type(instance) is str and not _python_regex(arg).search(instance):
                    return False
            except re.error:
                return False
        elif keyword == "format" and python:
            continue
        elif keyword == "enum":
            if type(arg) is not list or not arg or not all(type(v) is str for v in arg):
                return False
            if instance not in arg or type(instance) is not str:
                return False
        else:
            return False
    return True


@functools.lru_cache(maxsize=1024)
def _python_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
