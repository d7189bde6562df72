"""NAM-007: one service, one name - in its spec, its manifests and its config.

Names are read where _service.declared_names says (``info.x-service-name``, the k8s label
``app.kubernetes.io/name``, a governance config's ``service.name``) and compared within one
service directory (see _service for what that is).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance._patterns import compile_pattern
from govlint.functions.governance._service import declared_names, services, where

_SCHEMA = {
    "type": "object",
    "properties": {"pattern": {"type": "string", "minLength": 1}},
    "required": ["pattern"],
    "additionalProperties": False,
}


@rule_function("serviceNameConsistent", schema=_SCHEMA, scope="workspace")
def service_name_consistent(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    pattern = compile_pattern(options["pattern"], "serviceNamePattern", context.rule.name)
    for doc in context.workspace.documents:
        for name, path in declared_names(doc):
            if not pattern.search(name):
                yield Result(f"service name {name!r} does not match serviceNamePattern "
                             f"{options['pattern']!r}", path, document=doc)
    for service in services(context.workspace):
        found = service.declaration()
        if found is None:
            continue
        canonical, origin = found
        for name, doc, path in service.names():
            if name != canonical:
                yield Result(f"service name {name!r} differs from {canonical!r} declared in "
                             f"{where(origin)} (service directory {service.root or '.'})",
                             path, document=doc)


FUNCTIONS = collect(service_name_consistent)
