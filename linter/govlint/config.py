"""Project configuration: ``.govlint.yaml``; each file uses the nearest one (as ruff does).

The *project root* is the git top level when the working directory is inside a git work
tree, else the outermost ``.govlint.yaml`` found upward from the working directory, else
the working directory; PATHs of a run that lie outside it widen it to their own root.
Every file uses the nearest ``.govlint.yaml`` at or above it, up to the project root
(:class:`ConfigTree`); ``--config FILE`` forces one config for every file. Configs do not
merge unless one says ``extends: ../.govlint.yaml`` (inside the project root). Paths and
globs in a config are relative to its own directory; they are rewritten here relative to
the project root, which is what every later stage compares file paths with.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from govlint.budget import DEFAULT_TIMEOUT_PER_FILE
from govlint.errors import ConfigError

CONFIG_NAMES = (".govlint.yaml", ".govlint.yml")
LATEST_GOVERNANCE = "3.2"
GOVERNANCE_VERSIONS = ("3.1", "3.2")

# Service-config types and the path globs that recognise them (section 10 of the spec).
DEFAULT_SERVICE_CONFIG_GLOBS: dict[str, tuple[str, ...]] = {
    "governance": ("**/service.yaml", "**/service.yml", "**/*.service.yaml",
                   "**/*.service.yml", "**/config/service.json", "**/service.json"),
    "jaeger-sampling": ("**/sampling_strategies.json", "**/*sampling*.json"),
    "sentinel": ("**/*FlowRule*.json", "**/*DegradeRule*.json", "**/sentinel/**/*.json"),
    "consul-kv": ("**/consul*.json", "**/consul/**/*.json"),
    "nacos": ("**/*.properties",),
    "error-catalog": ("**/errors/catalog.yaml", "**/errors/catalog.yml",
                      "**/errors/catalog.json"),
}

_KNOWN_KEYS = {
    "extends", "governance", "rulesets", "vars", "include", "exclude", "service-configs",
    "errorCatalog", "waivers", "baseline", "fail-severity", "breaking",
}


@dataclass(slots=True)
class Config:
    root: Path  # the project root: finding paths are relative to it
    path: Path | None = None  # the .govlint.yaml that was read, if any
    governance: str = LATEST_GOVERNANCE
    rulesets: list[str] | None = None  # None: the built-in governance ruleset of the pin
    vars: dict[str, Any] = field(default_factory=dict)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    service_configs: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_SERVICE_CONFIG_GLOBS)
    )
    error_catalog: str | None = None
    waivers: str = ".govlint/waivers.yaml"
    waivers_configured: bool = False  # `waivers:` set in .govlint.yaml: the file must exist
    baseline: str | None = None
    fail_severity: str | None = None
    allow_remote_refs: bool = False
    breaking_since: str | None = None  # `breaking: {since: REF}` (lint --breaking-since)
    cli_governance: str | None = None  # --governance: overrides every config's pin
    allow_custom_functions: bool = False  # --allow-custom-functions: run functionsDir code
    respect_gitignore: bool = True  # --no-respect-gitignore: walk what git ignores too
    max_file_size: int = 64 * 1024 * 1024  # --max-file-size: bigger files are not read
    timeout_per_file: float = DEFAULT_TIMEOUT_PER_FILE  # --timeout-per-file; 0: none
    forced: bool = False  # --config FILE: this config for every file
    extends: tuple[Path, ...] = ()  # configs this one extends, nearest first
    # Which config governs each file (None: this one for every file).
    tree: ConfigTree | None = field(default=None, repr=False, compare=False)

    def for_file(self, path: Path) -> Config:
        """The config that governs ``path`` (this one without a tree or with --config)."""
        return self if self.tree is None else self.tree.for_file(path)

    @property
    def directory(self) -> str:
        """The config's directory relative to the project root ('.' at the root, and for a
        ``--config`` file kept outside the project: it governs the whole project)."""
        if self.path is None:
            return "."
        rel = os.path.relpath(os.path.abspath(self.path.parent), os.path.abspath(self.root))
        rel = rel.replace(os.sep, "/")
        return "." if rel == ".." or rel.startswith("../") else rel

    def default_rulesets(self) -> list[str]:
        return self.rulesets if self.rulesets is not None else [
            f"govlint:governance@{self.governance}"
        ]


def find_config(start: Path) -> Path | None:
    """The nearest ``.govlint.yaml`` in ``start`` or a parent directory."""
    start = start.resolve()
    for directory in (start, *start.parents):
        found = config_in(str(directory))
        if found is not None:
            return Path(found)
    return None


def config_in(directory: str) -> str | None:
    """The ``.govlint.yaml`` (or ``.yml``) directly in ``directory``, if any."""
    for name in CONFIG_NAMES:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            return candidate
    return None


def git_top(start: Path) -> Path | None:
    """The top level of the git work tree holding ``start`` (a ``.git`` directory, or the
    ``.git`` file of a worktree or submodule), found without running git."""
    for directory in (start, *start.parents):
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
    return None


def project_root(cwd: Path) -> Path:
    """The git top level, else the outermost ``.govlint.yaml`` upward, else ``cwd``."""
    cwd = cwd.resolve()
    top = git_top(cwd)
    if top is not None:
        return top
    outermost = None
    for directory in (cwd, *cwd.parents):
        if config_in(str(directory)) is not None:
            outermost = directory
    return outermost or cwd


def _widened(root: Path, target: Path) -> Path:
    """The root widened to hold ``target`` when ``target`` belongs to a project of its own
    (a git work tree or a ``.govlint.yaml`` above it: a sibling service) and the two share
    a directory below the file system's root. A loose file elsewhere (``/usr/share/...``,
    ``../../etc/x.yaml``) does not widen it: it keeps a ``../`` path and its own nearest
    config (:meth:`ConfigTree.for_file`), and nothing around it is walked."""
    start = target if target.is_dir() else target.parent
    start = Path(os.path.realpath(start)) if start.exists() else start
    if git_top(start) is None and find_config(start) is None:
        return root
    common = Path(os.path.commonpath([root, project_root(start)]))
    return root if common == Path(common.anchor) else common


def load_config(path: Path | None = None, cwd: Path | None = None,
                paths: Sequence[str] = (), start: Path | None = None) -> Config:
    """The config of the working directory (the nearest one above ``start``, the working
    directory by default, or ``path`` given by ``--config``), with the project root set
    and, without ``path``, a :class:`ConfigTree` that finds every file's own config.
    ``paths``: the run's PATHs (a sibling directory outside the root widens the root to
    hold it, so reports never say ``../``)."""
    cwd = (cwd or Path.cwd()).resolve()
    root = project_root(cwd)
    for raw in paths:
        target = Path(os.path.abspath(os.path.join(cwd, os.path.expanduser(raw))))
        if raw != "-" and not target.is_relative_to(root):
            root = _widened(root, target)
    if path is not None:
        path = path.resolve()
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        config = read_config(path, root)
        config.forced = True
        return config
    found = find_config(start or cwd)
    if found is not None and not found.parent.is_relative_to(root):
        found = None  # above the git top level: not this project's
    config = read_config(found, root) if found is not None else Config(root=root)
    config.tree = ConfigTree(config)
    return config


def read_config(path: Path, root: Path, seen: tuple[str, ...] = ()) -> Config:
    """One ``.govlint.yaml`` (and what it ``extends``), paths rewritten relative to ``root``."""
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        if seen:  # an extended file: say where, never quote it (it may not be a config)
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
            raise ConfigError(f"{path}: not valid YAML{where}") from None
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    base = None
    if "extends" in raw:
        base = _extended(raw["extends"], path, root, (*seen, os.path.realpath(path)))
    return _from_mapping(raw, path, root, base)


_EXTENDABLE = (".govlint.yaml", ".govlint.yml")


def _extended(value: object, path: Path, root: Path, seen: tuple[str, ...]) -> Config:
    """The config ``extends:`` names: a path relative to ``path``'s directory that stays
    inside the project root once symlinks are resolved (never read outside it)."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: 'extends' must be the path of another .govlint.yaml")
    target = os.path.realpath(os.path.join(path.parent, os.path.expanduser(value)))
    real_root = os.path.realpath(root)
    if os.path.commonpath([target, real_root]) != real_root:
        raise ConfigError(f"{path}: extends {value!r} leaves the project root {root}")
    if target in seen:
        raise ConfigError(f"{path}: extends {value!r} is a cycle")
    if not os.path.isfile(target):
        raise ConfigError(f"{path}: extends {value!r}: no such file")
    if not os.path.basename(target).endswith(_EXTENDABLE):
        # a credentials file in the checkout must not have its keys listed in an error
        raise ConfigError(f"{path}: extends {value!r}: not a govlint config (its name must "
                          f"end with {' or '.join(_EXTENDABLE)}); not read")
    return read_config(Path(target), root, seen)


