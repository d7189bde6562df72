"""govlint.bot.github against the GitHub fake: what the provider reads and sends.

The end-to-end behaviour (``govlint comment`` first run, re-run, fix, faults) is in
``test_comment_github.py``; here each provider method and the Actions context."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from govlint.bot.github import (
    FIXED_MARKER,
    GitHubProvider,
    added_lines,
    client_for,
    target_from_env,
)
from govlint.bot.http import ApiError
from govlint.bot.model import Comment
from govlint.errors import GovlintError

from .fake_github import FakeGitHub

HEAD = "1" * 40
PATCH = "@@ -1,4 +1,5 @@\n openapi: 3.0.3\n-info: {}\n+info:\n+  title: x\n paths: {}\n x: 1"


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        fake.add_pull(12, head_sha=HEAD, files=[
            {"filename": "api/openapi.yaml", "status": "modified", "patch": PATCH},
            {"filename": "api/big.json", "status": "modified"},  # GitHub: too large, no patch
            {"filename": "old.yaml", "status": "removed", "patch": "@@ -1 +0,0 @@\n-a: 1"},
        ])
        yield fake
        assert fake.invalid == [], "requests GitHub's OpenAPI description rejects"


def provider(fake: FakeGitHub, head_sha: str | None = HEAD, **kw: object) -> GitHubProvider:
    target = target_from_env({}, api_url=fake.url, repo="acme/orders", pr=12)
    assert target is not None
    client = client_for(target, fake.token)
    for k, v in {"backoff": 0.01, "sleep": lambda s: None, **kw}.items():
        setattr(client, k, v)
    return GitHubProvider(client, target.repo, target.pr, head_sha)


def test_added_lines_are_the_plus_lines_of_the_new_side() -> None:
    assert added_lines(PATCH) == {2, 3}
    assert added_lines("@@ -10,2 +20,3 @@\n a\n+b\n\\ No newline at end of file\n+c") == {21, 22}
    assert added_lines("Binary files differ") == frozenset()
    assert added_lines("@@ -1 +1,2 @@\n a\n@@ -40 +41,2 @@\n+x\n b") == {41}


def test_changed_lines_skip_removed_files_and_keep_patchless_ones_empty(
        github: FakeGitHub) -> None:
    assert provider(github).changed_lines() == {
        "api/openapi.yaml": frozenset({2, 3}), "api/big.json": frozenset()}


def test_headers_are_githubs(github: FakeGitHub) -> None:
    provider(github).comments()
    headers = github.requests[-1].headers
    assert headers["authorization"] == f"Bearer {github.token}"
    assert headers["accept"] == "application/vnd.github+json"
    assert headers["x-github-api-version"] == "2022-11-28"
    assert github.requests[-1].query["per_page"] == ["100"]


def test_comments_across_pages_create_and_update(github: FakeGitHub) -> None:
    github.seed_issue_comments(12, [f"n{i}" for i in range(149)])
    github.seed_issue_comments(12, ["<!-- govlint:summary -->"], login="github-actions[bot]")
    p = provider(github)
    found = p.comments()  # the bot's own only: humans' notes are never its to edit
    assert len(found) == 1 and found[-1].body == "<!-- govlint:summary -->"
    assert [r.path for r in github.requests] == [
        "/repos/acme/orders/issues/12/comments", "/repositories/418000123/issues/12/comments",
        "/user"]
    p.update_comment(found[-1], "new")
    p.create_comment("another")
    bodies = [c["body"] for c in github.issue_comments(12)]
    assert bodies[-2:] == ["new", "another"] and len(bodies) == 151
    assert github.issue_comments(12)[-1]["user"]["login"] == "github-actions[bot]"


def test_threads_create_and_close(github: FakeGitHub) -> None:
    p = provider(github)
    p.create_thread("api/openapi.yaml", 3, "finding <!-- govlint:finding:abc -->")
    sent = github.requests[-1].body
    assert sent == {"body": "finding <!-- govlint:finding:abc -->", "commit_id": HEAD,
                    "path": "api/openapi.yaml", "line": 3, "side": "RIGHT"}
    [thread] = p.threads()
    assert (thread.path, thread.line, thread.resolved) == ("api/openapi.yaml", 3, False)
    p.close_thread(thread, "Fixed. <!-- govlint:finding:abc -->")
    [closed] = p.threads()
    assert closed.resolved and closed.body.startswith("Fixed.") and FIXED_MARKER in closed.body
    assert github.requests[-2].method == "PATCH"
    assert github.requests[-2].path == f"/repos/acme/orders/pulls/comments/{thread.id}"


def test_replies_and_outdated_comments(github: FakeGitHub) -> None:
    p = provider(github)
    p.create_thread("api/openapi.yaml", 2, "a")
    github.review_comments(12).append({**github.review_comments(12)[0], "id": 5,
                                       "in_reply_to_id": github.review_comments(12)[0]["id"],
                                       "body": "a reply by a human"})
    github.push(12, "2" * 40, [{"filename": "api/openapi.yaml", "status": "modified",
                                "patch": "@@ -9 +9 @@\n-q\n+r"}])
    [thread] = p.threads()
    assert thread.body == "a" and thread.line is None


def test_a_line_outside_the_diff_is_an_api_error_not_a_traceback(github: FakeGitHub) -> None:
    with pytest.raises(ApiError) as err:
        provider(github).create_thread("api/openapi.yaml", 9, "x")
    assert err.value.status == 422 and "could not be resolved" in str(err.value)


def test_head_sha_is_asked_once_when_not_in_the_event(github: FakeGitHub) -> None:
    p = provider(github, head_sha=None)
    p.create_thread("api/openapi.yaml", 2, "a")
    p.create_thread("api/openapi.yaml", 3, "b")
    gets = [r.path for r in github.requests if r.path == "/repos/acme/orders/pulls/12"]
    assert gets == ["/repos/acme/orders/pulls/12"]
    assert {c["commit_id"] for c in github.review_comments(12)} == {HEAD}


def test_secondary_rate_limit_403_is_retried_after_its_delay(github: FakeGitHub) -> None:
    slept: list[float] = []
    github.fail_next(2, 403, retry_after=3, secondary=True)
    p = provider(github, sleep=slept.append)
    p.create_comment("hello")
    assert slept == [3, 3]
    assert [c["body"] for c in github.issue_comments(12)] == ["hello"]


def test_writes_are_paced_a_second_apart(github: FakeGitHub) -> None:
    """GitHub's guidance against secondary rate limits: >= 1 s between mutating requests."""
    now = [100.0]  # a clock that only the pacing's sleeps and the requests move
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    p = provider(github, sleep=sleep)
    p.clock = lambda: now[0]
    assert p.write_interval == 1.0
    p.create_comment("a")
    now[0] += 0.25  # the request took a while
    p.create_thread("api/openapi.yaml", 2, "b")
    p.create_thread("api/openapi.yaml", 3, "c")
    p.comments()  # reads are not paced
    now[0] += 5
    first = github.issue_comments(12)[0]
    p.update_comment(Comment(str(first["id"]), "a"), "a2")  # long after: no wait
    assert slept == [0.75, 1.0]
    assert len(github.writes()) == 4


