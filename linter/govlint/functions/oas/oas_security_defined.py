"""``oasSecurityDefined``: each scheme a security requirement names is defined
(``securityDefinitions`` in OpenAPI 2, ``components.securitySchemes`` in 3), and each scope
it asks for is listed by that scheme (``scopes``; in 3, the scopes of any of its flows)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._js import key_str
from govlint.functions.oas._util import js_in

SCHEMA = {
    "type": "object",
    "properties": {"oasVersion": {"enum": [2, 3]}},
    "additionalProperties": False,
}


def _valid_input(target: Any) -> bool:
    """Spectral's input schema: an object of arrays of strings."""
    return isinstance(target, Mapping) and all(
        isinstance(v, list) and all(isinstance(s, str) for s in v) for v in target.values()
    )


def _scope_defined(version: Any, scope: str, scheme: Any) -> bool:
    if not isinstance(scheme, Mapping):
        return False
    if version == 2:
        scopes = scheme.get("scopes")
        return isinstance(scopes, Mapping) and js_in(scope, scopes)
    flows = scheme.get("flows")
    if isinstance(flows, Mapping):
        for flow in flows.values():
            if isinstance(flow, Mapping) and isinstance(flow.get("scopes"), Mapping) \
                    and js_in(scope, flow["scopes"]):
                return True
    return False


def _definitions(data: Mapping[str, Any], version: Any) -> Any:
    if version == 2:
        return data.get("securityDefinitions")
    components = data.get("components")
    return components.get("securitySchemes") if isinstance(components, Mapping) else None


@rule_function("oasSecurityDefined", schema=SCHEMA)
def oas_security_defined(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not _valid_input(target) or not target:
        return None
    # Spectral reads the definitions from the document as written ($refs unresolved).
    data = context.document.data if context.document is not None else context.document_data
    if not isinstance(data, Mapping):
        return None
    version = (options or {}).get("oasVersion")
    definitions = _definitions(data, version)
    path = tuple(context.path)
    results: list[Result] = []
    for raw_name, scopes in target.items():
        name = key_str(raw_name)
        if not isinstance(definitions, Mapping) or not js_in(name, definitions):
            owner = "API" if len(path) == 2 else "Operation"
            location = "securityDefinitions" if version == 2 else "components.securitySchemes"
            results.append(Result(
                f'{owner} "security" values must match a scheme defined in the "{location}" '
                "object.",
                path=(*path, name),
            ))
            continue
        scheme = definitions.get(name)
        for index, scope in enumerate(scopes):
            if not _scope_defined(version, scope, scheme):
                results.append(Result(f'"{scope}" must be listed among scopes.',
                                      path=(*path, name, index)))
    return results or None


FUNCTIONS = collect(oas_security_defined)
