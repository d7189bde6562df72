"""``oasOpIdUnique``: no two operations may share an ``operationId`` (each repeat after
the first is reported at its ``operationId``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._js import js_same_value_zero
from govlint.functions.core._options import no_options
from govlint.functions.oas._util import get_all_operations


def _seen(value: Any, seen: list[Any], primitives: set[Any]) -> bool:
    """``seen.includes(value)``: objects by identity, primitives by SameValueZero."""
    if isinstance(value, (Mapping, list)):
        return any(v is value for v in seen)
    if isinstance(value, str):
        return value in primitives
    return any(not isinstance(v, (Mapping, list)) and js_same_value_zero(v, value) for v in seen)


@rule_function("oasOpIdUnique", schema=no_options("oasOpIdUnique"))
def oas_op_id_unique(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not isinstance(target, Mapping):
        return None
    results: list[Result] = []
    seen: list[Any] = []
    strings: set[Any] = set()
    for path, method, operation in get_all_operations(target):
        if "operationId" not in operation:
            continue
        operation_id = operation["operationId"]
        if _seen(operation_id, seen, strings):
            results.append(Result(
                "operationId must be unique.", path=("paths", path, method, "operationId")
            ))
        else:
            seen.append(operation_id)
            if isinstance(operation_id, str):
                strings.add(operation_id)
    return results or None


FUNCTIONS = collect(oas_op_id_unique)
