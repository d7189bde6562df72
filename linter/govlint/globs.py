"""Glob matching shared by every stage (file discovery, service-config recognition,
ruleset ``overrides``, waivers): minimatch-style ``**``, ``*``, ``?``, ``[...]``, ``{a,b}``."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """Compile a '/'-separated glob. ``**`` spans directories (also zero of them);
    ``*`` and ``?`` never cross '/'. A pattern without '/' matches the base name anywhere,
    as ``.gitignore`` and Spectral's overrides do."""
    if "/" not in pattern.rstrip("/") and not pattern.startswith("**"):
        pattern = "**/" + pattern
    return re.compile(_translate(pattern.lstrip("./") if pattern.startswith("./") else pattern))


def match(path: str, pattern: str) -> bool:
    """Whether the root-relative '/'-path matches ``pattern``."""
    return compile_glob(pattern).fullmatch(path) is not None


def match_any(path: str, patterns: tuple[str, ...] | list[str]) -> bool:
    return any(match(path, p) for p in patterns)


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end + 1
        elif c == "{":
            end = pattern.find("}", i + 1)
            if end == -1:
                out.append(re.escape(c))
                i += 1
            else:
                alternatives = pattern[i + 1 : end].split(",")
                out.append("(?:" + "|".join(_translate(a) for a in alternatives) + ")")
                i = end + 1
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)
