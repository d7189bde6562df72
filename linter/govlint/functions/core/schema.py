"""``schema``: the target must validate against a JSON Schema (Spectral's messages and paths)."""

from __future__ import annotations

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
