"""``service-config-schema``: service configs are valid against the JSON Schema govlint ships
for their type (``schemas/service-configs.json`` maps a type to its schema). The schemas state
what a value means under every governance version; the version's policy (thresholds,
required settings) is left to the TRC/RES/LOG/NAM rules.

Nacos ``.properties`` files have no file schema (a data id holds anything); the fallback
switch sets they carry are checked by NAM-009 and RES-006.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance._schema_errors import leaves

_MAX_ERRORS = 50


@cache
def _types() -> dict[str, str | None]:
    from govlint.resources import schemas_dir

    path = schemas_dir() / "service-configs.json"
    if not path.is_file():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")).get("types") or {})


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    from govlint.resources import schemas_dir

    schema = json.loads((schemas_dir() / name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


@rule_function("serviceConfigSchema")
def service_config_schema(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result] | None:
    doc = context.document
    if doc is None:
        return None
    kinds = sorted(f.partition(":")[2] for f in doc.formats
                   if f.startswith("service-config:"))
    out: list[Result] = []
    for kind in kinds:
        schema = _types().get(kind)
        if not schema:
            continue
        errors = list(_validator(schema).iter_errors(doc.data))
        flat = sorted(leaves(errors), key=lambda e: ([str(p) for p in e[0]], e[1]))
        for path, message in flat[:_MAX_ERRORS]:
            out.append(Result(f"{message} ({kind} schema {schema})", path))
    return out


FUNCTIONS = collect(service_config_schema)
