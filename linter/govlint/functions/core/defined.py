"""``defined``: the target must exist (a null value counts as defined)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core._js import document_root, print_property, target_exists
from govlint.functions.core._options import no_options


@rule_function("defined", schema=no_options("defined"))
def defined(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if target_exists(target, context):
        return None
    prefix = print_property(document_root(context), tuple(context.path))
    return [Result(f"{prefix}must be defined")]
