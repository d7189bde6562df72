"""JavaScript value semantics for JSONPath filter expressions.

Spectral evaluates filters as JavaScript; rulesets in the wild rely on JS truthiness,
``===`` vs ``==``, string/number coercion in ``<``/``>=`` and a handful of String/Array
methods. This module reproduces that subset on plain Python data, so a filter means the
same thing here as under Spectral. Nothing here executes code from the expression.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govlint.functions.core._regex import JsPattern


class JsThrow(Exception):
    """A JS runtime error (``null.x``, calling a non-function): the filter is false."""


class _Undefined:
    """JavaScript's ``undefined``, distinct from ``null`` (Python ``None``)."""

    __slots__ = ()
    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False


UNDEFINED = _Undefined()


class JsRegExp:
    """A compiled JS regular expression literal (``/re/flags``)."""

    __slots__ = ("flags", "pattern", "regex")

    def __init__(self, pattern: str, flags: str) -> None:
        self.pattern = pattern
        self.flags = flags
        self.regex = compile_js_regex(pattern, flags)

    def __repr__(self) -> str:
        return f"/{self.pattern}/{self.flags}"


class JsConstructor:
    """A native function value: what ``value.constructor`` gives (Spectral's own rulesets
    test ``@.enum.constructor.name === 'Array'``) or a method read without calling it
    (``@.name.match``). Only its ``name`` can be read; it is truthy and never called."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"function {self.name}() {{ [native code] }}"


_CONSTRUCTORS = {
    name: JsConstructor(name)
    for name in ("Object", "Array", "String", "Number", "Boolean", "Function")
}

# Methods JavaScript values inherit: reading one gives a function, which is truthy, so a
# guard such as `@.name.match && @.name.match(/x/i)` holds for a string (Italia's rules).
# Only the methods of STRING_METHODS/ARRAY_METHODS can be called; reading any is truthy.
OBJECT_PROTOTYPE = frozenset({
    "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "toString",
    "valueOf", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__",
})
STRING_PROTOTYPE = OBJECT_PROTOTYPE | frozenset({
    "at", "charAt", "charCodeAt", "codePointAt", "concat", "endsWith", "includes", "indexOf",
    "isWellFormed", "lastIndexOf", "localeCompare", "match", "matchAll", "normalize", "padEnd",
    "padStart", "repeat", "replace", "replaceAll", "search", "slice", "split", "startsWith",
    "substr", "substring", "toLocaleLowerCase", "toLocaleUpperCase", "toLowerCase", "toUpperCase",
    "toWellFormed", "trim", "trimEnd", "trimStart", "trimLeft", "trimRight", "anchor", "big",
    "blink", "bold", "fixed", "fontcolor", "fontsize", "italics", "link", "small", "strike",
    "sub", "sup",
})
ARRAY_PROTOTYPE = OBJECT_PROTOTYPE | frozenset({
    "at", "concat", "copyWithin", "entries", "every", "fill", "filter", "find", "findIndex",
    "findLast", "findLastIndex", "flat", "flatMap", "forEach", "includes", "indexOf", "join",
    "keys", "lastIndexOf", "map", "pop", "push", "reduce", "reduceRight", "reverse", "shift",
    "slice", "some", "sort", "splice", "toReversed", "toSorted", "toSpliced", "unshift", "values",
    "with",
})
NUMBER_PROTOTYPE = OBJECT_PROTOTYPE | frozenset(
    {"toExponential", "toFixed", "toPrecision"})
# Every member name some non-object value has: a filter reading `@.<one of these>` may
# hold for a string, array or number, not only for an object that has the key.
PROTOTYPE_MEMBERS = (STRING_PROTOTYPE | ARRAY_PROTOTYPE | NUMBER_PROTOTYPE
                     | frozenset({"length", "constructor"}))
_FUNCTIONS: dict[str, JsConstructor] = {}


def _function(name: str) -> JsConstructor:
    """The (native) function a method name reads as: one object per name, so that
    ``@.a.match === @.b.match`` holds as in JavaScript."""
    function = _FUNCTIONS.get(name)
    if function is None:
        function = _FUNCTIONS[name] = JsConstructor(name)
    return function
_NUM = (int, float)


def is_number(value: Any) -> bool:
    t = type(value)
    return t is int or t is float


def truthy(value: Any) -> bool:
    """JS ToBoolean: objects and arrays are truthy even when empty."""
    t = type(value)
    if t is bool:
        return value
    if t is str:
        return value != ""
    if t is int:
        return value != 0
    if t is float:
        return value != 0.0 and value == value
    return value is not None and value is not UNDEFINED


def typeof(value: Any) -> str:
    t = type(value)
    if t is str:
        return "string"
    if t is bool:
        return "boolean"
    if t is int or t is float:
        return "number"
    if value is UNDEFINED:
        return "undefined"
    if t is JsConstructor:
        return "function"
    return "object"


def number_to_string(value: float | int) -> str:
    if type(value) is int:
        return str(value)
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, _, exp = text.partition("e")
        sign = "-" if exp.startswith("-") else "+"
        text = f"{mantissa.removesuffix('.0')}e{sign}{exp.lstrip('+-').lstrip('0') or '0'}"
    return text


def to_string(value: Any) -> str:
    """JS ToString (String(value))."""
    t = type(value)
    if t is str:
        return value
    if t is bool:
        return "true" if value else "false"
    if t is int or t is float:
        return number_to_string(value)
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if t is list:
        return ",".join("" if v is None or v is UNDEFINED else to_string(v) for v in value)
    if t is JsRegExp or t is JsConstructor:
        return repr(value)
    return "[object Object]"


def key_string(key: Any) -> str:
    """An object member's key as JS sees it (YAML may give int/bool keys; JS has strings)."""
    return key if type(key) is str else to_string(key)


