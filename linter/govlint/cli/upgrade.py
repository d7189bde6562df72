"""``govlint upgrade-check --to VERSION``: what moving up the governance spec would change."""

from __future__ import annotations

import json
import sys

import click

from govlint.cli.options import custom_functions_option, load_config_for
from govlint.wording import plural


@click.command("upgrade-check")
@custom_functions_option
@click.argument("paths", nargs=-1)
@click.option("--to", "target", required=True, type=click.Choice(["3.1", "3.2"]),
              help="Governance version to move to.")
@click.option("--from", "current", type=click.Choice(["3.1", "3.2"]),
              help="Current version (default: the config's pin).")
@click.option("--config", "-c", "config_path", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def upgrade_check(paths: tuple[str, ...], target: str, current: str | None,
                  config_path: str | None, fmt: str) -> None:
    """Lint PATHS with the current and the target governance version and show the findings
    the move would add and remove. Exit 1 when it would add errors."""
    from govlint.pipeline import LintRequest, lint
    from govlint.rules.diff import diff_findings

    config = load_config_for(config_path, current, False, paths=paths)
    source = config.governance
    before = lint(LintRequest(paths=list(paths) or ["."], config=config)).report
    config.governance = config.cli_governance = target
    if config.tree is not None:  # every per-service config moves to the target too
        from govlint.config import ConfigTree

        config.tree = ConfigTree(config)
    after = lint(LintRequest(paths=list(paths) or ["."], config=config)).report
    result = diff_findings(before.results, after.results)
    if fmt == "json":
        json.dump({"from": source, "to": target, **result.to_json()}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        click.echo(f"Moving governance {source} -> {target}:")
        for title, items, sign in (("would be added", result.added, "+"),
                                   ("would go away", result.removed, "-")):
            click.echo(f"\n{plural(len(items), 'finding')} {title}:")
            for f in items:
                click.echo(f"  {sign} {f.file}:{f.line}:{f.column}  {f.severity.label:<5} "
                           f"{f.rule}  {f.message}")
        click.echo(f"\n{plural(len(result.severity_changed), 'finding')} "
                   f"change{'s' if len(result.severity_changed) == 1 else ''} severity:")
        for a, b in result.severity_changed:
            click.echo(f"  ~ {b.file}:{b.line}:{b.column}  {a.severity.label} -> "
                       f"{b.severity.label}  {b.rule}  {b.message}")
    from govlint.findings.model import Severity

    sys.exit(1 if any(f.severity is Severity.ERROR for f in result.added) else 0)
