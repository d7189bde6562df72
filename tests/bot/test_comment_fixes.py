"""Regressions from the review of the comment bot (issue 13), each through ``govlint
comment`` against the fake GitLab or GitHub: a temporary git repository with a base and a
head commit, linted for real."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.ci.project import commit, git, make_repo, write

from .fake_gitlab import FakeGitLab, diffs_from_git
from .test_comment_gitlab import Project, gitlab_env, run

SPEC = """\
openapi: 3.0.3
info:
  title: Orders
  version: 1.0.0
paths:
  /v1/orders:
    get:
      responses:
        '200':
          description: ok
"""


def _project(tmp_path: Path, ruleset: str, spec: str = SPEC,
             config: str = "rulesets: [rules.yaml]\n") -> Project:
    """Base: the ruleset alone; head: ``api/orders.yaml`` added (every line changed)."""
    repo = make_repo(tmp_path / "repo", {".govlint.yaml": config, "rules.yaml": ruleset})
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo, {"api/orders.yaml": spec})
    commit(repo, "head")
    p = Project(repo, tmp_path / "govlint.json", base, "")
    p.lint()
    return p


@pytest.fixture
def gitlab() -> Iterator[list[FakeGitLab]]:
    """Fakes started by a test, checked for requests GitLab would refuse."""
    started: list[FakeGitLab] = []
    yield started
    for fake in started:
        fake.close()
        assert fake.invalid == [], fake.invalid


def _fake(project: Project, started: list[FakeGitLab]) -> FakeGitLab:
    fake = project.fake().__enter__()
    started.append(fake)
    return fake


# -- 2: quick actions ----------------------------------------------------------------------

QUICK_ACTIONS = """\
rules:
  op-summary:
    description: "/approve"
    message: "/approve"
    given: "$.paths[*][get]"
    severity: error
    then: {field: summary, function: truthy}
"""


def test_a_message_that_is_a_quick_action_is_never_a_line_of_its_own(
        tmp_path: Path, gitlab: list[FakeGitLab]) -> None:
    project = _project(tmp_path, QUICK_ACTIONS)
    fake = _fake(project, gitlab)
    result = run("comment", str(project.report), env=gitlab_env(fake))
    assert result.code == 0, result.stderr
    bodies = [n["body"] for n in fake.notes()] + [
        n["body"] for d in fake.threads() for n in d["notes"]]
    assert len(fake.threads()) == 1 and len(fake.summaries()) == 1
    assert any("\\/approve" in b for b in bodies)
    for body in bodies:
        assert not re.search(r"(?m)^[ \t>]*/", body), body
    # the fix is closed with a note that quotes the comment's head: no command there either
    _push(project, fake, {"api/orders.yaml": SPEC.replace(
        "    get:\n", "    get:\n      summary: List\n")})
    assert run("comment", str(project.report), env=gitlab_env(fake)).code == 0
    for d in fake.threads():
        for n in d["notes"]:
            assert not re.search(r"(?m)^[ \t>]*/", n["body"]), n["body"]


# -- 1: identical findings (fingerprint with an occurrence suffix) -------------------------

TWO_THEN = """\
rules:
  op-docs:
    given: "$.paths[*][get]"
    severity: error
    message: "{{error}}"
    then:
      - {field: summary, function: truthy}
      - {field: description, function: truthy}
