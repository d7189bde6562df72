"""``falsy``: the target must be JS-falsy (missing, null, false, 0, ``""``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core._js import document_root, js_truthy, print_property
from govlint.functions.core._options import no_options


@rule_function("falsy", schema=no_options("falsy"))
def falsy(target: Any, options: Mapping[str, Any], context: FunctionContext) -> list[Result] | None:
    if not js_truthy(target):
        return None
    prefix = print_property(document_root(context), tuple(context.path))
    return [Result(f"{prefix}must be falsy")]
