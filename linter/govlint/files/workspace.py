"""The workspace that cross-document rules read when a run names only some files.

A pre-commit hook passes the changed files; a shard or ``--changed-since`` run reports on a
subset. Cross-document rules (a GrayRelease's ``targetRef`` names a Deployment, a
FaultToleranceRule's strategies exist, Consul and Nacos agree) still need the files around
them: they read the whole *workspace directory* of every reported file, and report only on
the reported files.

A file's workspace directory is its nearest ancestor (up to the project root) that holds a
service marker: a ``.govlint.yaml``, a service governance config (``service.yaml``,
``*.service.yaml``, the config's ``service-configs.governance`` globs) or an OpenAPI
document, by name (``openapi.*``, ``swagger.*``, ``*.openapi.*``) or by content (a
``.yaml``/``.yml``/``.json`` file whose first 4 KB declare ``openapi: 3…``/``swagger: 2…``
at the top level: the cheap sniff that finds ``orders.yaml`` or ``api.json`` specs, the
service directories the governance rules themselves use, without parsing). A marker
inside a folder named like ``api/``, ``config/`` or ``deploy/`` makes its parent the
workspace directory, whether the walk comes from that folder or from a sibling
(``svc/deploy/x.yaml`` finds ``svc/api/orders.yaml``). Without any marker the workspace is
the working directory when the file is inside it (a run from a sub-directory is scoped as
when that directory was the project root), else the project root. Sniffs are bounded (256
files a directory, 4 KB each) and cached per run; a miss only widens the workspace. A file
outside the project root is its own workspace (nothing around it is walked). See
docs/architecture.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from govlint.config import CONFIG_NAMES, Config
from govlint.files.globs import matches

_SPEC_NAMES = ("openapi.*", "swagger.*", "*.openapi.*", "*.swagger.*")
_SUBFOLDERS = frozenset({"api", "apis", "openapi", "spec", "specs", "config", "configs",
                         "deploy", "k8s", "manifests", "kubernetes", "helm"})
_SNIFF_BYTES = 4096
_SNIFF_FILES = 256  # per directory; beyond that a directory is not sniffed (wider workspace)
_SNIFF_SUFFIXES = (".yaml", ".yml", ".json")
# A top-level `openapi: 3...`/`swagger: 2...` (YAML, at column 0) or `"openapi": "3...`
# (JSON), as documents.kinds recognises them; bounded input, no backtracking.
_SPEC_HEAD = re.compile(
    rb'(?m)^(?:openapi|swagger)[ \t]*:[ \t]*["\']?[23]|"(?:openapi|swagger)"\s{0,16}:\s{0,16}"?[23]'
)


def covers_project(paths: Sequence[str], root: Path) -> bool:
    """Whether PATHS include the project root itself (a run over the whole project)."""
    real_root = os.path.realpath(root)
    return any(os.path.realpath(os.path.expanduser(p)) == real_root for p in (paths or ["."]))


def workspace_files(files: Iterable[Path], root: Path, config: Config,
                    home: Path | None = None) -> list[Path]:
    """Every lintable file of the workspace directories of ``files``."""
    from govlint.files.discover import discover

    outer = [d for d in workspace_dirs(files, root, config, home) if os.path.lexists(d)]
    return discover([str(d) for d in outer], root, config) if outer else []


def workspace_dirs(files: Iterable[Path], root: Path, config: Config,
                   home: Path | None = None) -> list[Path]:
    """The workspace directories of ``files``, none inside another. ``home``: the working
    directory; a file under no marker has it as workspace when inside it (running in a
    sub-directory scopes the run as when it was the project root), else the root."""
    root = Path(os.path.abspath(root))
    seen: dict[str, bool] = {}
    directories = sorted({workspace_dir(Path(f), root, config, seen, home) for f in files})
    # a directory inside another one adds nothing
    return [d for d in directories
            if not any(d != o and d.is_relative_to(o) for o in directories)]


def workspace_dir(file: Path, root: Path, config: Config,
                  seen: dict[str, bool] | None = None, home: Path | None = None) -> Path:
    """The workspace directory of ``file`` (``seen``: marker verdicts per directory, shared
    by the lookups of one run; ``home``: see :func:`workspace_dirs`)."""
    seen = {} if seen is None else seen
    markers = (*CONFIG_NAMES, *_SPEC_NAMES,
               *(g.rsplit("/", 1)[-1] for g in config.service_configs.get("governance", ())))
    if not file.is_relative_to(root):
        return file  # a file outside the project is its own workspace: nothing walked
    directory = file.parent
    while True:
        if _has_marker(directory, markers, seen):
            if directory.name.lower() in _SUBFOLDERS and directory != root:
                return directory.parent
            return directory
        if any(_has_marker(sub, markers, seen) for sub in _subfolders(directory)):
            return directory  # svc/api/orders.yaml marks svc for svc/deploy/x.yaml too
        if directory == root or directory.parent == directory or \
                not directory.is_relative_to(root):
            if home is not None and home != root and file.is_relative_to(home):
                return home
            return root
        directory = directory.parent


def _subfolders(directory: Path) -> list[Path]:
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return [directory / n for n in sorted(names) if n.lower() in _SUBFOLDERS]


def _has_marker(directory: Path, markers: tuple[str, ...], seen: dict[str, bool]) -> bool:
    key = str(directory)
    if key not in seen:
        seen[key] = _marker_in(key, markers)
    return seen[key]


def _marker_in(directory: str, markers: tuple[str, ...]) -> bool:
    """A marker by name, else an OpenAPI document by content (see the module docstring)."""
    try:
        with os.scandir(directory) as entries:
            files = sorted(e.name for e in entries if e.is_file())
    except OSError:
        return False
    if any(matches(name, markers) for name in files):
        return True
    candidates = [n for n in files if n.lower().endswith(_SNIFF_SUFFIXES)]
    if len(candidates) > _SNIFF_FILES:
        return False
    return any(_sniffs_as_spec(os.path.join(directory, n)) for n in candidates)


def _sniffs_as_spec(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return _SPEC_HEAD.search(head) is not None
