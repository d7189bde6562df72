"""The organisation dashboard (`govlint dashboard` over a database of several repositories),
through the CLI, against SQLite and PostgreSQL (the `db_url` fixture): rejection
attribution on a hand-built history (a retried job replacing its snapshot included),
filters, hostile names, deterministic bytes."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from pathlib import Path
from typing import Any

import pytest

from govlint.score import history
from govlint.score.rollup import Source, build, to_json

from .support import entry, finding, report

TEAMS = {"orders": "@acme/orders", "payments": "@acme/payments", "web": "@acme/web"}
REPOS = {"acme/api": ("orders", "payments"), "acme/web": ("web",)}


def repo_report(repo: str, errors: dict[str, list[str]], names: dict[str, str] | None = None,
                warn: bool = True) -> Any:
    """A repository's lint report: per service a spec (size 2) and a Deployment; ``errors``
    maps a service to the rules that fail on its Deployment."""
    names = names or {}
    inventory, results = [], []
    for svc in REPOS.get(repo, ("web",)):
        team = names.get(svc, TEAMS[svc])
        service = names.get(f"svc:{svc}", f"{svc}-svc")
        inventory.append(entry(f"{svc}/api/openapi.yaml", "openapi", 2, service=service,
                               owners=[team]))
        inventory.append(entry(f"{svc}/deploy/app.yaml", "k8s", service=service,
                               owners=[team]))
        for rule in errors.get(svc, []):
            results.append(finding(rule, f"{svc}/deploy/app.yaml",
                                   pointer=("spec", "template", "spec", "containers", 0)))
        if warn:
            results.append(finding("DOC-001", f"{svc}/api/openapi.yaml", "warn",
                                   pointer=("paths", f"/{svc}", "get")))
    return report(inventory, results, rules=(*{r for v in errors.values() for r in v},
                                              "DOC-001", "REL-002", "ERR-001"))


def put(db: str, repo: str, day: str, errors: dict[str, list[str]], *, mr: str | None = None,
        pipeline: str, job_id: str = "1", names: dict[str, str] | None = None,
        display_repo: str | None = None) -> history.Recorded:
    rollup = build([Source(repo_report(repo, errors, names))], today=dt.date(2024, 6, 1))
    meta = history.SnapshotMeta(
        recorded_at=f"{day}T10:00:00Z", commit=f"c{pipeline}", branch="main" if mr is None
        else f"mr-{mr}", repository=display_repo or repo, pipeline=pipeline, job="govlint",
        job_id=job_id, mr=mr)
    return history.record(db, to_json(rollup), meta, history.facts(rollup))


@pytest.fixture
def org_history(db_url: str) -> str:
    """Two repositories, daily default-branch snapshots, five merge-request pipelines over
    two weeks (2024-06-03 and 2024-06-10), one of them retried with a passing result."""
    for day in ("2024-06-03", "2024-06-04", "2024-06-10", "2024-06-11"):
        n = day[-2:]
        put(db_url, "acme/api", day, {"orders": ["ERR-001"]}, pipeline=f"a{n}")
        put(db_url, "acme/web", day, {}, pipeline=f"w{n}")
    # week of 2024-06-03
    put(db_url, "acme/api", "2024-06-03", {"orders": ["ERR-001"]}, mr="1", pipeline="m1")
    first = put(db_url, "acme/api", "2024-06-04",
                {"orders": ["ERR-001"], "payments": ["REL-002"]}, mr="2", pipeline="m2")
    retry = put(db_url, "acme/api", "2024-06-04", {}, mr="2", pipeline="m2", job_id="2")
    assert retry.replaced and retry.id == first.id and not first.replaced
    # week of 2024-06-10
    put(db_url, "acme/web", "2024-06-10", {}, mr="3", pipeline="m3")
    put(db_url, "acme/web", "2024-06-11", {"web": ["REL-002"]}, mr="4", pipeline="m4")
    put(db_url, "acme/api", "2024-06-11", {"orders": ["ERR-001"], "payments": ["REL-002"]},
        mr="5", pipeline="m5")
    return db_url


def dashboard(db: str, out: Path, *args: str) -> tuple[str, Any]:
    from tests.conftest import run_govlint

    run = run_govlint("dashboard", "--db", db, "-o", str(out), *args)
    assert run.code == 0, run.stderr
    return (out / "index.html").read_text(encoding="utf-8"), run


def table(page: str, table_id: str) -> dict[str, list[str]]:
    """``name -> cells`` of the rows of one table (cells stripped of tags)."""
    found = re.search(rf'<table[^>]* id="{table_id}".*?</table>', page, re.S)
    assert found, f"table {table_id} is on the page"
    rows = {}
    for row in re.findall(r"<tr class=\"[a-z-]+-row\".*?</tr>", found[0], re.S):
        cells = [re.sub(r"<svg.*?</svg>|<[^>]+>", "", c).strip()
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows[cells[0]] = cells[1:]
    return rows


def kpi(page: str, kpi_id: str) -> str:
    found = re.search(rf'id="{kpi_id}">.*?<span class="value">(.*?)</span>', page, re.S)
    assert found
    return re.sub(r"<[^>]+>", "", found[1])


def test_rejections_are_attributed_by_rule_and_team_per_week(org_history: str,
                                                               tmp_path: Path) -> None:
    page, run = dashboard(org_history, tmp_path / "site")
    assert "organisation dashboard of 2 repositories, 3 teams" in run.stderr
    # MR 2 was retried with a passing result: it replaced its rejected snapshot
    assert kpi(page, "kpi-rejection") == "60%"
    assert "3 of 5 merge-request pipelines failed the gate" in page
    by_rule = table(page, "by-rule")
    assert by_rule == {"ERR-001": ["2", "67%", ""], "REL-002": ["2", "67%", ""]}
    by_team = table(page, "by-team")
    assert list(by_team) == ["@acme/orders", "@acme/payments", "@acme/web"]
    assert [v[0] for v in by_team.values()] == ["2", "1", "1"]
    # per week: ERR-001 once in each week (MR 1, MR 5); REL-002 only in the second (4, 5)
    weeks = re.search(r'<svg id="rejection-trend".*?</svg>', page, re.S)
    assert weeks and weeks[0].count('class="point"') == 2
    assert "2024-06-03: 50" in weeks[0] and "2024-06-10: 66.7" in weeks[0]
    teams = table(page, "teams-table")
    # a team's rate: the rejections it owns a failing finding of, over its repositories' MRs
    assert [teams[t][-1] for t in sorted(teams)] == ["67% of 3", "33% of 3", "50% of 2"]
    repos = table(page, "repos-table")
    assert repos["acme/api"][6:8] == ["rejected", "2/3"]
    assert repos["acme/web"][6:8] == ["passed", "1/2"]


def test_latest_state_trend_and_patterns(org_history: str, tmp_path: Path) -> None:
    page, _ = dashboard(org_history, tmp_path / "site")
    teams = table(page, "teams-table")
    # orders: a spec with one warning (size 2: 100 x 2^-0.125 = 91.7) and a Deployment with
    # one error (50) -> (2 x 91.7 + 50) / 3; payments: the same spec and a clean Deployment
    assert teams["@acme/orders"][0] == "77.8" and teams["@acme/payments"][0] == "94.5"
    # docs, compliance (one of two documents has an error), API docs (DOC-001 on the spec)
    assert teams["@acme/orders"][5:8] == ["2", "50%", "0%"]
    trend = re.search(r'<svg id="org-trend".*?</svg>', page, re.S)
    assert trend and trend[0].count('class="point"') == 4  # four days recorded
    patterns = table(page, "patterns-table")
    # DOC-001 at /paths/*/get in both repositories; ERR-001's container only in acme/api
    assert patterns["DOC-001"][:3] == ["/paths/*/get", "2", "3"]
    assert patterns["ERR-001"][:3] == ["/spec/template/spec/containers/*", "1", "1"]
    pages = sorted(p.name for p in (tmp_path / "site" / "teams").iterdir())
    assert len(pages) == 3 and all(re.fullmatch(r"t-[0-9a-f]{16}\.html", p) for p in pages)
    orders = next(p for p in (tmp_path / "site" / "teams").iterdir()
                  if "@acme/orders</h1>" in p.read_text())
    text = orders.read_text()
    assert 'data-service="orders-svc" data-repo="acme/api"' in text
    assert "orders/deploy/app.yaml" in text and "ERR-001" in text  # the documents drill-down
    # the rules of its findings that failed merge requests: ERR-001 in MR 1 and MR 5
    assert table(text, "team-rules") == {"ERR-001": ["2", "100%", ""]}


def test_filters_since_repo_team(org_history: str, tmp_path: Path) -> None:
    page, _ = dashboard(org_history, tmp_path / "team", "--team", "@acme/web")
    assert list(table(page, "teams-table")) == ["@acme/web"]
    assert list(table(page, "repos-table")) == ["acme/web"]
    assert list(table(page, "by-team")) == ["@acme/web"]
    assert list(table(page, "by-rule")) == ["REL-002"]  # only web's failing rule counts
    assert kpi(page, "kpi-rejection") == "50%"  # acme/web's two merge requests
    assert "filtered: teams @acme/web" in page

    page, _ = dashboard(org_history, tmp_path / "repo", "--repo", "acme/api")
    assert list(table(page, "teams-table")) == ["@acme/orders", "@acme/payments"]
    assert kpi(page, "kpi-rejection") == "67%"  # MR 1 and 5 of 1, 2 (retried), 5

    page, _ = dashboard(org_history, tmp_path / "since", "--since", "2024-06-10")
    trend = re.search(r'<svg id="org-trend".*?</svg>', page, re.S)
    assert trend and trend[0].count('class="point"') == 2
    assert kpi(page, "kpi-rejection") == "67%"  # MR 3, 4, 5
    assert "2024-06-03" not in page


def test_a_filter_matching_nothing_is_a_clear_error(org_history: str, tmp_path: Path) -> None:
    from tests.conftest import run_govlint

    run = run_govlint("dashboard", "--db", org_history, "-o", str(tmp_path / "s"),
                      "--repo", "acme/nope")
    assert run.code == 2
    assert "no snapshot of a default branch matches (repositories acme/nope)" in run.stderr
    assert "Traceback" not in run.stderr
    run = run_govlint("dashboard", "--db", org_history, "-o", str(tmp_path / "s"),
                      "--since", "June")
    assert run.code == 2 and "not a date (YYYY-MM-DD): 'June'" in run.stderr


def test_a_malformed_snapshot_is_an_error_naming_the_database(org_history: str,
                                                                tmp_path: Path) -> None:
    """A database is shared by every pipeline: a crafted score JSON gives a one-line error
    (exit 2), never a traceback nor a half-written site."""
    from tests.conftest import run_govlint

    from govlint.score.db import redact

    bad = [b'{"services": [{"name": 5}]}', b'{"services": [{"name": "web-svc"}], '
           b'"documents": [{"service": "web-svc"}]}', b"not json", b"[1]"]
    for blob in bad:
        store = history.connect(org_history)
        try:
            store.execute("UPDATE snapshots SET detail = ? WHERE repository = 'acme/web'",
                          (zlib.compress(blob),))
        finally:
            store.close()
        out = tmp_path / f"s{len(blob)}"
        run = run_govlint("dashboard", "--db", org_history, "-o", str(out))
        assert run.code == 2, (blob, run.stderr)
        message = run.stderr.strip()
        assert "Traceback" not in message and len(message.splitlines()) == 1, message
        assert re.search(r"not a usable govlint history database \(the organisation "
                         r"dashboard\)|a snapshot's score data is malformed", message)
        assert redact(org_history).removeprefix("sqlite:///") in message
        assert not (out / "index.html").exists()


def test_team_pages_of_teams_no_longer_shown_are_removed(org_history: str,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "site"
    dashboard(org_history, out)
    (out / "teams" / "notes.txt").write_text("kept: not a page govlint wrote")
    assert len(list((out / "teams").glob("t-*.html"))) == 3
    dashboard(org_history, out, "--team", "@acme/web")
    assert len(list((out / "teams").glob("t-*.html"))) == 1
    assert (out / "teams" / "notes.txt").exists()


HOSTILE_TEAM = '"><script>alert(1)</script>'
HOSTILE_REPO = "<img src=x onerror=alert(2)>/../../etc"
HOSTILE_RULE = "<b>X-1</b>"


def test_hostile_names_are_escaped_and_never_paths(db_url: str, tmp_path: Path) -> None:
    names = {"web": HOSTILE_TEAM, "svc:web": "<svg onload=alert(3)>"}
    for day, mr in (("2024-06-03", None), ("2024-06-04", "7")):
        put(db_url, "acme/web", day, {"web": [HOSTILE_RULE]}, mr=mr, pipeline=f"p{day}",
            names=names, display_repo=HOSTILE_REPO)
    put(db_url, "acme/api", "2024-06-03", {}, pipeline="other")
    out = tmp_path / "site"
    dashboard(db_url, out)
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert files[0] == "index.html" and len(files) == 4
    assert all(re.fullmatch(r"teams/t-[0-9a-f]{16}\.html", f) for f in files[1:])
    for path in out.rglob("*.html"):
        text = path.read_text()
        for raw in ("<script>alert", "<img src=x", "<svg onload", "<b>X-1"):
            assert raw not in text, (path, raw)
    index = (out / "index.html").read_text()
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "&lt;img src=x onerror=alert(2)&gt;/../../etc" in index
    assert "&lt;b&gt;X-1&lt;/b&gt;" in index
    tags = re.sub(r'"[^"]*"', '""', index)  # attribute values hold escaped hostile text
    assert not re.search(r"<link|<[a-z][^>]*\ssrc=|@import|url\(|fetch\(|XMLHttpRequest", tags)


def test_same_database_same_bytes(org_history: str, tmp_path: Path) -> None:
    dashboard(org_history, tmp_path / "a")
    dashboard(org_history, tmp_path / "b")
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.html")}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.html")}
    assert a == b and len(a) == 4


def test_one_repository_keeps_the_single_repository_page(db_url: str, tmp_path: Path) -> None:
    for day in ("2024-06-03", "2024-06-04"):
        put(db_url, "acme/web", day, {"web": ["REL-002"]}, pipeline=f"w{day}")
    page, run = dashboard(db_url, tmp_path / "one")
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["index.html"]
    assert 'id="snapshots"' in page and "of 2 snapshots" in run.stderr
    page, _ = dashboard(db_url, tmp_path / "org", "--org")
    assert list(table(page, "repos-table")) == ["acme/web"]


def test_no_org_with_one_repo_is_that_repository_s_page(org_history: str,
                                                        tmp_path: Path) -> None:
    from tests.conftest import run_govlint

    page, run = dashboard(org_history, tmp_path / "api", "--no-org", "--repo", "acme/api")
    assert sorted(p.name for p in (tmp_path / "api").iterdir()) == ["index.html"]
    assert "of 4 snapshots (main)" in run.stderr  # acme/api's main, not acme/web's
    assert 'data-team="@acme/orders"' in page and 'data-team="@acme/web"' not in page
    run = run_govlint("dashboard", "--db", org_history, "-o", str(tmp_path / "x"),
                      "--no-org", "--team", "@acme/web")
    assert run.code == 2 and "drop --no-org" in run.stderr
    run = run_govlint("dashboard", "--db", org_history, "-o", str(tmp_path / "x"),
                      "--no-org", "--repo", "acme/nope")
    assert run.code == 2 and "no snapshots of repository 'acme/nope'" in run.stderr


def test_the_documented_postgresql_roles(pg_server: Any, tmp_path: Path) -> None:
    """docs/score.md, organisation setup: the writer role creates the schema and records,
    a role that may only SELECT renders the dashboard and cannot prune."""
    import psycopg
    from tests.conftest import run_govlint

    admin = pg_server.url("postgres", "postgres", False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("CREATE ROLE doc_writer LOGIN")
        conn.execute("CREATE ROLE doc_reader LOGIN")
        conn.execute("CREATE DATABASE doc_govlint OWNER doc_writer")
    with psycopg.connect(pg_server.url("doc_govlint", "postgres", False),
                         autocommit=True) as conn:  # the SQL of docs/score.md
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO doc_reader")
        conn.execute("ALTER DEFAULT PRIVILEGES FOR ROLE doc_writer IN SCHEMA public "
                     "GRANT SELECT ON TABLES TO doc_reader")
    writer = pg_server.url("doc_govlint", "doc_writer", False)
    reader = pg_server.url("doc_govlint", "doc_reader", False)
    run = run_govlint("db", "upgrade", env={"GOVLINT_DB_URL": writer})
    assert run.code == 0, run.stderr
    for repo in REPOS:
        put(writer, repo, "2024-06-01", {}, pipeline=f"o-{repo}")  # something to prune
        put(writer, repo, "2024-06-03", {}, pipeline=f"p-{repo}")
    run = run_govlint("dashboard", "-o", str(tmp_path / "site"),
                      env={"GOVLINT_DB_URL": reader})
    assert run.code == 0 and "organisation dashboard of 2 repositories" in run.stderr
    run = run_govlint("history", "prune", "--keep-days", "1", env={"GOVLINT_DB_URL": reader})
    assert run.code == 2 and "permission denied" in run.stderr
    assert "Traceback" not in run.stderr
