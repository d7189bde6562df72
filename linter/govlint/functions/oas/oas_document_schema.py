"""``oasDocumentSchema``: the whole document must validate against its OpenAPI schema.

Ported from ``@stoplight/spectral-rulesets`` (``oasDocumentSchema.js``): Ajv errors with
``allErrors`` (``errorMessage`` entries applied), ``if`` errors dropped, each error worded by
``processError`` (``"x" property must be string``, ``Property "x" is not expected to be
here``, enum values listed with a "Did you mean" suggestion) at its instance path.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._js import get_path, json_stringify


def _stringify(value: Any) -> str:
    if isinstance(value, (Mapping, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return json_stringify(value)


def clean_message(prop: str | None, message: str) -> str:
    """Spectral's ``cleanAjvMessage``: double quotes, ``not`` for ``NOT``, property prefix."""
    cleaned = message.replace("'", '"').replace("NOT", "not")
    return cleaned if prop is None else f'"{prop}" property {cleaned}'


def best_match(value: str, allowed: list[Any]) -> str | None:
    """Spectral's ``findBestMatch``: the closest allowed string, if close enough."""
    from govlint.functions.core._jsonschema import _leven

    weighted = [(_leven(value, v), v) for v in allowed if isinstance(v, str)]
    if not weighted:
        return None
    weight, best = min(weighted, key=lambda pair: pair[0])
    return best if len(allowed) == 1 or weight < len(best) else None


def process_errors(errors: list[Any], data: Any) -> list[tuple[str, tuple[Any, ...]]]:
    """Spectral's ``processError`` over Ajv errors: (message, path) per relevant error."""
    out: list[tuple[str, tuple[Any, ...]]] = []
    for error in errors:
        if error.keyword == "if":
            continue
        path = tuple(error.path)
        prop = str(path[-1]) if path else None
        if error.keyword == "additionalProperties":
            extra = error.params.get("additionalProperty")
            path = (*path, extra)
            message = f'Property "{extra}" is not expected to be here'
        elif error.keyword == "enum":
            allowed = list(error.params.get("allowedValues") or [])
            printed = ", ".join(_stringify(v) for v in allowed)
            suggestion = ""
            value = get_path(data, path) if isinstance(data, Mapping) else None
            if isinstance(value, str):
                best = best_match(value, allowed)
                if best is not None:
                    suggestion = f'. Did you mean "{best}"?'
            message = f"{clean_message(prop, error.message)}: {printed}{suggestion}"
        elif error.keyword == "errorMessage":
            message = str(error.message)
        else:
            message = clean_message(prop, error.message)
        out.append((message, path))
    return out


@rule_function("oasDocumentSchema")
def oas_document_schema(
    target: Any, options: Any, context: FunctionContext
) -> list[Result] | None:
    from govlint.functions.core._jsonschema import fast_is_valid, validate
    from govlint.functions.oas._schemas import (
        document_validator,
        fast_document_validator,
        schema_name,
    )

    document = context.document
    if document is None:
        return None
    name = schema_name(document.formats)
    if fast_is_valid(fast_document_validator(name), target):
        return None  # most documents are valid: jsonschema's walk only words errors
    validator = document_validator(name)
    errors = validate(validator, target, True)
    if not errors:
        return None
    base = tuple(context.path)
    results: dict[tuple[str, tuple[Any, ...]], Result] = {}
    for message, path in process_errors(errors, target):
        full = (*base, *path)
        results.setdefault((message, full), Result(message, path=full))
    return list(results.values())


FUNCTIONS = collect(oas_document_schema)
