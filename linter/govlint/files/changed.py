"""``--changed-since REF``: the files a merge request (or a working tree) touches.

Changed means: committed on this branch since it forked from REF (``git diff REF...HEAD``),
plus staged and unstaged edits, plus untracked files that are not ignored. Deleted files are
left out (there is nothing to lint). Paths are relative to ``root`` with ``/`` separators;
changes outside ``root`` are dropped.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from govlint.errors import GovlintError


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, check=False, timeout=120
        )
    except FileNotFoundError:
        raise GovlintError("--changed-since needs git, and git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GovlintError(f"git {' '.join(args)} timed out in {root}") from None


def _names(out: bytes) -> set[str]:
    return {p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p}


def _stderr(proc: subprocess.CompletedProcess[bytes]) -> str:
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit code {proc.returncode}"


def changed_files(ref: str, root: Path) -> set[str]:
    """Files under ``root`` changed since ``ref`` (see module docstring)."""
    root = Path(root)
    if not root.is_dir():
        raise GovlintError(f"--changed-since: {root} is not a directory")
    if ref.startswith("-"):
        raise GovlintError(f"--changed-since: invalid git ref {ref!r}")
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise GovlintError(
            f"--changed-since: {root} is not inside a git work tree ({_stderr(inside)})"
        )
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise GovlintError(
            f"--changed-since: unknown git ref {ref!r} (in CI, fetch it first, e.g. "
            f"`git fetch origin {ref}`, or use origin/{ref})"
        )
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        raise GovlintError("--changed-since: the repository has no commit yet (HEAD is unborn)")

    committed = _git(
        root, "diff", "--name-only", "-z", "--relative", "--no-renames", "--diff-filter=d",
        f"{ref}...HEAD", "--",
    )
    if committed.returncode != 0:
        raise GovlintError(
            f"--changed-since: cannot diff {ref}...HEAD: {_stderr(committed)} (a shallow clone "
            "may lack the merge base: set GIT_DEPTH: 0 or fetch more history)"
        )
    working = _git(
        root, "diff", "--name-only", "-z", "--relative", "--no-renames", "--diff-filter=d",
        "HEAD", "--",
    )
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    for proc in (working, untracked):
        if proc.returncode != 0:
            raise GovlintError(f"--changed-since: git failed: {_stderr(proc)}")
    names = _names(committed.stdout) | _names(working.stdout) | _names(untracked.stdout)
    return {n for n in names if (root / n).is_file()}
