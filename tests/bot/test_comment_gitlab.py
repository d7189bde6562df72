"""``govlint comment`` against the fake GitLab, through the real command (a subprocess):
a temporary git repository with a base and a head commit, ``govlint lint -f json:…`` on
the head, the fake's MR diff taken from the real ``git diff``, then ``govlint comment``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.ci.project import commit, git, make_repo, spec, write

from .fake_gitlab import BOT_USER, MR_IID, PROJECT_ID, TOKEN, FakeGitLab, diffs_from_git

SUMMARY = "<!-- govlint:summary -->"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def _clean_env() -> dict[str, str]:
    """The test runner's environment without CI or govlint variables (a test run inside a
    CI job must not post to the real merge request)."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("CI_", "GITLAB_", "GITHUB_", "GOVLINT_"))}


def gitlab_env(fake: FakeGitLab) -> dict[str, str]:
    return {"GITLAB_CI": "true", "CI_API_V4_URL": fake.url, "CI_PROJECT_ID": str(PROJECT_ID),
            "CI_MERGE_REQUEST_IID": str(MR_IID), "GOVLINT_GITLAB_TOKEN": TOKEN}


def run(*args: str, env: dict[str, str], cwd: Path | None = None) -> Result:
    full = {**_clean_env(), "GOVLINT_HTTP_BACKOFF": "0.01", "GOVLINT_HTTP_MAX_WAIT": "10",
            **env}
    proc = subprocess.run([sys.executable, "-m", "govlint", *args], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=120, check=False)
    result = Result(proc.returncode, proc.stdout, proc.stderr)
    # the token never appears, whatever happened
    assert TOKEN not in result.stdout and TOKEN not in result.stderr
    assert "Traceback" not in result.stderr
    return result


@dataclass
class Project:
    repo: Path
    report: Path
    base: str
    head: str

    def lint(self) -> None:
        proc = subprocess.run([sys.executable, "-m", "govlint", "lint", "-f",
                               f"json:{self.report}", "."], cwd=self.repo,
                              capture_output=True, text=True, env=_clean_env(), check=False)
        assert proc.returncode in (0, 1), proc.stderr
        self.head = git(self.repo, "rev-parse", "HEAD").strip()

    def fake(self) -> FakeGitLab:
        return FakeGitLab(diffs=diffs_from_git(self.repo, self.base, self.head),
                          diff_refs={"base_sha": self.base, "start_sha": self.base,
                                     "head_sha": self.head})

    def findings(self) -> list[dict]:
        return json.loads(self.report.read_text())["results"]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """Base: one clean spec. Head: that spec loses an operation summary (a finding on a
    line the MR did not touch: the ``get:`` above the removed line), and a new spec with no
    contact and no summary (two findings on added lines)."""
    repo = make_repo(tmp_path / "repo", {"api/payments.yaml": spec("Payments", contact=True)})
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo, {"api/payments.yaml": spec("Payments", contact=True, summary=False),
                 "api/orders.yaml": spec("Orders", contact=False, summary=False)})
    commit(repo, "head")
    p = Project(repo, tmp_path / "govlint.json", base, "")
    p.lint()
    return p


@pytest.fixture
def fake(project: Project) -> Iterator[FakeGitLab]:
    with project.fake() as server:
        yield server
        assert server.invalid == [], server.invalid  # every request was one GitLab accepts


def _positions(fake: FakeGitLab) -> list[tuple[str, int, bool]]:
    return sorted((d["notes"][0]["position"]["new_path"], d["notes"][0]["position"]["new_line"],
                   d["notes"][0]["resolved"]) for d in fake.threads())


def test_first_run_then_rerun_posts_once(project: Project, fake: FakeGitLab):
    findings = project.findings()
    assert sorted((f["file"], f["rule"]) for f in findings) == [
        ("api/orders.yaml", "info-contact"), ("api/orders.yaml", "operation-summary"),
        ("api/payments.yaml", "operation-summary")]
    first = run("comment", str(project.report), env=gitlab_env(fake))
    assert first.code == 0, first.stderr
    assert "summary created, 2 inline comments posted" in first.stdout
    assert len(fake.summaries()) == 1
    expected = sorted(("api/orders.yaml", f["line"], False) for f in findings
                      if f["file"] == "api/orders.yaml")
    assert _positions(fake) == expected
    summary = fake.summaries()[0]["body"]
    assert "❌ 1 error" in summary and "| on lines this MR changed | 1 | 1 | 0 | 0 |" in summary
    assert "| elsewhere in the files linted | 0 | 1 | 0 | 0 |" in summary
    assert "<details><summary>All 3 findings</summary>" in summary
    for d in fake.threads():
        assert d["notes"][0]["author"]["id"] == BOT_USER["id"]
        assert d["notes"][0]["body"].startswith("<!-- govlint:finding:")

    writes_before = len(fake.writes())
    again = run("comment", str(project.report), env=gitlab_env(fake))
    assert again.code == 0, again.stderr
    assert "nothing to change" in again.stdout
    assert len(fake.writes()) == writes_before  # no PUT of an unchanged summary, no POST
    assert len(fake.summaries()) == 1 and len(fake.threads()) == 2


