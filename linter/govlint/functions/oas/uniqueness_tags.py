"""``uniquenessTags``: the global ``tags`` have unique names; each repeat is reported at its
``name``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._options import no_options


def _valid_input(target: Any) -> bool:
    """Spectral's input schema: an array of objects with a string ``name``."""
    return isinstance(target, list) and all(
        isinstance(t, Mapping) and isinstance(t.get("name"), str) for t in target
    )


@rule_function("uniquenessTags", schema=no_options("uniquenessTags"))
def uniqueness_tags(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not _valid_input(target):
        return None
    path = tuple(context.path)
    seen: set[str] = set()
    results: list[Result] = []
    for index, tag in enumerate(target):
        name = tag["name"]
        if name in seen:
            results.append(Result(f'"tags" object contains duplicate tag name "{name}".',
                                  path=(*path, index, "name")))
        seen.add(name)
    return results or None


FUNCTIONS = collect(uniqueness_tags)
