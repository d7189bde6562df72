"""``govlint comment`` against the GitHub fake, as a GitHub Actions job runs it: a real
``govlint`` process, the Actions environment, a pull_request event file.

Every request is validated against GitHub's OpenAPI description (the fake answers 422 and
the ``github`` fixture fails the test); the token must never appear in any output.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Run, run_govlint

from .fake_github import FakeGitHub

TOKEN = "ghs_s3cretTOKENvalue0123456789"
HEAD = "c0ffee" + "0" * 34
SPEC = """\
openapi: 3.0.3
info:
  title: Orders
  version: 1.0.0
  contact:
    name: orders-team
paths:
  /v1/orders:
    get:
      summary: List orders
      responses:
        '200':
          description: ok
  /v1/refunds:
    post:
      responses:
        '201':
          description: created
  /v1/legacy:
    get:
      responses:
        '200':
          description: ok
"""
RULESET = """\
rules:
  operation-summary:
    description: Operations have a summary.
    message: "operation has no summary"
    given: $.paths[*][get,put,post,delete,patch]
    severity: warn
    then:
      field: summary
      function: truthy
"""
# The pull request added /v1/refunds (lines 14-18; the finding is on 15, `post:`); the
# /v1/legacy finding (line 20) was already there: counted in the summary only.
PATCH = ("@@ -12,6 +12,11 @@ paths:\n         '200':\n           description: ok\n"
         "+  /v1/refunds:\n+    post:\n+      responses:\n+        '201':\n"
         "+          description: created\n   /v1/legacy:\n     get:\n       responses:")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project and two real lint reports: with the new operation's finding, and fixed."""
    root = tmp_path_factory.mktemp("project")
    (root / ".govlint.yaml").write_text("rulesets: [.spectral.yaml]\n")
    (root / ".spectral.yaml").write_text(RULESET)
    (root / "api").mkdir()
    (root / "api" / "openapi.yaml").write_text(SPEC)
    run = run_govlint("lint", "api", "-f", f"json:{root / 'report.json'}", cwd=root)
    assert run.code == 0, run.stderr
    (root / "api" / "openapi.yaml").write_text(
        SPEC.replace("    post:\n", "    post:\n      summary: Refund\n"))
    run = run_govlint("lint", "api", "-f", f"json:{root / 'fixed.json'}", cwd=root)
    assert run.code == 0, run.stderr
    return root


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with FakeGitHub(token=TOKEN) as fake:
        fake.add_pull(42, head_sha=HEAD, files=[
            {"filename": "api/openapi.yaml", "status": "modified", "patch": PATCH}])
        yield fake
        assert fake.invalid == [], "requests GitHub's OpenAPI description rejects"


def comment(project: Path, fake: FakeGitHub | None, *args: str, report: str = "report.json",
            event: Any = None, env: dict[str, str] | None = None) -> Run:
    if event is None:
        event = {"action": "opened", "number": 42,
                 "pull_request": {"number": 42, "head": {"sha": HEAD}}}
    event_path = project / f"event-{id(event)}.json"
    event_path.write_text(json.dumps(event))
    base = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_REPOSITORY": "acme/orders", "GITHUB_TOKEN": TOKEN,
            "GITHUB_API_URL": fake.url if fake else "http://127.0.0.1:9",
            "GOVLINT_HTTP_BACKOFF": "0", "GOVLINT_HTTP_MAX_WAIT": "10",
            "GOVLINT_GITHUB_WRITE_INTERVAL": "0",
            "GITLAB_CI": "", "CI_MERGE_REQUEST_IID": ""}
    run = run_govlint("comment", str(project / report), *args, cwd=project,
                      env={**base, **(env or {})})
    assert TOKEN not in run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    return run


def summaries(fake: FakeGitHub, marker: str = "<!-- govlint:summary -->") -> list[str]:
    return [c["body"] for c in fake.issue_comments(42) if c["body"].startswith(marker)]


