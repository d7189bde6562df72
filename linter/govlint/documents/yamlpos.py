"""Source positions in YAML, computed only when a finding needs one.

Block-style YAML (what tools dump and most people write) is located by a *line scanner*:
a mapping's key ``k`` at indentation ``n`` is the text ``"\\n" + n spaces + k + ":"`` inside
the mapping's lines (C ``find``; nested mappings are indented deeper, so they never match),
a sequence's items are its ``-`` lines at its indentation, and where a block node ends is
the next line indented less (one regex search). Nothing is parsed besides the lines a path
goes through, so locating thousands of paths in a 10 MB file costs milliseconds, where
PyYAML's composer needs seconds before the first one.

Anything the scanner does not model exactly (anchors, aliases, tags, complex ``?`` keys,
merge keys, non-empty flow collections, tabs, CR line ends, explicit block indentation,
several documents in one text, non-string keys, a key the text does not spell plainly or
quoted) sends the document to the composer, as before: PyYAML composes the text (nodes carry
marks; no objects are constructed), later lookups reuse that tree. Both give PyYAML's marks:
a mapping member spans from its key to the end of its value, a sequence item is its own
value, a block collection ends where the next token starts, a block scalar at the start of
the line after it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from govlint.documents.model import Span
from govlint.documents.yamlload import _DEEP_BLOCK, _DEEP_FLOW, Chunk, _loader_class
from govlint.findings.model import Path

_MARKER = re.compile(r"^---(?=[ \n]|$)", re.M)  # for match() only: slow to search with
_NEXT_MARKER = re.compile(r"\n---(?=[ \n]|\Z)")  # a literal prefix: fast to search
# Tried only where a run of spaces starts (the scalar itself starts with a non-space): from
# every space of a run, ``[ ]+#|[ ]*$`` rescanned the rest of the run (quadratic: a plain
# scalar with 50 KB of inner spaces took minutes to locate).
_END_OF_PLAIN = re.compile(r"(?<![ ])(?:[ ]+#|[ ]*$)", re.M)
# Quoted scalars as unrolled loops (a run of plain characters is one repeat in C, not one
# alternation per character: 10x faster on long descriptions).
_DOUBLE = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"')
_SINGLE = re.compile(r"'[^']*(?:''[^']*)*'")
_NEXT_LINE = re.compile(r"\n(?:[ ]*\n)*([ ]*)(?=[^ \n])")  # the next non-blank line
_EMPTY_FLOW = re.compile(r"\[[ ]*\]|\{[ ]*\}")
_EXPLICIT_INDENT = re.compile(r"[|>][-+]?[0-9]")
_KEY_END = re.compile(r":(?:[ ]|$)", re.M)
_LEAD = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*[ ]*")  # blanks and comment lines, then spaces


class _Fallback(Exception):
    """The text uses something the line scanner does not model: compose instead."""


class YamlLocator:
    """Callable ``path -> Span`` for one YAML document (one chunk, or the n-th document of
    a whole stream when chunks and documents could not be paired)."""

    def __init__(self, chunk: Chunk, nth: int = 0, data: Any = None) -> None:
        self.chunk = chunk
        self.nth = nth
        self.data = data
        self._scanner: _Scanner | None = None
        # the scanner is guided by the data (which keys exist): without it, compose
        self._use_scanner: bool | None = None if nth == 0 and data is not None else False
        self._root: Any = None
        self._composed = False
        self._maps: dict[int, dict[Any, tuple[Any, Any]]] = {}

    def __call__(self, path: Path) -> Span:
        if self._use_scanner is None:
            self._use_scanner = _scannable(self.chunk.text)
            if self._use_scanner:
                self._scanner = _Scanner(self.chunk.text)
        if self._use_scanner and self._scanner is not None:
            try:
                start, end = self._scanner.locate(path, self.data)
            except _Fallback:
                self._use_scanner = False
                self._scanner = None
            else:
                first = self.chunk.first_line
                line, column = self._scanner.position(start)
                end_line, end_column = self._scanner.position(end)
                return Span(line + first, column, end_line + first, end_column)
        return self._composed_span(path)

    # --- the composer (PyYAML) ---------------------------------------------------------

    def _compose(self) -> Any:
        if not self._composed:
            self._composed = True
            text = self.chunk.text
            pure = bool(_DEEP_FLOW.search(text) or _DEEP_BLOCK.search(text))
            loader = _loader_class(pure)(text)
            try:
                for _ in range(self.nth + 1):
                    if not loader.check_node():
                        break
                    self._root = loader.get_node()
            except Exception:  # broken text: positions fall back to the document start
                pass
            finally:
                loader.dispose()
        return self._root

    def _composed_span(self, path: Path) -> Span:
        import yaml

        node = self._compose()
        if node is None:
            line = self.chunk.first_line
            return Span(line, 1, line, 1)
        start_mark, end_mark = node.start_mark, node.end_mark
        for key in path:
            if isinstance(node, yaml.MappingNode):
                members = self._maps.get(id(node))
                if members is None:
                    members = {
                        k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)
                    }
                    self._maps[id(node)] = members
                hit = members.get(key)
                if hit is None and not isinstance(key, str):
                    hit = members.get(str(key))
                if hit is None:
                    break
                start_mark, end_mark, node = hit[0].start_mark, hit[1].end_mark, hit[1]
            elif isinstance(node, yaml.SequenceNode):
                try:
                    index = int(key)
                except (TypeError, ValueError):
                    break
                if not 0 <= index < len(node.value):
                    break
                node = node.value[index]
                start_mark, end_mark = node.start_mark, node.end_mark
            else:
                break
        first = self.chunk.first_line
        return Span(start_mark.line + first, start_mark.column + 1,
                    end_mark.line + first, end_mark.column + 1)


# --- the line scanner -----------------------------------------------------------------

# Text-wide: CR line ends and '...' document ends are left to the composer.
_DOCUMENT_END = re.compile(r"\n\.\.\.(?=[ \n]|\Z)")
# What a node may not start with: anchor, alias, tag, complex key, reserved, directive.
_NODE_FALLBACK = frozenset("&*!?%@`")


def _find_marker(text: str, pos: int = 0) -> tuple[int, int] | None:
    """(start, end) of the first '---' line at or after ``pos``."""
    m = _MARKER.match(text, pos) if pos == 0 else None
    if m is not None:
        return m.start(), m.end()
    m = _NEXT_MARKER.search(text, pos)
    return (m.start() + 1, m.end()) if m is not None else None


def _unsupported(body: str) -> bool:
    return ("\r" in body or _DOCUMENT_END.search(body) is not None
            or (body.startswith("...") and body[3:4] in ("", " ", "\n")))


def _scannable(text: str) -> bool:
    """True when the line scanner models everything in ``text`` (a few literal searches)."""
    body = text
    marker = _find_marker(text)
    if marker is not None:  # the document's own '---' (a chunk holds one document)
        start, end = marker
        if _find_marker(text, end) is not None:
            return False
        nl = text.find("\n", end)
        rest = text[end : nl if nl >= 0 else None]
        if rest.strip() and not rest.strip().startswith("#"):
            return False  # '--- value' on the marker line
        body = text[:start] + " " * (len(rest) + 3) + text[end + len(rest):]
    return not _unsupported(body)


_LINE_BLOCK = 1024


class _Scanner:
    """Offsets of paths in block-style YAML text; raises :class:`_Fallback` otherwise."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._newlines: list[int] = []  # newlines before each _LINE_BLOCK of the text
        self._line_start: list[int] = []  # where the line holding each block's start starts
        self._paths: dict[Path, tuple[int, int, int, int]] = {}  # -> start, value, end, indent
        # paths found so far, as a tree: [(start, value, end, indent), data, {key: child}]
        self._tree: list[Any] | None = None
        self._kinds: dict[int, str] = {}
        self._indents: dict[int, int] = {}  # mapping start -> its column
        self._ends: dict[tuple[int, int], int] = {}
        self._items: dict[int, list[int]] = {}
        self._keys: dict[int, dict[str, tuple[int, int]]] = {}
        self._value_ends: dict[int, int] = {}
        self._clear: dict[int, int] = {}  # mapping start -> text up to here is inside it
        self._searches: dict[int, int] = {}
        self._regex: dict[tuple[str, int], re.Pattern[str]] = {}

    def _index_lines(self) -> None:
        """Per block of the text, the newlines before it and where its line starts (a few
        ms for 10 MB, where a list of every line start took 40); a position then searches
        one block."""
        text = self.text
        newlines, line_start = [0], [0]
        for i in range(_LINE_BLOCK, len(text) + 1, _LINE_BLOCK):
            newlines.append(newlines[-1] + text.count("\n", i - _LINE_BLOCK, i))
            last = text.rfind("\n", i - _LINE_BLOCK, i)
            line_start.append(line_start[-1] if last < 0 else last + 1)
        self._newlines, self._line_start = newlines, line_start

    def position(self, offset: int) -> tuple[int, int]:
        """0-based line, 1-based column of a character offset."""
        if not self._newlines:
            self._index_lines()
        text = self.text
        if offset > len(text):  # stream end after a last line without a newline
            return text.count("\n") + 1, 1
        k = offset // _LINE_BLOCK
        block = k * _LINE_BLOCK
        line = self._newlines[k] + text.count("\n", block, offset)
        return line, offset - self._line_start_of(offset, k, block) + 1

    def _line_start_of(self, offset: int, k: int, block: int) -> int:
        last = self.text.rfind("\n", block, offset)
        return self._line_start[k] if last < 0 else last + 1

    def _column(self, offset: int) -> int:
        if not self._newlines:
            self._index_lines()
        k = offset // _LINE_BLOCK
        return offset - self._line_start_of(offset, k, k * _LINE_BLOCK)

    # --- nodes ------------------------------------------------------------------------

    def root(self) -> tuple[int, int, int, int]:
        hit = self._paths.get(())
        if hit is None:
            text = self.text
            pos = 0
            while True:  # directives, comments, blank lines and the '---' line
                m = _LEAD.match(text, pos)
                pos = m.end() if m else pos
                if text.startswith("%", pos) or _MARKER.match(text, pos):
                    nl = text.find("\n", pos)
                    if nl < 0:
                        raise _Fallback
                    pos = nl + 1
                    continue
                break
            if pos >= len(text):
                raise _Fallback  # an empty document
            hit = (pos, pos, self._node_end(pos, -1), -1)
            self._paths[()] = hit
        return hit

    def _kind(self, pos: int) -> str:
        """'map', 'seq', 'flow' (empty [] or {}) or 'scalar' for the node starting at pos,
        which is the first thing on its line or follows '- '."""
        kind = self._kinds.get(pos)
        if kind is None:
            kind = self._kinds[pos] = self._kind_of(pos)
        return kind

    def _kind_of(self, pos: int) -> str:
        text = self.text
        c = text[pos]
        if c in _NODE_FALLBACK or text.startswith("<<", pos):
            raise _Fallback
        if c == "-" and text[pos + 1 : pos + 2] in (" ", "\n", ""):
            return "seq"
        if c in "[{":
            return "flow"
        if c == '"' or c == "'":
            m = (_DOUBLE if c == '"' else _SINGLE).match(text, pos)
            if m is None:
                raise _Fallback
            return "map" if _KEY_END.match(text, m.end()) else "scalar"
        if c in "|>":
            return "block"
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        hash_at = text.find(" #", pos, end)  # a comment: the line ends before it
        if hash_at >= 0:
            end = hash_at
        if text.find(": ", pos, end) >= 0:  # (as ": " in the line without trailing spaces,
            return "map"  # which would leave a trailing ':', tested next)
        while end > pos and text[end - 1] == " ":
            end -= 1
        return "map" if end > pos and text[end - 1] == ":" else "scalar"

    def _node_end(self, pos: int, parent_indent: int) -> int:
        """End offset of the node starting at ``pos`` (PyYAML's end mark)."""
        kind = self._kind(pos)
        text = self.text
        if kind == "map":
            return self._block_end(pos, self._column(pos), "map")
        if kind == "seq":
            return self._block_end(pos, self._column(pos), "seq")
        if kind == "flow":  # only empty ones: '[]', '{}'
            m = _EMPTY_FLOW.match(text, pos)
            if m is None:
                raise _Fallback
            return m.end()
        c = text[pos]
        if c == '"' or c == "'":
            m = (_DOUBLE if c == '"' else _SINGLE).match(text, pos)
            if m is None:
                raise _Fallback
            return m.end()
        if c in "|>":
            if _EXPLICIT_INDENT.match(text, pos):
                raise _Fallback
            return self._block_scalar_end(pos, parent_indent)
        return self._plain_end(pos, parent_indent)

    def _plain_end(self, pos: int, parent_indent: int) -> int:
        """A plain scalar: to the end of its last line (continuation lines are indented
        more than its parent), before trailing spaces and a comment."""
        text = self.text
        while True:
            m = _END_OF_PLAIN.search(text, pos)
            if m is None:
                return len(text)
            end = m.start()
            if m.group().endswith("#"):
                return end  # a comment ends the scalar
            nxt = _NEXT_LINE.match(text, m.end())
            if nxt is None or len(nxt.group(1)) <= parent_indent or text[nxt.end()] == "#":
                return end
            pos = nxt.end()

    def _block_scalar_end(self, pos: int, parent_indent: int) -> int:
        """``|``/``>``: the start of the first line after it that is not blank and is
        indented no more than its parent (a comment line there counts)."""
        text = self.text
        regex = self._pattern("scalar", parent_indent)
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        m = regex.search(text, nl)
        return m.start() + 1 if m else len(text)

    def _block_end(self, pos: int, indent: int, kind: str) -> int:
        """A block mapping (sequence) at ``indent`` ends where the next token less indented
        (for a sequence: or equally indented and not an item) starts."""
        key = (pos, indent)
        end = self._ends.get(key)
        if end is None and indent <= 0 and kind == "map":
            end = self._ends[key] = self._stream_end()  # nothing is indented less
        if end is None:
            # a mapping is known to reach at least as far as the keys found in it
            from_ = self._clear.get(pos, pos) if kind == "map" else pos
            m = self._pattern(kind, indent).search(self.text, from_)
            end = self._ends[key] = m.end() if m else self._stream_end()
        return end

    def _stream_end(self) -> int:
        """libyaml ends the stream on a new line: one past the text when it lacks one."""
        text = self.text
        return len(text) + 1 if text and not text.endswith("\n") else len(text)

    def _pattern(self, kind: str, indent: int) -> re.Pattern[str]:
        regex = self._regex.get((kind, indent))
        if regex is None:
            # A line indented less than ``indent``, as "(?! {indent}) *": no backtracking
            # over the spaces of the (many) lines indented more, unlike " {0,indent-1}".
            less = f"\\n(?! {{{indent}}}) *(?=[^ \\n#])" if indent > 0 else None
            if kind == "map":
                body = less or r"(?!)"
            elif kind == "seq":
                same = f"\\n {{{indent}}}(?=[^ \\n#-]|-[^ \\n])"
                body = f"{less}|{same}" if less else same
            else:  # a block scalar's end: any non-blank line at or left of the parent
                body = f"\\n(?! {{{max(indent, 0) + 1}}}) *(?=[^ \\n])"
            regex = self._regex[(kind, indent)] = re.compile(body)
        return regex

    # --- children ---------------------------------------------------------------------

    def child(self, node: tuple[int, int, int, int], key: Any, exists: bool, size: int = 0
              ) -> tuple[int, int, int, int] | None:
        """(span start, value start, value end, indent of the container) of a child;
        ``size``: how many members the data has there."""
        _, vstart, _, _ = node
        kind = self._kind(vstart)
        if kind == "map":
            return self._member(vstart, key, exists, size)
        if kind == "seq":
            if type(key) is not int:
                key = str(key)
                if not key.isdigit():
                    return None
                key = int(key)
            return self._item(vstart, key, exists)
        if kind == "flow" or not exists:
            return None
        raise _Fallback  # a value the data says is a container, which the text doesn't show

    def _member(self, start: int, key: Any, exists: bool, size: int = 0
                ) -> tuple[int, int, int, int] | None:
        if not exists:
            return None  # the data says so: no need to search
        if type(key) is str:
            name = key
        elif type(key) is int:
            name = str(key)
        else:
            raise _Fallback
        indent = self._indents.get(start)
        if indent is None:
            indent = self._indents[start] = self._column(start)
        keys = self._keys.get(start)
        if keys is None:
            searches = self._searches.get(start, 0) + 1
            self._searches[start] = searches
            if searches > _SEARCHES and size > _INDEXED:  # many keys, looked up often:
                # index its key lines once (a few keys are found faster one by one)
                keys = self._index_keys(start, indent)
        if keys is not None:
            hit = keys.get(name)
            if hit is None:
                raise _Fallback
            best, colon = hit
        else:
            best, colon = self._search_key(start, indent, name, key)
        vstart, vend = self._value(colon + 1, indent)
        return (best, vstart, vend, indent)

    def _search_key(self, start: int, indent: int, name: str, key: Any) -> tuple[int, int]:
        """(key offset, colon offset) of ``name`` in the mapping at ``start``: the first
        line at its indentation spelling the key (plainly or quoted) inside the mapping."""
        text = self.text
        end = self._ends.get((start, indent), len(text))
        for spelling in _spellings(name, key):
            if text.startswith(spelling, start) and _KEY_END.match(text, start + len(spelling)):
                return start, start + len(spelling)
            needle = "\n" + " " * indent + spelling + ":"
            at = text.find(needle, start, end + len(needle))  # an 'at' past the end: outside
            while at >= 0 and text[at + len(needle) : at + len(needle) + 1] not in (" ", "\n", ""):
                at = text.find(needle, at + 1, end + len(needle))
            if at < 0:
                continue
            if self._inside(start, indent, at):
                return at + 1 + indent, at + len(needle) - 1
        raise _Fallback  # the data has the key, the text does not spell it as expected

    def _inside(self, start: int, indent: int, at: int) -> bool:
        """Whether the line starting at ``at`` (a newline) is inside the mapping at
        ``start``: no line indented less comes between. The text known to be inside grows
        with each call, so each character of a mapping is scanned once."""
        end = self._ends.get((start, indent))
        if end is not None:
            return at < end
        clear = self._clear.get(start, start)
        if at <= clear:
            return True
        m = self._pattern("map", indent).search(self.text, clear, at)
        if m is None:
            self._clear[start] = at  # a newline: no match can straddle it
            return True
        self._ends[(start, indent)] = m.end()  # the first line indented less: the end
        return False

    def _index_keys(self, start: int, indent: int) -> dict[str, tuple[int, int]]:
        """Every key line of the mapping at ``start``: one regex pass over its lines, which
        also finds its end (the first line indented less) when that is not known yet."""
        text = self.text
        keys: dict[str, tuple[int, int]] = {}
        first = _KEY_TEXT.match(text, start)
        if first is not None and not _ITEM_AT.match(text, start):
            self._add_key(keys, first.group(1), start)
        end = self._ends.get((start, indent))
        if end is None and indent <= 0:
            end = self._block_end(start, indent, "map")
        if end is not None:
            for k in self._key_lines(indent).finditer(text, start, end):
                self._add_key(keys, k.group(1), k.start(1))
        else:
            end = self._stream_end()
            for k in self._key_lines(indent, until_end=True).finditer(text, start):
                if k.group(1) is None:  # the end branch matched: a line indented less
                    end = k.end()
                    break
                self._add_key(keys, k.group(1), k.start(1))
            self._ends[(start, indent)] = end
        self._keys[start] = keys
        return keys

    @staticmethod
    def _add_key(keys: dict[str, tuple[int, int]], raw: str, pos: int) -> None:
        if raw[0] == "'":
            name = raw[1:-1].replace("''", "'")
        elif raw[0] == '"':
            try:
                name = _json_loads(raw)
            except ValueError:
                return
        else:
            name = raw
        keys.setdefault(name, (pos, pos + len(raw)))

    def _key_lines(self, indent: int, until_end: bool = False) -> re.Pattern[str]:
        """Lines at exactly ``indent`` holding a key (not a '- ' item); ``until_end``: or
        a line indented less (the "map" pattern), where group 1 is None."""
        name = "keys-or-end" if until_end else "keys"
        regex = self._regex.get((name, indent))
        if regex is None:
            body = f"\\n {{{indent}}}(?!-[ \\n])" + _KEY_TEXT.pattern
            if until_end:
                body = f"(?:{body}|{self._pattern('map', indent).pattern})"
            regex = self._regex[(name, indent)] = re.compile(body, re.M)
        return regex

    def _value(self, after: int, indent: int, mapping: bool = True) -> tuple[int, int]:
        """(start, end) of the value after a ':' or '-' ending at ``after``, in a
        collection at ``indent``; an empty value is PyYAML's empty scalar right there.
        The end is -1 when it is to be computed (only a path's last step needs it)."""
        text = self.text
        m = _LEAD.match(text, after)
        pos = m.end() if m else after
        if pos >= len(text):
            return after, after
        if text.find("\n", after, pos) < 0:  # on the same line
            if self._kind(pos) in ("map", "seq"):
                raise _Fallback  # compact nested collections ('- - x'; '- a: b' is fine)
            return pos, -1
        column = pos - text.rfind("\n", after, pos) - 1  # _LEAD ended on a new line
        if column > indent or (mapping and column == indent and self._kind(pos) == "seq"):
            return pos, -1
        return after, after

    def _item(self, start: int, index: int, exists: bool) -> tuple[int, int, int, int] | None:
        items = self._items.get(start)
        indent = self._column(start)
        if items is None:
            end = self._block_end(start, indent, "seq")
            needle = re.compile(f"\\n {{{indent}}}-(?=[ \\n]|$)")
            dashes = needle.finditer(self.text, start, end)
            items = [start, *(m.start() + 1 + indent for m in dashes)]
            self._items[start] = items
        if not 0 <= index < len(items):
            if exists:
                raise _Fallback
            return None
        after = items[index] + 1
        text = self.text
        m = _LEAD.match(text, after)
        pos = m.end() if m else after
        if pos < len(text) and text.find("\n", after, pos) < 0 and self._kind(pos) == "map":
            return (pos, pos, -1, indent)  # '- key: value': a compact mapping
        vstart, vend = self._value(after, indent, mapping=False)
        return (vstart, vstart, vend, indent)

    # --- paths ------------------------------------------------------------------------

    def locate(self, path: Path, data: Any) -> tuple[int, int]:
        node = self._tree
        if node is None:
            node = self._tree = [self.root(), data, {}]
        for key in path:
            children = node[2]
            nxt = children.get(key)
            if nxt is None:
                child_data, exists = _step(node[1], key)
                here = node[1]
                child = self.child(node[0], key, exists, len(here) if type(here) is dict else 0)
                if child is None:
                    break
                nxt = children[key] = [child, child_data, {}]
            node = nxt
        hit = node[0]
        end = hit[2]
        if end < 0:
            end = self._value_ends.get(hit[1], -1)
            if end < 0:
                end = self._value_ends[hit[1]] = self._node_end(hit[1], hit[3])
        return hit[0], end


