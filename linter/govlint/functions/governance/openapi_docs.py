"""Documentation rules over OpenAPI documents (DOC-001..003)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from govlint.findings.model import Path
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance import _openapi as oas
from govlint.functions.governance._schemas import SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE, all_schemas


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


# --- DOC-001 ---------------------------------------------------------------------------


@rule_function("operationDocumented", schema={"type": ["object", "null"]})
def operation_documented(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    return [
        Result(f"{op.label} has neither a summary nor a description", op.path)
        for op in oas.operations(target)
        if not (_text(op.data.get("summary")) or _text(op.data.get("description")))
    ]


# --- DOC-002 ---------------------------------------------------------------------------


def _names_owner(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_text(value.get(k)) for k in ("name", "email", "url"))
    return _text(value)


@rule_function("ownerNamed", schema={"type": ["object", "null"]})
def owner_named(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    if not isinstance(target, dict):
        return None
    info = target.get("info")
    if isinstance(info, dict) and any(
        _names_owner(info.get(k)) for k in ("contact", "x-owner", "x-team")
    ):
        return None
    where: Path = ("info",) if isinstance(info, dict) else ()
    return [Result("no owning team: set info.contact (name, email or url) or "
                   "info.x-owner / info.x-team", where)]


# --- DOC-003 ---------------------------------------------------------------------------

_NOT_SCHEMA = ("example", "examples", "default", "enum", "const", "discriminator", "xml",
               "externalDocs")
# Keywords whose value is a list of schemas / one schema (``items`` may be either).
_SCHEMA_LIST_KEYS = (*SCHEMA_LISTS, "items")
_SCHEMA_ONE_KEYS = ("items", *SCHEMA_ONE, "unevaluatedItems")


class _Inliner:
    """Builds a self-contained JSON Schema from an OpenAPI schema: local ``$ref`` inlined
    (a cycle or an external reference becomes ``{}``: accept, never guess), OpenAPI 3.0 /
    2.0 ``nullable`` turned into JSON Schema, and ``readOnly``/``writeOnly`` properties
    dropped from ``required`` (an example shows one direction only)."""

    def __init__(self, data: Any, openapi_31: bool) -> None:
        self.data = data
        self.openapi_31 = openapi_31
        self.cache: dict[Path, Any] = {}
        self.active: set[Path] = set()

    def schema(self, node: Any, depth: int = 0) -> Any:
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict) or depth > 64:
            return {}
        if "$ref" in node:
            target = oas.pointer_path(node["$ref"])
            if target is None or target in self.active:
                return {}
            if target not in self.cache:
                self.active.add(target)
                try:
                    self.cache[target] = self.schema(oas.get(self.data, target), depth + 1)
                finally:
                    self.active.discard(target)
            return self.cache[target]
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _NOT_SCHEMA or str(key).startswith("x-"):
                if key in ("enum", "const"):
                    out[key] = value
                continue
            if key in SCHEMA_MAPS and isinstance(value, dict):
                out[key] = {k: self.schema(v, depth + 1) for k, v in value.items()}
            elif key in _SCHEMA_LIST_KEYS and isinstance(value, list):
                out[key] = [self.schema(v, depth + 1) for v in value]
            elif key in _SCHEMA_ONE_KEYS:
                out[key] = self.schema(value, depth + 1) if isinstance(value, dict) \
                    else value
            elif key == "type" and value == "file":
                continue  # OpenAPI 2 upload type: nothing to validate
            else:
                out[key] = value
        if "required" in out and isinstance(out.get("properties"), dict):
            props = node.get("properties") or {}
            out["required"] = [
                r for r in out["required"]
                if not (isinstance(r, str) and isinstance(props, dict)
                        and _directional(self.data, props.get(r)))
            ] if isinstance(out["required"], list) else out["required"]
        if not self.openapi_31 and (node.get("nullable") is True or
                                    node.get("x-nullable") is True):
            if "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
            return {"anyOf": [out, {"type": "null"}]}
        return out


def _directional(data: Any, prop: Any) -> bool:
    prop, _ = oas.resolve(data, prop, ())
    return isinstance(prop, dict) and (prop.get("readOnly") is True or
                                          prop.get("writeOnly") is True)


def example_pairs(data: Any) -> Iterator[tuple[Any, Any, Path]]:
    """(schema, example value, example path) for every example written in the document."""
    oas2 = oas.is_oas2(data)
    for schema, path in all_schemas(data):
        if oas2 and "in" in schema:
            continue  # an OpenAPI 2 non-body parameter is not a JSON Schema
        if "example" in schema:
            yield schema, schema["example"], (*path, "example")
        if isinstance(schema.get("examples"), list) and not oas2:
            for i, value in enumerate(schema["examples"]):
                yield schema, value, (*path, "examples", i)
    for holder, path in oas.written_holders(data):
        if not isinstance(holder, dict) or "$ref" in holder:
            continue
        if oas2:
            examples = holder.get("examples")
            if path[-2:-1] == ("responses",) and "schema" in holder and \
                    isinstance(examples, dict):
                for mime, value in examples.items():
                    if oas.is_json_media(mime):
                        yield holder["schema"], value, (*path, "examples", mime)
            continue
        if "schema" in holder:  # a parameter or header
            for value, vpath in oas.example_values(data, holder, path):
                yield holder["schema"], value, vpath
        content = holder.get("content")
        if isinstance(content, dict):
            for media, entry in content.items():
                if isinstance(entry, dict) and "schema" in entry and oas.is_json_media(media):
                    for value, vpath in oas.example_values(data, entry, (*path, "content", media)):
                        yield entry["schema"], value, vpath


def _validator_class(openapi_31: bool) -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator if openapi_31 else jsonschema.Draft4Validator


@rule_function("examplesValid", schema={"type": ["object", "null"]})
def examples_valid(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    if not isinstance(target, dict):
        return None
    from govlint.functions.core.schema import quick_valid

    openapi_31 = str(target.get("openapi", "")).startswith("3.1")
    inliner = _Inliner(target, openapi_31)
    validator_class = None  # jsonschema is imported only for an example it must judge
    results: list[Result] = []
    seen: set[Path] = set()
    for schema, value, path in example_pairs(target):
        if value is None or path in seen:  # `example: null` is "no example"
            continue
        seen.add(path)
        inlined = inliner.schema(schema)
        if quick_valid(inlined, value, python=True):
            continue
        validator_class = validator_class or _validator_class(openapi_31)
        message = _first_error(validator_class, inlined, value)
        if message is not None:
            results.append(Result(f"example does not match its schema: {message}", path))
    return results


def _first_error(validator_class: Any, schema: Any, value: Any) -> str | None:
    """The most relevant validation error, or None (also when the schema itself is
    unusable: DOC-003 judges examples, not schemas)."""
    try:
        import jsonschema

        validator = validator_class(schema)
        error = jsonschema.exceptions.best_match(validator.iter_errors(value))
    except Exception:  # a broken or exotic schema: say nothing rather than guess
        return None
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path)
    text = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    return f"{'at /' + where + ': ' if where else ''}{text}"


FUNCTIONS = collect(operation_documented, owner_named, examples_valid)
