"""Which paths git ignores: ``.gitignore`` files, ``.git/info/exclude``, the global excludes.

Ruff's rules (its ``ignore`` walker with ``require_git``): the files apply only inside a git
repository (a directory with ``.git``, a directory or a worktree's file, at or above the
path); a ``.gitignore`` applies to its directory and below, a deeper one wins over a higher
one, the last matching line of a file wins, ``!`` negates, a leading or inner ``/``
anchors; ``info/exclude`` and ``core.excludesFile`` (default ``$XDG_CONFIG_HOME/git/ignore``)
come last. A nested repository starts afresh: its parent's ``.gitignore`` files stop at it.
Outside a repository nothing is ignored (ruff reverted honouring a bare ``.gitignore``:
astral-sh/ruff#6368).

Matching uses ``pathspec`` (git's wildmatch semantics) on RE2 (``google-re2``): every
pattern of a repository's ``.gitignore`` is untrusted, and Python's backtracking ``re``
takes minutes on a line like ``*a*a*a*a*a*b`` against a long name; RE2 is linear. Every
ignore file is read only when it is a regular file (no FIFO, no device), at most
``MAX_IGNORE_FILE`` bytes; a symlinked ``.gitignore`` is not read (as git since 2.32).
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

MAX_IGNORE_FILE = 1 << 20  # bytes read of one ignore file; the rest is not applied

# (directory the patterns are relative to, with a trailing separator; compiled spec),
# the deepest first.
_Chain = tuple[tuple[str, Any], ...]


class GitIgnore:
    """Ignore decisions for absolute, normalised paths (strings: a walk of 20,000 files
    asks ~30,000 times, so no ``Path`` objects and no ``os.path.relpath`` here); every
    ignore file is read once."""

    def __init__(self) -> None:
        self._tops: dict[str, str | None] = {}
        self._chains: dict[str, _Chain] = {}
        self._repo_specs: dict[str, _Chain] = {}
        self._ignored_dirs: dict[str, bool] = {}
        self._rules: dict[str, _Chain] = {}

    def repo_top(self, directory: str) -> str | None:
        """The work tree top of the repository holding ``directory``, if any."""
        top = self._tops.get(directory, "")
        if top != "":
            return top
        parent = os.path.dirname(directory)
        if os.path.lexists(os.path.join(directory, ".git")):
            top = directory
        elif parent == directory:
            top = None
        else:
            top = self.repo_top(parent)
        self._tops[directory] = top
        return top

    def ignored(self, path: str, is_dir: bool, parent: str | None = None) -> bool:
        """Whether the patterns at or above ``path``'s directory (``parent``, when the
        caller knows it) ignore ``path`` itself; its parent directories are not looked at
        (a walk prunes them first)."""
        if parent is None:
            parent = os.path.dirname(path)
            if parent == path:
                return False
        rules = self._rules.get(parent)
        if rules is None:
            rules = self._rules_for(parent)
        if not rules:
            return False
        suffix = "/" if is_dir else ""
        for base, spec in rules:
            rel = path[len(base):]
            if os.sep != "/":
                rel = rel.replace(os.sep, "/")
            if not rel.isascii():
                rel = _text(rel)
            verdict = spec.check_file(rel + suffix).include
            if verdict is not None:
                return bool(verdict)
        return False

    def _rules_for(self, directory: str) -> _Chain:
        """Every spec that applies to the entries of ``directory``, in precedence order."""
        top = self.repo_top(directory)
        rules = () if top is None else self._chain(directory, top) + self._repo(top)
        self._rules[directory] = rules
        return rules

    def ignored_or_inside_ignored(self, path: str, is_dir: bool) -> bool:
        """Whether ``path`` or a directory above it (up to its repository's top) is
        ignored: git cannot re-include a file below an ignored directory."""
        directory = path if is_dir else os.path.dirname(path)
        top = self.repo_top(directory)
        if top is None:
            return False
        if self._dir_ignored(directory, top):
            return True
        return not is_dir and self.ignored(path, False)

    def _dir_ignored(self, directory: str, top: str) -> bool:
        parent = os.path.dirname(directory)
        if directory == top or parent == directory:
            return False
        cached = self._ignored_dirs.get(directory)
        if cached is None:
            cached = self._dir_ignored(parent, top) or self.ignored(directory, True)
            self._ignored_dirs[directory] = cached
        return cached

    def _chain(self, directory: str, top: str) -> _Chain:
        """The ``.gitignore`` specs that apply in ``directory``, deepest first."""
        chain = self._chains.get(directory)
        if chain is None:
            own = _spec_of(os.path.join(directory, ".gitignore"))
            parent = os.path.dirname(directory)
            above = () if directory == top or parent == directory else \
                self._chain(parent, top)
            chain = (((_base(directory), own),) if own is not None else ()) + above
            self._chains[directory] = chain
        return chain

    def _repo(self, top: str) -> _Chain:
        """``info/exclude`` then the global excludes file, relative to the top."""
        specs = self._repo_specs.get(top)
        if specs is None:
            found = [_spec_of(str(p), follow=True) for p in (
                _info_exclude(Path(top)), _global_excludes(Path(top))) if p is not None]
            specs = tuple((_base(top), s) for s in found if s is not None)
            self._repo_specs[top] = specs
        return specs


def _text(name: str) -> str:
    """``name`` as valid UTF-8 text for RE2: a byte that is not UTF-8 (a lone surrogate from
    ``os.fsdecode``) becomes U+FFFD, as reports spell it; RE2 cannot encode a surrogate."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _base(directory: str) -> str:
    return directory if directory.endswith(os.sep) else directory + os.sep


def _spec_of(file: str | Path, follow: bool = False) -> Any:
    lines = _read_lines(file, follow)
    return _compile(tuple(lines)) if lines else None


@lru_cache(maxsize=4096)
def _compile(lines: tuple[str, ...]) -> Any:
    """One spec per distinct content (services of a monorepo often share one)."""
    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(lines, backend="re2")
    except Exception:  # RE2 refuses a pattern set (too big): that file is not applied
        return None


def _read_lines(file: str | Path, follow: bool = False) -> list[str]:
    """Non-empty lines of a regular file, at most ``MAX_IGNORE_FILE`` bytes; a symlink is
    read only with ``follow`` (the user's own files: a dotfiles manager links them; a
    ``.gitignore`` in the tree is repository content, not followed, as git does)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(file, flags)
    except OSError:
        return []
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return []
        raw = os.read(fd, MAX_IGNORE_FILE)
    except OSError:
        return []
    finally:
        os.close(fd)
    text = raw.decode("utf-8", errors="replace")
    return [line for line in text.splitlines() if line.strip()]


def _info_exclude(top: Path) -> Path | None:
    """``info/exclude`` of the repository's common git directory (worktrees share it)."""
    dot_git = top / ".git"
    git_dir = dot_git
    if dot_git.is_file() and not dot_git.is_symlink():
        lines = _read_lines(dot_git)
        if not lines or not lines[0].startswith("gitdir:"):
            return None
        git_dir = (top / lines[0][len("gitdir:"):].strip()).resolve()
        common = _read_lines(git_dir / "commondir")
        if common:
            git_dir = (git_dir / common[0].strip()).resolve()
    return git_dir / "info" / "exclude"


@lru_cache(maxsize=8)
def _global_excludes(top: Path) -> Path | None:
    """``core.excludesFile`` as git reads it, else ``$XDG_CONFIG_HOME/git/ignore``.

    Git is asked only when a config file it reads mentions the key or an include (a
    process costs tens of milliseconds on every pre-commit run; most machines set
    neither)."""
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    default = Path(xdg) / "git" / "ignore"
    if not _configs_mention_excludes(top, xdg):
        return default
    import subprocess

    try:
        done = subprocess.run(
            ["git", "-C", str(top), "config", "--path", "--get", "core.excludesFile"],
            capture_output=True, text=True, timeout=5, check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
        )
        configured = done.stdout.strip() if done.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        configured = ""
    if configured:
        return top / os.path.expanduser(configured)  # relative: to the work tree, as git
    return default


def _configs_mention_excludes(top: Path, xdg: str) -> bool:
    """Whether a git config file (system, global, XDG, the repository's) may set
    ``core.excludesFile``: it names the key, includes another file, or cannot be read
    here (then git decides)."""
    files = [os.environ.get("GIT_CONFIG_GLOBAL") or os.path.expanduser("~/.gitconfig"),
             os.path.join(xdg, "git", "config"), str(top / ".git" / "config")]
    if not os.environ.get("GIT_CONFIG_NOSYSTEM"):
        files.append(os.environ.get("GIT_CONFIG_SYSTEM") or "/etc/gitconfig")
    if "GIT_CONFIG_COUNT" in os.environ or "GIT_CONFIG_PARAMETERS" in os.environ:
        return True  # settings passed in the environment (GIT_CONFIG_KEY_n, git -c)
    for file in files:
        if not os.path.lexists(file):
            continue
        if os.path.isdir(file):
            return True
        text = "\n".join(_read_lines(file, follow=True)).lower()
        if "excludesfile" in text or "[include" in text:
            return True
    return False
