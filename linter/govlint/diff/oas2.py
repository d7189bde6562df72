"""OpenAPI 2.0 (Swagger) documents in the 3.x shape the diff walks.

Only what the comparison reads is moved: ``in: body`` / ``formData`` parameters become the
request body (one media type per ``consumes``), a parameter's inline type keywords its
``schema``, a response's ``schema`` its ``content`` (per ``produces``), a header's type
keywords its ``schema``. Paths into the result are the 3.x ones; :func:`path_in_oas2`
maps them back to where the 2.0 document writes the value (the body parameter, the
response's ``schema``, ``definitions``), so a finding's pointer and line are in the file.
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


def is_oas2(spec: Any) -> bool:
    return isinstance(spec, dict) and str(spec.get("swagger", "")).split(".")[0] == "2"


def path_in_oas2(spec: Any, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """Where a path of :func:`to_oas3`'s result is written in the 2.0 document ``spec``
    (resolved: parameters are read to find the body one), so a finding's pointer exists in
    the file it names: ``requestBody/content/M/schema/...`` is the body parameter's
    ``schema/...`` (a form field's own parameter), ``responses/S/content/M/schema`` the
    response's ``schema``, a parameter the 3.x list renumbered its index in the 2.0 one,
    ``components/schemas`` ``definitions``. Anything else is returned as it is."""
    if not is_oas2(spec) or not path:
        return path
    if path[0] == "components" and len(path) > 1:
        section = {"schemas": "definitions", "securitySchemes": "securityDefinitions"}.get(
            path[1])
        return (section, *path[2:]) if section else ("components",)
    if path[0] != "paths" or len(path) < 3:
        return path
    item = (spec.get("paths") or {}).get(path[1])
    if not isinstance(item, dict):
        return path
    head, rest = path[:2], path[2:]
    if rest[0] == "parameters":
        return (*head, *_param_path(item.get("parameters"), rest))
    op = item.get(rest[0])
    if rest[0] not in _METHODS or not isinstance(op, dict) or len(rest) < 2:
        return path
    here, rest = (*head, rest[0]), rest[1:]
    if rest[0] == "parameters":
        return (*here, *_param_path(op.get("parameters"), rest))
    if rest[0] == "requestBody":
        return _body_path(item, op, here, rest)
    if rest[0] == "responses" and len(rest) > 1:
        status, tail = rest[1], rest[2:]
        resp = (op.get("responses") or {}).get(status)
        if not isinstance(resp, dict):
            return (*here, "responses")
        at = (*here, "responses", status)
        if tail[:1] == ("content",):  # one 2.0 schema serves every media type
            if "schema" not in resp:
                return at
            return (*at, "schema", *(tail[3:] if tail[2:3] == ("schema",) else ()))
        if tail[:1] == ("headers",) and len(tail) > 1:
            return (*at, "headers", tail[1], *tail[3:]) if tail[2:3] == ("schema",) \
                else (*at, *tail[:2])
        return (*at, *tail)
    return path


def _param_path(params: Any, rest: tuple[Any, ...]) -> tuple[Any, ...]:
    """``parameters/K/...`` of the 3.x list (body and form parameters taken out; inline
    type keywords moved into ``schema``) in the 2.0 list."""
    if not isinstance(params, list) or len(rest) < 2 or not isinstance(rest[1], int):
        return rest
    kept = [i for i, p in enumerate(params) if isinstance(p, dict) and
            p.get("in") not in ("body", "formData")]
    if rest[1] >= len(kept):
        return rest[:1]
    index = kept[rest[1]]
    tail = rest[2:]
    if tail[:1] == ("schema",) and "schema" not in params[index]:
        tail = tail[1:]
    return ("parameters", index, *tail)


def _body_path(item: dict[str, Any], op: dict[str, Any], here: tuple[Any, ...],
               rest: tuple[Any, ...]) -> tuple[Any, ...]:
    """``requestBody/...`` in 2.0: the body parameter, or the form parameter of the
    property named, in the operation's list or else the path item's."""
    tail = rest[3:] if rest[1:2] == ("content",) and len(rest) > 2 else ()
    if tail[:1] == ("schema",):
        tail = tail[1:]
    for owner, prefix in ((op, here), (item, here[:2])):
        params = owner.get("parameters")
        if not isinstance(params, list):
            continue
        for i, p in enumerate(params):
            if isinstance(p, dict) and p.get("in") == "body":
                return (*prefix, "parameters", i, *(("schema", *tail) if rest[1:2] ==
                                                    ("content",) and len(rest) > 3 else ()))
        if tail[:1] == ("properties",) and len(tail) > 1:
            for i, p in enumerate(params):
                if isinstance(p, dict) and p.get("in") == "formData" and \
                        p.get("name") == tail[1]:
                    return (*prefix, "parameters", i, *tail[2:])
    return here
