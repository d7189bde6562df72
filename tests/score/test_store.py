"""The history database on both backends (SQLite and a real PostgreSQL server, the same
tests through the ``db_url`` fixture): snapshot identity and retried jobs, concurrent
writers, schema versions, pruning while others write, the organisation read API, and URLs
whose password never reaches the output."""

from __future__ import annotations

import io
import shutil
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import REPO, run_govlint
from tests.pgserver import PASSWORD
from tests.score.support import entry, finding, report

from govlint.errors import GovlintError
from govlint.reports import render
from govlint.score import db, history, rollup
from govlint.score.history import Facts, SnapshotMeta, pointer_shape, remote_path

V2_FILE = REPO / "tests" / "data" / "history" / "v2-3cef245.sqlite"


def scored(services: dict[str, tuple[str, int, int]], digest: str = "sha256:x"
           ) -> tuple[dict[str, Any], Facts, Any]:
    """A score result of one repository: ``service -> (team, errors, warnings)``, each
    service one spec of 2 operations whose errors sit on ``/paths/*/get/responses/*``."""
    inventory, results = [], []
    for name, (team, errors, warns) in services.items():
        spec = f"{name}/openapi.yaml"
        inventory.append(entry(spec, "openapi", 2, service=name, team=team))
        results += [finding("NAM-001", spec, pointer=("paths", f"/o{i}", "get", "responses",
                                                      str(200 + i))) for i in range(errors)]
        results += [finding("DOC-001", spec, "warn", pointer=("info",)) for _ in range(warns)]
    rep = report(inventory, results, digest=digest)
    built = rollup.build([rollup.Source(rep)])
    return rollup.to_json(built), history.facts(built), rep


def meta(at: str, repository: str = "acme/orders", pipeline: str | None = None,
         job: str | None = None, job_id: str | None = None, mr: str | None = None,
         commit: str = "c0ffee", branch: str = "main") -> SnapshotMeta:
    return SnapshotMeta(history.timestamp(at), commit, branch, repository, pipeline, job,
                        job_id, mr)


def count(url: str, sql: str = "SELECT COUNT(*) FROM snapshots") -> int:
    with history.connect(url, create=False) as conn:
        return int(conn.query(sql)[0][0])


def assert_no_password(*texts: str) -> None:
    for text in texts:
        assert PASSWORD not in text


# --- identity, retried jobs -------------------------------------------------------------


def test_a_retried_job_replaces_its_snapshot_and_local_runs_append(db_url: str) -> None:
    first, facts1, _ = scored({"orders": ("@a", 2, 0)})
    again, facts2, _ = scored({"orders": ("@a", 0, 1)})
    one = history.record(db_url, first, meta("2024-05-01T10:00Z", pipeline="100",
                                             job="govlint", job_id="1"), facts1)
    two = history.record(db_url, again, meta("2024-05-01T10:05Z", pipeline="100",
                                             job="govlint", job_id="2"), facts2)
    assert (one.replaced, two.replaced, two.id) == (False, True, one.id)
    late = history.record(db_url, first, meta("2024-05-01T10:09Z", pipeline="100",
                                              job="govlint", job_id="1"), facts1)
    assert (late.id, late.replaced, late.kept_job) == (one.id, False, "2")  # stale attempt
    history.record(db_url, first, meta("2024-05-01T10:06Z", pipeline="100", job="other"),
                   facts1)
    history.record(db_url, first, meta("2024-05-01T11:00Z"), facts1)  # local: no pipeline
    history.record(db_url, first, meta("2024-05-01T12:00Z"), facts1)
    with history.connect(db_url, create=False) as conn:
        snaps = history.snapshots(conn)
        assert [(s.pipeline, s.job, s.job_id) for s in snaps] == [
            ("100", "govlint", "2"), ("100", "other", None), (None, None, None),
            (None, None, None)]
        replaced = snaps[0]
        assert (replaced.recorded_at, replaced.errors, replaced.rejected) == (
            "2024-05-01T10:00:00Z", 0, False)  # the first attempt's time (review 3)
        found = history.snapshot_facts(conn, [replaced.id])[replaced.id]
        assert found["failedRules"] == {}  # the retry's facts, not the first attempt's
        assert found["rules"] == {"DOC-001": 1}
    assert count(db_url, "SELECT COUNT(*) FROM gate_failures") == 3  # 3 snapshots x 1 row


