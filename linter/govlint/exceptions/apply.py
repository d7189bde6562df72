"""The exceptions stage: waivers, then sandbox zones, then the baseline.

Order matters: an explicit waiver (owner, approver, reason) describes a finding before a
sandbox does; a baseline only absorbs what nothing else excused, so a finding whose waiver
expires comes back even if it was once recorded in a baseline (baselines record active
findings only). Expiry is checked here, on every path that lints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from govlint.config import Config
from govlint.errors import GovlintError
from govlint.exceptions.common import max_waiver_days, resolve, today
from govlint.exceptions.sandbox import Zone
from govlint.findings.model import Finding
from govlint.rules.model import Ruleset


def apply_exceptions(
    findings: list[Finding],
    *,
    config: Config,
    ruleset: Ruleset,
    files: Sequence[str],
    zones: Iterable[Zone] = (),
    request: Any = None,
    complete: bool = False,
) -> list[Finding]:
    """Mark suppressed findings in place; return them plus findings about the exceptions.

    ``files``: the files this run reports on; ``complete``: the run covered the whole
    project, so an exception whose file is gone is unused/fixed too. ``request`` (the
    run's ``LintRequest``) may name ``waivers``, ``baseline`` or ``new_since``.
    """
    from govlint.exceptions.baseline import apply_baseline
    from govlint.exceptions.sandbox import apply_sandbox
    from govlint.exceptions.waivers import apply_waivers, load_waivers

    linted = set(files)
    out = list(findings)
    explicit = getattr(request, "waivers", None)
    waiver_file = waivers_path(config, explicit)
    if waiver_file is not None:
        # `files` are relative to the directory of the config naming the file (--waivers:
        # the working directory's config)
        home = getattr(request, "config", None) if explicit else config
        waivers = load_waivers(waiver_file, config.root, config, on=today(),
                               max_days=max_waiver_days(config, ruleset.vars),
                               directory=(home or config).directory)
        out.extend(waivers.findings)
        out.extend(apply_waivers(findings, waivers, linted, complete))
    apply_sandbox(findings, list(zones), ruleset)
    baseline = _baseline(config, request)
    if baseline is not None:
        out.extend(apply_baseline(findings, baseline, linted, complete))
    return out


def apply_group_exceptions(
    findings: list[Finding],
    *,
    groups: Sequence[tuple[Config, Ruleset, Sequence[str], Iterable[Zone]]],
    config: Config,
    files: Sequence[str],
    request: Any = None,
    complete: bool = False,
) -> list[Finding]:
    """:func:`apply_exceptions` for a run whose files several configs govern: ``groups``
    holds each config, its ruleset, the files it governs and their sandbox zones. A waiver
    file applies to the findings of the configs that name it (one shared through
    ``extends`` or ``--waivers`` is read once); sandbox zones per group; then the run's
    baseline (``config``: the working directory's) over everything."""
    from govlint.exceptions.baseline import apply_baseline
    from govlint.exceptions.sandbox import apply_sandbox
    from govlint.exceptions.waivers import apply_waivers, load_waivers

    index = {id(group[0]): i for i, group in enumerate(groups)}
    owner = {file: i for i, group in enumerate(groups) for file in group[2]}
    per_group: list[list[Finding]] = [[] for _ in groups]
    for finding in findings:
        i = owner.get(finding.file)
        if i is None:  # a $ref target nobody named: the group of its own config
            i = index.get(id(config.for_file(config.root / finding.file)), 0)
            owner[finding.file] = i
        per_group[i].append(finding)
    out = list(findings)
    by_waiver_file: dict[Path, list[int]] = {}
    explicit = getattr(request, "waivers", None)
    for i, group in enumerate(groups):
        path = waivers_path(group[0], explicit)
        if path is not None:
            by_waiver_file.setdefault(path, []).append(i)
    for path, members in sorted(by_waiver_file.items()):
        first, ruleset = groups[members[0]][0], groups[members[0]][1]
        waivers = load_waivers(path, first.root, first, on=today(),
                               max_days=max_waiver_days(first, ruleset.vars),
                               directory=(config if explicit else first).directory)
        out.extend(waivers.findings)
        out.extend(apply_waivers([f for i in members for f in per_group[i]], waivers,
                                 {f for i in members for f in groups[i][2]}, complete))
    for i, (_, ruleset, _, zones) in enumerate(groups):
        apply_sandbox(per_group[i], list(zones), ruleset)
    baseline = _baseline(config, request)
    if baseline is not None:
        out.extend(apply_baseline(findings, baseline, set(files), complete))
    return out


def waivers_path(config: Config, explicit: str | None) -> Path | None:
    """``--waivers FILE`` (relative to the working directory; must exist), else the config's
    ``waivers`` (relative to its ``.govlint.yaml``): a file named in ``.govlint.yaml`` must exist,
    the default ``.govlint/waivers.yaml`` may be absent (no waivers)."""
    if explicit:
        path = resolve(explicit, Path.cwd())
        if not path.is_file():
            raise GovlintError(f"waiver file {explicit} not found")
        return path
    path = resolve(config.waivers, config.root)
    source = config.path or config.root / ".govlint.yaml"
    if path.is_file():
        root = config.root.resolve()
        real = path.resolve()
        if real != root and root not in real.parents:  # `waivers: ../../etc/x`, a symlink
            raise GovlintError(f"{source}: waiver file {config.waivers} (key `waivers`) "
                               f"resolves outside the project root ({root}): refused, not read")
        return path
    if config.waivers_configured:
        raise GovlintError(f"{source}: waiver file {config.waivers} (key `waivers`) not found "
                           f"at {path}")
    return None


def _baseline(config: Config, request: Any) -> Any:
    from govlint.exceptions.baseline import load_baseline

    new_since = getattr(request, "new_since", None)
    explicit = getattr(request, "baseline", None)
    if new_since and explicit:
        raise GovlintError("--baseline and --new-since exclude each other: give one")
    if new_since:
        from govlint.exceptions.gitref import baseline_at_ref

        return baseline_at_ref(new_since, request)
    if explicit:
        return load_baseline(resolve(explicit, Path.cwd()), config.root, config)
    return None
