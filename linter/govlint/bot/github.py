"""The GitHub provider: a pull request's issue comments (the summary) and review comments
(inline findings) through the REST API, on :class:`govlint.bot.http.Client`.

GitHub's REST API cannot resolve a review thread (only GraphQL's ``resolveReviewThread``
can, a second API for one call), so a fixed finding's comment is *edited* to say so; the
edit carries :data:`FIXED_MARKER`, which is how the next run sees it as closed. Changed
lines come from each file's ``patch`` in ``GET /pulls/{n}/files``; GitHub leaves ``patch``
out for binary and very large diffs, whose findings are then summary-only (GitHub would
answer 422 to a comment there anyway).

Writes are paced: GitHub asks integrations to wait at least a second between POST/PATCH
requests (its secondary rate limits trip otherwise, typically on a burst of review
comments); ``GOVLINT_GITHUB_WRITE_INTERVAL`` (seconds, default 1) changes it.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govlint.bot.http import ApiError, Client
from govlint.bot.model import Comment, Thread

API_VERSION = "2022-11-28"
DEFAULT_API_URL = "https://api.github.com"
FIXED_MARKER = "<!-- govlint:fixed -->"
ACTIONS_LOGIN = "github-actions[bot]"  # who GITHUB_TOKEN posts as
MAX_EVENT_BYTES = 32 * 1024 * 1024  # a pull_request event is a few hundred KB at most
MAX_PATCH_LINES = 200_000
REPO_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
SHA_RE = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_HUNK = re.compile(r"@@ -\d{1,10}(?:,\d{1,10})? \+(\d{1,10})(?:,\d{1,10})? @@")


@dataclass(frozen=True)
class GitHubTarget:
    """Which pull request to comment on, from the Actions environment and flags."""

    api_url: str
    repo: str  # owner/name
    pr: int
    head_sha: str | None  # None: read from the API (a PR number given by flag)


def target_from_env(env: Mapping[str, str], *, api_url: str | None = None,
                    repo: str | None = None, pr: int | None = None) -> GitHubTarget | None:
    """The pull request this GitHub Actions job runs for, flags overriding the environment
    (``GITHUB_API_URL``, ``GITHUB_REPOSITORY``, ``GITHUB_EVENT_PATH``); ``None`` when the job
    is not for a pull request (a push, a schedule). A malformed value is a
    :class:`GovlintError` naming it."""
    from govlint.errors import GovlintError

    head_sha = None
    if pr is None:
        event = _read_event(env.get("GITHUB_EVENT_PATH", ""))
        found = _pull_request_of(event) if event is not None else None
        if found is None:
            return None
        pr, head_sha = found
    repo = repo or env.get("GITHUB_REPOSITORY", "")
    if not repo:
        raise GovlintError("no repository: set GITHUB_REPOSITORY (owner/name) or --repo")
    if not REPO_RE.fullmatch(repo):
        raise GovlintError(f"repository {repo!r} is not owner/name")
    api_url = (api_url or env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
    if not re.match(r"https?://[^/\s]+", api_url):
        from govlint.bot.context import safe_url

        raise GovlintError(f"API URL {safe_url(api_url)!r} is not an http(s) URL")
    return GitHubTarget(api_url, repo, pr, head_sha)


def _read_event(path: str) -> Any:
    """The webhook payload Actions wrote for this run (``None`` when there is none)."""
    from govlint.errors import GovlintError

    if not path:
        return None
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_EVENT_BYTES + 1)
    except OSError as exc:
        raise GovlintError(f"GITHUB_EVENT_PATH {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_EVENT_BYTES:
        raise GovlintError(f"GITHUB_EVENT_PATH {path}: larger than {MAX_EVENT_BYTES} bytes")
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise GovlintError(f"GITHUB_EVENT_PATH {path}: not JSON ({exc})") from None


def _pull_request_of(event: Any) -> tuple[int, str | None] | None:
    """(number, head sha) of the event's pull request; an ``issue_comment`` on a pull
    request has the number only."""
    if not isinstance(event, dict):
        return None
    pull = event.get("pull_request")
    if isinstance(pull, dict) and _is_number(pull.get("number")):
        head = pull.get("head")
        sha = head.get("sha") if isinstance(head, dict) else None
        return pull["number"], sha if isinstance(sha, str) and SHA_RE.fullmatch(sha) else None
    issue = event.get("issue")
    if isinstance(issue, dict) and issue.get("pull_request") and _is_number(issue.get("number")):
        return issue["number"], None
    return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def client_for(target: GitHubTarget, token: str, *, dry_run: bool = False) -> Client:
    """A client sending what GitHub asks of REST callers (versioned media type)."""
    return Client(target.api_url, token=token, token_header="Authorization",
                  token_prefix="Bearer ", dry_run=dry_run,
                  headers={"Accept": "application/vnd.github+json",
                           "X-GitHub-Api-Version": API_VERSION})


def added_lines(patch: str) -> frozenset[int]:
    """New-side line numbers a unified ``patch`` adds (``+`` lines; context is unchanged)."""
    lines: set[int] = set()
    new = 0
    in_hunk = False
    for count, line in enumerate(patch.split("\n")):
        if count > MAX_PATCH_LINES:
            break
        m = _HUNK.match(line)
        if m:
            new, in_hunk = int(m.group(1)), True
        elif not in_hunk or line.startswith("\\"):  # "\ No newline at end of file"
            continue
        elif line.startswith("+"):
            lines.add(new)
            new += 1
        elif line.startswith(" ") or line == "":
            new += 1
    return frozenset(lines)


class GitHubProvider:
    """One pull request. Review comments are made on the RIGHT side at the head commit."""

    name = "github"

    def __init__(self, client: Client, repo: str, pr: int, head_sha: str | None = None) -> None:
        self.client = client
        self.base = f"repos/{repo}"
        self.pr = pr
        self._head_sha = head_sha
        self._login: str | None = None
        self.write_interval = _interval()
        self._last_write: float | None = None
        self.clock = time.monotonic

    def changed_lines(self) -> dict[str, frozenset[int]]:
        changed: dict[str, frozenset[int]] = {}
        for f in self.client.paginate(f"{self.base}/pulls/{self.pr}/files"):
            if not isinstance(f, dict) or not isinstance(f.get("filename"), str):
                continue
            if f.get("status") == "removed":
                continue
            patch = f.get("patch")
            changed[f["filename"]] = added_lines(patch) if isinstance(patch, str) \
                else frozenset()
        return changed

    def login(self) -> str:
        """Who the token posts as, so that only the bot's own comments are taken for its
        (anyone can type a marker). ``GOVLINT_GITHUB_BOT_LOGIN`` if set, else ``GET /user``
        (a personal or user token), else ``github-actions[bot]``: GET /user answers 401/403
        to installation tokens (``GITHUB_TOKEN``, GitHub Apps)."""
        if self._login is None:
            login = os.environ.get("GOVLINT_GITHUB_BOT_LOGIN", "").strip()
            if not login:
                found = (self.client.whoami("user") or {}).get("login")
                login = found if isinstance(found, str) and found else ACTIONS_LOGIN
            self._login = login
        return self._login

    def _mine(self, c: Any) -> bool:
        user = c.get("user") if isinstance(c, dict) else None
        return isinstance(user, dict) and user.get("login") == self.login()

    def comments(self) -> list[Comment]:
        return [Comment(str(c["id"]), _text(c.get("body")))
                for c in self.client.paginate(f"{self.base}/issues/{self.pr}/comments")
                if isinstance(c, dict) and _is_number(c.get("id")) and self._mine(c)]

    def create_comment(self, body: str) -> None:
        self._pace()
        self.client.request("POST", f"{self.base}/issues/{self.pr}/comments",
                            json={"body": body})

    def update_comment(self, comment: Comment, body: str) -> None:
        self._pace()
        self.client.request("PATCH", f"{self.base}/issues/comments/{_id(comment.id)}",
                            json={"body": body})

    def delete_comment(self, comment: Comment) -> None:
        self._pace()
        self.client.request("DELETE", f"{self.base}/issues/comments/{_id(comment.id)}")

    def threads(self) -> list[Thread]:
        """Top-level review comments (a reply is someone answering, never the bot's own).
        ``line`` is ``None`` once GitHub marks the comment outdated."""
        threads = []
        for c in self.client.paginate(f"{self.base}/pulls/{self.pr}/comments"):
            if not isinstance(c, dict) or not _is_number(c.get("id")) \
                    or c.get("in_reply_to_id") or not self._mine(c):
                continue
            body = _text(c.get("body"))
            path = c.get("path")
            line = c.get("line")
            threads.append(Thread(str(c["id"]), body, path if isinstance(path, str) else None,
                                  line if _is_number(line) else None,
                                  FIXED_MARKER in body, FIXED_MARKER in body))
        return threads

    def create_thread(self, path: str, line: int, body: str) -> None:
        commit_id = self.head_sha()
        self._pace()
        self.client.request("POST", f"{self.base}/pulls/{self.pr}/comments", json={
            "body": body, "commit_id": commit_id, "path": path, "line": line,
            "side": "RIGHT"})

    def update_thread(self, thread: Thread, body: str) -> None:
        self._pace()
        self.client.request("PATCH", f"{self.base}/pulls/comments/{_id(thread.id)}",
                            json={"body": body})

    def close_thread(self, thread: Thread, body: str) -> None:
        if FIXED_MARKER not in body:
            body = f"{body}\n{FIXED_MARKER}"
        self._pace()
        self.client.request("PATCH", f"{self.base}/pulls/comments/{_id(thread.id)}",
                            json={"body": body})

    def _pace(self) -> None:
        """Wait until :attr:`write_interval` has passed since the previous write."""
        if self.client.dry_run:
            return
        now = self.clock()
        if self._last_write is not None:
            wait = self.write_interval - (now - self._last_write)
            if wait > 0:
                self.client.sleep(wait)
                now += wait
        self._last_write = now

    def current_head(self) -> str | None:
        """The pull request's head commit now, asked every time (the event's may be old)."""
        pull = self.client.request("GET", f"{self.base}/pulls/{self.pr}").json()
        head = pull.get("head") if isinstance(pull, dict) else None
        sha = head.get("sha") if isinstance(head, dict) else None
        return sha if isinstance(sha, str) and SHA_RE.fullmatch(sha) else None

    def head_sha(self) -> str:
        """The pull request's head commit (from the event, else asked once)."""
        if self._head_sha is None:
            pull = self.client.request("GET", f"{self.base}/pulls/{self.pr}").json()
            if self.client.dry_run:
                return "HEAD_SHA"
            head = pull.get("head") if isinstance(pull, dict) else None
            sha = head.get("sha") if isinstance(head, dict) else None
            if not isinstance(sha, str) or not SHA_RE.fullmatch(sha):
                raise ApiError(f"GET pull request #{self.pr}: no head commit in the answer")
            self._head_sha = sha
        return self._head_sha


def _interval() -> float:
    from govlint.errors import GovlintError

    raw = os.environ.get("GOVLINT_GITHUB_WRITE_INTERVAL", "").strip()
    if not raw:
        return 1.0
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise GovlintError(f"GOVLINT_GITHUB_WRITE_INTERVAL={raw!r} is not a number")
    return min(max(value, 0.0), 60.0)


def _id(value: str) -> str:
    """A comment id as it goes into a URL path (GitHub's are integers)."""
    if not re.fullmatch(r"[0-9]{1,20}", value):
        raise ApiError(f"comment id {value!r} is not a GitHub comment id")
    return value

