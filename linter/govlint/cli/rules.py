"""``govlint rules list|explain|diff``."""

from __future__ import annotations

import json
import sys

import click

from govlint.cli.options import custom_functions_allowed, custom_functions_option, load_config_for
from govlint.rules.diff import effective_severity
from govlint.wording import plural


@click.group()
def rules() -> None:
    """Show the rules of the active ruleset, explain one, or compare governance versions."""


@rules.command("list")
@custom_functions_option
@click.option("--ruleset", "-r", "rulesets", multiple=True, metavar="FILE")
@click.option("--config", "-c", "config_path", type=click.Path(dir_okay=False))
@click.option("--governance", type=click.Choice(["3.1", "3.2"]))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_rules(rulesets: tuple[str, ...], config_path: str | None, governance: str | None,
               fmt: str) -> None:
    """Every rule with its severity in the pinned governance version (``off``: defined
    but not enforced in this version)."""
    from govlint.pipeline import load_rules

    config = load_config_for(config_path, governance, False)
    ruleset = load_rules(config, list(rulesets) or None)
    shown = sorted(ruleset.rules.values(), key=lambda r: r.name)
    if fmt == "json":
        json.dump({
            "governance": ruleset.governance, "digest": ruleset.digest,
            "rules": [{"id": r.name, "severity": effective_severity(r),
                       "description": r.description or "", "sandboxable": r.sandboxable,
                       "scope": r.scope} for r in shown],
        }, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    if ruleset.governance:
        click.echo(f"governance {ruleset.governance}  ({ruleset.digest[:19]})")
    width = max((len(r.name) for r in shown), default=4)
    for r in shown:
        click.echo(f"{r.name:<{width}}  {effective_severity(r):<5}  "
                   f"{_first_line(r.description)}")
    click.echo(plural(len(shown), "rule"))


@rules.command("explain")
@custom_functions_option
@click.argument("rule_id")
@click.option("--ruleset", "-r", "rulesets", multiple=True, metavar="FILE")
@click.option("--config", "-c", "config_path", type=click.Path(dir_okay=False))
@click.option("--governance", type=click.Choice(["3.1", "3.2"]))
def explain(rule_id: str, rulesets: tuple[str, ...], config_path: str | None,
            governance: str | None) -> None:
    """What RULE_ID checks, why, its severity and options, and its documentation page."""
    from govlint.errors import GovlintError
    from govlint.pipeline import BUILTIN_RULES, load_rules

    config = load_config_for(config_path, governance, False)
    ruleset = load_rules(config, list(rulesets) or None)
    rule = ruleset.rules.get(rule_id)
    if rule is None:
        if rule_id in BUILTIN_RULES:
            severity, description = BUILTIN_RULES[rule_id]
            click.echo(f"{rule_id} ({severity}, built in)\n\n{description}")
            page = _doc_page(rule_id)
            if page:
                click.echo("\n" + page.rstrip())
            return
        raise GovlintError(f"no rule {rule_id!r} in {', '.join(ruleset.sources)}")
    click.echo(f"{rule.name} ({effective_severity(rule)})")
    if rule.description:
        click.echo(f"\n{rule.description}")
    if rule.rationale:
        click.echo(f"\nWhy: {rule.rationale.strip()}")
    details = [
        ("applies to", ", ".join(sorted(rule.formats)) if rule.formats else "any document"),
        ("artifacts", ", ".join(rule.artifacts)),
        ("sandboxable", "yes" if rule.sandboxable else "no"),
        ("scope", rule.scope),
        ("defined in", rule.source),
    ]
    click.echo("")
    for label, value in details:
        if value:
            click.echo(f"{label + ':':<13} {value}")
    page = _doc_page(rule.name)
    if page:
        click.echo("\n" + page.rstrip())
    elif rule.documentation_url:
        click.echo(f"\nDocumentation: {rule.documentation_url}")


@rules.command("diff")
@custom_functions_option
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def diff(old: str, new: str, fmt: str) -> None:
    """Rules added, removed and changed between governance versions OLD and NEW
    (e.g. ``3.1 3.2``), or between two ruleset files."""
    from pathlib import Path

    from govlint.rules.diff import diff_rulesets
    from govlint.rules.ruleset import load_ruleset

    def load(ref: str) -> object:
        name = f"govlint:governance@{ref}" if ref.replace(".", "").isdigit() else ref
        return load_ruleset([name], base_dir=Path.cwd(), trusted=[name],
                            allow_custom_functions=custom_functions_allowed())

    result = diff_rulesets(load(old), load(new))  # type: ignore[arg-type]
    if fmt == "json":
        json.dump(result.to_json(), sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return
    click.echo(f"Rules {old} -> {new}")
    for rule in result.added:
        click.echo(f"  + {rule.name:<24} {effective_severity(rule):<5} "
                   f"{_first_line(rule.description)}")
    for rule in result.removed:
        click.echo(f"  - {rule.name:<24} {effective_severity(rule):<5} "
                   f"{_first_line(rule.description)}")
    for change in result.changed:
        parts = [f"{what}: {a} -> {b}" for what, (a, b) in change.changes.items()]
        click.echo(f"  ~ {change.rule:<24} " + "; ".join(parts))
    for name, (a, b) in result.vars_changed.items():
        click.echo(f"  ~ var {name}: {a!r} -> {b!r}")
    click.echo(f"{len(result.added)} added, {len(result.removed)} removed, "
               f"{len(result.changed)} changed")


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def _doc_page(rule_id: str) -> str | None:
    from govlint.resources import rule_page

    return rule_page(rule_id)
