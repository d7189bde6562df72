"""Load rulesets in Spectral's format (plus govlint's extensions) into one :class:`Ruleset`.

Semantics follow Spectral 6 (packages/core/src/ruleset): a rule is enabled when its
ruleset is extended with ``all``, or with ``recommended`` (the default) and the rule is
recommended; ``off`` disables every rule of the extended ruleset until a child re-enables
it; a child's ``rule: true|false|<severity>`` adjusts an inherited rule and an object
merges into it; ``overrides`` apply only from the root ruleset. Every error names the
ruleset file and the rule (exit code 2).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.errors import RulesetError
from govlint.findings.model import Severity
from govlint.functions.api import RuleFunction
from govlint.rules.model import GivenTarget, Rule, Ruleset, Then

BUILTIN_PREFIX = "govlint:"
SPECTRAL_PREFIX = "spectral:"
SPECTRAL_RULESETS = ("spectral:oas",)  # spectral:asyncapi loads empty (rules/lenient.py)
_RULESET_KEYS = {
    "extends", "rules", "formats", "aliases", "overrides", "functionsDir", "functions",
    "documentationUrl", "parserOptions", "description", "vars", "governance", "$schema",
}
_RULE_KEYS = {
    "given", "then", "severity", "message", "description", "documentationUrl", "formats",
    "resolved", "recommended", "scope", "sandboxable", "rationale", "artifacts", "type", "tags",
    "x-govlint",
}
_FULL_VAR = re.compile(r"^\{\{\s*vars\.([A-Za-z_][\w-]*)\s*\}\}$")
_ANY_VAR = re.compile(r"\{\{\s*vars\.([A-Za-z_][\w-]*)\s*\}\}")
_EXTEND_SEVERITIES = {"off", "all", "recommended"}


@dataclass(slots=True, eq=False)
class _Source:
    """One ruleset file (or built-in) as read, before its rules are compiled."""

    name: str  # what error messages call it
    directory: Path | None
    definition: Mapping[str, Any]
    aliases: dict[str, Any] = field(default_factory=dict)
    functions: dict[str, RuleFunction] = field(default_factory=dict)
    # The directory every path this ruleset names (extends, functionsDir) must resolve
    # into: the project root, or a --ruleset file's own directory (a file the user chose).
    home: Path | None = None
    allow_functions: bool = False  # --allow-custom-functions / GOVLINT_ALLOW_CUSTOM_FUNCTIONS
    pin: str | None = None  # the governance version a bare `govlint:governance` means
    script: Path | None = None  # a JavaScript ruleset, loaded in Node when built
    js_functions: dict[str, RuleFunction] = field(default_factory=dict)  # what it defines


@dataclass(slots=True, eq=False)
class _Spec:
    """A rule definition with its owner; compiled into a :class:`Rule` at the end."""

    name: str
    definition: dict[str, Any]
    owner: _Source
    enabled: bool
    severity: Any = None  # an adjustment from a child ruleset (string/number)
    formats: frozenset[str] | None = None
    documentation_url: str | None = None
    only_files: tuple[str, ...] = ()  # rules defined inside ``overrides``
    # the ruleset whose ``then`` it has (its functions): a child that redefines an
    # inherited rule's ``then`` names functions of its own (IBM's ruleset: typed-enum)
    then_owner: _Source | None = None


@dataclass(slots=True)
class _Built:
    specs: dict[str, _Spec]
    formats: set[str]
    vars: dict[str, Any]
    governance: str | None
    sources: list[str]
    # severity adjustments of oasdiff's check ids (govlint diff / lint --breaking-since)
    diff_severities: dict[str, Severity] = field(default_factory=dict)


def load_ruleset(
    refs: list[str], *, base_dir: Path, config_vars: Mapping[str, Any] | None = None,
    referrer: str = "<command line>", vars_source: str = ".govlint.yaml",
    root: Path | None = None, trusted: list[str] | None = None,
    allow_custom_functions: bool = False, pin: str | None = None,
) -> Ruleset:
    """Load and merge the rulesets ``refs`` (paths relative to ``base_dir`` or built-in
    names such as ``govlint:governance@3.2``). Later rulesets override earlier ones.

    ``referrer`` names where ``refs`` were given (the config file or the command line) and
    ``vars_source`` where ``config_vars`` were set: errors they cause name them.

    Rulesets are untrusted repository content (docs/security.md): every file they name
    must resolve (realpath) inside ``root`` (default ``base_dir``), except the ``trusted``
    refs the user named on the command line, whose own paths stay in their directory; a
    ``functionsDir`` runs only with ``allow_custom_functions``.

    ``pin``: the pinned governance version; a bare ``govlint:governance`` (at any depth of
    ``extends``) means that version, so a team ruleset follows the project's pin."""
    if not refs:
        raise RulesetError("<config>", "no ruleset given")
    from govlint.rules import lenient

    with lenient.collecting() as warnings:
        ruleset = _load(refs, base_dir, config_vars, referrer, vars_source, root, trusted,
                        allow_custom_functions, pin)
    ruleset.warnings = warnings
    lenient.emit(warnings)
    return ruleset


