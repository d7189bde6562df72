"""A stateful fake of the GitHub REST endpoints the comment bot uses, on 127.0.0.1:0.

It keeps state the way api.github.com does: issue comments and pull request review comments
with ids, authors and timestamps; the pull request's files with their unified ``patch``
(absent for binary or too-large files); pagination with ``per_page`` (default 30, capped at
100) and ``Link`` headers whose URLs point at ``/repositories/<id>/...`` as GitHub's do (a
client must follow them verbatim); 422 for a review comment on a line outside the diff or on
a commit that is not the pull request's, or a body over 65,536 characters; 401 without the
right ``Authorization: Bearer``.
Faults are injected with :meth:`FakeGitHub.fail_next` (429 or a 403 secondary rate limit
with ``Retry-After``, 5xx).

Every request is checked against GitHub's published OpenAPI description (npm
``@octokit/openapi``, ``generated/api.github.com.json``) when it is installed: the operation
is found by method and path template, and its path and query parameters and JSON body are
validated with ``jsonschema``. An invalid request gets a 422 and is recorded in
:attr:`FakeGitHub.invalid`, which the ``github`` fixture asserts is empty at teardown, so
a request GitHub would reject fails the test. Stricter than GitHub in one respect: unknown
query parameters and body properties are invalid (GitHub ignores them silently, which is
how a misspelt ``per_page`` goes unnoticed).
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

OPENAPI_VERSION = "23.0.2"
OPENAPI_RELATIVE = Path("node_modules/@octokit/openapi/generated/api.github.com.json")

# The operations the bot uses: (method, path template).
OPERATIONS = [
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}"),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files"),
    ("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
    ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
    ("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}"),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/comments"),
    ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/comments"),
    ("PATCH", "/repos/{owner}/{repo}/pulls/comments/{comment_id}"),
    ("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}"),
    ("GET", "/user"),
]

MAX_BODY = 65_536  # characters GitHub accepts in a comment body (422 beyond)
SECONDARY_RATE_LIMIT = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
)


# --------------------------------------------------------------------------- OpenAPI


def openapi_path() -> Path | None:
    """Where ``.ci/run`` (``$GOVLINT_TOOLS``) or a developer installed @octokit/openapi."""
    roots = [Path(os.environ["GOVLINT_TOOLS"])] if os.environ.get("GOVLINT_TOOLS") else []
    roots += [Path.home() / ".cache" / "govlint-tools", Path("/work/tools")]
    for root in roots:
        if (root / OPENAPI_RELATIVE).is_file():
            return root / OPENAPI_RELATIVE
    return None


SKIP_REASON = (
    "GitHub's OpenAPI description is not installed (npm install --prefix $GOVLINT_TOOLS "
    f"@octokit/openapi@{OPENAPI_VERSION}; .ci/run does this)"
)


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "$")


@dataclass
class Operation:
    method: str
    template: str
    regex: re.Pattern[str]
    path_params: dict[str, dict[str, Any]]
    query_params: dict[str, dict[str, Any]]
    body_schema: dict[str, Any] | None
    body_required: bool


class OpenApiValidator:
    """The few operations the bot uses, out of GitHub's 13 MB description (loaded once)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.version = str(spec.get("info", {}).get("version"))
        self.operations: list[Operation] = []
        self.responses: dict[tuple[str, str], Any] = {}
        for method, template in OPERATIONS:
            op = spec["paths"][template][method.lower()]
            params = [_resolve(spec, p) for p in op.get("parameters", [])]
            body = op.get("requestBody")
            body = _resolve(spec, body) if body else None
            schema = None
            if body:
                schema = _openapi_to_jsonschema(
                    _resolve(spec, body["content"]["application/json"]["schema"]))
            self.operations.append(Operation(
                method, template, _template_regex(template),
                {p["name"]: p for p in params if p["in"] == "path"},
                {p["name"]: p for p in params if p["in"] == "query"},
                schema, bool(body and body.get("required")),
            ))
            for status, response in op.get("responses", {}).items():
                content = _resolve(spec, response).get("content", {})
                if status.startswith("2") and "application/json" in content:
                    self.responses[(method, template)] = _response_schema(
                        _resolve(spec, content["application/json"]["schema"]))

    def validate(self, method: str, path: str, query: dict[str, list[str]],
                 body: Any, has_body: bool) -> list[str]:
        """The reasons GitHub's description rejects this request (empty: valid)."""
        import jsonschema

        for op in self.operations:
            match = op.regex.match(path)
            if op.method != method or not match:
                continue
            errors = []
            for name, value in match.groupdict().items():
                errors += _check_param(op.path_params[name], value, "path")
            for name, values in query.items():
                if name not in op.query_params:
                    errors.append(f"unknown query parameter {name!r} for {method} {op.template}")
                    continue
                if len(values) > 1:
                    errors.append(f"query parameter {name!r} given {len(values)} times")
                errors += _check_param(op.query_params[name], values[0], "query")
            if op.body_schema is None:
                if has_body:
                    errors.append(f"{method} {op.template} takes no request body")
            elif not has_body:
                if op.body_required:
                    errors.append(f"{method} {op.template} requires a JSON request body")
            else:
                validator = jsonschema.Draft4Validator(op.body_schema)
                errors += [f"body{''.join(f'[{p!r}]' for p in e.absolute_path)}: {e.message}"
                           for e in validator.iter_errors(body)]
            return errors
        return [f"no operation {method} {path} in GitHub's description"]


    def check_response(self, method: str, template: str, body: Any) -> list[str]:
        """Where a body the fake serves differs from GitHub's description of the response:
        a property GitHub does not have, or a value of another type. Only what the fake
        emits is checked (it leaves out most URLs), see :func:`_response_schema`."""
        import jsonschema

        validator = jsonschema.Draft4Validator(self.responses[(method, template)])
        return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]


