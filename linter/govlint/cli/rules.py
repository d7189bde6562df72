"""``govlint rules list|explain|diff``."""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING

import click

from govlint.cli.options import custom_functions_allowed, custom_functions_option, load_config_for
from govlint.rules.diff import effective_severity
from govlint.wording import plural

if TYPE_CHECKING:
    from govlint.functions.api import RuleFunction
    from govlint.rules.model import Ruleset


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
    from govlint.pipeline import load_rules, warn_governance_flag

    config = load_config_for(config_path, governance, False)
    ruleset = load_rules(config, list(rulesets) or None)
    warn_governance_flag(config, ruleset)
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
    from govlint.pipeline import BUILTIN_RULES, load_rules, warn_governance_flag
    from govlint.wording import did_you_mean

    config = load_config_for(config_path, governance, False)
    ruleset = load_rules(config, list(rulesets) or None)
    warn_governance_flag(config, ruleset)
    # Rule ids are matched case-insensitively (`trc-001`), as ruff and Spectral users type them.
    known = {**{name: name for name in BUILTIN_RULES}, **{name: name for name in ruleset.rules}}
    folded = {name.casefold(): name for name in sorted(known)}
    rule_id = known.get(rule_id) or folded.get(rule_id.casefold(), rule_id)
    rule = ruleset.rules.get(rule_id)
    if rule is None:
        if rule_id in BUILTIN_RULES:
            severity, description = BUILTIN_RULES[rule_id]
            click.echo(f"{rule_id} ({severity}, built in)\n\n{description}")
            page = _doc_page(rule_id)
            if page:
                click.echo("\n" + page.rstrip())
            return
        from govlint.diff.levels import LEVELS

        if rule_id in LEVELS:  # a breaking-change check of govlint diff / --breaking-since
            from govlint.diff.model import LEVEL_TO_SEVERITY, describe

            severity = ruleset.diff_severities.get(rule_id)
            label = severity.label if severity is not None else \
                LEVEL_TO_SEVERITY[LEVELS[rule_id]]
            click.echo(f"{rule_id} ({label}, govlint diff / lint --breaking-since)\n\n"
                       f"{describe(rule_id)}.")
            return
        page = _doc_page(rule_id.upper()) if _SPEC_ID.match(rule_id) else None
        if page:  # SBX-004, or a rule of another governance version than this ruleset's
            rule_id = rule_id.upper()
            where = f"governance {ruleset.governance}" if ruleset.governance else \
                ", ".join(ruleset.sources)
            click.echo(f"{rule_id} ({_NOT_A_RULE.get(rule_id, f'not a rule of {where}')})")
            click.echo("\n" + page.rstrip())
            return
        var = _folded_get(ruleset.vars, rule_id)
        if var is not None:
            _explain_var(var, ruleset, config.vars, rulesets)
            return
        from govlint.functions.registry import builtin_functions

        functions = builtin_functions()
        function = _folded_get(functions, rule_id)
        if function is not None:
            _explain_function(function, functions[function], ruleset)
            return
        raise GovlintError(f"no rule {rule_id!r} (nor a var or function) in "
                           f"{', '.join(ruleset.sources)}"
                           f"{did_you_mean(rule_id, [*known, *ruleset.vars, *functions])}")
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


def _folded_get(names: object, wanted: str) -> str | None:
    """The name in ``names`` equal to ``wanted``, else equal ignoring case (``infrapaths``)."""
    known = sorted(str(n) for n in names)  # type: ignore[attr-defined]
    if wanted in known:
        return wanted
    return next((n for n in known if n.casefold() == wanted.casefold()), None)


def _explain_var(name: str, ruleset: Ruleset, config_vars: dict[str, object],
                 rulesets: tuple[str, ...]) -> None:
    """A ruleset var: what it means (its comment in the ruleset), default, value, readers."""
    from govlint.wording import shown

    where = f"governance {ruleset.governance}" if ruleset.governance else \
        ", ".join(ruleset.sources)
    click.echo(f"{name} (var of {where})")
    description = _var_descriptions(ruleset.governance, rulesets).get(name)
    if description:
        click.echo(f"\n{description}")
    click.echo("")
    default = ruleset.var_defaults.get(name, ruleset.vars[name])
    click.echo(f"{'default:':<13} {shown(default)}")
    if name in config_vars:
        click.echo(f"{'value:':<13} {shown(ruleset.vars[name])} (set in .govlint.yaml vars)")
    readers = ruleset.var_readers.get(name, ())
    click.echo(f"{'read by:':<13} {', '.join(readers) if readers else '(no rule)'}")
    click.echo(f"{'set it:':<13} .govlint.yaml `vars: {{{name}: ...}}`")


