"""``oasOpFormDataConsumeCheck`` (OpenAPI 2): an operation with ``in: formData`` parameters
must consume ``application/x-www-form-urlencoded`` or ``multipart/form-data``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.core._options import no_options
from govlint.functions.oas._util import is_object, js_string

_VALID_CONSUME = re.compile(r"(application/x-www-form-urlencoded|multipart/form-data)")


@rule_function("oasOpFormDataConsumeCheck", schema=no_options("oasOpFormDataConsumeCheck"))
def oas_op_form_data_consume_check(
    target: Any, options: Mapping[str, Any], context: FunctionContext
) -> list[Result] | None:
    # Spectral's input schema: an object with array ``consumes`` and ``parameters``.
    if not isinstance(target, Mapping):
        return None
    parameters, consumes = target.get("parameters"), target.get("consumes")
    if not isinstance(parameters, list) or not isinstance(consumes, list):
        return None
    uses_form_data = any(is_object(p) and isinstance(p, Mapping) and p.get("in") == "formData"
                         for p in parameters)
    joined = ",".join("" if c is None else js_string(c) for c in consumes)
    if uses_form_data and not _VALID_CONSUME.search(joined):
        return [Result(
            "Consumes must include urlencoded, multipart, or form-data media type when using "
            "formData parameter."
        )]
    return None


FUNCTIONS = collect(oas_op_form_data_consume_check)
