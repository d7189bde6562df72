"""Small builders for score tests: reports with an inventory, as `govlint lint` writes."""

from __future__ import annotations

from typing import Any

from govlint.findings.model import Finding, Severity
from govlint.reports.model import Report, RuleInfo

GOVERNANCE_RULES = ("NAM-001", "ERR-001", "TRC-001", "RES-001", "REL-001", "SBX-001",
                    "DOC-001", "LOG-001")


def finding(rule: str, file: str, severity: str = "error", document: int | None = None,
            suppressed: dict[str, Any] | None = None, pointer: tuple[str, ...] = ()) -> Finding:
    return Finding(rule=rule, severity=Severity.parse(severity), message=f"{rule} broken",
                   file=file, path=pointer, document=document, suppressed=suppressed)


def entry(file: str, kind: str = "k8s", size: int = 1, **extra: Any) -> dict[str, Any]:
    return {"file": file, "kind": kind, "size": size, **extra}


def report(inventory: list[dict[str, Any]], results: list[Finding] | None = None,
           partial: dict[str, Any] | None = None,
           rules: tuple[str, ...] = GOVERNANCE_RULES, digest: str = "sha256:x") -> Report:
    results = results or []
    files = sorted({e["file"] for e in inventory} | {f.file for f in results})
    return Report(
        results=results, files=files,
        rules={r: RuleInfo(r, "error") for r in {*rules, *(f.rule for f in results)}},
        governance={"version": "3.2", "digest": digest}, partial=partial,
        inventory=inventory,
    )
