"""One lint run: files -> documents -> rules -> findings -> exceptions -> report.

Every command that lints (``lint``, ``baseline``, ``score``, ``upgrade-check``) calls
:func:`lint`. With ``jobs > 1`` files are split across worker processes, each loading its
files and running the per-document rules; workspace (cross-document) rules then run once
in the main process over the documents they need. Output order never depends on ``jobs``.

Each file is linted under the config that governs it (its nearest ``.govlint.yaml``,
:class:`govlint.config.ConfigTree`): files are grouped by config, each distinct ruleset is
loaded once per run, workspace rules run once per group over that group's documents only
(two configs may pin different governance versions or vars: their services are not judged
together), waivers apply per waiver file; the baseline, sorting and fingerprints are the
run's.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.budget import FileTimeout, file_budget
from govlint.config import Config
from govlint.documents.model import Document, LoadedFile, Workspace
from govlint.errors import processing
from govlint.exceptions.common import EXCEPTION_RULES
from govlint.files.workspace import covers_project
from govlint.findings.model import Finding, Severity
from govlint.memory import collect_young, collector_paused
from govlint.reports.model import Report, RuleInfo, sort_findings
from govlint.rules.model import Ruleset
from govlint.wording import plural

# Findings born outside rulesets (documents and exceptions stages) and what they mean.
BUILTIN_RULES: dict[str, tuple[str, str]] = {
    "parse-error": ("error", "The file cannot be read as JSON, YAML or .properties."),
    "duplicate-key": ("error", "A mapping repeats a key; all but one value would be lost."),
    "service-config-shape": ("info", "A file named like a service config does not have "
                             "that type's shape, so it is not checked as one."),
    "ref-unresolved": ("error", "A $ref points at nothing."),
    "ref-forbidden": ("error", "A $ref escapes the project root and was not followed."),
    "ref-remote": ("warn", "A remote $ref was not fetched (use --allow-remote-refs)."),
    "function-error": ("error", "A rule's function failed on this value, so its check did "
                       "not run; the message names the rule and the error."),
    "file-too-large": ("error", "The file is bigger than --max-file-size and was not read."),
    "helm-templates-skipped": ("info", "A Helm chart's templates are not YAML until rendered: "
                               "not linted (lint `helm template` output through stdin)."),
    "symlink-escapes-root": ("warn", "A file named on the command line is a symlink to a "
                             "file outside the project root: not read."),
    "file-timeout": ("error", "Reading or linting the file took longer than "
                     "--timeout-per-file: it was stopped and its results are incomplete."),
    "diff-invalid-spec": ("error", "An OpenAPI spec's shape (paths, operations, parameters) "
                          "or version is not what the diff reads: it was not compared."),
    "diff-depth-limit": ("info", "A schema comparison stopped at nesting depth 64: changes "
                         "deeper down are not reported."),
    "breaking-since-skipped": ("warn", "--breaking-since REF is not in this clone "
                               "(--breaking-missing-ref warn): breaking changes not checked."),
    **EXCEPTION_RULES,  # waiver-invalid, waiver-expired, waiver-unused, baseline-fixed
}


# Below this many files a process pool costs more than it saves (~0.1 s to start).
PARALLEL_THRESHOLD = 64


@dataclass(slots=True)
class LintRequest:
    paths: Sequence[str]
    config: Config
    rulesets: list[str] | None = None  # --ruleset (replaces the config's)
    jobs: int = 0  # 0: one process for small runs, else one per core
    shard: tuple[int, int] | None = None
    changed_since: str | None = None
    progress: Callable[[int, int], None] | None = None
    waivers: str | None = None  # --waivers FILE (default: the config's `waivers`)
    baseline: str | None = None  # --baseline FILE: findings recorded there are suppressed
    new_since: str | None = None  # --new-since REF: the baseline is the project at git REF
    breaking_since: str | None = None  # --breaking-since REF: OpenAPI specs diffed against REF
    breaking_missing_ref: str = "error"  # REF not in the clone: error (exit 2) or warn (finding)
    force_exclude: bool = False  # --force-exclude: exclude/.gitignore drop named files too
    stdin: bytes | None = None  # `lint -`: the content of the only file, named stdin_filename
    stdin_filename: str | None = None


@dataclass(slots=True)
class LintOutcome:
    report: Report
    ruleset: Ruleset
    inventory: list[dict[str, Any]] = field(default_factory=list)


def lint(request: LintRequest) -> LintOutcome:
    """Lint what ``request`` names; the stages in order, each a function below."""
    try:
        if request.config.allow_remote_refs:  # one time budget for the whole run's fetches
            from govlint.documents.refs import remote_budget_scope

            with remote_budget_scope():
                return _lint(request)
        return _lint(request)
    finally:
        _end_javascript()


def _end_javascript() -> None:
    """Stop the run's Node.js process, if JavaScript functions started one."""
    bridge = sys.modules.get("govlint.functions.js.bridge")
    if bridge is not None:
        bridge.end_run()


