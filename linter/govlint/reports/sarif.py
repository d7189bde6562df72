"""``sarif``: SARIF 2.1.0 as GitHub code scanning ingests it.

- ``tool.driver.rules``: every rule that ran plus any rule a result names (``parse-error`` …):
  the short description, a full description with the rule's rationale, help text, the rule
  page govlint ships as help Markdown (built-in rules) and ``helpUri`` when the rule
  documents one.
- results: ``ruleId``/``ruleIndex``, ``level`` (error, warning, note), the message, a
  ``physicalLocation`` whose uri is relative to the project root (``uriBaseId`` ``%SRCROOT%``),
  a region, and ``partialFingerprints`` (line-independent, see ``findings.fingerprint``).
- suppressed findings (waiver, sandbox, baseline) stay in the log with ``suppressions``
  (kind ``external``: the decision lives outside the source file) and their justification,
  so code scanning shows them as dismissed instead of forgetting them.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from govlint.findings.model import Severity
from govlint.reports.json_format import dumps
from govlint.reports.model import stable_fingerprint, suppression_justification

if TYPE_CHECKING:
    from govlint.findings.model import Finding
    from govlint.reports.model import Report, RuleInfo

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "govlintFingerprint/v1"

LEVELS = {
    Severity.ERROR: "error",
    Severity.WARN: "warning",
    Severity.INFO: "note",
    Severity.HINT: "note",
}


def _text(value: str, fallback: str) -> str:
    return value.strip() or fallback


def _severity(value: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError:
        return Severity.WARN


def _rule_descriptor(rule_id: str, info: RuleInfo | None) -> dict[str, Any]:
    description = info.description if info else ""
    short = _text(description.split("\n", 1)[0], rule_id)
    severity = _severity(info.severity) if info else Severity.ERROR
    full = _text(description, short)
    rationale = " ".join((info.rationale if info else "").split())
    if rationale:
        full += f"\n\nWhy: {rationale}"
    out: dict[str, Any] = {
        "id": rule_id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": LEVELS.get(severity, "none")},
    }
    help_text, markdown = full, _page(info)
    if info and info.documentation_url:
        out["helpUri"] = info.documentation_url
        help_text += f"\n\nSee {info.documentation_url}"
        markdown = (markdown or full) + f"\n\n[Documentation]({info.documentation_url})"
    out["help"] = {"text": help_text, **({"markdown": markdown} if markdown else {})}
    out["properties"] = {"tags": ["governance"]}
    return out


def _page(info: RuleInfo | None) -> str | None:
    """The rule page govlint ships for a built-in rule, as help Markdown."""
    if info is None or not info.page:
        return None
    from govlint.resources import rule_page

    page = rule_page(info.page)
    return page.strip() if page else None


def _region(f: Finding) -> dict[str, int]:
    region = {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)}
    end_line = f.end_line if f.end_line is not None else f.line
    end_column = f.end_column if f.end_column is not None else f.column
    if (end_line, end_column) > (f.line, f.column):
        region["endLine"] = end_line
        region["endColumn"] = max(end_column, 1)
    return region


def _result(f: Finding, index: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS.get(f.severity, "none"),
        "message": {"text": _text(f.message, f.rule)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": f.file, "uriBaseId": "%SRCROOT%"},
                    "region": _region(f),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: stable_fingerprint(f)},
    }
    properties: dict[str, Any] = {"pointer": f.pointer}
    if f.document is not None:
        properties["document"] = f.document
    out["properties"] = properties
    if f.suppressed:
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": suppression_justification(f.suppressed),
                "properties": {"govlint": f.suppressed},
            }
        ]
    return out


def to_sarif(report: Report) -> dict[str, Any]:
    findings = report.ordered()
    rule_ids = sorted(set(report.rules) | {f.rule for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    driver: dict[str, Any] = {
        "name": "govlint",
        "version": report.version,
        "semanticVersion": report.version,
        "rules": [_rule_descriptor(r, report.rules.get(r)) for r in rule_ids],
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {
            "%SRCROOT%": {"description": {"text": "The project root (where .govlint.yaml is)."}}
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule]) for f in findings],
    }
    properties: dict[str, Any] = {"rulesets": report.rulesets}
    if report.governance:
        properties["governance"] = report.governance
    if report.partial:
        properties["partial"] = report.partial
    run["properties"] = properties
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report, stream: IO[str], *, color: bool) -> None:
    stream.write(dumps(to_sarif(report)))
