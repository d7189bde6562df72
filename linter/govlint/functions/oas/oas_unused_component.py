"""``oasUnusedComponent``: every reusable component (schemas, responses, parameters,
examples, requestBodies, headers, links, callbacks) is the target of some local ``$ref``.
``unreferencedReusableObject`` per component type, sharing its per-document scan."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._options import no_options
from govlint.functions.core.unreferenced_reusable_object import unreferenced_reusable_object

_TYPES = ("schemas", "responses", "parameters", "examples", "requestBodies", "headers",
          "links", "callbacks")


@rule_function("oasUnusedComponent", schema=no_options("oasUnusedComponent"))
def oas_unused_component(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not isinstance(target, Mapping) or not isinstance(target.get("components"), Mapping):
        return None
    results: list[Result] = []
    for kind in _TYPES:
        value = target["components"].get(kind)
        if isinstance(value, Mapping):  # arrays fail unreferencedReusableObject's input
            found = unreferenced_reusable_object(
                value, {"reusableObjectsLocation": f"#/components/{kind}"}, context
            )
            results.extend(found or ())
    return results or None


FUNCTIONS = collect(oas_unused_component)