def _lint(request: LintRequest) -> LintOutcome:
    selection = _select_files(request)
    groups = _groups(selection, request)
    for group in groups:
        warn_governance_flag(group.config, group.ruleset)
    collected = _lint_documents(selection, groups, request)
    findings: list[Finding] = list(selection.notes)
    deduplicated = True
    for group, part in zip(groups, collected, strict=True):
        workspace = _workspace_findings(selection, part, group, request)
        # Workspace rules are rules of their own: their findings never repeat document ones.
        findings.extend(part.findings + _dedupe(workspace) if part.deduplicated else
                        _dedupe(part.findings + workspace))
        deduplicated = deduplicated and part.deduplicated
    if len(groups) > 1 and not deduplicated:
        findings = _dedupe(findings)  # a file reached through $ref from two groups' specs
    if request.breaking_since:  # breaking changes are findings like any rule's (diff stage)
        findings += _breaking(selection, collected, request, groups)
    findings = _apply_exceptions(findings, request, groups, collected, selection)
    return _outcome(findings, selection, groups, collected, request)


@dataclass(slots=True)
class _Group:
    """The reported files one config governs, and that config's ruleset."""

    config: Config
    ruleset: Ruleset
    reported: list[str]


def _groups(selection: _Selection, request: LintRequest) -> list[_Group]:
    """Reported files grouped by the config that governs them (ordered by the config's
    directory, so output never depends on discovery order); one ruleset per distinct
    (rulesets, pin, vars) for the whole run. A group may report no file (another shard's)."""
    by_config: dict[int, tuple[Config, list[str]]] = {}
    reported = set(selection.reported)
    # Every discovered file's config, reported or not: the shards of one run then list the
    # same configs, rules and governance (``govlint merge`` checks they agree).
    for file, path in selection.files.items():
        config = request.config.for_file(path)
        files = by_config.setdefault(id(config), (config, []))[1]
        if file in reported:
            files.append(file)
    if not by_config:
        by_config[id(request.config)] = (request.config, [])
    rulesets: dict[str, Ruleset] = {}
    groups: list[_Group] = []
    for config, files in sorted(by_config.values(), key=lambda cf: cf[0].directory):
        key = _ruleset_key(config, request.rulesets)
        if key not in rulesets:
            rulesets[key] = load_rules(config, request.rulesets)
        groups.append(_Group(config, rulesets[key], files))
    return groups


def _ruleset_key(config: Config, rulesets: list[str] | None) -> str:
    """What makes two configs' rulesets the same: refs, pin, vars, error catalogue."""
    return repr((rulesets or config.default_rulesets(), config.governance,
                 sorted(config.vars.items(), key=str), config.error_catalog))


@dataclass(slots=True)
class _Selection:
    """The files of a run: every discovered file by relative path, the ones reported on,
    and why the run is partial (``--changed-since``, ``--shard``), if it is."""

    files: dict[str, Path]
    reported: list[str]
    partial: dict[str, Any]
    notes: list[Finding] = field(default_factory=list)  # discovery's own findings


@dataclass(slots=True)
class _Collected:
    """What linting the reported files gave, in one process or several."""

    findings: list[Finding]
    inventory: list[dict[str, Any]]
    zones: list[Any]
    documents: list[Document] | None  # when loaded in this process (reused by workspace rules)
    formats: dict[str, frozenset[str]]  # formats per file, from worker processes
    deduplicated: bool = False  # no finding repeats another (each worker's are unique, and
    # no file got findings from two workers)


