"""The organisation dashboard in headless Chromium: a generated organisation (60
repositories, recorded through the real record path by bench/org_data.py) renders, the
big tables are paginated, a filter from the URL (#filter=) applies within a time bound,
and a team page drills down to a service's documents. The full size (300 repositories,
3,000 services, 90 days) is bench/org_load.py's job."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from tests.cli.test_dashboard import chromium, console_messages, find_chromium

REPO = Path(__file__).resolve().parents[2]
FILTER_BOUND_MS = 250.0  # applying a filter to the page's tables (typically a few ms)
READY_BOUND_MS = 1500.0  # the page script's set-up (pagination of every table)


@pytest.fixture(scope="module")
def org_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import run_govlint

    sys.path.insert(0, str(REPO / "bench"))
    try:
        from org_data import Recorder, Shape, jobs
    finally:
        sys.path.remove(str(REPO / "bench"))
    work = tmp_path_factory.mktemp("org")
    db = str(work / "org.sqlite")
    shape = Shape(repos=60, services=3, teams=8, days=3, mr_every=2)
    recorder = Recorder(db, shape)
    for job in jobs(shape):
        recorder.record(job)
    run = run_govlint("dashboard", "--db", db, "-o", str(work / "site"))
    assert run.code == 0, run.stderr
    assert "60 repositories, 8 teams, 180 services" in run.stderr
    return work / "site"


def attr(dom: str, element: str, name: str) -> str:
    found = re.search(rf"<{element}\b[^>]*\b{name}=\"([^\"]*)\"", dom)
    assert found, f"{element} has {name}"
    return found[1]


def test_org_page_loads_paginates_and_filters_in_time(org_site: Path, tmp_path: Path) -> None:
    binary = find_chromium()
    index = org_site / "index.html"
    assert index.stat().st_size < 2_000_000
    run = chromium(binary, tmp_path / "profile", "--dump-dom", index.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    assert console_messages(run.stderr) == []
    dom = run.stdout
    assert float(attr(dom, "body", "data-ready-ms")) < READY_BOUND_MS
    repos = re.search(r'<table[^>]*id="repos-table"[^>]*>', dom)
    assert repos and 'data-matching="60"' in repos[0] and 'data-shown="50"' in repos[0]
    assert "page 1 of 2" in dom
    assert dom.count('<tr class="repo-row"') == 60
    assert len(re.findall(r'<tr class="repo-row"[^>]*style="display: none;"', dom)) == 10

    # a filter from the URL: only team-03 is left in the teams table
    run = chromium(binary, tmp_path / "profile", "--dump-dom",
                   index.as_uri() + "#filter=team-03")
    assert run.returncode == 0 and console_messages(run.stderr) == []
    dom = run.stdout
    assert float(attr(dom, "body", "data-filter-ms")) < FILTER_BOUND_MS
    teams = re.search(r'<table[^>]*id="teams-table"[^>]*>', dom)
    assert teams and 'data-matching="1"' in teams[0]
    visible = re.findall(r'<tr class="team-row" data-team="([^"]+)"(?! style="display: none;")',
                         dom)
    assert visible == ["@acme/team-03"]
    assert "1 of 8" in dom


def test_team_page_drills_down_to_documents(org_site: Path, tmp_path: Path) -> None:
    binary = find_chromium()
    index = (org_site / "index.html").read_text()
    link = re.search(r'<a href="(teams/t-[0-9a-f]{16}\.html)">@acme/team-03</a>', index)
    assert link, "the team row links its page"
    page = org_site / link[1]
    service = re.search(r'data-service="(svc-[0-9-]+)"', page.read_text())
    assert service
    run = chromium(binary, tmp_path / "profile", "--dump-dom",
                   page.as_uri() + f"#service={service[1]}")
    assert run.returncode == 0 and console_messages(run.stderr) == []
    dom = run.stdout
    assert "@acme/team-03</h1>" in dom
    assert re.search(r'<tr class="drill" id="svc-\d+"( style="")?>', dom), \
        "the service's documents are shown"
    assert 'aria-expanded="true"' in dom
    assert f"services/{service[1]}/api/openapi.yaml" in dom
    assert float(attr(dom, "body", "data-ready-ms")) < READY_BOUND_MS
