"""``oasOpParams``: an operation's parameters are unique by (``in``, ``name``), and it has
at most one ``in: body`` parameter and not both ``body`` and ``formData`` ones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._options import no_options
from govlint.functions.oas._util import js_string


@rule_function("oasOpParams", schema=no_options("oasOpParams"))
def oas_op_params(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    if not isinstance(target, list) or len(target) < 2:
        return None
    path = tuple(context.path)
    fingerprints: set[str] = set()
    duplicates: list[int] = []
    body: list[int] = []
    form_data: list[int] = []
    for index, param in enumerate(target):
        if isinstance(param, list):
            param = {}  # an array is an object in JS, with no "in" or "name"
        elif not isinstance(param, Mapping) or "$ref" in param:
            continue
        fingerprint = f"{_field(param, 'in')}-{_field(param, 'name')}"
        if fingerprint in fingerprints:
            duplicates.append(index)
        else:
            fingerprints.add(fingerprint)
        where = param.get("in")
        if where == "body":
            body.append(index)
        elif where == "formData":
            form_data.append(index)
    results = [
        Result(
            'A parameter in this operation already exposes the same combination of "name" '
            'and "in" values.',
            path=(*path, index),
        )
        for index in duplicates
    ]
    if body and form_data:
        results.append(Result('Operation must not have both "in:body" and "in:formData" '
                              "parameters."))
    results.extend(
        Result('Operation must not have more than a single instance of the "in:body" '
               "parameter.", path=(*path, index))
        for index in body[1:]
    )
    return results or None


def _field(param: Mapping[str, Any], key: str) -> str:
    return js_string(param[key]) if key in param else "undefined"


FUNCTIONS = collect(oas_op_params)
