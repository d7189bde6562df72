"""Project configuration: ``.govlint.yaml``, found upward from the working directory."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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
    "governance", "rulesets", "vars", "include", "exclude", "service-configs",
    "errorCatalog", "waivers", "baseline", "fail-severity", "breaking",
}


@dataclass(slots=True)
class Config:
    root: Path
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

    def default_rulesets(self) -> list[str]:
        return self.rulesets if self.rulesets is not None else [
            f"govlint:governance@{self.governance}"
        ]


def find_config(start: Path) -> Path | None:
    """The nearest ``.govlint.yaml`` in ``start`` or a parent directory."""
    start = start.resolve()
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
    return None


def load_config(path: Path | None = None, cwd: Path | None = None) -> Config:
    """Read the config at ``path`` (or the one found upward from ``cwd``)."""
    cwd = (cwd or Path.cwd()).resolve()
    if path is None:
        path = find_config(cwd)
        if path is None:
            return Config(root=cwd)
    path = path.resolve()
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return _from_mapping(raw, path)


def _from_mapping(raw: Mapping[str, Any], path: Path) -> Config:
    unknown = sorted(set(raw) - _KNOWN_KEYS)
    if unknown:
        from govlint.wording import with_suggestions

        raise ConfigError(f"{path}: unknown key(s) {with_suggestions(unknown, _KNOWN_KEYS)}")
    config = Config(root=path.parent, path=path)
    if "governance" in raw:
        config.governance = _governance_version(raw["governance"], str(path))
    if "rulesets" in raw:
        config.rulesets = _str_list(raw["rulesets"], "rulesets", path)
    if "vars" in raw:
        if not isinstance(raw["vars"], Mapping):
            raise ConfigError(f"{path}: 'vars' must be a mapping")
        bad = [k for k in raw["vars"] if not isinstance(k, str)]
        if bad:
            raise ConfigError(f"{path}: 'vars' names must be strings, got {bad[0]!r}")
        config.vars = dict(raw["vars"])
    for key in ("include", "exclude"):
        if key in raw:
            setattr(config, key, _globs(_str_list(raw[key], key, path), key, path))
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
                *_globs(_str_list(globs, f"service-configs.{kind}", path),
                        f"service-configs.{kind}", path),
            )
    for key, attr in (("errorCatalog", "error_catalog"), ("waivers", "waivers"),
                      ("baseline", "baseline"), ("fail-severity", "fail_severity")):
        if key in raw:
            if not isinstance(raw[key], str):
                raise ConfigError(f"{path}: '{key}' must be a string")
            setattr(config, attr, raw[key])
    if config.fail_severity is not None:
        from govlint.findings.model import Severity

        try:
            Severity.parse(config.fail_severity)
        except ValueError:
            raise ConfigError(f"{path}: 'fail-severity' must be one of error, warn, info, "
                              f"hint, off; got {config.fail_severity!r}") from None
    config.waivers_configured = "waivers" in raw
    if "breaking" in raw:
        breaking = raw["breaking"]
        if not isinstance(breaking, Mapping) or set(breaking) - {"since"} or \
                not isinstance(breaking.get("since", ""), str):
            raise ConfigError(f"{path}: 'breaking' must be a mapping with a string 'since' "
                              f"(a git ref, e.g. since: origin/main)")
        config.breaking_since = breaking.get("since") or None
    if config.error_catalog:  # the named catalogue is read as one, wherever it lives
        globs = config.service_configs.get("error-catalog", ())
        config.service_configs["error-catalog"] = (*globs, config.error_catalog)
    return config


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