_JS_WHITESPACE = " \t\n\r\v\f\u00a0\ufeff\u2028\u2029"


def string_to_number(text: str) -> float | int:
    s = text.strip(_JS_WHITESPACE)
    if s == "":
        return 0
    try:
        if s[:2].lower() in ("0x", "0o", "0b"):
            return int(s, 0)
        if s in ("Infinity", "+Infinity"):
            return math.inf
        if s == "-Infinity":
            return -math.inf
        if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", s):
            return math.nan
        number = float(s)
    except ValueError:
        return math.nan
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def to_number(value: Any) -> float | int:
    """JS ToNumber; objects go through their string form, as ToPrimitive would."""
    t = type(value)
    if t is int or t is float:
        return value
    if t is bool:
        return 1 if value else 0
    if t is str:
        return string_to_number(value)
    if value is None:
        return 0
    if value is UNDEFINED:
        return math.nan
    return string_to_number(to_string(value))


def to_primitive(value: Any) -> Any:
    t = type(value)
    if t is list or t is dict or t is JsRegExp:
        return to_string(value)
    return value


def strict_equals(a: Any, b: Any) -> bool:
    """JS ``===``: no coercion; objects compare by identity."""
    ta, tb = type(a), type(b)
    if ta is str or tb is str or ta is bool or tb is bool:
        return ta is tb and a == b
    if (ta is int or ta is float) and (tb is int or tb is float):
        return a == b
    return a is b


def loose_equals(a: Any, b: Any) -> bool:
    """JS ``==`` (abstract equality)."""
    ta, tb = type(a), type(b)
    if ta is tb or (ta in _NUM and tb in _NUM):
        return strict_equals(a, b)
    a_nullish = a is None or a is UNDEFINED
    b_nullish = b is None or b is UNDEFINED
    if a_nullish or b_nullish:
        return a_nullish and b_nullish
    if ta is bool:
        return loose_equals(1 if a else 0, b)
    if tb is bool:
        return loose_equals(a, 1 if b else 0)
    if ta in _NUM and tb is str:
        return a == string_to_number(b)
    if ta is str and tb in _NUM:
        return string_to_number(a) == b
    a_obj = ta is list or ta is dict or ta is JsRegExp
    b_obj = tb is list or tb is dict or tb is JsRegExp
    if a_obj and not b_obj:
        return loose_equals(to_primitive(a), b)
    if b_obj and not a_obj:
        return loose_equals(a, to_primitive(b))
    return a is b


