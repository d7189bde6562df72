"""Expand the PATHS of a command line into the files to lint.

Rules, in order:

- A PATH may be a file, a directory (walked recursively) or a glob (``specs/**/*.yaml``,
  see :mod:`govlint.files.globs`). Relative PATHs are relative to the working directory.
  A PATH that does not exist, or a glob that matches nothing, is a ``GovlintError``.
- Walking skips ``.git``, ``node_modules``, ``.venv``/``venv``, ``__pycache__`` and
  ``.govlint`` directories, and keeps files with a lintable extension (``.yaml``, ``.yml``,
  ``.json``, ``.properties``) or, when the config has ``include`` globs, files matching them;
  govlint's own ``.govlint.yaml`` is not a project document and is skipped too.
- A file named explicitly is always linted, whatever its extension or directory.
- The config's ``exclude`` globs (relative to the project root) drop any file, named
  explicitly or not: that is what keeps ``vendor/**`` out of pre-commit runs.

The result is sorted, without duplicates, absolute (normalised, symlinks not resolved).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from govlint.config import Config
from govlint.errors import GovlintError
from govlint.files.globs import compile_glob, has_magic, matches

LINTABLE_EXTENSIONS = frozenset({".yaml", ".yml", ".json", ".properties"})
IGNORED_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".govlint"})
# govlint's own config is not a document of the project (named explicitly, it is linted).
IGNORED_FILES = frozenset({".govlint.yaml", ".govlint.yml"})


def discover(paths: Sequence[str], root: Path, config: Config) -> list[Path]:
    """The files to lint for ``paths`` (the project root when ``paths`` is empty)."""
    root = Path(os.path.abspath(root))
    found: set[Path] = set()
    for raw in paths or [str(root)]:
        path = Path(os.path.abspath(os.path.expanduser(raw)))
        if path.is_file():
            found.add(path)
        elif path.is_dir():
            found.update(f for f in _walk(path) if _wanted(f, root, config))
        elif has_magic(raw):
            hits = [f for f in _glob(raw) if f.is_file()]
            if not hits:
                raise GovlintError(f"{raw}: no files match this pattern")
            found.update(hits)
        else:
            raise GovlintError(f"{raw}: no such file or directory")
    if config.exclude:
        found = {f for f in found if not matches(relpath(f, root), config.exclude)}
    return sorted(found)


def relpath(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with '/' separators.

    A file outside the root keeps a relative spelling with ``../`` segments, so reports and
    baselines stay machine-independent; only where no relative path exists (another drive
    on Windows) is it absolute.
    """
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


def _wanted(path: Path, root: Path, config: Config) -> bool:
    if config.include:
        return matches(relpath(path, root), config.include)
    return path.suffix.lower() in LINTABLE_EXTENSIONS


def _walk(directory: Path) -> Iterator[Path]:
    for current, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS)
        for name in files:
            if name not in IGNORED_FILES:
                yield Path(current) / name


def _glob(pattern: str) -> Iterator[Path]:
    """Files matching ``pattern``, walking only below its literal leading directories."""
    pattern = os.path.expanduser(pattern).replace(os.sep, "/")
    absolute = pattern.startswith("/")
    parts = pattern.split("/")
    literal: list[str] = []
    for part in parts[:-1]:
        if has_magic(part):
            break
        literal.append(part)
    base = Path(os.path.abspath("/".join(literal) or ("/" if absolute else ".")))
    rest = "/".join(parts[len(literal):])
    regex = compile_glob(rest, anchored=True)
    if not base.is_dir():
        return
    if "/" not in rest and "**" not in rest:
        for entry in sorted(base.iterdir()):
            if regex.match(entry.name):
                yield entry
        return
    for current, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS)
        for name in files:
            full = Path(current) / name
            if regex.match(relpath(full, base)):
                yield full
