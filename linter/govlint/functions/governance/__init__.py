"""Functions of the governance spec's rules (rulesets/governance/*): one module per area.

Every module in this package that exports ``FUNCTIONS`` contributes to this package's
``FUNCTIONS`` (the ``govlint.functions`` entry point ``governance``).
"""

from __future__ import annotations

from govlint.functions.api import RuleFunction, collect_package

FUNCTIONS: dict[str, RuleFunction] = collect_package(__path__, __name__)
