"""``oasOpParams`` (rule operation-parameters)."""

from __future__ import annotations

from tests.functions.core.support import run

from govlint.functions.oas.oas_op_params import oas_op_params

DUPLICATE = ('A parameter in this operation already exposes the same combination of "name" '
             'and "in" values.')


def test_same_name_and_location_is_reported_at_the_repeat() -> None:
    params = [{"in": "query", "name": "a"}, {"in": "header", "name": "a"},
              {"in": "query", "name": "a"}, {"$ref": "#/p"}, {"$ref": "#/p"}]
    assert run(oas_op_params, {"parameters": params}, field="parameters") == [
        {"path": ["parameters", 2], "message": DUPLICATE}
    ]


def test_body_parameters() -> None:
    params = [{"in": "body", "name": "a"}, {"in": "formData", "name": "b"},
              {"in": "body", "name": "c"}]
    assert run(oas_op_params, {"parameters": params}, field="parameters") == [
        {"path": ["parameters"],
         "message": 'Operation must not have both "in:body" and "in:formData" parameters.'},
        {"path": ["parameters", 2], "message": 'Operation must not have more than a single '
         'instance of the "in:body" parameter.'},
    ]


def test_missing_name_and_in_still_fingerprint() -> None:
    params = [{}, {"description": "x"}, []]
    assert run(oas_op_params, {"parameters": params}, field="parameters") == [
        {"path": ["parameters", 1], "message": DUPLICATE},
        {"path": ["parameters", 2], "message": DUPLICATE},
    ]


def test_fewer_than_two_parameters_pass() -> None:
    assert run(oas_op_params, {"parameters": [{"in": "body"}]}, field="parameters") == []
