"""The contract between the rules engine and rule functions (core, governance, custom).

A function has Spectral's shape ``fn(target, options, context)`` and returns results
(or ``None`` when the target passes). Register one with :func:`rule_function`; a module
exposes its functions as a ``FUNCTIONS`` dict (entry point group ``govlint.functions``
or a ruleset's ``functionsDir``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govlint.documents.model import Document, Workspace
    from govlint.findings.model import Path


@dataclass(slots=True)
class Result:
    """One failure reported by a function.

    ``path`` is absolute within the document (``None``: the target's own path).
    ``document`` is for workspace functions, which report on any document of the run.
    ``severity`` lets a function override the rule's severity for this result (rare:
    e.g. a governance rule whose version ruleset grades sub-checks differently).
    """

    message: str
    path: Path | None = None
    document: Document | None = None
    severity: Any = None


class FunctionFailure(Result):
    """A result saying the function itself failed on this target (reported as rule
    ``function-error``, not as the rule's finding)."""

    __slots__ = ()


@dataclass(slots=True)
class FunctionContext:
    """What a function may look at besides its target."""

    document: Document | None  # None for workspace-scope rules
    path: Path  # the target's path (after ``field``)
    given_path: Path  # the path ``given`` matched
    rule: Any  # govlint.rules.model.Rule
    workspace: Workspace
    vars: Mapping[str, Any] = field(default_factory=dict)
    document_data: Any = None  # the (resolved, when the rule asks) document root


FunctionImpl = Callable[[Any, Mapping[str, Any], FunctionContext], "Iterable[Result] | None"]


@dataclass(slots=True, frozen=True)
class RuleFunction:
    """A registered function: its name, implementation and JSON Schema for its options.

    ``scope`` is ``"document"`` (called per ``given`` match) or ``"workspace"`` (called
    once per run with ``target=None`` and the whole workspace in ``context``).

    ``batch``: when set, the engine queues a document's calls and hands them over at once
    (``batch(document, calls) -> results per call``), as JavaScript functions need
    (``govlint.functions.js.bridge``; ``js`` is their :class:`JsFunction`).
    """

    name: str
    impl: FunctionImpl
    options_schema: Mapping[str, Any] | None = None
    scope: str = "document"
    batch: Callable[[Any, list[Any]], list[list[Result]]] | None = None
    js: Any = None

    def __call__(
        self, target: Any, options: Mapping[str, Any], context: FunctionContext
    ) -> Iterable[Result] | None:
        return self.impl(target, options, context)


def rule_function(
    name: str | None = None,
    *,
    schema: Mapping[str, Any] | None = None,
    scope: str = "document",
) -> Callable[[FunctionImpl], RuleFunction]:
    """Decorator: ``@rule_function("pattern", schema={...})``."""

    def wrap(impl: FunctionImpl) -> RuleFunction:
        return RuleFunction(name or impl.__name__, impl, schema, scope)

    return wrap


def collect(*functions: RuleFunction) -> dict[str, RuleFunction]:
    """Build a module's ``FUNCTIONS`` dict."""
    return {f.name: f for f in functions}


def collect_package(path: Iterable[str], package: str) -> dict[str, RuleFunction]:
    """A package's ``FUNCTIONS``: those of each public module in it (one module per
    function or area), so adding a function is adding a module."""
    import importlib
    import pkgutil

    functions: dict[str, RuleFunction] = {}
    for info in sorted(pkgutil.iter_modules(path), key=lambda m: m.name):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{package}.{info.name}")
            functions.update(getattr(module, "FUNCTIONS", {}))
    return functions
