"""Resolve ``extends: "@scope/name"`` / ``"name"`` / ``"name/sub/path.yaml"`` the way Node's
``require.resolve`` (which Spectral's ruleset migrator calls) resolves them, from the
referring ruleset's directory, in the ``node_modules`` directories already on disk.

Nothing is ever downloaded. What a repository's ``node_modules`` holds is untrusted
content like the rest of the checkout, so, besides Node's rules:

- the walk goes up from the ruleset's directory one parent at a time to the filesystem
  root, as Node does (a monorepo's or CI's ``node_modules`` above the project is found),
  at most :data:`MAX_LEVELS` directories; ``NODE_PATH`` and global folders are not searched;
- a ``node_modules`` directory counts only when its realpath is inside the project or is
  itself a directory named ``node_modules`` (a symlink to a shared install is fine, a
  symlink to ``/`` is not);
- a package directory (pnpm and workspaces symlink them) must resolve inside the project or
  inside that ``node_modules`` tree, and the file it names inside the package directory;
- ``exports`` targets follow Node's validity rules (``./`` first, no ``..`` or
  ``node_modules`` segment), so ``"exports": "../../etc/passwd"`` is refused;
- ``package.json`` is read only up to :data:`MAX_PACKAGE_JSON` bytes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.errors import RulesetError

MAX_LEVELS = 64
MAX_PACKAGE_JSON = 1 << 20
# Node's require() conditions (Spectral calls require.resolve); "import" is taken only when
# none of these matches, since an ES module ruleset loads in the Node host just as well.
_REQUIRE_CONDITIONS = ("require", "node", "default")
_IMPORT_CONDITIONS = ("import", "node", "default")
# Where a package without exports/main keeps its ruleset, in this order; index.js last (Node's).
_FALLBACK_FILES = (
    "ruleset.yaml", "ruleset.yml", "ruleset.json", ".spectral.yaml", ".spectral.yml",
    ".spectral.json", ".spectral.js", ".spectral.mjs", ".spectral.cjs", "index.js",
    "index.json",
)
_NAME = re.compile(r"[a-z0-9~-][a-z0-9._~-]*")
# validate-npm-package-name refuses Node's core modules as new package names, so Spectral's
# isPackageImport treats `path/to/rules.yaml` as a file, not as the package "path".
_CORE_MODULES = frozenset((
    "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants",
    "crypto", "dgram", "diagnostics_channel", "dns", "domain", "events", "fs", "http",
    "http2", "https", "inspector", "module", "net", "os", "path", "perf_hooks", "process",
    "punycode", "querystring", "readline", "repl", "stream", "string_decoder", "sys",
    "timers", "tls", "trace_events", "tty", "url", "util", "v8", "vm", "wasi",
    "worker_threads", "zlib",
))


@dataclass(slots=True)
class Resolved:
    """A ruleset file found in an installed package."""

    path: Path  # realpath of the file
    package_dir: Path  # realpath of the package directory (paths it names stay inside)
    package: str


@dataclass(slots=True)
class NotInstalled:
    """No installed package of that name: where the walk looked."""

    package: str
    looked: list[Path] = field(default_factory=list)

    def message(self) -> str:
        shown = [str(p) for p in self.looked[:4]]
        more = len(self.looked) - len(shown)
        where = ", ".join(shown) + (f" and {more} more up to /" if more > 0 else "")
        return (f"npm package {self.package!r} is not installed (looked in "
                f"{where or 'no node_modules directory'}): run npm install in the project "
                "first (govlint never downloads rulesets)")


def is_package_import(ref: str) -> bool:
    """Spectral's ``isPackageImport``: every ``/`` fragment (a scope joined to its name) is a
    valid new npm package name. ``./x.yaml`` and ``../x`` are not; ``base.yaml`` is (Spectral
    tries a package of that name before the file)."""
    if not ref or len(ref) > 214 or "\\" in ref:
        return False
    parts = ref.split("/")
    if ref.startswith("@"):
        if len(parts) < 2 or not _NAME.fullmatch(parts[0][1:] or "-") or not parts[0][1:]:
            return False
        if not _valid_name(parts[1], core_ok=True):
            return False
        parts = parts[2:]
    return all(_valid_name(p) for p in parts)


def _valid_name(name: str, *, core_ok: bool = False) -> bool:
    return (bool(_NAME.fullmatch(name)) and not name.startswith((".", "_"))
            and name != "node_modules" and (core_ok or name not in _CORE_MODULES))


def split_name(ref: str) -> tuple[str, str]:
    """``@scope/name/sub/x.yaml`` -> (``@scope/name``, ``sub/x.yaml``)."""
    parts = ref.split("/")
    count = 2 if ref.startswith("@") else 1
    return "/".join(parts[:count]), "/".join(parts[count:])


def resolve(ref: str, start: Path, home: Path | None, referrer: str) -> Resolved | NotInstalled:
    """Find the ruleset file the package reference ``ref`` names, from directory ``start``.
    ``home``: the directory the referring ruleset's paths stay in (the project root); a
    package may live there or in a ``node_modules`` tree. Raises :class:`RulesetError` for
    a package that is there but refused or broken (naming ``referrer``)."""
    package, subpath = split_name(ref)
    found = _find_package(package, start, home)
    if isinstance(found, NotInstalled):
        return found
    package_dir, tree = found
    where = f"npm package {package!r} ({package_dir})"
    try:
        real = package_dir.resolve(strict=True)
    except (OSError, RuntimeError):
        return NotInstalled(package, [tree])
    if not (_inside(real, tree) or (home is not None and _inside(real, home))):
        raise RulesetError(referrer, f"{where} resolves to {real}, outside the project and "
                           f"its node_modules tree {tree}: refused")
    manifest = _manifest(real, where, referrer)
    if subpath:
        target = _subpath_target(manifest, subpath, where, referrer)
    else:
        target = _main_target(manifest, real, where, referrer)
    if target is None:
        raise RulesetError(referrer, f"{where} has no ruleset: no usable package.json "
                           "exports/main and none of " + ", ".join(_FALLBACK_FILES[:9]))
    path = _checked(real, target, where, referrer)
    return Resolved(path=path, package_dir=real, package=package)


def _inside(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents


def _find_package(
    package: str, start: Path, home: Path | None
) -> tuple[Path, Path] | NotInstalled:
    """(package directory as found, realpath of its node_modules directory)."""
    looked: list[Path] = []
    directory = Path(os.path.abspath(start))
    for _ in range(MAX_LEVELS):
        if directory.name != "node_modules":
            modules = directory / "node_modules"
            looked.append(modules)
            candidate = modules / package
            if candidate.is_dir():
                tree = modules.resolve()
                usable = tree.name == "node_modules" or (
                    home is not None and _inside(tree, home))
                if usable:
                    return candidate, tree
        if directory.parent == directory:
            break
        directory = directory.parent
    return NotInstalled(package, looked)


def _manifest(package_dir: Path, where: str, referrer: str) -> dict[str, Any]:
    path = package_dir / "package.json"
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PACKAGE_JSON + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise RulesetError(referrer, f"{where}: cannot read package.json: "
                           f"{exc.strerror or type(exc).__name__}") from None
    if len(raw) > MAX_PACKAGE_JSON:
        raise RulesetError(referrer, f"{where}: package.json is larger than "
                           f"{MAX_PACKAGE_JSON} bytes: refused")
    import orjson

    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise RulesetError(referrer, f"{where}: package.json is not valid JSON: "
                           f"{str(exc).splitlines()[0][:200]}") from None
    return data if isinstance(data, dict) else {}


def _main_target(
    manifest: dict[str, Any], package_dir: Path, where: str, referrer: str
) -> str | None:
    exports = manifest.get("exports")
    if exports is not None:
        target = _export_entry(exports, ".", where, referrer)
        if target is None:
            raise RulesetError(referrer, f"{where}: package.json exports have no '.' entry "
                               "for require/import/default")
        return target
    main = manifest.get("main")
    if isinstance(main, str) and main:
        _refuse_leaving(main, where, referrer)
        for candidate in (main, f"{main}.js", f"{main}.json", f"{main}/index.js"):
            if (package_dir / candidate).is_file():
                return candidate
    for name in _FALLBACK_FILES:
        if (package_dir / name).is_file():
            return name
    return None


def _subpath_target(
    manifest: dict[str, Any], subpath: str, where: str, referrer: str
) -> str:
    exports = manifest.get("exports")
    if exports is None:
        return subpath
    target = _export_entry(exports, f"./{subpath}", where, referrer)
    if target is None:
        raise RulesetError(referrer, f"{where}: './{subpath}' is not exported by its "
                           "package.json exports (Node refuses it too)")
    return target


def _export_entry(exports: Any, key: str, where: str, referrer: str) -> str | None:
    """Node's PACKAGE_EXPORTS_RESOLVE for subpath ``key`` ('.' or './sub')."""
    subpaths = isinstance(exports, dict) and any(str(k).startswith(".") for k in exports)
    if not subpaths:  # a string, an array or a conditions object: the '.' entry only
        return _conditional(exports, None) if key == "." else None
    assert isinstance(exports, dict)
    if key in exports and "*" not in key:
        return _conditional(exports[key], None)
    best: tuple[str, str] | None = None  # the longest matching pattern key wins
    for pattern in exports:
        if not isinstance(pattern, str) or pattern.count("*") != 1:
            continue
        head, _, tail = pattern.partition("*")
        fits = key.startswith(head) and key.endswith(tail) and len(key) >= len(head) + len(tail)
        if fits and (best is None or len(head) > len(best[0].partition("*")[0])):
            best = (pattern, key[len(head):len(key) - len(tail)])
    if best is not None:
        return _conditional(exports[best[0]], best[1])
    return None


