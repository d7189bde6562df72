"""``govlint lint --new-since REF`` on temporary git repositories."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .support import ORDER_ID, make_project, results, waiver, waiver_file, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t",
                    "-c", "commit.gpgsign=false", *args],
                   cwd=repo, check=True, capture_output=True)


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose project (in a subdirectory) has one finding committed."""
    git(tmp_path, "init", "-q")
    project = make_project(tmp_path / "svc")
    commit(tmp_path, "base")
    return project


def introduce_finding(project: Path) -> None:
    """One new finding (Total), plus an unrelated edit that shifts every line."""
    spec = project / "api" / "openapi.yaml"
    text = "# reviewed by the API council\n" * 20 + spec.read_text()
    spec.write_text(text + "                  Total: {type: number}\n")


def test_reports_exactly_the_finding_a_commit_introduced(repo, govlint):
    introduce_finding(repo)
    commit(repo.parent, "add Total")
    run = govlint("lint", "--new-since", "HEAD~1", "-f", "json", cwd=repo)
    assert run.code == 1, run.stderr
    active = [r for r in results(run) if r["suppressed"] is None]
    assert [(r["rule"], r["pointer"].rsplit("/", 1)[1]) for r in active] == [
        ("camel-props", "Total")]
    [old] = [r for r in results(run) if r["suppressed"]]
    assert old["pointer"] == ORDER_ID
    assert old["suppressed"] == {"kind": "baseline", "baseline": "git:HEAD~1"}
    assert results(run, "baseline-fixed") == []  # fixed-by-the-change is not a chore


def test_uncommitted_edits_count_as_new_too(repo, govlint):
    introduce_finding(repo)
    run = govlint("lint", "--new-since", "HEAD", "-f", "json", cwd=repo)
    assert [r["pointer"].rsplit("/", 1)[1] for r in results(run) if not r["suppressed"]] == [
        "Total"]


def test_nothing_new_passes(repo, govlint):
    run = govlint("lint", "--new-since", "HEAD", cwd=repo)
    assert run.code == 0, run.stdout + run.stderr


def test_a_file_added_since_ref_is_new_in_full(repo, govlint):
    git(repo.parent, "tag", "base")
    write(repo / "api" / "second.yaml", (repo / "api" / "openapi.yaml").read_text())
    commit(repo.parent, "copy")
    run = govlint("lint", "api", "--new-since", "base", "-f", "json", cwd=repo)
    active = [r["file"] for r in results(run) if r["suppressed"] is None]
    assert active == ["svc/api/second.yaml"]  # relative to the git top level


def test_parallel_run_gives_the_same_answer(repo, govlint):
    introduce_finding(repo)
    one = govlint("lint", "--new-since", "HEAD", "-j", "1", "-f", "json", cwd=repo)
    two = govlint("lint", "--new-since", "HEAD", "-j", "2", "-f", "json", cwd=repo)
    assert one.json()["results"] == two.json()["results"]


def test_todays_waivers_apply_to_both_sides(repo, govlint):
    waiver_file(repo, waiver(pointer=ORDER_ID))
    introduce_finding(repo)
    run = govlint("lint", "--new-since", "HEAD", "-f", "json", cwd=repo,
                  env={"GOVLINT_TODAY": "2025-02-01"})
    kinds = {r["pointer"].rsplit("/", 1)[1]: r["suppressed"] and r["suppressed"]["kind"]
             for r in results(run, "camel-props")}
    assert kinds == {"order_id": "waiver", "Total": None}


def test_unknown_ref_and_no_repository_are_usage_errors(repo, govlint, tmp_path_factory):
    bad = govlint("lint", "--new-since", "no-such-branch", cwd=repo)
    assert bad.code == 2
    assert "unknown git ref 'no-such-branch'" in bad.stderr
    outside = make_project(tmp_path_factory.mktemp("plain"))
    run = govlint("lint", "--new-since", "HEAD", cwd=outside)
    assert run.code == 2
    assert "not inside a git work tree" in run.stderr
    both = govlint("lint", "--new-since", "HEAD", "--baseline", "b.json", cwd=repo)
    assert both.code == 2
    assert "exclude each other" in both.stderr
