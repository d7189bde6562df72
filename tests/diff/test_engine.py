"""The comparison itself, without files: one schema change in a request and in a response
body gives oasdiff's id for that side (the corpus scoring needs ../shared/corpus; these
run everywhere)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from govlint.diff.engine import compare


def api(request: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/o": {
        "post": {"requestBody": {"content": {"application/json": {"schema": request}}},
                 "responses": {"200": {"description": "ok", "content": {
                     "application/json": {"schema": response}}}}}}}}


BODY = {"type": "object", "required": ["a"], "properties": {
    "a": {"type": "string", "maxLength": 10, "enum": ["x", "y"]},
    "b": {"type": "integer", "minimum": 1},
    "c": {"type": "array", "items": {"type": "string"}, "minItems": 1}}}


def changed(edit: Any) -> tuple[list[str], list[str]]:
    """(ids when the edit is made to the request body, ids when made to the response)."""
    out = []
    for side in ("request", "response"):
        base = api(copy.deepcopy(BODY), copy.deepcopy(BODY))
        head = copy.deepcopy(base)
        content = head["paths"]["/o"]["post"]
        schema = content["requestBody"]["content"]["application/json"]["schema"] \
            if side == "request" else \
            content["responses"]["200"]["content"]["application/json"]["schema"]
        edit(schema)
        out.append(sorted(c.id for c in compare(base, head)))
    return out[0], out[1]


@pytest.mark.parametrize(("edit", "request_ids", "response_ids"), [
    (lambda s: s["properties"]["a"].update(maxLength=5),
     ["request-property-max-length-decreased"], []),
    (lambda s: s["properties"]["a"].update(maxLength=20),
     ["request-property-max-length-increased"], ["response-property-max-length-increased"]),
    (lambda s: s["properties"]["a"]["enum"].remove("y"),
     ["request-property-enum-value-removed"], ["response-property-enum-value-removed"]),
    (lambda s: s["properties"]["a"]["enum"].append("z"),
     ["request-property-enum-value-added"], ["response-property-enum-value-added"]),
    (lambda s: s["properties"]["b"].update(type="number"),
     ["request-property-type-generalized"], ["response-property-type-generalized"]),
    (lambda s: s["properties"]["b"].update(type=["integer", "null"]),
     ["request-property-became-nullable"], ["response-property-became-nullable"]),
    (lambda s: s["required"].append("b"),
     ["request-property-became-required"], ["response-property-became-required"]),
    (lambda s: s["required"].remove("a"),
     ["request-property-became-optional"], ["response-property-became-optional"]),
    (lambda s: s["properties"].pop("a"),
     ["request-property-removed"], ["response-required-property-removed"]),
    (lambda s: s["properties"].update(d={"type": "string"}) or s["required"].append("d"),
     ["new-required-request-property"], ["response-required-property-added"]),
    (lambda s: s["properties"]["c"].update(minItems=2),
     ["request-property-min-items-increased"], []),
    (lambda s: s["properties"]["a"].update(pattern="^[a-z]+$"),
     ["request-property-pattern-added"], ["response-property-pattern-added"]),
    (lambda s: s["properties"]["a"].update(deprecated=True),
     ["request-property-deprecated"], ["response-property-deprecated"]),
    (lambda s: s.update(additionalProperties=False), [], []),
])
def test_one_keyword_change_per_side(edit: Any, request_ids: list[str],
                                     response_ids: list[str]) -> None:
    assert changed(edit) == (request_ids, response_ids)


def test_identical_specs_have_no_changes_and_output_is_sorted() -> None:
    spec = api(BODY, BODY)
    assert compare(spec, copy.deepcopy(spec)) == []
    head = copy.deepcopy(spec)
    del head["paths"]["/o"]
    head["paths"]["/p"] = spec["paths"]["/o"]
    first = compare(spec, head)
    assert [c.id for c in first] == ["api-path-removed-without-deprecation", "endpoint-added"]
    assert first == compare(spec, head)
