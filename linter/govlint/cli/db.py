"""``govlint db status|upgrade``: the history database's schema version, and migrating it
explicitly (every command also migrates on first use; an operator may prefer to do it once,
before the pipelines of many repositories meet a new govlint)."""

from __future__ import annotations

import sys

import click

from govlint.cli.dbopt import db_option, db_target


@click.group()
def db() -> None:
    """The history database (SQLite or PostgreSQL): schema status and upgrade."""


@db.command()
@db_option
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True)
def status(db: str | None, output_format: str) -> None:
    """Print the schema version (and whether this govlint would migrate it), the number of
    snapshots and repositories. Exit 1 when the schema is older than this govlint's."""
    from govlint.score import db as store

    where = db_target(db)
    raw = store.connect(where, create=where.kind == "postgresql", target_version=0)
    try:
        info = store.status(raw)
    finally:
        raw.close()
    if output_format == "json":
        from govlint.reports.json_format import dumps

        sys.stdout.write(dumps(info))
    else:
        from govlint.reports.text import printable

        state = ("up to date" if info["upToDate"] else
                 f"older than this govlint's {info['supported']}: run `govlint db upgrade`")
        lines = [f"database: {printable(info['database'])} ({info['backend']})",
                 f"schema: version {info['schemaVersion']} ({state})"]
        if "snapshots" in info:
            lines.append(f"snapshots: {info['snapshots']} from {info['repositories']} "
                         f"repositories ({info['oldest'] or '-'} .. {info['newest'] or '-'})")
        sys.stdout.write("\n".join(lines) + "\n")
    sys.exit(0 if info["upToDate"] else 1)


@db.command()
@db_option
def upgrade(db: str | None) -> None:
    """Create the database or migrate it to this govlint's schema (one transaction)."""
    from govlint.reports.text import printable
    from govlint.score import db as store

    where = db_target(db)
    raw = store.connect(where, target_version=0)
    try:
        before = store.user_version(raw)
        applied = store.migrate(raw)
    finally:
        raw.close()
    if applied:
        click.echo(f"govlint: {printable(where.label)}: schema version {before} -> "
                   f"{applied[-1]}", err=True)
    else:
        click.echo(f"govlint: {printable(where.label)}: schema version {before} is up to "
                   "date", err=True)
