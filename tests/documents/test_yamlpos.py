"""govlint.documents.yamlpos: the line scanner gives PyYAML's positions, or steps aside."""

from __future__ import annotations

import pytest

from govlint.documents.yamlload import Chunk, load_yaml
from govlint.documents.yamlpos import YamlLocator

BLOCK = """\
# a comment
a: 1
b:
  c: x
  d:
  - 1
  - e: 2
    f: |
      t

      u
    g: >-
      v
# c
h: "q: r"
i: 's'
j: []
k:
l: plain
  continued
m: # c
  n: 1
'200': ok
o:
  - p
  -
  - q: 1
r: last  # trailing
s:
  t: no newline at the end"""


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


def _both(text: str) -> tuple[YamlLocator, YamlLocator, object]:
    result = load_yaml(text)
    (k, data), = result.documents
    chunk: Chunk = result.chunks[k]
    scanner = YamlLocator(chunk, data=data)
    composer = YamlLocator(chunk, data=data)
    composer._use_scanner = False
    return scanner, composer, data


@pytest.mark.parametrize("text", [BLOCK, "---\n" + BLOCK + "\n", "%YAML 1.2\n---\nx:\n- 1\n"])
def test_scanner_spans_equal_the_composers(text: str) -> None:
    scanner, composer, data = _both(text)
    for path in [*_paths(data), ("b", "nope"), ("o", 9), ("a", "below-a-scalar")]:
        assert scanner(path) == composer(path), path
    assert scanner._use_scanner, "the scanner handled this block YAML itself"


@pytest.mark.parametrize("text", [
    "base: &b {x: 1}\nuse: *b\n",  # anchors, aliases, flow mapping
    "a: !tag 1\nb: [1, 2]\n",  # tags, a non-empty flow sequence
    "? complex\n: 1\n",
    "a: |2\n   indented\n",
])
def test_unusual_yaml_falls_back_to_the_composer(text: str) -> None:
    scanner, composer, data = _both(text)
    for path in _paths(data):
        assert scanner(path) == composer(path), path
