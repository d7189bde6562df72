"""``pattern``: a string must match ``match`` and/or must not match ``notMatch`` (JS regexes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.errors import GovlintError
from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core._js import json_stringify, print_value_at
from govlint.functions.core._regex import JsRegexError, compile_js_regex

_EXAMPLES = (
    '"pattern" function has invalid options specified. Example valid options: '
    '{ "match": "^Stoplight" }, { "notMatch": "Swagger" }, '
    '{ "match": "Stoplight", "notMatch": "Swagger" }'
)
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "match": {
            "type": "string",
            "x-js-regex": True,
            "errorMessage": '"pattern" function and its "match" option must be string or '
            "RegExp instance",
        },
        "notMatch": {
            "type": "string",
            "x-js-regex": True,
            "errorMessage": '"pattern" function and its "notMatch" option must be string or '
            "RegExp instance",
        },
    },
    "minProperties": 1,
    "errorMessage": {"type": _EXAMPLES, "minProperties": _EXAMPLES},
}


def _test(regex: str, value: str, context: FunctionContext) -> bool:
    try:
        return compile_js_regex(regex).test(value)
    except JsRegexError as exc:
        # Only reached when the engine did not check options with ``option_errors``.
        rule = getattr(context.rule, "name", None)
        raise GovlintError(f"{f'rule {rule!r}: ' if rule else ''}pattern: {exc}") from None


@rule_function("pattern", schema=SCHEMA)
def pattern(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not isinstance(target, str):
        return None
    results: list[Result] = []
    match = options.get("match")
    if match is not None and not _test(match, target, context):
        shown = print_value_at(target, context)
        results.append(Result(f"{shown} must match the pattern {json_stringify(match)}"))
    not_match = options.get("notMatch")
    if not_match is not None and _test(not_match, target, context):
        shown = print_value_at(target, context)
        results.append(Result(f"{shown} must not match the pattern {json_stringify(not_match)}"))
    return results or None
