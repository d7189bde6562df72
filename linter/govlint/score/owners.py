"""Team ownership from ``CODEOWNERS`` files, recorded in a report's inventory so
``govlint rollup`` can name teams from reports alone.

Where: the nearest ``CODEOWNERS`` (also ``.github/``, ``.gitlab/``, ``docs/``) in the
document's directory or an ancestor up to the project root; its patterns are relative to
the directory holding it (``.github/CODEOWNERS`` counts for its parent). A monorepo can
keep one file at the top, or one per service directory (as ``examples/`` does); when the
nearest file has no pattern for a document, the next one up is asked.

Patterns follow GitHub/GitLab (gitignore rules): ``*`` matches everything, ``/x`` is
anchored, a pattern without an inner ``/`` matches at any depth, ``dir/`` matches everything
below, the last matching line wins, a pattern without owners means "unowned". GitLab
``[Section]`` headers are skipped (their lines count like any other).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

CODEOWNERS_PLACES = ("CODEOWNERS", ".github/CODEOWNERS", ".gitlab/CODEOWNERS", "docs/CODEOWNERS")


@dataclass(slots=True, frozen=True)
class Entry:
    pattern: str
    owners: tuple[str, ...]


def parse(text: str) -> list[Entry]:
    """The entries of a CODEOWNERS file, in file order."""
    entries: list[Entry] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("[", "^[")):  # GitLab section header
            continue
        tokens = _tokens(line)
        if not tokens:
            continue
        pattern, rest = tokens[0], tokens[1:]
        cut = next((i for i, t in enumerate(rest) if t.startswith("#")), len(rest))
        entries.append(Entry(pattern, tuple(rest[:cut])))
    return entries


def _tokens(line: str) -> list[str]:
    """Whitespace-separated tokens; ``\\ `` keeps a space inside a pattern."""
    out: list[str] = []
    current: list[str] = []
    escaped = False
    for c in line:
        if escaped:
            current.append(c)
            escaped = False
        elif c == "\\":
            escaped = True
        elif c.isspace():
            if current:
                out.append("".join(current))
                current = []
        else:
            current.append(c)
    if current:
        out.append("".join(current))
    return out


def owners_of(path: str, entries: Iterable[Entry]) -> tuple[str, ...] | None:
    """Owners of ``path`` (relative to the CODEOWNERS base); ``None``: no line matches."""
    found: tuple[str, ...] | None = None
    for entry in entries:
        if matches(entry.pattern, path):
            found = entry.owners
    return found


def matches(pattern: str, path: str) -> bool:
    """gitignore-style match of ``path`` (a file) against a CODEOWNERS ``pattern``. A
    pattern that is not a valid glob (``[z-a]``) matches nothing, as GitHub skips a
    CODEOWNERS line it cannot parse."""
    try:
        regex, dir_only = _compile(pattern)
    except (re.error, ValueError):
        return False
    parts = path.split("/")
    candidates = ["/".join(parts[:i]) for i in range(1, len(parts))]
    if not dir_only:
        candidates.append(path)
    return any(regex.match(c) for c in candidates)


@lru_cache(maxsize=256)
def _compile(pattern: str) -> tuple[Any, bool]:
    from govlint.files.globs import compile_glob

    dir_only = pattern.endswith("/")
    body = pattern.strip("/") or "**"
    anchored = pattern.startswith("/") or "/" in body
    if not anchored:
        body = "**/" + body
    return compile_glob(body, anchored=True), dir_only


class Owners:
    """CODEOWNERS lookups under one project root, each file read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, list[tuple[str, list[Entry]]]] = {}

    def owners(self, file: str) -> tuple[str, ...]:
        """Owners of ``file`` (relative to the root, '/' separators); () when none."""
        for base, entries in self._chain(posixpath.dirname(file)):
            rel = file[len(base) + 1:] if base else file
            found = owners_of(rel, entries)
            if found is not None:
                return found
        return ()

    def _chain(self, directory: str) -> list[tuple[str, list[Entry]]]:
        """CODEOWNERS files from ``directory`` up to the root, nearest first."""
        if directory in self._files:
            return self._files[directory]
        chain = list(self._here(directory))
        if directory:
            chain.extend(self._chain(posixpath.dirname(directory)))
        self._files[directory] = chain
        return chain

    def _here(self, directory: str) -> Iterable[tuple[str, list[Entry]]]:
        for place in CODEOWNERS_PLACES:
            path = self.root / directory / place if directory else self.root / place
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            yield directory, parse(text)
            return


def annotate(inventory: list[dict[str, Any]], root: Path) -> list[dict[str, Any]]:
    """Add ``owners`` (CODEOWNERS owners, first = the team) to each inventory entry."""
    lookup = Owners(root)
    for entry in inventory:
        found = lookup.owners(str(entry.get("file", "")))
        if found:
            entry["owners"] = list(found)
    return inventory
