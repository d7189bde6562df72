"""Error-response rules over OpenAPI documents (ERR-001..005).

Error codes "used by a spec" (ERR-003, ERR-004) are read only where they are error codes:
``x-error-codes`` lists, and the ``code`` property (enum, example) of the bodies of 4xx/5xx/
``default`` responses and those responses' examples. A ``code`` property elsewhere (a
country code, a currency code) is not an error code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path as FsPath
from typing import Any

from govlint.findings.model import Path
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance import _openapi as oas
from govlint.functions.governance._infra import INFRA_PATHS_SCHEMA, infra_paths, is_infra
from govlint.functions.governance._memo import latest
from govlint.functions.governance._options import HEADERS
from govlint.functions.governance._patterns import compile_pattern
from govlint.functions.governance._project import project_root, search_dirs, shown
from govlint.functions.governance._values import as_dict, as_list

DEFAULT_ERROR_FIELDS = ("code", "message", "traceId")
_PROBLEM_TYPES = ("application/problem+json", "application/problem+xml")


# --- ERR-001 ---------------------------------------------------------------------------


@rule_function("errorResponses", schema={
    "type": ["object", "null"], "properties": {"infraPaths": INFRA_PATHS_SCHEMA}})
def error_responses(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    results: list[Result] = []
    infra = infra_paths(options)
    for op in oas.operations(target):
        if is_infra(op.template, infra):
            continue
        statuses = [s for s, _, _ in oas.responses(op)]
        has_4xx = any(s.startswith("4") for s in statuses)
        has_5xx = any(s.startswith("5") or s == "default" for s in statuses)
        missing = [what for what, ok in (("4xx", has_4xx), ("5xx (or default)", has_5xx))
                   if not ok]
        if missing:
            results.append(Result(
                f"{op.label} documents no {' and no '.join(missing)} response",
                op.responses_path))
    return results


# --- ERR-002 ---------------------------------------------------------------------------


def schema_properties(data: Any, schema: Any, path: Path, depth: int = 0) -> set[str] | None:
    """Property names a body schema guarantees (``allOf`` merged; ``oneOf``/``anyOf``: the
    ones every branch has). ``None`` when it cannot be known (external reference)."""
    schema, path = oas.resolve(data, schema, path)
    if not isinstance(schema, dict) or depth > 20:
        return None
    names = {str(k) for k in schema.get("properties") or {}} \
        if isinstance(schema.get("properties"), dict) else set()
    for i, part in enumerate(as_list(schema.get("allOf"))):
        sub = schema_properties(data, part, (*path, "allOf", i), depth + 1)
        if sub is None:
            return None
        names |= sub
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and branches:
            common: set[str] | None = None
            for i, part in enumerate(branches):
                sub = schema_properties(data, part, (*path, key, i), depth + 1)
                if sub is None:
                    return None
                common = sub if common is None else common & sub
            names |= common or set()
    return names


def _body_problem(
    data: Any, schema: Any, schema_path: Path, fields: tuple[str, ...]
) -> tuple[Path, str] | None:
    if not isinstance(schema, dict) or not schema:
        return schema_path, "declares no schema for its error body"
    names = schema_properties(data, schema, schema_path)
    if names is None:
        return None
    missing = [f for f in fields if f not in names]
    if not missing:
        return None
    _, where = oas.resolve(data, schema, schema_path)
    name = f"schema `{where[-1]}`" if where and where != schema_path else "error body schema"
    return where, (f"{name} lacks {', '.join(f'`{m}`' for m in missing)}: error bodies are "
                   f"application/problem+json or carry {', '.join(fields)}")


def response_problem(
    data: Any, response: Mapping[str, Any], path: Path, produces: list[str],
    fields: tuple[str, ...],
) -> tuple[Path, str] | None:
    """Why one (resolved) error response does not use the standard error body, if it does not."""
    if oas.is_oas2(data):
        if any(oas.media_base(m) in _PROBLEM_TYPES for m in produces):
            return None
        if "schema" not in response:
            return path, "error response has no body: use the standard error body"
        return _body_problem(data, response.get("schema"), (*path, "schema"), fields)
    content = response.get("content")
    if not isinstance(content, dict) or not content:
        return path, ("error response has no body: use application/problem+json or a schema "
                      f"with {', '.join(fields)}")
    first: tuple[Path, str] | None = None
    json_seen = False
    for media, entry in content.items():
        if oas.media_base(media) in _PROBLEM_TYPES:
            return None
        if not oas.is_json_media(media):
            continue
        json_seen = True
        problem = _body_problem(data, as_dict(entry).get("schema"),
                                (*path, "content", media, "schema"), fields)
        if problem is None:
            return None
        first = first or problem
    if not json_seen:
        kinds = ", ".join(f"`{m}`" for m in content)
        return (*path, "content"), (f"error body is {kinds}, not application/problem+json or "
                                    "JSON with the standard error fields")
    return first


def error_response_objects(data: Any) -> Iterator[tuple[Mapping[str, Any], Path, list[str], str]]:
    """Each distinct error response (resolved) used by an operation: (response, path,
    produces, method). A component response used many times is yielded once."""
    seen: set[Path] = set()
    global_produces = data.get("produces") if isinstance(data, dict) else None
    for op in oas.operations(data):
        produces = [str(p) for p in as_list(op.data.get("produces", global_produces))]
        for status, resp, resp_path in oas.responses(op):
            if not oas.is_error_status(status):
                continue
            target, target_path = oas.resolve(data, resp, resp_path)
            if not isinstance(target, dict) or target_path in seen:
                continue
            seen.add(target_path)
            yield target, target_path, produces, op.method


@rule_function(
    "errorBodyShape",
    schema={"type": ["object", "null"],
            "properties": {"fields": {"type": "array", "items": {"type": "string"}}}},
)
def error_body_shape(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    fields = tuple((options or {}).get("fields") or DEFAULT_ERROR_FIELDS)
    results: list[Result] = []
    for response, path, produces, method in error_response_objects(target):
        if method == "head":  # HEAD responses never have a body
            continue
        problem = response_problem(target, response, path, produces, fields)
        if problem is not None:
            results.append(Result(problem[1], problem[0]))
    return results


# --- error codes used by a spec (ERR-003, ERR-004) -------------------------------------


def _x_error_codes(node: Any, path: Path) -> Iterator[tuple[Any, Path]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "x-error-codes" and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict) and "code" in item:
                        yield item["code"], (*path, key, i, "code")
                    elif isinstance(item, (str, int)) and not isinstance(item, bool):
                        yield item, (*path, key, i)
            elif key not in ("example", "examples", "default", "enum", "const"):
                yield from _x_error_codes(value, (*path, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _x_error_codes(item, (*path, i))


def _code_property(data: Any, schema: Any, path: Path, depth: int = 0) -> Iterator[
        tuple[Mapping[str, Any], Path]]:
    """The ``code`` property schema(s) of an error body schema (through ``allOf`` etc.)."""
    schema, path = oas.resolve(data, schema, path)
    if not isinstance(schema, dict) or depth > 20:
        return
    props = schema.get("properties")
    if isinstance(props, dict) and "code" in props:
        code, code_path = oas.resolve(data, props["code"], (*path, "properties", "code"))
        if isinstance(code, dict):
            yield code, code_path
    for key in ("allOf", "oneOf", "anyOf"):
        for i, part in enumerate(as_list(schema.get(key))):
            yield from _code_property(data, part, (*path, key, i), depth + 1)


def _example_codes(data: Any, value: Any, path: Path) -> Iterator[tuple[Any, Path]]:
    value, path = oas.resolve(data, value, path)
    if isinstance(value, dict) and "code" in value:
        yield value["code"], (*path, "code")


@latest
def used_error_codes(data: Any) -> list[tuple[Any, Path]]:
    """Every error code a spec uses, with where it is written (each place once)."""
    found: dict[Path, Any] = {}

    def add(items: Iterator[tuple[Any, Path]]) -> None:
        for code, where in items:
            if isinstance(code, (str, int)) and not isinstance(code, bool):
                found.setdefault(where, code)

    add(_x_error_codes(data, ()))
    for response, path, _produces, _method in error_response_objects(data):
        bodies: list[tuple[Any, Path]] = []
        if oas.is_oas2(data):
            bodies.append((response.get("schema"), (*path, "schema")))
            examples = response.get("examples")
            if isinstance(examples, dict):
                for mime, value in examples.items():
                    add(_example_codes(data, value, (*path, "examples", mime)))
        content = response.get("content")
        if isinstance(content, dict):
            for media, entry in content.items():
                if not isinstance(entry, dict):
                    continue
                mpath = (*path, "content", media)
                bodies.append((entry.get("schema"), (*mpath, "schema")))
                for value, vpath in oas.example_values(data, entry, mpath):
                    add(_example_codes(data, value, vpath))
        for schema, spath in bodies:
            if schema is None:
                continue
            body, body_path = oas.resolve(data, schema, spath)
            if isinstance(body, dict) and "example" in body:
                add(_example_codes(data, body["example"], (*body_path, "example")))
            for code, cpath in _code_property(data, schema, spath):
                for key in ("enum", "examples"):
                    if isinstance(code.get(key), list):
                        add((v, (*cpath, key, i)) for i, v in enumerate(code[key]))
                if "example" in code:
                    add(iter([(code["example"], (*cpath, "example"))]))
                if "const" in code:
                    add(iter([(code["const"], (*cpath, "const"))]))
    return sorted(((c, p) for p, c in found.items()), key=lambda cp: [str(x) for x in cp[1]])


def catalog_entries(data: Any) -> list[tuple[Mapping[str, Any], Path]]:
    codes = data.get("codes") if isinstance(data, dict) else None
    if not isinstance(codes, list):
        return []
    return [(e, ("codes", i)) for i, e in enumerate(codes) if isinstance(e, dict)]


# --- ERR-003 ---------------------------------------------------------------------------


@rule_function(
    "errorCodeFormat",
    schema={"type": "object", "required": ["pattern"],
            "properties": {"pattern": {"type": "string"}}},
)
def error_code_format(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    pattern = compile_pattern(options["pattern"], "errorCodePattern", ctx.rule.name)
    if isinstance(target, dict) and ("openapi" in target or "swagger" in target):
        used = used_error_codes(target)
    else:  # an error catalogue
        used = [(e.get("code"), (*p, "code")) for e, p in catalog_entries(target)
                if isinstance(e.get("code"), (str, int)) and not isinstance(e.get("code"), bool)]
    return [
        Result(f"error code `{code}` does not match `{pattern.pattern}` (e.g. PAY-0001)", where)
        for code, where in used
        if not pattern.match(str(code))
    ]


# --- ERR-004 ---------------------------------------------------------------------------


def catalog_candidates(doc: Any, catalog: str) -> list[FsPath]:
    """Where the catalogue of a spec may be: ``catalog`` relative to the spec's directory,
    then each parent directory up to the project root (nearest wins); or an absolute path."""
    if FsPath(catalog).is_absolute():
        return [FsPath(catalog)]
    return [directory / catalog for directory in search_dirs(doc)]


def _within(path: FsPath, directory: FsPath) -> bool:
    return path == directory or directory in path.parents


_MAX_CATALOG_BYTES = 64 * 1024 * 1024


class _Catalog:
    __slots__ = ("codes", "error", "path")

    def __init__(self, path: FsPath, codes: set[str], error: str | None = None) -> None:
        self.path, self.codes, self.error = path, codes, error


def _read_catalog(path: FsPath, by_path: Mapping[FsPath, Any]) -> _Catalog:
    doc = by_path.get(path)
    if doc is not None:
        data = doc.data
    else:
        try:  # read as govlint reads any document: size-capped, YAML alias/depth bounds
            if path.stat().st_size > _MAX_CATALOG_BYTES:
                return _Catalog(path, set(), "is too large to read (over 64 MB)")
            text = path.read_text(encoding="utf-8")
            if path.suffix.lower() == ".json":
                import orjson

                data = orjson.loads(text)
            else:
                from govlint.documents.yamlload import load_yaml

                loaded = load_yaml(text)
                if loaded.problems and any(p.rule == "parse-error" for p in loaded.problems):
                    return _Catalog(path, set(), "cannot be read (not valid YAML)")
                data = loaded.documents[0][1] if loaded.documents else None
        except Exception as exc:  # an unreadable catalogue is a finding, not a crash
            return _Catalog(path, set(), f"cannot be read ({type(exc).__name__})")
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list):
        return _Catalog(path, set(), "has no `codes` list")
    codes = {str(e["code"]) for e, _ in catalog_entries(data) if e.get("code") is not None}
    return _Catalog(path, codes)


def _meaning(entry: Mapping[str, Any]) -> tuple[str, str]:
    message = " ".join(str(entry.get("message", "")).split()).casefold()
    return str(entry.get("http", "")), message


def catalog_conflicts(data: Any) -> list[tuple[Path, str]]:
    """Codes registered twice with two meanings (HTTP status or message differ)."""
    first: dict[str, tuple[Mapping[str, Any], Path]] = {}
    out: list[tuple[Path, str]] = []
    for entry, path in catalog_entries(data):
        code = entry.get("code")
        if code is None:
            continue
        if str(code) not in first:
            first[str(code)] = (entry, path)
            continue
        earlier, earlier_path = first[str(code)]
        if _meaning(earlier) != _meaning(entry):
            out.append(((*path, "code"), (
                f"error code `{code}` is registered twice with two meanings: "
                f"{_describe(entry)} here, {_describe(earlier)} at "
                f"/{'/'.join(map(str, earlier_path))}")))
    return out


def _describe(entry: Mapping[str, Any]) -> str:
    return f"http {entry.get('http', '?')} \"{entry.get('message', '')}\""


@rule_function(
    "errorCodesRegistered",
    schema={"type": "object", "required": ["catalog"],
            "properties": {"catalog": {"type": "string", "minLength": 1}}},
    scope="workspace",
)
def error_codes_registered(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    catalog = options["catalog"]
    docs = list(ctx.workspace)
    by_path = {FsPath(d.abspath).resolve(): d for d in docs if d.index is None}
    cache: dict[FsPath, _Catalog] = {}
    results: list[Result] = []
    for doc in docs:
        if "service-config:error-catalog" in doc.formats:
            results.extend(Result(msg, path, document=doc)
                           for path, msg in catalog_conflicts(doc.data))
        if not doc.formats & {"oas2", "oas3"}:
            continue
        used = used_error_codes(doc.data)
        if not used:
            continue
        candidates = [c.resolve() for c in catalog_candidates(doc, catalog)]
        root = project_root(doc)
        inside = [c for c in candidates if root is None or _within(c, root.resolve())]
        found = next((c for c in inside if c in by_path or c.is_file()), None)
        if found is None and any(c not in inside and c.is_file() for c in candidates):
            # `errorCatalog: /etc/…`, `../../x` or a symlink out (the config is untrusted)
            results.append(Result(
                f"error catalogue `{catalog}` resolves outside the project root: not read",
                used[0][1], document=doc))
            continue
        if found is None:
            results.append(Result(
                f"error code `{used[0][0]}` is used but no error catalogue was found "
                f"(looked for `{catalog}` from the spec's directory up to the project root)",
                used[0][1], document=doc))
            continue
        if found not in cache:
            cache[found] = _read_catalog(found, by_path)
        registry = cache[found]
        if registry.error:
            results.append(Result(f"error catalogue `{catalog}` {registry.error}",
                                  used[0][1], document=doc))
            continue
        results.extend(
            Result(f"error code `{code}` is not registered in the error catalogue "
                   f"`{shown(found, doc)}`", where, document=doc)
            for code, where in used if str(code) not in registry.codes
        )
    return results


# --- ERR-005 ---------------------------------------------------------------------------

@rule_function("traceErrorDocumented", schema=HEADERS)
def trace_error_documented(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    headers = {h.lower() for h in options["headers"]}
    results: list[Result] = []
    for op in oas.operations(target):
        required = [p for p in oas.header_params(target, op, headers)
                    if p.get("required") is True]
        if not required or oas.documents_status(oas.status_codes(op), 400):
            continue
        results.append(Result(
            f"{op.label} requires the `{required[0].get('name')}` header but documents no "
            "400 response for a missing or invalid trace context", op.responses_path))
    return results


FUNCTIONS = collect(error_responses, error_body_shape, error_code_format,
                    error_codes_registered, trace_error_documented)
