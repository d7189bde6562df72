"""Score history: one snapshot per ``--record``, in SQLite or PostgreSQL (``score.db``).

A snapshot is identified by (repository, commit, pipeline id, job name), read from the CI
environment (GitLab, GitHub) or flags; locally the repository is the git remote's path (or
the top-level directory's name) and there is no pipeline, so every local record appends.
A retried CI job (same pipeline and job name, new job id) *replaces* its snapshot, keeping
the first attempt's time (a retry of an older pipeline does not become current): one
``INSERT … ON CONFLICT DO UPDATE`` on the unique identity, then the snapshot's rows are
rewritten, all in one transaction (PostgreSQL's row lock makes a concurrent retry wait;
SQLite's ``BEGIN IMMEDIATE`` queues writers). An older attempt (smaller job id) finishing
after a newer one does not overwrite it.

A snapshot holds when it was taken, where (repository, branch, commit, merge request,
pipeline, job), the governance version, the gate verdict and the rules that failed it per
team, organisation/team/service scores per category (services with their team, governance
version and ruleset digest), rule counts, violation patterns (rule + pointer shape), the
metrics, and the whole score JSON (zlib-compressed) for the dashboard's drill-down.

A database may come from a CI cache or artifact anyone with pipeline access can replace, so
it is read as untrusted input (``score.db``): values are type-checked, the compressed detail
is inflated only up to :data:`MAX_DETAIL_BYTES` (a zlib bomb is an error, not a memory
spike), and whatever a crafted file makes the driver, zlib or the JSON decoder raise becomes
a one-line error naming the database (exit 2), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govlint.errors import GovlintError
from govlint.score.db import (  # noqa: F401  (re-exported: the history's public API)
    BUSY_TIMEOUT_S,
    DEFAULT_DB,
    MAX_VALUE_BYTES,
    SCHEMA_VERSION,
    TIME_BUDGET_S,
    Store,
    Target,
    db_errors,
    default_db,
    migrate,
    reading,
    user_version,
)
from govlint.score.db import connect as _connect

if TYPE_CHECKING:
    from govlint.score.rollup import Rollup

MAX_DETAIL_BYTES = 256 << 20  # largest inflated score JSON of one snapshot
PRUNE_BATCH = 200  # snapshots deleted per transaction (short: writers go on meanwhile)
MAX_EVENT_BYTES = 8 << 20  # a GitHub event file larger than this is not read

# Environment variables CI systems set, in order of preference (a flag beats them all).
COMMIT_ENV = ("GOVLINT_COMMIT", "CI_COMMIT_SHA", "GITHUB_SHA")
BRANCH_ENV = ("GOVLINT_BRANCH", "CI_COMMIT_REF_NAME", "GITHUB_HEAD_REF", "GITHUB_REF_NAME")
REPOSITORY_ENV = ("GOVLINT_REPOSITORY", "CI_PROJECT_PATH", "GITHUB_REPOSITORY")
PIPELINE_ENV = ("GOVLINT_PIPELINE", "CI_PIPELINE_ID", "GITHUB_RUN_ID")
JOB_ENV = ("GOVLINT_JOB", "CI_JOB_NAME", "GITHUB_JOB")
JOB_ID_ENV = ("CI_JOB_ID", "GITHUB_RUN_ATTEMPT")
MR_ENV = ("GOVLINT_MR", "CI_MERGE_REQUEST_IID")


def connect(where: Target | Path | str, *, create: bool = True,
            target: int = SCHEMA_VERSION) -> Store:
    """Open (and create or migrate) the history database ``where`` (a path, a URL or a
    :class:`~govlint.score.db.Target`)."""
    return _connect(where, create=create, target_version=target)


@dataclass(slots=True)
class Recorded:
    id: int
    replaced: bool  # a snapshot with the same identity existed (a retried job)
    kept_job: str | None = None  # not written: this job id of the identity is newer


# --- recording --------------------------------------------------------------------------


@dataclass(slots=True)
class SnapshotMeta:
    recorded_at: str
    commit: str | None = None
    branch: str | None = None
    repository: str | None = None
    pipeline: str | None = None
    job: str | None = None
    job_id: str | None = None
    mr: str | None = None  # merge/pull request number: an MR pipeline

    def identity(self) -> dict[str, Any]:
        return {"repository": self.repository, "commit": self.commit,
                "pipeline": self.pipeline, "job": self.job}


def snapshot_meta(root: Path, commit: str | None = None, branch: str | None = None,
                  at: str | None = None, env: Mapping[str, str] | None = None, *,
                  repository: str | None = None, pipeline: str | None = None,
                  job: str | None = None, mr: str | None = None) -> SnapshotMeta:
    """When and where: flags first, then CI variables, then git (when available)."""
    env = os.environ if env is None else env
    commit = commit or _first_env(env, COMMIT_ENV) or _git(root, "rev-parse", "HEAD")
    if not branch:
        branch = _first_env(env, BRANCH_ENV) or _git(root, "rev-parse", "--abbrev-ref", "HEAD")
        if branch == "HEAD":  # detached, and no CI variable says which branch
            branch = None
    repository = repository or _first_env(env, REPOSITORY_ENV) or local_repository(root)
    pipeline = pipeline or _first_env(env, PIPELINE_ENV)
    job = job or _first_env(env, JOB_ENV)
    if pipeline and not job:
        job = ""  # one snapshot per pipeline: a re-run replaces it
    mr = mr or _first_env(env, MR_ENV) or _github_pr(env)
    return SnapshotMeta(recorded_at=timestamp(at), commit=commit, branch=branch,
                        repository=repository, pipeline=pipeline, job=job,
                        job_id=_first_env(env, JOB_ID_ENV) if pipeline else None, mr=mr)


def _github_pr(env: Mapping[str, str]) -> str | None:
    """The pull request number of a GitHub ``pull_request*`` run: from the event payload
    (``$GITHUB_EVENT_PATH``), else ``refs/pull/N/merge``."""
    if not env.get("GITHUB_EVENT_NAME", "").startswith("pull_request"):
        return None
    path = env.get("GITHUB_EVENT_PATH")
    if path:
        try:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_EVENT_BYTES + 1)
            import orjson

            event = orjson.loads(raw) if len(raw) <= MAX_EVENT_BYTES else {}
            number = (event.get("pull_request") or {}).get("number") or event.get("number")
            if isinstance(number, int) and not isinstance(number, bool):
                return str(number)
        except (OSError, ValueError, AttributeError):
            pass
    found = re.fullmatch(r"refs/pull/(\d{1,12})/(?:merge|head)", env.get("GITHUB_REF", ""))
    return found.group(1) if found else None


def local_repository(root: Path) -> str | None:
    """The repository's name outside CI: the ``origin`` remote's path (``group/project``;
    never its credentials), else the git top level's directory name."""
    remote = _git(root, "remote", "get-url", "origin")
    if remote:
        name = remote_path(remote)
        if name:
            return name
    top = _git(root, "rev-parse", "--show-toplevel")
    return Path(top).name if top else None


