"""``govlint history``: score trends from the history database, with deltas against the
previous snapshot of the same repository and branch; ``govlint history prune``: retention."""

from __future__ import annotations

import sys
from typing import Any

import click

from govlint.cli.dbopt import db_option, db_target


@click.group(invoke_without_command=True)
@db_option
@click.option("--branch", metavar="NAME", help="Only snapshots of this branch.")
@click.option("--repo", "repository", metavar="PATH",
              help="Only snapshots of this repository (group/project).")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=20, show_default=True,
              help="Show the newest N snapshots.")
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True)
@click.pass_context
def history(ctx: click.Context, db: str | None, branch: str | None, repository: str | None,
            limit: int, output_format: str) -> None:
    """Print score trends: organisation score per snapshot, then teams and services of the
    newest snapshot against the previous one of its repository and branch."""
    if ctx.invoked_subcommand is not None:
        return
    from govlint.score import history as store

    where = db_target(db)
    conn = store.connect(where, create=False)
    try:
        snaps = store.snapshots(conn, branch=branch, limit=limit, repository=repository)
        changes = _changes(conn, store, snaps[-1]) if snaps else {}
        facts = store.snapshot_facts(conn, [s.id for s in snaps]) if (
            output_format == "json") else {}
    finally:
        conn.close()
    if output_format == "json":
        from govlint.reports.json_format import dumps

        sys.stdout.write(dumps({
            "database": where.label,
            "snapshots": [{**_snapshot_json(s), **facts.get(s.id, {})} for s in snaps],
            **changes,
        }))
        return
    sys.stdout.write(_text(where.label, branch, snaps, changes))


@history.command()
@db_option
@click.option("--keep-days", type=click.IntRange(min=0), default=None, metavar="N",
              help="Delete snapshots recorded more than N days ago.")
@click.option("--keep-last", type=click.IntRange(min=1), default=None, metavar="N",
              help="Always keep each repository's newest N snapshots (alone: delete the "
                   "rest).")
@click.option("--at", metavar="TIME", help="Count days back from TIME (ISO 8601; default "
              "now).")
def prune(db: str | None, keep_days: int | None, keep_last: int | None,
          at: str | None) -> None:
    """Delete old snapshots, in short transactions: safe while pipelines record."""
    from govlint.errors import GovlintError
    from govlint.reports.text import printable
    from govlint.score import history as store
    from govlint.wording import plural

    if keep_days is None and keep_last is None:
        raise GovlintError("history prune: give --keep-days N and/or --keep-last N")
    parent = click.get_current_context().parent
    where = db_target(db or (parent.params.get("db") if parent else None))
    gone = store.prune(where, keep_days=keep_days, keep_last=keep_last, now=at)
    click.echo(f"govlint: pruned {plural(gone, 'snapshot')} from {printable(where.label)}",
               err=True)


def _changes(conn: Any, store: Any, latest: Any) -> dict[str, Any]:
    """Teams and services of ``latest`` against the previous snapshot of its branch."""
    same = store.snapshots(conn, branch=latest.branch, repository=latest.repository)
    index = next(i for i, s in enumerate(same) if s.id == latest.id)
    previous = same[index - 1] if index > 0 else None
    ids = [latest.id] + ([previous.id] if previous else [])
    out: dict[str, Any] = {"latest": latest.id, "previous": previous.id if previous else None}
    for scope, key in (("team", "teams"), ("service", "services")):
        found = store.series(conn, ids, scope)
        rows = []
        for name in sorted(found):
            now = found[name].get(latest.id)
            before = found[name].get(previous.id) if previous else None
            rows.append({"name": name, "score": now, "previous": before,
                         "delta": None if now is None or before is None
                         else round(now - before, 1)})
        out[key] = rows
    return out


def _snapshot_json(s: Any) -> dict[str, Any]:
    return {"id": s.id, "recordedAt": s.recorded_at, "repository": s.repository,
            "commit": s.commit, "branch": s.branch, "mergeRequest": s.mr,
            "isMergeRequest": s.is_mr, "pipeline": s.pipeline, "job": s.job,
            "jobId": s.job_id, "governance": s.governance, "score": s.score,
            "delta": s.delta, "documents": s.documents, "errors": s.errors,
            "warnings": s.warnings, "suppressed": s.suppressed, "rejected": s.rejected,
            "verdict": "failed" if s.rejected else "passed"}


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _delta(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}"


def _text(path: str, branch: str | None, snaps: list[Any], changes: dict[str, Any]) -> str:
    from govlint.reports.text import printable
    from govlint.score.render import table

    if not snaps:
        where = f" of branch {branch}" if branch else ""
        return f"No snapshots{where} in {path}.\n"
    lines = [f"Score history in {printable(path)}" + (f" (branch {branch})" if branch else "")
             + ", oldest first; deltas against the previous snapshot of the same branch", ""]
    many = len({s.repository for s in snaps}) > 1  # an organisation's database
    lines += table(
        ["RECORDED (UTC)", *(["REPOSITORY"] if many else []), "BRANCH", "COMMIT", "GOV",
         "SCORE", "DELTA", "ERRORS", "WARN", "SUPPRESSED", "GATE"],
        [[printable(s.recorded_at), *([printable(s.repository or "-")] if many else []),
          printable(s.branch + (f" !{s.mr}" if s.mr else "") if s.branch else "-"),
          printable(s.short_commit),
          printable(s.governance or "-"), _fmt(s.score),
          _delta(s.delta), str(s.errors), str(s.warnings), str(s.suppressed),
          "rejected" if s.rejected else "passed"] for s in snaps],
        [False, *([False] if many else []), False, False, False, True, True, True, True,
         True, False],
    )
    latest = snaps[-1]
    against = "the previous snapshot" if changes.get("previous") else "no earlier snapshot"
    for key, title in (("teams", "TEAM"), ("services", "SERVICE")):
        rows = changes.get(key) or []
        if rows:
            lines += ["", f"{title.title()}s at {latest.recorded_at} "
                      f"({latest.branch or 'no branch'}) vs {against}:"]
            lines += table([title, "SCORE", "DELTA"],
                            [[printable(r["name"]), _fmt(r["score"]), _delta(r["delta"])]
                             for r in rows],
                            [False, True, True])
    return "\n".join(lines) + "\n"
