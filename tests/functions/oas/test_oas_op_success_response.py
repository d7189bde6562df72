"""``oasOpSuccessResponse`` (rule operation-success-response)."""

from __future__ import annotations

import pytest
from tests.functions.core.support import run

from govlint.functions.oas.oas_op_success_response import oas_op_success_response

OAS3 = frozenset({"oas3", "oas3_0"})
MESSAGE = "Operation must define at least a single 2xx or 3xx response"


@pytest.mark.parametrize("code", ["200", "204", "301", "399", 201])
def test_a_success_or_redirect_code_passes(code: object) -> None:
    assert run(oas_op_success_response, {code: {}, "500": {}}) == []


def test_no_success_code_fails_at_the_responses() -> None:
    doc = {"responses": {"400": {}, "default": {}}}
    assert run(oas_op_success_response, doc, field="responses") == [
        {"path": ["responses"], "message": MESSAGE}
    ]


def test_range_codes_count_in_openapi_3_only() -> None:
    assert run(oas_op_success_response, {"2XX": {}}, formats=OAS3) == []
    assert run(oas_op_success_response, {"3XX": {}}, formats=OAS3) == []
    assert run(oas_op_success_response, {"2XX": {}}, formats=frozenset({"oas2"})) != []


def test_not_an_object_is_not_checked() -> None:
    assert run(oas_op_success_response, {"responses": ["200"]}, field="responses") == []
    assert run(oas_op_success_response, {}, field="responses") == []
