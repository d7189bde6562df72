"""Source positions in JSON text, computed only when a finding needs one.

A clean run never builds any of this. On the first ``locate`` for a file, :class:`JsonIndex`
makes a *skeleton* of the text in C-speed string operations: escapes neutralised, string
contents blanked, so every remaining bracket is structural. Bracket pairs are then matched
without a Python loop over the text (a stable sort of brackets by depth). Each container's
members are indexed the first time a path goes through it, skipping nested containers in
O(1) through the bracket table; so locating many paths costs about the size of the
containers visited, not of the file.

Spans follow Spectral: an object member's span starts at its key and ends at the end of
its value; an array item's (and the root's) span is the value's own.
"""

from __future__ import annotations

import bisect
import operator
import re
from itertools import accumulate, count

from govlint.documents.model import Span
from govlint.findings.model import Path

_BRACKETS = re.compile(rb"[\[\]{}]")
_DELTA = {123: 1, 91: 1, 125: -1, 93: -1}  # { [ } ]
# One object member in the skeleton: optional separators, "key", colon, value start.
_MEMBER = re.compile(rb'[\s,]*(?:("[^"]*")\s*:\s*|(\}))')
_ITEM = re.compile(rb"[\s,]*(\])?")
_SCALAR_END = re.compile(rb'[^\s,\]}]*')
_COLON = re.compile(rb"\s*:\s*")
_WS = re.compile(rb"\s*")
_SMALL = 16384  # containers smaller than this (bytes) are indexed whole on first visit
_SEARCHES = 4  # a big container searched this often gets indexed whole


def blank_leading_comments(data: bytes) -> bytes:
    """Leading ``/* */`` and ``//`` comments (Sentinel rule files have them) turned into
    spaces, newlines kept, so the JSON parses and every offset stays where it was."""
    i, n = 0, len(data)
    while True:
        while i < n and data[i] in b" \t\r\n":
            i += 1
        if data.startswith(b"/*", i):
            end = data.find(b"*/", i + 2)
            end = n if end < 0 else end + 2
        elif data.startswith(b"//", i):
            end = data.find(b"\n", i)
            end = n if end < 0 else end
        else:
            return data
        data = data[:i] + re.sub(rb"[^\n]", b" ", data[i:end]) + data[end:]
        i = end


class LineIndex:
    """Byte offset -> 1-based (line, column); columns count characters, not bytes."""

    def __init__(self, data: bytes, first_line: int = 1) -> None:
        self.data = data
        lengths = map(len, data.split(b"\n"))
        # start offset of each line: cumulative (length + 1) of the lines before it
        self.starts = [0, *map(operator.add, accumulate(lengths), count(1))][:-1]
        self.first_line = first_line

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        column = len(self.data[start:offset].decode("utf-8", "replace")) + 1
        return line + self.first_line, column