def remote_path(url: str) -> str | None:
    """``group/project`` of a git remote URL (https, ssh, scp-like), without host, user,
    token or ``.git``."""
    url = url.strip()[:2000]
    if "://" in url:
        from urllib.parse import urlsplit

        try:
            path = urlsplit(url).path
        except ValueError:
            return None
    else:
        scp = re.fullmatch(r"[^@/\s]{0,200}@?[^:/\s]{1,255}:(.{1,1000})", url)
        path = scp.group(1) if scp and "@" in url else url
    path = path.strip("/")
    if path.endswith(".git"):
        path = path[:-4]
    if "://" not in url and "@" not in url and "/" in path:  # a local path remote
        path = path.rsplit("/", 1)[-1]
    return path or None


def _first_env(env: Mapping[str, str], names: Sequence[str]) -> str | None:
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return value
    return None


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    value = proc.stdout.strip()
    return value if proc.returncode == 0 and value else None


def timestamp(at: str | None = None) -> str:
    """``at`` (ISO 8601; naive means UTC) or now, as UTC ``YYYY-MM-DDTHH:MM:SSZ``."""
    if at is None:
        moment = dt.datetime.now(dt.timezone.utc)
    else:
        text = at.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise GovlintError(f"--at: not an ISO 8601 time: {at!r}") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- what a snapshot says beyond the score JSON -----------------------------------------