def _write(url: str, worker: int, per_worker: int, barrier: threading.Barrier) -> None:
    result, found, _ = scored({f"svc{worker}": ("@t", worker % 3, 1)})
    barrier.wait()
    for i in range(per_worker):
        history.record(url, result, meta(f"2024-05-01T10:{worker:02d}:{i:02d}Z",
                                         repository=f"acme/r{worker}", pipeline=str(i),
                                         job="govlint", job_id="1"), found)
    # every worker also retries one shared job at the same moment: one snapshot survives
    barrier.wait()
    history.record(url, result, meta("2024-05-02T00:00Z", repository="acme/shared",
                                     pipeline="7", job="govlint", job_id=str(worker)), found)


def test_concurrent_writers_lose_and_duplicate_nothing(db_url: str) -> None:
    workers, per_worker = 6, 5
    barrier = threading.Barrier(workers, timeout=300)  # a failing writer breaks it, no hang
    with ThreadPoolExecutor(workers) as pool:
        for done in [pool.submit(_write, db_url, w, per_worker, barrier)
                     for w in range(workers)]:
            done.result()
    with history.connect(db_url, create=False) as conn:
        snaps = history.snapshots(conn)
        assert len(snaps) == workers * per_worker + 1
        for w in range(workers):
            assert sorted(s.pipeline for s in snaps if s.repository == f"acme/r{w}") == [
                str(i) for i in range(per_worker)]
        (shared,) = [s for s in snaps if s.repository == "acme/shared"]
        assert shared.job_id == str(workers - 1)  # the newest attempt, whatever the order
        # the shared snapshot's rows are those of exactly one attempt
        assert conn.query("SELECT COUNT(*) FROM scores WHERE snapshot_id = ? AND "
                          "scope = 'service' AND category = ''", (shared.id,)) == [(1,)]
        assert conn.query("SELECT COUNT(*) FROM scores s LEFT JOIN snapshots n ON "
                          "n.id = s.snapshot_id WHERE n.id IS NULL") == [(0,)]


# --- schema -----------------------------------------------------------------------------


def _set_version(url: str, version: int) -> None:
    target = db.target(url)
    if target.kind == "sqlite":
        raw = sqlite3.connect(str(target.path))
        raw.execute(f"PRAGMA user_version = {version}")
        raw.close()
        return
    import psycopg

    with psycopg.connect(target.url, autocommit=True) as raw:
        raw.execute("UPDATE govlint_schema SET version = %s", (version,))


def test_a_newer_schema_is_refused_on_both_backends(db_url: str) -> None:
    result, found, _ = scored({"orders": ("@a", 0, 0)})
    history.record(db_url, result, meta("2024-05-01"), found)
    _set_version(db_url, 99)
    with pytest.raises(GovlintError, match=r"schema version 99 is newer than this govlint"):
        history.connect(db_url)
    run = run_govlint("history", "--db", db_url)
    assert run.code == 2 and "newer than this govlint understands" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert_no_password(run.stdout, run.stderr)
    status = run_govlint("db", "upgrade", "--db", db_url)
    assert status.code == 2 and "upgrade govlint" in status.stderr
    _set_version(db_url, 3)
    assert count(db_url) == 1  # refused, never rewritten


def test_db_status_and_upgrade(db_url: str, tmp_path: Path) -> None:
    if db_url.startswith("sqlite"):
        missing = run_govlint("db", "status", "--db", db_url)
        assert missing.code == 2 and "no history database" in missing.stderr
    else:
        empty = run_govlint("db", "status", "--db", db_url)
        assert empty.code == 1 and "schema: version 0" in empty.stdout, empty.stderr
    up = run_govlint("db", "upgrade", "--db", db_url)
    assert up.code == 0 and "schema version 0 -> 3" in up.stderr, up.stderr
    again = run_govlint("db", "upgrade", "--db", db_url)
    assert "schema version 3 is up to date" in again.stderr
    status = run_govlint("db", "status", "--db", db_url, "-f", "json")
    assert status.code == 0
    info = status.json()
    assert (info["schemaVersion"], info["upToDate"], info["snapshots"]) == (3, True, 0)
    for run in (up, again, status):
        assert_no_password(run.stdout, run.stderr)
    if "postgresql" in db_url:
        assert info["database"].startswith("postgresql://govlint:***@/")


