"""``casing``: a string must be flat, camel, pascal, kebab, cobol, snake or macro case."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, rule_function

CASING_TYPES = ("flat", "camel", "pascal", "kebab", "cobol", "snake", "macro")

# ``{D}`` is where digits go unless ``disallowDigits``. Spectral's camel and pascal,
# ``[a-z][a-z{D}]*(?:[A-Z{D}](?:[a-z{D}]+|$))*``, backtrack exponentially on a run of
# digits (``a1111…1!``): the same language written so that every character has one way to
# match (an upper-case letter is followed by a lower-case letter or digit, or ends the
# string; a digit is part of a lower-case run). tests/functions/core compare both.
_CASES = {
    "flat": "[a-z][a-z{D}]*",
    "camel": "[a-z][a-z{D}]*(?:[A-Z][a-z{D}]+)*[A-Z]?",
    "pascal": "[A-Z][a-z{D}]*(?:[A-Z][a-z{D}]+)*[A-Z]?",
    "kebab": "[a-z][a-z{D}]*(?:-[a-z{D}]+)*",
    "cobol": "[A-Z][A-Z{D}]*(?:-[A-Z{D}]+)*",
    "snake": "[a-z][a-z{D}]*(?:_[a-z{D}]+)*",
    "macro": "[A-Z][A-Z{D}]*(?:_[A-Z{D}]+)*",
}

SCHEMA = {
    "type": "object",
    "required": ["type"],
    "properties": {
        "type": {
            "type": "string",
            "enum": list(CASING_TYPES),
            "errorMessage": '"casing" function and its "type" option accept the following '
            f"values: {', '.join(CASING_TYPES)}",
        },
        "disallowDigits": {"type": "boolean", "default": False},
        "separator": {
            "type": "object",
            "required": ["char"],
            "additionalProperties": False,
            "properties": {
                "char": {
                    "type": "string",
                    "maxLength": 1,
                    "errorMessage": '"casing" function and its "separator.char" option accepts '
                    'only char, i.e. "I" or "/"',
                },
                "allowLeading": {"type": "boolean"},
            },
        },
    },
    "additionalProperties": False,
    "errorMessage": {
        "type": '"casing" function has invalid options specified. Example valid options: '
        '{ "type": "camel" }, { "type": "pascal", "disallowDigits": true }',
    },
}


@functools.lru_cache(maxsize=256)
def _validator(kind: str, digits: bool, char: str | None, leading: bool) -> Any:
    word = _CASES[kind].replace("{D}", "0-9" if digits else "")
    if char is None:
        return re.compile(rf"(?:{word})\Z")
    sep = f"[{re.escape(char)}]" if char else "(?!)"  # JS "[]" matches nothing
    # A separator that is also a word character (``char: "1"``) makes words ambiguous:
    # evaluated with a time budget (function-error when it runs out).
    from govlint.functions.core._regex import bounded

    return bounded(re.compile(rf"{sep + '?' if leading else ''}(?:{word})(?:{sep}(?:{word}))*\Z"))


@rule_function("casing", schema=SCHEMA)
def casing(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not isinstance(target, str) or target == "":
        return None
    kind = options["type"]
    separator = options.get("separator")
    if separator is None:  # most rules: and no ABC isinstance check per value
        char, leading = None, False
    else:
        char = separator.get("char") if isinstance(separator, Mapping) else None
        leading = isinstance(separator, Mapping) and separator.get("allowLeading") is True
    if leading and target == char:
        return None
    pattern = _validator(kind, options.get("disallowDigits") is not True, char, leading)
    if pattern.match(target):
        return None
    return [Result(f"must be {kind} case")]