@dataclass(slots=True)
class Facts:
    """From the findings themselves (the score JSON does not carry pointers): the rules
    that failed the gate per team (active errors) and the violation patterns."""

    gate_failures: dict[tuple[str, str], int] = field(default_factory=dict)  # (rule, team)
    patterns: dict[tuple[str, str, str], int] = field(default_factory=dict)  # rule, shape, team


# Keys whose children are names chosen by the author (paths, status codes, property and
# component names, labels...): a pattern replaces those names with ``*``.
MAP_KEYS = frozenset({
    "paths", "webhooks", "responses", "properties", "patternProperties", "schemas",
    "parameters", "headers", "content", "examples", "requestBodies", "securitySchemes",
    "links", "callbacks", "definitions", "securityDefinitions", "variables", "encoding",
    "mapping", "$defs", "labels", "annotations", "data", "stringData",
    "matchLabels", "versions", "scopes", "servers", "tags", "security",
})
MAX_PATTERN_DEPTH = 12
MAX_SEGMENT = 64


def pointer_shape(path: Sequence[str | int]) -> str:
    """The shape of a finding's path: array indexes and author-chosen keys (children of
    :data:`MAP_KEYS`) become ``*``, so ``/paths/~1orders/get/responses/200`` and
    ``/paths/~1users/get/responses/404`` are both ``/paths/*/get/responses/*``. Deep paths
    are cut at :data:`MAX_PATTERN_DEPTH` segments (``/…``)."""
    out: list[str] = []
    parent: str | int | None = None
    for part in path[:MAX_PATTERN_DEPTH]:
        if isinstance(part, int) or (isinstance(parent, str) and parent in MAP_KEYS):
            out.append("*")
        else:
            text = str(part).replace("~", "~0").replace("/", "~1")
            out.append(text if len(text) <= MAX_SEGMENT else text[:MAX_SEGMENT] + "…")
        parent = part if not isinstance(part, int) else None
    if len(path) > MAX_PATTERN_DEPTH:
        out.append("…")
    return "/" + "/".join(out) if out else ""


def facts(rollup: Rollup, fail_severity: Any = None, max_warnings: int | None = None) -> Facts:
    """Gate failures and violation patterns of every document's active findings. The gate
    is lint's (``--fail-severity``, default error; ``--max-warnings``): a rule fails it
    with a finding at or above the fail severity; when only the warning budget is over,
    the warning rules failed it."""
    from govlint.findings.model import Severity

    threshold = Severity.parse(fail_severity if fail_severity is not None else "error")
    gate: Counter[tuple[str, str]] = Counter()
    warns: Counter[tuple[str, str]] = Counter()
    shapes: Counter[tuple[str, str, str]] = Counter()
    for doc in rollup.documents:
        for finding in doc.active:
            if finding.severity.at_least(threshold):
                gate[(finding.rule, doc.team)] += 1
            elif finding.severity is Severity.WARN:
                warns[(finding.rule, doc.team)] += 1
            shapes[(finding.rule, pointer_shape(finding.path or ()), doc.team)] += 1
    over_budget = max_warnings is not None and sum(
        1 for doc in rollup.documents for f in doc.active if f.severity is Severity.WARN
    ) > max_warnings
    if not gate and over_budget:
        gate = warns
    return Facts(dict(sorted(gate.items())), dict(sorted(shapes.items())))


# --- writing ----------------------------------------------------------------------------

_SNAPSHOT_COLUMNS = (
    "recorded_at", "commit_sha", "branch", "governance", "tool_version", "score",
    "documents", "size", "errors", "warnings", "suppressed", "metrics", "detail", "rejected",
    "repository", "pipeline_id", "job_name", "job_id", "mr_iid", "is_mr")
