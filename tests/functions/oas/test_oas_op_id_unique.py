"""``oasOpIdUnique`` (rule operation-operationId-unique)."""

from __future__ import annotations

from tests.functions.core.support import run

from govlint.functions.oas.oas_op_id_unique import oas_op_id_unique


def test_repeats_after_the_first_are_reported() -> None:
    doc = {"paths": {
        "/a": {"get": {"operationId": "x"}, "post": {"operationId": "y"}},
        "/b": {"get": {"operationId": "x"}, "parameters": [], "put": {"operationId": "x"}},
    }}
    assert run(oas_op_id_unique, doc, given=("paths",)) == [
        {"path": ["paths", "/b", "get", "operationId"], "message": "operationId must be unique."},
        {"path": ["paths", "/b", "put", "operationId"], "message": "operationId must be unique."},
    ]


def test_values_compare_like_javascript() -> None:
    doc = {"paths": {"/a": {"get": {"operationId": 1}, "put": {"operationId": True},
                            "post": {"operationId": None}, "patch": {"operationId": None},
                            "x-get": {"operationId": 1}}}}
    assert run(oas_op_id_unique, doc, given=("paths",)) == [
        {"path": ["paths", "/a", "patch", "operationId"], "message": "operationId must be unique."}
    ]


def test_unique_ids_pass() -> None:
    doc = {"paths": {"/a": {"get": {"operationId": "a"}, "put": {}}, "/b": None}}
    assert run(oas_op_id_unique, doc, given=("paths",)) == []