def test_first_run_posts_one_summary_and_inline_comments_on_changed_lines_only(
        project: Path, github: FakeGitHub) -> None:
    run = comment(project, github)
    assert run.code == 0, run.stderr
    [summary] = summaries(github)
    assert "operation-summary" in summary and "2" in summary  # both findings counted
    [inline] = github.review_comments(42)
    assert (inline["path"], inline["line"], inline["side"]) == ("api/openapi.yaml", 15, "RIGHT")
    assert inline["commit_id"] == HEAD and inline["body"].startswith("<!-- govlint:finding:")
    assert "operation has no summary" in inline["body"]
    r = github.requests[-1]
    assert r.headers["authorization"] == f"Bearer {TOKEN}"
    assert r.headers["x-github-api-version"] == "2022-11-28"
    assert "summary created" in run.stdout and "1 inline comment" in run.stdout


def test_rerun_writes_nothing(project: Path, github: FakeGitHub) -> None:
    assert comment(project, github).code == 0
    writes = len(github.writes())
    run = comment(project, github)
    assert run.code == 0, run.stderr
    assert len(github.writes()) == writes, [(w.method, w.path) for w in github.writes()]
    assert len(summaries(github)) == 1 and len(github.review_comments(42)) == 1
    assert "nothing to change" in run.stdout


def test_summary_on_page_two_of_150_comments_is_edited_in_place(
        project: Path, github: FakeGitHub) -> None:
    github.seed_issue_comments(42, [f"review note {i}" for i in range(120)])
    github.seed_issue_comments(42, ["<!-- govlint:summary -->\nan older summary"],
                               login="github-actions[bot]")
    github.seed_issue_comments(42, [f"later note {i}" for i in range(29)])
    run = comment(project, github)
    assert run.code == 0, run.stderr
    assert len(github.issue_comments(42)) == 150
    [summary] = summaries(github)
    assert summary != "<!-- govlint:summary -->\nan older summary"
    assert github.issue_comments(42)[120]["body"] == summary
    pages = [r.query.get("page") for r in github.requests if r.path.endswith("/comments")
             and "issues" in r.path and r.method == "GET"]
    assert pages == [None, ["2"]]
    assert "summary updated" in run.stdout


def test_a_quoted_marker_is_not_the_summary(project: Path, github: FakeGitHub) -> None:
    github.seed_issue_comments(42, ["> <!-- govlint:summary -->\nwhy does the bot say this?"])
    assert comment(project, github).code == 0
    assert len(github.issue_comments(42)) == 2
    assert github.issue_comments(42)[0]["body"].startswith("> ")


def test_a_fix_edits_the_inline_comment_and_the_summary(
        project: Path, github: FakeGitHub) -> None:
    assert comment(project, github).code == 0
    before = summaries(github)
    run = comment(project, github, report="fixed.json")
    assert run.code == 0, run.stderr
    [inline] = github.review_comments(42)
    assert "<!-- govlint:fixed -->" in inline["body"]
    assert inline["body"].startswith("<!-- govlint:finding:")
    assert summaries(github) != before and len(summaries(github)) == 1
    assert "1 fixed finding closed" in run.stdout
    writes = len(github.writes())
    assert comment(project, github, report="fixed.json").code == 0
    assert len(github.writes()) == writes  # closed once


def test_two_markers_keep_two_summaries(project: Path, github: FakeGitHub) -> None:
    assert comment(project, github, "--marker", "api").code == 0
    assert comment(project, github, "--marker", "k8s", "--no-inline").code == 0
    assert len(summaries(github, "<!-- govlint:summary:api -->")) == 1
    assert len(summaries(github, "<!-- govlint:summary:k8s -->")) == 1
    assert len(github.review_comments(42)) == 1


def test_rate_limits_are_waited_out(project: Path, github: FakeGitHub) -> None:
    github.fail_next(1, 429, retry_after=0)
    github.fail_next(1, 403, retry_after=0, secondary=True)
    github.fail_next(1, 502)
    run = comment(project, github)
    assert run.code == 0, run.stderr
    assert len(summaries(github)) == 1 and len(github.review_comments(42)) == 1
    assert [r.status for r in github.requests[:4]] == [429, 403, 502, 200]


