"""The GitLab template's ``govlint-comment`` job under gitlab-ci-local (shell executor), with
the fake GitLab (tests/bot/fake_gitlab.py) as ``CI_API_V4_URL``: a merge-request pipeline
posts the summary and the inline findings; without a token the job says so and passes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.bot.fake_gitlab import MR_IID, PROJECT_ID, TOKEN, FakeGitLab, diffs_from_git

from .project import commit, git, spec, write
from .test_gitlab_ci import PIPELINE, _project, _run


def _jobs(verdicts: dict[str, str]) -> dict[str, str]:
    """Job verdicts (gitlab-ci-local also prints a WARN line about overriding predefined
    variables, which a merge-request pipeline under test has to do)."""
    return {k: v for k, v in verdicts.items() if " " not in k}


MR_PIPELINE = ("CI_PIPELINE_SOURCE=merge_request_event", f"CI_MERGE_REQUEST_IID={MR_IID}",
               f"CI_PROJECT_ID={PROJECT_ID}")


@contextmanager
def _merge_request(tmp_path: Path, pipeline: str
                   ) -> Iterator[tuple[Path, str, FakeGitLab, dict[str, str], str]]:
    """A project whose head commit adds a spec with one error, its merge-request pipeline
    run once under gitlab-ci-local against a fake GitLab serving that commit's diff."""
    repo = _project(tmp_path, pipeline, {"api/payments.yaml": spec("Payments", contact=True)})
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo, {"api/orders.yaml": spec("Orders", contact=False)})
    commit(repo, "add orders")
    head = git(repo, "rev-parse", "HEAD").strip()
    with FakeGitLab(diffs=diffs_from_git(repo, base, head),
                    diff_refs={"base_sha": base, "start_sha": base, "head_sha": head}) as fake:
        verdicts, log = _run(repo, *MR_PIPELINE, f"CI_API_V4_URL={fake.url}",
                             f"GOVLINT_GITLAB_TOKEN={TOKEN}",
                             f"CI_MERGE_REQUEST_DIFF_BASE_SHA={base}")
        yield repo, base, fake, verdicts, log


def test_comment_job_posts_to_the_merge_request(tmp_path: Path) -> None:
    with _merge_request(tmp_path, PIPELINE) as (repo, base, fake, verdicts, log):
        assert _jobs(verdicts) == {"govlint": "FAIL", "govlint-comment": "PASS"}, log
        assert fake.invalid == []
        summaries = fake.summaries()
        assert len(summaries) == 1 and "❌ 1 error" in summaries[0]["body"]
        threads = fake.threads()
        assert [d["notes"][0]["position"]["new_path"] for d in threads] == ["api/orders.yaml"]
        assert "summary created, 1 inline comment posted" in log
        assert TOKEN not in log

        before = len(fake.log)
        verdicts, log = _run(repo, *MR_PIPELINE, f"CI_API_V4_URL={fake.url}",
                             f"CI_MERGE_REQUEST_DIFF_BASE_SHA={base}")
        assert _jobs(verdicts) == {"govlint": "FAIL", "govlint-comment": "PASS"}, log
        assert "GOVLINT_GITLAB_TOKEN is not set" in log
        assert len(fake.log) == before


def test_readme_sharded_pipeline_comments_from_the_merged_report(tmp_path: Path) -> None:
    """README's copy-paste for big monorepos (govlint replaced by shards and a merge job)
    still comments: govlint-comment takes govlint-merge's report."""
    import re

    from .project import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"Big monorepo:[^\n]*\n\n```yaml\n(.{0,2000}?)```", readme, re.S)
    assert block is not None, "README's sharded pipeline block moved"
    pipeline = PIPELINE + block.group(1).replace("parallel: 4", "parallel: 2")
    with _merge_request(tmp_path, pipeline) as (_repo, _base, fake, verdicts, log):
        jobs = _jobs(verdicts)
        assert "govlint" not in jobs and jobs["govlint-merge"] == "FAIL", log
        assert jobs["govlint-comment"] == "PASS", log
        assert fake.invalid == []
        assert len(fake.summaries()) == 1 and "❌ 1 error" in fake.summaries()[0]["body"]
        assert "summary created, 1 inline comment posted" in log
