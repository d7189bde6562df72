"""The SQLite history: snapshots, deltas per branch, migrations, concurrent writers."""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

from govlint.errors import GovlintError
from govlint.score import history
from govlint.score.history import SnapshotMeta, connect, record, snapshot_meta, snapshots


def result(score: float | None, teams: dict[str, float] | None = None,
           partial: bool = False, errors: int = 0) -> dict[str, Any]:
    teams = teams or {"@t": score or 0.0}

    def level(name: str, value: float | None) -> dict[str, Any]:
        return {"name": name, "score": value, "size": 3, "documents": 2,
                "categories": {"NAM": value, "ERR": 100.0},
                "findings": {"error": errors, "warn": 1, "info": 0, "hint": 0},
                "suppressed": {"count": 0, "byKind": {}, "nearestExpiry": None}}

    return {
        "governance": ["3.2"], "partial": partial,
        "organisation": level("organisation", score),
        "teams": [{**level(n, v), "services": [n + "-svc"]} for n, v in teams.items()],
        "services": [{**level(n + "-svc", v), "team": n} for n, v in teams.items()],
        "documents": [],
        "metrics": {"rejected": errors > 0, "byRule": {"NAM-001": errors} if errors else {}},
    }


def meta(at: str, branch: str = "main", commit: str = "c0ffee") -> SnapshotMeta:
    return SnapshotMeta(recorded_at=history.timestamp(at), commit=commit, branch=branch)


def test_record_and_read_back_with_deltas_per_branch(db_url: str) -> None:
    db = db_url  # both backends (review 14 item 10)
    record(db, result(50.0, errors=2), meta("2024-05-01T10:00:00Z"))
    record(db, result(60.0), meta("2024-05-02T10:00:00Z", branch="feature"))
    record(db, result(55.5), meta("2024-05-03T10:00:00Z"))
    conn = connect(db, create=False)
    try:
        snaps = snapshots(conn)
        assert [(s.branch, s.score, s.delta) for s in snaps] == [
            ("main", 50.0, None), ("feature", 60.0, None), ("main", 55.5, 5.5)]
        assert [s.rejected for s in snaps] == [True, False, False]
        assert [s.id for s in snapshots(conn, branch="main", limit=1)] == [snaps[2].id]
        teams = history.series(conn, [s.id for s in snaps], "team")
        assert teams == {"@t": {snaps[0].id: 50.0, snaps[1].id: 60.0, snaps[2].id: 55.5}}
        assert history.series(conn, [snaps[0].id], "service", "NAM") == {
            "@t-svc": {snaps[0].id: 50.0}}
        assert history.detail(conn, snaps[0].id)["organisation"]["score"] == 50.0
        assert conn.execute("SELECT rule, count FROM rule_counts").fetchall() == [("NAM-001", 2)]
    finally:
        conn.close()


def test_an_empty_run_records_a_snapshot_without_a_score(db_url: str) -> None:
    db = db_url
    record(db, result(None), meta("2024-05-01"))
    conn = connect(db)
    assert snapshots(conn)[0].score is None
    conn.close()


def test_a_partial_run_cannot_be_recorded(db_url: str) -> None:
    with pytest.raises(GovlintError, match="partial"):
        record(db_url, result(80.0, partial=True), meta("2024-05-01"))


