"""Naming rules over OpenAPI documents (NAM-001..004, NAM-006; NAM-005 is a core ``pattern``).

Each function takes the document root (rules use ``given: $`` and ``resolved: false``) and
reports at the place to change: the path key, the ``operationId``, the property name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from govlint.findings.model import Path
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance import _openapi as oas
from govlint.functions.governance._infra import INFRA_PATHS_SCHEMA, infra_paths, is_infra
from govlint.functions.governance._patterns import (
    CASING_NAMES,
    CASINGS,
    casing_matches,
    compile_pattern,
)
from govlint.functions.governance._schemas import all_schemas

_PARAM = re.compile(r"\{([^{}]*)\}")
_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LITERAL_CHARS = re.compile(r"^[a-z0-9-]*$")
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")
_LOWER_CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
# Segments defined by a protocol rather than by the API's authors.
_PROTOCOL_SEGMENTS = re.compile(r"^(?:\$[A-Za-z]+|\.well-known)$")


# --- NAM-001 ---------------------------------------------------------------------------


def path_problems(template: str) -> list[str]:
    """What is wrong with one path template (empty when it is fine)."""
    problems: list[str] = []
    if len(template) > 1 and template.endswith("/"):
        problems.append("has a trailing slash")
    body = template[1:] if template.startswith("/") else template
    body = body[:-1] if body.endswith("/") else body
    segments = body.split("/") if body else []
    for segment in segments:
        if segment == "":
            problems.append("has an empty segment (`//`)")
            continue
        if _PROTOCOL_SEGMENTS.match(segment):
            continue
        for name in _PARAM.findall(segment):
            bare = name.lstrip("+*#./;?&")  # RFC 6570 operators some specs use
            if not _LOWER_CAMEL.match(bare):
                problems.append(f"path parameter `{{{name}}}` is not lowerCamelCase")
        literal = _PARAM.sub("", segment)
        if literal == "":
            continue
        base, sep, verb = literal.partition(":")
        if sep and not _LOWER_CAMEL.match(verb):  # AIP-136 custom method `:verbName`
            problems.append(f"custom method `:{verb}` is not lowerCamelCase")
        if _EXTENSION.search(base):
            problems.append(f"segment `{segment}` ends in a file extension")
            continue
        whole_literal = _PARAM.search(segment) is None
        ok = _KEBAB.match(base) if whole_literal else _LITERAL_CHARS.match(base)
        if base and not ok:
            problems.append(f"segment `{segment}` is not lowercase kebab-case")
    return problems


@rule_function("pathSegments", schema={"type": ["object", "null"]})
def path_segments(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    paths = target.get("paths") if isinstance(target, dict) else None
    if not isinstance(paths, dict):
        return None
    results = []
    for template in paths:
        if not isinstance(template, str) or template.startswith("x-"):
            continue
        problems = path_problems(template)
        if problems:
            results.append(Result(f"path `{template}`: {'; '.join(problems)}",
                                  ("paths", template)))
    return results


# --- NAM-002 ---------------------------------------------------------------------------


def _server_paths(data: Mapping[str, Any]) -> list[tuple[str, Path]]:
    """URL paths of the document's servers (variables replaced by their defaults)."""
    if oas.is_oas2(data):
        base = data.get("basePath")
        return [(base, ("basePath",))] if isinstance(base, str) else []
    out: list[tuple[str, Path]] = []
    servers = data.get("servers")
    if not isinstance(servers, list):
        return out
    for i, server in enumerate(servers):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        url = server["url"]
        variables = server.get("variables")
        if isinstance(variables, dict):
            for name, var in variables.items():
                if isinstance(var, dict) and var.get("default") is not None:
                    url = url.replace("{" + str(name) + "}", str(var["default"]))
        try:
            path = urlsplit(url).path if "://" in url else url
        except ValueError:
            path = url
        out.append((path, ("servers", i, "url")))
    return out


_NEAR_VERSION = re.compile(r"^(?:[vV][0-9]+[A-Za-z0-9._-]*|[0-9]+\.[0-9]+[A-Za-z0-9._-]*)$")


def _near_miss(path: str) -> str | None:
    """A segment that names a version but not as a major-version segment (`v7.0`, `1.0`)."""
    return next((s for s in path.split("/") if _NEAR_VERSION.match(s)), None)


def _version_of(path: str, pattern: re.Pattern[str]) -> str | None:
    """The major version a URL path names (``v2`` -> "2"), or None."""
    for segment in path.split("/"):
        if pattern.match(segment):
            m = pattern.match(segment)
            if m is not None and "major" in pattern.groupindex and m.group("major"):
                return m.group("major")
            digits = re.search(r"[0-9]+", segment)
            return str(int(digits.group())) if digits else segment
    return None


