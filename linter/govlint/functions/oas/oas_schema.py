"""``oasSchema``: Spectral's ``schema`` function with the OpenAPI dialect rules.

Ported from ``oasSchema.js``: OpenAPI 3.1/3.2 schemas are JSON Schema 2020-12 (or the
document's ``jsonSchemaDialect``); OpenAPI 2.0/3.0 schemas are validated as draft 4, with
``x-nullable`` read as ``nullable`` (2.0) and ``,null`` added to the message of a type error
in a ``nullable`` schema (Spectral does not let ``nullable`` accept null; it only says so).
Like ``schema``: errors stop at the first one (Ajv without ``allErrors``), worded by
better-ajv-errors, and a ``$ref`` left in a resolved document's schema silences the check.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._js import document_root, print_property, target_exists

SCHEMA = {
    "type": "object",
    "properties": {"schema": {"type": "object"}},
    "additionalProperties": False,
}

# Validators per schema object (the schema is kept to guard the id), a run's worth at most:
# each entry keeps its schema alive, and a run of many specs would keep them all.
_CACHE_LIMIT = 20_000
_compiled: dict[tuple[int, str, bool], tuple[Any, Any]] = {}
# jsonschema-rs validators per (schema object, dialect), None where it cannot judge alone.
_fast: dict[tuple[int, str], tuple[Any, Any]] = {}


def _per_schema(cache: dict[Any, tuple[Any, Any]], key: Any, schema: Any,
                build: Callable[[], Any]) -> Any:
    hit = cache.get(key)
    if hit is None or hit[0] is not schema:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        hit = cache[key] = (schema, build())
    return hit[1]


def compiled(schema: Any, dialect: str, meta: bool = True) -> Any:
    """The validator for ``schema``, or the ``SchemaProblem`` compiling it raised (cached);
    ``meta=False``: without the meta-schema check (see ``compile_validator``)."""
    from govlint.functions.core._jsonschema import SchemaProblem, compile_validator

    def build() -> Any:
        try:
            missing = first_missing_ref(schema)
            if missing is not None:
                # Ajv resolves every $ref when it compiles: one it cannot find fails the
                # whole schema, whether or not the value reaches it.
                raise SchemaProblem(
                    f"can't resolve reference {missing} from id #", unresolved_ref=True
                )
            return compile_validator(schema, dialect, meta)
        except SchemaProblem as problem:
            return problem
        except Exception as exc:  # e.g. a pattern no JS engine would take
            return SchemaProblem(str(exc))

    return _per_schema(_compiled, (id(schema), dialect, meta), schema, build)


def fast_valid(schema: Any, dialect: str, target: Any) -> bool:
    """Whether jsonschema-rs alone can call ``target`` valid (then jsonschema need not walk
    it: the verdict is the same, see ``_jsonschema.fast_user_validator``)."""
    from govlint.functions.core._jsonschema import (
        fast_is_valid,
        fast_user_validator,
        has_non_finite,
    )

    validator = _per_schema(_fast, (id(schema), dialect), schema,
                            lambda: fast_user_validator(schema, dialect))
    return fast_is_valid(validator, target) and not has_non_finite(target)


def first_missing_ref(schema: Any) -> str | None:
    """The first ``$ref`` of ``schema`` that does not point inside it (e.g. a cycle a
    resolved document keeps as ``{"$ref": ...}``), or None."""
    from govlint.findings.model import path_from_pointer
    from govlint.functions.core._js import path_exists
    from govlint.functions.core._jsonschema import schema_objects

    for node in schema_objects(schema):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith("#"):
                return ref
            try:
                target = path_from_pointer(ref)
            except ValueError:  # a malformed pointer cannot resolve either
                return ref
            if not path_exists(schema, target):
                return ref
    return None


def oas_dialect(context: FunctionContext) -> str:
    """The dialect Spectral's ``oasSchema`` validates with for this document."""
    from govlint.functions.core._jsonschema import detect_dialect

    document = context.document
    formats = document.formats if document is not None else None
    if formats is None:
        return "auto"
    if "oas3_1" in formats or "oas3_2" in formats:
        data = document_root(context)
        declared = data.get("jsonSchemaDialect") if isinstance(data, Mapping) else None
        if isinstance(declared, str):
            return detect_dialect({"$schema": declared}) or "draft2020-12"
        return "draft2020-12"
    return "draft4"


