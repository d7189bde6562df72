"""``govlint merge REPORT.json... --format NAME[:FILE]``: join shard reports into any format.

A GitLab ``parallel: N`` job writes one JSON report per shard; a follow-up job merges them
into the Code Quality and JUnit reports GitLab reads. The merged JSON equals the report of
one unsharded run. A shard given twice or shards of different N exit 2; missing shards
leave the merged report partial (``"partial": {"shard": "1,3/3"}``) with a warning.

It is the gate of a sharded run, so it fails like ``lint`` by default: exit 1 on a finding
at or above ``--fail-severity`` (else the config's ``fail-severity``, else ``error``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument(
    "reports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--format", "-f", "formats", multiple=True, metavar="NAME[:FILE]",
    help="Output format, repeatable: json (default), stylish, sarif, gitlab, junit, github, "
    "markdown; ':FILE' writes to a file instead of standard output.",
)
@click.option(
    "--fail-severity", "-F", default=None, metavar="LEVEL",
    help="Exit 1 when the merged report has an active finding at or above LEVEL "
    "(error, warn, info, hint, off; default: the config's fail-severity, else error, as "
    "lint).",
)
@click.option("--max-warnings", type=click.IntRange(min=0), default=None,
              help="Also exit 1 when the merged report has more than N active warnings.")
def merge(reports: tuple[Path, ...], formats: tuple[str, ...], fail_severity: str | None,
          max_warnings: int | None) -> None:
    """Merge JSON reports of `govlint lint --shard K/N` runs into one report."""
    from govlint.errors import GovlintError
    from govlint.findings.model import Severity
    from govlint.reports.merge import merge as merge_reports
    from govlint.reports.merge import missing_shards, read_report
    from govlint.reports.output import emit, parse_specs

    specs = parse_specs(formats, default="json")
    if fail_severity is None:
        from govlint.config import load_config

        fail_severity = load_config().fail_severity or "error"
    try:
        threshold = Severity.parse(fail_severity)
    except ValueError as exc:
        raise GovlintError(f"--fail-severity: {exc}") from None
    merged = merge_reports([(str(p), read_report(p)) for p in reports])
    missing = missing_shards(merged.partial)
    if missing is not None:
        ks, n = missing
        click.echo(f"govlint: warning: shard{'s' if len(ks) > 1 else ''} "
                   f"{', '.join(f'{k}/{n}' for k in ks)} missing: the merged report is partial "
                   f"(shards {(merged.partial or {}).get('shard')})", err=True)
    emit(merged, specs)
    from govlint.pipeline import exit_code

    sys.exit(exit_code(merged, threshold, max_warnings))
