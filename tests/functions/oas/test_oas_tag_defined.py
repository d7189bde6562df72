"""``oasTagDefined`` (rule operation-tag-defined)."""

from __future__ import annotations

from tests.functions.core.support import run

from govlint.functions.oas.oas_tag_defined import oas_tag_defined

MESSAGE = "Operation tags must be defined in global tags."


def test_undeclared_tags_are_reported_per_tag() -> None:
    doc = {"tags": [{"name": "a"}, {"name": 3}, "b"],
           "paths": {"/x": {"get": {"tags": ["a", "b", 3]}, "put": {"tags": ["a"]}}}}
    assert run(oas_tag_defined, doc) == [
        {"path": ["paths", "/x", "get", "tags", 1], "message": MESSAGE},
        {"path": ["paths", "/x", "get", "tags", 2], "message": MESSAGE},
    ]


def test_no_global_tags() -> None:
    doc = {"paths": {"/x": {"get": {"tags": ["a"]}, "x-foo": {"tags": ["b"]}}}}
    assert run(oas_tag_defined, doc) == [
        {"path": ["paths", "/x", "get", "tags", 0], "message": MESSAGE}
    ]