def _oas2_nullable(schema: Any) -> Any:
    """A copy of ``schema`` with ``x-nullable: true`` turned into ``nullable: true``."""
    if isinstance(schema, Mapping):
        out = {k: _oas2_nullable(v) for k, v in schema.items() if k != "x-nullable"}
        if schema.get("x-nullable") is True:
            out["nullable"] = True
        elif "x-nullable" in schema:
            out["x-nullable"] = _oas2_nullable(schema["x-nullable"])
        return out
    if isinstance(schema, list):
        return [_oas2_nullable(v) for v in schema]
    return schema


_oas2_copies: dict[int, tuple[Any, Any]] = {}


def _oas2_schema(schema: Any) -> Any:
    return _per_schema(_oas2_copies, id(schema), schema, lambda: _oas2_nullable(schema))


def rewrite_nullable(errors: list[Any]) -> None:
    """Spectral's ``rewriteNullable``: ``must be string,null`` in a ``nullable`` schema."""
    for error in errors:
        schema = error.schema
        nullable = isinstance(schema, Mapping) and schema.get("nullable") is True
        if error.keyword == "type" and nullable:
            error.message += ",null"


def check(
    target: Any,
    schema: Any,
    dialect: str,
    context: FunctionContext,
    prepare: Callable[[list[Any]], None] | None = None,
    meta: bool = True,
) -> list[Result]:
    """Spectral's core ``schema`` function (``allErrors`` off) with a ``prepareResults``."""
    from govlint.functions.core._jsonschema import SchemaProblem, describe, validate

    path = tuple(context.path)
    if not target_exists(target, context):
        return [Result(f"{print_property(document_root(context), path)}must exist", path=path)]
    validator = compiled(schema, dialect, meta)
    try:
        if isinstance(validator, SchemaProblem):
            raise validator
        if fast_valid(schema, dialect, target):
            return []
        errors = validate(validator, target, False)
    except SchemaProblem as problem:
        if problem.unresolved_ref and getattr(context.rule, "resolved", True) is not False:
            return []
        return [Result(str(problem), path=path)]
    except RecursionError as exc:
        # nested deeper than Python's stack lets jsonschema walk: said here, as a schema
        # problem, not a function-error (as when the meta-schema check hit it)
        return [Result(str(exc), path=path)]
    if not errors:
        return []
    if prepare is not None:
        prepare(errors)
    results: dict[tuple[str, tuple[Any, ...]], Result] = {}
    for message, sub in describe(errors, target, path):
        full = (*path, *sub)
        results.setdefault((message, full), Result(message, path=full))
    return list(results.values())


def run_oas_schema(
    target: Any, schema: Any, context: FunctionContext, path: Any = None, meta: bool = True
) -> list[Result]:
    """``oasSchema`` on ``target`` (at ``path``, default: the context's path); ``meta``:
    whether an invalid schema is reported (Ajv does so the first time it sees it)."""
    if path is not None:
        context = dataclasses.replace(context, path=tuple(path))
    dialect = oas_dialect(context)
    formats = context.document.formats if context.document is not None else frozenset()
    prepare = None
    if "oas3_1" in formats or "oas3_2" in formats:
        pass
    elif "oas3_0" in formats:
        prepare = rewrite_nullable
    elif "oas2" in formats:
        schema = _oas2_schema(schema)
        prepare = rewrite_nullable
    return check(target, schema, dialect, context, prepare, meta)


@rule_function("oasSchema", schema=SCHEMA)
def oas_schema(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    return run_oas_schema(target, options.get("schema"), context) or None


FUNCTIONS = collect(oas_schema)
