"""govlint.documents.jsonc: JSONC to same-length JSON, in linear time on hostile input."""

from __future__ import annotations

import time

import orjson
import pytest

from govlint.documents.jsonc import is_jsonc, strip_jsonc


@pytest.mark.parametrize("text, value", [
    ('{"a": 1, // one\n "b": [1, 2,], /* two */ "c": "//not a comment",}', None),
    ('{"url": "http://x/*y*/", "q": "a\\"//b"}', {"url": "http://x/*y*/", "q": 'a"//b'}),
    ('[1,\n  // end\n]', [1]),
    ('{"a": {},\t\n}', {"a": {}}),
    ('/**/{"a":1/**/}', {"a": 1}),
])
def test_comments_and_trailing_commas_become_spaces(text: str, value: object) -> None:
    raw = text.encode()
    stripped, unterminated = strip_jsonc(raw)
    assert unterminated is None
    assert len(stripped) == len(raw)
    assert [i for i, c in enumerate(raw) if c == 10] == [
        i for i, c in enumerate(stripped) if c == 10]
    parsed = orjson.loads(stripped)
    if value is not None:
        assert parsed == value


def test_an_unterminated_block_comment_is_reported_where_it_starts() -> None:
    assert strip_jsonc(b'{"a": 1} /* open')[1] == 9
    assert strip_jsonc(b"/*/")[1] == 0


@pytest.mark.parametrize("hostile", [
    b'"\\"' * 200_000, b"/*" * 200_000, b"," + b" " * 400_000, b", " * 200_000,
    b'["' + b"\\" * 400_000, b"//" * 200_000,
])
def test_hostile_input_is_stripped_in_linear_time(hostile: bytes) -> None:
    started = time.monotonic()
    stripped, _ = strip_jsonc(hostile)
    assert time.monotonic() - started < 2
    assert len(stripped) == len(hostile)


def test_jsonc_files_are_known_by_name() -> None:
    yes = ["tsconfig.json", "web/tsconfig.build.json", "jsconfig.json", ".vscode/settings.json",
           "a/.vscode/x/launch.json", ".devcontainer/devcontainer.json", ".devcontainer.json",
           "x.jsonc", ".eslintrc.json", "team.code-workspace"]
    no = ["openapi.json", "my-tsconfig.json", "x/.vscode.json", ".vscode/x.yaml",
          "service.json", "sentinel/FlowRule.json"]
    assert [f for f in yes if not is_jsonc(f)] == []
    assert [f for f in no if is_jsonc(f)] == []
