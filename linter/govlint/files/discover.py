"""Expand the PATHS of a command line into the files to lint.

Rules, in order (docs/architecture.md, "Discovery"):

- A PATH may be a file, a directory (walked recursively) or a glob (``specs/**/*.yaml``,
  see :mod:`govlint.files.globs`). Relative PATHs are relative to the working directory.
  A PATH that does not exist, or a glob that matches nothing, is a ``GovlintError``.
- Walking (a directory, or the files a glob matches) skips ``.git``, ``node_modules``,
  ``.venv``/``venv``, ``__pycache__`` and ``.govlint`` directories, and keeps files with a
  lintable extension (``.yaml``, ``.yml``, ``.json``, ``.properties``) or, when the config
  has ``include`` globs, files matching them; govlint's own ``.govlint.yaml`` is skipped.
- Inside a git repository, walking skips what git ignores (``.gitignore`` files,
  ``info/exclude``, the global excludes file: :mod:`govlint.files.ignore`) unless the
  config says ``respect_gitignore = False`` (``--no-respect-gitignore``).
- Walking reads only regular files and never follows a symlink whose target leaves the
  project root (nor the walked directory); symlinked directories are not descended, as in
  git and ruff. FIFOs, sockets and devices are skipped.
- The templates of a Helm chart (``templates/`` beside a ``Chart.yaml``) are Go templates,
  not YAML: never linted, walked or named; :attr:`Discovery.notes` has one ``info``
  finding per chart, on its ``Chart.yaml``.
- A file named explicitly is linted whatever its extension, directory, ``.gitignore`` or
  the config's ``exclude``, as in ruff; with ``force_exclude`` (``--force-exclude``, which
  the pre-commit hook passes) a named file is dropped when a walk would skip it: in a
  skipped directory (``.govlint/``, ``node_modules/``...), ``.govlint.yaml`` itself,
  excluded by the config or ignored by git.
  A named file inside the root that is a symlink leading out of it is not read (a note).
- The ``exclude`` globs of the config that governs a file (its nearest ``.govlint.yaml``,
  globs relative to that config's directory) drop walked files; ``include`` is per config
  too.

The result is sorted, without duplicates, absolute (normalised, symlinks not resolved).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from govlint.config import Config
from govlint.errors import GovlintError
from govlint.files.globs import compile_glob, has_magic, matches

if TYPE_CHECKING:
    from govlint.files.ignore import GitIgnore
    from govlint.findings.model import Finding

LINTABLE_EXTENSIONS = frozenset({".yaml", ".yml", ".json", ".properties"})
IGNORED_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".govlint"})
# govlint's own config is not a document of the project (named explicitly, it is linted).
IGNORED_FILES = frozenset({".govlint.yaml", ".govlint.yml"})
CHART_FILE = "Chart.yaml"
CHART_TEMPLATES = "templates"


@dataclass(slots=True)
class Discovery:
    """The files to lint and the findings discovery itself makes (skipped chart
    templates, symlinks leading out of the project), each on a file of the project."""

    files: list[Path]
    notes: list[Finding] = field(default_factory=list)


def discover(paths: Sequence[str], root: Path, config: Config, *,
             force_exclude: bool = False) -> list[Path]:
    """The files to lint for ``paths`` (the project root when ``paths`` is empty)."""
    return discover_files(paths, root, config, force_exclude=force_exclude).files


def discover_files(paths: Sequence[str], root: Path, config: Config, *,
                   force_exclude: bool = False) -> Discovery:
    """:func:`discover` with the notes (see the module docstring)."""
    walker = _Walker(Path(os.path.abspath(root)), config)
    for raw in paths or [str(walker.root)]:
        path = Path(os.path.abspath(os.path.expanduser(raw)))
        if path.is_file():
            walker.named(path, force_exclude)
        elif path.is_dir():
            if force_exclude and walker.excluded(path, is_dir=True):
                continue
            walker.walk(path)
        elif has_magic(raw):
            hits = list(_glob(raw))
            if not hits:
                raise GovlintError(f"{raw}: no files match this pattern")
            for hit in hits:
                walker.matched(hit)
        elif os.path.lexists(path):
            walker.named(path, force_exclude)  # a FIFO, a dangling link: load_file says
        else:
            raise GovlintError(f"{raw}: no such file or directory")
    return Discovery(sorted(walker.found), walker.notes())


def discover_stdin(path: Path, root: Path, config: Config, *,
                   force_exclude: bool = False) -> list[Path]:
    """``[path]`` for a stream named ``path`` (``--stdin-filename``), or nothing when
    ``force_exclude`` and the config's ``exclude`` or git ignore that name (as ruff)."""
    walker = _Walker(Path(os.path.abspath(root)), config)
    return [] if force_exclude and walker.excluded(path, is_dir=False) else [path]


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


def chart_of(path: Path) -> Path | None:
    """The chart directory when ``path`` is below a Helm chart's ``templates/``."""
    for parent in path.parents:
        if parent.name == CHART_TEMPLATES and (parent.parent / CHART_FILE).is_file():
            return parent.parent
    return None


