"""The GitLab Pages template (ci/gitlab/govlint-pages.gitlab-ci.yml) run for real with
gitlab-ci-local against an SQLite history of two repositories: a scheduled pipeline writes
the organisation site to public/."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.score.test_org_dashboard import put

from .project import REPO, commit, git
from .test_gitlab_ci import _artifact, _project, _run

TEMPLATE = REPO / "ci" / "gitlab" / "govlint-pages.gitlab-ci.yml"
PIPELINE = """\
include:
  - local: ci/govlint-pages.gitlab-ci.yml
variables:
  GOVLINT_INSTALL: skip
"""


def test_scheduled_pipeline_renders_the_organisation_site(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite"
    for day in ("2024-06-03", "2024-06-04"):
        put(str(db), "acme/api", day, {"orders": ["ERR-001"]}, pipeline=f"a{day}")
        put(str(db), "acme/web", day, {}, pipeline=f"w{day}")
    put(str(db), "acme/web", "2024-06-04", {"web": ["REL-002"]}, mr="9", pipeline="m9")
    repo = _project(tmp_path, PIPELINE, {
        "ci/govlint-pages.gitlab-ci.yml": TEMPLATE.read_text(encoding="utf-8")})
    shutil.copy(db, repo / "history.sqlite")
    git(repo, "add", "history.sqlite")
    commit(repo, "the organisation's history (a CI service database in real life)")

    verdicts, log = _run(repo, "CI_PIPELINE_SOURCE=schedule",
                         "GOVLINT_DB_URL=sqlite:///history.sqlite",
                         "GOVLINT_DASHBOARD_ARGS=--since 2024-06-01")
    assert verdicts["pages"] == "PASS", log
    assert "organisation dashboard of 2 repositories, 3 teams" in log
    index = _artifact(repo, "pages", "public/index.html").read_text()
    assert 'data-repo="acme/api"' in index and "filtered: since 2024-06-01" in index
    assert "1 of 1 merge-request pipeline failed the gate" in index
    teams = list((repo / ".gitlab-ci-local" / "artifacts" / "pages" / "public" / "teams")
                 .glob("t-*.html"))
    assert len(teams) == 3

    # a push pipeline (every commit of this project) renders nothing: schedules only
    verdicts, log = _run(repo, "CI_PIPELINE_SOURCE=push",
                         "GOVLINT_DB_URL=sqlite:///history.sqlite")
    assert "pages" not in verdicts, log
