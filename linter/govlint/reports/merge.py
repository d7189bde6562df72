"""Merge shard reports (``govlint lint --shard K/N --format json:…``) into one report.

The result equals the report of one unsharded run: files and results are unions, rules the
union of the rules that ran. Reports must come from the same configuration (same governance
version and rule digest, same rule definitions); merging reports of different configurations
would silently mix verdicts. Ruleset *paths* may differ (each runner checks out the project
in its own build directory); the first report's are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from govlint.errors import GovlintError
from govlint.reports.model import SCHEMA_VERSION, Report, sort_findings


def read_report(path: Path) -> Report:
    """Load a ``--format json`` report; a broken file is a ``GovlintError`` naming it."""
    import orjson

    try:
        data = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise GovlintError(f"cannot read report {path}: {exc.strerror or exc}") from None
    except orjson.JSONDecodeError as exc:
        raise GovlintError(f"{path}: not a JSON report: {exc}") from None
    if not isinstance(data, dict) or data.get("tool") != "govlint":
        raise GovlintError(f"{path}: not a govlint JSON report (written with --format json?)")
    version = str(data.get("schemaVersion", ""))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise GovlintError(
            f"{path}: report schemaVersion {version or '(missing)'} is not supported "
            f"(this govlint reads {SCHEMA_VERSION.split('.')[0]}.x)"
        )
    try:
        return Report.from_json(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise GovlintError(f"{path}: malformed report: {exc!r}") from None


def _same(label: str, values: Sequence[tuple[str, Any]]) -> Any:
    first_name, first = values[0]
    for name, value in values[1:]:
        if value != first:
            raise GovlintError(
                f"cannot merge reports with different {label}: {first_name} has {first!r}, "
                f"{name} has {value!r}"
            )
    return first


def _merged_partial(partials: Iterable[dict[str, Any] | None]) -> dict[str, Any] | None:
    """Shard markers go away (the union is complete); anything else all shards share stays."""
    common: dict[str, Any] | None = None
    for p in partials:
        rest = {k: v for k, v in (p or {}).items() if k != "shard"}
        common = rest if common is None else {k: v for k, v in common.items() if rest.get(k) == v}
    return common or None


def merge(reports: Sequence[tuple[str, Report]]) -> Report:
    """Merge ``(name, report)`` pairs; ``name`` is only used in error messages."""
    if not reports:
        raise GovlintError("nothing to merge: give at least one report")
    governance = _same("governance", [(n, r.governance) for n, r in reports])
    rules: dict[str, Any] = {}
    for name, r in reports:
        for rule_id, info in r.rules.items():
            known = rules.get(rule_id)
            if known is not None and known.to_json() != info.to_json():
                raise GovlintError(
                    f"cannot merge: rule {rule_id!r} differs between reports ({name})"
                )
            rules[rule_id] = info
    # A file's findings come from the first report that linted it, so overlapping shards
    # (or the same report given twice) do not double its findings.
    owner: dict[str, int] = {}
    for i, (_, r) in enumerate(reports):
        for file in [*r.files, *(f.file for f in r.results)]:
            owner.setdefault(file, i)
    results = [f for i, (_, r) in enumerate(reports) for f in r.results if owner[f.file] == i]
    files = sorted({file for _, r in reports for file in r.files})
    inventory = [e for i, (_, r) in enumerate(reports) for e in r.inventory
                 if owner.get(str(e.get("file"))) == i]
    return Report(
        results=sort_findings(results),
        files=files,
        rules=dict(sorted(rules.items())),
        rulesets=list(reports[0][1].rulesets),
        governance=governance,
        partial=_merged_partial(r.partial for _, r in reports),
        version=reports[0][1].version,
        inventory=inventory,
    )
