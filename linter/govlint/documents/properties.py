"""Java ``.properties`` (as ``java.util.Properties.load`` reads them) -> a flat dict.

Also records where each key starts, so a finding on ``/some.key`` points at its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}


@dataclass(slots=True)
class Properties:
    data: dict[str, str] = field(default_factory=dict)
    # key -> (line, column, end_line, end_column) of the key/value pair, 1-based
    spans: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)


def parse_properties(text: str) -> Properties:
    """Never raises: any text is a valid properties file (at worst of odd keys)."""
    out = Properties()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        first = i
        line = lines[i].lstrip(" \t\f")
        i += 1
        if not line or line[0] in "#!":
            continue
        column = len(lines[first]) - len(line) + 1
        # join continuation lines: an odd number of trailing backslashes
        while _continues(line) and i < len(lines):
            line = line[:-1] + lines[i].lstrip(" \t\f")
            i += 1
        if _continues(line):
            line = line[:-1]
        key, value = _split(line)
        if key in out.data:
            out.duplicates.append((key, first + 1, column))
        out.data[key] = value
        out.spans[key] = (first + 1, column, i, len(lines[i - 1]) + 1)
    return out


def _continues(line: str) -> bool:
    trailing = len(line) - len(line.rstrip("\\"))
    return trailing % 2 == 1


def _split(line: str) -> tuple[str, str]:
    """Key ends at the first unescaped '=', ':' or whitespace; separators around it go."""
    k = 0
    while k < len(line):
        c = line[k]
        if c == "\\":
            k += 2
            continue
        if c in "=: \t\f":
            break
        k += 1
    key = line[:k]
    rest = line[k:].lstrip(" \t\f")
    if rest[:1] in ("=", ":"):
        rest = rest[1:].lstrip(" \t\f")
    return _unescape(key), _unescape(rest)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    out: list[str] = []
    k = 0
    while k < len(text):
        c = text[k]
        if c != "\\" or k + 1 >= len(text):
            out.append(c)
            k += 1
            continue
        nxt = text[k + 1]
        if nxt == "u" and k + 6 <= len(text):
            try:
                out.append(chr(int(text[k + 2 : k + 6], 16)))
                k += 6
                continue
            except ValueError:
                pass
        out.append(_ESCAPES.get(nxt, nxt))
        k += 2
    return "".join(out)
