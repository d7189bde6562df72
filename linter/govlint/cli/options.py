"""Options and helpers shared by the commands that lint."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from govlint.errors import GovlintError

SEVERITY_CHOICES = ["error", "warn", "info", "hint", "off"]


def lint_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options every linting command takes, in one place."""
    options = [
        click.option("--ruleset", "-r", "rulesets", multiple=True, metavar="FILE",
                     help="Ruleset file or built-in name (repeatable; replaces the config's)."),
        click.option("--config", "-c", "config_path", type=click.Path(dir_okay=False),
                     help="Config file (default: .govlint.yaml found upward)."),
        click.option("--governance", type=click.Choice(["3.1", "3.2"]),
                     help="Governance spec version to lint against (default: the config's "
                          "pin, else the latest)."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Worker processes (default: 1 below 64 files, else 1 per core, max 4)."),
        click.option("--allow-remote-refs", is_flag=True,
                     help="Fetch http(s) $refs (off by default: no network at run time)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def load_config_for(config_path: str | None, governance: str | None,
                    allow_remote_refs: bool) -> Any:
    from govlint.config import load_config

    config = load_config(Path(config_path) if config_path else None)
    if governance:
        config.governance = governance
    config.allow_remote_refs = allow_remote_refs
    return config


def parse_formats(values: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """``NAME[:FILE]`` pairs; the default is ``stylish`` to stdout."""
    from govlint.reports import FORMATTERS

    out: list[tuple[str, str | None]] = []
    for value in values or ("stylish",):
        name, _, target = value.partition(":")
        if name not in FORMATTERS:
            raise GovlintError(
                f"unknown format {name!r} (known: {', '.join(sorted(FORMATTERS))})"
            )
        out.append((name, target or None))
    stdout_count = sum(1 for _, t in out if t is None)
    if stdout_count > 1:
        raise GovlintError("only one --format may write to standard output; give FILEs")
    return out


def write_reports(report: Any, formats: list[tuple[str, str | None]]) -> None:
    from govlint.reports import render

    for name, target in formats:
        if target is None:
            render(name, report, sys.stdout, color=sys.stdout.isatty())
            sys.stdout.flush()
            continue
        path = Path(target)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="\n") as stream:
                render(name, report, stream, color=False)
        except OSError as exc:
            raise GovlintError(f"cannot write {name} report to {target}: {exc}") from None


def progress_printer(quiet: bool) -> Callable[[int, int], None] | None:
    """A one-line progress counter on stderr, only on a terminal and for many files."""
    if quiet or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < 50:
            return
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rgovlint: {done}/{total} files{end}")
        sys.stderr.flush()

    return show