def _load(
    refs: list[str], base_dir: Path, config_vars: Mapping[str, Any] | None, referrer: str,
    vars_source: str, root: Path | None, trusted: list[str] | None,
    allow_custom_functions: bool, pin: str | None,
) -> Ruleset:
    specs: dict[str, _Spec] = {}
    all_vars: dict[str, Any] = {}
    sources: list[str] = []
    governance: str | None = None
    root_dir = base_dir
    overrides_by_source: list[tuple[_Source, list[Any]]] = []
    diff_severities: dict[str, Severity] = {}
    project = (root or base_dir).resolve()
    for index, ref in enumerate(refs):
        chosen = ref in (trusted or ())
        source = _read(pinned(ref, pin), base_dir, referrer, None if chosen else project)
        source.pin = pin
        if source.home is None:  # a file the user named: its paths stay beside it
            inside = source.directory is not None and _within(source.directory, project)
            source.home = project if inside or source.directory is None else source.directory
        source.allow_functions = allow_custom_functions
        if index == 0 and source.directory is not None:
            root_dir = source.directory
        built = _build(source, "recommended", stack=[])
        specs.update(built.specs)
        diff_severities.update(built.diff_severities)
        all_vars.update(built.vars)
        sources.extend(s for s in built.sources if s not in sources)
        governance = built.governance or governance
        overrides = source.definition.get("overrides")
        if overrides is not None:
            overrides_by_source.append((source, _check_list(overrides, source.name, "overrides")))
    unknown_vars = sorted(set(config_vars or {}) - set(all_vars))
    var_defaults = dict(all_vars)
    all_vars.update(config_vars or {})
    digest = _digest(specs, all_vars, [o for _, o in overrides_by_source])
    cache_key = _validation_key(digest, overrides_by_source)
    validate = not _validated_before(cache_key)
    try:
        _check_functions(specs)
        rules = {name: _compile(spec, all_vars, validate=validate) for name, spec in specs.items()}
        for source, overrides in overrides_by_source:
            _apply_overrides(source, overrides, rules, all_vars)
    except RulesetError as exc:
        raise _blame_config_vars(exc, specs, config_vars or {}, vars_source) from None
    ruleset = Ruleset(
        rules=rules,
        sources=sources,
        vars=all_vars,
        governance=governance,
        root_dir=str(root_dir),
        diff_severities=diff_severities,
        var_defaults=var_defaults,
        var_readers={var: tuple(sorted(n for n, spec in specs.items()
                                       if var in _var_names(spec.definition)))
                     for var in sorted(all_vars)},
    )
    ruleset.digest = digest
    if validate:
        _remember_validated(cache_key)
    if unknown_vars:
        import click

        from govlint.wording import with_suggestions

        declared = set(all_vars) - set(config_vars or {})
        click.echo(
            f"govlint: warning: {vars_source} sets vars no ruleset declares: "
            f"{with_suggestions(unknown_vars, declared)}",
            err=True,
        )
    return ruleset


def pinned(ref: str, governance: str | None) -> str:
    """``govlint:governance`` with the pin: ``govlint:governance@3.1`` (others unchanged)."""
    if governance and ref == f"{BUILTIN_PREFIX}governance":
        return f"{ref}@{governance}"
    return ref


def builtin_ruleset_path(name: str) -> Path:
    """Path of a built-in ruleset: ``govlint:governance@3.2`` or ``govlint:governance``."""
    from govlint.config import GOVERNANCE_VERSIONS, LATEST_GOVERNANCE
    from govlint.resources import rulesets_dir

    body = name[len(BUILTIN_PREFIX):]
    family, _, version = body.partition("@")
    if family == "governance":
        version = version or LATEST_GOVERNANCE
        if version not in GOVERNANCE_VERSIONS:
            raise RulesetError(
                name, f"unknown governance version {version!r} "
                f"(known: {', '.join(GOVERNANCE_VERSIONS)})"
            )
        return rulesets_dir() / "governance" / version / "ruleset.yaml"
    raise RulesetError(name, "unknown built-in ruleset (known: govlint:governance@<version>)")


def spectral_ruleset_path(name: str, referrer: str) -> Path:
    """Path of a Spectral built-in ruleset govlint ships (``spectral:oas``), its functions
    ported to Python; ``spectral:asyncapi`` and other names are refused."""
    from govlint.resources import rulesets_dir

    if name in SPECTRAL_RULESETS:
        return rulesets_dir() / "spectral" / f"{name[len(SPECTRAL_PREFIX):]}.yaml"
    raise RulesetError(
        referrer, f"{name!r} is not available: govlint ships Spectral's "
        f"{', '.join(SPECTRAL_RULESETS)} only (see docs/spectral-compat.md)"
    )


# --- reading --------------------------------------------------------------------------


