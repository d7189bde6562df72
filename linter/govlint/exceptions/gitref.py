"""``--new-since REF``: a baseline computed on the fly from the files at git REF.

The project's files at REF are written to a temporary directory (``git ls-tree`` +
``git cat-file --batch``: no worktree is registered in the repository, and
``.gitattributes`` export rules do not apply), linted there with the current run's ruleset,
config and waivers, and their findings become the baseline. File paths stay the same
relative paths, so fingerprints compare. What remains active is exactly what the change
introduced: the question a merge-request pipeline asks.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from govlint.errors import GovlintError
from govlint.exceptions.baseline import Baseline, from_findings


class UnknownRefError(GovlintError):
    """The git ref is not in this clone (a shallow CI clone, an unfetched branch)."""


_SHA = re.compile(r"[0-9a-fA-F]{7,64}")


def fetch_hint(ref: str) -> str:
    """How to get ``ref`` into a CI clone: a commit hash is fetched by itself (there is no
    ``origin/<sha>``), a branch or tag by name or as ``origin/<name>``."""
    if _SHA.fullmatch(ref):
        return f"in CI, fetch it first, e.g. `git fetch --depth=1 origin {ref}`, or clone " \
               "deeper (GIT_DEPTH: 0)"
    return f"in CI, fetch it first, e.g. `git fetch origin {ref}`, or use origin/{ref}"


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True,
                              check=False, timeout=600)
    except FileNotFoundError:
        raise GovlintError("--new-since needs git, and git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GovlintError(f"git {' '.join(args)} timed out in {cwd}") from None


def _last_line(proc: subprocess.CompletedProcess[bytes]) -> str:
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit code {proc.returncode}"


def export_tree(ref: str, root: Path, target: Path) -> None:
    """Write the files under ``root`` as they are at ``ref`` into ``target``."""
    if ref.startswith("-") or not ref.strip():
        raise GovlintError(f"--new-since: invalid git ref {ref!r}")
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise GovlintError(f"--new-since: {root} is not inside a git work tree "
                           f"({_last_line(top)})")
    toplevel = Path(top.stdout.decode("utf-8", "surrogateescape").strip())
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise UnknownRefError(f"--new-since: unknown git ref {ref!r} ({fetch_hint(ref)})")
    prefix = os.path.relpath(os.path.realpath(root), os.path.realpath(toplevel))
    prefix = "" if prefix == "." else prefix.replace(os.sep, "/")
    listing = _git(toplevel, "ls-tree", "-r", "-z", f"{ref}:{prefix}")
    if listing.returncode != 0:  # the project directory did not exist at REF
        return
    blobs: list[tuple[str, str]] = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, oid = meta.decode().split(" ")
        if kind == "blob" and mode in ("100644", "100755"):
            blobs.append((oid, name.decode("utf-8", "surrogateescape")))
    if not blobs:
        return
    batch = _git(toplevel, "cat-file", "--batch",
                 stdin="".join(f"{oid}\n" for oid, _ in blobs).encode())
    if batch.returncode != 0:
        raise GovlintError(f"--new-since: git cat-file failed: {_last_line(batch)}")
    out, pos = batch.stdout, 0
    for _oid, name in blobs:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split(b" ")[2])
        start = header_end + 1
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(out[start:start + size])
        pos = start + size + 1


def baseline_at_ref(ref: str, request: Any) -> Baseline:
    """Lint the project as it was at ``ref`` (same paths, ruleset, config, waivers) and
    return its findings as a baseline. ``request`` is the run's ``LintRequest``."""
    from govlint.exceptions.apply import waivers_path
    from govlint.exceptions.common import resolve
    from govlint.files.discover import discover, relpath
    from govlint.pipeline import LintRequest, lint

    config = request.config
    root = Path(os.path.abspath(config.root))
    with tempfile.TemporaryDirectory(prefix="govlint-ref-") as tmp:
        ref_root = Path(tmp)
        export_tree(ref, root, ref_root)
        ref_config = dataclasses.replace(config, root=ref_root, path=None, fail_severity=None)
        ref_config.vars = dict(config.vars)
        if config.tree is not None:  # REF's own per-service configs, the current one here
            from govlint.config import ConfigTree

            here = ref_root / relpath(config.path, root) if config.path else None
            ref_config.tree = ConfigTree(ref_config, base_path=here)
        files: list[Path] = []
        for raw in list(request.paths) or ["."]:
            rel = relpath(Path(os.path.abspath(raw)), root)
            if rel == ".." or rel.startswith("../"):
                continue
            try:
                files.extend(discover([str(ref_root / rel)], ref_root, ref_config))
            except GovlintError:
                continue  # not there at REF: everything in it is new
        if not files:
            return Baseline(source=f"git:{ref}")
        # The current waivers, not REF's: what is waived today is not new today.
        waivers = waivers_path(config, request.waivers)
        ref_config.waivers = str(waivers or resolve(config.waivers, root))
        ref_request = LintRequest(
            paths=[str(f) for f in sorted(set(files))],
            config=ref_config,
            rulesets=_absolute_rulesets(request, root),
            jobs=request.jobs,
            # checked against the real root above; the temporary tree is another root
            waivers=str(waivers) if waivers else None,
        )
        outcome = lint(ref_request)
    baseline = from_findings(outcome.report.results)
    baseline.source = f"git:{ref}"
    return baseline


