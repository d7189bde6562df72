"""What a document is: its kind and the formats rules select on (architecture.md)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from govlint.documents.model import KIND_GENERIC, KIND_K8S, KIND_OPENAPI, KIND_SERVICE_CONFIG
from govlint.files.globs import matches

_OAS3_0 = re.compile(r"^3\.0(?:\.[0-9]*)?$")
_OAS3_1 = re.compile(r"^3\.1(?:\.[0-9]*)?$")
_OAS3_2 = re.compile(r"^3\.2(?:\.[0-9]*)?$")


def classify(
    data: Any, syntax: str, file: str, service_configs: Mapping[str, tuple[str, ...]]
) -> tuple[str, frozenset[str]]:
    """(kind, formats) of one document; ``file`` is root-relative with '/' separators.

    OpenAPI detection follows Spectral (``parseInt(String(swagger)) === 2`` etc.), so
    ``swagger: 2.0`` written as a number counts too. Kind precedence: openapi, k8s,
    service-config, generic; formats accumulate.
    """
    formats = {syntax}
    kind = KIND_GENERIC
    if isinstance(data, dict):
        if "swagger" in data and _major(data["swagger"]) == 2:
            formats.add("oas2")
            kind = KIND_OPENAPI
        elif "openapi" in data and _major(data["openapi"]) == 3:
            formats.add("oas3")
            version = _version_text(data["openapi"])
            if _OAS3_0.match(version):
                formats.add("oas3_0")
            elif _OAS3_1.match(version):
                formats.add("oas3_1")
            elif _OAS3_2.match(version):
                formats.add("oas3_2")
            kind = KIND_OPENAPI
        api_version, k8s_kind = data.get("apiVersion"), data.get("kind")
        if isinstance(api_version, str) and isinstance(k8s_kind, str) and k8s_kind:
            formats.update(("k8s", f"k8s:{k8s_kind}"))
            if k8s_kind == "CustomResourceDefinition":
                formats.add("k8s:crd")
            if kind == KIND_GENERIC:
                kind = KIND_K8S
    for config_type, globs in service_configs.items():
        if globs and matches(file, globs):
            formats.update(("service-config", f"service-config:{config_type}"))
            if kind == KIND_GENERIC:
                kind = KIND_SERVICE_CONFIG
    return kind, frozenset(formats)


def _version_text(value: Any) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value) if isinstance(value, (str, int, float)) else ""


def _major(value: Any) -> int | None:
    """JavaScript's ``parseInt(String(value))``: the leading integer of the text."""
    m = re.match(r"\s*([-+]?[0-9]+)", _version_text(value))
    return int(m.group(1)) if m else None