def _explain_function(name: str, function: RuleFunction, ruleset: Ruleset) -> None:
    """A built-in rule function: its documentation and the rules of this ruleset using it."""
    import inspect

    module = sys.modules.get(function.impl.__module__)
    doc = inspect.getdoc(function.impl) or inspect.getdoc(module) or ""
    kind = function.impl.__module__.rsplit(".", 2)[-2] if "." in function.impl.__module__ \
        else "built-in"
    click.echo(f"{name} (function, {kind}; scope: {function.scope})")
    if doc:
        click.echo(f"\n{doc.strip()}")
    options = sorted((function.options_schema or {}).get("properties") or {})
    users = sorted(r.name for r in ruleset.rules.values()
                   if any(t.function.name == name for t in r.then))
    click.echo("")
    click.echo(f"{'options:':<13} {', '.join(options) if options else '(none)'}")
    click.echo(f"{'used by:':<13} {', '.join(users) if users else '(no rule of this ruleset)'}")


_VAR_LINE = re.compile(r"^(\s+)([A-Za-z_][\w-]{0,100}):")
_COMMENT_LINE = re.compile(r"^\s+#\s?(.{0,500})$")


def _var_descriptions(governance: str | None, rulesets: tuple[str, ...]) -> dict[str, str]:
    """Each var's description: the comment above it in a ``vars:`` block, first found in
    the rulesets named by -r, then the pinned governance version's files, then the others."""
    from pathlib import Path

    from govlint.resources import rulesets_dir

    base = rulesets_dir()
    pinned = sorted((base / "governance" / governance).glob("*.yaml")) if governance else []
    files = [Path(r) for r in rulesets if Path(r).is_file()] + pinned + \
        sorted(p for p in base.rglob("*.yaml") if p not in pinned)
    found: dict[str, str] = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")[:1_000_000]
        except (OSError, UnicodeDecodeError):
            continue
        for name, comment in _commented_vars(text.splitlines()):
            found.setdefault(name, comment)
    return found


def _commented_vars(lines: list[str]) -> list[tuple[str, str]]:
    """``(name, comment)`` of the commented entries of a top-level ``vars:`` block."""
    out: list[tuple[str, str]] = []
    inside, comment, indent = False, [], None
    for line in lines:
        if not line.strip():
            continue
        if not line[0].isspace():
            inside, comment, indent = line.rstrip() == "vars:", [], None
            continue
        if not inside:
            continue
        note = _COMMENT_LINE.match(line)
        if note:
            comment.append(note.group(1).strip())
            continue
        var = _VAR_LINE.match(line)
        if var and (indent is None or len(var.group(1)) == indent):
            indent = len(var.group(1))
            if comment:
                out.append((var.group(2), " ".join(comment)))
            comment = []
    return out


@rules.command("diff")
@custom_functions_option
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def diff(old: str, new: str, fmt: str) -> None:
    """Rules added, removed and changed between governance versions OLD and NEW
    (e.g. ``3.1 3.2``), or between two ruleset files."""
    from pathlib import Path

    from govlint.rules.diff import diff_rulesets, option_changes
    from govlint.rules.ruleset import load_ruleset
    from govlint.wording import shown

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
        parts: list[str] = []
        for what, (a, b) in change.changes.items():
            if what == "options":  # each option, not the whole functionOptions list
                parts += [f"{key}: {shown(x)} -> {shown(y)}"
                          for key, x, y in option_changes(a, b)]
            elif what == "given":  # one list of JSONPath expressions per given
                parts.append(f"given: {shown([e for g in a for e in g])} -> "
                             f"{shown([e for g in b for e in g])}")
            else:
                parts.append(f"{what}: {shown(a)} -> {shown(b)}")
        click.echo(f"  ~ {change.rule:<24} " + "; ".join(parts))
    for name, (a, b) in result.vars_changed.items():
        click.echo(f"  ~ var {name}: {shown(a)} -> {shown(b)}")
    click.echo(f"{len(result.added)} added, {len(result.removed)} removed, "
               f"{len(result.changed)} changed")


_SPEC_ID = re.compile(r"^[A-Za-z]{3}-[0-9]{3}$")
# Ids of the spec that are mechanisms, not rules with findings.
_NOT_A_RULE = {"SBX-004": "applied to other rules' findings in sandbox zones; no findings "
                          "of its own"}


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def _doc_page(rule_id: str) -> str | None:
    from govlint.resources import rule_page

    return rule_page(rule_id)
