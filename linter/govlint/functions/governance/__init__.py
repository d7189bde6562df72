"""Functions of the governance spec's rules (rulesets/governance/*): one module per area.

Every module in this package that exports ``FUNCTIONS`` contributes to this package's
``FUNCTIONS`` (the ``govlint.functions`` entry point ``governance``).
"""

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


FUNCTIONS: dict[str, RuleFunction] = _collect()
