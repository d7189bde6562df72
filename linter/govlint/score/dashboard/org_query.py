"""Build :class:`~govlint.score.dashboard.org.OrgData` from the shared history database
(SQLite or PostgreSQL, :class:`govlint.score.db.Store`): read-only, portable SQL.

What each part reads (decided here, written down in docs/score.md):

- **Latest state** (organisation, teams, services, documents, patterns): per repository, its
  newest snapshot that is not from a merge-request pipeline (the default branch: the CI
  template records nothing else), within ``--since``. Services and documents come from that
  snapshot's score JSON (at most one per repository is inflated).
- **Trends**: per day, each repository's state that day: its last snapshot of the day, or
  its last state before (carried forward, so a day few repositories recorded is not their
  mean); a team's score that day is the size-weighted mean of its score rows, the
  organisation's that of the kept teams. SQL picks each repository's snapshot per day
  (window function); the carry-forward sums one row per (repository, day, team).
- **Rejections**: merge-request pipelines only (``is_mr``), one per recorded snapshot (a
  retried job replaced its snapshot, so it counts once); per ISO week (Monday). A rejected
  pipeline is attributed to every rule in its gate failures and to every team owning one of
  those failing findings.
- **Filters**: ``--since`` (day, inclusive) and ``--repo`` restrict the snapshots;
  ``--team`` keeps those teams' services, score rows, gate failures and patterns (and the
  merge-request pipelines of the repositories they have services in).
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from govlint.errors import GovlintError
from govlint.score.dashboard.org import (
    Attribution,
    Filters,
    OrgData,
    Pattern,
    RepoView,
    ServiceView,
    TeamView,
)

MAX_DETAIL_BYTES = 256 << 20  # largest inflated score JSON of one snapshot
EXAMPLES = 5  # repository names shown per pattern
UNNAMED = "(unnamed repository)"  # snapshots recorded without a repository (schema v2)


def _where(filters: Filters, alias: str = "s") -> tuple[str, list[Any]]:
    clauses, params = [], []
    if filters.since:
        clauses.append(f"{alias}.recorded_at >= ?")
        params.append(filters.since)
    if filters.repos:
        clauses.append(f"COALESCE({alias}.repository, '') IN ({_marks(filters.repos)})")
        params.extend(r if r != UNNAMED else "" for r in filters.repos)
    return "".join(f" AND {c}" for c in clauses), params


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def _week(day: str) -> str:
    date = dt.date.fromisoformat(day[:10])
    return (date - dt.timedelta(days=date.weekday())).isoformat()


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} is {type(value).__name__}, expected text")
    return value


def _num(value: Any, what: str) -> float:
    """A number from the driver (PostgreSQL sums integers as ``Decimal``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"{what} is {type(value).__name__}, expected a number")
    return float(value)


def repositories(store: Any) -> int:
    """How many repositories the database has snapshots of. Unnamed snapshots (a migrated
    v2 file, before its next record adopts them) are the one named repository's when there
    is exactly one, so a single repository's history never reads as an organisation."""
    from govlint.score.db import reading

    with reading(store, "repositories"):
        row = store.query("SELECT COUNT(DISTINCT repository), "
                          "SUM(CASE WHEN repository IS NULL THEN 1 ELSE 0 END) FROM snapshots")
    if not row:
        return 0
    named, unnamed = int(row[0][0] or 0), int(row[0][1] or 0)
    return named + (1 if unnamed and named != 1 else 0)


def load(store: Any, filters: Filters | None = None) -> OrgData:
    """The organisation dashboard's data (raises ``GovlintError`` naming the database for
    anything a crafted or damaged database makes the driver, zlib or JSON raise)."""
    from govlint.score.db import reading

    filters = filters or Filters()
    with reading(store, "the organisation dashboard"):
        return _load(store, filters)