class _Walker:
    """One discovery: the files found, the charts skipped, the symlinks refused."""

    def __init__(self, root: Path, config: Config) -> None:
        self.root = root
        self.root_base = str(root).rstrip(os.sep) + os.sep
        self.real_root = os.path.realpath(root)
        self.config = config
        self.found: set[Path] = set()
        self.charts: set[Path] = set()
        self.escaping: set[Path] = set()
        self._ignore: GitIgnore | None = None
        self.respect_gitignore = config.respect_gitignore

    @property
    def gitignore(self) -> GitIgnore:
        if self._ignore is None:
            from govlint.files.ignore import GitIgnore

            self._ignore = GitIgnore()
        return self._ignore

    def excluded(self, path: Path, is_dir: bool) -> bool:
        """Dropped by a walk: the tool directories and govlint's own config (as ruff's
        default excludes), its config's ``exclude`` (the nearest ``.govlint.yaml``), git
        (``--force-exclude``'s test)."""
        rel = self.rel(str(path))
        parts = rel.split("/")
        if not IGNORED_DIRS.isdisjoint(parts[:-1] if not is_dir else parts) or \
                (not is_dir and parts[-1] in IGNORED_FILES):
            return True
        exclude = self.config.for_file(path).exclude
        if exclude and matches(rel, exclude):
            return True
        return self.respect_gitignore and \
            self.gitignore.ignored_or_inside_ignored(str(path), is_dir)

    def rel(self, path: str) -> str:
        """``relpath(path, root)``, by slicing when ``path`` is below the root (walks ask
        for every file; ``os.path.relpath`` costs ~25 us)."""
        if path.startswith(self.root_base):
            rel = path[len(self.root_base):]
            return rel.replace(os.sep, "/") if os.sep != "/" else rel
        return relpath(Path(path), self.root)

    def named(self, path: Path, force_exclude: bool) -> None:
        chart = chart_of(path)
        if chart is not None:
            self.charts.add(chart)
        elif force_exclude and self.excluded(path, is_dir=False):
            return
        elif self._escapes(path):
            self.escaping.add(path)
        else:
            self.found.add(path)

    def matched(self, path: Path) -> None:
        """A file a glob matched: everything a walk checks but the extension."""
        if not os.path.isfile(path) or self._escapes(path):
            return
        chart = chart_of(path)
        if chart is not None:
            self.charts.add(chart)
        elif not self.excluded(path, is_dir=False):
            self.found.add(path)

    def walk(self, directory: Path) -> None:
        chart = chart_of(directory / CHART_FILE)  # the directory is (in) templates/
        if chart is not None:
            self.charts.add(chart)
            return
        real_base = os.path.realpath(directory)
        for path in self._entries(str(directory), real_base):
            config = self.config.for_file(Path(path))  # the nearest .govlint.yaml's globs
            include, exclude = config.include, config.exclude
            if include:
                wanted = matches(self.rel(path), include)
            else:
                wanted = os.path.splitext(path)[1].lower() in LINTABLE_EXTENSIONS
            if wanted and not (exclude and matches(self.rel(path), exclude)):
                self.found.add(Path(path))

    def _entries(self, directory: str, real_base: str) -> Iterator[str]:
        """Regular files below ``directory`` (symlinks to regular files that stay inside
        the root or ``real_base``), depth first, pruned by the ignore rules."""
        ignore = self.gitignore if self.respect_gitignore else None
        stack = [directory]
        while stack:
            current = stack.pop()
            try:
                with os.scandir(current) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError:
                continue  # unreadable directory: nothing to lint in it
            is_chart = any(e.name == CHART_FILE for e in entries) and \
                os.path.isfile(os.path.join(current, CHART_FILE))
            subdirs: list[str] = []
            for entry in entries:
                path = entry.path
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name in IGNORED_DIRS:
                            continue
                        if is_chart and entry.name == CHART_TEMPLATES:
                            if not (ignore and ignore.ignored(path, True, current)):
                                self.charts.add(Path(current))
                            continue
                        if ignore and ignore.ignored(path, True, current):
                            continue
                        subdirs.append(path)
                    elif entry.is_file(follow_symlinks=False) or entry.is_symlink():
                        if entry.name in IGNORED_FILES:
                            continue
                        if entry.is_symlink() and not self._link_ok(path, real_base):
                            continue
                        if ignore and ignore.ignored(path, False, current):
                            continue
                        yield path
                except OSError:
                    continue
            stack.extend(reversed(subdirs))

    def _link_ok(self, path: str, real_base: str) -> bool:
        """A symlink is read when it leads to a regular file inside the root or the
        walked directory."""
        real = os.path.realpath(path)
        inside = _inside(real, self.real_root) or _inside(real, real_base)
        return inside and os.path.isfile(real)

    def _escapes(self, path: Path) -> bool:
        """Named inside the root, leading outside it through a symlink."""
        return _inside(str(path), str(self.root)) and \
            not _inside(os.path.realpath(path), self.real_root)

    def notes(self) -> list[Finding]:
        from govlint.findings.model import Finding, Severity

        out: list[Finding] = []
        for chart in sorted(self.charts):
            name = relpath(chart, self.root)
            out.append(Finding(
                rule="helm-templates-skipped", severity=Severity.INFO,
                file=relpath(chart / CHART_FILE, self.root), line=1, column=1,
                message=f"Helm chart templates in {name}/templates are Go templates, not "
                        f"YAML: not linted. Lint the rendered chart: helm template {name} | "
                        f"govlint lint - --stdin-filename {name}/rendered.yaml"))
        for path in sorted(self.escaping):
            out.append(Finding(
                rule="symlink-escapes-root", severity=Severity.WARN,
                file=relpath(path, self.root), line=1, column=1,
                message="symlink to a file outside the project root: not read"))
        return out


def _inside(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


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
