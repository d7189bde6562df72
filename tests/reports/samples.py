"""Realistic reports built from Finding objects directly (no engine needed)."""

from __future__ import annotations

import json
from pathlib import Path

from govlint.findings.model import Finding, Severity
from govlint.reports.model import Report, RuleInfo

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "tests" / "vendor"


def rules() -> dict[str, RuleInfo]:
    infos = [
        RuleInfo("NAM-001", "error", "Path segments are lowercase kebab-case.",
                 "https://example.org/govlint/rules/NAM-001"),
        RuleInfo("NAM-003", "error", "operationId unique, lowerCamelCase.\n\nLonger text."),
        RuleInfo("ERR-001", "error", "Every operation documents a 4xx and a 5xx response."),
        RuleInfo("TRC-001", "warn", "Every HTTP operation accepts traceparent."),
        RuleInfo("NAM-006", "info", "Enum values UPPER_SNAKE_CASE."),
        RuleInfo("REL-002", "error", "Argo Rollout canary setWeight steps strictly increase."),
        RuleInfo("DOC-001", "hint", ""),
    ]
    return {r.id: r for r in infos}


def findings() -> list[Finding]:
    api = "apis/payments/openapi.yaml"
    k8s = "deploy/rollouts.yaml"
    return [
        Finding("NAM-001", Severity.ERROR, "Path segment 'Refunds' is not kebab-case", api,
                ("paths", "/v1/Refunds"), line=40, column=3, end_line=40, end_column=16,
                value_digest="d1", fingerprint="fp-nam-001-refunds"),
        Finding("ERR-001", Severity.ERROR, "GET /v1/Refunds documents no 5xx response", api,
                ("paths", "/v1/Refunds", "get", "responses"), line=44, column=7, end_line=52,
                end_column=1, value_digest="d2", fingerprint="fp-err-001"),
        # Two identical findings in one file: same rule, pointer, value -> same fingerprint.
        Finding("TRC-001", Severity.WARN, "Operation accepts no traceparent header", api,
                ("paths", "/v1/payments", "post"), line=12, column=5, value_digest="d3",
                fingerprint="fp-trc-dup"),
        Finding("TRC-001", Severity.WARN, "Operation accepts no traceparent header", api,
                ("paths", "/v1/payments", "post"), line=12, column=5, value_digest="d3",
                fingerprint="fp-trc-dup"),
        Finding("NAM-006", Severity.INFO, 'Enum value "pending" is not UPPER_SNAKE_CASE', api,
                ("components", "schemas", "Payment", "properties", "status", "enum", 0),
                line=90, column=11, value_digest="d4", fingerprint="fp-nam-006"),
        Finding("DOC-001", Severity.HINT, "Operation has neither summary nor description", api,
                ("paths", "/v1/payments", "get"), line=20, column=5, fingerprint="fp-doc-001"),
        Finding("REL-002", Severity.ERROR,
                "setWeight steps must strictly increase: 50 follows 50 | at step 3", k8s,
                ("spec", "strategy", "canary", "steps", 3, "setWeight"), document=1, line=58,
                column=22, end_line=58, end_column=24, value_digest="d5",
                fingerprint="fp-rel-002"),
        Finding("NAM-003", Severity.ERROR, "operationId 'Get_Refund' is not lowerCamelCase", api,
                ("paths", "/v1/Refunds", "get", "operationId"), line=45, column=20,
                value_digest="d6", fingerprint="fp-nam-003",
                suppressed={"kind": "waiver", "reason": "legacy client SDK depends on it",
                            "owner": "payments-team", "approver": "arch-board",
                            "ticket": "GOV-123", "expires": "2030-01-31",
                            "waiver": ".govlint/waivers.yaml#/waivers/0"}),
        Finding("TRC-001", Severity.WARN, "Operation accepts no traceparent header", api,
                ("paths", "/v1/refunds-beta", "get"), line=70, column=5, value_digest="d7",
                fingerprint="fp-trc-sbx",
                suppressed={"kind": "sandbox", "originalSeverity": "error",
                            "zone": "/paths/~1v1~1refunds-beta", "expires": "2030-03-01"}),
        Finding("NAM-001", Severity.ERROR, "Path segment 'Old_Path' is not kebab-case",
                "apis/legacy/openapi.json", ("paths", "/v1/Old_Path"), line=5, column=5,
                value_digest="d8", fingerprint="fp-nam-001-legacy",
                suppressed={"kind": "baseline"}),
        Finding("parse-error", Severity.ERROR, "mapping values are not allowed here\n  in line 3",
                "config/broken.yaml", (), line=3, column=9, fingerprint="fp-parse"),
    ]


def make_report(results: list[Finding] | None = None, **kw: object) -> Report:
    files = [
        "apis/legacy/openapi.json",
        "apis/payments/openapi.yaml",
        "config/broken.yaml",
        "deploy/rollouts.yaml",
        "services/clean/service.yaml",
    ]
    defaults: dict[str, object] = {
        "files": files,
        "rules": rules(),
        "rulesets": ["govlint:governance@3.2"],
        "governance": {"version": "3.2", "digest": "sha256:abc"},
    }
    defaults.update(kw)
    return Report(findings() if results is None else results, **defaults)  # type: ignore[arg-type]


def load_json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))
