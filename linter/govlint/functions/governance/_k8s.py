"""Reading Kubernetes objects for the platform rules (not a rule module): kind and API group,
``metadata``, ``spec``, and how messages name an object.

Every rule reads ``metadata`` and ``spec`` through these, so an object whose ``metadata`` or
``spec`` is missing or not a mapping reads as empty the same way everywhere (its shape is
``k8s-crd-schema``'s to report).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govlint.documents.model import Document, Workspace
from govlint.functions.governance._values import as_dict

# API groups the platform rules read.
ARGO = "argoproj.io"
ISTIO = "networking.istio.io"
OPENSERGO_FAULT_TOLERANCE = "fault-tolerance.opensergo.io"
OPENSERGO_TRAFFIC = "traffic.opensergo.io"


def is_k8s(doc: Document, kind: str | None = None) -> bool:
    if not isinstance(doc.data, dict):
        return False
    if kind is None:
        return "k8s" in doc.formats
    return f"k8s:{kind}" in doc.formats or (
        "k8s" in doc.formats and doc.data.get("kind") == kind
    )


def group_version(api_version: Any) -> tuple[str, str]:
    """``apps/v1`` -> (``apps``, ``v1``); ``v1`` -> (``""``, ``v1``)."""
    if not isinstance(api_version, str):
        return "", ""
    group, _, version = api_version.rpartition("/")
    return group, version


def objects(workspace: Workspace, kind: str, group: str | None = None) -> Iterator[Document]:
    """k8s objects of ``kind`` (and API ``group``, when given) in the workspace."""
    for doc in workspace.documents:
        if is_k8s(doc, kind) and (
            group is None or group_version(doc.data.get("apiVersion"))[0] == group
        ):
            yield doc


def meta(obj: Any, key: str) -> Any:
    """``metadata.<key>`` of an object (``None`` when absent)."""
    m = obj.get("metadata") if isinstance(obj, dict) else None
    return m.get(key) if isinstance(m, dict) else None


def labels(obj: Any) -> dict[str, Any]:
    return as_dict(meta(obj, "labels"))


def spec_of(obj: Any) -> dict[str, Any]:
    """An object's ``spec`` (empty when absent or not a mapping)."""
    return as_dict(obj.get("spec")) if isinstance(obj, dict) else {}


def same_namespace(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Objects without a namespace match any namespace (it is set at apply time)."""
    na, nb = meta(a, "namespace"), meta(b, "namespace")
    return na is None or nb is None or na == nb


def describe(doc: Document) -> str:
    """``Kind name`` of a k8s object, for messages."""
    data = as_dict(doc.data)
    return f"{data.get('kind')} {meta(data, 'name')!s}"