def test_an_exhausted_rate_limit_fails_fast_instead_of_hanging_the_job(
        project: Path, github: FakeGitHub) -> None:
    """GitHub's primary limit: 403 with x-ratelimit-remaining 0 and a reset an hour away.
    The reset is beyond the wait budget: exit 5 at once, saying so."""
    github.fail_next(1, 403, reset_in=3600)
    run = comment(project, github, env={"GOVLINT_HTTP_MAX_WAIT": "30"})
    assert run.code == 5
    assert "HTTP 403" in run.stderr and "API rate limit exceeded" in run.stderr
    assert "asked to wait" in run.stderr and "(rate limited)" in run.stderr
    assert "lacks a scope" not in run.stderr
    assert len(github.requests) == 1


def test_a_primary_rate_limit_resetting_soon_is_waited_out(
        project: Path, github: FakeGitHub) -> None:
    github.fail_next(1, 403, reset_in=1)
    run = comment(project, github)
    assert run.code == 0, run.stderr
    assert [r.status for r in github.requests[:2]] == [403, 200]
    assert len(summaries(github)) == 1


def test_a_persistent_500_is_exit_5_with_a_clear_message(
        project: Path, github: FakeGitHub) -> None:
    github.fail_next(100, 500)
    run = comment(project, github, env={"GOVLINT_HTTP_RETRIES": "2"})
    assert run.code == 5
    assert "HTTP 500" in run.stderr and "GET http" in run.stderr \
        and "/repos/acme/orders/pulls/42" in run.stderr  # the head check comes first
    assert "gave up after 3 attempts" in run.stderr
    assert len(github.requests) == 3 and github.issue_comments(42) == []


def test_a_bad_token_is_exit_5_naming_the_cause(project: Path, github: FakeGitHub) -> None:
    run = comment(project, github, env={"GITHUB_TOKEN": "ghs_wrongTOKENwrongTOKEN"})
    assert run.code == 5 and "HTTP 401" in run.stderr and "Bad credentials" in run.stderr
    assert "ghs_wrongTOKENwrongTOKEN" not in run.stdout + run.stderr


@pytest.mark.parametrize("event", [
    {"ref": "refs/heads/main", "after": HEAD},  # push
    {"schedule": "0 3 * * *"},
])
def test_not_a_pull_request_posts_nothing(project: Path, github: FakeGitHub,
                                          event: dict[str, Any]) -> None:
    run = comment(project, github, event=event)
    assert run.code == 0 and "nothing posted" in run.stderr
    assert github.requests == []


def test_pr_flag_without_event_asks_the_head_commit(project: Path, github: FakeGitHub) -> None:
    run = comment(project, github, "--pr", "42", env={"GITHUB_EVENT_PATH": ""})
    assert run.code == 0, run.stderr
    assert github.review_comments(42)[0]["commit_id"] == HEAD
    assert any(r.path == "/repos/acme/orders/pulls/42" for r in github.requests)


def test_explicit_provider_without_token_is_a_usage_error(
        project: Path, github: FakeGitHub) -> None:
    run = comment(project, github, "--provider", "github", env={"GITHUB_TOKEN": ""})
    assert run.code == 2 and "GITHUB_TOKEN" in run.stderr
    assert github.requests == []


def test_dry_run_prints_the_requests_and_sends_none(project: Path, github: FakeGitHub) -> None:
    run = comment(project, github, "--dry-run")
    assert run.code == 0, run.stderr
    assert github.requests == []
    assert f"GET {github.url}/repos/acme/orders/pulls/42/files?per_page=100" in run.stdout
    assert f"POST {github.url}/repos/acme/orders/issues/42/comments" in run.stdout
    assert "<!-- govlint:summary -->" in run.stdout


def test_a_huge_report_fits_githubs_comment_limit(tmp_path: Path, github: FakeGitHub) -> None:
    """1,500 findings: the summary's full list is cut to GitHub's 65,536 characters (the
    fake answers 422 beyond, as GitHub does) and says so."""
    (tmp_path / ".govlint.yaml").write_text("rulesets: [.spectral.yaml]\n")
    (tmp_path / ".spectral.yaml").write_text(RULESET)
    paths = "".join(f"  /v1/items-{i}:\n    get:\n      responses:\n        '200':\n"
                    f"          description: ok\n" for i in range(1500))
    (tmp_path / "openapi.yaml").write_text(
        "openapi: 3.0.3\ninfo:\n  title: Big\n  version: 1.0.0\npaths:\n" + paths)
    lint = run_govlint("lint", "openapi.yaml", "-f", f"json:{tmp_path / 'report.json'}",
                       cwd=tmp_path)
    assert lint.code == 0, lint.stderr
    assert len(json.loads((tmp_path / "report.json").read_text())["results"]) == 1500
    run = comment(tmp_path, github, "--no-inline")
    assert run.code == 0, run.stderr
    [summary] = summaries(github)
    assert 60_000 < len(summary) <= 65_536
    assert "1500 findings" in summary and "more not shown (comment size limit)" in summary


