"""The ``govlint`` command group. Subcommands are imported lazily so ``govlint lint`` on one
file (a pre-commit hook on every commit) does not pay for the imports of ``score`` or
``dashboard``."""

from __future__ import annotations

import gc
import importlib
import os
import re
import sys

import click

from govlint import __version__

# command name -> "module:attribute"; a new command is one line here plus its module.
COMMANDS: dict[str, str] = {
    "lint": "govlint.cli.lint:lint",
    "rules": "govlint.cli.rules:rules",
    "upgrade-check": "govlint.cli.upgrade:upgrade_check",
    "waive": "govlint.cli.waive:waive",
    "baseline": "govlint.cli.baseline:baseline",
    "merge": "govlint.cli.merge:merge",
    "score": "govlint.cli.score:score",
    "rollup": "govlint.cli.score:rollup",
    "history": "govlint.cli.history:history",
    "dashboard": "govlint.cli.dashboard:dashboard",
    "diff": "govlint.cli.diff:diff",
    "comment": "govlint.cli.comment:comment",
    "db": "govlint.cli.db:db",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._importable(name))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # command not built yet
                return None
            raise
        return getattr(module, attr)

    @staticmethod
    def _importable(name: str) -> bool:
        import importlib.util

        return importlib.util.find_spec(COMMANDS[name].split(":")[0]) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govlint")
def cli() -> None:
    """Governance policy-as-code linter for OpenAPI specs, Kubernetes resources and
    service configs."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: a GovlintError becomes a one-line message and exit code 2, any other
    exception a one-line internal error and exit code 4."""
    # The collector stays off after the run too (run() restores what it found): turned back
    # on, its first collection would scan the whole heap on the way out (0.3-0.6 s on
    # GitHub's spec) for a process that is about to end.
    gc.disable()
    code = run(argv)
    # The process ends here, so skip tearing down the heap object by object (a big run's
    # documents and findings: 50 ms for GitHub's spec, seconds for a directory), as mypy
    # does. Files were closed by the commands; only the standard streams need a flush.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = code or 1
    os._exit(code)


def run(argv: list[str] | None = None) -> int:
    """The command's exit code (what :func:`main` exits with)."""
    from govlint.errors import GovlintError
    from govlint.memory import collector_paused

    try:
        # Without standalone mode click returns (not raises) the code of ctx.exit(code).
        with collector_paused():  # see govlint.memory: ~20 % of a big run otherwise
            result = cli.main(args=argv, prog_name="govlint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 2
    except GovlintError as exc:
        from govlint.reports.text import printable

        text = str(exc)
        db = sys.modules.get("govlint.score.db")  # loaded: a database URL's password is known
        if db is not None:
            text = db.redact(text)
        click.echo(f"govlint: error: {printable(text, keep_newlines=True)}", err=True)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except OSError as exc:  # the environment (permissions, disk), not a bug: a message
        from govlint.reports.text import printable

        where = f": {printable(str(exc.filename))}" if exc.filename else ""
        click.echo(f"govlint: error: {printable(exc.strerror or str(exc))}{where}", err=True)
        return 2
    except re.error as exc:  # a glob or pattern from the command line or a file
        from govlint.errors import processing_of
        from govlint.reports.text import printable

        where = processing_of(exc)
        click.echo(f"govlint: error: invalid glob or pattern: {printable(exc.msg)}"
                   + (f" (in {printable(where)})" if where else ""), err=True)
        return 2
    except Exception as exc:  # a bug in govlint, whatever the input: a message, not a traceback
        return internal_error(exc)
    return result if isinstance(result, int) else 0


def internal_error(exc: BaseException) -> int:
    """Print one line naming the file being processed and the error; exit 4
    (``GOVLINT_DEBUG=1`` adds the traceback)."""
    from govlint.errors import INTERNAL_ERROR, processing_of
    from govlint.reports.text import printable

    where = processing_of(exc)
    detail = printable(" ".join(str(exc).split()))[:500]
    message = f"govlint: internal error ({type(exc).__name__}"
    message += f": {detail})" if detail else ")"
    if where:
        message += f" while processing {printable(where)}"
    click.echo(message + "; please report it (GOVLINT_DEBUG=1 shows the traceback)", err=True)
    if os.environ.get("GOVLINT_DEBUG"):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    return INTERNAL_ERROR