def _within(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents


def _read(ref: str, relative_to: Path, referrer: str, home: Path | None) -> _Source:
    """Read one ruleset. ``home``: the directory a file must resolve (realpath) into, so a
    repository's ruleset cannot make govlint read ``/etc/…`` or a CI secret beside the
    checkout (None: the user named the file)."""
    if not isinstance(ref, str) or not ref:
        raise RulesetError(referrer, f"invalid ruleset reference {ref!r}")
    if ref.startswith(("http://", "https://")):
        raise RulesetError(
            referrer, f"remote ruleset {ref!r} refused: govlint never fetches rulesets "
            "from the network; download it and reference the local file"
        )
    builtin = ref.startswith((SPECTRAL_PREFIX, BUILTIN_PREFIX))
    from govlint.rules import lenient

    if ref == lenient.ASYNCAPI:
        lenient.warn(referrer, lenient.ASYNCAPI_NOTE, once=True)
        return _Source(name=ref, directory=None, definition={}, home=_builtin_home())
    package: Any = None
    if ref.startswith(SPECTRAL_PREFIX):
        path = spectral_ruleset_path(ref, referrer)
        name = ref
    elif ref.startswith(BUILTIN_PREFIX):
        path = builtin_ruleset_path(ref)
        name = ref
    else:
        package = _npm_package(ref, relative_to, home, referrer)
        if package is not None and not isinstance(package, str):  # its paths stay inside it
            path, home = package.path, package.package_dir
            name = f"{package.package}/{path.relative_to(home).as_posix()}"
        else:
            path = (relative_to / ref).resolve()
            name = _display_name(path)
            if home is not None and not _within(path, home):
                raise RulesetError(
                    referrer, f"ruleset {ref!r} resolves outside the project root ({home}): "
                    "refused (govlint reads only files inside the project; name a shared "
                    "ruleset on the command line with --ruleset)")
    if not path.is_file():
        if isinstance(package, str):  # a package name: say where npm packages were sought
            raise RulesetError(referrer, f"ruleset {ref!r} not found: " + (
                "" if ref.startswith("@") else f"no file {path}, and ") + package)
        raise RulesetError(referrer, f"ruleset {ref!r} not found ({path})")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RulesetError(name, "cannot read: not UTF-8 text") from None
    except OSError as exc:
        raise RulesetError(name, f"cannot read: {exc.strerror or type(exc).__name__}") \
            from None
    from govlint.rules import js_ruleset

    if js_ruleset.is_script(path):  # loaded in Node when built (needs the opt-in)
        return _Source(name=name, directory=path.parent, definition={}, home=home, script=path)
    definition = _parse(text, name, path.suffix.lower())
    return _Source(name=name, directory=path.parent, definition=definition,
                   home=_builtin_home() if builtin else home)


def _npm_package(ref: str, relative_to: Path, home: Path | None, referrer: str) -> Any:
    """An installed npm package's ruleset for ``ref`` (``rules/npm.py``); Spectral tries the
    package before the file. None: not a package name; a string: why it is not installed."""
    from govlint.rules import npm

    if not npm.is_package_import(ref):
        return None
    found = npm.resolve(ref, relative_to, home, referrer)
    return found.message() if isinstance(found, npm.NotInstalled) else found


def _builtin_home() -> Path:
    """Built-in rulesets extend each other across governance versions (3.2 -> ../3.1)."""
    from govlint.resources import rulesets_dir

    return rulesets_dir().resolve()


def _display_name(path: Path) -> str:
    """How reports and errors name a ruleset file: built-in files as ``govlint:<path>``,
    others relative to the working directory, so reports are the same on every machine."""
    from govlint.resources import rulesets_dir

    for base, prefix in ((rulesets_dir(), BUILTIN_PREFIX), (Path.cwd(), "")):
        try:
            return prefix + path.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def _parse(text: str, name: str, suffix: str) -> Mapping[str, Any]:
    try:
        if suffix == ".json":
            import orjson

            data = orjson.loads(text)
        else:
            import yaml

            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception as exc:  # any parser error is a broken ruleset
        raise RulesetError(name, f"not valid YAML/JSON: {_parse_problem(exc)}") from None
    if not isinstance(data, Mapping):
        raise RulesetError(name, "a ruleset must be a mapping")
    unknown = sorted(map(str, set(data) - _RULESET_KEYS))
    if unknown and len(unknown) == len(data):
        # Not a ruleset at all (a credentials file named by `extends`?): its keys are its
        # content, and messages never quote a file that is not what it should be.
        raise RulesetError(name, f"not a ruleset: none of its {len(data)} top-level keys is "
                           "a ruleset key (rules, extends, ...)")
    if unknown:
        from govlint.wording import with_suggestions

        raise RulesetError(name, "unknown ruleset key(s): "
                           f"{with_suggestions(unknown, _RULESET_KEYS)}")
    return data


def _parse_problem(exc: Exception) -> str:
    """What is wrong and where, without the offending text: PyYAML's message quotes the
    line (a snippet of a file that may not be a ruleset at all)."""
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None)
    if problem is not None and mark is not None:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    if getattr(exc, "lineno", None) is not None:  # orjson/json: message holds no content
        return str(exc).splitlines()[0][:200]
    return type(exc).__name__


# --- building (extends, rules) ---------------------------------------------------------


