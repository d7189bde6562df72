"""Run one core function the way Spectral's own function tests do (``given: $``).

Spectral's tester lints ``JSON.stringify(input)`` with a single rule whose message is
``{{error}}`` and returns ``{path, message}`` per result; ``run`` does the same, so ported
expectations read alike. Paths differ in one way: array indexes are ints in govlint.
"""

from __future__ import annotations

from pathlib import Path as FsPath
from types import SimpleNamespace
from typing import Any

from govlint.documents.model import Document, Workspace
from govlint.functions.api import FunctionContext, RuleFunction
from govlint.functions.core import option_errors
from govlint.functions.core._js import closest_path, get_path


class InvalidOptions(Exception):
    """The options were rejected, as Spectral rejects them when the ruleset loads."""


def validate(fn: RuleFunction, options: Any) -> None:
    errors = option_errors(fn.name, fn.options_schema, options)
    if errors:
        raise InvalidOptions("\n".join(errors))


def run(
    fn: RuleFunction,
    data: Any,
    options: Any = None,
    *,
    field: str | None = None,
    given: tuple[str | int, ...] = (),
    formats: frozenset[str] = frozenset(),
    resolved: bool = True,
) -> list[dict[str, Any]]:
    validate(fn, options)
    document = Document(
        file="doc.json", abspath=FsPath("doc.json"), data=data, syntax="json", formats=formats
    )
    node = get_path(data, given)
    path = given
    target = node
    if field is not None and isinstance(node, dict):
        path = (*given, field)
        target = node.get(field)
    context = FunctionContext(
        document=document,
        path=path,
        given_path=given,
        rule=SimpleNamespace(resolved=resolved),
        workspace=Workspace([document]),
        document_data=data,
    )
    results = fn(target, options, context) or []
    return [
        {
            "path": list(closest_path(data, r.path if r.path is not None else path)),
            "message": r.message,
        }
        for r in results
    ]