_NO = object()
_SEARCHES = 4  # a mapping searched for this many keys gets its key lines indexed,
_INDEXED = 32  # when it has more keys than this
_ITEM_AT = re.compile(r"-[ \n]")
_KEY_TEXT = re.compile(
    r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s'"#][^\n]*?)[ ]*:(?:[ ]|$)""", re.M)


def _spellings(name: str, key: Any) -> Iterator[str]:
    """How a key may be written, the likeliest first (finds are bounded by the mapping's end
    only once that is known)."""
    if type(key) is int:
        yield name
        return
    plain = _plain_first(name)
    if plain:
        yield name
    yield "'" + name.replace("'", "''") + "'"
    yield _json_string(name)
    if not plain:
        yield name


@functools.lru_cache(maxsize=4096)
def _plain_first(name: str) -> bool:
    """Whether a key is likeliest written plainly (the same keys recur: cached)."""
    return _RESOLVES.match(name) is None


def _json_loads(raw: str) -> str:
    import orjson

    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValueError(raw) from exc
    if not isinstance(value, str):
        raise ValueError(raw)
    return value
# Keys a plain spelling would not load as that string (YAML 1.1 or 1.2 numbers, booleans,
# null, timestamps; indicators; surrounding spaces): they are written quoted.
_RESOLVES = re.compile(
    r"""(?:[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?
    |0[xob][0-9a-fA-F_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF
    |[Nn]ull|NULL|~|<<|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)\Z
    |\Z|[,\[\]{}#&*!|>'"%@`\s]|[-?:](?:\s|\Z)|.*(?:\s\Z|:\s|:\Z|\s\#|[\n\t])""",
    re.X,
)


def _json_string(name: str) -> str:
    import orjson

    return orjson.dumps(name).decode()


def _step(node: Any, key: Any) -> tuple[Any, bool]:
    if isinstance(node, dict):
        if key in node:
            return node[key], True
        return _NO, False
    if isinstance(node, list):
        try:
            index = int(key)
        except (TypeError, ValueError):
            return _NO, False
        if 0 <= index < len(node):
            return node[index], True
    return _NO, False
