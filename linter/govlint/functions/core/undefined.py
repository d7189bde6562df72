"""``undefined``: the target must not exist (a null value is defined, so it fails)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core._js import document_root, print_property, target_exists
from govlint.functions.core._options import no_options


@rule_function("undefined", schema=no_options("undefined"))
def undefined(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not target_exists(target, context):
        return None
    prefix = print_property(document_root(context), tuple(context.path))
    return [Result(f"{prefix}must be undefined")]
