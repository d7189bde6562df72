"""The canonical report: what ``--format json`` writes and every other format reads.

``govlint merge`` and ``govlint rollup`` read reports back with :func:`Report.from_json`,
so a report must round-trip: ``Report.from_json(r.to_json()) == r`` in content.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from govlint import __version__
from govlint.findings.model import Finding, Severity, path_from_pointer

SCHEMA_VERSION = "1.1"  # 1.1: configs


@dataclass(slots=True)
class RuleInfo:
    """What formatters need to describe a rule (SARIF ``tool.driver.rules``, JUnit cases)."""

    id: str
    severity: str
    description: str = ""
    documentation_url: str = ""
    message: str = ""
    rationale: str = ""  # why the rule exists (governance rules' ``rationale:``)
    page: str = ""  # id of the rule page govlint ships (docs/rules/<page>.md): built-ins only

    def to_json(self) -> dict[str, Any]:
        out = {"id": self.id, "severity": self.severity, "description": self.description,
               "documentationUrl": self.documentation_url}
        if self.rationale:
            out["rationale"] = self.rationale
        if self.page:
            out["page"] = self.page
        return out


@dataclass(slots=True)
class Report:
    results: list[Finding]
    files: list[str] = field(default_factory=list)  # every file linted, clean ones too
    rules: dict[str, RuleInfo] = field(default_factory=dict)  # rules that ran
    rulesets: list[str] = field(default_factory=list)
    governance: dict[str, Any] | None = None  # {"version": "3.2", "digest": "sha256:..."}
    partial: dict[str, Any] | None = None  # e.g. {"shard": "1/3"} or {"changedSince": "main"}
    version: str = __version__
    # One entry per linted document (documents.inventory.describe, plus CODEOWNERS
    # "owners"): what ``govlint rollup`` scores a report from.
    inventory: list[dict[str, Any]] = field(default_factory=list)
    # ``results`` are already in report order (the pipeline sorts them once).
    results_sorted: bool = False
    # How the baseline file changed since the --new-since/--changed-since base:
    # {"file", "base", "added", "removed", "entries"} (exceptions.gitref.baseline_change).
    baseline_change: dict[str, Any] | None = None
    # Waivers added to the waiver file since that base: {"file", "base", "added": [entry],
    # "removed", "entries"} (exceptions.gitref.waiver_change).
    waiver_change: dict[str, Any] | None = None
    # Which config governed which files: [{"config", "directory", "governance",
    # "rulesets", "files"}], one per config of the run (nearest .govlint.yaml wins).
    configs: list[dict[str, Any]] = field(default_factory=list)

    def ordered(self) -> list[Finding]:
        """Results in report order: file, document, position, rule, pointer, message."""
        return self.results if self.results_sorted else sort_findings(self.results)

    def summary(self) -> dict[str, Any]:
        """Counts by severity for active findings, and suppressed ones by kind."""
        active = Counter(f.severity.label for f in self.results if f.suppressed is None)
        suppressed = Counter(f.suppressed["kind"] for f in self.results if f.suppressed)
        by_rule = Counter(f.rule for f in self.results if f.suppressed is None)
        return {
            "files": len(self.files),
            "error": active.get("error", 0),
            "warn": active.get("warn", 0),
            "info": active.get("info", 0),
            "hint": active.get("hint", 0),
            "suppressed": dict(sorted(suppressed.items())),
            "byRule": dict(sorted(by_rule.items())),
        }

    def to_json(self, *, with_results: bool = True) -> dict[str, Any]:
        """The report as JSON data; ``with_results=False`` leaves ``results`` empty for a
        writer that streams them (a monorepo report can hold millions of findings)."""
        out: dict[str, Any] = {
            "schemaVersion": SCHEMA_VERSION,
            "tool": "govlint",
            "version": self.version,
            "governance": self.governance,
            "rulesets": self.rulesets,
            "rules": [r.to_json() for _, r in sorted(self.rules.items())],
            "files": sorted(self.files),
            "results": [finding_to_json(f) for f in self.ordered()]
            if with_results else [],
            "summary": self.summary(),
        }
        if self.partial:
            out["partial"] = self.partial
        if self.baseline_change:
            out["baselineChange"] = self.baseline_change
        if self.waiver_change:
            out["waiverChange"] = self.waiver_change
        if self.inventory:
            out["inventory"] = sort_inventory(self.inventory)
        if self.configs:
            out["configs"] = sorted(self.configs, key=lambda c: str(c.get("directory")))
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Report:
        rules = {
            r["id"]: RuleInfo(r["id"], r.get("severity", "warn"), r.get("description", ""),
                              r.get("documentationUrl", ""), rationale=r.get("rationale", ""),
                              page=r.get("page", ""))
            for r in data.get("rules", [])
        }
        return cls(
            results=[finding_from_json(r) for r in data.get("results", [])],
            files=list(data.get("files", [])),
            rules=rules,
            rulesets=list(data.get("rulesets", [])),
            governance=data.get("governance"),
            partial=data.get("partial"),
            version=data.get("version", __version__),
            inventory=[dict(e) for e in data.get("inventory") or [] if isinstance(e, Mapping)],
            baseline_change=dict(data["baselineChange"])
            if isinstance(data.get("baselineChange"), Mapping) else None,
            waiver_change=dict(data["waiverChange"])
            if isinstance(data.get("waiverChange"), Mapping) else None,
            configs=[dict(c) for c in data.get("configs") or [] if isinstance(c, Mapping)],
        )


def finding_to_json(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": f.rule,
        "severity": f.severity.label,
        "message": f.message,
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "endLine": f.end_line if f.end_line is not None else f.line,
        "endColumn": f.end_column if f.end_column is not None else f.column,
        "pointer": f.pointer,
    }
    if f.document is not None:
        out["document"] = f.document
    if f.value_digest:
        out["valueDigest"] = f.value_digest
    out["fingerprint"] = f.fingerprint
    out["suppressed"] = f.suppressed
    operation = f.extra.get("operation")
    if operation is not None:  # diff findings: the operation a change concerns
        out["operation"] = operation
    extra = {k: v for k, v in f.extra.items() if k != "operation"} \
        if operation is not None else f.extra
    if extra:
        out["extra"] = extra
    return out


def finding_from_json(r: Mapping[str, Any]) -> Finding:
    return Finding(
        rule=r["rule"],
        severity=Severity.parse(r["severity"]),
        message=r.get("message", ""),
        file=r["file"],
        path=path_from_pointer(r.get("pointer", "")),
        document=r.get("document"),
        line=r.get("line", 1),
        column=r.get("column", 1),
        end_line=r.get("endLine"),
        end_column=r.get("endColumn"),
        value_digest=r.get("valueDigest", ""),
        fingerprint=r.get("fingerprint", ""),
        suppressed=r.get("suppressed"),
        extra=dict(r.get("extra") or {}, **({"operation": r["operation"]}
                                            if isinstance(r.get("operation"), dict) else {})),
    )


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def sort_inventory(entries: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Inventory entries in file, document order (deterministic whatever ``--jobs``)."""
    return sorted((dict(e) for e in entries),
                  key=lambda e: (str(e.get("file", "")), _doc_index(e.get("document"))))


