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
from typing import Any

_GLOB_CHARS = frozenset("*?[{")


def has_magic(pattern: str) -> bool:
    """True when ``pattern`` uses glob syntax (and so is not a literal path)."""
    return any(c in _GLOB_CHARS for c in pattern)


@lru_cache(maxsize=512)
def compile_glob(pattern: str, anchored: bool = False) -> re.Pattern[str] | GlobMatcher:
    """What matches a whole relative path against ``pattern`` (its ``.match(path)``).

    ``anchored``: a pattern without '/' matches only at the top (no implicit ``**/``).

    Globs come from untrusted files (``.govlint.yaml``, CODEOWNERS, waivers). Translated
    to a regex, ``{*,*}`` repeated 12 times backtracks for hours; so only patterns whose
    regex cannot backtrack much (at most two wildcards, braces of literal words) run on
    ``re``; any other runs on :class:`GlobMatcher`, a Thompson NFA simulation that takes
    time linear in the path for a given pattern. An invalid class (``[z-a]``) raises
    ``re.error`` either way (callers turn it into a message or finding).
    """
    pattern = pattern.replace("\\", "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    if not anchored and "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    pattern = pattern.rstrip("/") or "**"
    if _simple(pattern):
        return re.compile(_translate(pattern) + r"\Z", re.DOTALL)
    return GlobMatcher(pattern)


_BRACES = re.compile(r"\{[^{}]*\}")


def _simple(pattern: str) -> bool:
    """Whether the regex translation of ``pattern`` is safe to backtrack: at most two
    wildcard runs (``*`` or ``**``) and at most 8 braces, each holding literal words."""
    if "{" in pattern:
        bodies = _BRACES.findall(pattern)
        if len(bodies) > 8 or "{" in _BRACES.sub("", pattern) or any(
                c in body for body in bodies for c in "*?["):
            return False
    return len(re.findall(r"\*+", pattern)) <= 2


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


# --- linear matching ----------------------------------------------------------------------

_CHAR, _SPLIT, _MATCH = 0, 1, 2
_EQ, _NOT_SLASH, _ANY, _CLASS = range(4)


class GlobMatcher:
    """A glob as a Thompson NFA: every state set is advanced once per character, so a
    match costs O(len(path) x states) whatever the pattern (no backtracking)."""

    __slots__ = ("_arg", "_kind", "_next", "_start", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._kind: list[int] = []
        self._arg: list[Any] = []
        self._next: list[list[int]] = []
        match = self._state(_MATCH, None, [])
        self._start = self._sequence(_parse(pattern), match)

    def _state(self, kind: int, arg: Any, nxt: list[int]) -> int:
        self._kind.append(kind)
        self._arg.append(arg)
        self._next.append(nxt)
        return len(self._kind) - 1

    def _sequence(self, items: list[Any], then: int) -> int:
        for item in reversed(items):
            then = self._item(item, then)
        return then

    def _item(self, item: Any, then: int) -> int:
        kind = item[0]
        if kind == "char":
            return self._state(_CHAR, item[1], [then])
        if kind in ("star", "all"):  # [^/]* or .*: loop on one character
            loop = self._state(_SPLIT, None, [])
            char = self._state(_CHAR, (_NOT_SLASH if kind == "star" else _ANY, None), [loop])
            self._next[loop] = [char, then]
            return loop
        if kind == "dirs":  # (?:[^/]*/)*: zero or more whole directories
            loop = self._state(_SPLIT, None, [])
            inner = self._state(_SPLIT, None, [])
            name = self._state(_CHAR, (_NOT_SLASH, None), [inner])
            slash = self._state(_CHAR, (_EQ, "/"), [loop])
            self._next[inner] = [name, slash]
            self._next[loop] = [inner, then]
            return loop
        # alternatives
        return self._state(_SPLIT, None, [self._sequence(alt, then) for alt in item[1]])

    def match(self, path: str) -> bool:
        kinds, args, nexts = self._kind, self._arg, self._next
        current = self._closure([self._start])
        for ch in path:
            step: list[int] = []
            for state in current:
                if kinds[state] != _CHAR:
                    continue
                test, value = args[state]
                if (test == _EQ and ch == value) or (test == _NOT_SLASH and ch != "/") \
                        or test == _ANY or (test == _CLASS and value.match(ch)):
                    step.extend(nexts[state])
            if not step:
                return False
            current = self._closure(step)
        return any(kinds[state] == _MATCH for state in current)

    def _closure(self, states: list[int]) -> list[int]:
        seen: set[int] = set()
        out: list[int] = []
        stack = list(states)
        while stack:
            state = stack.pop()
            if state in seen:
                continue
            seen.add(state)
            if self._kind[state] == _SPLIT:
                stack.extend(self._next[state])
            else:
                out.append(state)
        return out


def _parse(pattern: str) -> list[Any]:
    """The items of a glob, with :func:`_translate`'s reading of each construct."""
    out: list[Any] = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith("**", i) and (i == 0 or pattern[i - 1] == "/"):
            end = i + 2
            if end == n:
                out.append(("all",))
                i = end
                continue
            if pattern[end] == "/":
                out.append(("dirs",))
                i = end + 1
                continue
        c = pattern[i]
        if c == "*":
            out.append(("star",))
        elif c == "?":
            out.append(("char", (_NOT_SLASH, None)))
        elif c == "[":
            j = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "]") else i + 1)
            if j < 0:
                out.append(("char", (_EQ, c)))
            else:
                body = pattern[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                # An invalid class (``[z-a]``) raises re.error, as the regex path does.
                cls = re.compile("[" + body.replace("\\", "\\\\") + "]", re.DOTALL)
                out.append(("char", (_CLASS, cls)))
                i = j
        elif c == "{":
            close = _matching_brace(pattern, i)
            if close < 0:
                out.append(("char", (_EQ, c)))
            else:
                alternatives = _split_top(pattern[i + 1 : close])
                out.append(("alt", [_parse(a) for a in alternatives]))
                i = close
        else:
            out.append(("char", (_EQ, c)))
        i += 1
    return out
