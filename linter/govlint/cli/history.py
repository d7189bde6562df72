"""``govlint history``: score trends from the history database, with deltas against the
previous snapshot of the same branch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click


@click.command()
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="History database (default: .govlint/history.sqlite under the project "
                   "root).")
@click.option("--branch", metavar="NAME", help="Only snapshots of this branch.")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=20, show_default=True,
              help="Show the newest N snapshots.")
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True)
def history(db: str | None, branch: str | None, limit: int, output_format: str) -> None:
    """Print score trends: organisation score per snapshot, then teams and services of the
    newest snapshot against the previous one of its branch."""
    from govlint.score import history as store

    path = Path(db) if db else _default_db()
    conn = store.connect(path, create=False)
    try:
        snaps = store.snapshots(conn, branch=branch, limit=limit)
        changes = _changes(conn, store, snaps[-1]) if snaps else {}
    finally:
        conn.close()
    if output_format == "json":
        from govlint.reports.json_format import dumps

        sys.stdout.write(dumps({
            "database": str(path),
            "snapshots": [_snapshot_json(s) for s in snaps],
            **changes,
        }))
        return
    sys.stdout.write(_text(path, branch, snaps, changes))


def _default_db() -> Path:
    from govlint.config import load_config
    from govlint.score.history import default_db

    return default_db(load_config().root)


def _changes(conn: Any, store: Any, latest: Any) -> dict[str, Any]:
    """Teams and services of ``latest`` against the previous snapshot of its branch."""
    same = store.snapshots(conn, branch=latest.branch)
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
    return {"id": s.id, "recordedAt": s.recorded_at, "commit": s.commit, "branch": s.branch,
            "governance": s.governance, "score": s.score, "delta": s.delta,
            "documents": s.documents, "errors": s.errors, "warnings": s.warnings,
            "suppressed": s.suppressed, "rejected": s.rejected}


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _delta(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}"


def _text(path: Path, branch: str | None, snaps: list[Any], changes: dict[str, Any]) -> str:
    from govlint.reports.text import printable
    from govlint.score.render import table

    if not snaps:
        where = f" of branch {branch}" if branch else ""
        return f"No snapshots{where} in {path}.\n"
    lines = [f"Score history in {path}" + (f" (branch {branch})" if branch else "")
             + ", oldest first; deltas against the previous snapshot of the same branch", ""]
    lines += table(
        ["RECORDED (UTC)", "BRANCH", "COMMIT", "GOV", "SCORE", "DELTA", "ERRORS", "WARN",
         "SUPPRESSED", "GATE"],
        [[printable(s.recorded_at), printable(s.branch or "-"), printable(s.short_commit),
          printable(s.governance or "-"), _fmt(s.score),
          _delta(s.delta), str(s.errors), str(s.warnings), str(s.suppressed),
          "rejected" if s.rejected else "passed"] for s in snaps],
        [False, False, False, False, True, True, True, True, True, False],
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
