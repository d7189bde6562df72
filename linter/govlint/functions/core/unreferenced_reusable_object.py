"""``unreferencedReusableObject``: every object under ``reusableObjectsLocation`` must be
the target of some local ``$ref`` in the document."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
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


_SCALARS = frozenset({str, int, float, bool, type(None)})
# A "$ref" member with a string value in orjson's compact output (a key is never written
# with escapes there, and a quote inside a string always is).
_REF_MEMBER = re.compile(rb'"\$ref":"((?:[^"\\]|\\.)*)"')


def _local_refs(root: Any) -> frozenset[Path]:
    if _last[0] is root:
        return _last[1]
    found: set[Path] = set()
    for ref in set(_ref_strings(root)):  # ~10 uses of each target: convert once
        if ref.startswith("#"):
            with contextlib.suppress(ValueError):
                found.add(path_from_pointer(unquote(ref)))
    _last[0], _last[1] = root, frozenset(found)
    return _last[1]


def _ref_strings(root: Any) -> Iterator[str]:
    """Every string ``$ref`` value in ``root``. Found in the document serialised by orjson
    (C speed: half the time of walking a big spec's million values in Python); a member
    whose opening quote is escaped is text inside a string, not a key."""
    import orjson

    try:
        text = orjson.dumps(root, option=orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError):  # e.g. an integer beyond 64 bits (YAML)
        yield from _walk_ref_strings(root)
        return
    values: set[bytes] = set()
    for match in _REF_MEMBER.finditer(text):
        start = before = match.start()
        while before and text[before - 1] == 0x5C:  # backslash
            before -= 1
        if (start - before) % 2 == 0:
            values.add(match.group(1))
    for value in values:
        yield orjson.loads(b'"' + value + b'"') if b"\\" in value else value.decode()


def _walk_ref_strings(root: Any) -> Iterator[str]:
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(v for v in node.values() if type(v) not in _SCALARS)
        elif isinstance(node, list):
            stack.extend(v for v in node if type(v) not in _SCALARS)


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
