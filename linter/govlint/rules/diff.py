"""Compare two rulesets (``govlint rules diff``) and two lint runs (``upgrade-check``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from govlint.findings.model import Finding
from govlint.rules.model import Rule, Ruleset


@dataclass(slots=True)
class RuleChange:
    rule: str
    changes: dict[str, tuple[Any, Any]]  # what -> (old, new)


@dataclass(slots=True)
class RulesetDiff:
    added: list[Rule] = field(default_factory=list)
    removed: list[Rule] = field(default_factory=list)
    changed: list[RuleChange] = field(default_factory=list)
    vars_changed: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": [{"rule": r.name, "severity": effective_severity(r)} for r in self.added],
            "removed": [{"rule": r.name, "severity": effective_severity(r)}
                        for r in self.removed],
            "changed": [
                {"rule": c.rule,
                 "changes": {k: {"from": a, "to": b} for k, (a, b) in c.changes.items()}}
                for c in self.changed
            ],
            "vars": {k: {"from": a, "to": b} for k, (a, b) in self.vars_changed.items()},
        }


def diff_rulesets(old: Ruleset, new: Ruleset) -> RulesetDiff:
    """Rules added, removed and changed (severity, options/thresholds, targets)."""
    old_rules, new_rules = old.rules, new.rules
    result = RulesetDiff(
        added=[new_rules[n] for n in sorted(set(new_rules) - set(old_rules))],
        removed=[old_rules[n] for n in sorted(set(old_rules) - set(new_rules))],
    )
    for name in sorted(set(old_rules) & set(new_rules)):
        a, b = old_rules[name], new_rules[name]
        changes: dict[str, tuple[Any, Any]] = {}
        if effective_severity(a) != effective_severity(b):
            changes["severity"] = (effective_severity(a), effective_severity(b))
        old_opts = [t.options for t in a.then]
        new_opts = [t.options for t in b.then]
        if old_opts != new_opts:
            changes["options"] = (_plain(old_opts), _plain(new_opts))
        if [t.function.name for t in a.then] != [t.function.name for t in b.then]:
            changes["function"] = ([t.function.name for t in a.then],
                                   [t.function.name for t in b.then])
        if a.given != b.given:
            changes["given"] = ([list(g.expressions) for g in a.given],
                                [list(g.expressions) for g in b.given])
        if a.message != b.message:
            changes["message"] = (a.message, b.message)
        if changes:
            result.changed.append(RuleChange(name, changes))
    for key in sorted(set(old.vars) | set(new.vars)):
        if old.vars.get(key) != new.vars.get(key):
            result.vars_changed[key] = (old.vars.get(key), new.vars.get(key))
    return result


def option_changes(old: list[Any], new: list[Any]) -> list[tuple[str, Any, Any]]:
    """The options that differ, one by one: ``(name, old, new)``; with several ``then``
    entries the name says which (``then[1].field``). Absent values are ``None``."""
    out: list[tuple[str, Any, Any]] = []
    several = max(len(old), len(new)) > 1
    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) and isinstance(old[i], dict) else {}
        b = new[i] if i < len(new) and isinstance(new[i], dict) else {}
        for key in sorted(set(a) | set(b), key=str):
            if a.get(key) != b.get(key):
                out.append((f"then[{i}].{key}" if several else str(key), a.get(key), b.get(key)))
    return out


def effective_severity(rule: Rule) -> str:
    """The severity a user sees: ``off`` for a disabled rule."""
    return rule.severity.label if rule.enabled else "off"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass(slots=True)
class UpgradeDiff:
    """What moving from one governance version to another would change for a project."""

    added: list[Finding]  # findings only the target version reports
    removed: list[Finding]  # findings only the current version reports
    severity_changed: list[tuple[Finding, Finding]]  # (current, target)

    def to_json(self) -> dict[str, Any]:
        from govlint.reports.model import finding_to_json

        return {
            "added": [finding_to_json(f) for f in self.added],
            "removed": [finding_to_json(f) for f in self.removed],
            "severityChanged": [
                {**finding_to_json(b), "from": a.severity.label, "to": b.severity.label}
                for a, b in self.severity_changed
            ],
        }


def diff_findings(current: list[Finding], target: list[Finding]) -> UpgradeDiff:
    """Pair findings of the two runs at the same rule, file, document and pointer: equal
    messages first, then in order (a place can hold several findings of one rule, e.g. one
    per missing header). Unpaired ones are added or removed."""
    from collections import defaultdict

    def groups(findings: list[Finding]) -> dict[tuple[Any, ...], list[Finding]]:
        out: dict[tuple[Any, ...], list[Finding]] = defaultdict(list)
        for f in findings:
            if f.suppressed is None:
                out[(f.rule, f.file, f.document, f.pointer)].append(f)
        return out

    old, new = groups(current), groups(target)
    result = UpgradeDiff(added=[], removed=[], severity_changed=[])
    for key in sorted(set(old) | set(new), key=repr):
        before, after = list(old.get(key, [])), list(new.get(key, []))
        pairs: list[tuple[Finding, Finding]] = []
        for b in list(before):
            same = next((a for a in after if a.message == b.message), None)
            if same is not None:
                pairs.append((b, same))
                before.remove(b)
                after.remove(same)
        pairs.extend(zip(before, after, strict=False))  # extras are added/removed below
        result.removed.extend(before[len(after):])
        result.added.extend(after[len(before):])
        result.severity_changed.extend((b, a) for b, a in pairs if b.severity != a.severity)
    return result
