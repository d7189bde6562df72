"""``oasTagDefined``: every tag an operation uses is declared in the global ``tags``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._options import no_options
from govlint.functions.oas._util import get_all_operations


@rule_function("oasTagDefined", schema=no_options("oasTagDefined"))
def oas_tag_defined(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not isinstance(target, Mapping):
        return None
    declared = target.get("tags")
    names = {
        tag["name"] for tag in declared
        if isinstance(tag, Mapping) and isinstance(tag.get("name"), str)
    } if isinstance(declared, list) else set()
    results = [
        Result("Operation tags must be defined in global tags.",
               path=("paths", path, method, "tags", index))
        for path, method, operation in get_all_operations(target.get("paths"))
        if isinstance(operation.get("tags"), list)
        for index, tag in enumerate(operation["tags"])
        if not (isinstance(tag, str) and tag in names)
    ]
    return results or None


FUNCTIONS = collect(oas_tag_defined)