def compare(a: Any, b: Any, op: str) -> bool:
    """JS relational operators: two strings compare as text, anything else as numbers."""
    a, b = to_primitive(a), to_primitive(b)
    if type(a) is str and type(b) is str:
        x: Any = a
        y: Any = b
    else:
        x, y = to_number(a), to_number(b)
        if x != x or y != y:
            return False
    if op == "<":
        return x < y
    if op == "<=":
        return x <= y
    if op == ">":
        return x > y
    return x >= y


def add(a: Any, b: Any) -> Any:
    a, b = to_primitive(a), to_primitive(b)
    if type(a) is str or type(b) is str:
        return to_string(a) + to_string(b)
    return _normalize(to_number(a) + to_number(b))


def arithmetic(a: Any, b: Any, op: str) -> Any:
    x, y = to_number(a), to_number(b)
    if op == "-":
        return _normalize(x - y)
    if op == "*":
        return _normalize(x * y)
    if op == "/":
        if y == 0:
            if x == 0 or x != x:
                return math.nan
            return math.copysign(math.inf, x) * math.copysign(1, y)
        return _normalize(x / y)
    if y == 0 or x != x or y != y or x in (math.inf, -math.inf):
        return math.nan
    return _normalize(math.fmod(x, y))


def _normalize(number: float | int) -> float | int:
    if type(number) is float and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def same_value_zero(a: Any, b: Any) -> bool:
    """``Array.prototype.includes`` equality: like ``===`` but NaN equals NaN."""
    if type(a) is float and type(b) is float and a != a and b != b:
        return True
    return strict_equals(a, b)


# --- regular expressions -------------------------------------------------------------


class RegexError(ValueError):
    """A JS regular expression that cannot be translated or compiled."""


@functools.lru_cache(maxsize=512)
def compile_js_regex(pattern: str, flags: str = "") -> JsPattern:
    """A filter's regex literal, compiled by the helper every JS pattern goes through
    (:func:`govlint.functions.core._regex.compile_js_source`: RE2 when it keeps the
    pattern's meaning, else a time budget); ``RegexError`` when V8 would refuse it."""
    from govlint.functions.core._regex import JsRegexError, compile_js_source

    try:
        return compile_js_source(pattern, flags)
    except JsRegexError as exc:
        raise RegexError(str(exc)) from None


def regex_of(value: Any) -> JsPattern:
    """``String.prototype.match``'s argument: a RegExp, or anything made into one."""
    if type(value) is JsRegExp:
        return value.regex
    source = "(?:)" if value is UNDEFINED else to_string(value)
    try:
        return compile_js_regex(source, "")
    except RegexError as exc:
        raise JsThrow(str(exc)) from None


def match_result(match: Any) -> Any:
    if match is None:
        return None
    return [UNDEFINED if g is None else g for g in (match.group(0), *match.groups())]


# --- methods -------------------------------------------------------------------------


def _arg(args: tuple[Any, ...], index: int) -> Any:
    return args[index] if len(args) > index else UNDEFINED


def _position(value: Any, length: int, default: int) -> int:
    if value is UNDEFINED:
        return default
    number = to_number(value)
    if number != number:
        return 0
    pos = int(number) if abs(number) != math.inf else (length if number > 0 else -length)
    if pos < 0:
        pos = max(length + pos, 0)
    return min(pos, length)


def _str_index_of(s: str, args: tuple[Any, ...]) -> int:
    return s.find(to_string(_arg(args, 0)), _position(_arg(args, 1), len(s), 0))


def _str_last_index_of(s: str, args: tuple[Any, ...]) -> int:
    return s.rfind(to_string(_arg(args, 0)))


def _str_includes(s: str, args: tuple[Any, ...]) -> bool:
    needle = _arg(args, 0)
    if type(needle) is JsRegExp:
        raise JsThrow("includes() does not take a RegExp")
    return to_string(needle) in s[_position(_arg(args, 1), len(s), 0) :]


def _str_starts_with(s: str, args: tuple[Any, ...]) -> bool:
    needle = _arg(args, 0)
    if type(needle) is JsRegExp:
        raise JsThrow("startsWith() does not take a RegExp")
    return s.startswith(to_string(needle), _position(_arg(args, 1), len(s), 0))


