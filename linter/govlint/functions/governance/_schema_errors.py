"""Turning ``jsonschema`` validation errors into findings (not a rule module), shared by the
validators of custom resources (``k8s-crd-schema``) and of service configs
(``service-config-schema``): one finding per leaf failure, at the offending value, in short
words a reader can act on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from govlint.findings.model import Path


def leaves(errors: Iterable[Any]) -> Iterator[tuple[Path, str]]:
    """(path, message) of each distinct failure: a union explained by its best branch, an
    undeclared field named by its key."""
    seen: set[tuple[Path, str]] = set()
    for error in errors:
        for path, message in _explain(error):
            if (path, message) not in seen:
                seen.add((path, message))
                yield path, message


def _search(pattern: str, key: str) -> bool:
    from govlint.functions.core._regex import compile_bounded

    try:
        return compile_bounded(pattern).search(key) is not None
    except re.error:
        return False


def _explain(error: Any) -> Iterator[tuple[Path, str]]:
    path: Path = tuple(error.absolute_path)
    validator, value, instance = error.validator, error.validator_value, error.instance
    if validator == "additionalProperties" and value is False and isinstance(instance, dict):
        declared = set(error.schema.get("properties") or {})
        patterns = error.schema.get("patternProperties") or {}
        for key in instance:
            if key in declared or any(_search(p, key) for p in patterns):
                continue
            yield (*path, key), f"unknown field {key!r}"
        return
    if validator in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        best = best_match(error.context)
        if best is not None and best.validator not in ("anyOf", "oneOf"):
            yield from _explain(best)
            return
    if validator == "type":
        expected = value if isinstance(value, str) else " or ".join(value)
        yield path, f"expected {expected}, got {_json_type(instance)}"
    elif validator == "enum":
        yield path, f"{_short(instance)} is not one of {', '.join(map(_short, value))}"
    elif validator == "required":
        yield path, error.message
    else:
        yield path, _truncate(error.message)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _short(value: Any) -> str:
    return _truncate(json.dumps(value, default=str), 60)


def _truncate(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
