"""The functions of Spectral's ``spectral:oas`` ruleset (``oasOpParams``, ``oasDocumentSchema``,
...), ported from ``@stoplight/spectral-rulesets`` 1.x with Spectral's semantics, messages
and result paths. One module per function; each module's ``FUNCTIONS`` is merged here, so a
new function is one new module."""

from __future__ import annotations

import importlib
import pkgutil

from govlint.functions.api import RuleFunction


def _collect() -> dict[str, RuleFunction]:
    functions: dict[str, RuleFunction] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        functions.update(getattr(module, "FUNCTIONS", {}))
    return functions


FUNCTIONS = _collect()
