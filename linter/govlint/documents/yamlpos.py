"""Source positions in YAML, computed only when a finding needs one.

The first ``locate`` on a document composes its chunk with PyYAML (nodes carry marks; no
objects are constructed) and later lookups reuse that tree; each mapping's keys are put in
a dict the first time a path goes through it. Spans follow Spectral: a mapping member spans
from its key to the end of its value; a sequence item is its own value.
"""

from __future__ import annotations

from typing import Any

from govlint.documents.model import Span
from govlint.documents.yamlload import _DEEP_BLOCK, _DEEP_FLOW, Chunk, _loader_class
from govlint.findings.model import Path


class YamlLocator:
    """Callable ``path -> Span`` for one YAML document (one chunk, or the n-th document of
    a whole stream when chunks and documents could not be paired)."""

    def __init__(self, chunk: Chunk, nth: int = 0) -> None:
        self.chunk = chunk
        self.nth = nth
        self._root: Any = None
        self._composed = False
        self._maps: dict[int, dict[Any, tuple[Any, Any]]] = {}

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

    def __call__(self, path: Path) -> Span:
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
