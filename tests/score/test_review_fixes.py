"""Regressions from the issue-14 review (numbered as in the review), on SQLite and
PostgreSQL through the ``db_url`` fixture where they are storage behaviour."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from tests.conftest import run_govlint
from tests.score.support import entry, finding, report

from govlint.reports import render

GITLAB = {"CI_PROJECT_PATH": "acme/orders", "CI_COMMIT_SHA": "c0ffee" * 6 + "ab",
          "CI_PIPELINE_ID": "4242", "CI_JOB_NAME": "govlint", "CI_JOB_ID": "1001",
          "CI_MERGE_REQUEST_IID": "17", "CI_COMMIT_REF_NAME": "feature/x"}


def _report_file(tmp_path: Path, results: list[Any]) -> str:
    rep = report([entry("orders/openapi.yaml", "openapi", 2, service="orders", team="@a")],
                 results)
    buffer = io.StringIO()
    render("json", rep, buffer)
    (tmp_path / "report.json").write_text(buffer.getvalue())
    return "report.json"


def _snapshots(tmp_path: Path, url: str) -> list[dict[str, Any]]:
    listed = run_govlint("history", "--db", url, "-f", "json", cwd=tmp_path)
    assert listed.code == 0, listed.stderr
    return listed.json()["snapshots"]


# --- 2. the recorded verdict is the gate's ----------------------------------------------


def test_recorded_verdict_follows_the_gate_settings(db_url: str, tmp_path: Path) -> None:
    """Only warnings: the default gate passes; --fail-severity warn (lint's gate in CI)
    rejects and names the warning rule; --max-warnings 0 rejects; --verdict passed (a
    warn-only pipeline) records passed even with errors."""
    name = _report_file(tmp_path, [finding("DOC-001", "orders/openapi.yaml", "warn"),
                                   finding("TRC-001", "orders/openapi.yaml", "info")])
    env = {**GITLAB, "GOVLINT_DB_URL": db_url}
    runs = [((), "passed", {}),
            (("--fail-severity", "warn"), "failed", {"DOC-001": {"@a": 1}}),
            (("--fail-severity", "info"), "failed",
             {"DOC-001": {"@a": 1}, "TRC-001": {"@a": 1}}),
            (("--max-warnings", "0"), "failed", {"DOC-001": {"@a": 1}})]
    for job, (args, verdict, failed) in enumerate(runs):
        done = run_govlint("rollup", name, "--record", *args, cwd=tmp_path,
                           env={**env, "CI_JOB_NAME": f"j{job}"})
        assert done.code == 0, done.stderr  # recording never gates by itself
        snap = next(s for s in _snapshots(tmp_path, db_url) if s["job"] == f"j{job}")
        assert (snap["verdict"], snap["failedRules"]) == (verdict, failed), args

    name = _report_file(tmp_path, [finding("NAM-001", "orders/openapi.yaml")])
    done = run_govlint("rollup", name, "--record", "--verdict", "passed", cwd=tmp_path,
                       env={**env, "CI_JOB_NAME": "warn-only"})
    assert done.code == 0, done.stderr
    snap = next(s for s in _snapshots(tmp_path, db_url) if s["job"] == "warn-only")
    assert snap["verdict"] == "passed"
    done = run_govlint("rollup", name, "--record", "--verdict", "failed", cwd=tmp_path,
                       env={**env, "CI_JOB_NAME": "gate"})
    snap = next(s for s in _snapshots(tmp_path, db_url) if s["job"] == "gate")
    assert (snap["verdict"], snap["failedRules"]) == ("failed", {"NAM-001": {"@a": 1}})


# --- 3. retrying an old pipeline does not make it current -------------------------------


def _scored(errors: int, team: str = "@a", service: str = "orders") -> tuple[Any, Any]:
    from govlint.score import history, rollup

    spec = f"{service}/openapi.yaml"
    rep = report([entry(spec, "openapi", 2, service=service, team=team)],
                 [finding("NAM-001", spec) for _ in range(errors)])
    built = rollup.build([rollup.Source(rep)])
    return rollup.to_json(built), history.facts(built)


def _meta(at: str, commit: str, pipeline: str | None = None, job_id: str | None = None,
          repository: str | None = "acme/orders", mr: str | None = None) -> Any:
    from govlint.score import history

    return history.SnapshotMeta(history.timestamp(at), commit, "main", repository, pipeline,
                                "govlint" if pipeline else None, job_id, mr)


def test_a_retried_old_pipeline_does_not_become_current(db_url: str) -> None:
    from govlint.score import history
    from govlint.score.dashboard import org_query

    old, old_facts = _scored(3)
    new, new_facts = _scored(0)
    history.record(db_url, old, _meta("2024-05-01T10:00Z", "aaa", "100", "1"), old_facts)
    history.record(db_url, new, _meta("2024-05-02T10:00Z", "bbb", "101", "2"), new_facts)
    retry = history.record(db_url, old, _meta("2024-05-03T10:00Z", "aaa", "100", "3"),
                           old_facts)
    assert retry.replaced
    with history.connect(db_url, create=False) as conn:
        (repo,) = org_query.load(conn).repos
        assert (repo.commit, repo.recorded_at) == ("bbb", "2024-05-02T10:00:00Z")
        snaps = {s.commit: s.recorded_at for s in history.snapshots(conn)}
        assert snaps["aaa"] == "2024-05-01T10:00:00Z"  # the original pipeline's time


# --- 4. a password with % or a space is never printed ------------------------------------


def test_a_password_psycopg_quotes_is_masked(tmp_path: Path) -> None:
    """psycopg's own message quotes the raw password token ("unexpected spaces found in
    ..."); govlint masks the known password, raw and percent-decoded, in every message."""
    import pytest

    pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
    name = _report_file(tmp_path, [])
    for password, secret in [("pa ss-S3cret", "pa ss-S3cret"), ("pa%ss-S3cret", "pa%ss-S3cret"),
                             ("p%20w-S3cret", "p w-S3cret"), ("it's-S3cret", "it's-S3cret")]:
        url = f"postgresql://me:{password}@127.0.0.1:1/none"
        for args in (("history", "--db", url),
                     ("rollup", name, "--record", "--db", url)):
            run = run_govlint(*args, cwd=tmp_path)
            assert run.code == 2, (args, run.stderr)
            assert "cannot connect to postgresql://me:***@127.0.0.1:1/none" in run.stderr
            for shown in (password, secret):
                assert shown not in run.stdout + run.stderr, (args, run.stderr)


# --- 5. prune ranks state and MR snapshots apart, never the latest state ----------------


def test_prune_keeps_the_state_of_a_repository_with_many_mrs(db_url: str,
                                                               tmp_path: Path) -> None:
    from govlint.score import history

    result, found = _scored(1)
    for day in (1, 2, 3):
        history.record(db_url, result, _meta(f"2024-01-0{day}T00:00Z", f"s{day}"), found)
    for i in range(5):  # newer than every state snapshot
        history.record(db_url, result, _meta(f"2024-02-0{i + 1}T00:00Z", f"m{i}", mr="7"),
                       found)
    run = run_govlint("history", "prune", "--db", db_url, "--keep-last", "2", cwd=tmp_path)
    assert run.code == 0 and "pruned 4 snapshots" in run.stderr, run.stderr
    with history.connect(db_url, create=False) as conn:
        assert sorted(s.commit for s in history.snapshots(conn)) == ["m3", "m4", "s2", "s3"]
    run = run_govlint("history", "prune", "--db", db_url, "--keep-days", "30",
                      "--at", "2025-01-01", cwd=tmp_path)
    assert run.code == 0 and "pruned 3 snapshots" in run.stderr, run.stderr
    with history.connect(db_url, create=False) as conn:
        (kept,) = history.snapshots(conn)  # the repository's current state stays
        assert (kept.commit, kept.mr) == ("s3", None)


# --- 6. a migrated v2 history stays one repository ---------------------------------------


def test_a_migrated_v2_file_stays_one_repository(tmp_path: Path) -> None:
    """The previous govlint's file (three unnamed snapshots) plus a new record: the old rows
    join the recording repository and plain `govlint dashboard` stays the single page."""
    import shutil

    from tests.score.test_store import V2_FILE

    from govlint.score import history

    path = tmp_path / "history.sqlite"
    shutil.copy(V2_FILE, path)
    result, found = _scored(1)
    history.record(path, result, _meta("2024-06-01", "c1"), found)
    with history.connect(path, create=False) as conn:
        assert {s.repository for s in history.snapshots(conn)} == {"acme/orders"}
    run = run_govlint("dashboard", "--db", str(path), "-o", str(tmp_path / "site"))
    assert run.code == 0, run.stderr
    assert "dashboard of 3 snapshots (main)" in run.stderr, run.stderr  # not the org site


def test_unnamed_snapshots_join_the_only_repository(db_url: str, tmp_path: Path) -> None:
    """Unnamed rows are adopted (and counted as that repository before) when one repository
    is named; a database naming several leaves them alone."""
    from govlint.score import history
    from govlint.score.dashboard import org_query

    result, found = _scored(1)
    history.record(db_url, result, _meta("2024-06-01", "c0", repository=None), found)
    with history.connect(db_url, create=False) as conn:
        assert org_query.repositories(conn) == 1
    history.record(db_url, result, _meta("2024-06-02", "c1"), found)
    with history.connect(db_url, create=False) as conn:
        assert [s.repository for s in history.snapshots(conn)] == ["acme/orders"] * 2
    history.record(db_url, result, _meta("2024-06-03", "c2", repository="acme/billing"),
                   found)
    history.record(db_url, result, _meta("2024-06-04", "c3", repository=None), found)
    history.record(db_url, result, _meta("2024-06-05", "c4"), found)
    with history.connect(db_url, create=False) as conn:
        assert [s.repository for s in history.snapshots(conn)] == [
            "acme/orders", "acme/orders", "acme/billing", None, "acme/orders"]
        assert org_query.repositories(conn) == 3
    run = run_govlint("dashboard", "--db", db_url, "-o", str(tmp_path / "site"))
    assert run.code == 0 and "organisation dashboard of 3 repositories" in run.stderr, \
        run.stderr


# --- 11. GitHub matrix legs --------------------------------------------------------------


def test_github_matrix_legs_named_by_govlint_job_keep_their_snapshots(
        db_url: str, tmp_path: Path) -> None:
    """Matrix legs share GITHUB_JOB and GITHUB_RUN_ID: unnamed they replace each other (as
    documented); GOVLINT_JOB (or --job) per leg keeps one snapshot each."""
    name = _report_file(tmp_path, [])
    github = {"GITHUB_REPOSITORY": "acme/orders", "GITHUB_SHA": "abc123", "GITHUB_RUN_ID": "9",
              "GITHUB_JOB": "govlint", "GITHUB_RUN_ATTEMPT": "1", "GITHUB_REF_NAME": "main",
              "GOVLINT_DB_URL": db_url}
    for _leg in ("0", "1"):  # no per-leg name: the second replaces the first
        run = run_govlint("rollup", name, "--record", cwd=tmp_path, env=github)
        assert run.code == 0, run.stderr
    assert [s["job"] for s in _snapshots(tmp_path, db_url)] == ["govlint"]
    for leg in ("0", "1"):
        run = run_govlint("rollup", name, "--record", cwd=tmp_path,
                          env={**github, "GOVLINT_JOB": f"govlint-{leg}"})
        assert run.code == 0, run.stderr
    assert sorted(s["job"] for s in _snapshots(tmp_path, db_url)) == [
        "govlint", "govlint-0", "govlint-1"]


# --- 9. org trends carry each repository's last state forward ----------------------------


def test_org_trend_carries_each_repositorys_state_forward(db_url: str) -> None:
    """Two repositories of team @a record on day 1; only the healthy one on days 2 and 3:
    those days' score is still both repositories' mean, not the healthy one alone."""
    from govlint.score import history
    from govlint.score.dashboard import org_query

    good, good_facts = _scored(0, service="orders")
    bad, bad_facts = _scored(4, service="billing")
    both = (good["teams"][0]["score"] + bad["teams"][0]["score"]) / 2
    assert good["teams"][0]["score"] != both
    history.record(db_url, bad, _meta("2024-05-01T09:00Z", "b1", repository="acme/billing"),
                   bad_facts)
    for day in ("01", "02", "03"):
        history.record(db_url, good, _meta(f"2024-05-{day}T10:00Z", f"g{day}"), good_facts)
    with history.connect(db_url, create=False) as conn:
        data = org_query.load(conn)
    assert data.days == ["2024-05-01", "2024-05-02", "2024-05-03"]
    assert [round(v, 3) for v in data.org_series] == [round(both, 3)] * 3
    (team,) = data.teams
    assert [round(v, 3) for v in team.series] == [round(both, 3)] * 3


# --- 8. a partial report says in one line why it is not recorded -------------------------


def test_a_partial_report_is_not_recorded_with_a_clear_reason(tmp_path: Path) -> None:
    rep = report([entry("orders/openapi.yaml", "openapi", 2, service="orders", team="@a")],
                 [], partial={"changedSince": "HEAD~1"})
    buffer = io.StringIO()
    render("json", rep, buffer)
    (tmp_path / "part.json").write_text(buffer.getvalue())
    db = tmp_path / "h.sqlite"
    run = run_govlint("rollup", "part.json", "--record", "--db", str(db), cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.strip() == (
        "govlint: error: snapshot not recorded: the report covers only files changed since "
        "HEAD~1, so the score is partial and would be passed off as the whole project's "
        "health; record a full run (govlint merge the shard reports first)")
    assert not db.exists()