# Known inaccuracies of GitHub's description: an outdated review comment has ``line`` and
# ``position`` null (github/rest-api-description#1901, #5568).
_NULLABLE_IN_PRACTICE = {"line", "position", "original_position"}


def _response_schema(schema: Any, key: str = "") -> Any:
    """A response schema for :meth:`OpenApiValidator.check_response`: closed objects, no
    ``required``, and the known nullable fields nullable."""
    if isinstance(schema, list):
        return [_response_schema(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: (v if k == "enum" else
               {name: _response_schema(sub, name) for name, sub in v.items()}
               if k == "properties" else _response_schema(v))
           for k, v in schema.items() if k != "required"}
    if key in _NULLABLE_IN_PRACTICE:
        out["nullable"] = True
    return _openapi_to_jsonschema(out)


def _resolve(spec: dict[str, Any], node: Any, depth: int = 0) -> Any:
    """Inline ``#/components/...`` references (the bodies used here are small and acyclic)."""
    if depth > 20:
        raise ValueError("reference chain too deep")
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            return _resolve(spec, target, depth + 1)
        return {k: _resolve(spec, v, depth + 1) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(spec, v, depth + 1) for v in node]
    return node


def _openapi_to_jsonschema(schema: Any) -> Any:
    """OpenAPI 3.0 schema -> JSON Schema draft 4: ``nullable``; objects closed (see module doc)."""
    if isinstance(schema, list):
        return [_openapi_to_jsonschema(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: ({name: _openapi_to_jsonschema(sub) for name, sub in v.items()}
               if k == "properties" and isinstance(v, dict) else _openapi_to_jsonschema(v))
           for k, v in schema.items()
           if k not in ("nullable", "example", "examples", "deprecated", "x-github",
                        "description")}
    if schema.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    if out.get("type") == "object" and "properties" in out:
        out.setdefault("additionalProperties", False)
    return out


def _check_param(param: dict[str, Any], raw: str, where: str) -> list[str]:
    import jsonschema

    schema = param.get("schema", {})
    value: Any = raw
    if schema.get("type") == "integer":
        if not re.fullmatch(r"-?\d{1,19}", raw):
            return [f"{where} parameter {param['name']!r}: {raw!r} is not an integer"]
        value = int(raw)
    elif schema.get("type") == "boolean":
        if raw not in ("true", "false"):
            return [f"{where} parameter {param['name']!r}: {raw!r} is not a boolean"]
        value = raw == "true"
    return [f"{where} parameter {param['name']!r}: {e.message}"
            for e in jsonschema.Draft4Validator(_openapi_to_jsonschema(schema)).iter_errors(value)]


@lru_cache(maxsize=1)
def load_validator() -> OpenApiValidator | None:
    """Parse the description once per test session (orjson: ~0.3 s) and keep 8 operations."""
    import orjson

    path = openapi_path()
    if path is None:
        return None
    return OpenApiValidator(orjson.loads(path.read_bytes()))


# --------------------------------------------------------------------------- diff lines


HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def commentable_lines(patch: str) -> dict[str, set[int]]:
    """Lines of a unified ``patch`` a review comment may target, by side (GitHub's rule:
    RIGHT = added and context lines of the new file, LEFT = deleted and context lines)."""
    sides: dict[str, set[int]] = {"LEFT": set(), "RIGHT": set()}
    old = new = 0
    for line in patch.split("\n"):
        m = HUNK.match(line)
        if m:
            old, new = int(m.group(1)), int(m.group(3))
            continue
        if line.startswith("+"):
            sides["RIGHT"].add(new)
            new += 1
        elif line.startswith("-"):
            sides["LEFT"].add(old)
            old += 1
        elif line.startswith(" "):
            sides["LEFT"].add(old)
            sides["RIGHT"].add(new)
            old += 1
            new += 1
    return sides


# --------------------------------------------------------------------------- state


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]
    status: int = 0


@dataclass
class Pull:
    number: int
    head_sha: str
    base_sha: str
    files: list[dict[str, Any]]
    shas: set[str] = field(default_factory=set)
    issue_comments: list[dict[str, Any]] = field(default_factory=list)
    review_comments: list[dict[str, Any]] = field(default_factory=list)


class FakeGitHub:
    """The fake server. Use as a context manager; ``url`` is the ``GITHUB_API_URL``."""

    def __init__(self, *, owner: str = "acme", repo: str = "orders", token: str = "ghs_fake",
                 bot_login: str = "github-actions[bot]", prefix: str = "",
                 validate: bool = True, user_token: bool = False) -> None:
        self.owner, self.repo, self.token, self.bot_login = owner, repo, token, bot_login
        # GITHUB_TOKEN and app tokens are installation tokens: GET /user answers 403 to
        # them; a personal token (user_token=True) gets its user there.
        self.user_token = user_token
        self.repo_id = 418_000_123
        self.prefix = prefix.rstrip("/")
        self.validator = load_validator() if validate else None
        self.pulls: dict[int, Pull] = {}
        self.requests: list[Recorded] = []
        self.invalid: list[str] = []
        self.faults: deque[tuple[int, dict[str, str], dict[str, Any]]] = deque()
        self._next_id = 1_000_000
        self._clock = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle
    def __enter__(self) -> FakeGitHub:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}{self.prefix}"

    # ---- scenario set-up
    def add_pull(self, number: int, *, head_sha: str = "a" * 40, base_sha: str = "b" * 40,
                 files: list[dict[str, Any]] | None = None) -> Pull:
        pull = Pull(number, head_sha, base_sha, list(files or []), {head_sha})
        self.pulls[number] = pull
        return pull

    def push(self, number: int, head_sha: str, files: list[dict[str, Any]]) -> None:
        """A new head: review comments whose line left the diff become outdated (line null)."""
        pull = self.pulls[number]
        pull.head_sha, pull.files = head_sha, list(files)
        pull.shas.add(head_sha)
        for c in pull.review_comments:
            lines = self._commentable(pull, c["path"]).get(c["side"] or "RIGHT", set())
            if c["line"] not in lines:
                c["line"] = c["position"] = None

    def seed_issue_comments(self, number: int, bodies: list[str], login: str = "alice") -> None:
        for body in bodies:
            self.pulls[number].issue_comments.append(self._issue_comment(number, body, login))

    def fail_next(self, n: int, status: int = 500, *, retry_after: int | None = None,
                  secondary: bool = False, reset_in: int | None = None) -> None:
        """The next ``n`` requests get ``status`` (a secondary rate limit is a 403; with
        ``reset_in`` seconds, the primary limit: ``x-ratelimit-remaining: 0`` and the
        reset time, no ``Retry-After``, as GitHub answers an exhausted token)."""
        headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
        if reset_in is not None:
            import time

            headers.update({"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0",
                            "x-ratelimit-used": "5000", "x-ratelimit-resource": "core",
                            "x-ratelimit-reset": str(int(time.time()) + reset_in)})
            body = {"message": "API rate limit exceeded for installation ID 1.",
                    "documentation_url": "https://docs.github.com/rest/overview/"
                                         "rate-limits-for-the-rest-api"}
        elif secondary:
            body = {"message": SECONDARY_RATE_LIMIT,
                    "documentation_url": "https://docs.github.com/rest/using-the-rest-api/"
                                         "rate-limits-for-the-rest-api#about-secondary-rate-limits"}
        elif status == 429:
            body = {"message": "API rate limit exceeded"}
        else:
            body = {"message": "Server Error"}
        for _ in range(n):
            self.faults.append((status, headers, body))

    # ---- views for assertions
    def issue_comments(self, number: int) -> list[dict[str, Any]]:
        return self.pulls[number].issue_comments

    def review_comments(self, number: int) -> list[dict[str, Any]]:
        return self.pulls[number].review_comments

    def writes(self) -> list[Recorded]:
        return [r for r in self.requests if r.method != "GET"]

    # ---- internals
    def _id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _now(self) -> str:
        self._clock += 1
        return f"2026-12-03T10:{self._clock // 60 % 60:02d}:{self._clock % 60:02d}Z"

    def _user(self, login: str) -> dict[str, Any]:
        return {"login": login, "id": abs(hash(login)) % 10**8,
                "type": "Bot" if login.endswith("[bot]") else "User"}

    def _issue_comment(self, number: int, body: str, login: str) -> dict[str, Any]:
        cid, now = self._id(), self._now()
        return {"id": cid, "node_id": f"IC_{cid}", "body": body, "user": self._user(login),
                "created_at": now, "updated_at": now, "author_association": "NONE",
                "html_url": f"https://github.com/{self.owner}/{self.repo}/pull/{number}"
                            f"#issuecomment-{cid}",
                "issue_url": f"{self.url}/repos/{self.owner}/{self.repo}/issues/{number}"}

    def _commentable(self, pull: Pull, path: str) -> dict[str, set[int]]:
        for f in pull.files:
            if f["filename"] == path and f.get("patch") is not None:
                return commentable_lines(f["patch"])
        return {}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGitHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = b"" if status == 204 else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-GitHub-Media-Type", "github.v3; format=json")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        fake = self.fake
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        query = parse_qs(parts.query, keep_blank_values=True)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            self._send(400, {"message": "Problems parsing JSON"})
            return
        path = parts.path
        with fake._lock:
            headers = {k.lower(): v for k, v in self.headers.items()}
            rec = Recorded(method, path, query, body, headers)
            fake.requests.append(rec)
            status, payload, headers = self._dispatch(method, path, query, body, bool(raw))
            rec.status = status
        self._send(status, payload, headers)

    def _dispatch(self, method: str, path: str, query: dict[str, list[str]], body: Any,
                  has_body: bool) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        if fake.prefix:
            if not path.startswith(fake.prefix + "/"):
                return 404, {"message": "Not Found"}, {}
            path = path[len(fake.prefix):]
        # GitHub's pagination links use the repository's id; map them to the named route.
        path = re.sub(rf"^/repositories/{fake.repo_id}/", f"/repos/{fake.owner}/{fake.repo}/",
                      path)
        if self.headers.get("Authorization") != f"Bearer {fake.token}":
            return 401, {"message": "Bad credentials",
                         "documentation_url": "https://docs.github.com/rest"}, {}
        if fake.faults:
            status, headers, payload = fake.faults.popleft()
            return status, payload, headers
        if isinstance(body, dict) and isinstance(body.get("body"), str) \
                and len(body["body"]) > MAX_BODY:
            return 422, {"message": "Validation Failed", "errors": [
                {"resource": "IssueComment", "code": "custom", "field": "body",
                 "message": f"body is too long (maximum is {MAX_BODY} characters)"}]}, {}
        if fake.validator is not None:
            errors = fake.validator.validate(method, path, query, body, has_body)
            if errors:
                fake.invalid.append(f"{method} {path}: " + "; ".join(errors))
                return 422, {"message": "Invalid request.", "errors": errors}, {}
        return self._route(method, path, query, body)

    def _route(self, method: str, path: str, query: dict[str, list[str]],
               body: Any) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        repo = f"/repos/{fake.owner}/{fake.repo}"
        if path == "/user" and method == "GET":
            if not fake.user_token:
                return 403, {"message": "Resource not accessible by integration",
                             "documentation_url": "https://docs.github.com/rest/users/users"
                                                  "#get-the-authenticated-user"}, {}
            return 200, fake._user(fake.bot_login), {}
        if not path.startswith(repo + "/"):
            return 404, {"message": "Not Found"}, {}
        rest = path[len(repo):]
        m = re.fullmatch(r"/(pulls|issues)/(\d+)(/files|/comments)?", rest)
        if m:
            pull = fake.pulls.get(int(m.group(2)))
            if pull is None:
                return 404, {"message": "Not Found"}, {}
            kind, sub = m.group(1), m.group(3)
            if kind == "pulls" and sub is None and method == "GET":
                return 200, {"number": pull.number, "state": "open",
                             "head": {"sha": pull.head_sha}, "base": {"sha": pull.base_sha}}, {}
            if kind == "pulls" and sub == "/files" and method == "GET":
                return self._page(path, query, pull.files)
            if kind == "issues" and sub == "/comments":
                if method == "GET":
                    return self._page(path, query, pull.issue_comments)
                if method == "POST":
                    c = fake._issue_comment(pull.number, body["body"], fake.bot_login)
                    pull.issue_comments.append(c)
                    return 201, c, {}
            if kind == "pulls" and sub == "/comments":
                if method == "GET":
                    return self._page(path, query, pull.review_comments)
                if method == "POST":
                    return self._create_review_comment(pull, body)
            return 404, {"message": "Not Found"}, {}
        m = re.fullmatch(r"/issues/comments/(\d+)", rest)
        if m and method == "DELETE":
            for p in fake.pulls.values():
                for c in p.issue_comments:
                    if c["id"] == int(m.group(1)):
                        if c["user"]["login"] != fake.bot_login:
                            return 403, {"message": "Resource not accessible by integration"}, {}
                        p.issue_comments.remove(c)
                        return 204, None, {}
            return 404, {"message": "Not Found"}, {}
        m = re.fullmatch(r"/(pulls|issues)/comments/(\d+)", rest)
        if m and method == "PATCH":
            cid = int(m.group(2))
            pools = [p.issue_comments if m.group(1) == "issues" else p.review_comments
                     for p in fake.pulls.values()]
            for pool in pools:
                for c in pool:
                    if c["id"] == cid:
                        if c["user"]["login"] != fake.bot_login:  # only the author edits
                            return 403, {"message": "Resource not accessible by integration"}, {}
                        c["body"], c["updated_at"] = body["body"], fake._now()
                        return 200, c, {}
            return 404, {"message": "Not Found"}, {}
        return 404, {"message": "Not Found"}, {}

    def _create_review_comment(self, pull: Pull, body: dict[str, Any]) -> tuple[int, Any, dict]:
        fake = self.fake
        if body.get("commit_id") not in pull.shas:
            return 422, {"message": "Validation Failed", "errors": [
                {"resource": "PullRequestReviewComment", "code": "custom", "field": "commit_id",
                 "message": "commit_id is not part of the pull request"}]}, {}
        side = body.get("side", "RIGHT")
        line = body.get("line")
        if line is None or line not in fake._commentable(pull, body["path"]).get(side, set()):
            return 422, {"message": "Validation Failed", "errors": [
                {"resource": "PullRequestReviewComment", "code": "custom",
                 "field": "pull_request_review_thread.line",
                 "message": "could not be resolved"}],
                "documentation_url": "https://docs.github.com/rest/pulls/comments"
                                     "#create-a-review-comment-for-a-pull-request"}, {}
        cid, now = fake._id(), fake._now()
        comment = {"id": cid, "node_id": f"PRRC_{cid}", "pull_request_review_id": fake._id(),
                   "body": body["body"], "path": body["path"], "line": line,
                   "original_line": line, "side": side, "position": 1,
                   "commit_id": body["commit_id"], "original_commit_id": body["commit_id"],
                   "subject_type": "line", "user": fake._user(fake.bot_login),
                   "created_at": now, "updated_at": now, "author_association": "NONE",
                   "html_url": f"https://github.com/{fake.owner}/{fake.repo}/pull/"
                               f"{pull.number}#discussion_r{cid}"}
        pull.review_comments.append(comment)
        return 201, comment, {}

    def _page(self, path: str, query: dict[str, list[str]],
              items: list[dict[str, Any]]) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        per_page = min(int(query.get("per_page", ["30"])[0]), 100)
        page = max(int(query.get("page", ["1"])[0]), 1)
        last = max((len(items) + per_page - 1) // per_page, 1)
        chunk = items[(page - 1) * per_page: page * per_page]
        base = (f"http://{self.headers.get('Host')}{fake.prefix}"
                + path.replace(f"/repos/{fake.owner}/{fake.repo}/",
                               f"/repositories/{fake.repo_id}/", 1))
        links = []
        if page > 1:
            links.append(f'<{base}?per_page={per_page}&page={page - 1}>; rel="prev"')
        if page < last:
            links.append(f'<{base}?per_page={per_page}&page={page + 1}>; rel="next"')
            links.append(f'<{base}?per_page={per_page}&page={last}>; rel="last"')
        if page > 1:
            links.append(f'<{base}?per_page={per_page}&page=1>; rel="first"')
        return 200, chunk, ({"Link": ", ".join(links)} if links else {})


def files_from_git(repo: Path, base: str, head: str) -> list[dict[str, Any]]:
    """``GET /pulls/{n}/files`` for the real ``git diff base...head`` of ``repo``: one entry
    per file with GitHub's ``status`` and its ``patch`` (the hunks without the headers);
    binary files get no patch, as on GitHub."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                              text=True).stdout

    statuses = {"A": "added", "M": "modified", "D": "removed", "R": "renamed", "C": "copied",
                "T": "changed"}
    files = []
    fields = git("diff", "--name-status", "-M", "-z", f"{base}...{head}").split("\0")
    i = 0
    while i < len(fields) and fields[i]:
        code = fields[i]
        if code[0] in "RC":
            old, new, i = fields[i + 1], fields[i + 2], i + 3
        else:
            old = new = fields[i + 1]
            i += 2
        entry: dict[str, Any] = {"filename": new, "status": statuses.get(code[0], "modified")}
        if old != new:
            entry["previous_filename"] = old
        diff = git("diff", "-M", "--no-color", f"{base}...{head}", "--", old, new)
        if "@@" in diff and "\nBinary files " not in diff:
            entry["patch"] = diff[diff.index("\n@@") + 1:].rstrip("\n")
        files.append(entry)
    return files
