"""Score history in SQLite (stdlib ``sqlite3``): one snapshot per ``--record``.

A snapshot holds when it was taken, the git commit and branch, the governance version, the
organisation/team/service scores per category, rule counts, the metrics, and the whole
score JSON (zlib-compressed) for the dashboard's drill-down of the latest snapshot.

Safety with parallel CI jobs writing one database: WAL journal, a 30 s busy timeout, and one
``BEGIN IMMEDIATE`` transaction per snapshot (all of it or nothing, writers queue instead of
failing). The schema version is ``PRAGMA user_version``; older databases are migrated in
place inside the same kind of transaction, so two processes opening an old database at
once migrate it once. A database from a newer govlint is refused, never rewritten. (WAL
needs a local file system: keep the database off NFS and share it as a CI cache/artifact.)

A database may come from a CI cache or artifact anyone with pipeline access can replace, so
it is read as untrusted input: views and triggers are refused (a view can recurse forever,
a trigger runs on insert), ``trusted_schema`` is off, every statement shares a time budget
(:data:`TIME_BUDGET_S`), values are capped at :data:`MAX_VALUE_BYTES`, the compressed
detail is inflated only up to :data:`MAX_DETAIL_BYTES` (a zlib bomb is an error, not a
memory spike), and whatever a crafted or bit-flipped file makes SQLite, zlib or the JSON
decoder raise becomes a one-line error naming the database (exit 2), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.errors import GovlintError

DEFAULT_DB = ".govlint/history.sqlite"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_S = 30.0
TIME_BUDGET_S = 120.0  # all statements of one connection (locks wait separately)
MAX_VALUE_BYTES = 64 << 20  # largest string or blob SQLite hands back
MAX_DETAIL_BYTES = 256 << 20  # largest inflated score JSON of one snapshot
TABLES = frozenset({"snapshots", "scores", "rule_counts", "sqlite_sequence"})


def default_db(root: Path) -> Path:
    """``.govlint/history.sqlite`` under the project root, which it must not leave: a
    checkout could commit it as a symlink to a file SQLite would then write (``--db`` is the
    operator's choice and is not checked)."""
    path = Path(root) / DEFAULT_DB
    real, top = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    if top not in real.parents:
        raise GovlintError(f"{path} resolves outside the project root ({top}) (a symlink?): "
                           "refused; pass --db to choose the database")
    return path


class HistoryConnection(sqlite3.Connection):
    """A connection that knows its file (for error messages) and its time budget."""

    path: Path
    deadline: float


def _over_budget(conn: HistoryConnection) -> int:
    return 1 if time.monotonic() > conn.deadline else 0


@contextmanager
def reading(conn: sqlite3.Connection, what: str = "reading") -> Iterator[None]:
    """Turn what a crafted or corrupt database makes SQLite, zlib or the JSON decoder raise
    into a ``GovlintError`` naming the database."""
    try:
        yield
    except GovlintError:
        raise
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise GovlintError(f"{_path(conn)}: {what} took more than {TIME_BUDGET_S:g} s "
                               "(a crafted database?); stopped") from None
        raise GovlintError(f"{_path(conn)}: not a usable govlint history database "
                           f"({what}): {exc}") from None
    except (sqlite3.Error, zlib.error, ValueError, TypeError, KeyError, IndexError,
            OverflowError, AttributeError) as exc:
        raise GovlintError(f"{_path(conn)}: not a usable govlint history database "
                           f"({what}): {type(exc).__name__}: {exc}") from None


def _path(conn: sqlite3.Connection) -> str:
    return str(getattr(conn, "path", "history database"))

# Environment variables CI systems set, in order of preference (a flag beats them all).
COMMIT_ENV = ("GOVLINT_COMMIT", "CI_COMMIT_SHA", "GITHUB_SHA")
BRANCH_ENV = ("GOVLINT_BRANCH", "CI_COMMIT_REF_NAME", "GITHUB_HEAD_REF", "GITHUB_REF_NAME")


# --- schema -----------------------------------------------------------------------------


def _v1(conn: sqlite3.Connection) -> None:
    conn.execute("""
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recorded_at TEXT NOT NULL,            -- UTC, ISO 8601 ending in Z
            commit_sha TEXT,
            branch TEXT,
            governance TEXT,                      -- comma-separated versions
            tool_version TEXT,
            score REAL,                           -- NULL: nothing to score
            documents INTEGER NOT NULL,
            size INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            warnings INTEGER NOT NULL,
            suppressed INTEGER NOT NULL,
            metrics TEXT NOT NULL,                -- JSON
            detail BLOB NOT NULL                  -- zlib(JSON): the score output
        )""")
    conn.execute("""
        CREATE TABLE scores (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
            scope TEXT NOT NULL,                  -- organisation | team | service
            name TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT '',    -- '' is the overall score
            score REAL,
            size INTEGER NOT NULL,
            PRIMARY KEY (snapshot_id, scope, name, category)
        )""")


def _v2(conn: sqlite3.Connection) -> None:
    """Rejection (would the default CI gate fail) and rule counts per snapshot."""
    conn.execute("ALTER TABLE snapshots ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0")
    conn.execute("""
        CREATE TABLE rule_counts (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
            rule TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (snapshot_id, rule)
        )""")
    conn.execute("CREATE INDEX snapshots_by_branch ON snapshots (branch, recorded_at, id)")
    conn.execute("UPDATE snapshots SET rejected = (errors > 0)")
    import orjson

    rows = conn.execute("SELECT id, metrics FROM snapshots").fetchall()
    for sid, metrics in rows:
        by_rule = (orjson.loads(metrics) or {}).get("byRule") or {}
        conn.executemany("INSERT INTO rule_counts VALUES (?, ?, ?)",
                         [(sid, rule, int(n)) for rule, n in by_rule.items()])


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1, 2: _v2}