def test_a_v2_file_of_the_previous_govlint_migrates_in_place(tmp_path: Path) -> None:
    """``tests/data/history/v2-3cef245.sqlite`` was written by govlint at 3cef245 (schema
    v2): `govlint score examples --record` three times (main, feature, main)."""
    path = tmp_path / "history.sqlite"
    shutil.copy(V2_FILE, path)
    before = run_govlint("db", "status", "--db", str(path))
    assert before.code == 1 and "version 2 (older than this govlint's 3" in before.stdout
    listed = run_govlint("history", "--db", str(path), "-f", "json")
    assert listed.code == 0, listed.stderr
    snaps = listed.json()["snapshots"]
    assert [(s["branch"], s["score"], s["verdict"], s["repository"]) for s in snaps] == [
        ("main", 70.0, "failed", None), ("feature", 70.0, "failed", None),
        ("main", 70.0, "failed", None)]
    assert snaps[0]["rules"]["TRC-003"] == 23 and snaps[0]["patterns"] == []
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 3
    raw.close()
    result, found, _ = scored({"orders": ("@a", 1, 0)})
    history.record(path, result, meta("2024-06-01", pipeline="9", job="govlint"), found)
    assert count(str(path)) == 4


# --- prune ------------------------------------------------------------------------------


def test_prune_keeps_recent_and_last_n_while_others_write(db_url: str) -> None:
    result, found, _ = scored({"orders": ("@a", 1, 1)})
    for repo in range(3):
        for day in range(1, 11):
            history.record(db_url, result, meta(f"2024-01-{day:02d}T00:00Z",
                                                repository=f"old/r{repo}"), found)
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        i = 0
        while not stop.is_set() or i < 10:
            history.record(db_url, result, meta(f"2024-06-01T00:{i // 60:02d}:{i % 60:02d}Z",
                                                repository="new/busy"), found)
            written.append(i)
            i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        run = run_govlint("history", "prune", "--db", db_url, "--keep-days", "30",
                          "--keep-last", "2", "--at", "2024-06-02")
    finally:
        stop.set()
        thread.join()
    assert run.code == 0, run.stderr
    assert "pruned 24 snapshots" in run.stderr
    assert_no_password(run.stdout, run.stderr)
    with history.connect(db_url, create=False) as conn:
        kept = history.snapshots(conn)
        old = sorted((s.repository, s.recorded_at[:10]) for s in kept
                     if (s.repository or "").startswith("old/"))
        assert old == [(f"old/r{r}", f"2024-01-{d}") for r in range(3) for d in ("09", "10")]
        assert len([s for s in kept if s.repository == "new/busy"]) == len(written)
        for table in ("scores", "rule_counts", "gate_failures", "patterns"):
            assert conn.query(f"SELECT COUNT(*) FROM {table} WHERE snapshot_id NOT IN "
                              "(SELECT id FROM snapshots)") == [(0,)]
    only_last = run_govlint("history", "--db", db_url, "prune", "--keep-last", "1")
    assert only_last.code == 0 and "pruned" in only_last.stderr, only_last.stderr
    assert count(db_url) == 4  # one per repository
    neither = run_govlint("history", "prune", "--db", db_url)
    assert neither.code == 2 and "--keep-days" in neither.stderr


# --- the CLI, identity from CI variables, history JSON ----------------------------------


GITLAB = {"CI_PROJECT_PATH": "acme/payments", "CI_COMMIT_SHA": "a" * 40,
          "CI_PIPELINE_ID": "4242", "CI_JOB_NAME": "govlint", "CI_JOB_ID": "1001",
          "CI_MERGE_REQUEST_IID": "17", "CI_COMMIT_REF_NAME": "feature/x"}