_IDENTITY = ("repository", "commit_sha", "pipeline_id", "job_name")
# A retry replaces a snapshot unless it is an *older* attempt finishing late: job ids (GitLab
# CI_JOB_ID, GitHub GITHUB_RUN_ATTEMPT) grow, compared as numbers written in digits (length,
# then text; portable SQL, no cast that fails on other text).
_NOT_OLDER = (
    "(snapshots.job_id IS NULL OR excluded.job_id IS NULL "
    "OR LENGTH(excluded.job_id) > LENGTH(snapshots.job_id) "
    "OR (LENGTH(excluded.job_id) = LENGTH(snapshots.job_id) "
    "AND excluded.job_id >= snapshots.job_id))")


def record(where: Target | Path | str, result: Mapping[str, Any], meta: SnapshotMeta,
           found: Facts | None = None, *, rejected: bool | None = None) -> Recorded:
    """Write one snapshot of a score result (``rollup.to_json``): a new one, or in place of
    the snapshot with the same identity (a retried job). ``rejected`` is the gate verdict
    (default: the default CI gate, an active error)."""
    from govlint import __version__
    from govlint.reports.json_format import compact

    if result.get("partial"):
        raise GovlintError("a partial run (--changed-since, --shard) cannot be recorded as "
                           "the project's health; record a full run (or govlint merge the "
                           "shard reports and record their rollup)")
    found = found or Facts()
    org = result["organisation"]
    metrics = result.get("metrics") or {}
    if rejected is None:
        rejected = bool(metrics.get("rejected"))
    values = (meta.recorded_at, meta.commit, meta.branch,
              ",".join(result.get("governance") or []), __version__, org["score"],
              org["documents"], org["size"], org["findings"]["error"],
              org["findings"]["warn"], org["suppressed"]["count"],
              compact(metrics).decode(), zlib.compress(compact(result), 6), int(rejected),
              meta.repository, meta.pipeline, meta.job, meta.job_id, meta.mr,
              int(meta.mr is not None))
    store = connect(where)
    try:
        with reading(store, "recording"), store.transaction():
            if meta.repository:
                _adopt_unnamed(store, meta.repository)
            # recorded_at stays the first attempt's: retrying an old pipeline must not
            # make its commit the repository's current state (readers order by time)
            updates = ", ".join(f"{c} = excluded.{c}" for c in _SNAPSHOT_COLUMNS
                                if c not in _IDENTITY and c != "recorded_at")
            row = store.execute(
                f"INSERT INTO snapshots ({', '.join(_SNAPSHOT_COLUMNS)}) VALUES "
                f"({', '.join('?' * len(_SNAPSHOT_COLUMNS))}) "
                f"ON CONFLICT ({', '.join(_IDENTITY)}) DO UPDATE SET {updates} "
                f"WHERE {_NOT_OLDER} RETURNING id",
                values).fetchone()
            if row is None:  # an older attempt finishing late: the newer one stays
                kept = store.execute(
                    "SELECT id, job_id FROM snapshots WHERE repository = ? AND "
                    "commit_sha = ? AND pipeline_id = ? AND job_name = ?",
                    (meta.repository, meta.commit, meta.pipeline, meta.job)).fetchone()
                return Recorded(int(kept[0]), False, kept_job=str(kept[1]))
            sid = int(row[0])
            # A replaced snapshot's rows go (every snapshot has an organisation score row,
            # so deleted scores mean it existed: a concurrent first attempt may have
            # committed between our snapshot and this upsert, which PostgreSQL then waits on).
            replaced = False
            for table in ("scores", "rule_counts", "gate_failures", "patterns"):
                cur = store.execute(f"DELETE FROM {table} WHERE snapshot_id = ?", (sid,))
                replaced = replaced or (table == "scores" and (cur.rowcount or 0) > 0)
            store.executemany("INSERT INTO scores (snapshot_id, scope, name, category, score, "
                              "size, team, governance, digest) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              list(_score_rows(sid, result)))
            store.executemany("INSERT INTO rule_counts VALUES (?, ?, ?)",
                              [(sid, rule, int(n))
                               for rule, n in (metrics.get("byRule") or {}).items()])
            store.executemany("INSERT INTO gate_failures VALUES (?, ?, ?, ?)",
                              [(sid, rule, team, n)
                               for (rule, team), n in found.gate_failures.items()])
            store.executemany("INSERT INTO patterns VALUES (?, ?, ?, ?, ?)",
                              [(sid, rule, shape, team, n)
                               for (rule, shape, team), n in found.patterns.items()])
    except GovlintError as exc:
        raise GovlintError(f"cannot record a snapshot: {exc}") from None
    finally:
        store.close()
    return Recorded(sid, replaced)


def _adopt_unnamed(store: Store, repository: str) -> None:
    """Snapshots a v2 history (one repository's ``.govlint/history.sqlite``) recorded
    without a repository become ``repository``'s when the database names no other one:
    else the migrated file splits into two repositories (old rows unnamed, new rows the
    remote's path) and its dashboard turns into an organisation site. A shared database
    that names several repositories leaves unnamed rows alone (whose they are is unknown)."""
    unnamed = store.execute("SELECT 1 FROM snapshots WHERE repository IS NULL "
                            "LIMIT 1").fetchone()
    if unnamed is None:
        return
    other = store.execute("SELECT 1 FROM snapshots WHERE repository IS NOT NULL AND "
                          "repository <> ? LIMIT 1", (repository,)).fetchone()
    if other is None:
        store.execute("UPDATE snapshots SET repository = ? WHERE repository IS NULL",
                      (repository,))


def _score_rows(sid: int, result: Mapping[str, Any]) -> Iterator[tuple[Any, ...]]:
    levels = [("organisation", [result["organisation"]]), ("team", result["teams"]),
              ("service", result["services"])]
    for scope, entries in levels:
        for entry in entries:
            name = "organisation" if scope == "organisation" else entry["name"]
            team = entry.get("team") if scope == "service" else None
            gov = entry.get("governance") or {} if scope == "service" else {}
            yield (sid, scope, name, "", entry["score"], entry["size"], team,
                   gov.get("version"), gov.get("digest"))
            for cat, value in (entry.get("categories") or {}).items():
                yield sid, scope, name, cat, value, entry["size"], None, None, None


def prune(where: Target | Path | str, *, keep_days: int | None = None,
          keep_last: int | None = None, now: str | None = None) -> int:
    """Delete snapshots older than ``keep_days`` days, except each repository's newest
    ``keep_last`` of each kind (default-branch state and merge-request snapshots are
    ranked apart: a busy MR stream never pushes out the state), and never a repository's
    newest state snapshot (the dashboard's current state of it). With only ``keep_last``:
    everything but those. Short transactions of :data:`PRUNE_BATCH` snapshots, each
    delete re-checking the snapshot's time, so writers are never held up for long.
    Returns how many snapshots went."""
    if keep_days is None and keep_last is None:
        raise GovlintError("prune needs --keep-days and/or --keep-last")
    moment = dt.datetime.fromisoformat(timestamp(now).replace("Z", "+00:00"))
    cutoff = None if keep_days is None else (moment - dt.timedelta(days=keep_days)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    conditions: list[str] = ["NOT (is_mr = 0 AND rn = 1)"]
    params: list[Any] = []
    if cutoff is not None:
        conditions.append("recorded_at < ?")
        params.append(cutoff)
    if keep_last is not None:
        conditions.append("rn > ?")
        params.append(keep_last)
    store = connect(where, create=False)
    deleted = 0
    try:
        with reading(store, "pruning"):
            doomed = store.query(
                "SELECT id, recorded_at FROM (SELECT id, recorded_at, is_mr, ROW_NUMBER() "
                "OVER (PARTITION BY COALESCE(repository, ''), is_mr "
                "ORDER BY recorded_at DESC, id DESC) "
                f"AS rn FROM snapshots) ranked WHERE {' AND '.join(conditions)} ORDER BY id",
                params)
            for start in range(0, len(doomed), PRUNE_BATCH):
                batch = doomed[start:start + PRUNE_BATCH]
                with store.transaction():
                    deleted += store.executemany(
                        "DELETE FROM snapshots WHERE id = ? AND recorded_at = ?", batch)
    finally:
        store.close()
    return deleted


# --- reading ----------------------------------------------------------------------------


@dataclass(slots=True)
class Snapshot:
    id: int
    recorded_at: str
    commit: str | None
    branch: str | None
    governance: str
    tool_version: str
    score: float | None
    documents: int
    size: int
    errors: int
    warnings: int
    suppressed: int
    rejected: bool
    metrics: dict[str, Any] = field(default_factory=dict)
    delta: float | None = None  # against the previous snapshot of the same repo and branch
    repository: str | None = None
    pipeline: str | None = None
    job: str | None = None
    job_id: str | None = None
    mr: str | None = None
    is_mr: bool = False

    @property
    def short_commit(self) -> str:
        return (self.commit or "")[:8] or "-"


_COLUMNS = ("id, recorded_at, commit_sha, branch, governance, tool_version, score, documents, "
            "size, errors, warnings, suppressed, rejected, metrics, repository, pipeline_id, "
            "job_name, job_id, mr_iid, is_mr")


def snapshots(conn: Store, branch: str | None = None, limit: int | None = None, *,
              repository: str | None = None) -> list[Snapshot]:
    """Snapshots oldest first (of one branch and/or repository, or all), each with its delta
    against the previous snapshot of its own repository and branch; ``limit`` keeps the
    newest ones."""
    import orjson

    where, params = [], []
    if repository is not None:
        where.append("repository = ?")
        params.append(repository)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    with reading(conn, "snapshots"):
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM snapshots{clause} ORDER BY recorded_at, id",
            params).fetchall()
        snaps = [_snapshot(row, orjson.loads) for row in rows]
    out: list[Snapshot] = []
    previous: dict[tuple[str | None, str | None], float | None] = {}
    for snap in snaps:
        key = (snap.repository, snap.branch)
        if key in previous:
            before = previous[key]
            if before is not None and snap.score is not None:
                snap.delta = round(snap.score - before, 1)
        previous[key] = snap.score
        if branch is None or snap.branch == branch:
            out.append(snap)
    return out[-limit:] if limit else out


def _snapshot(row: Sequence[Any], loads: Callable[[Any], Any]) -> Snapshot:
    """A row as a Snapshot, every column checked for its type (a crafted database may hold
    text where a score belongs)."""
    def text(value: Any, optional: bool = True) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise TypeError(f"snapshot column holds {type(value).__name__}, expected text")
        return value

    def number(value: Any, kind: type = int) -> Any:
        if value is None and kind is float:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"snapshot column holds {type(value).__name__}, expected a number")
        return kind(value)

    metrics = loads(row[13]) if row[13] else {}
    return Snapshot(
        number(row[0]), text(row[1], False), text(row[2]), text(row[3]), text(row[4]) or "",
        text(row[5]) or "", number(row[6], float), number(row[7]), number(row[8]),
        number(row[9]), number(row[10]), number(row[11]), rejected=bool(row[12]),
        metrics=metrics if isinstance(metrics, dict) else {},
        repository=text(row[14]), pipeline=text(row[15]), job=text(row[16]),
        job_id=text(row[17]), mr=text(row[18]), is_mr=bool(row[19]))


