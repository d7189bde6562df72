"""``length``: a string's/array's/object's length (or a number itself) within ``min``/``max``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core._js import document_root, is_number, print_property, print_value

SCHEMA = {
    "type": "object",
    "properties": {"min": {"type": "number"}, "max": {"type": "number"}},
    "minProperties": 1,
    "additionalProperties": False,
    "errorMessage": {
        "type": '"length" function has invalid options specified. Example valid options: '
        '{ "min": 2 }, { "max": 5 }, { "min": 0, "max": 10 }',
    },
}


def _js_length(text: str) -> int:
    """``String.prototype.length`` counts UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


@rule_function("length", schema=SCHEMA)
def length(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if isinstance(target, (Mapping, list)):
        value: float = len(target)
    elif isinstance(target, str):
        value = _js_length(target)
    elif is_number(target):
        value = target
    else:
        return None
    problems: list[str] = []
    low, high = options.get("min"), options.get("max")
    if low is not None and value < low:
        problems.append(f"must be longer than {print_value(low)}")
    if high is not None and value > high:
        problems.append(f"must be shorter than {print_value(high)}")
    if not problems:
        return None
    prefix = print_property(document_root(context), tuple(context.path))
    return [Result(prefix + problem) for problem in problems]