def _absolute_rulesets(request: Any, root: Path) -> list[str]:
    """The run's ruleset references, made absolute: they must mean the same files while
    the project root points at the temporary tree."""
    from govlint.rules.ruleset import BUILTIN_PREFIX

    if request.rulesets:
        refs, base = list(request.rulesets), Path.cwd()
    else:
        refs, base = request.config.default_rulesets(), root
    return [r if r.startswith(BUILTIN_PREFIX) else str((base / r).resolve()) for r in refs]


def baseline_change(ref: str, baseline: Path, config: Any) -> dict[str, Any] | None:
    """How the baseline file grew on this branch: ``{"file", "base", "added", "removed",
    "entries"}`` comparing the file as it is now with the file at git ``ref`` (absent there:
    every entry is added). None when the file is outside the project or does not exist.
    A review bot shows ``added``: debt a merge request accepted instead of fixing."""
    from govlint.exceptions.baseline import change, load_baseline, parse_baseline
    from govlint.files.discover import relpath

    root = Path(os.path.abspath(config.root))
    path = Path(os.path.abspath(baseline))
    if not path.is_file():
        return None
    rel = relpath(path, root)
    if rel == ".." or rel.startswith("../"):
        return None
    current = load_baseline(path, root, config).entries
    old = _blob_at(ref, path, root)
    before = [] if old is None else parse_baseline(old, rel, path, config, f"{rel} at {ref}")
    added, removed = change(before, current)
    return {"file": rel, "base": ref, "added": added, "removed": removed,
            "entries": sum(e.count for e in current)}


def waiver_change(ref: str, waivers: Path, config: Any) -> dict[str, Any] | None:
    """Waivers the branch added to the waiver file since git ``ref``: ``{"file", "base",
    "added": [entries], "removed", "entries"}``, entries compared field by field (a renewed
    or widened waiver counts as added: it needs the review a new one does). None when the
    file is outside the project or does not exist. A review bot lists ``added``."""
    from govlint.exceptions.baseline import max_bytes
    from govlint.files.discover import relpath

    root = Path(os.path.abspath(config.root))
    path = Path(os.path.abspath(waivers))
    if not path.is_file():
        return None
    rel = relpath(path, root)
    if rel == ".." or rel.startswith("../"):
        return None
    if path.stat().st_size > max_bytes():
        return None
    current = _waiver_entries(path.read_bytes())
    old = _blob_at(ref, path, root, what="waiver file")
    before = [] if old is None else _waiver_entries(old)
    remaining = list(before)
    added = []
    for entry in current:
        if entry in remaining:
            remaining.remove(entry)
        else:
            added.append(entry)
    return {"file": rel, "base": ref, "added": added[:_MAX_LISTED],
            "removed": len(remaining), "entries": len(current)}


_MAX_LISTED = 100  # waivers listed in a report's waiverChange (the count is exact)
_WAIVER_FIELDS = ("rule", "files", "pointer", "owner", "approver", "reason", "ticket",
                  "expires")


def _waiver_entries(raw: bytes) -> list[dict[str, Any]]:
    """The entries of a waiver file as plain, bounded data (only the fields a reviewer
    reads; what is not a mapping is skipped: lint reports it as waiver-invalid)."""
    import yaml

    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError, RecursionError):
        return []
    entries = data.get("waivers") if isinstance(data, dict) else None
    out: list[dict[str, Any]] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        item: dict[str, Any] = {}
        for key in _WAIVER_FIELDS:
            value = entry.get(key)
            if key == "files" and isinstance(value, (str, int)):
                value = [value]
            if isinstance(value, list):
                item[key] = [str(v)[:500] for v in value[:50] if isinstance(v, (str, int))]
            elif value is not None and not isinstance(value, dict):
                item[key] = str(value)[:500]
        out.append(item)
    return out


def _blob_at(ref: str, path: Path, root: Path, *, what: str = "baseline") -> bytes | None:
    """The content of ``path`` at ``ref`` (None when it did not exist there); the size is
    checked before the content is read."""
    from govlint.exceptions.baseline import max_bytes

    if ref.startswith("-") or not ref.strip():
        raise GovlintError(f"invalid git ref {ref!r}")
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise GovlintError(f"{root} is not inside a git work tree ({_last_line(top)})")
    toplevel = Path(top.stdout.decode("utf-8", "surrogateescape").strip())
    name = os.path.relpath(os.path.realpath(path), os.path.realpath(toplevel))
    spec = f"{ref}:{name.replace(os.sep, '/')}"
    size = _git(toplevel, "cat-file", "-s", spec)
    if size.returncode != 0:
        return None
    if int(size.stdout.strip() or 0) > max_bytes():
        raise GovlintError(f"{what} {name} at {ref} is above the "
                           f"{max_bytes() / (1 << 20):g} MiB limit (GOVLINT_MAX_BASELINE_MB)")
    blob = _git(toplevel, "cat-file", "blob", spec)
    return blob.stdout if blob.returncode == 0 else None
