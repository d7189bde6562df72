"""``govlint lint``: lint files, print reports, exit 0/1/2."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from govlint.cli.options import SEVERITY_CHOICES, lint_options, load_config_for, progress_printer

if TYPE_CHECKING:
    from govlint.config import Config


@click.command()
@click.argument("paths", nargs=-1)
@lint_options
@click.option("--format", "-f", "formats", multiple=True, metavar="NAME[:FILE]",
              help="Report format, optionally to a file (repeatable): stylish (default), "
                   "json, sarif, gitlab, junit, github, markdown.")
@click.option("--fail-severity", "-F", type=click.Choice(SEVERITY_CHOICES), default=None,
              help="Exit 1 when a finding is at or above this severity (default: error).")
@click.option("--max-warnings", type=click.IntRange(min=0), default=None,
              help="Also exit 1 when there are more than N warnings.")
@click.option("--changed-since", metavar="REF",
              help="Report only files changed since git REF (workspace rules still read all).")
@click.option("--shard", metavar="K/N", help="Lint only the K-th of N deterministic shards.")
@click.option("--baseline", "baseline", metavar="FILE",
              help="Suppress findings recorded in this baseline (default: the config's "
                   "`baseline`, if set); report entries that no longer match.")
@click.option("--no-baseline", is_flag=True, help="Ignore the config's `baseline`.")
@click.option("--new-since", metavar="REF",
              help="Report only findings that are not in the project as it was at git REF.")
@click.option("--breaking-since", metavar="REF",
              help="Also diff every OpenAPI spec against its version at git REF and report "
                   "breaking changes (oasdiff's check ids; default: the config's "
                   "`breaking.since`).")
@click.option("--waivers", metavar="FILE",
              help="Waiver file (default: the config's `waivers`, .govlint/waivers.yaml).")
@click.option("--quiet", "-q", is_flag=True, help="Print only findings at or above the fail "
              "severity, and no progress.")
def lint(
    paths: tuple[str, ...],
    rulesets: tuple[str, ...],
    config_path: str | None,
    governance: str | None,
    jobs: int | None,
    allow_remote_refs: bool,
    formats: tuple[str, ...],
    fail_severity: str | None,
    max_warnings: int | None,
    changed_since: str | None,
    shard: str | None,
    baseline: str | None,
    no_baseline: bool,
    new_since: str | None,
    breaking_since: str | None,
    waivers: str | None,
    quiet: bool,
) -> None:
    """Lint PATHS (files, directories, globs; default: the current directory)."""
    from govlint.findings.model import Severity
    from govlint.pipeline import LintRequest, exit_code
    from govlint.pipeline import lint as run_lint

    config = load_config_for(config_path, governance, allow_remote_refs)
    from govlint.reports.output import emit, parse_specs

    targets = parse_specs(formats)
    threshold = Severity.parse(fail_severity or config.fail_severity or "error")
    outcome = run_lint(
        LintRequest(
            paths=list(paths) or ["."],
            config=config,
            rulesets=list(rulesets) or None,
            jobs=jobs or 0,
            shard=_parse_shard(shard),
            changed_since=changed_since,
            progress=progress_printer(quiet),
            waivers=waivers,
            baseline=_baseline_file(config, baseline, no_baseline, new_since),
            new_since=new_since,
            breaking_since=breaking_since or config.breaking_since,
        )
    )
    report = outcome.report
    report.baseline_change = _baseline_change(config, baseline, no_baseline,
                                              new_since or changed_since)
    if quiet:
        report.results = [
            f for f in report.results
            if f.suppressed is None and f.severity.at_least(threshold)
        ]
    emit(report, targets)
    sys.exit(exit_code(report, threshold, max_warnings))


def _baseline_file(config: Config, explicit: str | None, disabled: bool,
                   new_since: str | None) -> str | None:
    """``--baseline FILE`` (relative to the working directory), else the config's
    ``baseline`` (relative to the project root) unless disabled or ``--new-since``."""
    if explicit or disabled or new_since:
        return explicit
    if not config.baseline:
        return None
    return str(config.root / config.baseline)


def _baseline_change(config: Config, explicit: str | None, disabled: bool,
                     base: str | None) -> dict[str, object] | None:
    """With a base ref (``--new-since``/``--changed-since``) and a baseline file
    (``--baseline`` or the config's), how many entries the branch added to it."""
    if base is None or disabled:
        return None
    if explicit:
        path = Path(explicit).absolute()
    elif config.baseline:
        path = config.root / config.baseline
    else:
        return None
    from govlint.exceptions.gitref import baseline_change

    return baseline_change(base, path, config)


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    from govlint.files.shard import parse

    return None if value is None else parse(value)
