"""Waivers: a named owner excuses one rule in some files, approved by someone else, until
a date. No peer linter records who excused a finding, why and until when; govlint does.

The file (default ``.govlint/waivers.yaml``, config key ``waivers``; JSON Schema
``schemas/waivers.schema.json``)::

    waivers:
      - rule: NAM-001                 # rule id or glob (NAM-*)
        files: api/openapi.yaml       # path or glob relative to the .govlint.yaml, or a list
        pointer: /paths/~1v1~1orders  # optional: only at or below this JSON pointer
        owner: orders-team
        approver: api-council
        reason: legacy clients call this path; it goes with v2
        ticket: GOV-123               # optional
        created: 2025-01-10           # optional
        expires: 2025-06-30

A literal ``files`` entry is that file exactly (``dir/`` is everything below ``dir``); a
glob follows :mod:`govlint.files.globs` (one without ``/`` matches the base name anywhere).
A waiver suppresses while ``today < expires``; from its expiry date on it is a
``waiver-expired`` error and its findings are reported again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path as FsPath
from typing import Any

from govlint.config import Config, glob_error
from govlint.documents.model import Document
from govlint.exceptions.common import EXCEPTION_RULES, exception_finding, parse_date, under
from govlint.exceptions.identity import same_person
from govlint.findings.model import Finding, Path, path_from_pointer
from govlint.reports.text import printable
from govlint.wording import plural

FIELDS = ("rule", "files", "pointer", "owner", "approver", "reason", "ticket", "created",
          "expires")
REQUIRED = ("rule", "files", "owner", "approver", "reason", "expires")
_TOP_LEVEL = ("waivers", "$schema")


@dataclass(slots=True)
class Waiver:
    """One well-formed waiver entry (``index`` is its position in ``waivers:``)."""

    index: int
    rule: str
    files: tuple[str, ...]
    pointer: str
    owner: str
    approver: str
    reason: str
    expires: dt.date
    ticket: str | None = None
    created: dt.date | None = None
    path: tuple[str, ...] = ()
    used: int = 0

    def label(self) -> str:
        where = ", ".join(self.files)
        return f"{self.rule} in {where}" + (f"#{self.pointer}" if self.pointer else "")

    def matches_file(self, file: str) -> bool:
        return any(file_matches(file, pattern) for pattern in self.files)

    def matches(self, finding: Finding) -> bool:
        if finding.rule in EXCEPTION_RULES or not fnmatchcase(finding.rule, self.rule):
            return False
        base = finding.extra.get("base")
        if isinstance(base, dict) and isinstance(base.get("pointer"), str):
            # a removal since a revision, reported at its parent in today's file: waived by
            # where it was (a waiver at the parent would cover every removal below it)
            return (self.matches_file(finding.file) or self.matches_file(str(base["file"]))) \
                and under(path_from_pointer(base["pointer"]), self.path)
        return self.matches_file(finding.file) and under(finding.path, self.path)

    def suppression(self, source: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": "waiver",
            "owner": self.owner,
            "approver": self.approver,
            "reason": self.reason,
            "expires": self.expires.isoformat(),
        }
        if self.ticket:
            out["ticket"] = self.ticket
        out["waiver"] = f"{source}#/waivers/{self.index}"
        return out


@dataclass(slots=True)
class WaiverFile:
    """What one waiver file says: the waivers that suppress today, and findings about the
    file itself (``waiver-invalid``, ``waiver-expired``, parse errors)."""

    file: str
    waivers: list[Waiver] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None


def file_matches(file: str, pattern: str) -> bool:
    from govlint.files.globs import has_magic, matches

    pattern = pattern.removeprefix("./")
    if has_magic(pattern):
        return matches(file, (pattern,))
    return file == pattern or (pattern.endswith("/") and file.startswith(pattern))


def check_entry(
    entry: Any, index: int, *, on: dt.date, max_days: int
) -> tuple[Waiver | None, list[tuple[Path, str]], bool]:
    """Validate one entry: ``(waiver, problems, expired)``.

    ``waiver`` is None when the entry is too broken to describe; ``problems`` (path inside
    the entry, message) make it ``waiver-invalid``; ``expired`` makes it ``waiver-expired``.
    Only a waiver without problems that has not expired suppresses anything.
    """
    if not isinstance(entry, Mapping):
        return None, [((), "a waiver must be a mapping with rule, files, owner, approver, "
                           "reason and expires")], False
    problems: list[tuple[Path, str]] = []
    unknown = [k for k in entry if k not in FIELDS]
    problems.extend(((str(k),), f"unknown key `{k}` (known: {', '.join(FIELDS)})")
                    for k in unknown)
    missing = [k for k in REQUIRED if k not in entry or entry[k] in (None, "", [])]
    if missing:
        problems.append(((), "waiver lacks " + ", ".join(f"`{k}`" for k in missing)))
    text: dict[str, str] = {}
    for key in ("rule", "owner", "approver", "reason", "ticket"):
        value = entry.get(key)
        if key in missing or value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(((key,), f"`{key}` must be a non-empty string"))
        else:
            text[key] = value.strip()
    if "owner" in text and "approver" in text and same_person(text["owner"], text["approver"]):
        # compared as skeletons: case, @, separators, fullwidth forms and homoglyphs
        problems.append((("approver",), "the approver must be someone other than the owner"
                         + ("" if text["owner"] == text["approver"] else
                            f" (`{printable(text['approver'])}` reads as "
                            f"`{printable(text['owner'])}`)")))
    files = _files(entry.get("files"), "files" in missing, problems)
    pointer, path = _pointer(entry.get("pointer"), problems)
    expires = _date(entry, "expires", "expires" in missing, problems)
    created = _date(entry, "created", False, problems)
    expired = False
    if expires is not None:
        ahead = (expires - on).days
        if ahead <= 0:
            expired = True
        elif ahead > max_days:
            problems.append((("expires",), (
                f"expires {expires.isoformat()}, {plural(ahead, 'day')} ahead: at most {max_days} "
                "(var maxWaiverDays); a longer exception needs a renewed approval")))
    if created is not None:
        if created > on:
            problems.append((("created",), f"created {created.isoformat()} is in the future"))
        elif expires is not None and created >= expires:
            problems.append((("created",), "`created` must come before `expires`"))
    if not {"rule", "owner", "approver", "reason"} <= text.keys() or files is None \
            or expires is None or path is None:
        return None, problems, False
    waiver = Waiver(
        index=index, rule=text["rule"], files=files, pointer=pointer, path=path,
        owner=text["owner"], approver=text["approver"], reason=text["reason"],
        expires=expires, ticket=text.get("ticket"), created=created,
    )
    return waiver, problems, expired


def _files(value: Any, missing: bool, problems: list[tuple[Path, str]]) -> tuple[str, ...] | None:
    if missing:
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(
        isinstance(v, str) and v.strip() for v in items
    ):
        problems.append((("files",), "`files` must be a path or glob, or a list of them"))
        return None
    patterns = tuple(v.strip().removeprefix("./") for v in items)
    for i, pattern in enumerate(patterns):
        error = glob_error(pattern)
        if error:
            where: Path = ("files",) if isinstance(value, str) else ("files", i)
            problems.append((where, f"`files` glob {pattern!r} is invalid: {error}"))
            return None
    return patterns


def _pointer(value: Any, problems: list[tuple[Path, str]]) -> tuple[str, tuple[str, ...] | None]:
    if value is None or value == "":
        return "", ()
    if not isinstance(value, str):
        problems.append((("pointer",), "`pointer` must be a JSON pointer such as /paths/~1v1"))
        return "", None
    pointer = value.strip().removeprefix("#")
    try:
        return pointer, path_from_pointer(pointer)
    except ValueError:
        problems.append((("pointer",), f"`pointer` {value!r} is not a JSON pointer (it starts "
                                       "with /; escape / in keys as ~1 and ~ as ~0)"))
        return "", None


def _date(entry: Mapping[str, Any], key: str, missing: bool,
          problems: list[tuple[Path, str]]) -> dt.date | None:
    if missing or entry.get(key) is None:
        return None
    value = parse_date(entry[key])
    if value is None:
        problems.append(((key,), f"`{key}` must be a date YYYY-MM-DD, got {entry[key]!r}"))
    return value


def load_waivers(
    abspath: FsPath, root: FsPath, config: Config, *, on: dt.date, max_days: int,
    directory: str = "",
) -> WaiverFile:
    """Read and check a waiver file (loaded like any document, so findings have positions).
    ``directory``: the directory (relative to the project root) of the ``.govlint.yaml`` whose
    waiver file it is; its ``files`` are relative to that directory."""
    from govlint.documents.load import load_file

    loaded = load_file(abspath, root, config)
    result = WaiverFile(file=loaded.file, findings=list(loaded.findings))
    if not loaded.documents:
        return result
    doc = result.document = loaded.documents[0]
    data = doc.data
    if data is None:
        return result

    def invalid(path: Path, message: str) -> None:
        finding = exception_finding("waiver-invalid", message, doc, doc.file, path)
        finding.document = doc.index
        result.findings.append(finding)

    if not isinstance(data, Mapping) or "waivers" not in data:
        invalid((), "a waiver file is a mapping with a `waivers:` list")
        return result
    for key in data:
        if key not in _TOP_LEVEL:
            invalid((str(key),), f"unknown top-level key `{key}` (expected `waivers:`)")
    entries = data["waivers"]
    if entries is None:
        return result
    if not isinstance(entries, list):
        invalid(("waivers",), "`waivers` must be a list of waiver entries")
        return result
    for index, entry in enumerate(entries):
        waiver, problems, expired = check_entry(entry, index, on=on, max_days=max_days)
        base: Path = ("waivers", index)
        label = f"waiver #{index}" + (f" ({waiver.label()})" if waiver else "")
        for path, message in problems:
            invalid((*base, *path), f"{label}: {message}; it suppresses nothing until fixed")
        if waiver is not None and expired:
            finding = exception_finding("waiver-expired", (
                f"{label} expired on {waiver.expires.isoformat()} (owner {waiver.owner}, "
                f"approved by {waiver.approver}): the findings it excused are reported again; "
                "fix them, or renew the waiver with a new approval"),
                doc, doc.file, (*base, "expires"))
            finding.document = doc.index
            result.findings.append(finding)
        if waiver is not None and not problems and not expired:
            if directory not in ("", "."):
                from govlint.config import pattern_under

                waiver.files = tuple(pattern_under(directory, f) for f in waiver.files)
            result.waivers.append(waiver)
    return result


def apply_waivers(
    findings: Iterable[Finding], waivers: WaiverFile, linted: set[str], complete: bool
) -> list[Finding]:
    """Mark findings a waiver covers (the first matching waiver in file order describes the
    suppression; every matching one counts as used) and return ``waiver-unused`` findings."""
    active = waivers.waivers
    if not active:
        return []
    for finding in findings:
        if finding.suppressed is not None:
            continue
        for waiver in active:
            if waiver.matches(finding):
                waiver.used += 1
                if finding.suppressed is None:
                    finding.suppressed = waiver.suppression(waivers.file)
    unused: list[Finding] = []
    for waiver in active:
        if waiver.used:
            continue
        if not complete and not any(waiver.matches_file(f) for f in linted):
            continue  # its files were not linted: this run cannot tell
        finding = exception_finding("waiver-unused", (
            f"waiver #{waiver.index} ({waiver.label()}, owner {waiver.owner}) matched no "
            "finding: remove it so it cannot hide a future problem"),
            waivers.document, waivers.file, ("waivers", waiver.index))
        finding.document = waivers.document.index if waivers.document else None
        unused.append(finding)
    return unused
