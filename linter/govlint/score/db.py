"""The history database, SQLite or PostgreSQL: where it is (``--db``), one connection type
for both, and the versioned schema.

``--db`` (or ``$GOVLINT_DB_URL``) is a path, ``sqlite:///relative.sqlite`` /
``sqlite:////absolute.sqlite`` (SQLAlchemy's spelling), or ``postgresql://…`` (psycopg 3,
installed by the ``postgres`` extra, imported only when used). A URL's password is never
printed: every message names the database by :func:`redact`.

SQL is written once, with ``?`` placeholders and portable types; :class:`Store` turns it
into each backend's dialect (``%s``, ``BIGINT``, ``BYTEA``, identity columns). The schema
version is ``PRAGMA user_version`` in SQLite (so files from schema v2 keep working and are
migrated in place) and the table ``govlint_schema`` in PostgreSQL; migrations run in one
transaction, under SQLite's write lock or a PostgreSQL advisory lock, re-checked once the
lock is held, so processes opening an old database at once migrate it once. A database
from a newer govlint is refused, never rewritten.

SQLite specifics (a file that may come from a CI cache anyone can replace, so untrusted):
WAL, a 30 s busy timeout, ``BEGIN IMMEDIATE`` per write, no views or triggers, a time budget
per connection, capped values. PostgreSQL is the operator's server: a statement timeout,
a connect timeout, autocommit between short explicit transactions.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from govlint.errors import GovlintError

DEFAULT_DB = ".govlint/history.sqlite"
SCHEMA_VERSION = 3
BUSY_TIMEOUT_S = 30.0
TIME_BUDGET_S = 120.0  # all statements of one connection (locks wait separately)
CONNECT_TIMEOUT_S = 15
MAX_VALUE_BYTES = 64 << 20  # largest string or blob SQLite hands back
TABLES = frozenset({"snapshots", "scores", "rule_counts", "gate_failures", "patterns",
                    "sqlite_sequence"})
PG_LOCK = 0x676F766C  # advisory lock key of migrations ("govl")
ENV_URL = "GOVLINT_DB_URL"


# --- where ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """A database to open: ``kind`` is ``sqlite`` (``path``) or ``postgresql`` (``url``,
    which may hold a password: print ``label``)."""

    kind: str
    label: str
    path: Path | None = None
    url: str | None = None


# Passwords of the URLs given this process (raw and percent-decoded) and $PGPASSWORD:
# masked wherever they appear, since a driver's message may quote a password token that is
# not URL-shaped any more (psycopg splits a password with a space or ``%``).
_SECRETS: set[str] = set()
MIN_SECRET = 3  # shorter "passwords" would mask ordinary words of every message


def remember_password(url: str) -> None:
    """Register the password of ``url`` (userinfo or ``password=``) for :func:`redact`."""
    from urllib.parse import unquote, unquote_plus

    found: list[str] = []
    rest = url.split("://", 1)[-1]
    at = rest.rfind("@")
    colon = rest.find(":", 0, at) if at > 0 else -1
    if colon >= 0:
        found.append(rest[colon + 1:at])
    found += re.findall(r"(?i)password=([^&\s]{1,500})", url)
    found.append(os.environ.get("PGPASSWORD", ""))
    for raw in found:
        for value in (raw, unquote(raw), unquote_plus(raw)):
            if len(value) >= MIN_SECRET:
                _SECRETS.add(value)
                # psycopg quotes a conninfo value: ' and \ come back backslash-escaped
                _SECRETS.add(value.replace("\\", "\\\\").replace("'", "\\'"))


def redact(text: str) -> str:
    """``text`` with every URL password (``user:pw@``) and ``password=`` value masked, and
    every known password (:func:`remember_password`) wherever it appears.
    Everything from the user's colon to the *last* ``@`` of the URL goes: a password with
    an unencoded ``@`` is never half shown (an ``@`` further on only hides more)."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    def url(match: re.Match[str]) -> str:
        scheme, rest = match.group(1), match.group(2)
        at = rest.rfind("@")
        colon = rest.find(":", 0, at) if at > 0 else -1
        if colon < 0:
            return match.group(0)
        return f"{scheme}{rest[:colon]}:***{rest[at:]}"

    text = re.sub(r"(?i)(\b[a-z][a-z0-9+.-]{0,30}://)(\S{1,2000})", url, text)
    return re.sub(r"(?i)(password=)[^&\s]{1,500}", r"\1***", text)


