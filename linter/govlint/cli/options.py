"""Options and helpers shared by the commands that lint."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

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
    return timeout_option(custom_functions_option(func))


_TIMEOUT = "govlint.timeout_per_file"


def timeout_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--timeout-per-file SECONDS`` (``GOVLINT_TIMEOUT_PER_FILE``): a file whose reading or
    rules take longer becomes a ``file-timeout`` finding (govlint.budget). Kept in the click
    context, like ``--allow-custom-functions``, so no command signature changes."""

    def remember(ctx: click.Context, _param: click.Parameter, value: float | None) -> None:
        if value is not None:
            ctx.meta[_TIMEOUT] = value

    return click.option(
        "--timeout-per-file", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
        envvar="GOVLINT_TIMEOUT_PER_FILE", expose_value=False, callback=remember,
        help="Stop reading or linting a file after SECONDS (default 60; 0: no limit): it "
             "becomes a file-timeout finding instead of a stalled job.",
    )(func)


_ALLOW_CUSTOM = "govlint.allow_custom_functions"


def custom_functions_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--allow-custom-functions`` (or ``GOVLINT_ALLOW_CUSTOM_FUNCTIONS=1``): run the Python
    of a ruleset's ``functionsDir``. Off by default because rulesets usually come from the
    repository being linted, i.e. from whoever opened the merge request
    (docs/security.md). Kept in the click context so no command signature changes."""

    def remember(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
        ctx.meta[_ALLOW_CUSTOM] = bool(value) or ctx.meta.get(_ALLOW_CUSTOM, False)
        return value

    return click.option(
        "--allow-custom-functions", is_flag=True, envvar="GOVLINT_ALLOW_CUSTOM_FUNCTIONS",
        expose_value=False, callback=remember,
        help="Run Python functions from a ruleset's functionsDir (trusted repositories "
             "only; never for fork merge requests or pull_request_target). Env: "
             "GOVLINT_ALLOW_CUSTOM_FUNCTIONS=1.",
    )(func)


def custom_functions_allowed() -> bool:
    """Whether this command was given the opt-in (see :func:`custom_functions_option`)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(_ALLOW_CUSTOM, False))


def load_config_for(config_path: str | None, governance: str | None,
                    allow_remote_refs: bool, start: Path | None = None,
                    paths: Sequence[str] = ()) -> Any:
    """The run's config: ``--config FILE`` (then the one config of every file), else the
    nearest ``.govlint.yaml`` above ``start`` (the working directory by default; ``lint -``:
    the ``--stdin-filename``'s directory). Every other file finds its own nearest config
    through ``config.for_file``; ``--governance`` and ``--allow-remote-refs`` apply to
    every config of the run. ``paths``: the run's PATHs (they may widen the project root)."""
    from govlint.config import load_config

    widen = [*paths, *([str(_existing(start))] if start is not None else [])]
    config = load_config(Path(config_path) if config_path else None, paths=widen,
                         start=_existing(start) if start is not None else None)
    if governance:
        config.governance = governance
        config.cli_governance = governance
    config.allow_remote_refs = allow_remote_refs
    config.allow_custom_functions = custom_functions_allowed()
    ctx = click.get_current_context(silent=True)
    if ctx is not None and _TIMEOUT in ctx.meta:
        config.timeout_per_file = float(ctx.meta[_TIMEOUT])
    return config


_SIZE_UNITS = {"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "KIB": 1 << 10, "M": 1 << 20,
               "MB": 1 << 20, "MIB": 1 << 20, "G": 1 << 30, "GB": 1 << 30, "GIB": 1 << 30}


def parse_size(value: str) -> int:
    """``64MB`` -> bytes (units are powers of 1024; a bare number is bytes)."""
    import re

    match = re.fullmatch(r"\s*(\d{1,15})\s*([A-Za-z]{0,3})\s*", value)
    unit = match.group(2).upper() if match else ""
    if match is None or unit not in _SIZE_UNITS or int(match.group(1)) == 0:
        raise click.BadParameter(f"{value!r}: expected a size such as 64MB, 512KB or 1048576",
                                 param_hint="--max-file-size")
    return int(match.group(1)) * _SIZE_UNITS[unit]


def _existing(directory: Path) -> Path:
    """``directory`` or its nearest existing ancestor (a stream may name a new file)."""
    while not directory.is_dir() and directory.parent != directory:
        directory = directory.parent
    return directory


def progress_printer(quiet: bool) -> Callable[[int, int], None] | None:
    """Progress on stderr for long runs: on a terminal, a one-line counter (runs of 50 files
    or more); in CI (``CI`` set, as GitLab, GitHub and most runners do), a plain line every
    10 s once a run has taken 10 s, so a slow job shows it is alive and how far it got."""
    import os

    if quiet:
        return None
    if sys.stderr.isatty():

        def show(done: int, total: int) -> None:
            if total < 50:
                return
            end = "\n" if done == total else ""
            sys.stderr.write(f"\rgovlint: {done}/{total} files{end}")
            sys.stderr.flush()

        return show
    if not os.environ.get("CI"):
        return None
    import time

    start = time.monotonic()
    last = [start]

    def log(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY and not (done == total and last[0] > start):
            return
        last[0] = now
        sys.stderr.write(f"govlint: {done}/{total} files ({now - start:.0f} s)\n")
        sys.stderr.flush()

    return log


PROGRESS_EVERY = 10.0  # seconds between CI progress lines
