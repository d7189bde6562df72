"""``serverVariables``: a Server Object's ``{variables}`` in ``url`` and its ``variables``
agree (none missing, none unused), defaults are among the ``enum`` and present
(``requireDefault``), and substituting the values yields valid URLs
(``checkSubstitutions``). From spectral-rulesets' shared functions."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

from govlint.findings.model import Path
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._js import js_same_value_zero, key_str

SCHEMA = {
    "type": ["object", "null"],
    "properties": {
        "checkSubstitutions": {"type": "boolean"},
        "requireDefault": {"type": "boolean"},
    },
    "additionalProperties": False,
}
_VARIABLE_KEYS = frozenset({"enum", "default", "description", "examples"})
_URL_VARIABLE = re.compile(r"\{([^\n\r\u2028\u2029]+?)\}")
_LINE_BREAK = re.compile("[\n\r\u2028\u2029]")


def url_variables(url: str) -> list[str]:
    """``_URL_VARIABLE.findall(url)`` in linear time: the lazy regex rescans to the end of
    the line from every ``{`` (a 50 KB server URL of ``{`` took minutes). A match runs from
    a ``{`` to the first ``}`` at least two characters on, with no line break in between;
    the next ``}`` and the next line break are looked up once and reused while they are
    still ahead."""
    out: list[str] = []
    pos, close, brk = 0, -1, -1
    while True:
        start = url.find("{", pos)
        if start < 0:
            return out
        if close < start + 2:
            close = url.find("}", start + 2)
            if close < 0:
                return out
        if brk < start + 1:
            found = _LINE_BREAK.search(url, start + 1)
            brk = found.start() if found else len(url)
        if brk < close:  # every start before the break would cross it
            pos = brk + 1
            continue
        out.append(url[start + 1:close])
        pos = close + 1


_ENCODE_URI_SAFE = ";,/?:@&=+$-_.!~*'()#"
_MAX_INVALID = 5


def _valid_variable(variable: Any) -> bool:
    if not isinstance(variable, Mapping):
        return False
    for key, value in variable.items():
        if not isinstance(key, str) or (key not in _VARIABLE_KEYS and not key.startswith("x-")):
            return False
        if key == "enum" and not (isinstance(value, list) and all(isinstance(v, str)
                                                                  for v in value)):
            return False
        if key in ("default", "description", "examples") and not isinstance(value, str):
            return False
    return True


def _valid_input(target: Any) -> bool:
    """Spectral's input schema for a Server Object (invalid: "Invalid Server Object")."""
    if not isinstance(target, Mapping) or not isinstance(target.get("url"), str):
        return False
    variables = target.get("variables", {})
    return isinstance(variables, Mapping) and all(_valid_variable(v) for v in variables.values())


def _js_replace_all(text: str, needle: str, replacement: str) -> str:
    """``text.replace(/needle/g, replacement)`` with JS's ``$`` patterns in the replacement."""
    out: list[str] = []
    start = 0
    while True:
        found = text.find(needle, start)
        if found < 0:
            out.append(text[start:])
            return "".join(out)
        out.append(text[start:found])
        out.append(_expand(replacement, text, found, found + len(needle)))
        start = found + len(needle)


def _expand(replacement: str, text: str, start: int, end: int) -> str:
    if "$" not in replacement:
        return replacement
    parts = {"$": "$", "&": text[start:end], "`": text[:start], "'": text[end:]}
    return re.sub(r"\$([$&`'])", lambda m: parts[m.group(1)], replacement)


def _substitutions(url: str, pairs: list[tuple[str, list[str]]]) -> Iterator[str]:
    """``applyUrlVariables``: every combination of the variables' values, in order."""
    def walk(current: str, index: int) -> Iterator[str]:
        name, values = pairs[index]
        for value in values:
            substituted = _js_replace_all(current, "{" + name + "}", quote(value, _ENCODE_URI_SAFE))
            if index == len(pairs) - 1:
                yield substituted
            else:
                yield from walk(substituted, index + 1)

    return walk(url, 0)


def _check_substitutions(url: str, pairs: list[tuple[str, list[str]]], path: Path) -> list[Result]:
    if not pairs:
        return []
    from govlint.functions.oas._whatwg_url import is_valid_url

    invalid: list[str] = []
    for candidate in _substitutions(url, pairs):
        if not is_valid_url(candidate):
            invalid.append(candidate)
            if len(invalid) == _MAX_INVALID:
                return [Result(
                    "At least 5 substitutions of server variables resulted in invalid URLs: "
                    f"{', '.join(invalid)} and more", path=(*path, "variables"),
                )]
    if invalid:
        return [Result("A few substitutions of server variables resulted in invalid URLs: "
                       f"{', '.join(invalid)}", path=(*path, "variables"))]
    return []


@rule_function("serverVariables", schema=SCHEMA)
def server_variables(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not _valid_input(target):
        return [Result("Invalid Server Object")]
    options = options or {}
    path = tuple(context.path)
    url: str = target["url"]
    variables = target.get("variables")
    found = url_variables(url)
    defined = [key_str(k) for k in variables] if variables is not None else []
    results = [
        Result(f'Server\'s "variables" object has unused defined "{name}" url variable.',
               path=(*path, "variables", name))
        for name in defined
        if name not in found
    ]
    if not found:
        return results or None
    missing = [name for name in found if name not in defined]
    if missing:
        results.append(Result(
            "Not all server's variables are described with \"variables\" object. "
            f"Missed: {', '.join(missing)}.", path=(*path, "variables"),
        ))
    if variables is None:
        return results or None
    pairs: list[tuple[str, list[str]]] = []
    by_name = {key_str(k): v for k, v in variables.items()}
    for name in defined:
        if name not in found:
            continue
        variable = by_name[name]
        default = variable.get("default")
        if "enum" in variable:
            pairs.append((name, list(variable["enum"])))
            if "default" in variable and not any(
                js_same_value_zero(v, default) for v in variable["enum"]
            ):
                results.append(Result(
                    f'Server Variable "{name}" has a default not listed in the enum.',
                    path=(*path, "variables", name, "default"),
                ))
        else:
            pairs.append((name, [default] if "default" in variable else []))
        if "default" not in variable and options.get("requireDefault") is True:
            results.append(Result(f'Server Variable "{name}" has a missing default.',
                                  path=(*path, "variables", name)))
    if options.get("checkSubstitutions") is True:
        results.extend(_check_substitutions(url, pairs, path))
    return results or None


FUNCTIONS = collect(server_variables)