def target(db: str | None, root: Path | None = None) -> Target:
    """The database ``db`` names (``None``: ``.govlint/history.sqlite`` under ``root``,
    confined to it)."""
    if not db:
        if root is None:
            raise GovlintError("no history database given (--db or $GOVLINT_DB_URL)")
        path = default_db(root)
        return Target("sqlite", str(path), path=path)
    scheme = db.split("://", 1)[0].lower() if "://" in db else ""
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        url = "postgresql://" + db.split("://", 1)[1]
        remember_password(url)
        return Target("postgresql", redact(url), url=url)
    if scheme == "sqlite":
        rest = db.split("://", 1)[1]
        if not rest.startswith("/") or rest == "/":
            raise GovlintError(f"--db {redact(db)}: an SQLite URL names a file: "
                               "sqlite:///relative.sqlite or sqlite:////absolute.sqlite")
        path = Path(unquote(rest[1:].split("?", 1)[0]))
        return Target("sqlite", str(path), path=path)
    if scheme:
        raise GovlintError(f"--db {redact(db)}: unsupported database ({scheme}://); use a "
                           "file path, sqlite:///FILE or postgresql://…")
    path = Path(db)
    return Target("sqlite", str(path), path=path)


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


# --- connections ------------------------------------------------------------------------


class HistoryConnection(sqlite3.Connection):
    """An SQLite connection that knows its file (for error messages) and its time budget."""

    path: Path
    deadline: float


def _over_budget(conn: HistoryConnection) -> int:
    return 1 if time.monotonic() > conn.deadline else 0


