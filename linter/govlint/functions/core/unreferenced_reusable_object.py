"""``unreferencedReusableObject``: every object under ``reusableObjectsLocation`` must be
the target of some local ``$ref`` in the document."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from govlint.findings.model import Path, path_from_pointer
from govlint.functions.api import FunctionContext, Result, rule_function
from govlint.functions.core._js import key_str

_EXAMPLES = (
    'Example valid options: { "reusableObjectsLocation": "#/components/schemas" }, '
    '{ "reusableObjectsLocation": "#/$defs" }'
)
SCHEMA = {
    "type": "object",
    "properties": {
        "reusableObjectsLocation": {
            "type": "string",
            "format": "json-pointer-uri-fragment",
            "errorMessage": '"unreferencedReusableObject" and its "reusableObjectsLocation" '
            'option support only valid JSON Pointer fragments, i.e. "#", "#/foo", '
            '"#/paths/~1user"',
        },
    },
    "additionalProperties": False,
    "required": ["reusableObjectsLocation"],
    "errorMessage": {
        "type": '"unreferencedReusableObject" function has invalid options specified. ' + _EXAMPLES,
        "required": '"unreferencedReusableObject" function is missing "reusableObjectsLocation" '
        "option. " + _EXAMPLES,
    },
}

# The last document scanned and the local $ref targets found in it: rules call this function
# once per match, and the scan is a walk of the whole document.
_last: list[Any] = [None, frozenset()]


_SCALARS = (str, int, float, type(None))


def _local_refs(root: Any) -> frozenset[Path]:
    if _last[0] is root:
        return _last[1]
    found: set[Path] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, _SCALARS):  # most nodes: skip the slower Mapping check
            continue
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                with contextlib.suppress(ValueError):
                    found.add(path_from_pointer(unquote(ref)))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    _last[0], _last[1] = root, frozenset(found)
    return _last[1]


def _raw_document(context: FunctionContext) -> Any:
    # $refs must still be there: prefer the parsed (unresolved) document.
    if context.document is not None:
        return context.document.data
    return context.document_data


@rule_function("unreferencedReusableObject", schema=SCHEMA)
def unreferenced_reusable_object(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not isinstance(target, Mapping):
        return None
    location = path_from_pointer(options["reusableObjectsLocation"])
    referenced = _local_refs(_raw_document(context))
    results = [
        Result("Potential orphaned reusable object has been detected", path=(*location, name))
        for name in target
        if (*location, key_str(name)) not in referenced
    ]
    return results or None