def _load(store: Any, filters: Filters) -> OrgData:
    where, params = _where(filters)
    rows = store.query(
        "SELECT s.id, COALESCE(s.repository, ''), s.recorded_at, s.branch, s.commit_sha, "
        f"s.rejected FROM snapshots s WHERE s.is_mr = 0{where}", params)
    if not rows:
        raise GovlintError(f"{store.label}: no snapshot of a default branch matches "
                           f"({filters.describe() or 'no filter'}); record one with "
                           "`govlint score --record`")
    latest: dict[str, tuple[Any, ...]] = {}
    for row in rows:
        repo = _text(row[1], "a repository name") or UNNAMED
        _text(row[2], "a snapshot time")
        held = latest.get(repo)
        if held is None or (row[2], row[0]) > (held[2], held[0]):
            latest[repo] = row
    data = OrgData(filters=filters)
    teams: dict[str, TeamView] = {}
    governance: set[str] = set()
    for repo in sorted(latest):
        sid, _, recorded_at, branch, commit, rejected = latest[repo]
        result = _detail(store, int(sid), repo)
        governance.update(str(g) for g in result.get("governance") or [])
        view = _repo_services(result, repo, filters, teams)
        if view is None:
            continue
        services, documents, repo_teams = view
        data.repos.append(RepoView(
            name=repo, branch=branch, commit=commit, recorded_at=recorded_at,
            score=_repo_score(services), documents=documents, services=len(services),
            teams=sorted(repo_teams), rejected=bool(rejected)))
    for team in teams.values():
        team.services.sort(key=lambda s: (s.score if s.score is not None else 101, s.name,
                                          s.repository))
        weighted = [(s.score, s.size) for s in team.services if s.score is not None]
        size = sum(w for _, w in weighted)
        team.score = sum(v * w for v, w in weighted) / size if size else None
        team.repositories = sorted({s.repository for s in team.services})
    data.teams = sorted(teams.values(), key=lambda t: t.name)
    data.governance = sorted(governance)
    kept_teams = [t.name for t in data.teams]
    kept_repos = [r.name for r in data.repos]
    _trends(store, filters, data, kept_teams)
    _rejections(store, filters, data, kept_teams, kept_repos)
    ids = [int(latest[r.name][0]) for r in data.repos]
    data.patterns = _patterns(store, ids, filters)
    return data


def _detail(store: Any, sid: int, repo: str) -> dict[str, Any]:
    import orjson

    row = store.query("SELECT detail FROM snapshots WHERE id = ?", (sid,))
    blob = row[0][0] if row else None
    if isinstance(blob, memoryview):
        blob = blob.tobytes()
    if not isinstance(blob, bytes):
        raise TypeError(f"{repo}: snapshot {sid}'s detail is not zlib bytes")
    inflater = zlib.decompressobj()
    raw = inflater.decompress(blob, MAX_DETAIL_BYTES + 1)
    if len(raw) > MAX_DETAIL_BYTES or inflater.unconsumed_tail:
        raise GovlintError(f"{store.label}: snapshot {sid} of {repo} inflates beyond "
                           f"{MAX_DETAIL_BYTES >> 20} MiB (a zlib bomb?); not read")
    data = orjson.loads(raw)
    if not isinstance(data, dict):
        raise TypeError(f"{repo}: snapshot {sid}'s detail is not an object")
    return data


def _repo_services(result: dict[str, Any], repo: str, filters: Filters,
                   teams: dict[str, TeamView]
                   ) -> tuple[list[ServiceView], int, set[str]] | None:
    """The repository's services (of the kept teams) into ``teams``; ``None`` when the
    team filter keeps none of them."""
    docs_by_service: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in result.get("documents") or []:
        docs_by_service[_text(doc.get("service", ""), "a document's service")].append(doc)
    services: list[ServiceView] = []
    for entry in result.get("services") or []:
        team = _text(entry.get("team") or "(unowned)", "a service's team")
        if filters.teams and team not in filters.teams:
            continue
        name = _text(entry["name"], "a service name")
        findings = entry.get("findings") or {}
        docs = docs_by_service.get(name, [])
        svc = ServiceView(
            name=name, repository=repo, team=team,
            score=None if entry.get("score") is None else _num(entry["score"], "a score"),
            size=int(_num(entry.get("size", 0), "a size")),
            documents=int(_num(entry.get("documents", len(docs)), "a document count")),
            errors=int(_num(findings.get("error", 0), "an error count")),
            warnings=int(_num(findings.get("warn", 0), "a warning count")),
            categories={str(k): v for k, v in (entry.get("categories") or {}).items()},
            docs=docs)
        services.append(svc)
        view = teams.setdefault(team, TeamView(name=team))
        view.services.append(svc)
        view.size += svc.size
        for doc in docs:
            view.documents += 1
            failing = bool(doc.get("unreadable")) or (doc.get("findings") or {}).get("error")
            view.compliant += 0 if failing else 1
            if doc.get("kind") == "openapi":
                view.apis += 1
                rules = doc.get("rules") or {}
                view.apis_complete += 0 if any(str(r).startswith("DOC-") for r in rules) else 1
    if filters.teams and not services:
        return None
    return services, sum(len(docs_by_service.get(s.name, [])) for s in services), \
        {s.team for s in services}


