"""Merge shard reports (``govlint lint --shard K/N --format json:…``) into one report.

The result equals the report of one unsharded run: files and results are unions, rules the
union of the rules that ran. Reports must come from the same configuration (same governance
version and rule digest, same rule definitions); merging reports of different configurations
would silently mix verdicts. Ruleset *paths* may differ (each runner checks out the project
in its own build directory); the first report's are kept.

Shard reports (``partial: {"shard": "K/N"}``) must be shards of one run: the same N, each K
at most once (else :class:`GovlintError`). When some K of 1..N are missing the merged report
stays partial and lists the shards it holds, ``{"shard": "1,3/3"}`` (merging it later with
shard 2 completes it); :func:`missing_shards` says which are missing.
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
    return report_from_data(path, data)


def report_from_data(path: Path, data: object) -> Report:
    """:func:`read_report` for JSON already parsed (``govlint comment`` reads each file once
    to tell lint reports from score reports)."""
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


def parse_shards(marker: str) -> tuple[list[int], int] | None:
    """``"2/5"`` -> ``([2], 5)``; ``"1,3/5"`` (a merge missing shards) -> ``([1, 3], 5)``."""
    ks_text, sep, n_text = str(marker).partition("/")
    ks = ks_text.split(",")
    if not sep or not n_text.isdigit() or not all(k.strip().isdigit() for k in ks):
        return None
    n, parsed = int(n_text), [int(k) for k in ks]
    return (parsed, n) if n >= 1 and all(1 <= k <= n for k in parsed) else None


def missing_shards(partial: dict[str, Any] | None) -> tuple[list[int], int] | None:
    """``(missing K's, N)`` of a merged report whose shard set is incomplete, else None."""
    parsed = parse_shards(str((partial or {}).get("shard") or ""))
    if parsed is None:
        return None
    held, n = parsed
    missing = sorted(set(range(1, n + 1)) - set(held))
    return (missing, n) if missing else None


def _shard_set(reports: Sequence[tuple[str, Report]]) -> tuple[list[int], int] | None:
    """The shards the reports hold and of how many; a repeated shard, shards of different
    N, or shard reports mixed with unsharded ones cannot be merged."""
    held: dict[int, str] = {}
    total: tuple[int, str] | None = None
    unsharded: list[str] = []
    for name, report in reports:
        marker = (report.partial or {}).get("shard")
        if not marker:
            unsharded.append(name)
            continue
        parsed = parse_shards(str(marker))
        if parsed is None:
            raise GovlintError(f"{name}: shard {marker!r} is not K/N")
        ks, n = parsed
        if total is None:
            total = (n, name)
        elif total[0] != n:
            raise GovlintError(
                f"cannot merge shards of different runs: {total[1]} is a shard of {total[0]}, "
                f"{name} a shard of {n}"
            )
        for k in ks:
            if k in held:
                raise GovlintError(f"cannot merge: shard {k}/{n} is given twice "
                                   f"({held[k]} and {name})")
            held[k] = name
    if total is None:
        return None
    if unsharded:
        raise GovlintError(f"cannot merge: {unsharded[0]} is not a shard report but "
                           f"{total[1]} is; merge the shards of one run")
    return sorted(held), total[0]


def _merged_partial(
    partials: Iterable[dict[str, Any] | None], shards: tuple[list[int], int] | None
) -> dict[str, Any] | None:
    """The shard marker goes when shards 1..N are all there, else it lists those held;
    anything else all reports share stays."""
    common: dict[str, Any] | None = None
    for p in partials:
        rest = {k: v for k, v in (p or {}).items() if k != "shard"}
        common = rest if common is None else {k: v for k, v in common.items() if rest.get(k) == v}
    common = common or {}
    if shards is not None and len(shards[0]) < shards[1]:
        common["shard"] = f"{','.join(map(str, shards[0]))}/{shards[1]}"
    return common or None


def merge(reports: Sequence[tuple[str, Report]]) -> Report:
    """Merge ``(name, report)`` pairs; ``name`` is only used in error messages."""
    if not reports:
        raise GovlintError("nothing to merge: give at least one report")
    governance = _same("governance", [(n, r.governance) for n, r in reports])
    shards = _shard_set(reports)
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
    configs: dict[tuple[Any, Any], dict[str, Any]] = {}
    for _, r in reports:  # the same configs in every shard; files linted add up
        for entry in r.configs:
            key = (entry.get("config"), entry.get("directory"))
            if key in configs:
                known = configs[key]
                known["files"] = int(known.get("files") or 0) + int(entry.get("files") or 0)
            else:
                configs[key] = dict(entry)
    return Report(
        results=sort_findings(results),
        files=files,
        rules=dict(sorted(rules.items())),
        rulesets=list(reports[0][1].rulesets),
        governance=governance,
        partial=_merged_partial((r.partial for _, r in reports), shards),
        version=reports[0][1].version,
        inventory=inventory,
        # every shard compares the same baseline file with the same base: keep the first
        baseline_change=next((r.baseline_change for _, r in reports if r.baseline_change),
                             None),
        waiver_change=next((r.waiver_change for _, r in reports if r.waiver_change), None),
        configs=list(configs.values()),
    )
