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
a baseline must not silence an expired waiver. Neither are findings that say a file or a
check could not be read or run (:data:`NEVER_BASELINED`: ``parse-error``,
``function-error``…): a baseline records known debt, not files nobody could check.

A baseline file comes from the repository, so it is untrusted: an entry suppresses only a
finding with the same fingerprint, rule and file (an entry labelled ``DOC-001 legacy.yaml``
cannot absorb a new ``NAM-001``), and a file above :func:`max_bytes` (32 MiB by default,
``GOVLINT_MAX_BASELINE_MB`` to raise it; ~100k entries) is refused before it is read.
"""

from __future__ import annotations

import json
import os
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
from govlint.reports.text import scrub

FORMAT_VERSION = 1
DEFAULT_MAX_MB = 32
# "Could not read / could not check" findings: a new one must always surface. The names of
# findings other stages add for unreadable input belong here too.
NEVER_BASELINED = frozenset({
    "parse-error", "function-error", "file-too-large", "file-timeout", "symlink-escapes-root",
    "breaking-since-skipped",
})
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
    """Active findings that are not about exceptions themselves, nor about input that
    could not be read or checked."""
    return (finding.suppressed is None and finding.rule not in EXCEPTION_RULES
            and finding.rule not in NEVER_BASELINED)


def _key(fingerprint: str, rule: str, file: str) -> tuple[str, str, str]:
    """What an entry must share with a finding to absorb it. The file is compared as the
    baseline file can store it (a non-UTF-8 name with U+FFFD, see reports.text.scrub)."""
    return fingerprint, rule, scrub(file)


def configured_path(config: Config, name: str | None = None) -> FsPath:
    """The baseline file ``.govlint.yaml`` names (``name``, default the config's
    ``baseline``), relative to the project root, which it must not leave (``realpath``: no
    ``../``, absolute path or symlink out): govlint would read it, and ``baseline update``
    would write it. A ``--baseline FILE`` on the command line is the operator's choice."""
    relative = name or config.baseline or ""
    path = FsPath(config.root) / relative
    root = FsPath(os.path.realpath(config.root))
    real = FsPath(os.path.realpath(path))
    if real != root and root not in real.parents:
        source = config.path or FsPath(config.root) / ".govlint.yaml"
        raise GovlintError(f"{source}: baseline file {relative} (key `baseline`) resolves "
                           f"outside the project root ({root}): refused, not read or written")
    return path


def _own_cap(config: Config) -> Config:
    """The config to read a baseline with: its own size cap, not ``--max-file-size`` (which
    is about the files being linted)."""
    import dataclasses

    if getattr(config, "max_file_size", None) is None:
        return config
    return dataclasses.replace(config, max_file_size=max_bytes() + 1)


def max_bytes() -> int:
    """The largest baseline file read: ``GOVLINT_MAX_BASELINE_MB`` MiB, default 32."""
    raw = os.environ.get("GOVLINT_MAX_BASELINE_MB", "")
    if not raw:
        return DEFAULT_MAX_MB << 20
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise GovlintError(f"GOVLINT_MAX_BASELINE_MB must be a positive number, got {raw!r}")
    return int(value * (1 << 20))


