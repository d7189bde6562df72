"""The functions of Spectral's ``spectral:oas`` ruleset (``oasOpParams``, ``oasDocumentSchema``,
...), ported from ``@stoplight/spectral-rulesets`` 1.x with Spectral's semantics, messages
and result paths. One module per function; each module's ``FUNCTIONS`` is merged here, so a
new function is one new module."""

from __future__ import annotations

from govlint.functions.api import RuleFunction, collect_package

FUNCTIONS: dict[str, RuleFunction] = collect_package(__path__, __name__)