def test_fix_resolves_its_discussion(project: Project, fake: FakeGitLab):
    assert run("comment", str(project.report), env=gitlab_env(fake)).code == 0
    write(project.repo, {"api/orders.yaml": spec("Orders", contact=True, summary=False)})
    commit(project.repo, "add the contact")
    project.lint()
    fake.diffs = diffs_from_git(project.repo, project.base, project.head)
    fake.diff_refs["head_sha"] = project.head
    result = run("comment", str(project.report), env=gitlab_env(fake))
    assert result.code == 0, result.stderr
    assert "summary updated" in result.stdout and "1 fixed finding closed" in result.stdout
    resolved = [d for d in fake.threads() if d["notes"][0]["resolved"]]
    assert len(resolved) == 1 and "info-contact" in resolved[0]["notes"][0]["body"]
    assert "Fixed" in resolved[0]["notes"][-1]["body"]
    assert len(fake.threads()) == 2 and len(fake.summaries()) == 1
    assert "❌" not in fake.summaries()[0]["body"]
    # a third run changes nothing: the resolved thread stays resolved, no new thread
    n = len(fake.writes())
    assert "nothing to change" in run("comment", str(project.report),
                                      env=gitlab_env(fake)).stdout
    assert len(fake.writes()) == n


def test_summary_found_on_page_two_of_150_notes(project: Project, fake: FakeGitLab):
    for i in range(150):
        fake.add_note(f"review remark {i}")
    fake.add_note("system: added 1 commit", system=True)
    fake.add_note(f"quoting the bot: {SUMMARY} is how it finds its note")
    fake.add_note(f"{SUMMARY}\nsomeone else pasted the marker")  # not the bot's note
    assert run("comment", str(project.report), env=gitlab_env(fake)).code == 0
    ours = [n for n in fake.summaries() if n["author"]["id"] == BOT_USER["id"]]
    assert len(ours) == 1 and ours[0]["id"] > max(n["id"] for n in fake.notes()[:150])
    pages = [r.query.get("page", ["1"])[0] for r in fake.log
             if r.method == "GET" and r.path.endswith("/notes")]
    assert pages == ["1", "2"]
    n = len(fake.writes())
    assert run("comment", str(project.report), env=gitlab_env(fake)).code == 0
    assert len(fake.writes()) == n
    assert all(r.query.get("per_page") == ["100"] for r in fake.log if r.method == "GET"
               and r.path.endswith(("/notes", "/discussions", "/diffs")))


def test_rate_limited_then_posts(project: Project, fake: FakeGitLab):
    fake.fail_next(2, 429, retry_after="1")
    started = time.monotonic()
    result = run("comment", str(project.report), env=gitlab_env(fake))
    assert result.code == 0, result.stderr
    assert time.monotonic() - started >= 2  # Retry-After was honoured twice
    assert len(fake.summaries()) == 1 and len(fake.threads()) == 2


def test_persistent_500_is_exit_5_with_a_clear_message(project: Project, fake: FakeGitLab):
    fake.fail_next(100, 500)
    result = run("comment", str(project.report),
                 env={**gitlab_env(fake), "GOVLINT_HTTP_RETRIES": "2"})
    assert result.code == 5
    assert result.stderr.startswith("govlint: error: GET ")
    assert "HTTP 500" in result.stderr and "gave up after 3 attempts" in result.stderr
    assert len(fake.log) == 3 and fake.summaries() == []


def test_forbidden_is_exit_5_naming_the_scope(project: Project, fake: FakeGitLab):
    result = run("comment", str(project.report),
                 env={**gitlab_env(fake), "GOVLINT_GITLAB_TOKEN": "glpat-wrong-but-long"})
    assert result.code == 5
    assert "HTTP 401" in result.stderr and "token is missing, invalid or expired" in result.stderr
    assert "glpat-wrong-but-long" not in result.stderr + result.stdout


@pytest.mark.parametrize("env", [
    {},  # a laptop
    {"GITLAB_CI": "true", "CI_PROJECT_ID": "7"},  # a branch pipeline
])
def test_no_merge_request_context_posts_nothing(project: Project, fake: FakeGitLab, env):
    result = run("comment", str(project.report),
                 env={**env, "CI_API_V4_URL": fake.url, "GOVLINT_GITLAB_TOKEN": TOKEN})
    assert result.code == 0
    assert "nothing posted" in result.stderr
    assert fake.log == []


