"""Helpers shared by waivers, sandbox zones and baselines."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path as FsPath

from govlint.config import Config
from govlint.dates import parse_date, today  # noqa: F401  (re-exported)
from govlint.documents.model import Document
from govlint.findings.model import Finding, Path, Severity

# Findings born in this stage. They are never waived or baselined themselves: an expired
# waiver must keep failing the run whatever else the project has excused.
EXCEPTION_RULES: dict[str, tuple[str, str]] = {
    "waiver-invalid": ("error", (
        "A waiver entry is incomplete or malformed (owner, approver, reason and expires are "
        "required; expires at most var maxWaiverDays ahead, default 180); it suppresses "
        "nothing until fixed.")),
    "waiver-expired": ("error", (
        "A waiver reached its expiry date: it no longer suppresses anything and the findings "
        "it excused are reported again. Fix them, or renew the waiver with a new approval.")),
    "waiver-unused": ("warn", (
        "A waiver matched no finding in this run: the problem was fixed or the waiver's "
        "rule/files/pointer are wrong. Remove it so it cannot hide a future finding.")),
    "baseline-fixed": ("info", (
        "A baseline entry no longer matches any finding: the problem was fixed. Ratchet the "
        "baseline down with `govlint baseline update --prune`.")),
}

DEFAULT_MAX_WAIVER_DAYS = 180





def max_waiver_days(config: Config, ruleset_vars: dict[str, object] | None = None) -> int:
    """Var ``maxWaiverDays``: ``.govlint.yaml`` vars, then the ruleset's, then 180."""
    from govlint.errors import ConfigError

    for source in (config.vars, ruleset_vars or {}):
        if "maxWaiverDays" in source:
            value = source["maxWaiverDays"]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(
                    f"var maxWaiverDays must be a non-negative integer, got {value!r}"
                )
            return value
    return DEFAULT_MAX_WAIVER_DAYS


def exception_finding(
    rule: str, message: str, doc: Document | None, file: str, path: Path = ()
) -> Finding:
    """A finding about an exceptions file, positioned at ``path`` inside it."""
    severity = Severity.parse(EXCEPTION_RULES[rule][0])
    finding = Finding(rule=rule, severity=severity, message=message, file=file, path=path)
    if doc is not None:
        span = doc.locate(path)
        finding.line, finding.column = span.line, span.column
        finding.end_line, finding.end_column = span.end_line, span.end_column
    return finding


def resolve(path: str, base: FsPath) -> FsPath:
    """``path`` made absolute against ``base`` (an absolute path stays as it is)."""
    candidate = FsPath(path).expanduser()
    return candidate if candidate.is_absolute() else base / candidate


def in_scope(file: str, linted: set[str], complete: bool) -> bool:
    """Whether this run can tell that an exception for ``file`` matched nothing: the file
    was linted, or the run covered the whole project (a file gone is a file fixed)."""
    return complete or file in linted


def under(path: Path, prefix: Iterable[str | int]) -> bool:
    """``path`` equals ``prefix`` or lies below it (segments compared as strings: a JSON
    pointer does not say whether ``/0`` is an index or a key)."""
    prefix = tuple(prefix)
    return len(path) >= len(prefix) and all(
        str(a) == str(b) for a, b in zip(path, prefix, strict=False)
    )