@pytest.mark.parametrize("user_token", [False, True])
def test_a_strangers_marker_is_not_the_bots_comment(project: Path, user_token: bool) -> None:
    """Anyone can type the markers: only comments by the token's own user are the bot's
    (``GET /user`` for a personal token; ``github-actions[bot]`` for GITHUB_TOKEN, which
    GET /user refuses). The fake lets only the author edit, as GitHub does."""
    [finding] = [f for f in json.loads((project / "report.json").read_text())["results"]
                 if f["line"] == 15]
    login = "octo-bot" if user_token else "github-actions[bot]"
    with FakeGitHub(token=TOKEN, bot_login=login, user_token=user_token) as fake:
        fake.add_pull(42, head_sha=HEAD, files=[
            {"filename": "api/openapi.yaml", "status": "modified", "patch": PATCH}])
        fake.seed_issue_comments(42, ["<!-- govlint:summary -->\n### govlint: ✅ all good"],
                                 login="mallory")
        fake.pulls[42].review_comments.append({
            "id": 77, "body": f"<!-- govlint:finding:{finding['fingerprint']} -->\nnot me",
            "path": "api/openapi.yaml", "line": 15, "side": "RIGHT",
            "user": {"login": "mallory", "id": 9, "type": "User"}})
        run = comment(project, fake)
        assert run.code == 0, run.stderr
        assert "summary created, 1 inline comment posted" in run.stdout
        bodies = [c["body"] for c in fake.issue_comments(42)]
        assert bodies[0] == "<!-- govlint:summary -->\n### govlint: ✅ all good"
        assert [c["user"]["login"] for c in fake.issue_comments(42)] == ["mallory", login]
        mine = [c for c in fake.review_comments(42) if c["user"]["login"] == login]
        assert len(mine) == 1 and mine[0]["line"] == 15
        again = comment(project, fake)
        assert again.code == 0 and "nothing to change" in again.stdout, again.stderr
        assert fake.invalid == []


def test_a_finding_that_comes_back_gets_a_new_comment(project: Path, github: FakeGitHub) -> None:
    assert comment(project, github).code == 0
    assert comment(project, github, report="fixed.json").code == 0
    run = comment(project, github)  # the finding is back
    assert run.code == 0 and "1 inline comment posted" in run.stdout, run.stdout
    bodies = [c["body"] for c in github.review_comments(42)]
    assert len(bodies) == 2 and "<!-- govlint:fixed -->" in bodies[0]
    assert "<!-- govlint:fixed -->" not in bodies[1]
    writes = len(github.writes())
    assert "nothing to change" in comment(project, github).stdout
    assert len(github.writes()) == writes


def test_a_job_for_an_older_head_posts_nothing(project: Path, github: FakeGitHub) -> None:
    github.push(42, "d" * 40, github.pulls[42].files)  # a newer push; this job's event is old
    run = comment(project, github)
    assert run.code == 0, run.stderr
    assert "stale, nothing posted" in run.stdout
    assert github.writes() == [] and github.issue_comments(42) == []


def test_an_outdated_comment_is_posted_again_on_the_current_line(
        project: Path, github: FakeGitHub) -> None:
    assert comment(project, github).code == 0
    github.review_comments(42)[0]["line"] = None  # GitHub: the line was edited since
    run = comment(project, github)
    assert run.code == 0 and "1 inline comment posted" in run.stdout, run.stdout
    old, new = github.review_comments(42)
    assert old["line"] is None and new["line"] == 15
    writes = len(github.writes())
    assert "nothing to change" in comment(project, github).stdout
    assert len(github.writes()) == writes