class JsonIndex:
    """Path -> byte range in one JSON text. Build cost ~ a few C passes over the text;
    each lookup searches the parent container for the quoted key (C ``find``) and checks
    its nesting depth, falling back to indexing the container's members (always for arrays,
    and for objects where the key text is ambiguous or too frequent)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        neutral = data
        if b"\\" in data:  # make every remaining '"' a string delimiter, same length
            neutral = data.replace(b"\\\\", b"\0\0").replace(b'\\"', b"\0\0")
        self.neutral = neutral
        parts = neutral.split(b'"')
        parts[1::2] = map(b" ".__mul__, map(len, parts[1::2]))
        self.skel = skel = b'"'.join(parts)
        pieces = _BRACKETS.split(skel)
        positions = list(map(operator.add, accumulate(map(len, pieces)), count()))
        del positions[-1]
        depth = list(accumulate(map(_DELTA.__getitem__, map(skel.__getitem__, positions))))
        self._positions = positions
        self._depth = depth
        self._order = sorted(range(len(depth)), key=depth.__getitem__)
        self._sorted_depth = sorted(depth)
        self._members: dict[int, dict[str | int, tuple[int, int, int]]] = {}
        self._found: dict[tuple[int, str], tuple[int, int, int] | None] = {}
        self._searches: dict[int, int] = {}
        self.lines = LineIndex(data)
        self.duplicates: list[tuple[Path, int]] = []

    def value_start(self) -> int:
        m = _WS.match(self.skel)
        return m.end() if m else 0

    def _bracket(self, offset: int) -> int:
        """Index of the last structural bracket at or before ``offset`` (-1: none)."""
        return bisect.bisect_right(self._positions, offset) - 1

    def _close(self, opener: int) -> int:
        """Offset just after the bracket closing the one at ``opener``."""
        i = self._bracket(opener)
        d = self._depth[i] - 1
        lo = bisect.bisect_left(self._sorted_depth, d)
        hi = bisect.bisect_right(self._sorted_depth, d, lo)
        k = bisect.bisect_right(self._order, i, lo, hi)
        if k >= hi:
            return len(self.skel)
        return self._positions[self._order[k]] + 1

    def _value_end(self, start: int) -> int:
        c = self.skel[start : start + 1]
        if c in (b"{", b"["):
            return self._close(start)
        if c == b'"':
            return self.skel.find(b'"', start + 1) + 1
        m = _SCALAR_END.match(self.skel, start)
        return m.end() if m else start

    def _find_key(self, start: int, key: str) -> tuple[int, int, int] | None:
        """Direct member ``key`` of the object at ``start`` by searching its quoted spelling."""
        if start in self._members:
            return self._members[start].get(key)
        cache_key = (start, key)
        if cache_key in self._found:
            return self._found[cache_key]
        end = self._close(start)
        if end - start < _SMALL or '"' in key or "\\" in key or any(c < " " for c in key):
            return self.members(start).get(key)
        searches = self._searches.get(start, 0) + 1
        if searches > _SEARCHES:  # looked up often: cheaper to index it once
            return self.members(start).get(key)
        self._searches[start] = searches
        self._found[cache_key] = hit = self._search_key(start, end, key)
        return hit

    def _search_key(self, start: int, end: int, key: str) -> tuple[int, int, int] | None:
        needle = b'"' + key.encode("utf-8") + b'"'
        inner = self._depth[self._bracket(start)]
        pos, misses = start, 0
        while misses < 64:
            at = self.data.find(needle, pos, end)
            if at < 0:
                return None
            pos = at + 1
            m = _COLON.match(self.skel, at + len(needle))
            if (
                m is None
                or self.neutral[at] != 34  # an escaped quote, inside a string
                or self._depth[self._bracket(at)] != inner
            ):
                misses += 1
                continue
            vstart = m.end()
            return (at, vstart, self._value_end(vstart))
        return self.members(start).get(key)

    def members(self, start: int, path: Path = ()) -> dict[str | int, tuple[int, int, int]]:
        """Children of the container at ``start``: key -> (span start, value start, end)."""
        cached = self._members.get(start)
        if cached is not None:
            return cached
        out: dict[str | int, tuple[int, int, int]] = {}
        skel, data = self.skel, self.data
        end = self._close(start)
        pos = start + 1
        if skel[start] == 123:  # '{'
            while pos < end:
                m = _MEMBER.match(skel, pos)
                if m is None or m.group(2):
                    break
                key_start = m.start(1)
                raw = data[key_start + 1 : m.end(1) - 1]
                key = _decode_key(raw)
                vstart = m.end()
                vend = self._value_end(vstart)
                if key in out:
                    self.duplicates.append(((*path, key), key_start))
                out[key] = (key_start, vstart, vend)
                pos = vend
        else:
            index = 0
            while pos < end:
                m = _ITEM.match(skel, pos)
                if m is None or m.group(1) or m.end() >= end:
                    break
                vstart = m.end()
                vend = self._value_end(vstart)
                if vend <= vstart:
                    break
                out[index] = (vstart, vstart, vend)
                index += 1
                pos = vend
        self._members[start] = out
        return out

    def locate_offsets(self, path: Path) -> tuple[int, int]:
        """(start, end) byte offsets of ``path``, or of its nearest existing ancestor."""
        start = self.value_start()
        span = (start, self._value_end(start))
        vstart = start
        for key in path:
            c = self.skel[vstart : vstart + 1]
            if c == b"{":
                hit = self._find_key(vstart, str(key))
            elif c == b"[":
                index = key if isinstance(key, int) else int(key) if str(key).isdigit() else -1
                hit = self.members(vstart).get(index)
            else:
                break
            if hit is None:
                break
            span = (hit[0], hit[2])
            vstart = hit[1]
        return span

    def locate(self, path: Path) -> Span:
        start, end = self.locate_offsets(path)
        line, column = self.lines.position(start)
        end_line, end_column = self.lines.position(max(start, end))
        return Span(line, column, end_line, end_column)

    def find_duplicates(self) -> list[tuple[Path, int]]:
        """Every repeated object key in the text, as (path of the repeat, key offset)."""
        self.duplicates = []
        self._members.clear()
        stack: list[tuple[int, Path]] = [(self.value_start(), ())]
        while stack:
            start, path = stack.pop()
            if self.skel[start : start + 1] not in (b"{", b"["):
                continue
            for key, (_, vstart, _) in self.members(start, path).items():
                stack.append((vstart, (*path, key)))
        return sorted(self.duplicates, key=lambda d: d[1])


def _decode_key(raw: bytes) -> str:
    if b"\\" not in raw:
        return raw.decode("utf-8", "replace")
    import orjson

    try:
        value = orjson.loads(b'"' + raw + b'"')
    except orjson.JSONDecodeError:
        return raw.decode("utf-8", "replace")
    return value if isinstance(value, str) else raw.decode("utf-8", "replace")
