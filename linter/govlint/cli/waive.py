"""``govlint waive RULE FILE[#POINTER]``: record who excuses a finding, why and until when."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import click

from govlint.cli.options import custom_functions_option, load_config_for
from govlint.errors import GovlintError

_DAYS = re.compile(r"^\+?(\d+)d$")


@click.command()
@custom_functions_option
@click.argument("rule")
@click.argument("target", metavar="FILE[#POINTER]")
@click.option("--owner", required=True, help="Team or person accountable for the exception.")
@click.option("--approver", required=True,
              help="Who approved it (someone other than the owner).")
@click.option("--reason", required=True, help="Why the finding is acceptable for now.")
@click.option("--expires", required=True, metavar="DATE",
              help="YYYY-MM-DD, or Nd for N days from today; at most var maxWaiverDays "
                   "(default 180) ahead.")
@click.option("--ticket", default=None, help="Tracking issue for the fix.")
@click.option("--created", default=None, metavar="DATE", help="YYYY-MM-DD (default: today).")
@click.option("--waivers", "waivers_file", metavar="FILE",
              help="Waiver file to append to (default: the config's `waivers`, "
                   ".govlint/waivers.yaml).")
@click.option("--ruleset", "-r", "rulesets", multiple=True, metavar="FILE",
              help="Ruleset whose rule ids RULE is checked against (default: the config's).")
@click.option("--config", "-c", "config_path", type=click.Path(dir_okay=False))
@click.option("--governance", type=click.Choice(["3.1", "3.2"]))
def waive(rule: str, target: str, owner: str, approver: str, reason: str, expires: str,
          ticket: str | None, created: str | None, waivers_file: str | None,
          rulesets: tuple[str, ...], config_path: str | None, governance: str | None) -> None:
    """Append a waiver for RULE (an id or a glob such as NAM-*) in FILE (a path or glob,
    relative to the working directory), optionally only at or below the JSON POINTER.

    The waiver file keeps its comments and formatting; it is created when absent.

    \b
    Example:
      govlint waive NAM-001 'api/openapi.yaml#/paths/~1v1~1Orders' \\
        --owner orders-team --approver api-council \\
        --reason "legacy clients" --expires 90d --ticket GOV-12
    """
    from govlint.exceptions.common import max_waiver_days, resolve, today
    from govlint.exceptions.waiver_edit import append_waiver, read_entries
    from govlint.exceptions.waivers import check_entry, file_matches
    from govlint.pipeline import load_rules
    from govlint.reports.text import printable, scrub

    config = load_config_for(config_path, governance, False)
    on = today()
    ruleset = load_rules(config, list(rulesets) or None)
    max_days = max_waiver_days(config, ruleset.vars)
    diff_rule = _is_diff_rule(rule)
    # `files` are relative to the directory of the .govlint.yaml (its waiver file's)
    home = Path(os.path.normpath(config.root / config.directory))
    file, pointer = _target(target, home, missing_ok=diff_rule)
    if scrub(file) != file or any(scrub(v) != v for v in (owner, approver, reason)):
        raise GovlintError("waiver not added: the file name (or a value) is not valid UTF-8; "
                           "a waiver file is UTF-8 YAML: rename the file or use a glob")
    _check_rule(rule, ruleset)
    if pointer and not diff_rule:  # a removal's pointer is in the spec at REF
        _check_pointer(home, file, pointer, config)
    entry: dict[str, Any] = {"rule": rule, "files": file}
    if pointer:
        entry["pointer"] = pointer
    entry.update(owner=owner.strip(), approver=approver.strip(), reason=reason.strip())
    if ticket:
        entry["ticket"] = ticket.strip()
    entry["created"] = _date(created, "--created", on) if created else on
    entry["expires"] = _date(expires, "--expires", on)
    path = (resolve(waivers_file, Path.cwd()) if waivers_file
            else resolve(config.waivers, config.root))  # created when absent
    existing = read_entries(path)
    waiver, problems, expired = check_entry(entry, len(existing), on=on, max_days=max_days)
    if expired:
        problems.append((("expires",), f"expires {entry['expires']} is not after today ({on})"))
    if problems or waiver is None:
        details = "; ".join(m for _, m in problems)
        raise GovlintError(f"waiver not added: {details}")
    for i, other in enumerate(existing):
        same, _, other_expired = check_entry(other, i, on=on, max_days=10**6)
        if (same is not None and not other_expired and same.rule == waiver.rule
                and same.files == waiver.files and same.pointer == waiver.pointer):
            raise GovlintError(
                f"waiver not added: entry #{i} of {path} already waives {waiver.label()} "
                f"until {same.expires}; edit that entry to renew it")
    if not any(file_matches(f, file) for f in _existing_files(home, file)):
        if diff_rule:  # a spec deleted since --breaking-since REF: its findings name it
            click.echo(f"govlint: note: {printable(file)} is not in the working tree; for a "
                       "breaking change the file and pointer are the spec's at REF "
                       "(a spec deleted or renamed since REF)", err=True)
        else:
            click.echo(f"govlint: warning: {printable(file)} matches no file in the project",
                       err=True)
    index = append_waiver(path, entry)
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    click.echo(printable(f"{shown}: waiver #{index} added: {waiver.label()} until "
                         f"{waiver.expires} (owner {waiver.owner}, approved by "
                         f"{waiver.approver})"))


def _target(target: str, root: Path, missing_ok: bool = False) -> tuple[str, str]:
    """FILE[#POINTER] -> (root-relative file or glob, pointer). ``missing_ok``: a breaking
    change's file may be a spec deleted since REF (its findings name the file at REF)."""
    from govlint.files.discover import relpath
    from govlint.files.globs import has_magic

    raw, _, pointer = target.partition("#")
    if not raw.strip():
        raise GovlintError(f"waiver not added: no FILE in {target!r}")
    file = relpath(Path(os.path.abspath(raw)), root)
    if file == ".." or file.startswith("../") or os.path.isabs(file):
        raise GovlintError(f"waiver not added: {raw} is outside the project root {root}")
    if not has_magic(raw) and not missing_ok and not (root / file).exists():
        raise GovlintError(f"waiver not added: {raw}: no such file or directory")
    if not has_magic(raw) and (root / file).is_dir():
        file = file.rstrip("/") + "/"
    if pointer and not pointer.startswith("/"):
        raise GovlintError(f"waiver not added: pointer {pointer!r} must start with / "
                           "(escape / in keys as ~1, ~ as ~0)")
    return file, pointer


def _check_rule(rule: str, ruleset: Any) -> None:
    from fnmatch import fnmatchcase

    from govlint.exceptions.common import EXCEPTION_RULES
    from govlint.pipeline import BUILTIN_RULES

    if rule in EXCEPTION_RULES:
        raise GovlintError(f"waiver not added: {rule} reports on exceptions themselves and "
                           "cannot be waived")
    from govlint.diff.levels import LEVELS  # lint --breaking-since findings

    known = set(ruleset.rules) | (set(BUILTIN_RULES) - set(EXCEPTION_RULES)) | set(LEVELS)
    if not any(fnmatchcase(r, rule) for r in known):
        raise GovlintError(f"waiver not added: no rule matches {rule!r} in "
                           f"{', '.join(ruleset.sources)} (`govlint rules list` shows them)")


def _is_diff_rule(rule: str) -> bool:
    from fnmatch import fnmatchcase

    from govlint.diff.levels import LEVELS

    return any(fnmatchcase(r, rule) for r in LEVELS)


def _check_pointer(home: Path, file: str, pointer: str, config: Any) -> None:
    """A pointer into one named file must exist there (catches typos and bad escaping)."""
    from govlint.documents.load import load_file
    from govlint.files.globs import has_magic
    from govlint.findings.model import path_from_pointer

    path = home / file
    if has_magic(file) or not path.is_file():
        return
    segments = path_from_pointer(pointer)
    loaded = load_file(path, config.root, config)
    if not loaded.documents or any(_exists(d.data, segments) for d in loaded.documents):
        return
    raise GovlintError(f"waiver not added: {file} has nothing at {pointer} "
                       "(escape / in keys as ~1, ~ as ~0)")


def _exists(node: Any, segments: tuple[str, ...]) -> bool:
    for key in segments:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return False
    return True


def _existing_files(root: Path, pattern: str) -> list[str]:
    from govlint.files.discover import IGNORED_DIRS, relpath
    from govlint.files.globs import has_magic

    if not has_magic(pattern):
        return [pattern] if (root / pattern.rstrip("/")).exists() else []
    found: list[str] = []
    for current, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS)
        found.extend(relpath(Path(current) / name, root) for name in files)
    return found


def _date(value: str, option: str, on: dt.date) -> dt.date:
    days = _DAYS.match(value.strip())
    if days:
        return on + dt.timedelta(days=int(days.group(1)))
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise GovlintError(f"{option} must be a date YYYY-MM-DD or Nd (days from today), "
                           f"got {value!r}") from None