def _build(source: _Source, severity: str, stack: list[str], explicit: bool = False) -> _Built:
    """Rules of ``source`` and what it extends. ``explicit``: it was extended as
    ``[name, severity]``; then, as in Spectral, ``severity`` decides every rule it brings,
    its own and those of its own extends (``off`` turns all of them off)."""
    if source.name in stack:  # Spectral silently skips a ruleset already being built
        return _Built({}, set(), {}, None, [])
    if source.script is not None:
        from govlint.rules import js_ruleset

        source.definition, source.js_functions = js_ruleset.load(
            source.script, source.name, allow=source.allow_functions)
        source.script = None
    stack = [*stack, source.name]
    definition = source.definition
    specs: dict[str, _Spec] = {}
    formats: set[str] = set()
    vars_: dict[str, Any] = {}
    governance: str | None = None
    sources = [source.name]
    diff_severities: dict[str, Severity] = {}

    for ext_ref, ext_severity, ext_explicit in _extends(definition.get("extends"), source.name):
        child = _inline_child(ext_ref, source) if not isinstance(ext_ref, str) else _read(
            pinned(ext_ref, source.pin), source.directory or Path.cwd(), source.name,
            source.home)
        child.allow_functions = source.allow_functions
        child.pin = source.pin
        built = _build(child, ext_severity, stack, ext_explicit)
        specs.update(built.specs)
        diff_severities.update(built.diff_severities)
        formats |= built.formats
        vars_.update(built.vars)
        governance = built.governance or governance
        sources.extend(s for s in built.sources if s not in sources)
        for alias, value in child.aliases.items():
            source.aliases.setdefault(alias, value)

    if explicit:
        for spec in specs.values():
            spec.enabled = _enabled_by(spec, severity)

    own_aliases = definition.get("aliases") or {}
    if not isinstance(own_aliases, Mapping):
        raise RulesetError(source.name, "'aliases' must be a mapping")
    for alias, value in own_aliases.items():
        if not isinstance(value, (list, Mapping)):  # Spectral: "must be array"
            raise RulesetError(source.name, f"alias {alias!r} must be a list of JSONPath "
                               "expressions or a mapping with 'targets'")
        if isinstance(value, Mapping):
            _warn_alias_keys(source.name, str(alias), value)
    source.aliases.update(own_aliases)

    declared_vars = definition.get("vars") or {}
    if not isinstance(declared_vars, Mapping):
        raise RulesetError(source.name, "'vars' must be a mapping")
    vars_.update(declared_vars)
    gov = definition.get("governance")
    if isinstance(gov, Mapping) and gov.get("version") is not None:
        governance = str(gov["version"])

    source.functions = _own_functions(source)
    ruleset_formats = _formats(definition.get("formats"), source.name, None)
    if ruleset_formats:
        formats |= ruleset_formats
    doc_url = definition.get("documentationUrl")

    rules = definition.get("rules") or {}
    if not isinstance(rules, Mapping):
        raise RulesetError(source.name, "'rules' must be a mapping of rule name to definition")
    for name, rdef in rules.items():
        if name not in specs and _is_diff_id(name) and isinstance(rdef, (str, int, bool)):
            diff_severities[str(name)] = _diff_severity(rdef, str(name), source)
            continue
        if name not in specs and _adjusts_asyncapi(name, rdef, sources):
            continue  # a spectral:asyncapi rule: it never runs here (rules/lenient.py)
        spec = _merge_rule(specs.get(name), str(name), rdef, source)
        specs[name] = spec
        if spec.owner is source or explicit:
            spec.enabled = _enabled_by(spec, severity)
        if spec.owner is source:
            if spec.definition.get("formats") is not None:
                spec.formats = _formats(spec.definition["formats"], source.name, name)
            elif ruleset_formats is not None:
                spec.formats = frozenset(ruleset_formats)
            if doc_url and not spec.definition.get("documentationUrl"):
                spec.documentation_url = f"{doc_url}#{name}"
            elif not doc_url and source.name.startswith(f"{BUILTIN_PREFIX}governance"):
                from govlint.resources import rule_doc_url

                spec.documentation_url = rule_doc_url(str(name)) or None
        if spec.formats:
            formats |= spec.formats
    return _Built(specs, formats, vars_, governance, sources, diff_severities)


def _warn_alias_keys(source: str, alias: str, value: Mapping[str, Any]) -> None:
    """Spectral ignores unknown keys of an alias object and of its targets: say so."""
    from govlint.rules import lenient

    where = f"alias {alias!r}"
    extra = sorted(map(str, set(value) - lenient.ALIAS_KEYS))
    lenient.ignored_keys(source, None, where, extra)
    targets = value.get("targets")
    for target in targets if isinstance(targets, list) else ():
        if isinstance(target, Mapping):
            extra = sorted(map(str, set(target) - lenient.ALIAS_TARGET_KEYS))
            lenient.ignored_keys(source, None, f"{where} target", extra)


def _warn_override_keys(source: str, where: str, entry: Mapping[str, Any]) -> None:
    """Keys of an ``overrides`` entry govlint does not apply: say so, once each."""
    from govlint.rules import lenient

    for key in sorted(map(str, set(entry) - lenient.OVERRIDE_KEYS)):
        if key in lenient.OVERRIDE_UNSUPPORTED:
            lenient.warn(source, f"{where} key {key!r} is not supported by govlint and is "
                         "ignored (Spectral applies it to those files)")
        else:
            lenient.ignored_keys(source, None, where, [key])


def _adjusts_asyncapi(name: Any, rdef: Any, sources: list[str]) -> bool:
    """``asyncapi-tags: off`` under ``extends: spectral:asyncapi``: a rule govlint does not
    ship (AsyncAPI documents are not linted), adjusted by name only."""
    from govlint.rules import lenient

    return (lenient.ASYNCAPI in sources and name in lenient.ASYNCAPI_RULES
            and isinstance(rdef, (str, int, bool)))


def _check_functions(specs: Mapping[str, _Spec]) -> None:
    """Every function no ruleset provides, named in one error (not one per run): which
    rules of which file use it, with a suggestion when a known name is close."""
    from govlint.functions.registry import builtin_functions, lookup
    from govlint.wording import did_you_mean

    missing: dict[str, dict[str, list[str]]] = {}  # source -> function -> rules
    known: dict[str, set[str]] = {}
    for name, spec in specs.items():
        thens = spec.definition.get("then")
        owner = spec.then_owner or spec.owner  # whose functions the then names
        for then in thens if isinstance(thens, list) else [thens]:
            fname = then.get("function") if isinstance(then, Mapping) else None
            if not isinstance(fname, str) or lookup(fname, owner.functions) is not None:
                continue
            missing.setdefault(owner.name, {}).setdefault(fname, [])
            if name not in missing[owner.name][fname]:
                missing[owner.name][fname].append(str(name))
            known.setdefault(owner.name, {*builtin_functions(), *(owner.functions or {})})
    if not missing:
        return
    if len(missing) == 1:
        ((src, functions),) = missing.items()
        if len(functions) == 1:
            ((fname, rules),) = functions.items()
            if len(rules) == 1:  # the common case: worded as before, naming the rule
                raise RulesetError(src, f"unknown function {fname!r}"
                                   f"{did_you_mean(fname, known[src])}", rules[0])
    parts = []
    for src, functions in missing.items():
        listed = "; ".join(
            f"{fname!r} (rule{'s' if len(rules) > 1 else ''} {', '.join(rules)})"
            f"{did_you_mean(fname, known[src])}"
            for fname, rules in sorted(functions.items()))
        parts.append((src, listed))
    count = sum(len(f) for f in missing.values())
    first, listed = parts[0]
    rest = "".join(f"; {src}: {text}" for src, text in parts[1:])
    raise RulesetError(first, f"unknown function{'s' if count > 1 else ''} {listed}{rest}")


