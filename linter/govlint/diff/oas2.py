"""OpenAPI 2.0 (Swagger) documents in the 3.x shape the diff walks.

Only what the comparison reads is moved: ``in: body`` / ``formData`` parameters become the
request body (one media type per ``consumes``), a parameter's inline type keywords its
``schema``, a response's ``schema`` its ``content`` (per ``produces``), a header's type
keywords its ``schema``. Paths into the result are the 3.x ones, so a finding on a 2.0
spec is placed at the nearest existing ancestor (the operation, the response).
"""

from __future__ import annotations

from typing import Any

_PARAM_KEYS = ("name", "in", "required", "deprecated", "description", "x-sunset",
               "x-stability-level", "allowEmptyValue")
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


def to_oas3(spec: Any) -> Any:
    """``spec`` unchanged unless it is a Swagger 2.0 document."""
    if not isinstance(spec, dict) or str(spec.get("swagger", "")).split(".")[0] != "2":
        return spec
    out = dict(spec)
    consumes = _media(spec.get("consumes"), "application/json")
    produces = _media(spec.get("produces"), "application/json")
    paths: dict[Any, Any] = {}
    for name, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        new_item = dict(item)
        if isinstance(item.get("parameters"), list):
            new_item["parameters"] = [_param(p) for p in item["parameters"]
                                      if isinstance(p, dict) and p.get("in") not in
                                      ("body", "formData")]
        for method in _METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                new_item[method] = _operation(op, item, consumes, produces)
        paths[name] = new_item
    out["paths"] = paths
    out["components"] = {"schemas": spec.get("definitions") or {},
                         "securitySchemes": spec.get("securityDefinitions") or {}}
    return out


def _media(value: Any, default: str) -> list[str]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value) and value:
        return list(value)
    return [default]


def _param(p: dict[str, Any]) -> dict[str, Any]:
    if "schema" in p:
        return p
    out = {k: p[k] for k in _PARAM_KEYS if k in p}
    out["schema"] = {k: v for k, v in p.items() if k not in _PARAM_KEYS}
    return out


def _operation(op: dict[str, Any], item: dict[str, Any], consumes: list[str],
               produces: list[str]) -> dict[str, Any]:
    out = dict(op)
    consumes = _media(op.get("consumes"), consumes[0]) if "consumes" in op else consumes
    produces = _media(op.get("produces"), produces[0]) if "produces" in op else produces
    params = [p for p in (item.get("parameters") or []) + (op.get("parameters") or [])
              if isinstance(p, dict)]
    body = next((p for p in params if p.get("in") == "body"), None)
    form = [p for p in params if p.get("in") == "formData"]
    if "parameters" in op:
        out["parameters"] = [_param(p) for p in op["parameters"]
                             if isinstance(p, dict) and p.get("in") not in ("body", "formData")]
    if body is not None:
        out["requestBody"] = {"required": body.get("required") is True,
                              "content": {m: {"schema": body.get("schema") or {}}
                                          for m in consumes}}
    elif form:
        schema = {"type": "object",
                  "properties": {p.get("name"): _param(p)["schema"] for p in form},
                  "required": [p.get("name") for p in form if p.get("required") is True]}
        media = [m for m in consumes if "form" in m] or ["application/x-www-form-urlencoded"]
        out["requestBody"] = {"required": bool(schema["required"]),
                              "content": {m: {"schema": schema} for m in media}}
    responses: dict[Any, Any] = {}
    for status, resp in (op.get("responses") or {}).items():
        if not isinstance(resp, dict):
            continue
        new = {k: v for k, v in resp.items() if k not in ("schema", "headers", "examples")}
        if "schema" in resp:
            new["content"] = {m: {"schema": resp["schema"]} for m in produces}
        if isinstance(resp.get("headers"), dict):
            new["headers"] = {k: {"schema": v} for k, v in resp["headers"].items()
                              if isinstance(v, dict)}
        responses[status] = new
    out["responses"] = responses
    return out
