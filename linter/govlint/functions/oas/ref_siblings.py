"""``refSiblings`` (OpenAPI 2 / 3.0): an object with ``$ref`` has no other keys; each
sibling is reported. The rule's ``given`` matches the ``$ref`` members (unresolved)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._js import key_str
from govlint.functions.core._options import no_options


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    """``getParentValue``: the value holding the last key of ``path`` (None when lost)."""
    if not path:
        return None
    node = data
    for key in path[:-1]:
        if isinstance(node, Mapping):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node


@rule_function("refSiblings", schema=no_options("refSiblings"))
def ref_siblings(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    path = tuple(context.path)
    data = context.document.data if context.document is not None else context.document_data
    parent = _parent(data, path)
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