def _str_ends_with(s: str, args: tuple[Any, ...]) -> bool:
    needle = _arg(args, 0)
    if type(needle) is JsRegExp:
        raise JsThrow("endsWith() does not take a RegExp")
    return s[: _position(_arg(args, 1), len(s), len(s))].endswith(to_string(needle))


def _str_match(s: str, args: tuple[Any, ...]) -> Any:
    pattern = _arg(args, 0)
    if type(pattern) is JsRegExp and "g" in pattern.flags:
        found = [m.group(0) for m in pattern.regex.finditer(s)]
        return found or None
    return match_result(regex_of(pattern).search(s))


def _str_search(s: str, args: tuple[Any, ...]) -> int:
    found = regex_of(_arg(args, 0)).search(s)
    return -1 if found is None else found.start()


def _str_slice(s: str, args: tuple[Any, ...]) -> str:
    n = len(s)
    return s[_position(_arg(args, 0), n, 0) : _position(_arg(args, 1), n, n)]


def _str_substring(s: str, args: tuple[Any, ...]) -> str:
    n = len(s)

    def clamp(value: Any, default: int) -> int:
        if value is UNDEFINED:
            return default
        number = to_number(value)
        return 0 if number != number else int(min(max(number, 0), n))

    start, end = clamp(_arg(args, 0), 0), clamp(_arg(args, 1), n)
    return s[min(start, end) : max(start, end)]


def _str_split(s: str, args: tuple[Any, ...]) -> list[str]:
    sep = _arg(args, 0)
    if sep is UNDEFINED:
        return [s]
    if type(sep) is JsRegExp:
        return sep.regex.split(s)
    sep_text = to_string(sep)
    return list(s) if sep_text == "" else s.split(sep_text)


def _str_char_at(s: str, args: tuple[Any, ...]) -> str:
    pos = _arg(args, 0)
    index = 0 if pos is UNDEFINED else to_number(pos)
    if index != index:
        index = 0
    index = int(index)
    return s[index] if 0 <= index < len(s) else ""


STRING_METHODS: dict[str, Callable[[str, tuple[Any, ...]], Any]] = {
    "match": _str_match,
    "search": _str_search,
    "startsWith": _str_starts_with,
    "endsWith": _str_ends_with,
    "includes": _str_includes,
    "indexOf": _str_index_of,
    "lastIndexOf": _str_last_index_of,
    "toLowerCase": lambda s, args: s.lower(),
    "toUpperCase": lambda s, args: s.upper(),
    "toLocaleLowerCase": lambda s, args: s.lower(),
    "toLocaleUpperCase": lambda s, args: s.upper(),
    "trim": lambda s, args: s.strip(_JS_WHITESPACE),
    "trimStart": lambda s, args: s.lstrip(_JS_WHITESPACE),
    "trimEnd": lambda s, args: s.rstrip(_JS_WHITESPACE),
    "slice": _str_slice,
    "substring": _str_substring,
    "split": _str_split,
    "charAt": _str_char_at,
    "toString": lambda s, args: s,
    "valueOf": lambda s, args: s,
    "concat": lambda s, args: s + "".join(to_string(a) for a in args),
}


def _arr_includes(a: list[Any], args: tuple[Any, ...]) -> bool:
    needle = _arg(args, 0)
    return any(same_value_zero(item, needle) for item in a)


def _arr_index_of(a: list[Any], args: tuple[Any, ...]) -> int:
    needle = _arg(args, 0)
    for index, item in enumerate(a):
        if strict_equals(item, needle):
            return index
    return -1


def _arr_last_index_of(a: list[Any], args: tuple[Any, ...]) -> int:
    needle = _arg(args, 0)
    for index in range(len(a) - 1, -1, -1):
        if strict_equals(a[index], needle):
            return index
    return -1


def _arr_join(a: list[Any], args: tuple[Any, ...]) -> str:
    sep = _arg(args, 0)
    sep_text = "," if sep is UNDEFINED else to_string(sep)
    return sep_text.join("" if v is None or v is UNDEFINED else to_string(v) for v in a)


def _arr_slice(a: list[Any], args: tuple[Any, ...]) -> list[Any]:
    n = len(a)
    return a[_position(_arg(args, 0), n, 0) : _position(_arg(args, 1), n, n)]