def test_missing_token(project: Project, fake: FakeGitLab):
    env = {k: v for k, v in gitlab_env(fake).items() if k != "GOVLINT_GITLAB_TOKEN"}
    skipped = run("comment", str(project.report), env=env)
    assert skipped.code == 0 and "GOVLINT_GITLAB_TOKEN is not set" in skipped.stderr
    explicit = run("comment", "--provider", "gitlab", str(project.report), env=env)
    assert explicit.code == 2 and "GOVLINT_GITLAB_TOKEN is not set" in explicit.stderr
    own = run("comment", "--token-env", "MY_TOKEN", str(project.report),
              env={**env, "MY_TOKEN": TOKEN})
    assert own.code == 0 and len(fake.summaries()) == 1
    assert fake.log and fake.log[0].headers["PRIVATE-TOKEN"] == TOKEN
    assert fake.log == [r for r in fake.log if "PRIVATE-TOKEN" in r.headers]


def test_dry_run_makes_no_request(project: Project, fake: FakeGitLab):
    result = run("comment", "--dry-run", str(project.report), env=gitlab_env(fake))
    assert result.code == 0, result.stderr
    assert fake.log == []
    assert f"POST {fake.url}/projects/{PROJECT_ID}/merge_requests/{MR_IID}/notes" \
        in result.stdout
    assert '"body": "<!-- govlint:summary -->' in result.stdout


def test_bad_report_is_exit_2_naming_it(project: Project, fake: FakeGitLab, tmp_path: Path):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run("comment", str(project.report), str(bad), env=gitlab_env(fake))
    assert result.code == 2 and "broken.json" in result.stderr
    assert fake.log == []


def test_project_path_is_url_encoded_and_marker_names_jobs(project: Project, fake: FakeGitLab):
    env = gitlab_env(fake)
    assert run("comment", "--project", "acme/payments", str(project.report), env=env).code == 0
    assert run("comment", "--project", "acme/payments", "--marker", "specs",
               str(project.report), env=env).code == 0
    assert all(r.path.startswith("/api/v4/projects/acme%2Fpayments/") for r in fake.log
               if r.path != "/api/v4/user")
    assert len(fake.summaries()) == 1 and len(fake.summaries("<!-- govlint:summary:specs -->")
                                              ) == 1
    assert len(fake.threads()) == 4  # each job owns its inline comments


def test_max_inline_and_severity(project: Project, fake: FakeGitLab):
    result = run("comment", "--max-inline", "1", str(project.report), env=gitlab_env(fake))
    assert result.code == 0
    assert [p[1] for p in _positions(fake)] == [
        next(f["line"] for f in project.findings() if f["rule"] == "info-contact")]
    assert "1 more not posted (`--max-inline 1`)" in fake.summaries()[0]["body"]


def test_renamed_and_too_large_files(tmp_path: Path):
    repo = make_repo(tmp_path / "repo", {"api/old.yaml": spec("Old", contact=True),
                                         "api/big.yaml": spec("Big", contact=True)})
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "mv", "api/old.yaml", "api/new.yaml")
    # the finding's line (`info:`) is changed in the renamed file and in the big one
    write(repo, {"api/new.yaml": spec("Old", contact=False).replace("info:", "info:  # moved"),
                 "api/big.yaml": spec("Big", contact=False).replace("info:", "info:  # big")})
    commit(repo, "rename and edit")
    p = Project(repo, tmp_path / "r.json", base, "")
    p.lint()
    with p.fake() as fake:
        renamed = next(d for d in fake.diffs if d["new_path"] == "api/new.yaml")
        assert renamed["old_path"] == "api/old.yaml" and renamed["renamed_file"]
        big = next(d for d in fake.diffs if d["new_path"] == "api/big.yaml")
        big["diff"], big["too_large"] = "", True  # GitLab gives no diff for it
        result = run("comment", str(p.report), env=gitlab_env(fake))
        assert result.code == 0, result.stderr
        assert fake.invalid == []
        threads = fake.threads()
        assert [d["notes"][0]["position"]["old_path"] for d in threads] == ["api/old.yaml"]
        assert "| elsewhere in the files linted | 1 |" in fake.summaries()[0]["body"]


def test_no_inline_still_counts_changed_lines(project: Project, fake: FakeGitLab):
    result = run("comment", "--no-inline", str(project.report), env=gitlab_env(fake))
    assert result.code == 0, result.stderr
    assert fake.threads() == []
    body = fake.summaries()[0]["body"]
    assert "| on lines this MR changed | 1 | 1 | 0 | 0 |" in body
    assert "Inline comments" not in body
