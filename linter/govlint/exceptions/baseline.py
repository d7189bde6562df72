"""Baselines: adopt govlint on a legacy codebase without fixing everything first.

A baseline records the active findings of one run by fingerprint (rule + file + document +
JSON pointer + a digest of the offending value, never the line: see
:mod:`govlint.findings.fingerprint`), with a count for identical findings. A later run marks
the findings it recorded ``{"kind": "baseline"}`` (an entry with count 2 absorbs two
identical findings, a third is new) and reports entries that no longer match as
``baseline-fixed`` so the baseline can only shrink (``govlint baseline update --prune``).

File (JSON Schema ``schemas/baseline.schema.json``)::

    {"version": 1, "tool": "govlint", "created": "2025-01-10", "governance": "3.2",
     "findings": [{"fingerprint": "…", "rule": "NAM-001", "file": "api/openapi.yaml",
                   "pointer": "/paths/~1v1~1Orders", "count": 1, "message": "…"}]}

Findings born in the exceptions stage (``waiver-*``, ``baseline-fixed``) are never recorded:
a baseline must not silence an expired waiver.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from govlint.config import Config
from govlint.documents.model import Document
from govlint.errors import GovlintError
from govlint.exceptions.common import EXCEPTION_RULES, exception_finding, in_scope
from govlint.findings.fingerprint import base_fingerprint
from govlint.findings.model import Finding
from govlint.reports.model import sort_findings

FORMAT_VERSION = 1
_ENTRY_KEYS = {"fingerprint", "rule", "file", "pointer", "document", "count", "message"}


@dataclass(slots=True)
class Entry:
    fingerprint: str
    rule: str
    file: str
    pointer: str = ""
    document: int | None = None
    count: int = 1
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fingerprint": self.fingerprint, "rule": self.rule,
                               "file": self.file, "pointer": self.pointer}
        if self.document is not None:
            out["document"] = self.document
        out["count"] = self.count
        out["message"] = self.message
        return out

    def sort_key(self) -> tuple[Any, ...]:
        doc = -1 if self.document is None else self.document
        return (self.file, doc, self.pointer, self.rule, self.fingerprint)


@dataclass(slots=True)
class Baseline:
    """Recorded findings. ``source`` names it in suppressions (a file, or ``git:REF``);
    ``file`` is the root-relative baseline file (None when computed on the fly)."""

    entries: list[Entry] = field(default_factory=list)
    source: str = ""
    file: str | None = None
    document: Document | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": FORMAT_VERSION, "tool": "govlint"}
        for key in ("created", "updated", "governance"):
            if self.meta.get(key):
                out[key] = self.meta[key]
        out["findings"] = [e.to_json() for e in sorted(self.entries, key=Entry.sort_key)]
        return out

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"


def recordable(finding: Finding) -> bool:
    """Active findings that are not about exceptions themselves."""
    return finding.suppressed is None and finding.rule not in EXCEPTION_RULES


def from_findings(findings: Iterable[Finding], **meta: Any) -> Baseline:
    """A baseline of the recordable ``findings`` (identical ones become one entry, counted)."""
    entries: dict[str, Entry] = {}
    for f in sort_findings(f for f in findings if recordable(f)):
        key = base_fingerprint(f)
        entry = entries.get(key)
        if entry is None:
            entries[key] = Entry(key, f.rule, f.file, f.pointer, f.document, 1, f.message)
        else:
            entry.count += 1
    return Baseline(entries=list(entries.values()), meta={k: v for k, v in meta.items() if v})


def load_baseline(abspath: FsPath, root: FsPath, config: Config) -> Baseline:
    """Read a baseline file; a missing or malformed one is a usage error (exit 2)."""
    from govlint.documents.load import load_file

    shown = str(abspath)
    if not abspath.is_file():
        raise GovlintError(f"baseline {shown} not found (create it with "
                           f"`govlint baseline create -o {shown}`)")
    loaded = load_file(abspath, root, config)
    if loaded.findings or len(loaded.documents) != 1:
        reason = loaded.findings[0].message if loaded.findings else "empty file"
        raise GovlintError(f"baseline {shown} cannot be read: {reason}")
    doc = loaded.documents[0]
    entries = _entries(doc.data, shown)
    meta = {k: doc.data.get(k) for k in ("created", "updated", "governance")}
    return Baseline(entries=entries, source=loaded.file, file=loaded.file, document=doc,
                    meta={k: v for k, v in meta.items() if v})


def _entries(data: Any, shown: str) -> list[Entry]:
    def bad(message: str) -> GovlintError:
        return GovlintError(f"baseline {shown} is not a govlint baseline: {message}")

    if not isinstance(data, Mapping) or not isinstance(data.get("findings"), list):
        raise bad("expected an object with a `findings` list")
    if data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        raise bad(f"unsupported version {data.get('version')!r} (this govlint reads "
                  f"version {FORMAT_VERSION})")
    entries: list[Entry] = []
    for i, raw in enumerate(data["findings"]):
        if not isinstance(raw, Mapping) or not {"fingerprint", "rule", "file"} <= raw.keys():
            raise bad(f"findings/{i} needs fingerprint, rule and file")
        count = raw.get("count", 1)
        document = raw.get("document")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise bad(f"findings/{i}: count must be a positive integer")
        if document is not None and (isinstance(document, bool) or not isinstance(document, int)):
            raise bad(f"findings/{i}: document must be an integer")
        if not all(isinstance(raw.get(k, ""), str)
                   for k in ("fingerprint", "rule", "file", "pointer", "message")):
            raise bad(f"findings/{i}: fingerprint, rule, file, pointer and message are strings")
        entries.append(Entry(raw["fingerprint"], raw["rule"], raw["file"], raw.get("pointer", ""),
                             document, count, raw.get("message", "")))
    return entries


def match(findings: list[Finding], baseline: Baseline) -> dict[int, int]:
    """Mark recorded findings suppressed; return entry index -> how many it absorbed.

    When there are more identical findings than recorded, the first ones in report order
    are absorbed, so which one stays active is deterministic.
    """
    slots: dict[str, list[int]] = {}
    for i, entry in enumerate(baseline.entries):
        slots.setdefault(entry.fingerprint, []).append(i)
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        if recordable(finding):
            key = base_fingerprint(finding)
            if key in slots:
                groups.setdefault(key, []).append(finding)
    suppression: dict[str, Any] = {"kind": "baseline"}
    if baseline.source:
        suppression["baseline"] = baseline.source
    used: dict[int, int] = {}
    for key, group in groups.items():
        if len(group) > 1:
            group = sort_findings(group)
        taken = 0
        for index in slots[key]:
            count = min(baseline.entries[index].count, len(group) - taken)
            for finding in group[taken:taken + count]:
                finding.suppressed = dict(suppression)
            if count:
                used[index] = count
            taken += count
    return used


def apply_baseline(
    findings: list[Finding], baseline: Baseline, linted: set[str], complete: bool
) -> list[Finding]:
    """Suppress recorded findings; ``baseline-fixed`` for entries (of files this run could
    judge) that matched fewer findings than recorded. None for a baseline computed on the
    fly (``--new-since``): what a change fixed is good news, not a chore."""
    used = match(findings, baseline)
    if baseline.file is None:
        return []
    fixed: list[Finding] = []
    for i, entry in enumerate(baseline.entries):
        gone = entry.count - used.get(i, 0)
        if gone <= 0 or not in_scope(entry.file, linted, complete):
            continue
        where = entry.file + (f"#{entry.pointer}" if entry.pointer else "")
        count = f"{gone} of {entry.count} " if entry.count > 1 else ""
        finding = exception_finding("baseline-fixed", (
            f"baseline entry {entry.rule} at {where} no longer matches ({count}fixed): "
            "run `govlint baseline update --prune` to ratchet the baseline down"),
            baseline.document, baseline.file, ("findings", i))
        fixed.append(finding)
    return fixed


def updated(
    old: Baseline, findings: Iterable[Finding], linted: set[str], complete: bool, *,
    prune: bool, add_new: bool, today: str,
) -> tuple[Baseline, int, int]:
    """The baseline after ``update``: ``(baseline, entries/counts pruned, findings added)``.

    ``prune`` lowers each entry's count to what still matches (dropping it at 0), only for
    files this run linted (or every file, for a run over the whole project); ``add_new``
    records findings the baseline does not cover yet.
    """
    current = from_findings(findings)
    now = {e.fingerprint: e for e in current.entries}
    entries: list[Entry] = []
    pruned = added = 0
    for entry in old.entries:
        seen = now.get(entry.fingerprint)
        have = seen.count if seen else 0
        keep = entry.count
        if prune and in_scope(entry.file, linted, complete) and have < entry.count:
            pruned += entry.count - have
            keep = have
        if keep > 0:
            entries.append(Entry(entry.fingerprint, entry.rule, entry.file, entry.pointer,
                                 entry.document, keep, entry.message))
    if add_new:
        known = {e.fingerprint: e for e in entries}
        for fp, seen in now.items():
            entry = known.get(fp)
            if entry is None:
                entries.append(seen)
                added += seen.count
            elif seen.count > entry.count:
                added += seen.count - entry.count
                entry.count = seen.count
    meta = dict(old.meta)
    meta["updated"] = today
    if current.meta.get("governance"):
        meta["governance"] = current.meta["governance"]
    return Baseline(entries=entries, meta=meta), pruned, added