def _inside(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


class ConfigTree:
    """Which config governs each file: the nearest ``.govlint.yaml`` at or above it, up to
    the project root, else the defaults (a file outside the root, as ruff: the nearest
    config upward from its own directory, up to its own git top level or ``/``; only
    upward, never a scan below). Each config file is read once per run; lookups are
    cached per directory, so a 2,000-service repository costs one ``stat`` per directory."""

    def __init__(self, base: Config, base_path: Path | None = None) -> None:
        """``base``: the working directory's config; ``base_path``: where it stands when
        that is not ``base.path`` (the project exported at a git ref)."""
        self.base = base
        self.root = os.path.abspath(base.root)
        self._by_dir: dict[str, Config] = {}
        self._by_path: dict[str, Config] = {}
        base_path = base_path or base.path
        if base_path is not None:
            self._by_path[os.path.abspath(base_path)] = base
        self._default: Config | None = base if base_path is None else None

    def for_file(self, path: Path) -> Config:
        text = str(path)  # discovery's paths are absolute and normalised already
        if not os.path.isabs(text) or "/." in text:
            text = os.path.abspath(text)
        directory = os.path.dirname(text)
        known = self._by_dir.get(directory)
        if known is not None:
            return known
        trail: list[str] = []
        while True:
            known = self._by_dir.get(directory)
            if known is not None:
                config = known
                break
            trail.append(directory)
            found = config_in(directory)
            if found is not None:
                config = self._load(found)
                break
            parent = os.path.dirname(directory)
            if directory == self.root or parent == directory or (
                    not _inside(directory, self.root) and
                    os.path.lexists(os.path.join(directory, ".git"))):
                config = self._fallback()
                break
            directory = parent
        for seen in trail:
            self._by_dir[seen] = config
        return config

    def configs(self) -> list[Config]:
        """Every config read so far, the default one included if used."""
        out = {id(c): c for c in self._by_path.values()}
        if self._default is not None:
            out[id(self._default)] = self._default
        return list(out.values())

    def _load(self, path: str) -> Config:
        key = os.path.abspath(path)
        if key not in self._by_path:
            config = read_config(Path(key), Path(self.root))
            self._by_path[key] = self._inherit(config)
        return self._by_path[key]

    def _fallback(self) -> Config:
        if self._default is None:
            self._default = self._inherit(Config(root=Path(self.root)))
        return self._default

    def _inherit(self, config: Config) -> Config:
        """The command line's overrides (--governance, --allow-remote-refs,
        --allow-custom-functions, --no-respect-gitignore, --max-file-size,
        --timeout-per-file) apply to every config of the run (read from the base when a
        config is first needed)."""
        base = self.base
        if base.cli_governance:
            config.governance = base.cli_governance
        config.cli_governance = base.cli_governance
        config.allow_remote_refs = base.allow_remote_refs
        config.allow_custom_functions = base.allow_custom_functions
        config.respect_gitignore = base.respect_gitignore
        config.max_file_size = base.max_file_size
        config.timeout_per_file = base.timeout_per_file
        config.tree = self
        return config


def _from_mapping(raw: Mapping[str, Any], path: Path, root: Path | None = None,
                  base: Config | None = None) -> Config:
    """A config from ``path``'s mapping over ``base`` (what it extends: keys set here
    replace the base's, ``vars`` and ``service-configs`` add to them)."""
    unknown = sorted(set(raw) - _KNOWN_KEYS)
    if unknown:
        from govlint.wording import with_suggestions

        raise ConfigError(f"{path}: unknown key(s) {with_suggestions(unknown, _KNOWN_KEYS)}")
    root = root if root is not None else path.parent
    if base is None:
        config = Config(root=root, path=path)
    else:
        config = replace(base, path=path, vars=dict(base.vars), include=list(base.include),
                         exclude=list(base.exclude), service_configs=dict(base.service_configs),
                         extends=(base.path, *base.extends) if base.path else base.extends,
                         tree=None)
    prefix = _prefix(path.parent, root)
    outside = prefix == ".." or prefix.startswith("../")
    if outside:  # a --config file kept elsewhere: globs are the project's, paths its own
        prefix = ""
    if "governance" in raw:
        config.governance = _governance_version(raw["governance"], str(path))
    home = str(path.parent) if outside else prefix
    if "rulesets" in raw:
        config.rulesets = [_ref_under(home, r)
                           for r in _str_list(raw["rulesets"], "rulesets", path)]
    if "vars" in raw:
        if not isinstance(raw["vars"], Mapping):
            raise ConfigError(f"{path}: 'vars' must be a mapping")
        bad = [k for k in raw["vars"] if not isinstance(k, str)]
        if bad:
            raise ConfigError(f"{path}: 'vars' names must be strings, got {bad[0]!r}")
        config.vars.update(raw["vars"])
    for key in ("include", "exclude"):
        if key in raw:
            setattr(config, key, [_glob_under(prefix, g) for g in
                                  _globs(_str_list(raw[key], key, path), key, path)])
    if "service-configs" in raw:
        extra = raw["service-configs"]
        if not isinstance(extra, Mapping):
            raise ConfigError(f"{path}: 'service-configs' must map a type to globs")
        unknown = sorted(str(kind) for kind in extra if kind not in DEFAULT_SERVICE_CONFIG_GLOBS)
        if unknown:
            raise ConfigError(
                f"{path}: unknown service-config type(s) {', '.join(unknown)} in "
                f"'service-configs' (known: {', '.join(DEFAULT_SERVICE_CONFIG_GLOBS)})"
            )
        for kind, globs in extra.items():
            config.service_configs[str(kind)] = (
                *config.service_configs.get(str(kind), ()),
                *(_glob_under(prefix, g) for g in
                  _globs(_str_list(globs, f"service-configs.{kind}", path),
                         f"service-configs.{kind}", path)),
            )
    for key, attr in (("errorCatalog", "error_catalog"), ("waivers", "waivers"),
                      ("baseline", "baseline"), ("fail-severity", "fail_severity")):
        if key in raw:
            if not isinstance(raw[key], str):
                raise ConfigError(f"{path}: '{key}' must be a string")
            value = raw[key]
            setattr(config, attr, _ref_under(home, value) if attr in ("waivers", "baseline")
                    else value)
    if config.fail_severity is not None:
        from govlint.findings.model import Severity

        try:
            Severity.parse(config.fail_severity)
        except ValueError:
            raise ConfigError(f"{path}: 'fail-severity' must be one of error, warn, info, "
                              f"hint, off; got {config.fail_severity!r}") from None
    if "waivers" in raw:
        config.waivers_configured = True
    elif base is None and home:
        config.waivers = _ref_under(home, config.waivers)
    if "breaking" in raw:
        breaking = raw["breaking"]
        if not isinstance(breaking, Mapping) or set(breaking) - {"since"} or \
                not isinstance(breaking.get("since", ""), str):
            raise ConfigError(f"{path}: 'breaking' must be a mapping with a string 'since' "
                              f"(a git ref, e.g. since: origin/main)")
        config.breaking_since = breaking.get("since") or None
    if raw.get("errorCatalog"):  # the named catalogue is read as one, wherever it lives
        globs = config.service_configs.get("error-catalog", ())
        config.service_configs["error-catalog"] = (
            *globs, _glob_under(prefix, config.error_catalog or "", anchored=True))
    return config


def _prefix(directory: Path, root: Path) -> str:
    """``directory`` relative to the project root ('' at the root)."""
    rel = os.path.relpath(os.path.abspath(directory), os.path.abspath(root)).replace(os.sep, "/")
    return "" if rel == "." else rel


def _ref_under(prefix: str, ref: str) -> str:
    """A path written in a config in ``prefix``, relative to the project root (built-in
    ruleset names, URLs and absolute paths unchanged)."""
    if not prefix or ref.startswith("govlint:") or "://" in ref or os.path.isabs(ref) or \
            ref.startswith("~") or ref.startswith("spectral:"):
        return ref
    return posixpath.normpath(f"{prefix}/{ref}")


def pattern_under(prefix: str, pattern: str) -> str:
    """A waiver's ``files`` entry (a literal path, ``dir/``, or a glob) written relative to
    the config directory ``prefix``, relative to the project root."""
    from govlint.files.globs import has_magic

    if not prefix or pattern.startswith("/"):
        return pattern
    if has_magic(pattern):
        return _glob_under(prefix, pattern)
    trailing = "/" if pattern.endswith("/") else ""
    return posixpath.normpath(f"{prefix}/{pattern.removeprefix('./')}") + trailing


def _glob_under(prefix: str, glob: str, anchored: bool = False) -> str:
    """A glob written in a config in ``prefix``, relative to the project root. A glob
    without '/' matches a base name at any depth below the config's directory."""
    glob = glob.replace("\\", "/")
    while glob.startswith("./"):
        glob = glob[2:]
    if not prefix or glob.startswith("/"):
        return glob
    if not anchored and "/" not in glob.rstrip("/"):
        glob = f"**/{glob}"
    return posixpath.normpath(f"{prefix}/{glob}") if ".." in glob.split("/") else \
        f"{prefix}/{glob}"


def _governance_version(value: object, source: str) -> str:
    version = str(value).strip()
    if version not in GOVERNANCE_VERSIONS:
        raise ConfigError(
            f"{source}: unknown governance version {version!r} "
            f"(known: {', '.join(GOVERNANCE_VERSIONS)})"
        )
    return version


def _globs(patterns: list[str], key: str, path: Path) -> list[str]:
    """``patterns`` when each is a usable glob; a ConfigError naming the key otherwise."""
    for pattern in patterns:
        error = glob_error(pattern)
        if error:
            raise ConfigError(f"{path}: '{key}' glob {pattern!r} is invalid: {error}")
    return patterns


def glob_error(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable glob (None when it is)."""
    import re

    from govlint.files.globs import compile_glob, has_magic

    if not has_magic(pattern):
        return None
    try:
        compile_glob(pattern)
    except (re.error, ValueError, RecursionError) as exc:
        return str(exc) or type(exc).__name__
    return None


def _str_list(value: object, key: str, path: Path) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"{path}: '{key}' must be a string or a list of strings")