"""


def test_identical_findings_are_posted_once_each(
        tmp_path: Path, gitlab: list[FakeGitLab]) -> None:
    project = _project(tmp_path, TWO_THEN)
    fps = sorted(f["fingerprint"] for f in project.findings())
    assert len(fps) == 2 and fps[1] == fps[0] + "-1"  # the case: a suffixed fingerprint
    fake = _fake(project, gitlab)
    for marker in ([], ["--marker", "api"]):
        first = run("comment", str(project.report), *marker, env=gitlab_env(fake))
        assert first.code == 0, first.stderr
        again = run("comment", str(project.report), *marker, env=gitlab_env(fake))
        assert again.code == 0, again.stderr
        assert "nothing to change" in again.stdout
    bodies = sorted(d["notes"][0]["body"].split("\n")[0] for d in fake.threads())
    assert bodies == sorted([f"<!-- govlint:finding:{fp} -->" for fp in fps]
                            + [f"<!-- govlint:finding:api:{fp} -->" for fp in fps])


# -- 10, 11: misconfiguration is a usage error that never shows a secret -------------------

@pytest.mark.parametrize(("args", "env", "secret"), [
    # the token itself passed as the variable's name
    (["--token-env", "glpat-SECRET123"], {}, "SECRET123"),
    (["--provider", "gitlab", "--token-env", "ghp_abcDEF1234567890"], {},
     "abcDEF1234567890"),
    # credentials inside the API URL
    ([], {"CI_API_V4_URL": "https://bot:hunter2TOKEN@gitlab.example.com/api/v4"},
     "hunter2TOKEN"),
    (["--provider", "github", "--pr", "3", "--repo", "acme/orders",
      "--api-url", "https://x:ghpSECRETpart@api.example.com"], {"GITHUB_TOKEN": "t0k"},
     "ghpSECRETpart"),
    # a port out of range and a token no forge issues: usage errors, not internal ones
    ([], {"CI_API_V4_URL": "http://127.0.0.1:99999/api/v4"}, None),
    ([], {"GOVLINT_GITLAB_TOKEN": "tökén-with-ümlauts"}, "ümlauts"),
])
def test_misconfiguration_is_exit_2_and_shows_no_secret(
        tmp_path: Path, args: list[str], env: dict[str, str], secret: str | None) -> None:
    report = tmp_path / "govlint.json"
    project = _project(tmp_path, QUICK_ACTIONS)
    report.write_bytes(project.report.read_bytes())
    base = {"GITLAB_CI": "true", "CI_API_V4_URL": "https://gitlab.example.com/api/v4",
            "CI_PROJECT_ID": "7", "CI_MERGE_REQUEST_IID": "12",
            "GOVLINT_GITLAB_TOKEN": "glpat-unused"}
    if "github" in args:
        base = {}
    result = run("comment", str(report), *args, env={**base, **env})
    assert result.code == 2, (result.code, result.stdout, result.stderr)
    assert "error" in result.stderr
    if secret is not None:
        assert secret not in result.stdout + result.stderr, result.stderr


def test_a_token_looking_variable_name_is_not_echoed_outside_a_usage_error(
        tmp_path: Path) -> None:
    project = _project(tmp_path, QUICK_ACTIONS)
    result = run("comment", str(project.report), "--token-env", "ghp_abcDEF1234567890",
                 env={"GITLAB_CI": "true", "CI_API_V4_URL": "https://gitlab.example.com/api/v4",
                      "CI_PROJECT_ID": "7", "CI_MERGE_REQUEST_IID": "12"})
    assert result.code == 0 and "nothing posted" in result.stderr, result.stderr
    assert "abcDEF1234567890" not in result.stdout + result.stderr


# -- 4: a write answered 5xx after it was applied ------------------------------------------

def test_a_post_applied_but_answered_502_is_not_duplicated(
        tmp_path: Path, gitlab: list[FakeGitLab]) -> None:
    project = _project(tmp_path, TWO_THEN)
    fake = _fake(project, gitlab)
    fake.lose_answers(2)  # the summary and the first inline discussion
    result = run("comment", str(project.report), env=gitlab_env(fake))
    assert result.code == 0, result.stderr
    assert "reading the merge request again" in result.stderr
    assert len(fake.summaries()) == 1 and len(fake.threads()) == 2
    posts = [w for w in fake.writes() if w.method == "POST"]
    assert len(posts) == 3  # never posted twice: the lost answers were re-read instead


def test_duplicate_summaries_collapse_into_the_first(
        tmp_path: Path, gitlab: list[FakeGitLab]) -> None:
    from .fake_gitlab import BOT_USER, HUMAN

    project = _project(tmp_path, TWO_THEN)
    fake = _fake(project, gitlab)
    first = fake.add_note("<!-- govlint:summary -->\nold", BOT_USER)
    fake.add_note("<!-- govlint:summary -->\nolder duplicate", BOT_USER)
    fake.add_note("<!-- govlint:summary -->\na human's", HUMAN)
    result = run("comment", str(project.report), env=gitlab_env(fake))
    assert result.code == 0, result.stderr
    assert "summary updated, 1 duplicate summary deleted" in result.stdout
    mine = [n for n in fake.summaries() if n["author"]["id"] == BOT_USER["id"]]
    assert [n["id"] for n in mine] == [first["id"]]
    assert len(fake.summaries()) == 2  # the human's note is not the bot's to delete


# -- 9: a deleted file's threads; 8: a finding that comes back; 12: a human's reopen -------

def _push(project: Project, fake: FakeGitLab, files: dict[str, str | None]) -> None:
    for path, content in files.items():
        if content is None:
            (project.repo / path).unlink()
    write(project.repo, {k: v for k, v in files.items() if v is not None})
    commit(project.repo, "push")
    project.lint()
    fake.diffs = diffs_from_git(project.repo, project.base, project.head)
    fake.diff_refs["head_sha"] = project.head


def test_deleting_the_offending_file_closes_its_thread_on_a_full_lint(
        tmp_path: Path, gitlab: list[FakeGitLab]) -> None:
    project = _project(tmp_path, QUICK_ACTIONS)
    fake = _fake(project, gitlab)
    assert run("comment", str(project.report), env=gitlab_env(fake)).code == 0
    assert [d["notes"][0]["resolved"] for d in fake.threads()] == [False]
    _push(project, fake, {"api/orders.yaml": None})
    result = run("comment", str(project.report), env=gitlab_env(fake))
    assert result.code == 0, result.stderr
    assert "1 fixed finding closed" in result.stdout
    assert [d["notes"][0]["resolved"] for d in fake.threads()] == [True]


FIXED = SPEC.replace("    get:\n", "    get:\n      summary: List\n")


def test_a_finding_that_comes_back_is_posted_again_and_a_human_reopen_is_respected(
        tmp_path: Path, gitlab: list[FakeGitLab]) -> None:
    project = _project(tmp_path, QUICK_ACTIONS)
    fake = _fake(project, gitlab)
    assert run("comment", str(project.report), env=gitlab_env(fake)).code == 0
    _push(project, fake, {"api/orders.yaml": FIXED})
    assert "1 fixed finding closed" in run("comment", str(project.report),
                                           env=gitlab_env(fake)).stdout
    _push(project, fake, {"api/orders.yaml": SPEC})  # the error is back
    back = run("comment", str(project.report), env=gitlab_env(fake))
    assert back.code == 0 and "1 inline comment posted" in back.stdout, back.stdout
    assert [d["notes"][0]["resolved"] for d in fake.threads()] == [True, False]
    # fixed again: the new thread is closed; then a reviewer reopens it: the bot leaves it
    _push(project, fake, {"api/orders.yaml": FIXED})
    assert "1 fixed finding closed" in run("comment", str(project.report),
                                           env=gitlab_env(fake)).stdout
    for note in fake.threads()[1]["notes"]:
        note["resolved"] = False
    notes = len(fake.threads()[1]["notes"])
    again = run("comment", str(project.report), env=gitlab_env(fake))
    assert again.code == 0 and "nothing to change" in again.stdout, again.stdout
    assert len(fake.threads()[1]["notes"]) == notes
    assert fake.threads()[1]["notes"][0]["resolved"] is False


# -- 5: a late job for an older head -------------------------------------------------------

def test_a_job_for_an_older_head_posts_nothing(
        tmp_path: Path, gitlab: list[FakeGitLab]) -> None:
    project = _project(tmp_path, QUICK_ACTIONS)
    old_report = tmp_path / "old.json"
    old_report.write_bytes(project.report.read_bytes())
    old_head = project.head
    fake = _fake(project, gitlab)
    _push(project, fake, {"api/orders.yaml": "# orders\n# team x\n" + SPEC})
    current = run("comment", str(project.report),
                  env={**gitlab_env(fake), "CI_COMMIT_SHA": project.head})
    assert current.code == 0 and "summary created" in current.stdout, current.stdout
    summary = fake.summaries()[0]["body"]
    threads = [d["notes"][0]["position"]["new_line"] for d in fake.threads()]
    writes = len(fake.writes())
    # the older pipeline finishes last: its lines are not the MR's any more
    late = run("comment", str(old_report), env={**gitlab_env(fake), "CI_COMMIT_SHA": old_head})
    assert late.code == 0, late.stderr
    assert "stale, nothing posted" in late.stdout and old_head[:12] in late.stdout
    assert len(fake.writes()) == writes
    assert fake.summaries()[0]["body"] == summary
    assert [d["notes"][0]["position"]["new_line"] for d in fake.threads()] == threads
    # merged-results pipelines: CI_COMMIT_SHA is the merge commit, the source sha decides
    merged = run("comment", str(project.report), env={
        **gitlab_env(fake), "CI_COMMIT_SHA": "e" * 40,
        "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA": project.head})
    assert merged.code == 0 and "nothing to change" in merged.stdout, merged.stdout


# -- 12: [docs] links only to real pages ---------------------------------------------------

def test_docs_links_point_at_govlint_docs_url_never_at_the_placeholder(
        tmp_path: Path, gitlab: list[FakeGitLab]) -> None:
    import json
    import os

    project = _project(tmp_path, "rules: {}\n", config='rulesets: ["govlint:governance"]\n')
    assert "github.com/your-org/" in json.dumps(json.loads(project.report.read_text())["rules"])
    fake = _fake(project, gitlab)
    assert run("comment", str(project.report), env=gitlab_env(fake)).code == 0
    bodies = [n["body"] for n in fake.notes()]
    assert len(fake.summaries()) == 1 and len(bodies) > 1
    assert all("your-org" not in b and "[docs](" not in b for b in bodies)
    # the organisation publishes the rule pages: lint with GOVLINT_DOCS_URL, links appear
    env = {**os.environ, "GOVLINT_DOCS_URL": "https://docs.example.com/govlint/rules"}
    proc = subprocess.run([sys.executable, "-m", "govlint", "lint", "-f",
                           f"json:{project.report}", "."], cwd=project.repo, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    assert run("comment", str(project.report), env=gitlab_env(fake)).code == 0
    assert "[docs](https://docs.example.com/govlint/rules/DOC-001.md)" \
        in fake.summaries()[0]["body"]
    assert all("your-org" not in n["body"] for n in fake.notes())


# -- 12: a finding whose message changed updates its open thread ----------------------------

def test_a_changed_message_updates_the_open_thread(
        tmp_path: Path, gitlab: list[FakeGitLab]) -> None:
    project = _project(tmp_path, QUICK_ACTIONS.replace('message: "/approve"',
                                                       'message: "needs a summary"'))
    fake = _fake(project, gitlab)
    assert run("comment", str(project.report), env=gitlab_env(fake)).code == 0
    [thread] = fake.threads()
    assert "needs a summary" in thread["notes"][0]["body"]
    _push(project, fake, {"rules.yaml": QUICK_ACTIONS.replace(
        'message: "/approve"', 'message: "add a one-line summary"')})
    result = run("comment", str(project.report), env=gitlab_env(fake))
    assert result.code == 0 and "1 inline comment updated" in result.stdout, result.stdout
    [thread] = fake.threads()
    assert "add a one-line summary" in thread["notes"][0]["body"]
    assert len(thread["notes"]) == 1 and not thread["notes"][0]["resolved"]
    again = run("comment", str(project.report), env=gitlab_env(fake))
    assert "nothing to change" in again.stdout, again.stdout
