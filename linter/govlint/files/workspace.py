"""The workspace that cross-document rules read when a run names only some files.

A pre-commit hook passes the changed files; a shard or ``--changed-since`` run reports on a
subset. Cross-document rules (a GrayRelease's ``targetRef`` names a Deployment, a
FaultToleranceRule's strategies exist, Consul and Nacos agree) still need the files around
them: they read the whole *workspace directory* of every reported file, and report only on
the reported files.

A file's workspace directory is its nearest ancestor (up to the project root) that holds a
service marker: a ``.govlint.yaml``, a service governance config (``service.yaml``,
``*.service.yaml``, the config's ``service-configs.governance`` globs) or an OpenAPI
document by name (``openapi.*``, ``swagger.*``, ``*.openapi.*``). A marker inside a folder
named like ``api/``, ``config/`` or ``deploy/`` makes its parent the workspace directory.
Without any marker the project root is the workspace. See docs/architecture.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from govlint.config import CONFIG_NAMES, Config
from govlint.files.globs import matches

_SPEC_NAMES = ("openapi.*", "swagger.*", "*.openapi.*", "*.swagger.*")
_SUBFOLDERS = frozenset({"api", "apis", "openapi", "spec", "specs", "config", "configs",
                         "deploy", "k8s", "manifests", "kubernetes", "helm"})


def covers_project(paths: Sequence[str], root: Path) -> bool:
    """Whether PATHS include the project root itself (a run over the whole project)."""
    real_root = os.path.realpath(root)
    return any(os.path.realpath(os.path.expanduser(p)) == real_root for p in (paths or ["."]))


def workspace_files(files: Iterable[Path], root: Path, config: Config) -> list[Path]:
    """Every lintable file of the workspace directories of ``files``."""
    from govlint.files.discover import discover

    root = Path(os.path.abspath(root))
    directories = sorted({workspace_dir(Path(f), root, config) for f in files})
    # a directory inside another one adds nothing
    outer = [d for d in directories
             if not any(d != o and d.is_relative_to(o) for o in directories)]
    return discover([str(d) for d in outer], root, config) if outer else []


def workspace_dir(file: Path, root: Path, config: Config) -> Path:
    markers = (*CONFIG_NAMES, *_SPEC_NAMES,
               *(g.rsplit("/", 1)[-1] for g in config.service_configs.get("governance", ())))
    directory = file.parent
    while True:
        if _has_marker(directory, markers):
            if directory.name.lower() in _SUBFOLDERS and directory != root:
                return directory.parent
            return directory
        if directory == root or directory.parent == directory or \
                not directory.is_relative_to(root):
            return root
        directory = directory.parent


def _has_marker(directory: Path, markers: tuple[str, ...]) -> bool:
    try:
        names = os.listdir(directory)
    except OSError:
        return False
    return any(matches(name, markers) for name in names)
