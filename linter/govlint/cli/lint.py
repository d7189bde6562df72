"""``govlint lint``: lint files, print reports, exit 0/1/2."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from govlint.cli.options import (
    SEVERITY_CHOICES,
    lint_options,
    load_config_for,
    parse_size,
    progress_printer,
)

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
@click.option("--breaking-missing-ref", type=click.Choice(["error", "warn"]), default="error",
              show_default=True,
              help="When the --breaking-since REF is not in this clone (a shallow CI clone): "
                   "error (exit 2), or warn (a breaking-since-skipped warning; the GitLab "
                   "template's choice for the merge request's diff base).")
@click.option("--waivers", metavar="FILE",
              help="Waiver file (default: the config's `waivers`, .govlint/waivers.yaml).")
@click.option("--quiet", "-q", is_flag=True, help="Terminal output (stylish) shows only "
              "findings at or above the fail severity, and no progress; reports, the exit "
              "code and --max-warnings are unchanged.")
@click.option("--stdin-filename", metavar="NAME",
              help="Name of the file read from standard input (PATH `-`): used in reports, "
                   "for $refs and for exclude globs (with --force-exclude).")
@click.option("--force-exclude", is_flag=True,
              help="Apply the config's exclude and .gitignore to files named explicitly "
                   "(the pre-commit hook passes it).")
@click.option("--no-respect-gitignore", "no_respect_gitignore", is_flag=True,
              help="Also lint files that .gitignore, .git/info/exclude or the global git "
                   "excludes file ignore.")
@click.option("--max-file-size", metavar="SIZE", default="64MB", show_default=True,
              help="Files bigger than this are a file-too-large finding instead of being "
                   "read (bytes, or with KB/MB/GB).")
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
    breaking_missing_ref: str,
    waivers: str | None,
    quiet: bool,
    stdin_filename: str | None,
    force_exclude: bool,
    no_respect_gitignore: bool,
    max_file_size: str,
) -> None:
    """Lint PATHS (files, directories, globs, `-` for standard input; default: the current
    directory)."""
    from govlint.findings.model import Severity
    from govlint.pipeline import LintRequest, exit_code
    from govlint.pipeline import lint as run_lint

    size_limit = parse_size(max_file_size)
    stdin = _stdin_wanted(paths, stdin_filename)
    config = load_config_for(config_path, governance, allow_remote_refs,
                             start=_stdin_dir(stdin_filename) if stdin else None,
                             paths=() if stdin else paths)
    config.respect_gitignore = not no_respect_gitignore
    config.max_file_size = size_limit
    from govlint.reports.output import emit, parse_specs

    targets = parse_specs(formats)
    threshold = Severity.parse(fail_severity or config.fail_severity or "error")
    outcome = run_lint(
        LintRequest(
            paths=["-"] if stdin else list(paths) or ["."],
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
            breaking_missing_ref=breaking_missing_ref,
            force_exclude=force_exclude,
            stdin=sys.stdin.buffer.read(size_limit + 1) if stdin else None,
            stdin_filename=stdin_filename,
        )
    )
    report = outcome.report
    report.baseline_change = _baseline_change(config, baseline, no_baseline,
                                              new_since or changed_since)
    report.waiver_change = _waiver_change(config, waivers, new_since or changed_since)
    if not report.files and not quiet:
        click.echo("govlint: no files to lint", err=True)
    terminal = [t for t in targets if t.path is None and t.name == "stylish"]
    if terminal:  # -q only shortens the listing: summary, reports and exit code stay whole
        from govlint.pipeline import max_warnings_verdict
        from govlint.reports.output import use_color
        from govlint.reports.stylish import render as render_stylish

        render_stylish(report, sys.stdout, color=use_color(sys.stdout),
                       list_at_least=threshold if quiet else None,
                       verdict=max_warnings_verdict(report, threshold, max_warnings))
        sys.stdout.flush()
        targets = [t for t in targets if t not in terminal]
    emit(report, targets)
    sys.exit(exit_code(report, threshold, max_warnings))


def _stdin_wanted(paths: tuple[str, ...], stdin_filename: str | None) -> bool:
    """`-` alone, or no PATHS with --stdin-filename (as ruff): read standard input.

    --stdin-filename with PATHS other than `-` is a usage error (exit 2): ruff then reads
    standard input anyway and warns that the PATHS are ignored, which in a hook or CI job
    waits on a terminal or lints an empty stream; govlint refuses instead of guessing."""
    if "-" in paths:
        if len(paths) > 1:
            raise click.UsageError("`-` (standard input) cannot be combined with other PATHS")
        return True
    if paths and stdin_filename is not None:
        raise click.UsageError(
            "--stdin-filename names standard input: use it with PATH `-` (or no PATHS), "
            f"not with {paths[0]!r}")
    return not paths and stdin_filename is not None


def _stdin_dir(stdin_filename: str | None) -> Path | None:
    """The config of the stream is found upward from its file name's directory."""
    if not stdin_filename:
        return None
    return Path(os.path.abspath(os.path.expanduser(stdin_filename))).parent


def _baseline_file(config: Config, explicit: str | None, disabled: bool,
                   new_since: str | None) -> str | None:
    """``--baseline FILE`` (relative to the working directory), else the config's
    ``baseline`` (relative to the project root) unless disabled or ``--new-since``."""
    if explicit or disabled or new_since:
        return explicit
    if not config.baseline:
        return None
    from govlint.exceptions.baseline import configured_path

    return str(configured_path(config))


def _baseline_change(config: Config, explicit: str | None, disabled: bool,
                     base: str | None) -> dict[str, object] | None:
    """With a base ref (``--new-since``/``--changed-since``) and a baseline file
    (``--baseline`` or the config's), how many entries the branch added to it."""
    if base is None or disabled:
        return None
    if explicit:
        path = Path(explicit).absolute()
    elif config.baseline:
        from govlint.exceptions.baseline import configured_path

        path = configured_path(config)
    else:
        return None
    from govlint.exceptions.gitref import baseline_change

    return baseline_change(base, path, config)


def _waiver_change(config: Config, explicit: str | None,
                   base: str | None) -> dict[str, object] | None:
    """With a base ref, the waivers the branch added to the waiver file (a review bot lists
    them: exceptions a merge request grants itself)."""
    if base is None:
        return None
    from govlint.exceptions.apply import waivers_path
    from govlint.exceptions.gitref import waiver_change

    path = waivers_path(config, explicit)
    return None if path is None else waiver_change(base, path, config)


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    from govlint.files.shard import parse

    return None if value is None else parse(value)