def _select_files(request: LintRequest) -> _Selection:
    from govlint.files.discover import Discovery, discover_files, discover_stdin, relpath

    config = request.config
    if request.stdin is not None:
        discovery = Discovery(discover_stdin(stdin_path(request), config.root, config,
                                             force_exclude=request.force_exclude))
    else:
        discovery = discover_files(list(request.paths) or ["."], config.root, config,
                                   force_exclude=request.force_exclude)
    files = {relpath(p, config.root): p for p in discovery.files}
    reported = sorted(files)
    partial: dict[str, Any] = {}
    deleted: list[Path] = []
    if request.changed_since:
        from govlint.files.changed import changed_files, deleted_files

        changed = changed_files(request.changed_since, config.root)
        reported = [f for f in reported if f in changed]
        partial["changedSince"] = request.changed_since
        deleted = [config.root / d for d in sorted(deleted_files(request.changed_since,
                                                                 config.root))]
    if request.changed_since or not covers_project(list(request.paths), config.root):
        reported = _with_specs_using(reported, files, config, deleted)
    if request.shard:
        from govlint.files.shard import select

        k, n = request.shard
        reported = select(reported, k, n)
        partial["shard"] = f"{k}/{n}"
    # A chart's note stays with its Chart.yaml: reported when that file is, or when the
    # run named templates but not the chart (pre-commit passes the staged templates).
    notes = [n for n in discovery.notes if n.file in reported or n.file not in files]
    return _Selection(files, reported, partial, notes)


def stdin_path(request: LintRequest) -> Path:
    """Where the standard input stream of ``lint -`` lives for reports, config lookup and
    ``$ref``s: ``--stdin-filename`` (relative to the working directory), else ``<stdin>``
    in the project root."""
    name = request.stdin_filename
    if name:
        return Path(os.path.abspath(os.path.expanduser(name)))
    return Path(os.path.abspath(request.config.root)) / "<stdin>"


def _with_specs_using(reported: list[str], files: dict[str, Path], config: Config,
                      deleted: list[Path]) -> list[str]:
    """A partial run that reports a fragment of a split spec (or deleted one) reports the
    spec using it too (docs/architecture.md, split specs)."""
    from govlint.files.changed import specs_using
    from govlint.files.discover import relpath

    specs = specs_using([files[f] for f in reported], [files[f] for f in reported],
                        config.root, config, deleted)
    for spec in specs:
        files.setdefault(relpath(spec, config.root), spec)
    return sorted({*reported, *(relpath(s, config.root) for s in specs)})


def _lint_documents(selection: _Selection, groups: list[_Group],
                    request: LintRequest) -> list[_Collected]:
    """Load the reported files and run the per-document rules on them, per group. With
    several processes, every group's work units go to one pool."""
    root = request.config.root
    paths = [[selection.files[f] for f in g.reported] for g in groups]
    total = sum(len(p) for p in paths)
    request.jobs = request.jobs or (1 if total < PARALLEL_THRESHOLD else default_jobs())
    units = [(i, chunk) for i, group_paths in enumerate(paths)
             for chunk in _chunks(group_paths, request.jobs) if chunk]
    if request.jobs > 1 and len(units) > 1:
        return _run_parallel(units, groups, root, request)
    out: list[_Collected] = []
    done = 0
    for group, group_paths in zip(groups, paths, strict=True):
        config = group.config
        progress = None if request.progress is None else \
            (lambda i, _n, base=done: request.progress(base + i, total))  # type: ignore[misc]
        loaded, docs = _load_all(group_paths, root, config, progress, _stdin(request))
        done += len(group_paths)
        engine = _engine(group.ruleset, loaded, config)
        workspace = Workspace(docs)
        findings: list[Finding] = []
        for lf in loaded:
            findings.extend(lf.findings)
            with processing(lf.file):  # a crash names the file (exit 4, see govlint.errors)
                findings.extend(_run_rules(engine, lf.documents, workspace, config, lf.file))
        out.append(_Collected(findings, _inventory(docs, group.ruleset, engine.split_specs),
                              _sandbox_zones(docs, group.ruleset, root), docs, {}))
    return out


def _workspace_findings(selection: _Selection, collected: _Collected, group: _Group,
                        request: LintRequest) -> list[Finding]:
    """Cross-document rules, once over the group's workspace; findings on reported files
    only."""
    engine = _engine(group.ruleset, [], group.config)
    if not engine.workspace_rules or not group.reported:
        return []
    engine.know_documents(collected.inventory)
    whole = collected.documents is not None and not selection.partial and _covers_workspace(
        request, group, selection.files)
    formats = collected.formats
    if collected.documents is not None:  # loaded here: the formats are on the documents
        formats = dict.fromkeys(group.reported, frozenset())  # a broken file: none
        for doc in collected.documents:
            formats[doc.file] = formats.get(doc.file, frozenset()) | doc.formats
    documents = collected.documents if whole else _workspace_documents(
        request, group, selection.files, formats, engine.workspace_formats(),
        selection.partial,
    )
    reported = frozenset(group.reported)
    workspace = Workspace(documents or [], reported=reported)
    # A reported split spec's findings are shown in its fragments too, as document rules'
    shown = reported | {part for entry in collected.inventory if entry.get("file") in reported
                        for part in entry.get("parts") or ()}
    with processing("the workspace (cross-document) rules"):
        return [f for f in engine.run_workspace(workspace) if f.file in shown]