def test_record_from_a_gitlab_mr_pipeline_and_list_it(db_url: str, tmp_path: Path) -> None:
    _, _, rep = scored({"orders": ("@a", 2, 1), "billing": ("@b", 0, 0)},
                       digest="sha256:abc")
    buffer = io.StringIO()
    render("json", rep, buffer)
    (tmp_path / "report.json").write_text(buffer.getvalue())
    env = {**GITLAB, "GOVLINT_DB_URL": db_url}
    first = run_govlint("rollup", "report.json", "--record", cwd=tmp_path, env=env)
    assert first.code == 0, first.stderr
    assert "recorded snapshot" in first.stderr and "merge request !17" in first.stderr
    retry = run_govlint("rollup", "report.json", "--record", cwd=tmp_path,
                        env={**env, "CI_JOB_ID": "1002"})
    assert "replaced snapshot" in retry.stderr, retry.stderr
    listed = run_govlint("history", "-f", "json", cwd=tmp_path, env=env)
    assert listed.code == 0, listed.stderr
    (snap,) = listed.json()["snapshots"]
    assert {k: snap[k] for k in ("repository", "commit", "branch", "mergeRequest",
                                 "isMergeRequest", "pipeline", "job", "jobId", "verdict")} == {
        "repository": "acme/payments", "commit": "a" * 40, "branch": "feature/x",
        "mergeRequest": "17", "isMergeRequest": True, "pipeline": "4242", "job": "govlint",
        "jobId": "1002", "verdict": "failed"}
    assert snap["failedRules"] == {"NAM-001": {"@a": 2}}
    assert snap["rules"] == {"DOC-001": 1, "NAM-001": 2}
    assert snap["patterns"] == [
        {"rule": "NAM-001", "pattern": "/paths/*/get/responses/*", "count": 2},
        {"rule": "DOC-001", "pattern": "/info", "count": 1}]
    assert [(t["name"], t["score"]) for t in snap["teams"]] == [("@a", 45.9), ("@b", 100.0)]
    assert [(s["name"], s["team"], s["governance"], s["digest"]) for s in snap["services"]] == [
        ("billing", "@b", "3.2", "sha256:abc"), ("orders", "@a", "3.2", "sha256:abc")]
    text = run_govlint("history", cwd=tmp_path, env=env)
    assert "feature/x !17" in text.stdout
    for run in (first, retry, listed, text):
        assert_no_password(run.stdout, run.stderr)


def test_min_score_failure_is_the_recorded_verdict(tmp_path: Path) -> None:
    _, _, rep = scored({"orders": ("@a", 0, 1)})
    buffer = io.StringIO()
    render("json", rep, buffer)
    (tmp_path / "r.json").write_text(buffer.getvalue())
    url = f"sqlite:///{tmp_path / 'h.sqlite'}"
    run = run_govlint("rollup", "r.json", "--record", "--db", url, "--min-score", "99",
                      "--repository", "acme/x", "--pipeline", "5", "--job", "lint",
                      cwd=tmp_path)
    assert run.code == 1
    (snap,) = run_govlint("history", "--db", url, "-f", "json").json()["snapshots"]
    assert (snap["verdict"], snap["repository"], snap["pipeline"], snap["job"]) == (
        "failed", "acme/x", "5", "lint")


def test_github_identity_and_pull_request(tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text('{"pull_request": {"number": 31}}')
    env = {"GITHUB_REPOSITORY": "acme/api", "GITHUB_SHA": "b" * 40, "GITHUB_RUN_ID": "900",
           "GITHUB_JOB": "govlint", "GITHUB_RUN_ATTEMPT": "2",
           "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event),
           "GITHUB_HEAD_REF": "topic"}
    found = history.snapshot_meta(tmp_path, env=env)
    assert found.identity() == {"repository": "acme/api", "commit": "b" * 40,
                                "pipeline": "900", "job": "govlint"}
    assert (found.mr, found.job_id, found.branch) == ("31", "2", "topic")
    push = history.snapshot_meta(tmp_path, env={**env, "GITHUB_EVENT_NAME": "push"})
    assert push.mr is None
    by_ref = history.snapshot_meta(tmp_path, env={**env, "GITHUB_EVENT_PATH": "/nonexistent",
                                                  "GITHUB_REF": "refs/pull/8/merge"})
    assert by_ref.mr == "8"
    flags = history.snapshot_meta(tmp_path, env=env, repository="x/y", pipeline="1",
                                  job="j", mr="5")
    assert flags.identity()["repository"] == "x/y" and flags.mr == "5"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://oauth2:glpat-SECRET@gitlab.example.com/acme/sub/orders.git", "acme/sub/orders"),
    ("git@github.com:acme/orders.git", "acme/orders"),
    ("ssh://git@gitlab.example.com:2222/acme/orders.git", "acme/orders"),
    ("/srv/git/orders.git", "orders"),
])
def test_remote_paths_never_keep_credentials(url: str, expected: str) -> None:
    assert remote_path(url) == expected