def _inline_child(ext: Any, parent: _Source) -> _Source:
    """A ruleset object a JavaScript ruleset extends: its functions are the file's."""
    return _Source(name=ext.name, directory=parent.directory, definition=ext.definition,
                   home=parent.home, js_functions=parent.js_functions)


def _is_diff_id(name: Any) -> bool:
    """One of oasdiff's check ids: the rule ids of ``govlint diff`` findings, which no
    ruleset defines but any may adjust (``request-parameter-removed: error``)."""
    from govlint.diff.levels import LEVELS

    return isinstance(name, str) and name in LEVELS


def _diff_severity(rdef: str | int | bool, name: str, source: _Source) -> Severity:
    from govlint.diff.levels import LEVELS
    from govlint.diff.model import LEVEL_TO_SEVERITY

    if isinstance(rdef, bool):  # true: its own level; false: off
        return Severity.parse(LEVEL_TO_SEVERITY[LEVELS[name]]) if rdef else Severity.OFF
    try:
        return Severity.parse(rdef)
    except ValueError as exc:
        raise RulesetError(source.name, str(exc), name) from None


def _enabled_by(spec: _Spec, severity: str) -> bool:
    """Spectral's ``Rule.isEnabled``: ``all``, or ``recommended`` and the rule is."""
    recommended = spec.definition.get("recommended", True) is not False
    return severity == "all" or (severity == "recommended" and recommended)


def _extends(value: Any, source: str) -> list[tuple[Any, str, bool]]:
    """(name, severity, whether the severity was written) of each ``extends`` entry (a
    JavaScript ruleset's entries may be ruleset objects: ``js_ruleset.InlineRuleset``)."""
    if value is None:
        return []
    from govlint.rules.js_ruleset import InlineRuleset

    items = value if isinstance(value, list) else [value]
    out: list[tuple[Any, str, bool]] = []
    for item in items:
        if isinstance(item, (str, InlineRuleset)):
            out.append((item, "recommended", False))
        elif isinstance(item, list) and len(item) == 2 and item[1] is False:
            # YAML 1.1 reads a bare ``off`` as false; Spectral's YAML 1.2 reads "off".
            out.append((_extends(item[0:1], source)[0][0], "off", True))
        elif (
            isinstance(item, list)
            and len(item) == 2
            and isinstance(item[0], (str, InlineRuleset))
            and item[1] in _EXTEND_SEVERITIES
        ):
            out.append((item[0], item[1], True))
        else:
            raise RulesetError(
                source, f"invalid 'extends' entry {item!r} "
                "(expected a name or [name, off|all|recommended])"
            )
    return out


def _merge_rule(existing: _Spec | None, name: str, rdef: Any, source: _Source) -> _Spec:
    if isinstance(rdef, bool):
        _require_existing(existing, name, source)
        assert existing is not None
        existing.enabled = rdef
        return existing
    if isinstance(rdef, (str, int)):
        _require_existing(existing, name, source)
        assert existing is not None
        try:
            sev = Severity.parse(rdef)
        except ValueError as exc:
            raise RulesetError(source.name, str(exc), name) from None
        existing.severity = sev
        existing.enabled = sev is not Severity.OFF
        return existing
    if isinstance(rdef, Mapping):
        unknown = sorted(k for k in set(rdef) - _RULE_KEYS if not str(k).startswith("x-"))
        if "extensions" in unknown:  # in Spectral's rule schema, read by nothing
            from govlint.rules import lenient

            lenient.ignored_keys(source.name, name, "rule", ["extensions"])
            unknown.remove("extensions")
            rdef = {k: v for k, v in rdef.items() if k != "extensions"}
        if unknown:
            from govlint.wording import with_suggestions

            raise RulesetError(source.name, "unknown rule key(s): "
                               f"{with_suggestions(unknown, _RULE_KEYS)}", name)
        if existing is not None:
            existing.definition = {**existing.definition, **rdef}
            if "then" in rdef:
                existing.then_owner = source
            existing.enabled = True
            if "severity" in rdef:
                existing.severity = None
            if "formats" in rdef:
                existing.formats = _formats(rdef["formats"], source.name, name)
            return existing
        workspace = rdef.get("scope") == "workspace"
        for required in ("given", "then"):
            if required not in rdef and not (required == "given" and workspace):
                raise RulesetError(source.name, f"missing required property {required!r}", name)
        return _Spec(name=name, definition=dict(rdef), owner=source, enabled=True)
    raise RulesetError(source.name, f"invalid rule definition {rdef!r}", name)


def _require_existing(existing: _Spec | None, name: str, source: _Source) -> None:
    if existing is None:
        raise RulesetError(source.name, "cannot adjust a rule no extended ruleset defines", name)


