"""Validating ``functionOptions`` against a function's schema, with Spectral's messages.

Spectral validates options with Ajv (``allErrors``) plus ``ajv-errors``: a schema node's
``errorMessage`` (a string, or ``{keyword: message}``) replaces the errors raised under it;
other errors are worded by ``RulesetFunctionValidationError``
(``"casing" function does not support "foo" option``). :func:`option_errors` does the same
for any govlint function schema, and also checks strings marked ``"x-js-regex": true``
compile as JS regexes, so a broken ``pattern`` rule fails when the ruleset loads.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from govlint.functions.core._js import print_path_dot, print_value

REGEX_KEYWORD = "x-js-regex"


def no_options(name: str) -> dict[str, Any]:
    """Schema for a function that takes no options (Spectral: only ``null`` is accepted)."""
    return {"type": "null", "errorMessage": f'"{name}" function does not accept any options'}


def _js_regex(validator: Any, enabled: Any, instance: Any, schema: Any) -> Iterator[Any]:
    from govlint.functions.core._jsonschema import _error
    from govlint.functions.core._regex import JsRegexError, compile_js_regex

    if enabled and isinstance(instance, str):
        try:
            compile_js_regex(instance)
        except JsRegexError as exc:
            yield _error(str(exc))


@functools.cache
def _validator_class() -> Any:
    from jsonschema import validators

    from govlint.functions.core._jsonschema import validator_class

    return validators.extend(validator_class("draft7"), {REGEX_KEYWORD: _js_regex})


_VALIDATORS: dict[int, tuple[Any, Any]] = {}


def _validator(schema: Any) -> Any:
    """One compiled validator per schema object (schemas live as long as the process)."""
    hit = _VALIDATORS.get(id(schema))
    if hit is None or hit[0] is not schema:
        from govlint.functions.core._jsonschema import format_checker

        hit = (schema, _validator_class()(schema, format_checker=format_checker()))
        _VALIDATORS[id(schema)] = hit
    return hit[1]


_INSTANCE_STEP = frozenset(
    {"properties", "patternProperties", "additionalProperties", "items", "additionalItems",
     "prefixItems", "unevaluatedProperties", "unevaluatedItems"}
)  # fmt: skip
_KEYED = frozenset({"properties", "patternProperties", "definitions", "$defs", "dependencies"})
_LISTED = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})


def _schema_chain(root: Any, segments: Sequence[Any]) -> list[tuple[Any, int]]:
    """Schema nodes from ``root`` down to the failing keyword, each with its instance depth."""
    chain = [(root, 0)]
    node, depth, i = root, 0, 0
    while i < len(segments) - 1 and isinstance(node, Mapping):
        keyword = segments[i]
        child = node.get(keyword)
        step = 1 if keyword in _INSTANCE_STEP else 0
        if keyword in _KEYED and isinstance(child, Mapping):
            node, i = child.get(segments[i + 1]), i + 2
        elif keyword in _LISTED and isinstance(child, list):
            index = segments[i + 1]
            node, i = (child[index] if isinstance(index, int) else None), i + 2
        else:
            node, i = child, i + 1
        depth += step
        chain.append((node, depth))
    return chain


def _dot(path: Sequence[Any]) -> str:
    # Ajv hands Spectral a string instance path, so every segment is a string here.
    return print_path_dot([str(p) for p in path])


def _word(function: str, keyword: str, path: tuple[Any, ...], message: str, params: dict) -> str:
    if keyword == "type":
        wanted = params.get("type")
        shown = ", ".join(wanted) if isinstance(wanted, list) else str(wanted)
        return (
            f'"{function}" function and its "{_dot(path or ("",))}" option accepts only the '
            f"following types: {shown}"
        )
    if keyword == "required":
        missing = params["missingProperty"]
        where = _dot((*path, missing)) if path else missing
        return f'"{function}" function is missing "{where}" option'
    if keyword == "additionalProperties":
        extra = params["additionalProperty"]
        where = _dot((*path, extra)) if path else extra
        return f'"{function}" function does not support "{where}" option'
    if keyword == "enum":
        shown = ", ".join(print_value(v) for v in params.get("allowedValues", []))
        return (
            f'"{function}" function and its "{_dot(path or ("",))}" option accepts only the '
            f"following values: {shown}"
        )
    return message


def option_errors(function: str, schema: Mapping[str, Any] | None, options: Any) -> list[str]:
    """Spectral's messages for ``options`` that do not fit ``schema`` (empty when they fit).

    ``schema=None`` means the function validates nothing. The rules engine reports these as
    a broken ruleset, naming the rule.
    """
    if schema is None:
        return []
    from govlint.functions.core._jsonschema import ajv_message, rank_errors

    validator = _validator(schema)
    errors = rank_errors(list(validator.iter_errors(options)), schema)
    messages: list[str] = []
    replaced: set[tuple[int, tuple[Any, ...], str]] = set()
    for err in errors:
        path = tuple(err.absolute_path)
        if err.validator == REGEX_KEYWORD:
            messages.append(f'"{function}" function and its "{_dot(path)}" option: {err.message}')
            continue
        custom = _custom_message(schema, err, path)
        if custom is not None:
            node_id, at, text = custom
            if (node_id, at, text) not in replaced:
                replaced.add((node_id, at, text))
                messages.append(text)
            continue
        keyword, message, params = ajv_message(err)
        messages.append(_word(function, keyword, path, message, params))
    return messages


def _custom_message(
    schema: Mapping[str, Any], err: Any, path: tuple[Any, ...]
) -> tuple[int, tuple[Any, ...], str] | None:
    """The ``errorMessage`` (ajv-errors) that replaces ``err``, innermost first."""
    chain = _schema_chain(schema, list(err.relative_schema_path))
    for position in range(len(chain) - 1, -1, -1):
        node, depth = chain[position]
        custom = node.get("errorMessage") if isinstance(node, Mapping) else None
        if isinstance(custom, str):
            return id(node), path[:depth], custom
        direct = position == len(chain) - 1
        if isinstance(custom, Mapping) and direct and err.validator in custom:
            return id(node), path[:depth], str(custom[err.validator])
    return None
