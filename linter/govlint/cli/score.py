"""``govlint score`` (lint and score PATHS) and ``govlint rollup`` (score JSON reports from
many repositories as one organisation). Both print the same table or JSON, can gate CI with
``--min-score`` and append a snapshot to the history database with ``--record``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from govlint.cli.dbopt import DB_HELP
from govlint.cli.options import (
    SEVERITY_CHOICES,
    lint_options,
    load_config_for,
    progress_printer,
)
from govlint.errors import GovlintError

OUTPUT_FORMATS = ["text", "json", "markdown", "html"]


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--format", "-f", "output_format", type=click.Choice(OUTPUT_FORMATS),
                     default="text", show_default=True, help="Output format."),
        click.option("--output", "-o", "output", type=click.Path(dir_okay=False),
                     help="Write the output to FILE instead of standard output."),
        click.option("--min-score", type=click.FloatRange(0, 100), default=None,
                     help="Exit 1 when the organisation score is below N (or there is no "
                          "score: nothing was scored)."),
        click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
                     help="How many most-violated rules to list."),
        click.option("--record", is_flag=True,
                     help="Append a snapshot to the history database."),
        click.option("--db", "db", metavar="URL", envvar="GOVLINT_DB_URL", default=None,
                     help=DB_HELP),
        click.option("--commit", metavar="SHA",
                     help="Commit of the snapshot (default: $CI_COMMIT_SHA, $GITHUB_SHA or "
                          "git HEAD)."),
        click.option("--branch", metavar="NAME",
                     help="Branch of the snapshot (default: $CI_COMMIT_REF_NAME, "
                          "$GITHUB_REF_NAME or the git branch)."),
        click.option("--repository", metavar="PATH",
                     help="Repository of the snapshot (default: $CI_PROJECT_PATH, "
                          "$GITHUB_REPOSITORY or the git remote's group/project)."),
        click.option("--pipeline", metavar="ID",
                     help="Pipeline of the snapshot (default: $CI_PIPELINE_ID, "
                          "$GITHUB_RUN_ID; none locally). With --job it identifies the "
                          "snapshot: recording again replaces it (a retried job)."),
        click.option("--job", metavar="NAME",
                     help="Job of the snapshot (default: $GOVLINT_JOB, $CI_JOB_NAME, "
                     "$GITHUB_JOB). GitHub matrix legs share $GITHUB_JOB: name each "
                     "leg (e.g. GOVLINT_JOB=${{ github.job }}-${{ strategy.job-index }})."),
        click.option("--mr", metavar="IID",
                     help="Merge request of the snapshot (default: $CI_MERGE_REQUEST_IID, "
                          "the GitHub pull request): an MR pipeline."),
        click.option("--fail-severity", "-F", type=click.Choice(SEVERITY_CHOICES),
                     default=None,
                     help="The gate of the recorded verdict, as lint's: rejected when a "
                          "finding is at or above it (default: the config's, else error); "
                          "its rules are the snapshot's failing rules."),
        click.option("--max-warnings", type=click.IntRange(min=0), default=None,
                     help="The gate also rejects more than N warnings (as lint's)."),
        click.option("--verdict", type=click.Choice(["passed", "failed"]), default=None,
                     help="The pipeline's real gate outcome to record (e.g. from lint's "
                          "exit status; a warn-only gate passes); default: computed from "
                          "--fail-severity/--max-warnings/--min-score."),
        click.option("--at", metavar="TIME",
                     help="Record the snapshot as taken at TIME (ISO 8601, default now; "
                          "for backfilling history)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.command()
@click.argument("paths", nargs=-1)
@lint_options
@click.option("--changed-since", metavar="REF",
              help="Score only files changed since git REF (the score is marked partial).")
@click.option("--shard", metavar="K/N",
              help="Score only the K-th of N shards (the score is marked partial).")
@output_options
def score(
    paths: tuple[str, ...], rulesets: tuple[str, ...], config_path: str | None,
    governance: str | None, jobs: int | None, allow_remote_refs: bool,
    changed_since: str | None, shard: str | None, **out: Any,
) -> None:
    """Lint PATHS and print the health score of documents, services, teams and the
    organisation (formula: docs/score.md)."""
    from govlint.cli.lint import _parse_shard
    from govlint.pipeline import LintRequest
    from govlint.pipeline import lint as run_lint
    from govlint.score.rollup import Source

    if out["record"] and (changed_since or shard):
        raise GovlintError("--record needs a full run: a --changed-since or --shard score is "
                           "partial and would be passed off as the whole project's health")
    config = load_config_for(config_path, governance, allow_remote_refs, paths=paths)
    outcome = run_lint(LintRequest(
        paths=list(paths) or ["."],
        config=config,
        rulesets=list(rulesets) or None,
        jobs=jobs or 0,
        shard=_parse_shard(shard),
        changed_since=changed_since,
        progress=progress_printer(out["output_format"] != "text"),
    ))
    source = Source(outcome.report, governance_globs=config.service_configs.get("governance"))
    out["fail_severity"] = out["fail_severity"] or config.fail_severity
    _finish([source], config.root, out)


@click.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False))
@output_options
def rollup(reports: tuple[str, ...], **out: Any) -> None:
    """Score JSON REPORTS (`govlint lint --format json`, e.g. CI artifacts of many
    repositories) as one organisation."""
    from govlint.reports.merge import read_report
    from govlint.score.rollup import Source

    sources = [Source(read_report(Path(p)), label=p) for p in reports]
    if not any(s.report.inventory or s.report.results or s.report.files for s in sources):
        raise GovlintError("the reports list no documents (written by an older govlint "
                           "without an inventory?)")
    _finish(sources, Path.cwd(), out)


def _finish(sources: list[Any], root: Path, out: dict[str, Any]) -> None:
    """Score, print, record, gate: what ``score`` and ``rollup`` share."""
    from govlint.score import rollup as rollup_mod

    today = _today(out["at"])
    built = rollup_mod.build(sources, today=today)
    result = rollup_mod.to_json(built, top=out["top"])
    if out["record"] and result["partial"]:
        raise GovlintError(f"snapshot not recorded: {_partial_text(built.partial)}, so the "
                           "score is partial and would be passed off as the whole project's "
                           "health; record a full run (govlint merge the shard reports first)")
    _write(result, out["output_format"], out["output"])
    code = _gate(result, out["min_score"])
    if out["record"]:
        from govlint.reports.text import printable
        from govlint.score.db import target
        from govlint.score.history import facts, record, snapshot_meta

        where = target(out["db"], root)
        meta = snapshot_meta(root, out["commit"], out["branch"], out["at"],
                             repository=out["repository"], pipeline=out["pipeline"],
                             job=out["job"], mr=out["mr"])
        found = facts(built, out["fail_severity"], out["max_warnings"])
        if out["verdict"] is not None:
            rejected = out["verdict"] == "failed"
        else:
            rejected = _rejected(built, out["fail_severity"], out["max_warnings"]) or code != 0
        done = record(where, result, meta, found, rejected=rejected)
        verb = "replaced" if done.replaced else "recorded"
        if done.kept_job is not None:
            click.echo(f"govlint: kept snapshot {done.id} in {printable(where.label)}: job "
                       f"id {printable(done.kept_job)} of this job already recorded it "
                       f"(newer than {printable(meta.job_id or '-')})", err=True)
        else:
            click.echo(f"govlint: {verb} snapshot {done.id} in {printable(where.label)} "
                       f"({printable(_where(meta))})", err=True)
    sys.exit(code)


def _partial_text(partial: Any) -> str:
    """``the report covers only files changed since HEAD~1`` (never a dict's repr)."""
    from govlint.reports.text import printable

    partial = partial if isinstance(partial, dict) else {}
    parts = []
    if partial.get("changedSince"):
        parts.append(f"only files changed since {printable(str(partial['changedSince']))}")
    if partial.get("shard"):
        parts.append(f"only shard {printable(str(partial['shard']))}")
    what = " and ".join(parts) or "only part of the project"
    return f"the report covers {what}"


def _rejected(built: Any, fail_severity: str | None, max_warnings: int | None) -> bool:
    """Lint's gate over the scored documents' active findings (``pipeline.exit_code``)."""
    from govlint.findings.model import Severity

    threshold = Severity.parse(fail_severity or "error")
    active = [f for doc in built.documents for f in doc.active]
    if any(f.severity.at_least(threshold) for f in active):
        return True
    warnings = sum(f.severity is Severity.WARN for f in active)
    return max_warnings is not None and warnings > max_warnings


def _where(meta: Any) -> str:
    """``main @ 1a2b3c4d``; outside git and CI, says how to name them (never a cut word)."""
    if not meta.commit and not meta.branch:
        return "no branch and no commit: not in a git repository; pass --branch/--commit"
    commit = meta.commit[:8] if meta.commit else "no commit"
    where = f"{meta.branch or 'no branch'} @ {commit}"
    if meta.repository:
        where = f"{meta.repository} {where}"
    if meta.mr:
        where += f", merge request !{meta.mr}"
    if meta.pipeline is not None:
        where += f", pipeline {meta.pipeline}" + (f" job {meta.job}" if meta.job else "")
    return where


def _today(at: str | None) -> Any:
    """Expiry horizons count from the snapshot's date (``--at``), else from today."""
    import datetime as dt

    if at:
        from govlint.score.history import timestamp

        return dt.date.fromisoformat(timestamp(at)[:10])
    from govlint.exceptions.common import today

    return today()


def _gate(result: dict[str, Any], min_score: float | None) -> int:
    if min_score is None:
        return 0
    score = result["organisation"]["score"]
    label = "partial score" if result.get("partial") else "organisation score"
    if score is None:
        click.echo(f"govlint: no documents were scored, so --min-score {min_score:g} is not "
                   "met", err=True)
        return 1
    if score < min_score:
        click.echo(f"govlint: {label} {score:.1f} is below --min-score {min_score:g}", err=True)
        return 1
    return 0


def _write(result: dict[str, Any], output_format: str, output: str | None) -> None:
    text = render(result, output_format)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        from govlint.reports.output import write_atomic

        write_atomic(Path(output), text)
    except OSError as exc:
        raise GovlintError(f"cannot write {output}: {exc}") from None


def render(result: dict[str, Any], output_format: str) -> str:
    if output_format == "json":
        from govlint.reports.json_format import dumps

        return dumps(result)
    if output_format == "markdown":
        from govlint.score.render import markdown

        return markdown(result)
    if output_format == "html":
        from govlint.score.dashboard.site import PageData
        from govlint.score.dashboard.site import render as page

        return page(PageData(result=result))
    from govlint.score.render import text

    return text(result)