# Format names a ruleset may use: govlint's (docs/rulesets.md) and Spectral's own, which
# govlint accepts so a Spectral ruleset loads, though it detects no AsyncAPI, Arazzo or
# JSON Schema documents (rules limited to those never run).
_FORMATS = frozenset({
    "oas2", "oas3", "oas3_0", "oas3_1", "oas3_2", "k8s", "service-config", "json", "yaml",
    "properties",
    "asyncapi2", "asyncapi2_0", "asyncapi2_1", "asyncapi2_2", "asyncapi2_3", "asyncapi2_4",
    "asyncapi2_5", "asyncapi2_6", "asyncapi3", "asyncapi3_0", "arazzo1_0", "jsonSchema",
    "jsonSchemaLoose", "jsonSchemaDraft4", "jsonSchemaDraft6", "jsonSchemaDraft7",
    "jsonSchemaDraft2019_09", "jsonSchemaDraft2020_12",
})
_FORMAT_FAMILIES = ("k8s:", "service-config:")


def _formats(value: Any, source: str, rule: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesetError(source, "'formats' must be a list of format names", rule)
    for name in value:
        if name not in _FORMATS and not (name.startswith(_FORMAT_FAMILIES) and
                                         name.partition(":")[2]):
            raise RulesetError(
                source, f"unknown format {name!r} (known: oas2, oas3, oas3_0, oas3_1, "
                "oas3_2, k8s, k8s:<Kind>, service-config, service-config:<type>, json, yaml, "
                "properties, and Spectral's asyncapi/arazzo/jsonSchema names)", rule)
    return frozenset(value)


def _own_functions(source: _Source) -> dict[str, RuleFunction]:
    names = source.definition.get("functions")
    if names is None:
        return dict(source.js_functions)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise RulesetError(source.name, "'functions' must be a list of function names")
    fdir = source.definition.get("functionsDir", "functions")
    if not isinstance(fdir, str) or fdir.startswith(("http://", "https://")):
        raise RulesetError(source.name, "'functionsDir' must be a local directory")
    bad = [n for n in names if not _FUNCTION_NAME.fullmatch(n)]
    if bad:
        raise RulesetError(source.name, f"invalid function name {bad[0]!r} in 'functions' "
                           "(a file name without .py: letters, digits, _ and -)")
    from govlint.functions.registry import function_file

    directory = ((source.directory or Path.cwd()) / fdir).resolve()
    home = source.home
    files = [function_file(directory, n) for n in names]
    outside = [str(p) for p in [directory, *(f.resolve() for f in files)]
               if home and not _within(p, home)]
    if outside:
        raise RulesetError(source.name, f"functionsDir {fdir!r} resolves outside the project "
                           f"root ({home}): {outside[0]} refused")
    if not source.allow_functions:
        js = [n for n, f in zip(names, files, strict=True) if f.suffix != ".py"]
        language = "JavaScript (in Node.js)" if js else "Python"
        raise RulesetError(
            source.name, f"this ruleset runs {language} code from functionsDir {fdir!r} "
            f"(functions: {', '.join(names)}); govlint runs a repository's code only when "
            "told to: pass --allow-custom-functions or set GOVLINT_ALLOW_CUSTOM_FUNCTIONS=1 "
            "if you trust who wrote this ruleset (never for fork merge requests or "
            "pull_request_target; see docs/security.md)")
    from govlint.functions.registry import load_functions_dir

    return load_functions_dir(directory, names, source.name)


_FUNCTION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


# --- compiling -------------------------------------------------------------------------


def _compile(spec: _Spec, vars_: Mapping[str, Any], *, validate: bool = True) -> Rule:
    d = spec.definition
    src, name = spec.owner.name, spec.name
    try:
        base_severity = Severity.parse(d.get("severity", "warn"))
    except ValueError as exc:
        raise RulesetError(src, str(exc), name) from None
    severity = Severity.parse(spec.severity) if spec.severity is not None else base_severity
    scope = d.get("scope", "document")
    if scope not in ("document", "workspace"):
        raise RulesetError(src, f"invalid scope {scope!r} (document or workspace)", name)
    then = [_compile_then(t, spec, vars_, validate=validate)
            for t in _as_list(d.get("then"), src, name, "then")]
    given = [GivenTarget(("$",))] if scope == "workspace" else _compile_given(d.get("given"), spec)
    message = d.get("message")
    if message is not None:
        if not isinstance(message, str):
            raise RulesetError(src, "'message' must be a string", name)
        message = _interpolate(message, vars_, src, name)
    return Rule(
        name=name,
        given=given,
        then=then,
        severity=severity,
        enabled=spec.enabled and severity is not Severity.OFF,
        recommended=d.get("recommended", True) is not False,
        resolved=d.get("resolved", True) is not False,
        formats=spec.formats,
        message=message,
        description=_opt_str(d, "description", src, name),
        documentation_url=_opt_str(d, "documentationUrl", src, name) or spec.documentation_url,
        scope=scope,
        source=src,
        sandboxable=d.get("sandboxable", False) is True,
        rationale=_opt_str(d, "rationale", src, name),
        artifacts=tuple(d.get("artifacts") or ()),
        extra={k: v for k, v in d.items() if k.startswith("x-") or k in ("type", "tags")},
    )


def _compile_then(
    then: Any, spec: _Spec, vars_: Mapping[str, Any], *, validate: bool = True
) -> Then:
    src, name = spec.owner.name, spec.name
    if not isinstance(then, Mapping):
        raise RulesetError(src, "'then' entries must be mappings", name)
    from govlint.rules import lenient

    unknown = sorted(map(str, set(then) - lenient.THEN_KEYS))
    if unknown:  # Spectral's schema allows any key in `then` and reads none of these
        lenient.ignored_keys(src, name, "'then'", unknown)
    fname = then.get("function")
    if not isinstance(fname, str):
        raise RulesetError(src, "'then.function' must name a function", name)
    from govlint.functions.registry import lookup

    functions = (spec.then_owner or spec.owner).functions
    function = lookup(fname, functions)
    if function is None:
        from govlint.functions.registry import builtin_functions
        from govlint.wording import did_you_mean

        known = {*builtin_functions(), *(functions or {})}
        raise RulesetError(src, f"unknown function {fname!r}{did_you_mean(fname, known)}",
                           name)
    field_ = then.get("field")
    if field_ is not None and not isinstance(field_, str):
        raise RulesetError(src, "'then.field' must be a string", name)
    if field_ is not None and field_.startswith("$"):
        _check_jsonpath(field_, src, name)
    options = then.get("functionOptions")
    if options is not None:
        options = _substitute(options, vars_, src, name)
    if validate:
        _validate_options(function, options, src, name)
    if spec.definition.get("scope") == "workspace" and function.scope != "workspace":
        raise RulesetError(src, f"function {fname!r} is not a workspace function", name)
    return Then(field=field_, function=function, options=options)


def _validate_options(
    function: RuleFunction, options: Any, src: str, name: str
) -> None:
    """Reject bad ``functionOptions`` at load time with Spectral's messages (including
    regexes that do not compile), naming the ruleset file and the rule."""
    if function.options_schema is None:
        return
    from govlint.functions.core._options import option_errors

    try:
        errors = option_errors(function.name, function.options_schema, options)
    except Exception as exc:  # a function's own schema is broken
        raise RulesetError(src, f"function {function.name!r} has a bad schema: {exc}", name) \
            from None
    if errors:
        raise RulesetError(
            src, f"invalid functionOptions for {function.name!r}: {'; '.join(errors)}", name
        )


def _compile_given(value: Any, spec: _Spec) -> list[GivenTarget]:
    src, name = spec.owner.name, spec.name
    items = _as_list(value, src, name, "given")
    if not items or not all(isinstance(g, str) for g in items):
        raise RulesetError(src, "'given' must be a JSONPath string or a list of them", name)
    plain: list[str] = []
    scoped: list[GivenTarget] = []
    for expr in items:
        for target in _expand_alias(expr, spec.owner, src, name, depth=0):
            if target.formats is None:
                plain.extend(target.expressions)
            else:
                scoped.append(target)
    for expr in plain + [e for t in scoped for e in t.expressions]:
        _check_jsonpath(expr, src, name)
    targets = [GivenTarget(tuple(plain))] if plain else []
    return targets + scoped


def _expand_alias(
    expr: str, owner: _Source, src: str, rule: str, depth: int
) -> list[GivenTarget]:
    if not expr.startswith("#"):
        return [GivenTarget((expr,))]
    if depth > 20:
        raise RulesetError(src, f"alias {expr!r} refers to itself", rule)
    m = re.match(r"#([A-Za-z0-9_-]+)(.*)$", expr, re.S)
    if m is None:
        raise RulesetError(src, f"invalid alias reference {expr!r}", rule)
    alias, rest = m.group(1), m.group(2)
    if alias not in owner.aliases:
        raise RulesetError(src, f"alias {alias!r} does not exist", rule)
    value = owner.aliases[alias]
    out: list[GivenTarget] = []
    if isinstance(value, list):
        for item in value:
            for t in _expand_alias(str(item), owner, src, rule, depth + 1):
                out.append(GivenTarget(tuple(e + rest for e in t.expressions), t.formats))
        return out
    if isinstance(value, Mapping) and isinstance(value.get("targets"), list):
        for target in value["targets"]:
            formats = _formats(target.get("formats"), src, rule) or frozenset()
            givens = target.get("given")
            for item in givens if isinstance(givens, list) else [givens]:
                for t in _expand_alias(str(item), owner, src, rule, depth + 1):
                    out.append(GivenTarget(tuple(e + rest for e in t.expressions), formats))
        return out
    raise RulesetError(src, f"invalid alias definition for {alias!r}", rule)


def _check_jsonpath(expr: str, src: str, rule: str) -> None:
    from govlint.rules.jsonpath import JsonPathError, compile_path

    try:
        compile_path(expr)
    except JsonPathError as exc:
        raise RulesetError(src, f"invalid JSONPath {expr!r}: {exc}", rule) from None


# --- overrides -------------------------------------------------------------------------


def _apply_overrides(
    source: _Source, overrides: list[Any], rules: dict[str, Rule], vars_: Mapping[str, Any]
) -> None:
    """Record per-file severities on rules; rules defined in an override apply only to its
    files. Globs are relative to the ruleset's directory (rewritten at run time)."""
    for index, entry in enumerate(overrides):
        where = f"overrides[{index}]"
        if not isinstance(entry, Mapping) or not isinstance(entry.get("files"), list):
            raise RulesetError(source.name, f"{where} needs a 'files' list")
        files = [str(f) for f in entry["files"]]
        _warn_override_keys(source.name, where, entry)
        for name, rdef in (entry.get("rules") or {}).items():
            for pattern in files:
                glob, _, pointer = pattern.partition("#")
                if isinstance(rdef, Mapping):
                    if pointer:
                        raise RulesetError(source.name, f"{where}: a rule definition cannot "
                                           "target a JSON pointer", name)
                    existing = rules.get(name)
                    spec = _merge_rule(None, name, rdef, source) if existing is None else None
                    if spec is not None:
                        rule = _compile(spec, vars_)
                        rule.extra["only_files"] = (*rule.extra.get("only_files", ()), glob)
                        rules[name] = rule
                    continue
                if name not in rules:
                    from govlint.wording import did_you_mean

                    raise RulesetError(source.name, f"{where}: no such rule"
                                       f"{did_you_mean(name, rules)}", name)
                if isinstance(rdef, bool):
                    sev = rules[name].severity if rdef else Severity.OFF
                else:
                    try:
                        sev = Severity.parse(rdef)
                    except ValueError as exc:
                        raise RulesetError(source.name, f"{where}: {exc}", name) from None
                rules[name].overrides.append((glob, pointer or None, sev))


# --- helpers ---------------------------------------------------------------------------


def _as_list(value: Any, src: str, rule: str, key: str) -> list[Any]:
    if value is None:
        raise RulesetError(src, f"missing required property {key!r}", rule)
    return value if isinstance(value, list) else [value]


def _check_list(value: Any, src: str, key: str) -> list[Any]:
    if not isinstance(value, list):
        raise RulesetError(src, f"'{key}' must be a list")
    return value


def _opt_str(d: Mapping[str, Any], key: str, src: str, rule: str) -> str | None:
    value = d.get(key)
    if value is not None and not isinstance(value, str):
        raise RulesetError(src, f"'{key}' must be a string", rule)
    return value


def _substitute(value: Any, vars_: Mapping[str, Any], src: str, rule: str) -> Any:
    """Replace ``{{vars.NAME}}`` in option values (whole-string refs keep their type)."""
    if isinstance(value, str):
        full = _FULL_VAR.match(value)
        if full:
            return _var(full.group(1), vars_, src, rule)
        return _interpolate(value, vars_, src, rule)
    if isinstance(value, Mapping):
        return {k: _substitute(v, vars_, src, rule) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, vars_, src, rule) for v in value]
    return value