def _doc_index(value: Any) -> int:
    return value if isinstance(value, int) else -1


def stable_fingerprint(f: Finding) -> str:
    """``f.fingerprint``, or (for findings built without ``findings.fingerprint.assign``) the
    same ingredients hashed here: rule, file, document, pointer and value digest, never the
    line, so the identity survives edits above the finding."""
    if f.fingerprint:
        return f.fingerprint
    doc = "" if f.document is None else str(f.document)
    raw = "\0".join((f.rule, f.file, doc, f.pointer, f.value_digest))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def active(findings: Iterable[Finding]) -> list[Finding]:
    """Findings that are not suppressed, in the deterministic report order."""
    return sort_findings(f for f in findings if f.suppressed is None)


def suppression_justification(suppressed: Mapping[str, Any]) -> str:
    """One line saying why a finding is suppressed, from whatever the exception recorded:
    ``waiver: <reason> (owner …, approver …, ticket …, expires …, see <waiver file#entry>)``."""
    kind = str(suppressed.get("kind", "exception"))
    head = kind
    for key in ("justification", "reason", "rationale"):
        text = suppressed.get(key)
        if isinstance(text, str) and text.strip():
            head = f"{kind}: {' '.join(text.split())}"
            break
    details = [f"zone {suppressed['zone']}"] if suppressed.get("zone") else []
    details += [f"{k} {suppressed[k]}" for k in ("owner", "approver", "ticket", "expires")
                if suppressed.get(k)]
    source = suppressed.get("waiver") or suppressed.get("baseline")
    if isinstance(source, str) and source:
        details.append(f"see {source}")
    return head + (f" ({', '.join(details)})" if details else "")