def _repo_score(services: Iterable[ServiceView]) -> float | None:
    weighted = [(s.score, s.size) for s in services if s.score is not None]
    size = sum(w for _, w in weighted)
    return sum(v * w for v, w in weighted) / size if size else None


def _trends(store: Any, filters: Filters, data: OrgData, teams: Sequence[str]) -> None:
    """Per day and team: the size-weighted mean over every repository's state that day,
    its last snapshot of the day (newest ``recorded_at``, then id) or, on a day it
    recorded nothing, its last state before (carried forward from its first snapshot
    within ``--since``): a day on which few repositories recorded is not their mean."""
    if not teams:
        return
    where, params = _where(filters, "t")
    rows = store.query(
        "SELECT d.repo, d.day, sc.name, sc.score * sc.size, sc.size FROM ("
        "SELECT t.id, COALESCE(t.repository, '') AS repo, substr(t.recorded_at, 1, 10) AS day, "
        "ROW_NUMBER() OVER (PARTITION BY COALESCE(t.repository, ''), "
        "substr(t.recorded_at, 1, 10) ORDER BY t.recorded_at DESC, t.id DESC) AS rn "
        f"FROM snapshots t WHERE t.is_mr = 0{where}) d "
        "LEFT JOIN scores sc ON sc.snapshot_id = d.id AND sc.scope = 'team' "
        "AND sc.category = '' AND sc.score IS NOT NULL "
        f"AND sc.name IN ({_marks(teams)}) WHERE d.rn = 1 ORDER BY d.day, d.repo",
        [*params, *teams])
    changes: dict[str, dict[str, dict[str, tuple[float, float]]]] = defaultdict(dict)
    for repo, day, team, weighted, size in rows:
        state = changes[_text(day, "a day")].setdefault(_text(repo, "a repository"), {})
        if team is not None:
            state[_text(team, "a team")] = (_num(weighted, "a score"), _num(size, "a size"))
    current: dict[str, dict[str, tuple[float, float]]] = {}
    by_day: dict[str, dict[str, tuple[float, float]]] = {}
    for day in sorted(changes):
        current.update(changes[day])  # a repository's snapshot replaces its whole state
        totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for state in current.values():
            for team, (weighted, size) in state.items():
                totals[team][0] += weighted
                totals[team][1] += size
        if totals:
            by_day[day] = {t: (w, n) for t, (w, n) in totals.items()}
    data.days = sorted(by_day)
    for team in data.teams:
        team.series = [
            (by_day[d][team.name][0] / by_day[d][team.name][1])
            if team.name in by_day[d] and by_day[d][team.name][1] else None
            for d in data.days]
    for day in data.days:
        total = sum(size for _, size in by_day[day].values())
        data.org_series.append(
            sum(w for w, _ in by_day[day].values()) / total if total else None)


