"""Trace-header rules over OpenAPI documents (TRC-001, TRC-002).

Header names are compared case-insensitively (HTTP header names are), and a parameter
counts wherever OpenAPI lets it apply: on the operation, on its path item, inline or by
``$ref`` to ``components/parameters`` (``#/parameters`` in OpenAPI 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance import _openapi as oas
from govlint.functions.governance._infra import INFRA_PATHS_SCHEMA, infra_paths, is_infra
from govlint.functions.governance._options import HEADERS

_TRACE_HEADER_DECLARED = {
    **HEADERS, "properties": {**HEADERS["properties"], "infraPaths": INFRA_PATHS_SCHEMA},
}


@rule_function("traceHeaderDeclared", schema=_TRACE_HEADER_DECLARED)
def trace_header_declared(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    headers = {h.lower() for h in options["headers"]}
    names = " or ".join(f"`{h}`" for h in options["headers"])
    infra = infra_paths(options)
    return [
        Result(f"{op.label} does not accept the trace context: declare a {names} header "
               "parameter", op.path)
        for op in oas.operations(target)
        if not is_infra(op.template, infra) and not oas.header_params(target, op, headers)
    ]


@rule_function("optionalTraceHeaders", schema=HEADERS)
def optional_trace_headers(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    headers = {h.lower() for h in options["headers"]}
    results: list[Result] = []
    for param, path in oas.written_parameters(target):
        if not isinstance(param, dict) or "$ref" in param:
            continue
        name = str(param.get("name", ""))
        if oas.is_header(param, headers) and param.get("required") is True:
            results.append(Result(
                f"header `{name}` must be optional (`required: false`): a request without "
                "it is still valid trace context", (*path, "required")))
    return results


FUNCTIONS = collect(trace_header_declared, optional_trace_headers)