def _breaking(selection: _Selection, collected: list[_Collected], request: LintRequest,
              groups: list[_Group]) -> list[Finding]:
    """``--breaking-since``: the reported OpenAPI specs diffed against the git ref, each
    with the diff severities of its own config's ruleset."""
    from govlint.diff.breaking import breaking_findings

    reported = set(selection.reported)
    assert request.breaking_since is not None
    removed_in = None
    if not selection.partial:  # a full run also answers for specs deleted since the ref
        from govlint.files.globs import has_magic

        root = request.config.root
        dirs = [os.path.relpath(os.path.abspath(p), root).replace(os.sep, "/")
                for p in request.paths or ["."] if not has_magic(p)]

        def removed_in(old: str) -> bool:
            return any(d == "." or old == d or old.startswith(d.rstrip("/") + "/")
                       for d in dirs)

    from govlint.exceptions.gitref import UnknownRefError

    primary = _primary(groups, request.config)
    per_group: list[list[str]] = []
    for part in collected:
        if part.documents is not None:
            specs = {d.file for d in part.documents if d.formats & _OAS}
        else:
            specs = {f for f, formats in part.formats.items() if formats & _OAS}
        per_group.append(sorted(specs & reported))
    out: list[Finding] = []
    try:
        for group, files in zip(groups, per_group, strict=True):
            if files or group is primary:  # specs deleted since the ref are answered once
                out += breaking_findings(request.breaking_since, files, group.config,
                                         group.ruleset.diff_severities,
                                         removed_in if group is primary else None)
    except UnknownRefError as exc:  # the ref is unknown to every group alike
        if request.breaking_missing_ref != "warn":
            raise
        from govlint.diff.breaking import skipped_finding

        return [skipped_finding(request.breaking_since,
                                sorted(f for files in per_group for f in files), exc)]
    return out


_OAS = frozenset({"oas2", "oas3"})


def _covers_workspace(request: LintRequest, group: _Group, files: dict[str, Path]) -> bool:
    """Whether the run linted whole directories holding the workspace of every reported
    file of the group (then its documents are the workspace: nothing to read again)."""
    root = request.config.root
    if covers_project(list(request.paths), root):
        return True
    linted = [Path(os.path.abspath(os.path.expanduser(p))) for p in request.paths]
    linted = [p for p in linted if p.is_dir()]
    if not linted:
        return False
    from govlint.files.workspace import workspace_dirs

    return all(any(d.is_relative_to(p) for p in linted) for d in workspace_dirs(
        [files[f] for f in group.reported], root, group.config, Path.cwd()))


def _outcome(findings: list[Finding], selection: _Selection, groups: list[_Group],
             collected: list[_Collected], request: LintRequest) -> LintOutcome:
    """The report: findings in a deterministic order with fingerprints."""
    from govlint.findings.fingerprint import assign

    findings = sort_findings(findings)
    assign(findings)
    primary = _primary(groups, request.config)
    rules: dict[str, RuleInfo] = {}
    sources: list[str] = []
    for group in groups:  # the rules of every ruleset that ran (a rule id once)
        for rule_id, info in _rule_infos(group.ruleset, findings).items():
            rules.setdefault(rule_id, info)
        sources.extend(s for s in group.ruleset.sources if s not in sources)
    inventory = [entry for part in collected for entry in part.inventory]
    report = Report(
        results=findings,
        files=selection.reported,
        rules=rules,
        rulesets=sources,
        governance=_governance(groups, primary),
        partial=selection.partial or None,
        inventory=_with_owners(inventory, request.config.root),
        results_sorted=True,
        configs=[_config_entry(g) for g in groups],
    )
    return LintOutcome(report=report, ruleset=primary.ruleset, inventory=report.inventory)


def _primary(groups: list[_Group], config: Config) -> _Group:
    """The group of the working directory's config, else the first one."""
    return next((g for g in groups if g.config is config), groups[0])