class Store:
    """One connection to the history database, SQLite or PostgreSQL, speaking the same
    SQL (``?`` placeholders): what the history and the dashboard's read API use."""

    def __init__(self, raw: Any, dialect: str, label: str) -> None:
        self.raw = raw
        self.dialect = dialect
        self.label = label
        self.path = label  # what error messages name

    @property
    def postgres(self) -> bool:
        return self.dialect == "postgresql"

    def sql(self, text: str) -> str:
        return text.replace("%", "%%").replace("?", "%s") if self.postgres else text

    def execute(self, text: str, params: Sequence[Any] = ()) -> Any:
        return self.raw.execute(self.sql(text), tuple(params))

    def executemany(self, text: str, rows: Sequence[Sequence[Any]]) -> int:
        """Run ``text`` for every row (PostgreSQL pipelines them); returns the rows
        changed."""
        if not rows:
            return 0
        if self.postgres:
            with self.raw.cursor() as cur:
                cur.executemany(self.sql(text), rows)
                return max(int(cur.rowcount or 0), 0)
        return max(int(self.raw.executemany(text, rows).rowcount or 0), 0)

    def query(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.execute(text, params).fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One short transaction; SQLite takes the write lock up front (``BEGIN
        IMMEDIATE``: writers queue instead of failing)."""
        if self.postgres:
            with self.raw.transaction():
                yield
            return
        self.raw.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.raw.execute("ROLLBACK")
            raise
        self.raw.execute("COMMIT")

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise GovlintError("a postgresql:// database needs psycopg 3: pip install "
                           "'govlint[postgres]'") from None
    return psycopg


def db_errors() -> tuple[type[BaseException], ...]:
    """The exception types of the database drivers loaded so far."""
    found: list[type[BaseException]] = [sqlite3.Error]
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        found.append(psycopg.Error)
    return tuple(found)


def connect(where: Target | Path | str, *, create: bool = True,
            target_version: int = SCHEMA_VERSION) -> Store:
    """Open (and create or migrate to ``target_version``) the history database."""
    if not isinstance(where, Target):
        where = target(str(where))
    if where.kind == "postgresql":
        return _connect_pg(where, create, target_version)
    assert where.path is not None
    return _connect_sqlite(where.path, create, target_version)


def _connect_pg(where: Target, create: bool, version: int) -> Store:
    psycopg = _psycopg()
    assert where.url is not None
    try:
        raw = psycopg.connect(where.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                              application_name="govlint")
    except psycopg.Error as exc:
        raise GovlintError(f"cannot connect to {where.label}: "
                           f"{redact(_first_line(exc))}") from None
    store = Store(raw, "postgresql", where.label)
    try:
        with reading(store, "opening"):
            raw.execute(f"SET statement_timeout = {int(TIME_BUDGET_S * 1000)}")
            found = user_version(store)
        if not create and found == 0:
            raise GovlintError(f"no govlint history in {where.label} (record one with "
                               "`govlint score --record --db URL`, or `govlint db upgrade`)")
        with reading(store, "migrating"):
            migrate(store, version)
    except BaseException:
        store.close()
        raise
    return store


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _connect_sqlite(path: Path, create: bool, version: int) -> Store:
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
    store = Store(conn, "sqlite", str(path))
    try:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        conn.set_progress_handler(lambda: _over_budget(conn), 10_000)
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        _check_schema(conn, path)
        _retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        with reading(store, "migrating"):
            migrate(store, version)
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
    return store


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


@contextmanager
def reading(store: Any, what: str = "reading") -> Iterator[None]:
    """Turn what a crafted or corrupt database (or a lost server) makes the driver, zlib or
    the JSON decoder raise into a ``GovlintError`` naming the database."""
    label = str(getattr(store, "path", "history database"))
    try:
        yield
    except GovlintError:
        raise
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise GovlintError(f"{label}: {what} took more than {TIME_BUDGET_S:g} s "
                               "(a crafted database?); stopped") from None
        raise GovlintError(f"{label}: not a usable govlint history database "
                           f"({what}): {exc}") from None
    except (*db_errors(), zlib.error, ValueError, TypeError, KeyError, IndexError,
            OverflowError, AttributeError) as exc:
        if getattr(store, "postgres", False) and type(exc).__module__.startswith("psycopg"):
            raise GovlintError(f"{label}: {what} failed: "
                               f"{redact(_first_line(exc))}") from None
        raise GovlintError(f"{label}: not a usable govlint history database "
                           f"({what}): {type(exc).__name__}: {exc}") from None


# --- schema -----------------------------------------------------------------------------


def ddl(store: Store, text: str) -> str:
    """Portable DDL (SQLite's spelling) in the store's dialect."""
    if not store.postgres:
        return text
    text = text.replace("INTEGER PRIMARY KEY AUTOINCREMENT",
                        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
    text = re.sub(r"\bINTEGER\b", "BIGINT", text)
    text = re.sub(r"\bREAL\b", "DOUBLE PRECISION", text)
    return re.sub(r"\bBLOB\b", "BYTEA", text)


def _v1(store: Store) -> None:
    store.execute(ddl(store, """
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
        )"""))
    store.execute(ddl(store, """
        CREATE TABLE scores (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
            scope TEXT NOT NULL,                  -- organisation | team | service
            name TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT '',    -- '' is the overall score
            score REAL,
            size INTEGER NOT NULL,
            PRIMARY KEY (snapshot_id, scope, name, category)
        )"""))


def _v2(store: Store) -> None:
    """Rejection (would the default CI gate fail) and rule counts per snapshot."""
    store.execute("ALTER TABLE snapshots ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0")
    store.execute(ddl(store, """
        CREATE TABLE rule_counts (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
            rule TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (snapshot_id, rule)
        )"""))
    store.execute("CREATE INDEX snapshots_by_branch ON snapshots (branch, recorded_at, id)")
    store.execute("UPDATE snapshots SET rejected = CASE WHEN errors > 0 THEN 1 ELSE 0 END")
    import orjson

    rows = store.query("SELECT id, metrics FROM snapshots")
    for sid, metrics in rows:
        by_rule = (orjson.loads(metrics) or {}).get("byRule") or {}
        store.executemany("INSERT INTO rule_counts VALUES (?, ?, ?)",
                          [(sid, rule, int(n)) for rule, n in by_rule.items()])


def _v3(store: Store) -> None:
    """Organisation scale (issue 14): the snapshot's identity (repository, commit, pipeline,
    job; unique, so a retried job replaces its snapshot), merge-request facts, the rules
    that failed the gate per team, violation patterns, and each service's team, governance
    version and ruleset digest."""
    for column in ("repository TEXT", "pipeline_id TEXT", "job_name TEXT", "job_id TEXT",
                   "mr_iid TEXT", "is_mr INTEGER NOT NULL DEFAULT 0"):
        store.execute(ddl(store, f"ALTER TABLE snapshots ADD COLUMN {column}"))
    for column in ("team TEXT", "governance TEXT", "digest TEXT"):
        store.execute(f"ALTER TABLE scores ADD COLUMN {column}")
    store.execute(ddl(store, """
        CREATE TABLE gate_failures (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
            rule TEXT NOT NULL,
            team TEXT NOT NULL,
            count INTEGER NOT NULL,               -- active error findings
            PRIMARY KEY (snapshot_id, rule, team)
        )"""))
    store.execute(ddl(store, """
        CREATE TABLE patterns (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
            rule TEXT NOT NULL,
            pattern TEXT NOT NULL,                -- pointer shape: /paths/*/get/responses
            team TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (snapshot_id, rule, pattern, team)
        )"""))
    store.execute("CREATE UNIQUE INDEX snapshots_identity "
                  "ON snapshots (repository, commit_sha, pipeline_id, job_name)")
    store.execute("CREATE INDEX snapshots_by_repository ON snapshots (repository, recorded_at)")
    store.execute("CREATE INDEX snapshots_by_time ON snapshots (recorded_at)")
    store.execute("CREATE INDEX scores_by_name ON scores (scope, name, snapshot_id)")
    # the organisation read path (dashboard/org_query.py) joins snapshots to their overall
    # service rows (a tenth of the table): a partial covering index (PostgreSQL: trend
    # over 2.4M score rows 2.4 s -> 0.4 s, 300 repositories x 10 services x 90 days)
    store.execute("CREATE INDEX scores_services ON scores (snapshot_id, team, score, size) "
                  "WHERE scope = 'service' AND category = ''")
    store.execute("CREATE INDEX patterns_by_rule ON patterns (rule, pattern)")


MIGRATIONS: dict[int, Callable[[Store], None]] = {1: _v1, 2: _v2, 3: _v3}


def user_version(store: Store) -> int:
    """The schema version of the database (0: empty)."""
    if not store.postgres:
        return int(store.execute("PRAGMA user_version").fetchone()[0])
    if store.execute("SELECT to_regclass('govlint_schema')").fetchone()[0] is None:
        return 0
    row = store.execute("SELECT MAX(version) FROM govlint_schema").fetchone()
    return int(row[0] or 0)


def _set_version(store: Store, version: int) -> None:
    if store.postgres:
        store.execute("DELETE FROM govlint_schema")
        store.execute("INSERT INTO govlint_schema (version) VALUES (?)", (version,))
    else:
        store.execute(f"PRAGMA user_version = {int(version)}")


def _refuse_newer(store: Store, found: int) -> None:
    if found > SCHEMA_VERSION:
        raise GovlintError(
            f"{store.label}: history schema version {found} is newer than this govlint "
            f"understands ({SCHEMA_VERSION}); upgrade govlint")


def migrate(store: Store, target_version: int = SCHEMA_VERSION) -> list[int]:
    """Bring the schema to ``target_version`` in one transaction (re-checked under the
    lock); returns the versions applied."""
    found = user_version(store)
    _refuse_newer(store, found)
    if found >= target_version:
        return []
    applied: list[int] = []
    with store.transaction():
        if store.postgres:
            store.execute("SELECT pg_advisory_xact_lock(?)", (PG_LOCK,))
            store.execute("CREATE TABLE IF NOT EXISTS govlint_schema "
                          "(version INTEGER NOT NULL)")
        found = user_version(store)
        _refuse_newer(store, found)
        for version in range(found + 1, target_version + 1):
            MIGRATIONS[version](store)
            applied.append(version)
        if applied:
            _set_version(store, target_version)
    return applied


def status(store: Store) -> dict[str, Any]:
    """What ``govlint db status`` prints."""
    version = user_version(store)
    out: dict[str, Any] = {"database": store.label, "backend": store.dialect,
                           "schemaVersion": version, "supported": SCHEMA_VERSION,
                           "upToDate": version == SCHEMA_VERSION}
    if version:
        with reading(store, "status"):
            row = store.execute("SELECT COUNT(*), COUNT(DISTINCT repository), "
                                "MIN(recorded_at), MAX(recorded_at) FROM snapshots"
                                if version >= 3 else
                                "SELECT COUNT(*), 0, MIN(recorded_at), MAX(recorded_at) "
                                "FROM snapshots").fetchone()
        out.update(snapshots=int(row[0]), repositories=int(row[1]), oldest=row[2],
                   newest=row[3])
    return out

