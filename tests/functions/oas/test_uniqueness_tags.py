"""``uniquenessTags`` (rule openapi-tags-uniqueness)."""

from __future__ import annotations

from tests.functions.core.support import run

from govlint.functions.oas.uniqueness_tags import uniqueness_tags


def test_repeated_names_are_reported_at_the_name() -> None:
    doc = {"tags": [{"name": "a"}, {"name": "b"}, {"name": "a"}, {"name": "a"}]}
    assert run(uniqueness_tags, doc, given=("tags",)) == [
        {"path": ["tags", 2, "name"], "message": '"tags" object contains duplicate tag name "a".'},
        {"path": ["tags", 3, "name"], "message": '"tags" object contains duplicate tag name "a".'},
    ]


def test_invalid_tags_are_not_checked() -> None:
    doc = {"tags": [{"name": "a"}, {"name": "a"}, {"description": "no name"}]}
    assert run(uniqueness_tags, doc, given=("tags",)) == []