def _governance(groups: list[_Group], primary: _Group) -> dict[str, Any]:
    """The run's governance: the one version and digest every group shares; else
    ``"mixed"`` where they differ, with a digest of the per-config digests (stable across
    shards of one run: ``rollup`` groups shards by it)."""
    versions = {g.ruleset.governance for g in groups}
    digests = sorted({f"{g.config.directory}={g.ruleset.digest}" for g in groups})
    if len({g.ruleset.digest for g in groups}) <= 1:
        return {"version": primary.ruleset.governance, "digest": primary.ruleset.digest}
    import hashlib

    combined = hashlib.sha256("\n".join(digests).encode("utf-8")).hexdigest()
    return {"version": versions.pop() if len(versions) == 1 else "mixed",
            "digest": f"sha256:{combined}"}


def _config_entry(group: _Group) -> dict[str, Any]:
    """One entry of the report's ``configs``: which config governs which directory, with
    its governance version and ruleset digest (the score's per-service governance)."""
    config = group.config
    path = None
    if config.path is not None:
        from govlint.files.discover import relpath

        path = relpath(config.path, config.root)
    return {"config": path, "directory": config.directory,
            "governance": {"version": group.ruleset.governance,
                           "digest": group.ruleset.digest},
            "rulesets": list(group.ruleset.sources), "files": len(group.reported)}


def load_rules(config: Config, override: list[str] | None = None) -> Ruleset:
    from govlint.rules.ruleset import load_ruleset

    refs = override if override else config.default_rulesets()
    refs = [_pin(r, config.governance) for r in refs]
    base = Path.cwd() if override else config.root
    # maxWaiverDays is read by govlint.exceptions, not by rules: no "unknown var" warning.
    config_vars = {k: v for k, v in config.vars.items() if k != "maxWaiverDays"}
    if config.error_catalog:
        config_vars.setdefault("errorCatalog", config.error_catalog)
    config_name = str(config.path) if config.path else ".govlint.yaml"
    return load_ruleset(refs, base_dir=base, config_vars=config_vars, vars_source=config_name,
                        referrer="<command line>" if override else config_name,
                        root=config.root, trusted=list(override or ()),
                        allow_custom_functions=config.allow_custom_functions,
                        pin=config.governance)


def governance_flag_warning(config: Config, ruleset: Ruleset) -> str | None:
    """Why ``--governance X`` does not apply to ``ruleset``, if it does not: the ruleset
    extends another version by name (``govlint:governance@3.1``), or is no governance
    ruleset at all. Said instead of silently linting against another version."""
    if not config.cli_governance or ruleset.governance == config.governance:
        return None
    flag = config.governance  # what the run asked for (upgrade-check moves it to --to)
    named = ruleset.sources[0] if ruleset.sources else "the ruleset"
    if ruleset.governance is None:
        return (f"--governance {flag} is ignored: {named} is not built on a governance "
                "ruleset (extend govlint:governance to lint against the pinned version)")
    return (f"--governance {flag} is ignored: {named} extends governance "
            f"{ruleset.governance} by name (govlint:governance@{ruleset.governance}); extend "
            "govlint:governance, without a version, to follow --governance and the pin")


def warn_governance_flag(config: Config, ruleset: Ruleset) -> None:
    """Print :func:`governance_flag_warning` on stderr, once per run and message."""
    message = governance_flag_warning(config, ruleset)
    if message is not None and message not in _WARNED:
        _WARNED.add(message)
        import click

        click.echo(f"govlint: warning: {message}", err=True)


_WARNED: set[str] = set()


def _pin(ref: str, governance: str) -> str:
    return f"{ref}@{governance}" if ref == "govlint:governance" else ref


# --- stages ----------------------------------------------------------------------------


def _stdin(request: LintRequest) -> tuple[Path, bytes] | None:
    return None if request.stdin is None else (stdin_path(request), request.stdin)


def _load_all(
    paths: list[Path], root: Path, config: Config,
    progress: Callable[[int, int], None] | None = None,
    stdin: tuple[Path, bytes] | None = None,
) -> tuple[list[LoadedFile], list[Document]]:
    """Documents of ``paths``; ``stdin``'s path is read from its bytes, not the disk."""
    from govlint.documents.load import load_file, load_stream

    loaded: list[LoadedFile] = []
    docs: list[Document] = []
    for i, path in enumerate(paths):
        try:
            with processing(path), file_budget(config.timeout_per_file):
                if stdin is not None and path == stdin[0]:
                    from govlint.files.discover import relpath

                    lf = load_stream(stdin[1], relpath(path, root), path, config)
                else:
                    lf = load_file(path, root, config)
        except FileTimeout:
            lf = _timed_out_load(path, root, config)
        loaded.append(lf)
        docs.extend(lf.documents)
        if progress is not None:
            progress(i + 1, len(paths))
    return loaded, docs


