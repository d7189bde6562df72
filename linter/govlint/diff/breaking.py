"""``govlint lint --breaking-since REF`` (config ``breaking: {since: REF}``): every OpenAPI
spec of the run diffed against its version at REF, breaking changes added to the report.

- The project at REF is read with git into a temporary directory once per run (split specs
  resolve as they were); a renamed spec is followed (``git diff -M``); a spec that did not
  exist at REF has no base and no breaking findings.
- Only ERR and WARN changes are findings (INFO is changelog, ``govlint diff --level info``).
- Version policy (the governance spec's): an ERR change without a major version bump is an
  error; with one (``info.version`` major, or the highest ``/vN`` segment of the paths or
  server URLs, went up) it is a warning. WARN changes stay warnings.
- The findings then go through waivers, baselines and sandboxes like any rule's; no diff
  rule is sandboxable, so sandboxes never relax them (SBX-004).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govlint.config import Config
from govlint.diff.structure import NOTICES
from govlint.errors import GovlintError
from govlint.findings.model import Finding, Severity

_MAJOR = re.compile(r"^\s*[vV]?(\d{1,9})")
_SEGMENT = re.compile(r"/v(\d{1,9})(?=/|$)")


def major_version(spec: Any) -> int | None:
    """The API's major version: ``info.version``'s, or a ``/vN`` path/server segment's,
    whichever is higher (None when neither says)."""
    if not isinstance(spec, dict):
        return None
    found: list[int] = []
    info = spec.get("info")
    version = info.get("version") if isinstance(info, dict) else None
    if isinstance(version, str | int | float) and not isinstance(version, bool):
        m = _MAJOR.match(str(version))
        if m:
            found.append(int(m[1]))
    texts = [p for p in spec.get("paths") or {} if isinstance(p, str)] \
        if isinstance(spec.get("paths"), dict) else []
    servers = spec.get("servers")
    texts += [s["url"] for s in servers if isinstance(s, dict) and isinstance(s.get("url"), str)] \
        if isinstance(servers, list) else []
    if isinstance(spec.get("basePath"), str):
        texts.append(spec["basePath"])
    found += [int(m) for text in texts for m in _SEGMENT.findall(text)]
    return max(found) if found else None


def renames(ref: str, root: Path) -> dict[str, str]:
    """HEAD path -> path at REF, for files git sees as renamed since REF (relative to
    ``root``)."""
    return _changes(ref, root)[0]


def deleted(ref: str, root: Path) -> list[str]:
    """Files (relative to ``root``) that existed at REF and are gone, not renamed."""
    return _changes(ref, root)[1]


def _changes(ref: str, root: Path) -> tuple[dict[str, str], list[str]]:
    """(renamed: HEAD path -> path at REF, deleted paths) since REF, by ``git diff -M``."""
    try:
        proc = subprocess.run(["git", "diff", "--relative", "-M", "--name-status", "-z", ref,
                               "--", "."], cwd=root, capture_output=True, timeout=600,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return {}, []
    if proc.returncode != 0:
        return {}, []
    fields = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
    out: dict[str, str] = {}
    gone: list[str] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        if status.startswith(("R", "C")) and i + 2 < len(fields):
            out[fields[i + 2]] = fields[i + 1]
            i += 3
        else:
            if status == "D" and i + 1 < len(fields):
                gone.append(fields[i + 1])
            i += 2
    return out, sorted(gone)


def breaking_findings(ref: str, spec_files: list[str], config: Config,
                      severities: dict[str, Severity] | None = None,
                      removed_in: Callable[[str], bool] | None = None) -> list[Finding]:
    """Breaking changes of each spec (paths relative to the project root) since ``ref``;
    ``severities``: the rulesets' adjustments (``rules: {check-id: severity}``), which
    take precedence over the version policy. ``removed_in``: which deleted files the run
    covers; a spec deleted there has every operation removed (placed at REF's lines)."""
    from govlint.diff.engine import compare
    from govlint.diff.model import Options
    from govlint.diff.run import _namer, findings_of, load_spec
    from govlint.exceptions.gitref import export_tree

    if not spec_files:
        return []
    root = config.root
    out: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="govlint-breaking-") as tmp:
        base_root = Path(tmp)
        try:
            export_tree(ref, root, base_root)
        except GovlintError as exc:  # same kind (UnknownRefError), in this option's words
            raise type(exc)(str(exc).replace("--new-since", "--breaking-since")) from None
        moved, gone = _changes(ref, root)
        for old in gone if removed_in is not None else []:
            if removed_in(old) and old not in moved.values():
                out += _removed_spec(ref, old, base_root, config, severities)
        for file in sorted(spec_files):
            old = moved.get(file, file)
            base_path = base_root / old
            if not base_path.is_file():
                continue  # a new spec: nothing to break
            base = load_spec(base_path, base_root, config, f"{ref}:{old}", ref, strict=False)
            head = load_spec(root / file, root, config, file, strict=False)
            if base.document is None or head.document is None or base.unsupported:
                continue  # unparsable at REF (or now: lint reports that already)
            changes = _invalid(head) or [
                c for c in compare(base.data, head.data, Options(), namer=_namer(base, head))
                if c.level != "INFO" or c.id in NOTICES]
            bumped = _bumped(base.data, head.data)
            for finding in findings_of(changes, base, head, root, severities):
                if finding.severity is Severity.ERROR and bumped and \
                        finding.rule not in (severities or {}) and finding.rule not in NOTICES:
                    finding.severity = Severity.WARN
                    finding.extra["majorVersionBump"] = True
                finding.extra["breakingSince"] = ref
                finding.extra["spec"] = file  # reports group by spec, then operation
                out.append(finding)
    return out


