"""``oasExample``: examples and defaults must be valid against their schema.

Ported from ``oasExample.js``. ``type: media`` validates a media type / parameter / header
``example`` (else each ``examples`` entry's ``value``; 2.0: each ``examples`` mime entry)
against its ``schema``; ``type: schema`` validates a schema's own ``example``, ``default``
(and 2.0 ``x-example``) against the schema. As in Spectral, the schema is first cleaned:
a 2.0 boolean ``required`` dropped, and properties that are ``readOnly`` in a request
(``writeOnly`` in a response) no longer required. Validation is :mod:`.oas_schema`'s.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.oas.oas_schema import run_oas_schema

SCHEMA = {
    "type": "object",
    "properties": {
        "oasVersion": {"enum": [2, 3]},
        "schemaField": {"type": "string"},
        "type": {"enum": ["media", "schema"]},
    },
    "additionalProperties": False,
}

_MISSING = object()
_SCHEMA_FIELDS = {2: ("example", "x-example", "default"), 3: ("example", "default")}
_REQUEST_PATHS = {2: (), 3: (("components", "requestBodies"), ("paths", "*", "*", "requestBody"))}
_RESPONSE_PATHS = {
    2: (("responses",), ("paths", "*", "*", "responses")),
    3: (("components", "responses"), ("paths", "*", "*", "responses")),
}
# json-schema-traverse's keywords: where subschemas are (the rest is data or annotations).
_SCHEMA_KEYWORDS = frozenset(
    {"additionalItems", "items", "contains", "additionalProperties", "propertyNames", "not",
     "if", "then", "else"}
)  # fmt: skip
_ARRAY_KEYWORDS = frozenset({"items", "allOf", "anyOf", "oneOf"})
_PROPS_KEYWORDS = frozenset(
    {"$defs", "definitions", "properties", "patternProperties", "dependencies"}
)  # fmt: skip


def _is_subpath(path: tuple[Any, ...], prefixes: tuple[tuple[str, ...], ...]) -> bool:
    return any(
        len(path) >= len(prefix)
        and all(seg == "*" or seg == path[i] for i, seg in enumerate(prefix))
        for prefix in prefixes
    )


def _media_items(
    target: Mapping[str, Any], path: tuple[Any, ...], version: int
) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    fields = (("examples", True, False),) if version == 2 else (
        ("example", False, False), ("examples", True, True))  # fmt: skip
    for name, multiple, keyed in fields:
        if name not in target:
            continue
        value = target[name]
        if not multiple:
            yield value, (*path, name)
            return
        if not isinstance(value, Mapping):
            continue
        for key, example in value.items():
            if version == 3 and keyed and (
                not isinstance(example, Mapping) or "externalValue" in example
            ):
                continue
            if keyed:
                inner = example.get("value", _MISSING) if isinstance(example, Mapping) else _MISSING
                yield inner, (*path, name, key, "value")
            else:
                yield example, (*path, name, key)
        return


def _copy(node: Any) -> Any:
    """A JSON copy (Spectral's ``JSON.parse(JSON.stringify(schema))``)."""
    if isinstance(node, Mapping):
        return {str(k): _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


def _relax(schema: Any, read_only: bool, write_only: bool, inside_not: bool = False) -> None:
    """Spectral's ``relaxRequired``: drop read-only (write-only) properties from
    ``required`` for a request (response) example, outside ``not``."""
    if not isinstance(schema, dict) or inside_not:
        return
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for name, sub in properties.items():
            if not isinstance(sub, dict):
                continue
            flagged = (sub.get("readOnly") is True and read_only) or (
                sub.get("writeOnly") is True and write_only
            )
            required = schema.get("required")
            if flagged and isinstance(required, list):
                schema["required"] = [p for p in required if p != name]
                if not schema["required"]:
                    del schema["required"]
    for keyword, value in schema.items():
        if keyword == "not":
            continue
        if keyword in _SCHEMA_KEYWORDS and isinstance(value, dict):
            _relax(value, read_only, write_only)
        elif keyword in _ARRAY_KEYWORDS and isinstance(value, list):
            for item in value:
                _relax(item, read_only, write_only)
        elif keyword in _PROPS_KEYWORDS and isinstance(value, dict):
            for item in value.values():
                _relax(item, read_only, write_only)


# Prepared schemas per (source schema, oas2, read-only relaxed, write-only relaxed): the
# resolved document shares schema objects, so each is cleaned (and compiled) once.
_prepared: dict[tuple[int, bool, bool, bool], tuple[Any, Any]] = {}


def prepared_schema(schema: Any, oas2: bool, read_only: bool, write_only: bool) -> Any:
    key = (id(schema), oas2, read_only, write_only)
    hit = _prepared.get(key)
    if hit is None or hit[0] is not schema:
        copy = schema
        if oas2 and isinstance(copy, Mapping) and isinstance(copy.get("required"), bool):
            copy = {k: v for k, v in copy.items() if k != "required"}
        if read_only or write_only:
            # Spectral's cleanSchema only drops ``id`` where jsonschema never reads it.
            copy = _copy(copy)
            _relax(copy, read_only, write_only)
        hit = _prepared[key] = (schema, copy)
    return hit[1]


@rule_function("oasExample", schema=SCHEMA)
def oas_example(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not isinstance(target, Mapping):
        return None
    version = options.get("oasVersion")
    field = options.get("schemaField")
    schema = target if field == "$" else target.get(field)  # type: ignore[arg-type]
    if not isinstance(schema, Mapping):
        return None
    path = tuple(context.path)
    if options.get("type") == "schema":
        items: Any = (
            (target[name], (*path, name)) for name in _SCHEMA_FIELDS.get(version, ())  # type: ignore[arg-type]
            if name in target
        )
        read_only = write_only = False
    else:
        items = _media_items(target, path, version)  # type: ignore[arg-type]
        read_only = _is_subpath(path, _REQUEST_PATHS.get(version, ()))  # type: ignore[arg-type]
        write_only = _is_subpath(path, _RESPONSE_PATHS.get(version, ()))  # type: ignore[arg-type]
    oas2 = context.document is not None and "oas2" in context.document.formats
    prepared = prepared_schema(schema, oas2, read_only, write_only)
    results: list[Result] = []
    first = True
    for value, item_path in items:
        # Spectral validates every item against one fresh copy of the schema: Ajv reports
        # an invalid schema for the first item only, then validates the others with it.
        results.extend(_validate_item(value, prepared, context, item_path, first))
        first = first and value is _MISSING
    return results or None


def _validate_item(
    value: Any, schema: Any, context: FunctionContext, path: tuple[Any, ...], first: bool
) -> list[Result]:
    if value is _MISSING:
        from govlint.functions.core._js import document_root, print_property

        return [Result(f"{print_property(document_root(context), path)}must exist", path=path)]
    return run_oas_schema(value, schema, context, path, meta=first)


FUNCTIONS = collect(oas_example)
