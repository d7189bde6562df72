"""``govlint baseline create|update``: record today's findings so only new ones fail."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Any

import click

from govlint.cli.options import lint_options, load_config_for
from govlint.wording import plural

DEFAULT_BASELINE = ".govlint/baseline.json"


@click.group()
def baseline() -> None:
    """Adopt govlint on a legacy codebase: record the findings of today, then fail only on
    new ones (`govlint lint --baseline FILE`)."""


@baseline.command("create")
@click.argument("paths", nargs=-1)
@lint_options
@click.option("--output", "-o", metavar="FILE",
              help="Baseline file to write (default: the config's `baseline`, else "
                   f"{DEFAULT_BASELINE} in the project root).")
@click.option("--breaking-since", metavar="REF",
              help="Also record breaking changes since git REF, as `lint --breaking-since` "
                   "reports them (default: the config's `breaking.since`).")
@click.option("--waivers", metavar="FILE", help="Waiver file (default: the config's).")
def create(paths: tuple[str, ...], rulesets: tuple[str, ...], config_path: str | None,
           governance: str | None, jobs: int | None, allow_remote_refs: bool,
           output: str | None, breaking_since: str | None, waivers: str | None) -> None:
    """Lint PATHS and record every active finding by fingerprint (waived and sandboxed
    findings are not recorded: their exceptions expire on their own)."""
    from govlint.exceptions.baseline import from_findings
    from govlint.exceptions.common import today

    config = load_config_for(config_path, governance, allow_remote_refs, paths=paths)
    outcome = _lint(paths, config, rulesets, jobs, waivers, breaking_since)
    result = from_findings(outcome.report.results, created=today().isoformat(),
                           governance=outcome.ruleset.governance)
    path = _path(output, config)
    _write(path, result.dumps())
    total = sum(e.count for e in result.entries)
    click.echo(f"{_shown(path)}: recorded {plural(total, 'finding')} "
               f"({plural(len(result.entries), 'fingerprint')}) in "
               f"{plural(len(outcome.report.files), 'file')}")


@baseline.command("update")
@click.argument("paths", nargs=-1)
@lint_options
@click.option("--baseline", "-b", "baseline_file", metavar="FILE",
              help="Baseline file to update (default: the config's `baseline`, else "
                   f"{DEFAULT_BASELINE}).")
@click.option("--prune", is_flag=True,
              help="Drop entries (and counts) that no longer match: ratchet the baseline down.")
@click.option("--add-new", is_flag=True,
              help="Also record findings the baseline does not cover yet (accepts new debt).")
@click.option("--breaking-since", metavar="REF",
              help="Also record breaking changes since git REF, as `lint --breaking-since` "
                   "reports them (default: the config's `breaking.since`).")
@click.option("--waivers", metavar="FILE", help="Waiver file (default: the config's).")
def update(paths: tuple[str, ...], rulesets: tuple[str, ...], config_path: str | None,
           governance: str | None, jobs: int | None, allow_remote_refs: bool,
           baseline_file: str | None, prune: bool, add_new: bool, breaking_since: str | None,
           waivers: str | None) -> None:
    """Re-lint PATHS and rewrite the baseline: --prune removes what was fixed, --add-new
    records what is new. Entries for files not linted are kept as they are."""
    from govlint.errors import GovlintError
    from govlint.exceptions.baseline import load_baseline, updated
    from govlint.exceptions.common import today
    from govlint.files.workspace import covers_project

    if not (prune or add_new):
        raise GovlintError("baseline update: give --prune (drop fixed entries) and/or "
                           "--add-new (record new findings)")
    config = load_config_for(config_path, governance, allow_remote_refs, paths=paths)
    path = _path(baseline_file, config)
    old = load_baseline(path, config.root, config)
    outcome = _lint(paths, config, rulesets, jobs, waivers, breaking_since)
    complete = not outcome.report.partial and covers_project(list(paths) or ["."], config.root)
    new, pruned, added = updated(old, outcome.report.results, set(outcome.report.files),
                                 complete, prune=prune, add_new=add_new,
                                 today=today().isoformat())
    _write(path, new.dumps())
    total = sum(e.count for e in new.entries)
    click.echo(f"{_shown(path)}: pruned {pruned}, added {added}; {plural(total, 'finding')} "
               f"recorded ({plural(len(new.entries), 'fingerprint')})")


def _lint(paths: tuple[str, ...], config: Any, rulesets: tuple[str, ...], jobs: int | None,
          waivers: str | None, breaking_since: str | None) -> Any:
    """The findings `lint` would report on PATHS (breaking changes included, from the
    option or the config's ``breaking.since``), so a baseline can adopt all of them."""
    from govlint.pipeline import LintRequest, lint

    return lint(LintRequest(paths=list(paths) or ["."], config=config,
                            rulesets=list(rulesets) or None, jobs=jobs or 0, waivers=waivers,
                            breaking_since=breaking_since or config.breaking_since))


def _path(explicit: str | None, config: Any) -> Path:
    if explicit:
        return Path(os.path.abspath(explicit))
    from govlint.exceptions.baseline import configured_path

    if config.baseline:  # relative to the project root once read
        return configured_path(config, config.baseline)
    # the default sits beside the working directory's .govlint.yaml
    return configured_path(config, posixpath.normpath(f"{config.directory}/{DEFAULT_BASELINE}"))


def _shown(path: Path) -> str:
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def _write(path: Path, text: str) -> None:
    from govlint.errors import GovlintError

    try:
        from govlint.reports.output import write_atomic

        write_atomic(path, text)
    except OSError as exc:
        raise GovlintError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
