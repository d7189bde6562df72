"""Path globs as the config and the CLI write them, matched on '/'-separated relative paths.

Syntax: ``*`` (any run of characters but '/'), ``?`` (one such character), ``[...]``
(a class, ``[!...]`` negated), ``{a,b}`` (alternatives, nestable), ``**`` as a whole
segment (zero or more directories: ``**/x`` matches ``x`` and ``a/b/x``; a trailing ``/**``
matches everything below). A pattern without '/' matches the base name at any depth, as
in .gitignore (``*.yaml`` is ``**/*.yaml``). Patterns are case-sensitive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_GLOB_CHARS = frozenset("*?[{")


def has_magic(pattern: str) -> bool:
    """True when ``pattern`` uses glob syntax (and so is not a literal path)."""
    return any(c in _GLOB_CHARS for c in pattern)


@lru_cache(maxsize=512)
def compile_glob(pattern: str, anchored: bool = False) -> re.Pattern[str]:
    """Regex that matches a whole relative path against ``pattern``.

    ``anchored``: a pattern without '/' matches only at the top (no implicit ``**/``).
    """
    pattern = pattern.replace("\\", "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    if not anchored and "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    pattern = pattern.rstrip("/") or "**"
    return re.compile(_translate(pattern) + r"\Z", re.DOTALL)


def matches(path: str, patterns: Iterable[str]) -> bool:
    """True when the relative ``path`` matches any of ``patterns``."""
    return any(compile_glob(p).match(path) for p in patterns)


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith("**", i) and (i == 0 or pattern[i - 1] == "/"):
            end = i + 2
            if end == n:  # trailing '**': everything (including nothing) below
                out.append(".*")
                i = end
                continue
            if pattern[end] == "/":  # '**/': zero or more whole directories
                out.append("(?:[^/]*/)*")
                i = end + 1
                continue
        c = pattern[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "]") else i + 1)
            if j < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j
        elif c == "{":
            close = _matching_brace(pattern, i)
            if close < 0:
                out.append(re.escape(c))
            else:
                alternatives = _split_top(pattern[i + 1 : close])
                out.append("(?:" + "|".join(_translate(a) for a in alternatives) + ")")
                i = close
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def _matching_brace(pattern: str, start: int) -> int:
    depth = 0
    for k in range(start, len(pattern)):
        if pattern[k] == "{":
            depth += 1
        elif pattern[k] == "}":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _split_top(body: str) -> list[str]:
    parts, depth, last = [], 0, 0
    for k, c in enumerate(body):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(body[last:k])
            last = k + 1
    parts.append(body[last:])
    return parts
