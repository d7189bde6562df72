"""Sandbox zones (SBX-004): inside a path item or operation marked ``x-spec-sandbox: true``
whose evidence is complete and unexpired, findings of rules marked ``sandboxable`` drop to
warning and are marked ``{"kind": "sandbox", "originalSeverity": ...}``.

Zones are read where documents are loaded (in worker processes with ``--jobs > 1``) and
travel to the main process as plain :class:`Zone` values. Validity comes from the SBX rules'
own reading (:func:`govlint.functions.governance.openapi_sandbox.sandbox_zones`), so a zone
relaxes exactly when SBX-002/SBX-003 stay silent about it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from govlint.documents.model import KIND_OPENAPI, Document
from govlint.exceptions.common import under
from govlint.findings.model import Finding, Path, Severity, pointer_from_path
from govlint.rules.model import Ruleset

DEFAULT_MAX_SANDBOX_DAYS = 90


@dataclass(slots=True, frozen=True)
class Zone:
    """One sandbox of one document; ``valid``: evidence complete, unexpired."""

    file: str
    document: int | None
    path: Path
    valid: bool
    owner: str | None = None
    expires: str | None = None

    def contains(self, finding: Finding) -> bool:
        return (finding.file == self.file and finding.document == self.document
                and under(finding.path, self.path))


def zones_of(doc: Document, root: FsPath, *, on: dt.date, max_days: int) -> list[Zone]:
    """The sandboxes of an OpenAPI document (none for anything else)."""
    if doc.kind != KIND_OPENAPI or not isinstance(doc.data, Mapping):
        return []
    skeleton = _flagged(doc.data)
    if not skeleton:
        return []
    from govlint.functions.governance.openapi_sandbox import EVIDENCE, sandbox_zones

    zones: list[Zone] = []
    for zone in sandbox_zones(skeleton, on=on, max_days=max_days,
                              base_dirs=_base_dirs(doc, root)):
        evidence = doc.get((*zone.path, EVIDENCE))
        owner = evidence.get("owner") if isinstance(evidence, Mapping) else None
        zones.append(Zone(
            file=doc.file, document=doc.index, path=tuple(zone.path), valid=zone.valid,
            owner=owner if isinstance(owner, str) else None,
            expires=zone.expires.isoformat() if zone.expires else None,
        ))
    return zones


def _flagged(data: Mapping[str, Any]) -> dict[str, Any]:
    """Only the path items holding a sandbox flag (on the item or an operation), so a big
    spec without sandboxes costs one pass over its path items and nothing more."""
    from govlint.functions.governance.openapi_sandbox import FLAG

    out: dict[str, Any] = {}
    for section in ("paths", "webhooks"):
        items = data.get(section)
        if not isinstance(items, Mapping):
            continue
        kept = {
            key: item for key, item in items.items()
            if isinstance(item, Mapping) and (
                FLAG in item or any(isinstance(op, Mapping) and FLAG in op
                                    for op in item.values())
            )
        }
        if kept:
            out[section] = kept
    return out


def _base_dirs(doc: Document, root: FsPath) -> list[FsPath]:
    """Where evidence given as a repository path may live: the spec's directory and each
    parent up to the project root (as SBX-002 checks it)."""
    directory = FsPath(doc.abspath).parent
    dirs = [directory]
    root = FsPath(root)
    while directory != root and root in directory.parents:
        directory = directory.parent
        dirs.append(directory)
    return dirs


def apply_sandbox(findings: Iterable[Finding], zones: list[Zone], ruleset: Ruleset) -> None:
    """Relax findings of sandboxable rules inside valid zones (trace, security and
    breaking-change rules are not sandboxable, so they never relax)."""
    valid = [z for z in zones if z.valid]
    if not valid:
        return
    by_file: dict[str, list[Zone]] = {}
    for zone in valid:
        by_file.setdefault(zone.file, []).append(zone)
    for finding in findings:
        candidates = by_file.get(finding.file)
        if not candidates or finding.suppressed is not None:
            continue
        rule = ruleset.rules.get(finding.rule)
        if rule is None or not rule.sandboxable:
            continue
        zone = next((z for z in candidates if z.contains(finding)), None)
        if zone is None:
            continue
        original = finding.severity
        if original.at_least(Severity.WARN):
            finding.severity = Severity.WARN
        suppressed: dict[str, Any] = {"kind": "sandbox", "originalSeverity": original.label,
                                      "zone": pointer_from_path(zone.path)}
        if zone.owner:
            suppressed["owner"] = zone.owner
        if zone.expires:
            suppressed["expires"] = zone.expires
        finding.suppressed = suppressed