def from_findings(findings: Iterable[Finding], **meta: Any) -> Baseline:
    """A baseline of the recordable ``findings`` (identical ones become one entry, counted)."""
    entries: dict[str, Entry] = {}
    for f in sort_findings(f for f in findings if recordable(f)):
        key = base_fingerprint(f)
        entry = entries.get(key)
        if entry is None:
            entries[key] = Entry(key, f.rule, scrub(f.file), scrub(f.pointer), f.document, 1,
                                 scrub(f.message))
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
    size, cap = abspath.stat().st_size, max_bytes()
    if size > cap:
        raise GovlintError(
            f"baseline {shown} is {size / (1 << 20):.1f} MiB, above the {cap / (1 << 20):g} MiB "
            "limit (a baseline is read whole; set GOVLINT_MAX_BASELINE_MB to raise the limit, "
            "or prune it: `govlint baseline update --prune`)")
    stamp = (str(abspath), str(root), abspath.stat().st_mtime_ns, size)
    if _LAST and _LAST[0] == stamp:  # lint reads it to apply it and to report its growth
        return _LAST[1]
    loaded = load_file(abspath, root, _own_cap(config))
    if loaded.findings or len(loaded.documents) != 1:
        reason = loaded.findings[0].message if loaded.findings else "empty file"
        raise GovlintError(f"baseline {shown} cannot be read: {reason}")
    doc = loaded.documents[0]
    entries = _entries(doc.data, shown)
    meta = {k: doc.data.get(k) for k in ("created", "updated", "governance")}
    baseline = Baseline(entries=entries, source=loaded.file, file=loaded.file, document=doc,
                        meta={k: v for k, v in meta.items() if v})
    _LAST[:] = [stamp, baseline]
    return baseline


_LAST: list[Any] = []  # (path, root, mtime, size) and the Baseline last read


def parse_baseline(raw: bytes, file: str, abspath: FsPath, config: Config,
                   shown: str) -> list[Entry]:
    """The entries of baseline content ``raw`` (a file's, or a blob at a git ref)."""
    from govlint.documents.load import load_bytes

    if len(raw) > max_bytes():
        raise GovlintError(f"baseline {shown} is {len(raw) / (1 << 20):.1f} MiB, above the "
                           f"{max_bytes() / (1 << 20):g} MiB limit (GOVLINT_MAX_BASELINE_MB)")
    loaded = load_bytes(raw, file, abspath, _own_cap(config))
    if not raw.strip():
        return []
    if loaded.findings or len(loaded.documents) != 1:
        reason = loaded.findings[0].message if loaded.findings else "several documents"
        raise GovlintError(f"baseline {shown} cannot be read: {reason}")
    return _entries(loaded.documents[0].data, shown)


def change(old: Iterable[Entry], new: Iterable[Entry]) -> tuple[int, int]:
    """``(added, removed)``: findings the ``new`` entries record beyond the ``old`` ones
    (an entry's count is how many findings it absorbs), and the other way round."""
    def counts(entries: Iterable[Entry]) -> dict[tuple[str, str, str], int]:
        out: dict[tuple[str, str, str], int] = {}
        for e in entries:
            key = _key(e.fingerprint, e.rule, e.file)
            out[key] = out.get(key, 0) + e.count
        return out

    before, after = counts(old), counts(new)
    added = sum(max(n - before.get(k, 0), 0) for k, n in after.items())
    removed = sum(max(n - after.get(k, 0), 0) for k, n in before.items())
    return added, removed


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
    """Mark recorded findings suppressed; return entry index -> how many it absorbed. An
    entry absorbs only findings with its fingerprint, rule and file.

    When there are more identical findings than recorded, the first ones in report order
    are absorbed, so which one stays active is deterministic.
    """
    slots: dict[tuple[str, str, str], list[int]] = {}
    for i, entry in enumerate(baseline.entries):
        slots.setdefault(_key(entry.fingerprint, entry.rule, entry.file), []).append(i)
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in findings:
        if recordable(finding):
            key = _key(base_fingerprint(finding), finding.rule, finding.file)
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
    now = {_key(e.fingerprint, e.rule, e.file): e for e in current.entries}
    entries: list[Entry] = []
    pruned = added = 0
    for entry in old.entries:
        seen = now.get(_key(entry.fingerprint, entry.rule, entry.file))
        have = seen.count if seen else 0
        keep = entry.count
        if prune and in_scope(entry.file, linted, complete) and have < entry.count:
            pruned += entry.count - have
            keep = have
        if keep > 0:
            entries.append(Entry(entry.fingerprint, entry.rule, entry.file, entry.pointer,
                                 entry.document, keep, entry.message))
    if add_new:
        known = {_key(e.fingerprint, e.rule, e.file): e for e in entries}
        for key, seen in now.items():
            entry = known.get(key)
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