@pytest.mark.parametrize(("raw", "expected"), [("0", 0.0), ("2.5", 2.5), ("999", 60.0)])
def test_write_interval_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                             github: FakeGitHub, raw: str,
                                             expected: float) -> None:
    monkeypatch.setenv("GOVLINT_GITHUB_WRITE_INTERVAL", raw)
    assert provider(github).write_interval == expected


@pytest.mark.parametrize("raw", ["soon", "nan", "inf"])
def test_a_bad_write_interval_is_a_usage_error(monkeypatch: pytest.MonkeyPatch,
                                               github: FakeGitHub, raw: str) -> None:
    monkeypatch.setenv("GOVLINT_GITHUB_WRITE_INTERVAL", raw)
    with pytest.raises(GovlintError, match="GOVLINT_GITHUB_WRITE_INTERVAL"):
        provider(github)


def test_a_403_without_rate_limit_headers_is_not_retried(github: FakeGitHub) -> None:
    github.fail_next(1, 403)
    with pytest.raises(ApiError) as err:
        provider(github).create_comment("hello")
    assert err.value.status == 403 and github.token not in str(err.value)


def test_ghes_base_url_keeps_its_prefix_across_pages() -> None:
    with FakeGitHub(prefix="/api/v3") as fake:
        fake.add_pull(12, head_sha=HEAD)
        fake.seed_issue_comments(12, [str(i) for i in range(230)], login=fake.bot_login)
        assert len(provider(fake).comments()) == 230
        assert all(r.path.startswith("/api/v3/") for r in fake.requests)
        assert fake.invalid == []


def test_dry_run_sends_nothing(github: FakeGitHub) -> None:
    p = provider(github, head_sha=None, dry_run=True)
    assert p.changed_lines() == {} and p.comments() == []
    p.create_comment("x")
    p.update_comment(Comment("77", "old"), "y")
    p.create_thread("a.yaml", 1, "z")
    assert github.requests == []
    assert [(r.method, r.url.removeprefix(github.url)) for r in p.client.recorded] == [
        ("GET", "/repos/acme/orders/pulls/12/files?per_page=100"),
        ("GET", "/repos/acme/orders/issues/12/comments?per_page=100"),
        ("POST", "/repos/acme/orders/issues/12/comments"),
        ("PATCH", "/repos/acme/orders/issues/comments/77"),
        ("GET", "/repos/acme/orders/pulls/12"),
        ("POST", "/repos/acme/orders/pulls/12/comments"),
    ]


