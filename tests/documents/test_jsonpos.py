"""govlint.documents.jsonpos: positions in JSON text, including the tricky spellings."""

from __future__ import annotations

import orjson
import pytest

from govlint.documents.jsonpos import JsonIndex, blank_leading_comments

TRICKY = (
    '{"a\\"b": {"x": "brackets ] } [ { and \\"quotes\\":"}, "\\\\": [1, "]", {"k": 2}],\n'
    ' "caf\\u00e9": {"deep": [[], {}, [3]]}, "uni": "\u00e9\u00e9", "z": {"z": {"z": 1}}}'
)


@pytest.mark.parametrize("indent", [None, 2])
def test_every_path_is_found_at_its_key(indent: int | None) -> None:
    data = orjson.loads(TRICKY)
    text = TRICKY.encode() if indent is None else orjson.dumps(data, option=orjson.OPT_INDENT_2)
    index = JsonIndex(text)
    lines = text.decode().split("\n")

    def walk(node, path):
        yield path, node
        if isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, (*path, i))

    for path, value in walk(data, ()):
        span = index.locate(path)
        at = lines[span.line - 1][span.column - 1:]
        if path and isinstance(path[-1], str):
            assert orjson.loads(at[: at.index(":")]) == path[-1], path
        elif not isinstance(value, (dict, list)):
            assert at.startswith(orjson.dumps(value).decode()), path


def test_missing_paths_fall_back_to_the_nearest_ancestor() -> None:
    index = JsonIndex(b'{\n  "a": {\n    "b": 1\n  }\n}')
    assert index.locate(("a", "nope", "x")).line == 2
    assert index.locate(("a", "b", "below-a-scalar")).line == 3
    assert index.locate((7,)).line == 1


def test_big_containers_use_search_and_agree_with_indexing() -> None:
    members = {f"k{i}": {"k0": i, "nested": {"k1": [i]}} for i in range(3000)}
    text = orjson.dumps(members, option=orjson.OPT_INDENT_2)
    searched, indexed = JsonIndex(text), JsonIndex(text)
    indexed.members(indexed.value_start())  # force the plain member index
    for key in ("k0", "k1", "k2999", "k1500"):
        assert searched.locate((key, "nested", "k1", 0)) == indexed.locate(
            (key, "nested", "k1", 0))


def test_duplicates_with_paths() -> None:
    index = JsonIndex(b'{"a": 1, "b": [{"c": 1, "c": 2}], "a": 3}')
    assert [path for path, _ in index.find_duplicates()] == [("b", 0, "c"), ("a",)]


def test_leading_comments_are_blanked_in_place() -> None:
    text = b"/* a\n b */ // c\n{}"
    out = blank_leading_comments(text)
    assert len(out) == len(text) and out.count(b"\n") == 2 and out.strip() == b"{}"


def _all_paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _all_paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _all_paths(v, (*path, i))


CANONICAL = {
    "a\"b": {"x": "brackets ] } [ { and \"quotes\":", "e": {}, "l": []},
    "\\": [1, "]", {"k": 2}, [], [[]], {}, None, True, 1.5, -2e-07],
    "café": {"deep": [[], {}, [3]], "uni": "éé\u2028"},
    "z": {"z": {"z": 1}},
    "": "empty key",
}


@pytest.mark.parametrize("indent", [False, True])
def test_canonical_text_is_located_by_arithmetic_like_the_scan(indent: bool) -> None:
    from govlint.documents.jsonpos import CanonicalIndex, canonical_index

    text = orjson.dumps(CANONICAL, option=orjson.OPT_INDENT_2 if indent else 0) + b"\n"
    fast = canonical_index(text, orjson.loads(text))
    assert isinstance(fast, CanonicalIndex)
    scan = JsonIndex(text)
    for path in [*_all_paths(CANONICAL), ("z", "missing", "x"), ("\\", 99), ("\\", "x")]:
        assert fast.locate(path) == scan.locate(path), path


def test_other_spellings_are_not_canonical() -> None:
    from govlint.documents.jsonpos import canonical_index

    for text in (b'{"a": 1}', b'{\n    "a": 1\n}', b'{"a":1.50}', b'{"a":"\\u00e9"}',
                 b'  {"a":1}', b'{"a":1,"a":2}'):
        assert canonical_index(text, orjson.loads(text)) is None, text


def test_columns_count_characters_on_a_long_minified_line() -> None:
    from govlint.documents.jsonpos import LineIndex

    text = ("é" * 40000 + "x" + "ü" * 30000 + "y").encode()
    lines = LineIndex(text)
    assert lines.position(text.index(b"x")) == (1, 40001)
    assert lines.position(text.index(b"y")) == (1, 70002)
