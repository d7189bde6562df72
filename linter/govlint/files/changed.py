"""``--changed-since REF``: the files a merge request (or a working tree) touches.

Changed means: committed on this branch since it forked from REF (``git diff REF...HEAD``),
plus staged and unstaged edits, plus untracked files that are not ignored. Deleted files are
left out (there is nothing to lint). Paths are relative to ``root`` with ``/`` separators;
changes outside ``root`` are dropped.

A changed file that is a *fragment* of a split spec (``paths/orders.yaml``,
``components/schemas.yaml``: no ``openapi:`` key of its own) is judged only as part of the
spec that uses it, so a partial run (``--changed-since``, pre-commit's named files) also
reports that spec: :func:`specs_using`. So does a fragment deleted since REF
(:func:`deleted_files`): the spec's refs to it are now broken.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from govlint.config import Config
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


def deleted_files(ref: str, root: Path) -> set[str]:
    """Files under ``root`` deleted since ``ref`` (committed or in the working tree) and
    absent now. Call after :func:`changed_files`, which validates ``ref``."""
    root = Path(root)
    names: set[str] = set()
    for spec in (f"{ref}...HEAD", "HEAD"):
        proc = _git(root, "diff", "--name-only", "-z", "--relative", "--no-renames",
                    "--diff-filter=D", spec, "--")
        if proc.returncode != 0:
            raise GovlintError(f"--changed-since: git failed: {_stderr(proc)}")
        names |= _names(proc.stdout)
    return {n for n in names if not os.path.lexists(root / n)}


# A root document: an OpenAPI spec (or a Kubernetes object, never a spec fragment).
_ROOT = re.compile(rb"^(?:openapi|swagger|apiVersion)[ \t]*:|\A\s*\{\s*\"(?:openapi|swagger)\"",
                   re.MULTILINE)
_READ_LIMIT = 64 * 1024 * 1024  # a bigger file is no spec worth scanning here
_SUFFIXES = (".yaml", ".yml", ".json")


def _read(path: Path) -> bytes | None:
    """A regular file's bytes (a FIFO or device is never opened), or None."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _READ_LIMIT:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _ref_names(path: Path) -> tuple[bytes, ...]:
    """How a ``$ref`` may spell a file's name: as is, or percent-encoded."""
    name = path.name
    return tuple({name.encode("utf-8", "surrogateescape"),
                  quote(name, safe="").encode("ascii")})


def specs_using(fragments: Iterable[Path], known: Iterable[Path], root: Path,
                config: Config, deleted: Iterable[Path] = ()) -> list[Path]:
    """OpenAPI specs not in ``known`` whose ``$ref``s reach any of ``fragments`` (directly or
    through other fragments), looked for in the fragments' workspace directories
    (:mod:`govlint.files.workspace`); and those that name a ``deleted`` file in a ``$ref``.

    Bounded: only files that are not root documents count as fragments; a candidate is
    read once, as bytes, and parsed only when it names a fragment's file; the match is then
    confirmed by resolving the candidate's refs (realpath-checked, regular files only). A
    deleted file cannot be resolved: naming it is enough (at worst one spec too many)."""
    root = Path(os.path.abspath(root))
    gone = [Path(os.path.abspath(p)) for p in deleted]
    pending: list[Path] = []
    for path in fragments:
        if path.suffix.lower() in _SUFFIXES:
            data = _read(path)
            if data is not None and not _ROOT.search(data):
                pending.append(Path(os.path.abspath(path)))
    if not pending and not gone:
        return []
    from govlint.files.workspace import workspace_files

    skip = {Path(os.path.abspath(p)) for p in known}
    candidates = {Path(os.path.abspath(p)): None
                  for p in workspace_files([*pending, *gone], root, config)
                  if p.suffix.lower() in _SUFFIXES}
    texts = {p: t for p in candidates if p not in pending and (t := _read(p)) is not None
             and b"$ref" in t}

    def naming(files: list[Path]) -> set[Path]:
        """Candidates that name any of ``files``, or a candidate that does, and so on."""
        names = {n for p in files for n in _ref_names(p)}
        mentioned: set[Path] = set()
        while True:  # fragments used by fragments: follow the names to a fixed point
            new = {p for p, t in texts.items()
                   if p not in mentioned and any(n in t for n in names)}
            if not new:
                return mentioned
            mentioned |= new
            names |= {n for p in new for n in _ref_names(p)}

    def is_spec(path: Path) -> bool:
        return path not in skip and _ROOT.search(texts[path]) is not None

    wanted = set(pending)
    found = {p for p in naming(gone) if is_spec(p)} if gone else set()
    found |= {p for p in naming(pending) if p not in found and is_spec(p)
              and _reaches(p, wanted, root, config)} if pending else set()
    return sorted(found)


def _reaches(spec: Path, wanted: set[Path], root: Path, config: Config) -> bool:
    """Whether resolving the refs of ``spec``'s OpenAPI documents reads any of ``wanted``."""
    from govlint.documents.load import load_file
    from govlint.documents.model import KIND_OPENAPI
    from govlint.documents.refs import RefCache, follows_files

    cache = RefCache(root, config)
    loaded = load_file(spec, root, config)
    cache.add(loaded)
    for doc in loaded.documents:
        if doc.kind == KIND_OPENAPI:
            follows_files(doc, cache, root)  # never fetches: selection reads no network
    return any(p in wanted for p in cache.paths())