# ---------------------------------------------------------------- Actions context


def _event(tmp_path: Path, payload: object) -> dict[str, str]:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload))
    return {"GITHUB_EVENT_PATH": str(path), "GITHUB_REPOSITORY": "acme/orders",
            "GITHUB_API_URL": "https://ghe.example.com/api/v3/"}


@pytest.mark.parametrize("event_name", ["pull_request", "pull_request_target"])
def test_context_from_a_pull_request_event(tmp_path: Path, event_name: str) -> None:
    env = _event(tmp_path, {"action": "synchronize", "number": 9,
                            "pull_request": {"number": 9, "head": {"sha": HEAD}}})
    env["GITHUB_EVENT_NAME"] = event_name
    target = target_from_env(env)
    assert target is not None
    assert (target.api_url, target.repo, target.pr, target.head_sha) == (
        "https://ghe.example.com/api/v3", "acme/orders", 9, HEAD)


def test_context_from_a_comment_on_a_pull_request_has_no_sha(tmp_path: Path) -> None:
    env = _event(tmp_path, {"issue": {"number": 4, "pull_request": {"url": "x"}}})
    target = target_from_env(env)
    assert target is not None and (target.pr, target.head_sha) == (4, None)


@pytest.mark.parametrize("payload", [
    {"ref": "refs/heads/main", "after": HEAD},  # push
    {"issue": {"number": 4}},  # a comment on an issue, not a pull request
    {"pull_request": {"number": True}},
    [],
])
def test_no_pull_request_context(tmp_path: Path, payload: object) -> None:
    assert target_from_env(_event(tmp_path, payload)) is None
    assert target_from_env({"GITHUB_REPOSITORY": "acme/orders"}) is None


def test_flags_override_the_environment(tmp_path: Path) -> None:
    env = _event(tmp_path, {"pull_request": {"number": 9, "head": {"sha": HEAD}}})
    target = target_from_env(env, api_url="http://127.0.0.1:9", repo="o/r", pr=3)
    assert target == target_from_env({}, api_url="http://127.0.0.1:9/", repo="o/r", pr=3)
    assert target is not None and (target.repo, target.pr, target.head_sha) == ("o/r", 3, None)


@pytest.mark.parametrize(("env", "message"), [
    ({"GITHUB_REPOSITORY": "acme/../../x"}, "is not owner/name"),
    ({"GITHUB_REPOSITORY": ""}, "no repository"),
    ({"GITHUB_REPOSITORY": "a/b", "GITHUB_API_URL": "file:///etc"}, "not an http(s) URL"),
])
def test_bad_context_is_a_clear_error(env: dict[str, str], message: str) -> None:
    with pytest.raises(GovlintError, match=message.replace("(", r"\(").replace(")", r"\)")):
        target_from_env(env, pr=1)


def test_unreadable_event_file_names_it(tmp_path: Path) -> None:
    (tmp_path / "event.json").write_text("{not json")
    with pytest.raises(GovlintError, match=r"event\.json: not JSON"):
        target_from_env({"GITHUB_EVENT_PATH": str(tmp_path / "event.json")})
    with pytest.raises(GovlintError, match=r"missing\.json"):
        target_from_env({"GITHUB_EVENT_PATH": str(tmp_path / "missing.json")})


def test_malformed_answers_are_skipped_or_an_api_error(github: FakeGitHub) -> None:
    """A proxy or a broken GitHub Enterprise answering odd JSON: never a traceback."""
    pull = github.pulls[12]
    bot = {"login": "github-actions[bot]"}
    pull.issue_comments += [{"id": "x", "user": bot}, {"id": 7, "body": 5, "user": bot}, "junk",
                            {"body": "no id"}, {"id": 9, "body": "no user"},
                            {"id": 10, "body": "odd user", "user": "github-actions[bot]"}]
    pull.review_comments += [{"id": 8, "body": None, "path": ["a"], "line": "3", "user": bot},
                             {"id": True, "body": "bool id", "user": bot}]
    p = provider(github)
    assert p.comments() == [Comment("7", "")]
    [thread] = p.threads()
    assert (thread.id, thread.body, thread.path, thread.line) == ("8", "", None, None)
    pull.head_sha = None  # type: ignore[assignment]
    bare = provider(github, head_sha=None)
    with pytest.raises(ApiError, match="no head commit"):
        bare.create_thread("api/openapi.yaml", 2, "x")
