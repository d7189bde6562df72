"""Walking the JSON Schemas written in an OpenAPI document (not a rule module): each schema
object once, where it is written, so a finding about a shared schema is reported once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from govlint.findings.model import Path
from govlint.functions.governance._memo import latest
from govlint.functions.governance._openapi import entries, is_oas2, written_holders

# Sub-schema keywords: name -> how the value holds schemas.
SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs", "definitions")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_ONE = ("not", "contains", "if", "then", "else", "additionalProperties",
              "unevaluatedProperties", "propertyNames", "additionalItems")


def sub_schemas(schema: Mapping[str, Any], path: Path) -> Iterator[tuple[Any, Path]]:
    """Direct sub-schemas of a schema (not following ``$ref``)."""
    for key in SCHEMA_MAPS:
        value = schema.get(key)
        if isinstance(value, dict):
            for name, sub in value.items():
                yield sub, (*path, key, name)
    for key in SCHEMA_LISTS:
        value = schema.get(key)
        if isinstance(value, list):
            for i, sub in enumerate(value):
                yield sub, (*path, key, i)
    for key in SCHEMA_ONE:
        value = schema.get(key)
        if isinstance(value, dict):
            yield value, (*path, key)
    items = schema.get("items")
    if isinstance(items, dict):
        yield items, (*path, "items")
    elif isinstance(items, list):
        for i, sub in enumerate(items):
            yield sub, (*path, "items", i)


def _media_schemas(holder: Any, path: Path) -> Iterator[tuple[Any, Path]]:
    """Schemas of a parameter/response/request body/header: ``schema`` and ``content.*``."""
    if not isinstance(holder, dict) or "$ref" in holder:
        return
    if isinstance(holder.get("schema"), dict):
        yield holder["schema"], (*path, "schema")
    content = holder.get("content")
    if isinstance(content, dict):
        for media, entry in content.items():
            if isinstance(entry, dict) and isinstance(entry.get("schema"), dict):
                yield entry["schema"], (*path, "content", media, "schema")


def root_schemas(data: Any) -> Iterator[tuple[Any, Path]]:
    """Every place the document defines a schema directly (not via ``$ref``)."""
    if not isinstance(data, dict):
        return
    yield from entries(data, (("definitions",), ("components", "schemas")))
    oas2 = is_oas2(data)
    for holder, path in written_holders(data):
        yield from _media_schemas(holder, path)
        # OAS 2 non-body parameters carry type/enum/items themselves.
        if oas2 and isinstance(holder, dict) and holder.get("in") not in (None, "body") \
                and "$ref" not in holder:
            yield holder, path


@latest
def all_schemas(data: Any) -> list[tuple[Mapping[str, Any], Path]]:
    """Every schema object written in the document, each once, with its path."""
    return list(_all_schemas(data))


def _all_schemas(data: Any) -> Iterator[tuple[Mapping[str, Any], Path]]:
    stack = list(root_schemas(data))
    stack.reverse()
    seen: set[int] = set()
    while stack:
        schema, path = stack.pop()
        if not isinstance(schema, dict) or "$ref" in schema or id(schema) in seen:
            continue
        seen.add(id(schema))
        yield schema, path
        children = list(sub_schemas(schema, path))
        children.reverse()
        stack.extend(children)