def _invalid(head: Any) -> list[Any]:
    """Today's spec in a shape (or version) the diff cannot compare: ``diff-invalid-spec``
    errors instead of a comparison (a list of ``paths`` must not read as every endpoint
    removed, nor hide a breaking change)."""
    from govlint.diff.model import Change
    from govlint.diff.structure import INVALID, problems

    if head.unsupported:
        key = "openapi" if "openapi" in head.data else "swagger"
        return [Change(INVALID, "ERR", f"{head.unsupported}: breaking changes not checked",
                       "head", (key,))]
    return problems(head.data, "head")


def _removed_spec(ref: str, old: str, base_root: Path, config: Config,
                  severities: dict[str, Severity] | None) -> list[Finding]:
    """A spec deleted since REF: everything it offered is gone."""
    from govlint.diff.engine import compare
    from govlint.diff.model import Options
    from govlint.diff.run import findings_of, load_spec

    if not (base_root / old).is_file():
        return []
    base = load_spec(base_root / old, base_root, config, f"{ref}:{old}", ref, strict=False)
    if base.document is None or not isinstance(base.data, dict):
        return []
    empty = {k: base.data[k] for k in ("openapi", "swagger", "info") if k in base.data}
    empty["paths"] = {}
    changes = [c for c in compare(base.data, empty, Options())
               if c.level != "INFO" and c.side == "base"]
    found = findings_of(changes, base, base, base_root, severities)
    for finding in found:
        finding.extra["breakingSince"] = ref
        finding.extra["specRemoved"] = True
        finding.extra["spec"] = old
    return found


def skipped_finding(ref: str, spec_files: list[str], error: GovlintError) -> Finding:
    """``--breaking-missing-ref warn``: REF is not in this clone, so nothing was compared;
    one warning on the first spec says so (the gate is incomplete, the job still runs)."""
    first = sorted(spec_files)[0]
    others = len(spec_files) - 1
    which = f"{first} and {others} other OpenAPI spec{'s' if others != 1 else ''}" \
        if others else first
    reason = str(error).removeprefix("--breaking-since: ")
    return Finding(rule="breaking-since-skipped", severity=Severity.WARN, file=first, line=1,
                   column=1, message=f"breaking changes not checked for {which}: {reason}",
                   extra={"breakingSince": ref})


def _bumped(base: Any, head: Any) -> bool:
    before, after = major_version(base), major_version(head)
    return before is not None and after is not None and after > before