def _conditional(target: Any, star: str | None, depth: int = 0) -> str | None:
    if depth > 16:
        return None
    for conditions in (_REQUIRE_CONDITIONS, _IMPORT_CONDITIONS):
        found = _match(target, star, conditions, depth)
        if found is not None:
            return found
    return None


def _match(target: Any, star: str | None, conditions: tuple[str, ...], depth: int) -> str | None:
    if depth > 16:
        return None
    if isinstance(target, str):
        return target.replace("*", star) if star is not None else target
    if isinstance(target, list):
        for item in target[:32]:
            found = _match(item, star, conditions, depth + 1)
            if found is not None:
                return found
        return None
    if isinstance(target, dict):
        for condition, value in target.items():
            if condition in conditions:
                found = _match(value, star, conditions, depth + 1)
                if found is not None:
                    return found
    return None


def _refuse_leaving(target: str, where: str, referrer: str) -> None:
    """Node's rule for exports targets (and ours for ``main``): relative, inside the
    package, never through ``..`` or another ``node_modules``."""
    segments = target.replace("\\", "/").split("/")
    if (not target.startswith("./") and segments[0] in ("", "..")) or any(
        s in ("..", ".") or s.lower() == "node_modules" or "%2" in s.lower()
        for s in segments[1:]
    ) or os.path.isabs(target):
        raise RulesetError(referrer, f"{where}: package.json names {target!r}, which leaves "
                           "the package: refused")


def _checked(package_dir: Path, target: str, where: str, referrer: str) -> Path:
    """The realpath of ``target`` inside the package, or a refusal naming why."""
    _refuse_leaving(target, where, referrer)
    try:
        path = (package_dir / target).resolve(strict=True)
    except FileNotFoundError:
        raise RulesetError(referrer, f"{where}: package.json names {target!r}, which does "
                           "not exist (is the package fully installed? run npm install)") \
            from None
    except (OSError, RuntimeError) as exc:
        raise RulesetError(referrer, f"{where}: cannot open {target!r}: "
                           f"{getattr(exc, 'strerror', None) or type(exc).__name__}") from None
    if not _inside(path, package_dir):
        raise RulesetError(referrer, f"{where}: {target!r} resolves to {path}, outside the "
                           "package: refused")
    if not path.is_file():
        raise RulesetError(referrer, f"{where}: {target!r} is not a regular file")
    return path
