"""``oasOpFormDataConsumeCheck`` (rule oas2-operation-formData-consume-check)."""

from __future__ import annotations

import pytest
from tests.functions.core.support import run

from govlint.functions.oas.oas_op_form_data_consume_check import oas_op_form_data_consume_check

FORM = [{"in": "formData", "name": "file"}]


@pytest.mark.parametrize(
    "consumes", [["application/x-www-form-urlencoded"], ["application/json", "multipart/form-data"]]
)
def test_form_media_type_passes(consumes: list[str]) -> None:
    assert run(oas_op_form_data_consume_check, {"consumes": consumes, "parameters": FORM}) == []


def test_form_data_without_form_media_type_fails() -> None:
    doc = {"consumes": ["application/json"], "parameters": FORM}
    assert run(oas_op_form_data_consume_check, doc) == [{
        "path": [],
        "message": "Consumes must include urlencoded, multipart, or form-data media type "
        "when using formData parameter.",
    }]


def test_no_form_data_or_missing_consumes_is_not_checked() -> None:
    doc = {"consumes": ["application/json"], "parameters": [{"in": "query", "name": "q"}]}
    assert run(oas_op_form_data_consume_check, doc) == []
    assert run(oas_op_form_data_consume_check, {"parameters": FORM}) == []
