"""Source positions in JSON text, computed only when a finding needs one.

A clean run never builds any of this. On the first ``locate`` for a file, :class:`JsonIndex`
makes a *skeleton* of the text in C-speed string operations: escapes neutralised, string
contents blanked, so every remaining bracket is structural. Bracket pairs are then matched
without a Python loop over the text (a stable sort of brackets by depth). A member of an
object is found by searching its quoted key (C ``find``) inside the object, jumping over
nested containers that happen to hold the same key in O(log n); an object searched for
several keys, and every array, gets its members indexed once instead. Every located path is
cached, so findings that share a parent (most do) cost one step each; locating many paths
costs about the number of distinct steps, not the size of the file.

Columns count characters: ASCII text needs no decoding, and a long line (a minified file is
one line) is measured against per-block character counts, so a position costs O(1)
whatever the offset (decoding from the line start made minified files quadratic).

Spans follow Spectral: an object member's span starts at its key and ends at the end of
its value; an array item's (and the root's) span is the value's own.
"""

from __future__ import annotations

import bisect
import operator
import re
from itertools import accumulate, count
from typing import Any

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
_SEARCHES = 4  # an object searched for this many keys gets indexed whole
_MISSES = 64  # false hits (nested, or a value) before a search gives up and indexes
_INDEX = object()


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
    """Byte offset -> 1-based (line, column); columns count characters, not bytes.

    ``data`` must be valid UTF-8 (orjson checked it) and offsets must fall between
    characters, as every offset of a token does. Per ``_BLOCK`` bytes the newlines
    before it and where its line starts are counted in C on the first call (10 ms for
    13 MB; a list of every line start took 60 ms); a position then counts one block."""

    def __init__(self, data: bytes, first_line: int = 1) -> None:
        self.data = data
        self.first_line = first_line
        self._ascii: bool | None = None
        self._newlines: list[int] = []  # newlines before each block
        self._line_start: list[int] = []  # offset of the line holding each block's start
        self._blocks: list[int] | None = None  # characters before each block

    def _index(self) -> None:
        data = self.data
        newlines, line_start = [0], [0]
        for i in range(_BLOCK, len(data) + 1, _BLOCK):
            newlines.append(newlines[-1] + data.count(b"\n", i - _BLOCK, i))
            last = data.rfind(b"\n", i - _BLOCK, i)
            line_start.append(line_start[-1] if last < 0 else last + 1)
        self._newlines, self._line_start = newlines, line_start
        self._ascii = data.isascii()

    def position(self, offset: int) -> tuple[int, int]:
        if self._ascii is None:
            self._index()
        data = self.data
        k = offset // _BLOCK
        block = k * _BLOCK
        line = self._newlines[k] + data.count(b"\n", block, offset)
        last = data.rfind(b"\n", block, offset)
        start = self._line_start[k] if last < 0 else last + 1
        if self._ascii:
            return line + self.first_line, offset - start + 1
        if offset - start <= _BLOCK:
            return line + self.first_line, _chars(data[start:offset]) + 1
        before = self._char_index(start) if start else 0  # a minified file is one line
        return line + self.first_line, self._char_index(offset) - before + 1

    def _char_index(self, offset: int) -> int:
        """Characters in ``data[:offset]`` (a long line: per-block counts, then one slice)."""
        blocks = self._blocks
        if blocks is None:
            data = self.data
            sizes = (_chars(data[i : i + _BLOCK])
                     for i in range(0, len(data), _BLOCK))
            blocks = self._blocks = [0, *accumulate(sizes)]
        k = offset // _BLOCK
        return blocks[k] + _chars(self.data[k * _BLOCK : offset])


_BLOCK = 1024
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that do not start a character


def _chars(chunk: bytes) -> int:
    """Characters in a slice of valid UTF-8 cut at character boundaries."""
    if chunk.isascii():
        return len(chunk)
    return len(chunk.translate(None, _CONTINUATION))


