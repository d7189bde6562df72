"""Rules and rulesets after loading: everything resolved, validated and compiled."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from govlint.findings.model import Severity
from govlint.functions.api import RuleFunction


@dataclass(slots=True)
class Then:
    field: str | None
    function: RuleFunction
    options: Mapping[str, Any] | None


@dataclass(slots=True)
class GivenTarget:
    """A rule's JSONPath ``given`` for documents with any of ``formats`` (``None``: any).

    Aliases scoped per format expand to one target per format set.
    """

    expressions: tuple[str, ...]
    formats: frozenset[str] | None = None


@dataclass(slots=True)
class Rule:
    name: str
    given: list[GivenTarget]
    then: list[Then]
    severity: Severity = Severity.WARN
    enabled: bool = True
    recommended: bool = True
    resolved: bool = True
    formats: frozenset[str] | None = None
    message: str | None = None
    description: str | None = None
    documentation_url: str | None = None
    scope: str = "document"  # or "workspace"
    source: str = ""  # ruleset file (or built-in name) that defined the rule
    # govlint governance metadata
    sandboxable: bool = False
    rationale: str | None = None
    artifacts: tuple[str, ...] = ()
    # per-file severity overrides from the root ruleset's ``overrides``: (glob, pointer|None, sev)
    overrides: list[tuple[str, str | None, Severity]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def matches_formats(self, formats: frozenset[str]) -> bool:
        return self.formats is None or not self.formats.isdisjoint(formats)

    def expressions_for(self, formats: frozenset[str]) -> list[str]:
        out: list[str] = []
        for target in self.given:
            if target.formats is None or not target.formats.isdisjoint(formats):
                out.extend(target.expressions)
        return out


@dataclass(slots=True)
class Ruleset:
    """The merged ruleset of one run."""

    rules: dict[str, Rule]
    sources: list[str]  # every ruleset file/name that contributed, root first
    vars: dict[str, Any] = field(default_factory=dict)
    governance: str | None = None  # governance version, when built on a governance ruleset
    digest: str = ""  # sha256 of the normalised rule definitions and vars
    root_dir: str = ""  # directory of the root ruleset (overrides' globs are relative to it)
    # `rules: {<oasdiff check id>: severity}`: adjustments of diff findings' severities
    diff_severities: dict[str, Severity] = field(default_factory=dict)
    # For `rules explain VAR`: each var's value before .govlint.yaml's vars, and the rules
    # whose definitions read it (`{{vars.NAME}}`).
    var_defaults: dict[str, Any] = field(default_factory=dict)
    var_readers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # What the ruleset holds that govlint accepts and ignores, as Spectral does (printed once
    # on stderr; rules/lenient.py).
    warnings: list[str] = field(default_factory=list)

    @property
    def enabled_rules(self) -> list[Rule]:
        return [r for r in self.rules.values() if r.enabled and r.severity is not Severity.OFF]
