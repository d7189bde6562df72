"""The organisation read API over the history database (SQLite or PostgreSQL alike): what
the organisation dashboard asks, answered by aggregate SQL on indexed columns (never a
Python loop over every row), so 300 repositories x 3,000 services x 90 days of daily
snapshots stay fast.

Conventions shared by every function:

- ``Filters``: ``since`` (snapshots recorded at or after this UTC date/time, ISO 8601),
  ``repo`` (one repository), ``team`` (one team: service rows of that team, gate failures
  and patterns attributed to it), ``branch`` (the branch of *state* snapshots).
- **State** snapshots are those of non-MR pipelines (the default branch's, as the CI
  template records); **MR** snapshots (``is_mr``) feed the rejection figures only.
- **Latest**: each repository's newest state snapshot within the filters.
- **Daily**: each repository's last state snapshot of each UTC day; a day's score is the
  size-weighted mean of the service scores of the repositories that recorded that day.
- Scores are unrounded floats (round for display); rows come back in a fixed order, so the
  same database gives the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govlint.score.db import Store, reading


@dataclass(frozen=True, slots=True)
class Filters:
    since: str | None = None
    repo: str | None = None
    team: str | None = None
    branch: str | None = None

    def snapshot_where(self, alias: str = "", mr: bool | None = False
                       ) -> tuple[str, list[Any]]:
        """SQL conditions on ``snapshots`` (``alias.`` prefixed) and their parameters."""
        p = f"{alias}." if alias else ""
        where, params = [], []
        if mr is not None:
            where.append(f"{p}is_mr = ?")
            params.append(1 if mr else 0)
        if self.since:
            from govlint.score.history import timestamp

            where.append(f"{p}recorded_at >= ?")
            params.append(timestamp(self.since))
        if self.repo is not None:
            where.append(f"{p}repository = ?")
            params.append(self.repo)
        if self.branch is not None and not mr:
            where.append(f"{p}branch = ?")
            params.append(self.branch)
        return (" AND ".join(where) or "1 = 1"), params


def _latest_cte(f: Filters) -> tuple[str, list[Any]]:
    where, params = f.snapshot_where()
    return (
        "latest AS (SELECT id, repository, recorded_at FROM (SELECT id, repository, "
        "recorded_at, ROW_NUMBER() OVER (PARTITION BY COALESCE(repository, '') "
        "ORDER BY recorded_at DESC, id DESC) AS rn FROM snapshots "
        f"WHERE {where}) ranked WHERE rn = 1)", params)


def _daily_cte(f: Filters) -> tuple[str, list[Any]]:
    where, params = f.snapshot_where()
    return (
        "daily AS (SELECT id, repository, day FROM (SELECT id, repository, "
        "SUBSTR(recorded_at, 1, 10) AS day, ROW_NUMBER() OVER (PARTITION BY "
        "COALESCE(repository, ''), SUBSTR(recorded_at, 1, 10) ORDER BY recorded_at DESC, "
        f"id DESC) AS rn FROM snapshots WHERE {where}) ranked WHERE rn = 1)", params)


def _team(f: Filters, column: str) -> tuple[str, list[Any]]:
    return (f" AND {column} = ?", [f.team]) if f.team is not None else ("", [])


def _run(store: Store, what: str, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with reading(store, what):
        return store.query(sql, params)


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


# --- current state ----------------------------------------------------------------------


def latest_snapshots(store: Store, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Each repository's latest state snapshot: ``repository, id, recordedAt, branch,
    commit, score, rejected, governance``, by repository."""
    cte, params = _latest_cte(f)
    rows = _run(store, "latest snapshots",
                f"WITH {cte} SELECT s.repository, s.id, s.recorded_at, s.branch, "
                "s.commit_sha, s.score, s.rejected, s.governance FROM latest l "
                "JOIN snapshots s ON s.id = l.id ORDER BY COALESCE(s.repository, ''), s.id", params)
    return [{"repository": r[0], "id": int(r[1]), "recordedAt": r[2], "branch": r[3],
             "commit": r[4], "score": _num(r[5]), "rejected": bool(r[6]),
             "governance": r[7]} for r in rows]


