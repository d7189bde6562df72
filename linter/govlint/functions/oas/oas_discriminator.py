"""``oasDiscriminator`` (OpenAPI 2): a schema's ``discriminator`` names one of its
``properties`` and is ``required``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._js import key_str
from govlint.functions.core._options import no_options


@rule_function("oasDiscriminator", schema=no_options("oasDiscriminator"))
def oas_discriminator(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    # Spectral's input schema: an object whose ``discriminator`` is a string.
    if not isinstance(target, Mapping) or not isinstance(target.get("discriminator"), str):
        return None
    name = target["discriminator"]
    path = tuple(context.path)
    results: list[Result] = []
    properties = target.get("properties")
    if isinstance(properties, Mapping):
        keys = [key_str(k) for k in properties]
    elif isinstance(properties, list):
        keys = [str(i) for i in range(len(properties))]  # Object.keys of an array
    else:
        keys = []
    if name not in keys:
        results.append(Result("The discriminator property must be defined in this schema.",
                              path=(*path, "properties")))
    required = target.get("required")
    if not isinstance(required, list) or name not in [r for r in required if isinstance(r, str)]:
        results.append(Result("The discriminator property must be in the required property list.",
                              path=(*path, "required")))
    return results or None


FUNCTIONS = collect(oas_discriminator)
