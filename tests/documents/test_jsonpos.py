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