class JsonIndex:
    """Path -> byte range in one JSON text. Build cost ~ a few C passes over the text;
    each lookup searches the parent object for the quoted key (C ``find``), skipping
    nested containers, or indexes the container's members (always for arrays, and for
    objects searched often or whose key text is ambiguous)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        neutral = data
        if b"\\" in data:  # make every remaining '"' a string delimiter, same length
            neutral = data.replace(b"\\\\", b"\0\0").replace(b'\\"', b"\0\0")
        self.neutral = neutral
        parts = neutral.split(b'"')
        parts[1::2] = map(b" ".__mul__, map(len, parts[1::2]))
        self.skel = skel = b'"'.join(parts)
        del parts
        pieces = _BRACKETS.split(skel)
        positions = list(map(operator.add, accumulate(map(len, pieces)), count()))
        del positions[-1], pieces
        depth = list(accumulate(map(_DELTA.__getitem__, map(skel.__getitem__, positions))))
        self._positions = positions
        self._depth = depth
        # bracket indexes grouped by depth (stable: in text order within a depth)
        self._order = sorted(range(len(depth)), key=depth.__getitem__)
        self._sorted_depth = sorted(depth)
        self._members: dict[int, dict[str | int, tuple[int, int, int]]] = {}
        self._found: dict[tuple[int, str], tuple[int, int, int] | None] = {}
        self._searches: dict[int, int] = {}
        self._paths: dict[Path, tuple[int, int, int]] = {}  # path -> (start, value, end)
        self._ends: dict[int, int] = {}  # container start -> end (searched objects)
        self._root: tuple[int, int, int] | None = None
        self._lines: LineIndex | None = None
        self.duplicates: list[tuple[Path, int]] = []

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.data)
        return self._lines

    def value_start(self) -> int:
        m = _WS.match(self.skel)
        return m.end() if m else 0

    def _bracket(self, offset: int) -> int:
        """Index of the last structural bracket at or before ``offset`` (-1: none)."""
        return bisect.bisect_right(self._positions, offset) - 1

    def _next_at_depth(self, i: int, d: int) -> int:
        """Offset just after the first bracket after bracket ``i`` that leaves depth ``d``
        (the end of the text when there is none)."""
        lo = bisect.bisect_left(self._sorted_depth, d)
        hi = bisect.bisect_right(self._sorted_depth, d, lo)
        k = bisect.bisect_right(self._order, i, lo, hi)
        if k >= hi:
            return len(self.skel)
        return self._positions[self._order[k]] + 1

    def _close(self, opener: int) -> int:
        """Offset just after the bracket closing the one at ``opener``."""
        i = self._bracket(opener)
        return self._next_at_depth(i, self._depth[i] - 1)

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
        members = self._members.get(start)
        if members is not None:
            return members.get(key)
        cache_key = (start, key)
        found = self._found.get(cache_key, _INDEX)
        if found is not _INDEX:
            return found  # type: ignore[return-value]
        if '"' in key or "\\" in key or not key.isprintable():
            return self.members(start).get(key)
        searches = self._searches.get(start, 0) + 1
        if searches > _SEARCHES:  # looked up often: cheaper to index it once
            return self.members(start).get(key)
        self._searches[start] = searches
        hit = self._search_key(start, key)
        if hit is _INDEX:
            return self.members(start).get(key)
        self._found[cache_key] = hit  # type: ignore[assignment]
        return hit  # type: ignore[return-value]

    def _search_key(self, start: int, key: str) -> tuple[int, int, int] | object | None:
        """The first ``"key":`` directly inside the object at ``start``; a hit inside a
        nested container jumps to that container's end. ``_INDEX``: too many false hits.
        The value's end is left at -1: only the last step of a path needs it."""
        needle = b'"' + key.encode("utf-8") + b'"'
        i = self._bracket(start)
        inner = self._depth[i]
        end = self._ends.get(start)
        if end is None:
            end = self._ends[start] = self._next_at_depth(i, inner - 1)
        neutral, skel, depth = self.neutral, self.skel, self._depth
        positions = self._positions
        pos, misses = start + 1, 0
        while misses < _MISSES:
            at = neutral.find(needle, pos, end)
            if at < 0:
                return None
            b = bisect.bisect_right(positions, at) - 1
            if depth[b] != inner:  # inside a nested container: skip all of it
                pos = self._next_at_depth(b, inner)
                misses += 1
                continue
            m = _COLON.match(skel, at + len(needle))
            if m is None:  # a string value (or text spanning two strings), not a key
                pos = at + 1
                misses += 1
                continue
            return (at, m.end(), -1)
        return _INDEX

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

    def _child(self, vstart: int, key: str | int) -> tuple[int, int, int] | None:
        c = self.skel[vstart]
        if c == 123:  # '{'
            return self._find_key(vstart, key if type(key) is str else str(key))
        if c == 91:  # '['
            if type(key) is not int:
                key = str(key)
                if not key.isdigit():
                    return None
                key = int(key)
            return self.members(vstart).get(key)
        return None

    def locate_offsets(self, path: Path) -> tuple[int, int]:
        """(start, end) byte offsets of ``path``, or of its nearest existing ancestor."""
        paths = self._paths
        hit = paths.get(path)
        if hit is None:
            hit = self._descend(path)
        if hit[2] >= 0:
            return hit[0], hit[2]
        # a searched member: its end is computed when asked for (only a path's last step)
        end = self._ends.get(hit[1])
        if end is None:
            end = self._ends[hit[1]] = self._value_end(hit[1])
        return hit[0], end

    def _descend(self, path: Path) -> tuple[int, int, int]:
        """Entry of ``path`` (or of its nearest existing ancestor), from the longest
        prefix located before."""
        paths = self._paths
        hit = None
        k = len(path) - 1
        while k > 0:
            hit = paths.get(path[:k])
            if hit is not None:
                break
            k -= 1
        if hit is None:
            if self._root is None:
                start = self.value_start()
                self._root = (start, start, self._value_end(start))
            hit, k = self._root, 0
        size = len(self.skel)
        for i in range(k, len(path)):
            if hit[1] >= size:
                break
            child = self._child(hit[1], path[i])
            if child is None:
                break
            hit = paths[path[: i + 1]] = child
        return hit

    def locate(self, path: Path) -> Span:
        start, end = self.locate_offsets(path)
        lines = self.lines
        line, column = lines.position(start)
        end_line, end_column = lines.position(max(start, end))
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


