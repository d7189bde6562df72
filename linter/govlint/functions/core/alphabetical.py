"""``alphabetical``: an array's items, or an object's keys, must be in ascending order."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core._js import (
    document_root,
    is_number,
    js_to_number,
    key_str,
    locale_compare,
    print_property,
    print_value,
)

SCHEMA = {
    "type": ["object", "null"],
    "properties": {"keyedBy": {"type": "string"}},
    "additionalProperties": False,
    "errorMessage": {
        "type": '"alphabetical" function has invalid options specified. Example valid options: '
        'null (no options), { "keyedBy": "my-key" }',
    },
}


def _compare(a: Any, b: Any) -> float:
    """Spectral's comparator: numbers numerically, strings by ``localeCompare``.

    Its numeric test is lopsided (``a`` may be any non-numeric string), so a non-numeric
    string before a number compares as NaN, i.e. "in order"; kept as is.
    """
    a_num, b_num = js_to_number(a), js_to_number(b)
    if (is_number(a) or math.isnan(a_num)) and (is_number(b) or not math.isnan(b_num)):
        diff = a_num - b_num
        return math.nan if math.isnan(diff) else max(-1.0, min(1.0, diff))
    if not isinstance(a, str) or not isinstance(b, str):
        return 0
    return locale_compare(a, b)


def _first_unsorted(items: list[Any]) -> int | None:
    for index in range(len(items) - 1):
        if _compare(items[index], items[index + 1]) >= 1:
            return index
    return None


@rule_function("alphabetical", schema=SCHEMA)
def alphabetical(
    target: Any, options: Mapping[str, Any] | None, context: FunctionContext
) -> list[Result] | None:
    if isinstance(target, list):
        keys: list[Any] = target
        items: list[Any] = list(target)
    elif isinstance(target, Mapping):
        keys = list(target)
        items = [key_str(k) for k in keys]
    else:
        return None
    if len(items) < 2:
        return None
    keyed_by = options.get("keyedBy") if options else None
    path = tuple(context.path)
    if keyed_by is not None:
        if not all(isinstance(item, (Mapping, list)) for item in items):
            prefix = print_property(document_root(context), path)
            return [Result(f"{prefix}must be an object")]
        items = [item.get(keyed_by) if isinstance(item, Mapping) else None for item in items]
    if not all(isinstance(item, str) or is_number(item) for item in items):
        prefix = print_property(document_root(context), path)
        return [Result(f"{prefix}must be one of the allowed types: number, string")]
    index = _first_unsorted(items)
    if index is None:
        return None
    if keyed_by is not None:
        return [Result("properties must follow the alphabetical order")]
    where = index if isinstance(target, list) else keys[index]
    message = f"{print_value(items[index])} must be placed after {print_value(items[index + 1])}"
    return [Result(message, path=(*path, where))]
