"""The GitHub fake behaves like api.github.com where the bot's tests rely on it.

Plain urllib here, so the fake is checked independently of the bot's own HTTP client.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from .fake_github import SKIP_REASON, FakeGitHub, commentable_lines, load_validator

PATCH = "@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n c"


def call(fake: FakeGitHub, method: str, url: str, body: Any = None,
         token: str | None = None) -> tuple[int, Any, dict[str, str]]:
    if not url.startswith("http"):
        url = fake.url + url
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {token or fake.token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read()), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read()), dict(err.headers)


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        server.add_pull(7, files=[{"filename": "api/openapi.yaml", "status": "modified",
                                   "patch": PATCH},
                                  {"filename": "logo.png", "status": "added"}])
        yield server


def test_commentable_lines_follow_github_sides() -> None:
    assert commentable_lines(PATCH) == {"LEFT": {1, 2, 3}, "RIGHT": {1, 2, 3, 4}}


def test_pagination_links_point_at_the_repository_id_and_cap_per_page(fake: FakeGitHub) -> None:
    fake.seed_issue_comments(7, [f"note {i}" for i in range(150)])
    status, page1, headers = call(fake, "GET", "/repos/acme/orders/issues/7/comments"
                                               "?per_page=500")
    assert status == 200 and len(page1) == 100
    assert "/repositories/418000123/issues/7/comments?per_page=100&page=2" in headers["Link"]
    next_url = headers["Link"].split(";")[0].strip("<>")
    status, page2, headers = call(fake, "GET", next_url)
    assert [c["body"] for c in page2] == [f"note {i}" for i in range(100, 150)]
    assert 'rel="next"' not in headers["Link"] and 'rel="first"' in headers["Link"]


def test_wrong_token_is_401(fake: FakeGitHub) -> None:
    status, body, _ = call(fake, "GET", "/repos/acme/orders/pulls/7/files", token="nope")
    assert status == 401 and body["message"] == "Bad credentials"


def test_review_comment_outside_the_diff_is_422(fake: FakeGitHub) -> None:
    ok = {"body": "x", "commit_id": "a" * 40, "path": "api/openapi.yaml", "line": 3,
          "side": "RIGHT"}
    assert call(fake, "POST", "/repos/acme/orders/pulls/7/comments", ok)[0] == 201
    status, body, _ = call(fake, "POST", "/repos/acme/orders/pulls/7/comments", {**ok, "line": 9})
    assert status == 422 and body["errors"][0]["field"] == "pull_request_review_thread.line"
    status, body, _ = call(fake, "POST", "/repos/acme/orders/pulls/7/comments",
                           {**ok, "commit_id": "c" * 40})
    assert status == 422 and body["errors"][0]["field"] == "commit_id"
    # a file without a patch (binary) takes no line comment
    status, _, _ = call(fake, "POST", "/repos/acme/orders/pulls/7/comments",
                        {**ok, "path": "logo.png", "line": 1})
    assert status == 422


def test_push_makes_comments_on_lines_that_left_the_diff_outdated(fake: FakeGitHub) -> None:
    call(fake, "POST", "/repos/acme/orders/pulls/7/comments",
         {"body": "x", "commit_id": "a" * 40, "path": "api/openapi.yaml", "line": 4,
          "side": "RIGHT"})
    fake.push(7, "d" * 40, [{"filename": "api/openapi.yaml", "status": "modified",
                             "patch": "@@ -1 +1 @@\n-a\n+A"}])
    assert fake.review_comments(7)[0]["line"] is None


def test_faults_are_served_in_order(fake: FakeGitHub) -> None:
    fake.fail_next(1, 403, retry_after=1, secondary=True)
    fake.fail_next(1, 502)
    status, body, headers = call(fake, "GET", "/repos/acme/orders/pulls/7/files")
    assert status == 403 and headers["Retry-After"] == "1" and "secondary" in body["message"]
    assert call(fake, "GET", "/repos/acme/orders/pulls/7/files")[0] == 502
    assert call(fake, "GET", "/repos/acme/orders/pulls/7/files")[0] == 200


def test_ghes_prefix(tmp_path: Any) -> None:
    with FakeGitHub(prefix="/api/v3") as server:
        server.add_pull(1)
        assert server.url.endswith("/api/v3")
        assert call(server, "GET", "/repos/acme/orders/pulls/1")[0] == 200
        assert call(server, "GET", server.url.removesuffix("/api/v3")
                    + "/repos/acme/orders/pulls/1")[0] == 404


@pytest.mark.parametrize(("method", "url", "body", "reason"), [
    ("POST", "/repos/acme/orders/pulls/7/comments",
     {"body": "x", "path": "api/openapi.yaml", "line": 3, "side": "RIGHT"},
     "'commit_id' is a required property"),
    ("POST", "/repos/acme/orders/pulls/7/comments",
     {"body": "x", "commit_id": "a" * 40, "path": "api/openapi.yaml", "line": "3",
      "side": "RIGHT"}, "'3' is not of type 'integer'"),
    ("POST", "/repos/acme/orders/pulls/7/comments",
     {"body": "x", "commit_id": "a" * 40, "path": "api/openapi.yaml", "line": 3,
      "side": "right"}, "'right' is not one of ['LEFT', 'RIGHT']"),
    ("POST", "/repos/acme/orders/issues/7/comments", {"text": "x"},
     "'body' is a required property"),
    ("PATCH", "/repos/acme/orders/issues/comments/12", {"body": 5}, "5 is not of type"),
    ("GET", "/repos/acme/orders/issues/7/comments?perpage=100", None,
     "unknown query parameter 'perpage'"),
    ("GET", "/repos/acme/orders/pulls/7/files?page=two", None, "'two' is not an integer"),
    ("GET", "/repos/acme/orders/pulls/seven/files", None, "'seven' is not an integer"),
    ("PUT", "/repos/acme/orders/issues/comments/12", {"body": "x"}, "no operation PUT"),
])
def test_requests_are_validated_against_githubs_openapi(
        fake: FakeGitHub, method: str, url: str, body: Any, reason: str) -> None:
    if load_validator() is None:
        pytest.skip(SKIP_REASON)
    status, answer, _ = call(fake, method, url, body)
    assert status == 422
    assert any(reason in e for e in answer["errors"]), answer
    assert len(fake.invalid) == 1 and reason in fake.invalid[0]


def test_the_description_is_the_pinned_one() -> None:
    validator = load_validator()
    if validator is None:
        pytest.skip(SKIP_REASON)
    assert validator.version == "23.0.2"
    assert len(validator.operations) == 10


def test_what_the_fake_serves_matches_githubs_response_schemas(fake: FakeGitHub) -> None:
    """The fake's objects use GitHub's field names and types (checked against the 2xx
    response schemas), so the provider is not written against an invented API."""
    validator = load_validator()
    if validator is None:
        pytest.skip(SKIP_REASON)
    fake.seed_issue_comments(7, ["hello"])
    review = {"body": "x", "commit_id": "a" * 40, "path": "api/openapi.yaml", "line": 3,
              "side": "RIGHT"}
    created = call(fake, "POST", "/repos/acme/orders/pulls/7/comments", review)[1]
    fake.push(7, "d" * 40, [{"filename": "api/openapi.yaml", "status": "modified",
                             "patch": "@@ -1 +1 @@\n-a\n+A"}])  # the comment is outdated now
    served = {
        ("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments"):
            call(fake, "GET", "/repos/acme/orders/issues/7/comments")[1],
        ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/comments"): created,
        ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/comments"):
            call(fake, "GET", "/repos/acme/orders/pulls/7/comments")[1],
        ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files"):
            call(fake, "GET", "/repos/acme/orders/pulls/7/files")[1],
        ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}"):
            call(fake, "GET", "/repos/acme/orders/pulls/7")[1],
    }
    assert served[("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/comments")][0]["line"] \
        is None
    for (method, template), body in served.items():
        assert validator.check_response(method, template, body) == [], (method, template)
    # and the check has teeth
    assert validator.check_response(
        "GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files",
        [{"filename": "a", "status": "edited", "patchh": ""}]) != []


def test_files_from_git_is_githubs_file_list_of_a_real_diff(tmp_path: Any) -> None:
    """Statuses, renames (new name, previous_filename), no patch for a binary file."""
    import subprocess

    from .fake_github import files_from_git

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True,
                              text=True).stdout.strip()

    git("init", "-q", "-b", "main")
    git("config", "user.email", "a@example.com")
    git("config", "user.name", "a")
    body = "".join(f"line {i}\n" for i in range(1, 30))
    (tmp_path / "old.yaml").write_text(body)
    (tmp_path / "gone.yaml").write_text("x: 1\n")
    (tmp_path / "edit.yaml").write_text("a: 1\nb: 2\n")
    git("add", "-A")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD")
    git("mv", "old.yaml", "new.yaml")
    (tmp_path / "new.yaml").write_text(body.replace("line 20\n", "line twenty\n"))
    git("rm", "-q", "gone.yaml")
    (tmp_path / "edit.yaml").write_text("a: 1\nb: 3\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    git("add", "-A")
    git("commit", "-qm", "head")
    files = {f["filename"]: f for f in files_from_git(tmp_path, base, "HEAD")}
    assert {k: f["status"] for k, f in files.items()} == {
        "new.yaml": "renamed", "gone.yaml": "removed", "edit.yaml": "modified",
        "logo.png": "added"}
    assert files["new.yaml"]["previous_filename"] == "old.yaml"
    assert commentable_lines(files["new.yaml"]["patch"])["RIGHT"] >= {20}
    assert files["edit.yaml"]["patch"] == "@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n+b: 3"
    assert "patch" not in files["logo.png"]


def test_a_body_over_githubs_limit_is_422(fake: FakeGitHub) -> None:
    url = "/repos/acme/orders/issues/7/comments"
    assert call(fake, "POST", url, {"body": "x" * 65_536})[0] == 201
    status, body, _ = call(fake, "POST", url, {"body": "x" * 65_537})
    assert status == 422 and "body is too long" in body["errors"][0]["message"]