def services(store: Store, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Every service of the latest snapshots: ``repository, service, team, score, size,
    governance, digest, snapshotId, recordedAt``, by team, service, repository."""
    cte, params = _latest_cte(f)
    team_sql, team_params = _team(f, "c.team")
    rows = _run(store, "services",
                f"WITH {cte} SELECT l.repository, c.name, c.team, c.score, c.size, "
                "c.governance, c.digest, l.id, l.recorded_at FROM latest l JOIN scores c ON "
                "c.snapshot_id = l.id AND c.scope = 'service' AND c.category = ''"
                f"{team_sql} ORDER BY c.team, c.name, COALESCE(l.repository, '')",
                params + team_params)
    return [{"repository": r[0], "service": r[1], "team": r[2], "score": _num(r[3]),
             "size": int(r[4]), "governance": r[5], "digest": r[6], "snapshotId": int(r[7]),
             "recordedAt": r[8]} for r in rows]


def teams(store: Store, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Per team over the latest snapshots: ``team, score`` (size-weighted mean of its
    services), ``size, services, repositories``, by team."""
    cte, params = _latest_cte(f)
    team_sql, team_params = _team(f, "c.team")
    rows = _run(store, "teams",
                f"WITH {cte} SELECT COALESCE(c.team, '(unowned)'), "
                "SUM(c.score * c.size) / NULLIF(SUM(CASE WHEN c.score IS NULL THEN 0 ELSE "
                "c.size END), 0), SUM(c.size), COUNT(*), COUNT(DISTINCT l.repository) "
                "FROM latest l JOIN scores c ON c.snapshot_id = l.id AND "
                f"c.scope = 'service' AND c.category = ''{team_sql} "
                "GROUP BY COALESCE(c.team, '(unowned)') ORDER BY 1", params + team_params)
    return [{"team": r[0], "score": _num(r[1]), "size": int(r[2]), "services": int(r[3]),
             "repositories": int(r[4])} for r in rows]


def organisation(store: Store, f: Filters = Filters()) -> dict[str, Any]:
    """The organisation over the latest snapshots: ``score, size, services, repositories,
    rejected`` (repositories whose latest state snapshot failed its gate)."""
    cte, params = _latest_cte(f)
    team_sql, team_params = _team(f, "c.team")
    row = _run(store, "organisation",
               f"WITH {cte} SELECT SUM(c.score * c.size) / NULLIF(SUM(CASE WHEN c.score IS "
               "NULL THEN 0 ELSE c.size END), 0), SUM(c.size), COUNT(*), "
               "COUNT(DISTINCT l.repository) FROM latest l JOIN scores c ON "
               f"c.snapshot_id = l.id AND c.scope = 'service' AND c.category = ''{team_sql}",
               params + team_params)[0]
    rejected = _run(store, "organisation",
                    f"WITH {cte} SELECT COUNT(*) FROM latest l JOIN snapshots s ON "
                    "s.id = l.id WHERE s.rejected = 1", params)[0][0]
    return {"score": _num(row[0]), "size": int(row[1] or 0), "services": int(row[2] or 0),
            "repositories": int(row[3] or 0), "rejected": int(rejected or 0)}


def categories(store: Store, f: Filters = Filters(), by_team: bool = False
               ) -> dict[str, dict[str, float | None]]:
    """Rule-area scores over the latest snapshots' services: ``{team or "organisation":
    {category: score}}`` (size-weighted)."""
    cte, params = _latest_cte(f)
    team_sql, team_params = _team(f, "o.team")
    key = "COALESCE(o.team, '(unowned)')" if by_team else "'organisation'"
    rows = _run(store, "categories",
                f"WITH {cte} SELECT {key}, c.category, SUM(c.score * c.size) / "
                "NULLIF(SUM(CASE WHEN c.score IS NULL THEN 0 ELSE c.size END), 0) "
                "FROM latest l JOIN scores o ON o.snapshot_id = l.id AND "
                "o.scope = 'service' AND o.category = '' "
                "JOIN scores c ON c.snapshot_id = l.id AND c.scope = 'service' AND "
                f"c.name = o.name AND c.category <> ''{team_sql} "
                "GROUP BY 1, 2 ORDER BY 1, 2", params + team_params)
    out: dict[str, dict[str, float | None]] = {}
    for name, cat, score in rows:
        out.setdefault(name, {})[cat] = _num(score)
    return out


def rules(store: Store, f: Filters = Filters(), limit: int = 50) -> list[dict[str, Any]]:
    """Active findings per rule over the latest snapshots: ``rule, count, repositories``,
    most frequent first. With a team filter, counted from the team's patterns."""
    cte, params = _latest_cte(f)
    if f.team is None:
        sql = (f"WITH {cte} SELECT r.rule, SUM(r.count), COUNT(DISTINCT l.repository) FROM "
               "latest l JOIN rule_counts r ON r.snapshot_id = l.id GROUP BY r.rule "
               "ORDER BY 2 DESC, 1 LIMIT ?")
        args = [*params, limit]
    else:
        sql = (f"WITH {cte} SELECT p.rule, SUM(p.count), COUNT(DISTINCT l.repository) FROM "
               "latest l JOIN patterns p ON p.snapshot_id = l.id AND p.team = ? "
               "GROUP BY p.rule ORDER BY 2 DESC, 1 LIMIT ?")
        args = [*params, f.team, limit]
    return [{"rule": r[0], "count": int(r[1]), "repositories": int(r[2])}
            for r in _run(store, "rules", sql, args)]


def patterns(store: Store, f: Filters = Filters(), limit: int = 50) -> list[dict[str, Any]]:
    """Violation patterns that recur across repositories (same rule, same pointer shape),
    over the latest snapshots: ``rule, pattern, repositories, teams, count``; the most
    widespread first."""
    cte, params = _latest_cte(f)
    team_sql, team_params = _team(f, "p.team")
    rows = _run(store, "patterns",
                f"WITH {cte} SELECT p.rule, p.pattern, COUNT(DISTINCT l.repository), "
                "COUNT(DISTINCT p.team), SUM(p.count) FROM latest l JOIN patterns p ON "
                f"p.snapshot_id = l.id{team_sql} GROUP BY p.rule, p.pattern "
                "ORDER BY 3 DESC, 5 DESC, 1, 2 LIMIT ?", [*params, *team_params, limit])
    return [{"rule": r[0], "pattern": r[1], "repositories": int(r[2]), "teams": int(r[3]),
             "count": int(r[4])} for r in rows]


# --- over time --------------------------------------------------------------------------


def trend(store: Store, f: Filters = Filters(), by_team: bool = False
          ) -> list[dict[str, Any]]:
    """Daily score: ``day, score, size, services`` (and ``team`` with ``by_team``), by day
    (then team)."""
    cte, params = _daily_cte(f)
    team_sql, team_params = _team(f, "c.team")
    key = ", COALESCE(c.team, '(unowned)')" if by_team else ""
    rows = _run(store, "trend",
                f"WITH {cte} SELECT d.day{key}, SUM(c.score * c.size) / NULLIF(SUM(CASE "
                "WHEN c.score IS NULL THEN 0 ELSE c.size END), 0), SUM(c.size), COUNT(*) "
                "FROM daily d JOIN scores c ON c.snapshot_id = d.id AND c.scope = 'service' "
                f"AND c.category = ''{team_sql} GROUP BY d.day{key} ORDER BY d.day{key}",
                params + team_params)
    out = []
    for r in rows:
        entry: dict[str, Any] = {"day": r[0]}
        rest = r[1:]
        if by_team:
            entry["team"], rest = rest[0], rest[1:]
        entry.update(score=_num(rest[0]), size=int(rest[1] or 0), services=int(rest[2]))
        out.append(entry)
    return out


def service_trend(store: Store, names: list[str], f: Filters = Filters()
                  ) -> dict[str, list[tuple[str, float | None]]]:
    """Daily scores of the given services (a drill-down's sparklines):
    ``{service: [(day, score)]}``; a service in several repositories is their
    size-weighted mean."""
    if not names:
        return {}
    cte, params = _daily_cte(f)
    marks = ",".join("?" * len(names))
    rows = _run(store, "service trend",
                f"WITH {cte} SELECT c.name, d.day, SUM(c.score * c.size) / NULLIF(SUM(CASE "
                "WHEN c.score IS NULL THEN 0 ELSE c.size END), 0) FROM daily d JOIN scores c "
                "ON c.snapshot_id = d.id AND c.scope = 'service' AND c.category = '' AND "
                f"c.name IN ({marks}) GROUP BY c.name, d.day ORDER BY c.name, d.day",
                [*params, *names])
    out: dict[str, list[tuple[str, float | None]]] = {}
    for name, day, score in rows:
        out.setdefault(name, []).append((day, _num(score)))
    return out


def rejections(store: Store, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Merge-request pipelines per day: ``day, pipelines, rejected`` (gate failed). With a
    team filter: pipelines that touched the team's services, rejected by its findings."""
    where, params = f.snapshot_where("s", mr=True)
    if f.team is None:
        sql = (f"SELECT SUBSTR(s.recorded_at, 1, 10), COUNT(*), SUM(s.rejected) FROM "
               f"snapshots s WHERE {where} GROUP BY 1 ORDER BY 1")
        args = params
    else:
        sql = ("SELECT SUBSTR(s.recorded_at, 1, 10), COUNT(*), SUM(CASE WHEN EXISTS "
               "(SELECT 1 FROM gate_failures g WHERE g.snapshot_id = s.id AND g.team = ?) "
               "THEN 1 ELSE 0 END) FROM snapshots s WHERE "
               f"{where} AND EXISTS (SELECT 1 FROM scores c WHERE c.snapshot_id = s.id AND "
               "c.scope = 'service' AND c.category = '' AND c.team = ?) GROUP BY 1 ORDER BY 1")
        args = [f.team, *params, f.team]
    return [{"day": r[0], "pipelines": int(r[1]), "rejected": int(r[2] or 0)}
            for r in _run(store, "rejections", sql, args)]


def rejection_attribution(store: Store, f: Filters = Filters(), by: str = "rule",
                          per_day: bool = False) -> list[dict[str, Any]]:
    """Which rules (``by="rule"``) or teams (``by="team"``) failed merge-request gates:
    ``rule``/``team``, ``pipelines`` (rejected MR pipelines they failed), ``findings``
    (active errors); ``day`` too with ``per_day``. Most pipelines first."""
    if by not in ("rule", "team"):
        raise ValueError(f"by must be rule or team, not {by!r}")
    where, params = f.snapshot_where("s", mr=True)
    team_sql, team_params = _team(f, "g.team")
    day = "SUBSTR(s.recorded_at, 1, 10), " if per_day else ""
    order = "1, 3 DESC, 2" if per_day else "2 DESC, 1"
    rows = _run(store, "rejection attribution",
                f"SELECT {day}g.{by}, COUNT(DISTINCT s.id), SUM(g.count) FROM snapshots s "
                f"JOIN gate_failures g ON g.snapshot_id = s.id{team_sql} WHERE {where} AND "
                f"s.rejected = 1 GROUP BY {day}g.{by} ORDER BY {order}",
                [*team_params, *params])
    out = []
    for r in rows:
        entry: dict[str, Any] = {}
        if per_day:
            entry["day"], r = r[0], r[1:]
        entry.update({by: r[0], "pipelines": int(r[1]), "findings": int(r[2] or 0)})
        out.append(entry)
    return out


def repositories(store: Store, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Every repository with ``snapshots`` (state), ``mrSnapshots`` and its newest
    ``latestAt``, by repository."""
    where, params = f.snapshot_where(mr=None)
    rows = _run(store, "repositories",
                "SELECT repository, SUM(CASE WHEN is_mr = 0 THEN 1 ELSE 0 END), "
                f"SUM(is_mr), MAX(recorded_at) FROM snapshots WHERE {where} "
                "GROUP BY repository ORDER BY COALESCE(repository, '')", params)
    return [{"repository": r[0], "snapshots": int(r[1] or 0), "mrSnapshots": int(r[2] or 0),
             "latestAt": r[3]} for r in rows]