class CanonicalIndex:
    """Positions by arithmetic, for text that is exactly orjson's serialisation of its data:
    compact, or indented by two spaces (what ``JSON.stringify(x, null, 2)`` and most spec
    generators and bundlers write). There every member's text is the serialisation of its
    value, so a container's member offsets are running sums of serialised lengths: no scan
    of the text at all. :func:`canonical_index` checks the whole text first."""

    def __init__(self, data: bytes, value: Any, indent: bool) -> None:
        self.data = data
        self.value = value
        self.indent = indent
        self.lines = LineIndex(data)
        end = len(data.rstrip())
        self._paths: dict[Path, tuple[int, int, int, Any]] = {(): (0, 0, end, value)}
        self._members: dict[int, dict[Any, tuple[int, int, int, Any]]] = {}
        import orjson

        self._dumps = orjson.dumps
        self._option = orjson.OPT_INDENT_2

    def members(self, start: int, node: Any, depth: int) -> dict[Any, tuple[int, int, int, Any]]:
        """Children of the container ``node`` written at ``start``, ``depth`` levels down:
        key -> (span start, value start, value end, value)."""
        cached = self._members.get(start)
        if cached is not None:
            return cached
        dumps = self._dumps
        out: dict[Any, tuple[int, int, int, Any]] = {}
        pos = start + 1
        if self.indent:
            pad = 2 * (depth + 1)
            lead = 1 + pad  # "\n" + indentation before each member
            option = self._option
            if type(node) is dict:
                for k, v in node.items():
                    key_start = pos + lead
                    vstart = key_start + len(dumps(k)) + 2  # '"key": '
                    text = dumps(v, None, option)
                    # a nested value's lines are indented ``pad`` more than dumped alone
                    pos = vstart + len(text) + pad * text.count(b"\n")
                    out[k] = (key_start, vstart, pos, v)
                    pos += 1  # the comma
            else:
                for i, v in enumerate(node):
                    vstart = pos + lead
                    text = dumps(v, None, option)
                    pos = vstart + len(text) + pad * text.count(b"\n")
                    out[i] = (vstart, vstart, pos, v)
                    pos += 1
        elif type(node) is dict:
            for k, v in node.items():
                vstart = pos + len(dumps(k)) + 1  # '"key":'
                end = vstart + len(dumps(v))
                out[k] = (pos, vstart, end, v)
                pos = end + 1
        else:
            for i, v in enumerate(node):
                end = pos + len(dumps(v))
                out[i] = (pos, pos, end, v)
                pos = end + 1
        self._members[start] = out
        return out

    def locate_offsets(self, path: Path) -> tuple[int, int]:
        """(start, end) byte offsets of ``path``, or of its nearest existing ancestor."""
        paths = self._paths
        hit = paths.get(path)
        if hit is not None:
            return hit[0], hit[2]
        k = len(path) - 1
        while k > 0:
            hit = paths.get(path[:k])
            if hit is not None:
                break
            k -= 1
        if hit is None:
            hit, k = paths[()], 0
        for i in range(k, len(path)):
            node = hit[3]
            key = path[i]
            if type(node) is dict:
                if type(key) is not str:
                    key = str(key)
            elif type(node) is list:
                if type(key) is not int:
                    key = str(key)
                    if not key.isdigit():
                        break
                    key = int(key)
            else:
                break
            if not node or key not in node if type(node) is dict else key >= len(node):
                break
            child = self.members(hit[1], node, i).get(key)
            if child is None:
                break
            hit = paths[path[: i + 1]] = child
        return hit[0], hit[2]

    def locate(self, path: Path) -> Span:
        start, end = self.locate_offsets(path)
        line, column = self.lines.position(start)
        end_line, end_column = self.lines.position(max(start, end))
        return Span(line, column, end_line, end_column)


def canonical_index(data: bytes, value: Any) -> CanonicalIndex | None:
    """A :class:`CanonicalIndex` when ``data`` is exactly orjson's compact or 2-space
    serialisation of ``value`` (plus trailing whitespace), else ``None``."""
    import orjson

    indent = data[1:2] == b"\n"
    try:
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2 if indent else 0)
    except (TypeError, orjson.JSONEncodeError):
        return None
    if not data.startswith(text) or data[len(text):].strip():
        return None
    return CanonicalIndex(data, value, indent)
