"""``govlint dashboard``: write the static health dashboard (``OUT/index.html``) from the
history database."""

from __future__ import annotations

import os
from pathlib import Path

import click

from govlint.cli.dbopt import db_option, db_target
from govlint.wording import plural


@click.command()
@db_option
@click.option("--output", "-o", "output", type=click.Path(file_okay=False), required=True,
              help="Directory to write (its index.html is the entry page; e.g. public/ for "
                   "GitLab Pages).")
@click.option("--branch", metavar="NAME",
              help="Branch to show (default: $CI_DEFAULT_BRANCH when it has snapshots, else "
                   "the branch of the newest snapshot).")
@click.option("--limit", type=click.IntRange(min=1), default=365, show_default=True,
              help="Newest N snapshots in the trends.")
def dashboard(db: str | None, output: str, branch: str | None, limit: int) -> None:
    """Write a self-contained static dashboard: organisation trend, teams with sparklines
    (drill down to services and documents), most violated rules, waivers expiring soon."""
    from govlint.score import history
    from govlint.score.dashboard import site

    conn = history.connect(db_target(db), create=False)
    try:
        data = site.from_history(conn, branch=branch, limit=limit,
                                 default_branch=os.environ.get("CI_DEFAULT_BRANCH") or None)
    finally:
        conn.close()
    target = site.write(data, Path(output))
    click.echo(f"govlint: dashboard of {plural(len(data.snapshots), 'snapshot')} "
               f"({data.branch or 'no branch'}) written to {target}", err=True)
