"""What the diff needs a spec's shape to be before comparing it. A spec whose ``paths`` is a
list, whose ``post`` is a string or whose ``parameters`` is a mapping would otherwise read
as "every endpoint removed"; here it is a ``diff-invalid-spec`` finding naming the file
and pointer, and that spec is not compared. Also: which versions the diff reads."""

from __future__ import annotations

import re
from typing import Any

from govlint.diff.model import Change
from govlint.findings.model import Path

INVALID = "diff-invalid-spec"  # error: the spec's shape is not OpenAPI's, not compared
DEPTH_LIMIT = "diff-depth-limit"  # info: a schema comparison stopped at MAX_DEPTH
NOTICES = {INVALID: "ERR", DEPTH_LIMIT: "INFO"}  # govlint's own ids beside oasdiff's

MAX_PROBLEMS = 20  # a thoroughly broken spec is not a thousand findings
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
_OAS3 = re.compile(r"^3\.[0-2](\.\d{1,9})?(-[0-9A-Za-z.-]{1,64})?$")


def unsupported_version(data: Any) -> str | None:
    """``unsupported OpenAPI version '9.9.9' …`` for a version the diff does not read
    (2.0, 3.0.x, 3.1.x, 3.2.x); None when it reads it."""
    if not isinstance(data, dict):
        return None
    if "openapi" in data:
        version = str(data["openapi"])
        if _OAS3.match(version):
            return None
        return f"unsupported OpenAPI version {version!r} (govlint diff reads 2.0, 3.0, 3.1 " \
               "and 3.2)"
    if "swagger" in data and str(data["swagger"]) not in ("2.0", "2"):
        return f"unsupported Swagger version {str(data['swagger'])!r} (govlint diff reads " \
               "2.0, 3.0, 3.1 and 3.2)"
    return None


def problems(data: Any, side: str) -> list[Change]:
    """``diff-invalid-spec`` changes for the places whose shape the comparison relies on
    (at most :data:`MAX_PROBLEMS`), in document order."""
    out: list[tuple[Path, str]] = []

    def need(value: Any, kind: type, path: Path, what: str) -> bool:
        if value is None or isinstance(value, kind):
            return value is not None
        got = {list: "a list", dict: "a mapping", str: "a string", bool: "a boolean"}.get(
            type(value), f"a {type(value).__name__}")
        out.append((path, f"{what} must be {'a mapping' if kind is dict else 'a list'}, "
                          f"not {got}: the spec is not compared"))
        return False

    if not isinstance(data, dict):
        return []
    for key in ("paths", "webhooks", "components", "definitions"):
        need(data.get(key), dict, (key,), f"`{key}`")
    paths = data.get("paths") if isinstance(data.get("paths"), dict) else {}
    webhooks = data.get("webhooks") if isinstance(data.get("webhooks"), dict) else {}
    for top, items in (("paths", paths), ("webhooks", webhooks)):
        for name, item in items.items():
            if len(out) >= MAX_PROBLEMS:
                break
            if str(name).startswith("x-"):  # extensions hold anything
                continue
            where: Path = (top, name)
            if not need(item, dict, where, f"path item {name!r}"):
                continue
            need(item.get("parameters"), list, (*where, "parameters"),
                 f"{name!r} `parameters`")
            ops = [(m, item.get(m), (*where, m)) for m in _METHODS if m in item]
            extra = item.get("additionalOperations")
            if need(extra, dict, (*where, "additionalOperations"),
                    f"{name!r} `additionalOperations`"):
                ops += [(m, op, (*where, "additionalOperations", m)) for m, op in extra.items()]
            for method, op, path in ops:
                label = f"{str(method).upper()} {name}"
                if op is None:
                    out.append((path, f"operation {label} is empty (null): the spec is not "
                                      "compared"))
                    continue
                if not need(op, dict, path, f"operation {label}"):
                    continue
                need(op.get("parameters"), list, (*path, "parameters"),
                     f"{label} `parameters`")
                need(op.get("responses"), dict, (*path, "responses"), f"{label} `responses`")
                need(op.get("requestBody"), dict, (*path, "requestBody"),
                     f"{label} `requestBody`")
    components = data.get("components") if isinstance(data.get("components"), dict) else {}
    for key, value in components.items():
        if not str(key).startswith("x-"):
            need(value, dict, ("components", key), f"`components.{key}`")
    return [Change(INVALID, "ERR", message, side, path) for path, message in out[:MAX_PROBLEMS]]