@pytest.mark.parametrize(("path", "shape"), [
    (("paths", "/orders/{id}", "get", "responses", "200"), "/paths/*/get/responses/*"),
    (("components", "schemas", "Order", "properties", "id"),
     "/components/schemas/*/properties/*"),
    (("spec", "template", "spec", "containers", 0, "resources"),
     "/spec/template/spec/containers/*/resources"),
    (("metadata", "labels", "app.kubernetes.io/name"), "/metadata/labels/*"),
    (("info",), "/info"),
    ((), ""),
    (tuple(f"k{i}" for i in range(20)), "/" + "/".join(f"k{i}" for i in range(12)) + "/…"),
])
def test_pointer_shapes(path: tuple[Any, ...], shape: str) -> None:
    assert pointer_shape(path) == shape


def test_urls_are_redacted_and_bad_ones_are_usage_errors(tmp_path: Path) -> None:
    assert db.redact("postgresql://me:s3cret@db:5432/gov?sslmode=require") == (
        "postgresql://me:***@db:5432/gov?sslmode=require")
    assert db.redact("cannot reach postgresql://me:p@ss:w@db/gov now") == (
        "cannot reach postgresql://me:***@db/gov now")
    assert db.redact("postgresql://db:5432/gov") == "postgresql://db:5432/gov"
    assert db.redact("postgresql://db/gov?password=s3cret&x=1") == (
        "postgresql://db/gov?password=***&x=1")
    assert db.target("sqlite:////tmp/a.sqlite").path == Path("/tmp/a.sqlite")
    assert db.target("sqlite:///rel/a.sqlite").path == Path("rel/a.sqlite")
    run = run_govlint("history", "--db", "mysql://me:s3cret@db/gov", cwd=tmp_path)
    assert run.code == 2 and "unsupported database (mysql://)" in run.stderr
    assert "s3cret" not in run.stderr and "me:***@db" in run.stderr
    refused = run_govlint("history", "--db", "postgresql://me:s3cret@127.0.0.1:1/gov",
                          cwd=tmp_path)
    assert refused.code == 2 and "cannot connect to postgresql://me:***@127.0.0.1:1/gov" in (
        refused.stderr), refused.stderr
    assert "s3cret" not in refused.stdout + refused.stderr
    assert "Traceback" not in refused.stderr


def test_without_psycopg_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(GovlintError, match=r"pip install 'govlint\[postgres\]'"):
        history.connect("postgresql://u:pw@/gov?host=/nonexistent")


# --- the organisation read API ----------------------------------------------------------


def _organisation(url: str) -> None:
    """Three repositories over three days (state snapshots), plus MR pipelines."""
    days = ("2024-05-01", "2024-05-02", "2024-05-03")
    shapes = {
        "acme/orders": {"orders": ("@a", 2, 0), "carts": ("@b", 0, 1)},
        "acme/billing": {"billing": ("@b", 1, 0)},
        "acme/docs": {"docs": ("@c", 0, 0)},
    }
    for n, day in enumerate(days):
        for repo, services in shapes.items():
            if repo == "acme/docs" and n == 2:
                continue  # docs did not record on the last day
            fixed = {k: (t, max(e - n, 0), w) for k, (t, e, w) in services.items()}
            result, found, _ = scored(fixed)
            history.record(url, result, meta(f"{day}T06:00Z", repository=repo,
                                             pipeline=f"{repo}-{n}", job="govlint"), found)
            # an earlier run the same day, superseded by the one above for the daily trend
            early, early_facts, _ = scored({k: (t, 5, 5) for k, (t, _, _) in services.items()})
            history.record(url, early, meta(f"{day}T01:00Z", repository=repo), early_facts)
    for i, (repo, services) in enumerate([("acme/orders", {"orders": ("@a", 1, 0)}),
                                          ("acme/orders", {"orders": ("@a", 0, 0)}),
                                          ("acme/billing", {"billing": ("@b", 3, 0)})]):
        result, found, _ = scored(services)
        history.record(url, result, meta(f"2024-05-0{i + 1}T12:00Z", repository=repo,
                                         pipeline=f"mr-{i}", job="govlint", mr=str(i)),
                       found)