ARRAY_METHODS: dict[str, Callable[[list[Any], tuple[Any, ...]], Any]] = {
    "includes": _arr_includes,
    "indexOf": _arr_index_of,
    "lastIndexOf": _arr_last_index_of,
    "join": _arr_join,
    "slice": _arr_slice,
    "toString": lambda a, args: to_string(a),
}


def call_method(receiver: Any, name: str, args: tuple[Any, ...]) -> Any:
    """``receiver.name(...args)`` for the supported String/Array/RegExp methods."""
    t = type(receiver)
    if t is str:
        method = STRING_METHODS.get(name)
        if method is not None:
            return method(receiver, args)
    elif t is list:
        array_method = ARRAY_METHODS.get(name)
        if array_method is not None:
            return array_method(receiver, args)
    elif t is JsRegExp:
        if name == "test":
            return receiver.regex.test(to_string(_arg(args, 0)))
        if name == "exec":
            return match_result(receiver.regex.search(to_string(_arg(args, 0))))
    elif (t is int or t is float) and name == "toString":
        return to_string(receiver)
    elif receiver is None or receiver is UNDEFINED:
        raise JsThrow(f"cannot read properties of {to_string(receiver)} (reading {name!r})")
    raise JsThrow(f"{name} is not a function")


def get_member(obj: Any, prop: Any) -> Any:
    """``obj[prop]`` on document data, with JS's answers for strings, arrays and nullish."""
    t = type(obj)
    if t is dict:
        key = prop if type(prop) is str else to_string(prop)
        value = obj.get(key, UNDEFINED)
        if value is UNDEFINED and len(obj) and type(prop) is not str:
            value = obj.get(prop, UNDEFINED)
        if value is UNDEFINED and key.isdigit():
            value = obj.get(int(key), UNDEFINED)
        if value is UNDEFINED and key == "constructor":
            return _CONSTRUCTORS["Object"]
        if value is UNDEFINED and key in OBJECT_PROTOTYPE:
            return _function(key)
        return value
    if t is list or t is str:
        if prop == "length" and type(prop) is str:
            return len(obj)
        index = _array_index(prop)
        if index is not None and index < len(obj):
            return obj[index]
        if prop == "constructor":
            return _CONSTRUCTORS["Array" if t is list else "String"]
        if type(prop) is str and prop in (ARRAY_PROTOTYPE if t is list else STRING_PROTOTYPE):
            return _function(prop)
        return UNDEFINED
    if obj is None or obj is UNDEFINED:
        raise JsThrow(f"cannot read properties of {to_string(obj)} (reading {to_string(prop)!r})")
    if t is JsConstructor:
        if prop == "name":
            return obj.name
        return _CONSTRUCTORS["Function"] if prop == "constructor" else UNDEFINED
    if prop == "constructor":
        return _CONSTRUCTORS["Boolean" if t is bool else "Number"]
    if type(prop) is str and prop in (OBJECT_PROTOTYPE if t is bool else NUMBER_PROTOTYPE):
        return _function(prop)
    return UNDEFINED


def _array_index(prop: Any) -> int | None:
    t = type(prop)
    if t is int:
        return prop if prop >= 0 else None
    if t is float:
        return int(prop) if prop.is_integer() and prop >= 0 else None
    if t is str and prop.isdigit() and (prop == "0" or not prop.startswith("0")):
        return int(prop)
    return None


def includes(container: Any, item: Any) -> bool:
    """nimma's ``a in b``: ``b.includes(a)`` for arrays and strings; for an object (where
    nimma would throw), JS's own ``in``: does the member exist."""
    t = type(container)
    if t is list:
        return any(same_value_zero(x, item) for x in container)
    if t is str:
        if type(item) is JsRegExp:
            raise JsThrow("includes() does not take a RegExp")
        return to_string(item) in container
    if t is dict:
        return get_member(container, item) is not UNDEFINED
    raise JsThrow(f"cannot use 'in' on {typeof(container)}")


def path_string(path: list[Any] | tuple[Any, ...]) -> str:
    """``@path`` as nimma/jsonpath-plus print it: ``$['paths'][0]``."""
    return "$" + "".join(f"['{p}']" if type(p) is str else f"[{p}]" for p in path)