def _rejections(store: Any, filters: Filters, data: OrgData, teams: Sequence[str],
                repos: Sequence[str]) -> None:
    where, params = _where(filters)
    if filters.teams:  # the merge requests of the repositories the kept teams work in
        if not repos:
            return
        where += f" AND COALESCE(s.repository, '') IN ({_marks(repos)})"
        params += [r if r != UNNAMED else "" for r in repos]
    mrs = store.query(
        "SELECT substr(s.recorded_at, 1, 10), COALESCE(s.repository, ''), s.rejected, s.id "
        f"FROM snapshots s WHERE s.is_mr = 1{where}", params)
    if not mrs:
        return
    weeks = sorted({_week(_text(day, "a day")) for day, _, _, _ in mrs})
    index = {w: i for i, w in enumerate(weeks)}
    totals = [[0, 0] for _ in weeks]
    per_repo: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for day, repo, rejected, _ in mrs:
        slot = totals[index[_week(day)]]
        slot[0] += 1
        per_repo[repo or UNNAMED][0] += 1
        if rejected:
            slot[1] += 1
            per_repo[repo or UNNAMED][1] += 1
    data.weeks = weeks
    data.mr_per_week = [(t, r) for t, r in totals]
    for repo_view in data.repos:
        repo_view.mr_total, repo_view.mr_rejected = per_repo.get(repo_view.name, [0, 0])
    team_clause, team_params = "", []
    if filters.teams:
        team_clause = f" AND g.team IN ({_marks(teams)})" if teams else " AND 1 = 0"
        team_params = list(teams)
    for column, target in (("g.rule", "by_rule"), ("g.team", "by_team")):
        rows = store.query(
            f"SELECT {column}, substr(s.recorded_at, 1, 10), COUNT(DISTINCT s.id) "
            "FROM gate_failures g JOIN snapshots s ON s.id = g.snapshot_id "
            f"WHERE s.is_mr = 1 AND s.rejected = 1{where}{team_clause} "
            f"GROUP BY {column}, substr(s.recorded_at, 1, 10)", [*params, *team_params])
        per: dict[str, list[int]] = {}
        for name, day, count in rows:
            key = _text(name, "a rule or team name")
            per.setdefault(key, [0] * len(weeks))[index[_week(_text(day, "a day"))]] += int(
                _num(count, "a count"))
        setattr(data, target, sorted(
            (Attribution(name, sum(counts), counts) for name, counts in per.items()),
            key=lambda a: (-a.rejections, a.name)))
    # per team: the merge-request pipelines of its repositories, the rejections it owns,
    # and the rules of its findings that failed them
    owned = {a.name: a.rejections for a in data.by_team}
    rows = store.query(
        "SELECT g.team, g.rule, substr(s.recorded_at, 1, 10), COUNT(DISTINCT s.id) "
        "FROM gate_failures g JOIN snapshots s ON s.id = g.snapshot_id "
        f"WHERE s.is_mr = 1 AND s.rejected = 1{where}{team_clause} "
        "GROUP BY g.team, g.rule, substr(s.recorded_at, 1, 10)", [*params, *team_params])
    team_rules: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for team_name, rule, day, count in rows:
        per_rule = team_rules[_text(team_name, "a team")]
        per_rule.setdefault(_text(rule, "a rule"), [0] * len(weeks))[
            index[_week(_text(day, "a day"))]] += int(_num(count, "a count"))
    for team in data.teams:
        team.mr_total = sum(per_repo.get(r, [0, 0])[0] for r in team.repositories)
        team.mr_rejected = owned.get(team.name, 0)
        team.rules = sorted((Attribution(rule, sum(counts), counts)
                             for rule, counts in team_rules.get(team.name, {}).items()),
                            key=lambda a: (-a.rejections, a.name))


def _patterns(store: Any, ids: Sequence[int], filters: Filters) -> list[Pattern]:
    if not ids:
        return []
    team_clause, team_params = "", []
    if filters.teams:
        team_clause = f" AND p.team IN ({_marks(filters.teams)})"
        team_params = list(filters.teams)
    rows = store.query(
        "SELECT p.rule, p.pattern, COALESCE(s.repository, ''), SUM(p.count) FROM patterns p "
        f"JOIN snapshots s ON s.id = p.snapshot_id WHERE p.snapshot_id IN ({_marks(ids)})"
        f"{team_clause} GROUP BY p.rule, p.pattern, s.repository", [*ids, *team_params])
    found: dict[tuple[str, str], tuple[set[str], int]] = {}
    for rule, pattern, repo, count in rows:
        key = (_text(rule, "a rule"), _text(pattern, "a pattern"))
        repos, total = found.get(key, (set(), 0))
        repos.add(_text(repo, "a repository") or UNNAMED)
        found[key] = (repos, total + int(_num(count, "a count")))
    out = [Pattern(rule, pattern, len(repos), total, sorted(repos)[:EXAMPLES])
           for (rule, pattern), (repos, total) in found.items()]
    return sorted(out, key=lambda p: (-p.repositories, -p.findings, p.rule, p.pattern))
