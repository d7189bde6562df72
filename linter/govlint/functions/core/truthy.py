"""``truthy``: the target must be JS-truthy (a missing field fails)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core._js import document_root, js_truthy, print_property
from govlint.functions.core._options import no_options


@rule_function("truthy", schema=no_options("truthy"))
def truthy(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if js_truthy(target):
        return None
    prefix = print_property(document_root(context), tuple(context.path))
    return [Result(f"{prefix}must be truthy")]
