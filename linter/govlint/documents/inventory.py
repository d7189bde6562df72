"""What a report records about each linted document so a score can be computed from the
report alone (``govlint rollup`` of reports from many repositories): kind, size, and the
service/team names the document declares."""

from __future__ import annotations

from typing import Any

from govlint.documents.model import KIND_K8S, KIND_OPENAPI, KIND_SERVICE_CONFIG, Document

_HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def describe(doc: Document, owner_label: str | None = None,
             split: tuple[int, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """``owner_label``: the label naming a manifest's owning team (ruleset var
    ``ownerLabel``), tried before ``app.kubernetes.io/part-of``. ``split``: for the root
    of a split spec, its operations counted with file refs resolved and the files its
    refs reach (``parts``: the score counts their findings as the spec's)."""
    entry: dict[str, Any] = {"file": doc.file, "kind": doc.kind, "size": size(doc)}
    if split is not None and doc.kind == KIND_OPENAPI:
        entry["size"] = max(1, split[0])
        entry["parts"] = list(split[1])
    if doc.index is not None:
        entry["document"] = doc.index
    service, team = _names(doc, owner_label)
    if service:
        entry["service"] = service
    if team:
        entry["team"] = team
    return entry


def size(doc: Document) -> int:
    """Operations for an OpenAPI spec, one per Kubernetes object or config (at least 1)."""
    if doc.kind == KIND_OPENAPI:
        return max(1, operation_count(doc.data))
    return 1


def operation_count(data: Any) -> int:
    """Operations under ``paths`` of an OpenAPI document (as written, or resolved)."""
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, dict):
        return 0
    return sum(1 for item in paths.values() if isinstance(item, dict)
               for method in item if method in _HTTP_METHODS)


def _names(doc: Document, owner_label: str | None) -> tuple[str | None, str | None]:
    data = doc.data if isinstance(doc.data, dict) else {}
    if doc.kind == KIND_OPENAPI:
        info = data.get("info") if isinstance(data.get("info"), dict) else {}
        team = info.get("x-team") or info.get("x-owner")
        return _str(info.get("x-service-name")), _str(team)
    if doc.kind == KIND_K8S:
        meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        labels = meta.get("labels") if isinstance(meta.get("labels"), dict) else {}
        team = (labels.get(owner_label) if owner_label else None) or \
            labels.get("app.kubernetes.io/part-of") or labels.get("team")
        return _str(labels.get("app.kubernetes.io/name")), _str(team)
    if doc.kind == KIND_SERVICE_CONFIG:
        service = data.get("service") if isinstance(data.get("service"), dict) else {}
        return _str(service.get("name")), _str(service.get("team"))
    return None, None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