def test_a_v1_database_is_migrated_in_place(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    conn = connect(db, target=1)
    conn.execute(
        "INSERT INTO snapshots (recorded_at, commit_sha, branch, governance, tool_version, "
        "score, documents, size, errors, warnings, suppressed, metrics, detail) VALUES "
        "('2024-01-01T00:00:00Z', 'abc', 'main', '3.1', '0.1', 42.0, 3, 3, 2, 0, 0, "
        "'{\"byRule\": {\"TRC-001\": 2}}', x'')")
    assert history.user_version(conn) == 1
    conn.close()

    conn = connect(db)
    try:
        assert history.user_version(conn) == history.SCHEMA_VERSION
        (snap,) = snapshots(conn)
        assert (snap.score, snap.rejected, snap.governance) == (42.0, True, "3.1")
        assert conn.execute("SELECT rule, count FROM rule_counts").fetchall() == [("TRC-001", 2)]
    finally:
        conn.close()
    record(db, result(50.0), meta("2024-02-01"))
    conn = connect(db)
    assert [s.delta for s in snapshots(conn)] == [None, 8.0]
    conn.close()


def test_a_newer_schema_is_refused_not_rewritten(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    with pytest.raises(GovlintError, match="newer"):
        connect(db)
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 99
    raw.close()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "junk.sqlite"
    db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(GovlintError, match="not a usable govlint history database"):
        connect(db)


def test_a_missing_database_is_not_created_for_reading(tmp_path: Path) -> None:
    with pytest.raises(GovlintError, match="no history database"):
        connect(tmp_path / "missing.sqlite", create=False)
    assert not (tmp_path / "missing.sqlite").exists()


def _writer(args: tuple[str, int, int, Any]) -> int:
    db, worker, count, barrier = args
    barrier.wait()
    for i in range(count):
        record(Path(db), result(float(worker * 10 + i)),
               meta(f"2024-05-01T10:{worker:02d}:{i:02d}Z", branch=f"job-{worker}"))
    return count


def test_concurrent_writers_lose_no_snapshot(tmp_path: Path) -> None:
    """Parallel CI jobs creating, migrating and writing one database at the same moment
    (SQLite's file locking and WAL; PostgreSQL's writers: test_store.py's concurrency)."""
    db = tmp_path / "shared.sqlite"
    workers, per_worker = 6, 8
    ctx = multiprocessing.get_context("fork")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(workers)
        with ctx.Pool(workers) as pool:
            done = pool.map(_writer, [(str(db), w, per_worker, barrier) for w in range(workers)])
    assert sum(done) == workers * per_worker
    conn = connect(db, create=False)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        snaps = snapshots(conn)
        assert len(snaps) == workers * per_worker
        for w in range(workers):
            mine = [s.score for s in snaps if s.branch == f"job-{w}"]
            assert mine == [float(w * 10 + i) for i in range(per_worker)]
        rows = conn.execute("SELECT COUNT(*) FROM scores").fetchone()[0]
        assert rows == workers * per_worker * 3 * 3  # 3 levels x (overall + 2 categories)
    finally:
        conn.close()


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q", "-b", "trunk")
    _git(tmp_path, "-c", "user.email=t@e.st", "-c", "user.name=t", "commit", "-q",
         "--allow-empty", "-m", "init")
    return tmp_path


def test_snapshot_meta_from_git(repo: Path) -> None:
    found = snapshot_meta(repo, at="2024-05-01T12:00:00+02:00", env={})
    assert found.commit == _git(repo, "rev-parse", "HEAD")
    assert found.branch == "trunk"
    assert found.recorded_at == "2024-05-01T10:00:00Z"


def test_ci_variables_beat_git_and_flags_beat_both(repo: Path) -> None:
    env = {"CI_COMMIT_SHA": "ci-sha", "CI_COMMIT_REF_NAME": "ci-branch"}
    assert (snapshot_meta(repo, env=env).commit, snapshot_meta(repo, env=env).branch) == (
        "ci-sha", "ci-branch")
    flagged = snapshot_meta(repo, commit="flag-sha", branch="flag-branch", env=env)
    assert (flagged.commit, flagged.branch) == ("flag-sha", "flag-branch")
    gh = snapshot_meta(repo, env={"GITHUB_SHA": "gh", "GITHUB_REF_NAME": "gh-branch"})
    assert (gh.commit, gh.branch) == ("gh", "gh-branch")


def test_a_detached_head_has_no_branch(repo: Path) -> None:
    _git(repo, "checkout", "-q", "--detach")
    found = snapshot_meta(repo, env={})
    assert found.branch is None
    assert found.commit == _git(repo, "rev-parse", "HEAD")


def test_outside_git_there_is_no_commit_nor_branch(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    found = snapshot_meta(tmp_path, env={})
    assert (found.commit, found.branch) == (None, None)


@pytest.mark.parametrize(("given", "expected"), [
    ("2024-05-01", "2024-05-01T00:00:00Z"),
    ("2024-05-01T10:11:12", "2024-05-01T10:11:12Z"),
    ("2024-05-01T10:11:12Z", "2024-05-01T10:11:12Z"),
    ("2024-05-01T01:00:00-03:00", "2024-05-01T04:00:00Z"),
])
def test_timestamps_are_utc(given: str, expected: str) -> None:
    assert history.timestamp(given) == expected


def test_a_bad_time_is_a_usage_error() -> None:
    with pytest.raises(GovlintError, match="ISO 8601"):
        history.timestamp("yesterday")