@rule_function(
    "versionSegment",
    schema={"type": "object", "required": ["pattern"],
            "properties": {"pattern": {"type": "string"}, "infraPaths": INFRA_PATHS_SCHEMA}},
)
def version_segment(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    if not isinstance(target, dict) or not isinstance(target.get("paths"), dict):
        return None
    pattern = compile_pattern(options["pattern"], "versionSegmentPattern", ctx.rule.name)
    infra = infra_paths(options)
    templates = [t for t in target["paths"] if isinstance(t, str) and not t.startswith("x-")
                 and not is_infra(t, infra)]
    servers = _server_paths(target)
    located: list[tuple[str, Path, str]] = []  # (major, where, what)
    server_versions = [(_version_of(p, pattern), where, p) for p, where in servers]
    servers_versioned = bool(servers) and all(v for v, _, _ in server_versions)
    for major, where, p in server_versions:
        if major:
            located.append((major, where, f"server URL `{p}`"))
    results: list[Result] = []
    missing: list[str] = []
    for template in templates:
        major = _version_of(template, pattern)
        if major:
            located.append((major, ("paths", template), f"path `{template}`"))
        elif not servers_versioned:
            missing.append(template)
    if missing and len(missing) == len(templates):
        near = [(n, what) for n, what in (
            *((_near_miss(p), f"server URL `{p}`") for p, _ in servers),
            *((_near_miss(t), f"path `{t}`") for t in templates),
        ) if n]
        hint = (f"; {near[0][1]} has `{near[0][0]}`, which is not a major-version segment"
                if near else "")
        results.append(Result(
            "no server URL and no path carries a major version segment such as `/v1` "
            f"(var versionSegmentPattern){hint}: version the server URL or every path",
            ("paths",),
        ))
    else:
        for t in missing:
            near = _near_miss(t)
            hint = f" (`{near}` is not a major-version segment)" if near else ""
            results.append(Result(
                f"path `{t}` has no major version segment such as `/v1`{hint} and the "
                "server URLs carry none either", ("paths", t)))
    majors = Counter(m for m, _, _ in located)
    if len(majors) > 1:
        first_seen = {m: i for i, (m, _, _) in reversed(list(enumerate(located)))}
        dominant = max(majors, key=lambda m: (majors[m], -first_seen[m]))
        others = ", ".join(f"v{m}" for m in sorted(majors, key=lambda m: first_seen[m]))
        for major, where, what in located:
            if major != dominant:
                results.append(Result(
                    f"{what} is major version {major} while the rest of the spec is "
                    f"{dominant} ({others}): one spec describes one major version",
                    where,
                ))
    return results


# --- NAM-003 ---------------------------------------------------------------------------


@rule_function("operationIds", schema={"type": ["object", "null"]})
def operation_ids(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    results: list[Result] = []
    first: dict[str, str] = {}
    for op in oas.operations(target):
        where = op.label
        op_id = op.data.get("operationId")
        if op_id is None or op_id == "":
            results.append(Result(f"{where} has no operationId", op.path))
            continue
        if not isinstance(op_id, str):
            results.append(Result(f"{where}: operationId must be a string",
                                  (*op.path, "operationId")))
            continue
        problems = []
        if not _LOWER_CAMEL.match(op_id):
            problems.append("is not lowerCamelCase")
        if op_id in first:
            problems.append(f"is already used by {first[op_id]}")
        else:
            first[op_id] = where
        if problems:
            results.append(Result(f"operationId `{op_id}` of {where} {' and '.join(problems)}",
                                  (*op.path, "operationId")))
    return results


# --- NAM-004 ---------------------------------------------------------------------------


@rule_function(
    "propertyCasing",
    schema={"type": "object", "required": ["casing"],
            "properties": {"casing": {"enum": sorted(CASINGS)}}},
)
def property_casing(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    casing = options["casing"]
    results: list[Result] = []
    for schema, path in all_schemas(target):
        props = schema.get("properties")
        if not isinstance(props, dict):
            continue
        for name in props:
            text = str(name)
            if text[:1] in ("@", "$") or casing_matches(casing, text):
                continue
            results.append(Result(
                f"property `{text}` is not {CASING_NAMES[casing]}",
                (*path, "properties", name),
            ))
    return results


# --- NAM-006 ---------------------------------------------------------------------------

_WORDLIKE = re.compile(r"^[A-Za-z][A-Za-z0-9_ -]*$")
_MACRO = re.compile(CASINGS["macro"])


def _string_typed(schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    if kind is None:
        return True
    return kind == "string" or (isinstance(kind, list) and "string" in kind)


def _wire_value(data: Any, path: Path) -> bool:
    """True for a schema of a (non-body) parameter or a header: its enum values are wire
    tokens (``sort=asc``), often fixed by another protocol, not the API's own constants."""
    for i, key in enumerate(path[:-1]):
        if key in ("parameters", "headers") and (i == 0 or path[i - 1] not in (
                "properties", "patternProperties")):
            holder = oas.get(data, path[: i + 2])
            return not (isinstance(holder, dict) and holder.get("in") == "body")
    return False


@rule_function("enumCasing", schema={"type": ["object", "null"]})
def enum_casing(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    from govlint.functions.governance.openapi_errors import used_error_codes

    # Error codes (`ORD-0001`) follow ERR-003's pattern, not enum casing.
    error_enums = {p[:-1] for _, p in used_error_codes(target) if p[-2:-1] == ("enum",)}
    results: list[Result] = []
    for schema, path in all_schemas(target):
        values = schema.get("enum")
        if (*path, "enum") in error_enums:
            continue
        if not isinstance(values, list) or not _string_typed(schema) or \
                _wire_value(target, path):
            continue
        bad = [v for v in values
               if isinstance(v, str) and _WORDLIKE.match(v) and not _MACRO.match(v)]
        if bad:
            results.append(Result(f"enum value(s) {_quote(bad)} are not UPPER_SNAKE_CASE",
                                  (*path, "enum")))
    return results


def _quote(values: Iterable[str], limit: int = 5) -> str:
    values = list(values)
    shown = ", ".join(f"`{v}`" for v in values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


FUNCTIONS = collect(path_segments, version_segment, operation_ids, property_casing,
                    enum_casing)