def connect(path: Path, *, create: bool = True, target: int = SCHEMA_VERSION
            ) -> sqlite3.Connection:
    """Open (and create or migrate) the history database at ``path``."""
    if not create and not path.is_file():
        raise GovlintError(f"no history database at {path} (record one with "
                           "`govlint score --record`)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               factory=HistoryConnection)
    except (OSError, sqlite3.Error) as exc:
        raise GovlintError(f"cannot open history database {path}: {exc}") from None
    assert isinstance(conn, HistoryConnection)
    conn.path = path
    conn.deadline = time.monotonic() + TIME_BUDGET_S
    try:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        conn.set_progress_handler(lambda: _over_budget(conn), 10_000)
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        _check_schema(conn, path)
        _retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        with reading(conn, "migrating"):
            migrate(conn, path, target)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if "locked" in str(exc):
            raise GovlintError(f"{path} stayed locked by another writer for more than "
                               f"{BUSY_TIMEOUT_S:g} s") from None
        if "interrupted" in str(exc):
            raise GovlintError(f"{path}: opening took more than {TIME_BUDGET_S:g} s "
                               "(a crafted database?); stopped") from None
        raise GovlintError(f"{path}: not a usable govlint history database: {exc}") from None
    except UnicodeDecodeError:  # text that is not UTF-8 where SQLite keeps its schema
        conn.close()
        raise GovlintError(f"{path}: not a usable govlint history database "
                           "(damaged: text that is not UTF-8)") from None
    except BaseException:
        conn.close()
        raise
    return conn


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Only govlint's tables and indexes: no views (a recursive one never ends), no
    triggers (they would run on ``record``), nothing else."""
    rows = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    odd = sorted(f"{kind} {name!r}" for kind, name in rows
                 if kind in ("view", "trigger") or (kind == "table" and name not in TABLES))
    if odd:
        raise GovlintError(f"{path}: not a govlint history database (it has "
                           f"{', '.join(odd[:5])}{', …' if len(odd) > 5 else ''})")


def _retry(action: Callable[[], Any], attempts: int = 50) -> Any:
    """Switching to WAL needs a moment alone with a brand-new file; retry while locked."""
    for i in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or i == attempts - 1:
                raise
            time.sleep(0.05 * (i + 1))
    return None


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: Path, target: int = SCHEMA_VERSION) -> None:
    """Bring the schema to ``target`` in one transaction (re-checked under the lock)."""
    if user_version(conn) > SCHEMA_VERSION:
        raise GovlintError(
            f"{path}: history schema version {user_version(conn)} is newer than this "
            f"govlint understands ({SCHEMA_VERSION}); upgrade govlint"
        )
    if user_version(conn) >= target:
        return
    with transaction(conn):
        for version in range(user_version(conn) + 1, target + 1):
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version}")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE``: take the write lock up front (queue behind other writers)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# --- recording --------------------------------------------------------------------------


@dataclass(slots=True)
class SnapshotMeta:
    recorded_at: str
    commit: str | None = None
    branch: str | None = None


def snapshot_meta(root: Path, commit: str | None = None, branch: str | None = None,
                  at: str | None = None, env: Mapping[str, str] | None = None) -> SnapshotMeta:
    """When and where: flags first, then CI variables, then git (when available)."""
    env = os.environ if env is None else env
    commit = commit or _first_env(env, COMMIT_ENV) or _git(root, "rev-parse", "HEAD")
    if not branch:
        branch = _first_env(env, BRANCH_ENV) or _git(root, "rev-parse", "--abbrev-ref", "HEAD")
        if branch == "HEAD":  # detached, and no CI variable says which branch
            branch = None
    return SnapshotMeta(recorded_at=timestamp(at), commit=commit, branch=branch)


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


def record(path: Path, result: Mapping[str, Any], meta: SnapshotMeta) -> int:
    """Append one snapshot of a score result (``rollup.to_json``); returns its id."""
    from govlint import __version__
    from govlint.reports.json_format import compact

    if result.get("partial"):
        raise GovlintError("a partial run (--changed-since, --shard) cannot be recorded as "
                           "the project's health; record a full run (or govlint merge the "
                           "shard reports and record their rollup)")
    org = result["organisation"]
    metrics = result.get("metrics") or {}
    conn = connect(path)
    try:
        with transaction(conn):
            cur = conn.execute(
                "INSERT INTO snapshots (recorded_at, commit_sha, branch, governance, "
                "tool_version, score, documents, size, errors, warnings, suppressed, metrics, "
                "detail, rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (meta.recorded_at, meta.commit, meta.branch,
                 ",".join(result.get("governance") or []), __version__, org["score"],
                 org["documents"], org["size"], org["findings"]["error"],
                 org["findings"]["warn"], org["suppressed"]["count"],
                 compact(metrics).decode(),
                 zlib.compress(compact(result), 6),
                 int(bool(metrics.get("rejected")))),
            )
            sid = int(cur.lastrowid or 0)
            conn.executemany("INSERT INTO scores VALUES (?, ?, ?, ?, ?, ?)",
                             list(_score_rows(sid, result)))
            conn.executemany("INSERT INTO rule_counts VALUES (?, ?, ?)",
                             [(sid, rule, int(n))
                              for rule, n in (metrics.get("byRule") or {}).items()])
    except sqlite3.Error as exc:
        raise GovlintError(f"cannot record a snapshot in {path}: {exc}") from None
    finally:
        conn.close()
    return sid


def _score_rows(sid: int, result: Mapping[str, Any]) -> Iterator[tuple[Any, ...]]:
    levels = [("organisation", [result["organisation"]]), ("team", result["teams"]),
              ("service", result["services"])]
    for scope, entries in levels:
        for entry in entries:
            name = "organisation" if scope == "organisation" else entry["name"]
            yield sid, scope, name, "", entry["score"], entry["size"]
            for cat, value in (entry.get("categories") or {}).items():
                yield sid, scope, name, cat, value, entry["size"]


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
    delta: float | None = None  # against the previous snapshot of the same branch

    @property
    def short_commit(self) -> str:
        return (self.commit or "")[:8] or "-"


_COLUMNS = ("id, recorded_at, commit_sha, branch, governance, tool_version, score, documents, "
            "size, errors, warnings, suppressed, rejected, metrics")


def snapshots(conn: sqlite3.Connection, branch: str | None = None,
              limit: int | None = None) -> list[Snapshot]:
    """Snapshots oldest first (of one branch, or all), each with its delta against the
    previous snapshot of its own branch; ``limit`` keeps the newest ones."""
    import orjson

    with reading(conn, "snapshots"):
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM snapshots ORDER BY recorded_at, id").fetchall()
        snaps = [_snapshot(row, orjson.loads) for row in rows]
    out: list[Snapshot] = []
    previous: dict[str | None, float | None] = {}
    for snap in snaps:
        if snap.branch in previous:
            before = previous[snap.branch]
            if before is not None and snap.score is not None:
                snap.delta = round(snap.score - before, 1)
        previous[snap.branch] = snap.score
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
        metrics=metrics if isinstance(metrics, dict) else {})


def detail(conn: sqlite3.Connection, snapshot_id: int) -> dict[str, Any]:
    """The score JSON of one snapshot, inflated at most to :data:`MAX_DETAIL_BYTES`."""
    import orjson

    with reading(conn, f"snapshot {snapshot_id}"):
        row = conn.execute("SELECT detail FROM snapshots WHERE id = ?",
                           (snapshot_id,)).fetchone()
        if not row:
            return {}
        if not isinstance(row[0], bytes):
            raise TypeError(f"detail holds {type(row[0]).__name__}, expected zlib bytes")
        inflater = zlib.decompressobj()
        raw = inflater.decompress(row[0], MAX_DETAIL_BYTES + 1)
        if len(raw) > MAX_DETAIL_BYTES or inflater.unconsumed_tail:
            raise GovlintError(
                f"{_path(conn)}: snapshot {snapshot_id}'s detail inflates beyond "
                f"{MAX_DETAIL_BYTES >> 20} MiB (a zlib bomb?); not read")
        data = orjson.loads(raw)
        if not isinstance(data, dict):
            raise TypeError(f"detail is a {type(data).__name__}, expected an object")
        return data


def series(conn: sqlite3.Connection, ids: Sequence[int], scope: str,
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


def branches(conn: sqlite3.Connection) -> list[tuple[str | None, int, str]]:
    """(branch, snapshot count, latest time), latest first."""
    with reading(conn, "branches"):
        rows = [tuple(r) for r in conn.execute(
            "SELECT branch, COUNT(*), MAX(recorded_at) FROM snapshots GROUP BY branch "
            "ORDER BY MAX(recorded_at) DESC, branch")]
        for branch, _, _ in rows:
            if branch is not None and not isinstance(branch, str):
                raise TypeError(f"a branch name is {type(branch).__name__}")
    return rows
