"""NAM-008: Kubernetes object names and the labels that say what an object is and who owns it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance._k8s import labels, meta

DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
# Kinds whose names Kubernetes restricts to a DNS-1123 label (63 chars, no dots).
_LABEL_NAMED = frozenset({"Service", "Namespace"})
# Objects that are not deployed workloads/config of a service: not labelled by services.
_NOT_SERVICE_OBJECTS = frozenset({"CustomResourceDefinition", "Kustomization", "Component",
                                  "List"})

_SCHEMA = {
    "type": "object",
    "properties": {"ownerLabel": {"type": "string", "minLength": 1}},
    "additionalProperties": False,
}


@rule_function("k8sObjectNaming", schema=_SCHEMA)
def k8s_object_naming(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result] | None:
    """``metadata.name`` is DNS-1123; ``app.kubernetes.io/name`` and an owner label exist."""
    if not isinstance(target, dict):
        return None
    kind = target.get("kind")
    if kind in _NOT_SERVICE_OBJECTS or (isinstance(kind, str) and kind.endswith("List")):
        return None
    out: list[Result] = []
    name = meta(target, "name")
    if isinstance(name, str):
        if kind in _LABEL_NAMED:
            if len(name) > 63 or not DNS1123_LABEL.match(name):
                out.append(Result(f"{kind} name {name!r} is not a DNS-1123 label (lowercase "
                                  "letters, digits and '-', at most 63 characters)",
                                  ("metadata", "name")))
        elif len(name) > 253 or not DNS1123_SUBDOMAIN.match(name):
            out.append(Result(f"name {name!r} is not a DNS-1123 subdomain (lowercase letters, "
                              "digits, '-' and '.', at most 253 characters)", ("metadata", "name")))
    elif not isinstance(meta(target, "generateName"), str):
        out.append(Result("metadata.name is missing", ("metadata",)))
    found = labels(target)
    where = ("metadata", "labels") if found else ("metadata",)
    if not isinstance(found.get("app.kubernetes.io/name"), str):
        out.append(Result("label app.kubernetes.io/name is missing", where))
    owner = options.get("ownerLabel") or "app.kubernetes.io/part-of"
    owners = {"app.kubernetes.io/part-of", owner}
    if not any(isinstance(found.get(k), str) and found.get(k) for k in owners):
        names = " or ".join(sorted(owners))
        out.append(Result(f"owner label missing: set {names}", where))
    return out


FUNCTIONS = collect(k8s_object_naming)
