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


def _large_document(width: int) -> str:
    """A PyYAML dump big enough to use every shortcut of the scanner: mappings looked up
    more than a few times (their key lines get indexed), lines longer than the 1 KB
    blocks of the line index, non-ASCII text, quoted keys, multi-line and block scalars.
    (No list directly in a list: '- - x' is left to the composer.)"""
    import random

    import yaml

    rng = random.Random(4)
    words = ["alpha", "beta", "gamma", "δelta", "ε", "zeta: eta", "'q'", "#", "- x", "200"]

    def value(depth: int, in_list: bool = False) -> object:
        roll = rng.random()
        if depth > 3 or roll < 0.3:
            text = " ".join(rng.choice(words) for _ in range(rng.choice([1, 3, 40, 300])))
            return rng.choice([text, text.replace(" ", "\n", 3), rng.randint(0, 9), None])
        if roll < 0.5 and not in_list:
            return [value(depth + 1, True) for _ in range(rng.randint(0, 6))]
        return {rng.choice(words) + str(i): value(depth + 1) for i in range(rng.randint(0, 9))}

    data = {f"k{i}": value(0) for i in range(60)}
    data["k30"] = {f"{rng.choice(words)}{i}": value(1) for i in range(50)}  # nested, many keys
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=width)


@pytest.mark.parametrize("width", [60, 1 << 20])
def test_scanner_spans_equal_the_composers_on_a_large_document(width: int) -> None:
    import random

    scanner, composer, data = _both(_large_document(width))
    paths = list(_paths(data))
    random.Random(1).shuffle(paths)  # the scanner's caches must not depend on the order
    for path in paths:
        assert scanner(path) == composer(path), path
    assert scanner._use_scanner, "the scanner handled this block YAML itself"
