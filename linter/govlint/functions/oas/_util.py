"""What several ``spectral:oas`` functions share: Spectral's ``isObject`` /
``isPlainObject``, ``getAllOperations``, and the JavaScript conversions their messages and
lookups rely on (``String(x)``, the ``in`` operator on a plain object)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from govlint.functions.core._js import is_number, js_number, key_str

OPERATION_KEYS = ("get", "head", "post", "put", "patch", "delete", "options", "trace")

# What ``name in {}`` finds on any JS object: Object.prototype's members.
_OBJECT_PROTOTYPE = frozenset({
    "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
    "toLocaleString", "toString", "valueOf", "__proto__", "__defineGetter__",
    "__defineSetter__", "__lookupGetter__", "__lookupSetter__",
})


def is_object(value: Any) -> bool:
    """Spectral's ``isObject``: ``typeof value === 'object'`` and not null (arrays too)."""
    return isinstance(value, (Mapping, list))


def is_plain_object(value: Any) -> bool:
    """``@stoplight/json``'s ``isPlainObject``: a mapping, not an array."""
    return isinstance(value, Mapping)


def js_string(value: Any) -> str:
    """JS ``String(value)`` for parsed JSON/YAML values."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return js_number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ",".join("" if v is None else js_string(v) for v in value)
    return "[object Object]"


def js_in(name: Any, obj: Mapping[Any, Any]) -> bool:
    """JS ``name in obj`` for a plain object: own keys and Object.prototype's members."""
    key = js_string(name)
    if key in obj or key in _OBJECT_PROTOTYPE:
        return True
    return any(not isinstance(k, str) and key_str(k) == key for k in obj)


def get_all_operations(paths: Any) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """``getAllOperations``: (path key, method, operation) for each operation object."""
    if not isinstance(paths, Mapping):
        return
    for path, item in paths.items():
        if not isinstance(item, Mapping):
            continue
        for method, operation in item.items():
            if isinstance(operation, Mapping) and method in OPERATION_KEYS:
                yield key_str(path), method, operation