def _run_rules(engine: Any, docs: list[Document], workspace: Workspace, config: Config,
               file: str) -> list[Finding]:
    """The per-document rules on one file's documents, under the file's time budget."""
    findings: list[Finding] = []
    try:
        with file_budget(config.timeout_per_file):
            for doc in docs:
                findings.extend(engine.run_document(doc, workspace))
    except FileTimeout:
        from govlint.functions.core._regex import take_timeouts

        take_timeouts()  # what the interrupted walk noted belongs to no finding now
        findings = [_timeout_finding(file, config, "its rules")]
    return findings


def _timed_out_load(path: Path, root: Path, config: Config) -> LoadedFile:
    from govlint.files.discover import relpath

    file = relpath(path, root)
    return LoadedFile(file=file, abspath=path,
                      findings=[_timeout_finding(file, config, "reading it")])


def _timeout_finding(file: str, config: Config, stage: str) -> Finding:
    return Finding(
        rule="file-timeout", severity=Severity.ERROR, file=file,
        message=f"stopped {stage} after {config.timeout_per_file:g} s (--timeout-per-file): "
                "this file's results are incomplete; if it is legitimately this slow, raise "
                "the budget",
    )


def _engine(ruleset: Ruleset, loaded: list[LoadedFile], config: Config) -> Any:
    """An engine whose ``$ref`` resolution reuses the files this run already loaded."""
    from govlint.documents.refs import RefCache
    from govlint.rules.engine import Engine, RefContext

    cache = RefCache(config.root, config)
    for lf in loaded:
        cache.add(lf)
    return Engine(ruleset, RefContext(cache, config.root, config.allow_remote_refs))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per rule, place and message: a shared file reached through ``$ref`` from
    several specs is reported once (as Spectral does per source)."""
    seen: set[tuple[object, ...]] = set()
    out: list[Finding] = []
    for f in findings:
        key = (f.rule, f.file, f.document, f.path, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _inventory(docs: list[Document], ruleset: Ruleset,
               splits: dict[tuple[str, int | None], Any] | None = None) -> list[dict[str, Any]]:
    from govlint.documents.inventory import describe

    owner_label = ruleset.vars.get("ownerLabel")
    label = owner_label if isinstance(owner_label, str) else None
    splits = splits or {}
    return [describe(d, label, splits.get((d.file, d.index))) for d in docs]


def _with_owners(inventory: list[dict[str, Any]], root: Path) -> list[dict[str, Any]]:
    """Inventory in report order, with each file's CODEOWNERS owners (the score's teams)."""
    from govlint.reports.model import sort_inventory
    from govlint.score.owners import annotate

    return annotate(sort_inventory(inventory), root)


def _chunks(paths: list[Path], jobs: int) -> list[list[Path]]:
    """Work units for ``jobs`` processes, biggest files first (the longest-processing-time
    rule): a 47 MB spec started last would leave one core idle for its whole run. Small
    files travel in batches of up to ~1/64 of the bytes so the pool's overhead stays low;
    order is restored by sorting later."""
    if jobs <= 1 or len(paths) < 2:
        return [paths]
    sizes = {p: _size(p) for p in paths}
    limit = max(sum(sizes.values()) // (jobs * 32), 1)
    chunks: list[list[Path]] = []
    current: list[Path] = []
    weight = 0
    for path in sorted(paths, key=lambda p: (-sizes[p], str(p))):
        current.append(path)
        weight += sizes[path]
        if weight >= limit or len(current) >= 64:
            chunks.append(current)
            current, weight = [], 0
    if current:
        chunks.append(current)
    return chunks


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _run_parallel(
    units: list[tuple[int, list[Path]]], groups: list[_Group], root: Path,
    request: LintRequest,
) -> list[_Collected]:
    """Per group: findings, inventory, formats per file, sandbox zones, and whether the
    findings are unique (no file reported by two workers, as one reached through $ref from
    specs of different work units would be)."""
    from concurrent.futures import ProcessPoolExecutor

    out = [_Collected([], [], [], None, {}, True) for _ in groups]
    owner: dict[str, int] = {}  # file -> the work unit its findings came from
    # Workers get each config without its tree (the run's other configs): a unit is one
    # group's files.
    configs = [dataclasses.replace(g.config, tree=None) for g in groups]
    args = [(chunk, root, configs[i], request.rulesets) for i, chunk in units]
    done = 0
    total = sum(len(c) for _, c in units)
    with ProcessPoolExecutor(max_workers=request.jobs) as pool:
        for unit, (chunk_findings, chunk_inventory, chunk_formats, chunk_zones, count) in \
                enumerate(pool.map(_worker, args)):
            part = out[units[unit][0]]
            for file in {f.file for f in chunk_findings}:
                part.deduplicated = part.deduplicated and owner.setdefault(file, unit) == unit
            part.findings.extend(chunk_findings)
            part.inventory.extend(chunk_inventory)
            part.formats.update(chunk_formats)
            part.zones.extend(chunk_zones)
            done += count
            if request.progress is not None:
                request.progress(done, total)
    return out


def _worker(
    args: tuple[list[Path], Path, Config, list[str] | None],
) -> tuple[list[Finding], list[dict[str, Any]], dict[str, frozenset[str]], list[Any], int]:
    with collector_paused():
        return _worker_run(*args)


def _worker_run(
    paths: list[Path], root: Path, config: Config, rulesets: list[str] | None,
) -> tuple[list[Finding], list[dict[str, Any]], dict[str, frozenset[str]], list[Any], int]:
    """One chunk, a file at a time: a file's documents are dropped once its rules ran
    (workspace rules run in the main process), so a worker holds one spec, not a chunk."""
    ruleset = _worker_ruleset(config, rulesets)
    engine = _engine(ruleset, [], config)
    cache = engine.refs.cache
    findings: list[Finding] = []
    inventory: list[dict[str, Any]] = []
    formats: dict[str, frozenset[str]] = {}
    zones: list[Any] = []
    for path in paths:
        try:
            with processing(path), file_budget(config.timeout_per_file):
                lf = cache.load(path)  # read now, or earlier as another file's $ref target
        except FileTimeout:
            lf = _timed_out_load(path, root, config)
        docs = lf.documents
        workspace = Workspace(docs)
        findings.extend(lf.findings)
        formats[lf.file] = frozenset().union(*(d.formats for d in docs))
        with processing(lf.file):
            findings.extend(_run_rules(engine, docs, workspace, config, lf.file))
        inventory.extend(_inventory(docs, ruleset, engine.split_specs))
        zones.extend(_sandbox_zones(docs, ruleset, root))
        cache.forget(path)
        del lf, docs, workspace
        collect_young()
    return _finished(findings), inventory, formats, zones, len(paths)


def _finished(findings: list[Finding]) -> list[Finding]:
    """A worker's findings deduplicated, sorted, with pointer and base fingerprint worked
    out: per-finding work done in parallel that the main process would otherwise do alone
    (it then merges sorted runs and reuses what is cached on each finding)."""
    from govlint.findings.fingerprint import base_fingerprint

    findings = sort_findings(_dedupe(findings))
    for finding in findings:
        base_fingerprint(finding)
    return findings


_WORKER_RULESET: dict[str, Ruleset] = {}


def _worker_ruleset(config: Config, rulesets: list[str] | None) -> Ruleset:
    """A worker's rulesets, each loaded once (a run has one per distinct config)."""
    key = repr((str(config.root), _ruleset_key(config, rulesets)))
    if key not in _WORKER_RULESET:
        if len(_WORKER_RULESET) >= 16:
            _WORKER_RULESET.clear()
        _WORKER_RULESET[key] = load_rules(config, rulesets)
    return _WORKER_RULESET[key]