def test_org_read_path_answers_the_dashboard(db_url: str) -> None:
    """The one read path the organisation dashboard uses (``dashboard/org_query.py``; the
    unused ``score/store.py`` API went, review 14 item 7): latest state per repository,
    services and teams, the daily trend (a repository's last state carried forward),
    merge-request rejections and their attribution, the recurring patterns."""
    from govlint.score.dashboard import org_query
    from govlint.score.dashboard.org import Filters

    _organisation(db_url)
    with history.connect(db_url, create=False) as conn:
        data = org_query.load(conn)
        assert [(r.name, r.recorded_at[:10], r.mr_total, r.mr_rejected) for r in data.repos] == [
            ("acme/billing", "2024-05-03", 1, 1), ("acme/docs", "2024-05-02", 0, 0),
            ("acme/orders", "2024-05-03", 2, 1)]
        assert sorted((s.name, s.team, s.score) for t in data.teams for s in t.services) == [
            ("billing", "@b", 100.0), ("carts", "@b", 91.7), ("docs", "@c", 100.0),
            ("orders", "@a", 100.0)]  # stored with one decimal, as printed
        teams = {t.name: t for t in data.teams}
        assert teams["@b"].repositories == ["acme/billing", "acme/orders"]
        assert teams["@b"].score == pytest.approx((100 + 91.7) / 2)
        assert data.days == ["2024-05-01", "2024-05-02", "2024-05-03"]
        first_day = (50.0 + 91.7 + 70.7 + 100.0) / 4  # four services of size 2
        assert data.org_series[0] == pytest.approx(first_day)
        # docs did not record on the last day: its last state (100) still counts
        assert data.org_series[2] == pytest.approx((100 + 91.7 + 100 + 100) / 4)
        assert teams["@c"].series == [100.0, 100.0, 100.0]
        assert (data.weeks, data.mr_per_week) == (["2024-04-29"], [(3, 2)])
        assert [(a.name, a.rejections) for a in data.by_rule] == [("NAM-001", 2)]
        assert [(a.name, a.rejections) for a in data.by_team] == [("@a", 1), ("@b", 1)]
        assert [(p.rule, p.pattern, p.repositories) for p in data.patterns] == [
            ("DOC-001", "/info", 1)]
        only_b = org_query.load(conn, Filters(teams=("@b",)))
        assert [t.name for t in only_b.teams] == ["@b"]
        early = org_query.load(conn, Filters(since="2024-05-01", repos=("acme/orders",)))
        assert [r.name for r in early.repos] == ["acme/orders"]
        assert org_query.repositories(conn) == 3


def test_dashboard_and_history_read_either_backend(db_url: str, tmp_path: Path) -> None:
    for day, errors in ((1, 2), (2, 0)):
        result, found, _ = scored({"orders": ("@a", errors, 0), "billing": ("@b", 0, 0)})
        history.record(db_url, result, meta(f"2024-05-0{day}T10:00Z", pipeline=str(day),
                                            job="govlint"), found)
    env = {"GOVLINT_DB_URL": db_url}
    page = run_govlint("dashboard", "-o", str(tmp_path / "site"), cwd=tmp_path, env=env)
    assert page.code == 0, page.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert 'data-team="@a"' in html and html.count('class="point"') == 2
    text = run_govlint("history", cwd=tmp_path, env=env)
    assert text.code == 0 and "+50.0" in text.stdout, text.stdout
    for run in (page, text):
        assert_no_password(run.stdout, run.stderr)
