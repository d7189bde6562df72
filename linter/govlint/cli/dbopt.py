"""``--db URL`` (``$GOVLINT_DB_URL``), shared by the commands that read or write the
history database (``score``/``rollup --record``, ``history``, ``dashboard``, ``db``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from govlint.score.db import Target

DB_HELP = ("History database: a file path, sqlite:///FILE or postgresql://USER@HOST/DB "
           "(password from $PGPASSWORD, ~/.pgpass or the URL; never printed). Default: "
           "$GOVLINT_DB_URL, else .govlint/history.sqlite under the project root.")


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", "db", metavar="URL", envvar="GOVLINT_DB_URL", default=None,
                        help=DB_HELP)(func)


def db_target(db: str | None, root: Path | None = None) -> Target:
    """The database ``--db`` names; without one, the project's default SQLite file (the
    project root found from the working directory unless ``root`` is given)."""
    from govlint.score.db import target

    if not db and root is None:
        from govlint.config import load_config

        root = load_config().root
    return target(db, root)