def _interpolate(text: str, vars_: Mapping[str, Any], src: str, rule: str) -> str:
    return _ANY_VAR.sub(lambda m: str(_var(m.group(1), vars_, src, rule)), text)


def _var(name: str, vars_: Mapping[str, Any], src: str, rule: str) -> Any:
    if name not in vars_:
        from govlint.wording import did_you_mean

        raise RulesetError(src, f"unknown variable {name!r}{did_you_mean(name, vars_)}", rule)
    return vars_[name]


def _blame_config_vars(
    exc: RulesetError, specs: Mapping[str, _Spec], config_vars: Mapping[str, Any],
    vars_source: str,
) -> RulesetError:
    """A rule that fails only because of a value the project set: say where it was set."""
    spec = specs.get(exc.rule or "")
    if spec is None or not config_vars:
        return exc
    used = sorted(_var_names(spec.definition) & set(config_vars))
    if used:
        values = ", ".join(f"{name}={config_vars[name]!r}" for name in used)
        exc.args = (f"{exc.args[0]} (the rule uses {values} from {vars_source} vars)",)
    return exc


def _var_names(value: Any) -> set[str]:
    """Names of the ``{{vars.NAME}}`` references anywhere in a rule definition."""
    if isinstance(value, str):
        return set(_ANY_VAR.findall(value))
    if isinstance(value, Mapping):
        return set().union(*(_var_names(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_var_names(v) for v in value))
    return set()


# --- validation cache --------------------------------------------------------------------
# Validating functionOptions needs jsonschema (~60 ms of imports): too much for a pre-commit
# hook that runs on every commit with the same ruleset. A ruleset whose exact definitions,
# vars and overrides already validated with this govlint version is not validated again.
# The marker lives in the user cache (GOVLINT_CACHE_DIR, else XDG_CACHE_HOME or ~/.cache);
# GOVLINT_NO_CACHE=1 turns it off. Failing to read or write it only costs the validation.


def _cache_dir() -> Path | None:
    import os

    if os.environ.get("GOVLINT_NO_CACHE"):
        return None
    base = os.environ.get("GOVLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "govlint"
    )
    return Path(base) / "validated-rulesets"


def _validation_key(digest: str, overrides: list[tuple[_Source, list[Any]]]) -> str:
    import orjson

    from govlint import __version__

    blob = orjson.dumps([__version__, digest, [o for _, o in overrides]], default=str)
    return hashlib.sha256(blob).hexdigest()


def _validated_before(key: str) -> bool:
    directory = _cache_dir()
    return directory is not None and (directory / key).is_file()


def _remember_validated(key: str) -> None:
    directory = _cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / key).touch()
    except OSError:
        pass


def _digest(specs: Mapping[str, _Spec], vars_: Mapping[str, Any],
            overrides: list[list[Any]] | None = None) -> str:
    """What identifies the ruleset's results: every rule's definition, whether it is on
    and its severity, the vars (config overrides included) and the per-file ``overrides``
    (a severity turned off for some files changes results as much as a var does)."""
    import orjson

    payload: dict[str, Any] = {
        "rules": {
            name: {"definition": spec.definition, "enabled": spec.enabled,
                   "severity": str(spec.severity)}
            for name, spec in sorted(specs.items())
        },
        "vars": dict(vars_),
    }
    if overrides:  # absent when none: digests of rulesets without overrides are unchanged
        payload["overrides"] = overrides
    blob = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS, default=str)
    return "sha256:" + hashlib.sha256(blob).hexdigest()
