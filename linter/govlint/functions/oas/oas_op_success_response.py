"""``oasOpSuccessResponse``: an operation's ``responses`` must hold a 2xx or 3xx code
(``2XX`` / ``3XX`` count in OpenAPI 3)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._js import js_to_number, key_str
from govlint.functions.core._options import no_options


@rule_function("oasOpSuccessResponse", schema=no_options("oasOpSuccessResponse"))
def oas_op_success_response(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not isinstance(target, Mapping):  # Spectral's input schema: an object
        return None
    oas3 = context.document is not None and "oas3" in context.document.formats
    for key in target:
        code = key_str(key)
        if oas3 and code in ("2XX", "3XX"):
            return None
        if 200 <= js_to_number(code) < 400:
            return None
    return [Result("Operation must define at least a single 2xx or 3xx response")]


FUNCTIONS = collect(oas_op_success_response)
