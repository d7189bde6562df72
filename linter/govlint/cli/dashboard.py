"""``govlint dashboard``: write the static health dashboard from the history database: the
single-repository page (``OUT/index.html``), or the organisation site (``OUT/index.html``
plus one page per team) when the database holds several repositories."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from govlint.cli.dbopt import db_option, db_target
from govlint.wording import plural


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise click.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from None


@click.command()
@db_option
@click.option("--output", "-o", "output", type=click.Path(file_okay=False), required=True,
              help="Directory to write (its index.html is the entry page; e.g. public/ for "
                   "GitLab Pages).")
@click.option("--branch", metavar="NAME",
              help="Single-repository page: branch to show (default: $CI_DEFAULT_BRANCH "
                   "when it has snapshots, else the branch of the newest snapshot).")
@click.option("--limit", type=click.IntRange(min=1), default=365, show_default=True,
              help="Single-repository page: newest N snapshots in the trends.")
@click.option("--org/--no-org", "org", default=None,
              help="Write the organisation site (default: when the database holds snapshots "
                   "of more than one repository, or --since/--repo/--team is given).")
@click.option("--since", metavar="DATE", callback=_day,
              help="Organisation site: only snapshots recorded on or after this day.")
@click.option("--repo", "repos", metavar="PATH", multiple=True,
              help="Organisation site: only this repository (repeatable; e.g. group/api). "
                   "With --no-org: the single-repository page of this one.")
@click.option("--team", "teams", metavar="NAME", multiple=True,
              help="Organisation site: only this team's services (repeatable).")
def dashboard(db: str | None, output: str, branch: str | None, limit: int, org: bool | None,
              since: str | None, repos: tuple[str, ...], teams: tuple[str, ...]) -> None:
    """Write a self-contained static dashboard: organisation trend, teams with sparklines
    (drill down to services and documents), merge-request rejections by rule and team,
    recurring violation patterns, waivers expiring soon."""
    from govlint.score import history

    store = history.connect(db_target(db), create=False)
    try:
        filtered = bool(since or repos or teams)
        if org is None:
            from govlint.score.dashboard import org_query

            org = filtered or org_query.repositories(store) > 1
        elif not org and (since or teams or len(repos) > 1):
            raise click.UsageError("--since/--team (and several --repo) filter the "
                                   "organisation site; drop --no-org")
        if org:
            _org_site(store, Path(output), since, repos, teams)
            return
        from govlint.score.dashboard import site

        data = site.from_history(store, branch=branch, limit=limit,
                                 default_branch=os.environ.get("CI_DEFAULT_BRANCH") or None,
                                 repository=repos[0] if repos else None)
    finally:
        store.close()
    target_path = site.write(data, Path(output))
    click.echo(f"govlint: dashboard of {plural(len(data.snapshots), 'snapshot')} "
               f"({data.branch or 'no branch'}) written to {target_path}", err=True)


def _org_site(store: object, out: Path, since: str | None, repos: tuple[str, ...],
              teams: tuple[str, ...]) -> None:
    from govlint.score.dashboard import org_query, org_site
    from govlint.score.dashboard.org import Filters

    data = org_query.load(store, Filters(since=since, repos=tuple(sorted(set(repos))),
                                         teams=tuple(sorted(set(teams)))))
    index = org_site.write(data, out, source=str(getattr(store, "label", "the database")))
    click.echo(f"govlint: organisation dashboard of "
               f"{plural(len(data.repos), 'repository', 'repositories')}, "
               f"{plural(len(data.teams), 'team')}, {plural(data.services, 'service')} "
               f"written to {index} (+ {plural(len(data.teams), 'team page')})", err=True)
