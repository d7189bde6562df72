"""``oasPathParam``: path templates and path parameters agree. Paths must not be
equivalent or repeat a parameter; every ``{param}`` is declared (on the path item or the
operation) and every declared path parameter is used and ``required: true``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from govlint.findings.model import Path
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._js import key_str
from govlint.functions.core._options import no_options
from govlint.functions.oas._util import OPERATION_KEYS, js_in, js_string

_PATH_PARAM = re.compile(r"(\{;?\??[a-zA-Z0-9_-]+\*?\})")
_DECORATION = re.compile(r"[{}?*;]")


def _declare(
    param: Any, path: Path, results: list[Result], seen: dict[str, Path]
) -> None:
    """``isUnknownNamedPathParam``: record a named path parameter, reporting a missing
    ``required: true`` and a second definition of the same name."""
    if not isinstance(param, Mapping) or param.get("in") != "path" or "name" not in param:
        return
    name = js_string(param["name"])
    if param.get("required") is not True:
        results.append(Result(
            f'Path parameter "{name}" must have "required" property that is set to "true".',
            path=path,
        ))
    if js_in(name, seen):
        results.append(Result(f'Path parameter "{name}" must not be defined multiple times.',
                              path=path))
        return
    seen[name] = path


def _check_operation(
    path: str, elements: list[str], top: dict[str, Path], parameters: Any,
    operation_path: Path, results: list[Result],
) -> None:
    own: dict[str, Path] = {}
    if isinstance(parameters, list):
        for index, param in enumerate(parameters):
            _declare(param, (*operation_path, "parameters", index), results, own)
    defined = {**top, **own}
    for name, where in defined.items():
        if name not in elements:
            results.append(Result(f'Parameter "{name}" must be used in path "{path}".',
                                  path=where))
    for name in elements:
        if not js_in(name, defined):
            results.append(Result(
                f'Operation must define parameter "{{{name}}}" as expected by path "{path}".',
                path=operation_path,
            ))


@rule_function("oasPathParam", schema=no_options("oasPathParam"))
def oas_path_param(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not isinstance(target, Mapping):
        return None
    results: list[Result] = []
    unique: dict[str, str] = {}
    for raw_key, item in target.items():
        if not isinstance(item, (Mapping, list)):
            continue
        path = key_str(raw_key)
        normalized = _PATH_PARAM.sub("%", path)
        if normalized in unique:
            results.append(Result(
                f'Paths "{unique[normalized]}" and "{path}" must not be equivalent.',
                path=("paths", path),
            ))
        else:
            unique[normalized] = path
        elements: list[str] = []
        for match in _PATH_PARAM.finditer(path):
            name = _DECORATION.sub("", match.group(0))
            if name in elements:
                results.append(Result(
                    f'Path "{path}" must not use parameter "{{{name}}}" multiple times.',
                    path=("paths", path),
                ))
            else:
                elements.append(name)
        if not isinstance(item, Mapping):
            continue  # an array: no parameters, no operations
        top: dict[str, Path] = {}
        if isinstance(item.get("parameters"), list):
            for index, param in enumerate(item["parameters"]):
                _declare(param, ("paths", path, "parameters", index), results, top)
        for method, operation in item.items():
            if method not in OPERATION_KEYS or not isinstance(operation, (Mapping, list)):
                continue
            parameters = operation.get("parameters") if isinstance(operation, Mapping) else None
            _check_operation(path, elements, top, parameters, ("paths", path, method), results)
    return results or None


FUNCTIONS = collect(oas_path_param)