def _workspace_documents(
    request: LintRequest,
    group: _Group,
    rel: dict[str, Path],
    file_formats: dict[str, frozenset[str]],
    wanted: frozenset[str] | None,
    partial: dict[str, Any],
) -> list[Document]:
    """Documents the group's cross-document rules read: its reported files and, in a run
    over part of the project (named files, a shard, changed files), the workspace
    directories of those files (:mod:`govlint.files.workspace`) without reporting on
    them. Only files the group's config governs: another config's files are another
    group's workspace."""
    config = group.config
    root = request.config.root
    covers = not partial and covers_project(list(request.paths), root)
    paths = {rel[f] for f in group.reported}
    # Only a file some cross-document rule reads needs its surroundings: a broken or
    # unrelated named file must not make the run read its whole (marker-less) directory.
    seeds = sorted(rel[f] for f in group.reported
                   if wanted is None or file_formats.get(f, wanted) & wanted)
    if not covers and seeds:
        from govlint.files.workspace import workspace_files

        paths.update(p for p in workspace_files(seeds, root, config, Path.cwd())
                     if request.config.for_file(p) is config)
    from govlint.files.discover import relpath

    selected = [
        p for p in sorted(paths)
        if wanted is None or (file_formats.get(relpath(p, root), wanted) & wanted)
    ]
    _, docs = _load_all(selected, root, config, stdin=_stdin(request))
    if wanted is not None:
        docs = [d for d in docs if d.formats & wanted]
    return docs


