"""``refSiblings`` (rule no-$ref-siblings)."""

from __future__ import annotations

from tests.functions.core.support import run

from govlint.functions.oas.ref_siblings import ref_siblings

MESSAGE = "$ref must not be placed next to any other properties"


def test_each_sibling_is_reported() -> None:
    doc = {"a": [{"$ref": "#/b", "description": "d", "x-y": 1}], "b": {}}
    assert run(ref_siblings, doc, given=("a", 0, "$ref"), resolved=False) == [
        {"path": ["a", 0, "description"], "message": MESSAGE},
        {"path": ["a", 0, "x-y"], "message": MESSAGE},
    ]


def test_a_lone_ref_passes() -> None:
    doc = {"a": {"$ref": "#/b"}, "b": {}}
    assert run(ref_siblings, doc, given=("a", "$ref"), resolved=False) == []
