"""``govlint diff BASE HEAD``: breaking changes between two versions of an OpenAPI spec,
with oasdiff's check ids as rule ids (``docs/breaking-changes.md``)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from govlint.findings.model import Finding
    from govlint.reports.model import RuleInfo

_LEVELS = ("error", "warn", "info")
_ALIASES = {"err": "error", "warning": "warn"}  # oasdiff's ERR|WARN|INFO, any case


def _level(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    """oasdiff's spellings (``ERR``, ``WARN``, ``INFO``, any case) as govlint's levels."""
    return _ALIASES.get(value, value)


def _level_choice(*extra: str) -> click.Choice:
    return click.Choice((*_LEVELS, *extra, "err"), case_sensitive=False)


@click.command()
@click.argument("base")
@click.argument("head")
@click.option("--level", type=_level_choice(), default="warn", show_default=True,
              callback=_level,
              help="Report changes at this level or above: error (breaking), warn (possibly "
                   "breaking), info (every change: a changelog).")
@click.option("--fail-on", type=_level_choice("none"), default="error", callback=_level,
              show_default=True, help="Exit 1 when a reported change is at this level or "
                                      "above (none: never). oasdiff's ERR, WARN, INFO "
                                      "are accepted too (any case).")
@click.option("--stability-level", type=click.Choice(["draft", "alpha", "beta", "stable"],
                                                    case_sensitive=False),
              default="beta", show_default=True,
              help="Ignore changes to endpoints less stable than this (x-stability-level).")
@click.option("--deprecation-days-beta", type=click.IntRange(min=0), default=0,
              show_default=True, help="Minimum days from deprecation to sunset (x-sunset) "
                                      "for beta endpoints.")
@click.option("--deprecation-days-stable", type=click.IntRange(min=0), default=0,
              show_default=True, help="Minimum days from deprecation to sunset (x-sunset) "
                                      "for stable endpoints.")
@click.option("--severity-levels", type=click.Path(dir_okay=False), default=None,
              help="oasdiff-style file of `<check-id> ERR|WARN|INFO|NONE` lines overriding "
                   "levels.")
@click.option("--format", "-f", "formats", multiple=True, metavar="NAME[:FILE]",
              help="Report format, optionally to a file (repeatable): stylish (default), "
                   "json, sarif, gitlab, junit, github, markdown.")
@click.option("--ruleset", "-r", "rulesets", multiple=True, metavar="FILE",
              help="Ruleset whose `rules: {check-id: severity}` entries adjust levels "
                   "(default: the config's `rulesets`, if set).")
@click.option("--config", "-c", "config_path", type=click.Path(dir_okay=False),
              help="Project config (default: .govlint.yaml found upward).")
@click.option("--allow-remote-refs", is_flag=True, help="Fetch http(s) $refs.")
def diff(base: str, head: str, level: str, fail_on: str, stability_level: str,
         deprecation_days_beta: int, deprecation_days_stable: int,
         severity_levels: str | None, rulesets: tuple[str, ...], formats: tuple[str, ...],
         config_path: str | None, allow_remote_refs: bool) -> None:
    """Compare BASE and HEAD (files, or REV:PATH for a git revision) and report the
    changes, oasdiff's check ids as rules: ERR -> error, WARN -> warn, INFO -> info."""
    from pathlib import Path

    from govlint.cli.options import load_config_for
    from govlint.diff.model import Options
    from govlint.diff.run import diff as run_diff
    from govlint.diff.run import parse_severity_levels
    from govlint.findings.fingerprint import assign
    from govlint.findings.model import Severity
    from govlint.reports.model import Report, sort_findings
    from govlint.reports.output import emit, parse_specs

    config = load_config_for(config_path, None, allow_remote_refs)
    targets = parse_specs(formats)
    overrides: dict[str, Severity] = {}
    if rulesets or config.rulesets is not None:  # `rules:` adjustments, as for any rule
        from govlint.pipeline import load_rules

        overrides.update(load_rules(config, list(rulesets) or None).diff_severities)
    if severity_levels:  # oasdiff's own file format, the last word
        overrides.update(parse_severity_levels(Path(severity_levels)))
    options = Options(stability_level=stability_level,
                      deprecation_days_beta=deprecation_days_beta,
                      deprecation_days_stable=deprecation_days_stable)
    findings, files = run_diff(base, head, config, options, overrides)
    threshold = Severity.parse(level)
    from govlint.diff.structure import NOTICES

    # govlint's own notices (a spec not compared, a comparison stopped) at any --level
    findings = sort_findings(f for f in findings
                             if f.severity.at_least(threshold) or f.rule in NOTICES)
    assign(findings)
    report = Report(results=findings, files=files, rules=_rule_infos(findings),
                    rulesets=["govlint:diff"], results_sorted=True)
    emit(report, targets)
    failing = fail_on != "none" and any(
        f.severity.at_least(Severity.parse(fail_on)) for f in findings)
    sys.exit(1 if failing else 0)


def _rule_infos(findings: list[Finding]) -> dict[str, RuleInfo]:
    """SARIF/JUnit rule entries for the checks that fired (and parse/ref problems)."""
    from govlint.diff.levels import LEVELS
    from govlint.diff.model import LEVEL_TO_SEVERITY, describe
    from govlint.pipeline import BUILTIN_RULES
    from govlint.reports.model import RuleInfo

    infos: dict[str, RuleInfo] = {}
    for f in findings:
        if f.rule in infos:
            continue
        if f.rule in LEVELS:
            infos[f.rule] = RuleInfo(id=f.rule, severity=LEVEL_TO_SEVERITY[LEVELS[f.rule]],
                                     description=describe(f.rule))
        else:
            severity, description = BUILTIN_RULES.get(f.rule, (f.severity.label, ""))
            infos[f.rule] = RuleInfo(id=f.rule, severity=severity, description=description,
                                     page=f.rule if f.rule in BUILTIN_RULES else "")
    return infos