def snapshot_facts(conn: Store, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Per snapshot id: ``rules`` (rule counts), ``failedRules`` (rule -> {team: count}),
    ``patterns`` ([{rule, pattern, count}], most frequent first), ``teams`` ([{name,
    score}]) and ``services`` ([{name, team, score, governance, digest}])."""
    out: dict[int, dict[str, Any]] = {
        i: {"rules": {}, "failedRules": {}, "patterns": [], "teams": [], "services": []}
        for i in ids}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        marks = ",".join("?" * len(chunk))
        with reading(conn, "snapshot facts"):
            for sid, rule, n in conn.query(
                    f"SELECT snapshot_id, rule, count FROM rule_counts WHERE snapshot_id IN "
                    f"({marks}) ORDER BY snapshot_id, rule", chunk):
                out[sid]["rules"][str(rule)] = int(n)
            for sid, rule, team, n in conn.query(
                    f"SELECT snapshot_id, rule, team, count FROM gate_failures WHERE "
                    f"snapshot_id IN ({marks}) ORDER BY snapshot_id, rule, team", chunk):
                out[sid]["failedRules"].setdefault(str(rule), {})[str(team)] = int(n)
            for sid, rule, shape, n in conn.query(
                    f"SELECT snapshot_id, rule, pattern, SUM(count) FROM patterns WHERE "
                    f"snapshot_id IN ({marks}) GROUP BY snapshot_id, rule, pattern "
                    f"ORDER BY snapshot_id, SUM(count) DESC, rule, pattern", chunk):
                out[sid]["patterns"].append(
                    {"rule": str(rule), "pattern": str(shape), "count": int(n)})
            for sid, scope, name, team, score, gov, digest in conn.query(
                    f"SELECT snapshot_id, scope, name, team, score, governance, digest FROM "
                    f"scores WHERE snapshot_id IN ({marks}) AND scope IN ('team', 'service') "
                    f"AND category = '' ORDER BY snapshot_id, scope, name", chunk):
                if scope == "team":
                    out[sid]["teams"].append({"name": name, "score": score})
                else:
                    out[sid]["services"].append({"name": name, "team": team, "score": score,
                                                 "governance": gov, "digest": digest})
    return out


def detail(conn: Store, snapshot_id: int) -> dict[str, Any]:
    """The score JSON of one snapshot, inflated at most to :data:`MAX_DETAIL_BYTES`."""
    import orjson

    with reading(conn, f"snapshot {snapshot_id}"):
        row = conn.execute("SELECT detail FROM snapshots WHERE id = ?",
                           (snapshot_id,)).fetchone()
        if not row:
            return {}
        blob = bytes(row[0]) if isinstance(row[0], memoryview) else row[0]
        if not isinstance(blob, bytes):
            raise TypeError(f"detail holds {type(blob).__name__}, expected zlib bytes")
        inflater = zlib.decompressobj()
        raw = inflater.decompress(blob, MAX_DETAIL_BYTES + 1)
        if len(raw) > MAX_DETAIL_BYTES or inflater.unconsumed_tail:
            raise GovlintError(
                f"{conn.label}: snapshot {snapshot_id}'s detail inflates beyond "
                f"{MAX_DETAIL_BYTES >> 20} MiB (a zlib bomb?); not read")
        data = orjson.loads(raw)
        if not isinstance(data, dict):
            raise TypeError(f"detail is a {type(data).__name__}, expected an object")
        return data


def series(conn: Store, ids: Sequence[int], scope: str,
           category: str = "") -> dict[str, dict[int, float | None]]:
    """``name -> {snapshot id: score}`` for one scope over the given snapshots."""
    out: dict[str, dict[int, float | None]] = {}
    if not ids:
        return out
    marks = ",".join("?" * len(ids))
    with reading(conn, f"{scope} scores"):
        rows = conn.execute(
            f"SELECT snapshot_id, name, score FROM scores WHERE scope = ? AND category = ? "
            f"AND snapshot_id IN ({marks})", (scope, category, *ids)).fetchall()
        for sid, name, score in rows:
            if not isinstance(name, str) or not (
                    score is None or isinstance(score, (int, float))):
                raise TypeError(f"a {scope} score row holds {name!r}: {score!r}")
            out.setdefault(name, {})[sid] = score
    return out


def branches(conn: Store) -> list[tuple[str | None, int, str]]:
    """(branch, snapshot count, latest time), latest first."""
    with reading(conn, "branches"):
        rows = [tuple(r) for r in conn.execute(
            "SELECT branch, COUNT(*), MAX(recorded_at) FROM snapshots GROUP BY branch "
            "ORDER BY MAX(recorded_at) DESC, branch").fetchall()]
        for branch, _, _ in rows:
            if branch is not None and not isinstance(branch, str):
                raise TypeError(f"a branch name is {type(branch).__name__}")
    return rows
