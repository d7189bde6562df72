"""``refSiblings`` (OpenAPI 2 / 3.0): an object with ``$ref`` has no other keys; each
sibling is reported. The rule's ``given`` matches the ``$ref`` members (unresolved)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._js import get_path, key_str
from govlint.functions.core._options import no_options


@rule_function("refSiblings", schema=no_options("refSiblings"))
def ref_siblings(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    path = tuple(context.path)
    data = context.document.data if context.document is not None else context.document_data
    parent = get_path(data, path[:-1]) if path else None  # Spectral's getParentValue
    if not isinstance(parent, Mapping) or len(parent) == 1:
        return None
    results = [
        Result("$ref must not be placed next to any other properties",
               path=(*path[:-1], key_str(key)))
        for key in parent
        if key != "$ref"
    ]
    return results or None


FUNCTIONS = collect(ref_siblings)
