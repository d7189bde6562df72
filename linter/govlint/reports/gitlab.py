"""``gitlab``: GitLab Code Quality JSON (the subset of the Code Climate spec GitLab reads).

One array; each entry has ``description``, ``check_name``, ``fingerprint``, ``severity``,
``location.path`` (relative to the project root) and ``location.lines.begin``.

Severity mapping: error -> ``critical`` (errors fail the govlint gate, so they rank above
other tools' ``major`` findings in the merge request widget), warn -> ``minor``,
info and hint -> ``info``. ``major`` and ``blocker`` are not used.

GitLab keys entries on the fingerprint alone and drops the report at the first invalid
entry, so fingerprints here are unique per finding: the line-independent finding fingerprint,
and for identical findings in one file (same rule, pointer and value) an occurrence index in
report order is hashed in, so the n-th duplicate keeps its identity when lines shift.
Suppressed findings are left out: GitLab has no notion of a dismissed finding, and a waived
problem must not show up as new or resolved in merge requests.
"""

from __future__ import annotations

import hashlib
from typing import IO, TYPE_CHECKING, Any

from govlint.findings.model import Severity
from govlint.reports.json_format import dumps
from govlint.reports.model import active, stable_fingerprint

if TYPE_CHECKING:
    from govlint.reports.model import Report

SEVERITIES = {
    Severity.ERROR: "critical",
    Severity.WARN: "minor",
    Severity.INFO: "info",
    Severity.HINT: "info",
}


def _unique(base: str, seen: set[str]) -> str:
    """``base`` for the first occurrence, a hash of ``base`` and the occurrence number after."""
    candidate, n = base, 1
    while candidate in seen:
        n += 1
        candidate = hashlib.sha256(f"{base}#{n}".encode()).hexdigest()[: max(len(base), 32)]
    seen.add(candidate)
    return candidate


def to_code_quality(report: Report) -> list[dict[str, Any]]:
    seen: set[str] = set()
    entries = []
    for f in active(report.results):
        lines: dict[str, int] = {"begin": max(f.line, 1)}
        if f.end_line is not None and f.end_line > f.line:
            lines["end"] = f.end_line
        entries.append(
            {
                "description": " ".join(f.message.split()) or f.rule,
                "check_name": f.rule,
                "fingerprint": _unique(stable_fingerprint(f), seen),
                "severity": SEVERITIES.get(f.severity, "info"),
                "location": {"path": f.file, "lines": lines},
            }
        )
    return entries


def render(report: Report, stream: IO[str], *, color: bool) -> None:
    stream.write(dumps(to_code_quality(report)))
