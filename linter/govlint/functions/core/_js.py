"""JavaScript semantics the core functions need to behave (and word messages) like Spectral.

Spectral's functions run on JS values: truthiness, ``typeof``, ``JSON.stringify`` number
spelling, ``Number(string)``, ``String.prototype.localeCompare``. Python differs on each
(``not []`` is true, ``True == 1``, ``str(1.0)`` is ``"1.0"``), so these helpers spell out
the JS behaviour once.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from govlint.findings.model import Path

_MISSING = object()


def is_number(value: object) -> bool:
    """JS ``typeof value === 'number'`` (a Python bool is not a number here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def js_typeof(value: object) -> str:
    """JS ``typeof`` of a parsed JSON/YAML value (``None`` is JSON null: ``'object'``)."""
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if is_number(value):
        return "number"
    return "object"


def js_truthy(value: object) -> bool:
    """JS truthiness: ``[]`` and ``{}`` are truthy; ``0``, ``NaN``, ``''``, null are not."""
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return value != ""
    if is_number(value):
        return value != 0 and not (isinstance(value, float) and math.isnan(value))
    return True


def js_same_value_zero(a: object, b: object) -> bool:
    """JS ``Array.prototype.includes`` equality for primitives (``true`` is not ``1``)."""
    if js_typeof(a) != js_typeof(b) or (a is None) != (b is None):
        return False
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def js_number(value: float | int) -> str:
    """JS ``Number.prototype.toString`` / ``JSON.stringify`` spelling of a number."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if value == 0:
        return "0"
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    mantissa, _, exponent = repr(value).partition("e")
    if not exponent:
        return mantissa
    digits = mantissa.replace(".", "").lstrip("-")
    exp = int(exponent)
    sign = "-" if value < 0 else ""
    if -7 < exp < 21:
        # JS writes plain decimals for 1e-7 < |x| < 1e21.
        point = exp + 1
        if point <= 0:
            return f"{sign}0.{'0' * -point}{digits}"
        digits = digits.ljust(point, "0")
        return f"{sign}{digits[:point]}.{digits[point:]}".rstrip(".")
    body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{body}e{'+' if exp > 0 else '-'}{abs(exp)}"


def json_stringify(value: object) -> str:
    """``JSON.stringify`` for a primitive (numbers spelled the JS way)."""
    if is_number(value):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return "null"
        return js_number(value)
    return json.dumps(value, ensure_ascii=False)


def print_value(value: object = _MISSING) -> str:
    """Spectral's ``printValue``: JSON for primitives, ``Array[]`` / ``Object{}`` otherwise."""
    if value is _MISSING:
        return "undefined"
    if isinstance(value, Mapping):
        return "Object{}"
    if isinstance(value, (list, tuple)):
        return "Array[]"
    return json_stringify(value)


_JS_WHITESPACE = (
    " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# ``\d+(?:\.\d*)?``, not ``\d+\.?\d*``: the same strings without quadratic backtracking.
_JS_DECIMAL = re.compile(r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|Infinity)", re.ASCII)
_JS_RADIX = re.compile(r"0(?:[xX]([0-9a-fA-F]+)|[oO]([0-7]+)|[bB]([01]+))", re.ASCII)


def js_to_number(value: object) -> float:
    """JS ``Number(value)`` for numbers and strings (anything else is ``NaN``)."""
    if is_number(value):
        return float(value)  # type: ignore[arg-type]
    if not isinstance(value, str):
        return math.nan
    text = value.strip(_JS_WHITESPACE)
    if text == "":
        return 0.0
    if _JS_DECIMAL.fullmatch(text):
        return float(text.replace("Infinity", "inf"))
    radix = _JS_RADIX.fullmatch(text)
    if radix:
        hexa, octal, binary = radix.groups()
        if hexa:
            return float(int(hexa, 16))
        return float(int(octal, 8)) if octal else float(int(binary, 2))
    return math.nan


def decode_pointer_fragment(text: str) -> str:
    return text.replace("~1", "/").replace("~0", "~")


def print_path_dot(path: Sequence[str | int]) -> str:
    """Spectral's ``printPath(path, PrintStyle.Dot)``: ``a.b[0]['with space']``."""
    out: list[str] = []
    for index, segment in enumerate(path):
        if isinstance(segment, int):
            out.append(f"[{segment}]")
        elif segment == "":
            out.append("['']")
        elif any(ch.isspace() for ch in segment):
            out.append(f"['{segment}']")
        elif not math.isnan(js_to_number(segment)):
            out.append(f"[{segment}]")
        else:
            out.append(("" if index == 0 else ".") + segment)
    return decode_pointer_fragment("".join(out))


def _child(node: Any, key: str | int) -> Any:
    if isinstance(node, Mapping):
        return node.get(key, _MISSING)
    if isinstance(node, list):
        if isinstance(key, str):
            if not key.isdigit():
                return _MISSING
            key = int(key)
        return node[key] if 0 <= key < len(node) else _MISSING
    return _MISSING


def closest_path(data: Any, path: Path) -> Path:
    """The longest prefix of ``path`` that exists in ``data`` (Spectral's getClosestJsonPath)."""
    node = data
    for depth, key in enumerate(path):
        node = _child(node, key)
        if node is _MISSING:
            return path[:depth]
    return path


def path_exists(data: Any, path: Path) -> bool:
    return len(closest_path(data, path)) == len(path)


def get_path(data: Any, path: Path) -> Any:
    """Value at ``path`` (``None`` when absent)."""
    node = data
    for key in path:
        node = _child(node, key)
        if node is _MISSING:
            return None
    return node


def property_var(data: Any, path: Path) -> str | int:
    """Spectral's ``{{property}}`` for a result at ``path``.

    For a path that exists it is the last key. For a missing one Spectral prints, dotted,
    the missing part starting at the last existing key (``info.contact`` when ``info`` has no
    ``contact``), or only the last key when nothing but the root exists.
    """
    closest = closest_path(data, path)
    if len(path) > len(closest):
        start = len(closest) - 1
        if start < 0:
            start = len(path) - 1
        return print_path_dot(path[start:])
    return path[-1] if path else ""


def print_property(data: Any, path: Path) -> str:
    """Spectral's ``#{{print("property")}}``: ``'"name" property '`` or ``'The document '``."""
    prop = property_var(data, path)
    if prop != "":
        return f'"{prop}" property '
    return "The document "


def print_value_at(target: object, context: Any) -> str:
    """Spectral's ``#{{print("value")}}``: ``printValue`` of the value where the result is
    reported (``context.path``), which for a key target (``field: '@key'``, a ``~`` query)
    is the member (``Object{}``), not the key; ``target`` where nothing is there."""
    data = document_root(context)
    path = tuple(getattr(context, "path", None) or ())
    if data is not None and path and path_exists(data, path):
        return print_value(get_path(data, path))
    return print_value(target)


def document_root(context: Any) -> Any:
    """The data a function's ``context.path`` points into."""
    data = getattr(context, "document_data", None)
    if data is None:
        document = getattr(context, "document", None)
        if document is not None:
            data = document.data
    return data


def target_exists(target: object, context: Any) -> bool:
    """False when the target is JS ``undefined`` (a missing field), True for present nulls.

    The engine passes ``None`` for both a missing field and a JSON null; only the document
    can tell them apart.
    """
    if target is not None:
        return True
    return path_exists(document_root(context), tuple(context.path))


# --- String.prototype.localeCompare -------------------------------------------------------
# An approximation of ICU's root collation (what Node's localeCompare uses): punctuation and
# symbols sort before digits, digits before letters; letters compare case- and
# accent-insensitively first, then by accents, then lowercase before uppercase.
_ASCII_ORDER = "\t\n\v\f\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789"
_PRIMARY = {ch: i for i, ch in enumerate(_ASCII_ORDER)}
_LETTER_BASE = len(_ASCII_ORDER)


def _collation_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for ch in text:
        if ch in _PRIMARY:
            primary.append(_PRIMARY[ch])
            secondary.append(0)
            tertiary.append(0)
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        lower = base.lower()
        if len(lower) == 1 and "a" <= lower <= "z":
            primary.append(_LETTER_BASE + ord(lower) - ord("a"))
        else:
            primary.append(_LETTER_BASE + 26 + ord(lower[0]))
        secondary.append(sum(ord(m) for m in marks))
        tertiary.append(1 if base != lower else 0)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def locale_compare(a: str, b: str) -> int:
    """``a.localeCompare(b)``: -1, 0 or 1."""
    key_a, key_b = _collation_key(a), _collation_key(b)
    if key_a == key_b:
        return 0
    return -1 if key_a < key_b else 1


def key_str(key: object) -> str:
    """A mapping key as JS sees it (YAML may load ``200:`` or ``true:`` as non-strings)."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return json_stringify(key)
    if is_number(key):
        return js_number(key)  # type: ignore[arg-type]
    return str(key)