def _sandbox_zones(docs: list[Document], ruleset: Ruleset, root: Path) -> list[Any]:
    """Sandbox zones (SBX-004) of the documents loaded here, for the exceptions stage."""
    if not any(r.sandboxable for r in ruleset.enabled_rules):
        return []
    from govlint.exceptions.common import today
    from govlint.exceptions.sandbox import DEFAULT_MAX_SANDBOX_DAYS, zones_of

    on = today()
    max_days = ruleset.vars.get("maxSandboxDays", DEFAULT_MAX_SANDBOX_DAYS)
    if isinstance(max_days, bool) or not isinstance(max_days, int):
        max_days = DEFAULT_MAX_SANDBOX_DAYS
    return [z for d in docs for z in zones_of(d, root, on=on, max_days=max_days)]


def _apply_exceptions(
    findings: list[Finding], request: LintRequest, groups: list[_Group],
    collected: list[_Collected], selection: _Selection,
) -> list[Finding]:
    """Where findings are suppressed: waivers and sandbox zones per group (each config's
    waiver file and sandboxable rules), then the run's baseline over all of them."""
    from govlint.exceptions.apply import apply_exceptions

    complete = not selection.partial and covers_project(list(request.paths),
                                                        request.config.root)
    with processing("the exceptions (waivers, sandbox zones, baseline)"):
        if len(groups) == 1:
            return apply_exceptions(findings, config=groups[0].config,
                                    ruleset=groups[0].ruleset, files=selection.reported,
                                    zones=collected[0].zones, request=request,
                                    complete=complete)
        from govlint.exceptions.apply import apply_group_exceptions

        return apply_group_exceptions(
            findings,
            groups=[(g.config, g.ruleset, g.reported, c.zones)
                    for g, c in zip(groups, collected, strict=True)],
            config=request.config, files=selection.reported, request=request,
            complete=complete,
        )


def _rule_infos(ruleset: Ruleset, findings: list[Finding]) -> dict[str, RuleInfo]:
    from govlint.resources import rule_doc_url

    infos = {
        r.name: RuleInfo(
            id=r.name,
            severity=r.severity.label,
            description=r.description or "",
            documentation_url=r.documentation_url or "",
            rationale=" ".join((r.rationale or "").split()),
            page=r.name if r.source.startswith("govlint:") else "",
        )
        for r in ruleset.enabled_rules
    }
    for f in findings:
        if f.rule not in infos and f.extra.get("breakingSince") and \
                f.rule not in BUILTIN_RULES:  # lint --breaking-since: an oasdiff check id
            from govlint.diff.model import describe

            infos[f.rule] = RuleInfo(id=f.rule, severity=f.severity.label,
                                     description=describe(f.rule))
        elif f.rule not in infos:
            severity, description = BUILTIN_RULES.get(f.rule, (f.severity.label, ""))
            page = f.rule if f.rule in BUILTIN_RULES else ""
            infos[f.rule] = RuleInfo(id=f.rule, severity=severity, description=description,
                                     page=page, documentation_url=rule_doc_url(page))
    return infos


def exit_code(report: Report, fail_severity: Severity, max_warnings: int | None = None) -> int:
    """0: nothing at or above the fail severity; 1: something is."""
    active = [f for f in report.results if f.suppressed is None]
    if any(f.severity.at_least(fail_severity) for f in active):
        return 1
    if max_warnings is not None and sum(f.severity is Severity.WARN for f in active) > max_warnings:
        return 1
    return 0


def max_warnings_verdict(report: Report, fail_severity: Severity,
                         max_warnings: int | None) -> str | None:
    """``exit 1: 3 warnings exceed --max-warnings 0`` when only the warning budget fails the
    run: no error is listed then, so the terminal must say why the exit code is 1."""
    if max_warnings is None:
        return None
    active = [f for f in report.results if f.suppressed is None]
    if any(f.severity.at_least(fail_severity) for f in active):
        return None
    warnings = sum(f.severity is Severity.WARN for f in active)
    if warnings <= max_warnings:
        return None
    verb = "exceeds" if warnings == 1 else "exceed"
    return f"exit 1: {plural(warnings, 'warning')} {verb} --max-warnings {max_warnings}"


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
